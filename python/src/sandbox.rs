//! The embedded Faspay sandbox (`faspay_sandbox::Sandbox`) for `faspay.testing`: started
//! in-process on a free port; every call that may wait (delivering notifications, waiting for
//! them, the OVO delay) runs with the GIL released, so a merchant server written in Python in
//! the same process keeps answering.

use crate::args::Arg;
use std::sync::RwLock;

use faspay::{AmountUnit, Error, Format, Operation};
use faspay_sandbox::{
    Delivery, Fault, FaultKind, ReceivedRequest, Sandbox, SandboxOptions, TransactionView,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use pyo3::types::PyDict;

use crate::amount::amount_to_py;
use crate::codes::status_to_py;
use crate::config::{int_arg, seconds};
use crate::errors::{ResultExt, invalid_field};
use crate::model::{quoted, repr_of};
use crate::sandbox_warning::SandboxWarning;

/// A running sandbox. `shutdown()` stops it; so does garbage collection.
#[pyclass(frozen, module = "faspay._native")]
pub struct SandboxServer {
    inner: RwLock<Option<Sandbox>>,
}

fn stopped() -> Error {
    Error::invalid("the sandbox was shut down")
}

impl SandboxServer {
    /// Runs `f` on the sandbox with the GIL released.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Sandbox) -> faspay::Result<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let guard = self.inner.read().map_err(|_| stopped())?;
            let sandbox = guard.as_ref().ok_or_else(stopped)?;
            f(sandbox)
        })
        .py()
    }
}

impl Drop for SandboxServer {
    /// Garbage collection stops the server too. Stopping joins its threads, which may be
    /// talking to a merchant server in this process that needs the GIL, so it is released.
    fn drop(&mut self) {
        let sandbox = self.inner.get_mut().ok().and_then(Option::take);
        if let Some(sandbox) = sandbox {
            Python::attach(|py| py.detach(|| sandbox.shutdown()));
        }
    }
}

/// A fault from its name and parameters (`"latency"` with `seconds`, `"server_error"` with
/// `status`, `"response_error"` with `code` and `desc`, the others bare).
/// A required integer argument: a `TypeError` when not an `int` (`None` and `bool` included),
/// a `ValidationError` on `name` when out of range for `T` (never pyo3's `OverflowError`).
fn required_int<T: TryFrom<i64> + Default>(name: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    if value.is_none() {
        return Err(crate::args::wrong_type(name, "an int", "NoneType"));
    }
    int_arg(name, Some(value), T::default())
}

/// An optional integer argument (`None` = not given), checked like [`required_int`].
fn optional_int<T: TryFrom<i64> + Default>(
    name: &str,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<T>> {
    value
        .filter(|v| !v.is_none())
        .map(|v| required_int(name, v))
        .transpose()
}

fn fault_kind(
    kind: &str,
    seconds_value: Option<f64>,
    status: Option<u16>,
    code: Option<String>,
    desc: Option<String>,
) -> PyResult<FaultKind> {
    Ok(match kind {
        "latency" => FaultKind::Latency(seconds("seconds", seconds_value.unwrap_or(1.0))?),
        "server_error" => FaultKind::ServerError(status.unwrap_or(500)),
        "html_page" => FaultKind::HtmlPage,
        "reset" => FaultKind::Reset,
        "truncated" => FaultKind::Truncated,
        "oversized_body" => FaultKind::OversizedBody,
        "response_error" => FaultKind::ResponseError {
            code: code.unwrap_or_else(|| "40".into()),
            desc: desc.unwrap_or_else(|| "Requested Function not Supported".into()),
        },
        other => {
            return Err(invalid_field(
                "kind",
                format!(
                    "unknown fault {other:?}; expected latency, server_error, html_page, reset, \
                     truncated, oversized_body or response_error"
                ),
            ));
        }
    })
}

#[pymethods]
impl SandboxServer {
    #[new]
    #[pyo3(
        signature = (
            *, merchant_id = Arg::ok(String::from("99999")), merchant_name = Arg::ok(String::from("Sophia Store")),
            user_id = Arg::ok(String::from("bot99999")), password = Arg::ok(String::from("p@ssw0rd")),
            host = Arg::ok(String::from("127.0.0.1")), port = None, threads = None, notify_url = None,
            notify_format = Arg::ok(String::from("json")), push_delay = Arg::ok(1.0),
            notify_retry_delay = Arg::ok(1.0), notify_max_retries = None,
            amount_unit = Arg::ok(String::from("sen")), return_url = None, strict = Arg::ok(false),
            unique_bill_no = Arg::ok(false),
        ),
        text_signature = "(*, merchant_id='99999', merchant_name='Sophia Store', user_id='bot99999', password='p@ssw0rd', host='127.0.0.1', port=None, threads=None, notify_url=None, notify_format='json', push_delay=1.0, notify_retry_delay=1.0, notify_max_retries=None, amount_unit='sen', return_url=None, strict=False, unique_bill_no=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn py_new(
        py: Python<'_>,
        merchant_id: Arg<String>,
        merchant_name: Arg<String>,
        user_id: Arg<String>,
        password: Arg<String>,
        host: Arg<String>,
        port: Option<&Bound<'_, PyAny>>,
        threads: Option<&Bound<'_, PyAny>>,
        notify_url: Option<Arg<String>>,
        notify_format: Arg<String>,
        push_delay: Arg<f64>,
        notify_retry_delay: Arg<f64>,
        notify_max_retries: Option<&Bound<'_, PyAny>>,
        amount_unit: Arg<String>,
        return_url: Option<Arg<String>>,
        strict: Arg<bool>,
        unique_bill_no: Arg<bool>,
    ) -> PyResult<SandboxServer> {
        let optional =
            |value: Option<Arg<String>>, name: &str| value.map(|v| v.get(name)).transpose();
        let (merchant_id, merchant_name) = (
            merchant_id.text("merchant_id")?,
            merchant_name.text("merchant_name")?,
        );
        let (user_id, password, host) = (
            user_id.text("user_id")?,
            password.text("password")?,
            host.text("host")?,
        );
        let notify_url = optional(notify_url, "notify_url")?;
        let notify_format = notify_format.text("notify_format")?;
        let push_delay = push_delay.get("push_delay")?;
        let notify_retry_delay = notify_retry_delay.get("notify_retry_delay")?;
        let amount_unit = amount_unit.text("amount_unit")?;
        let return_url = optional(return_url, "return_url")?;
        let (strict, unique_bill_no) =
            (strict.get("strict")?, unique_bill_no.get("unique_bill_no")?);
        // Integers: None = the default; a TypeError / ValidationError, never an OverflowError.
        let defaults = SandboxOptions::default();
        let options = SandboxOptions {
            merchant_id: merchant_id.into(),
            merchant_name: merchant_name.into(),
            user_id: user_id.into(),
            password: password.into(),
            host: host.into(),
            port: int_arg("port", port, 0)?,
            threads: int_arg("threads", threads, defaults.threads)?,
            notify_url,
            notify_format: Format::parse(notify_format).py()?,
            push_delay: seconds("push_delay", push_delay)?,
            notify_retry_delay: seconds("notify_retry_delay", notify_retry_delay)?,
            notify_max_retries: int_arg(
                "notify_max_retries",
                notify_max_retries,
                defaults.notify_max_retries,
            )?,
            amount_unit: AmountUnit::parse(amount_unit).py()?,
            return_url,
            strict,
            unique_bill_no,
        };
        let sandbox = py.detach(|| Sandbox::start(options)).py()?;
        Ok(SandboxServer {
            inner: RwLock::new(Some(sandbox)),
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[getter]
    fn base_url(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.base_url()))
    }
    #[getter]
    fn merchant_id(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.options().merchant_id))
    }
    #[getter]
    fn merchant_name(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.options().merchant_name))
    }
    #[getter]
    fn user_id(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.options().user_id))
    }
    /// What the command line prints on start: URL, merchant, credentials (the password only
    /// when it is Faspay's public sample one), notify URL and the OVO number rules.
    fn banner(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.banner()))
    }
    /// The sandbox password (Faspay's public sample value by default, not a secret).
    #[getter]
    fn password(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.options().password))
    }
    #[getter]
    fn notify_url(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.with(py, |s| Ok(s.options().notify_url))
    }
    #[setter]
    fn set_notify_url(&self, py: Python<'_>, url: Option<Arg<String>>) -> PyResult<()> {
        let url = url.map(|url| url.get("notify_url")).transpose()?;
        self.with(py, |s| {
            s.set_notify_url(url);
            Ok(())
        })
    }
    #[getter]
    fn notify_format(&self, py: Python<'_>) -> PyResult<&'static str> {
        self.with(py, |s| Ok(s.options().notify_format.as_str()))
    }
    #[setter]
    fn set_notify_format(&self, py: Python<'_>, format: Arg<String>) -> PyResult<()> {
        let format = Format::parse(format.text("notify_format")?).py()?;
        self.with(py, |s| {
            s.set_notify_format(format);
            Ok(())
        })
    }
    #[getter]
    fn push_delay(&self, py: Python<'_>) -> PyResult<f64> {
        self.with(py, |s| Ok(s.options().push_delay.as_secs_f64()))
    }
    #[setter]
    fn set_push_delay(&self, py: Python<'_>, delay: Arg<f64>) -> PyResult<()> {
        let delay = seconds("push_delay", delay.get("push_delay")?)?;
        self.with(py, |s| {
            s.set_push_delay(delay);
            Ok(())
        })
    }

    /// Strict mode: what the sandbox would accept with a warning is refused with the code of
    /// Faspay's docs.
    #[getter]
    fn strict(&self, py: Python<'_>) -> PyResult<bool> {
        self.with(py, |s| Ok(s.options().strict))
    }
    #[setter]
    fn set_strict(&self, py: Python<'_>, strict: Arg<bool>) -> PyResult<()> {
        let strict = strict.get("strict")?;
        self.with(py, |s| {
            s.set_strict(strict);
            Ok(())
        })
    }
    /// A reused `bill_no` is refused with 14 (otherwise accepted with a warning).
    #[getter]
    fn unique_bill_no(&self, py: Python<'_>) -> PyResult<bool> {
        self.with(py, |s| Ok(s.options().unique_bill_no))
    }
    #[setter]
    fn set_unique_bill_no(&self, py: Python<'_>, unique: Arg<bool>) -> PyResult<()> {
        let unique = unique.get("unique_bill_no")?;
        self.with(py, |s| {
            s.set_unique_bill_no(unique);
            Ok(())
        })
    }
    /// Everything accepted that Faspay's docs would refuse, oldest first.
    fn warnings(&self, py: Python<'_>) -> PyResult<Vec<SandboxWarning>> {
        Ok(self
            .with(py, |s| Ok(s.warnings()))?
            .into_iter()
            .map(SandboxWarning::from)
            .collect())
    }
    /// Forgets the listed warnings (transactions keep theirs).
    fn clear_warnings(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| {
            s.clear_warnings();
            Ok(())
        })
    }

    /// The customer pays: status 2, and a notification is sent.
    fn approve(&self, py: Python<'_>, trx_id: Arg<String>) -> PyResult<()> {
        let trx_id = trx_id.text("trx_id")?;
        self.with(py, |s| s.approve(trx_id))
    }
    /// The payment fails: status 3, and a notification is sent.
    fn reject(&self, py: Python<'_>, trx_id: Arg<String>) -> PyResult<()> {
        let trx_id = trx_id.text("trx_id")?;
        self.with(py, |s| s.reject(trx_id))
    }
    /// The bill expires: status 7, and a notification is sent.
    fn expire(&self, py: Python<'_>, trx_id: Arg<String>) -> PyResult<()> {
        let trx_id = trx_id.text("trx_id")?;
        self.with(py, |s| s.expire(trx_id))
    }
    /// Takes a paid transaction's payment back: status 4 (reversal) and a notification.
    fn reverse(&self, py: Python<'_>, trx_id: Arg<String>) -> PyResult<()> {
        let trx_id = trx_id.text("trx_id")?;
        self.with(py, |s| s.reverse(trx_id))
    }
    /// Moves the sandbox clock forward; bills past `bill_expired` expire.
    fn advance_clock(&self, py: Python<'_>, seconds: Arg<f64>) -> PyResult<()> {
        let by = crate::config::seconds("seconds", seconds.get("seconds")?)?;
        self.with(py, |s| {
            s.advance_clock(by);
            Ok(())
        })
    }
    /// The sandbox's current time (WIB, Faspay's text form).
    fn now(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |s| Ok(s.now().to_string()))
    }

    fn transaction(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
    ) -> PyResult<Option<SandboxTransaction>> {
        let trx_id = trx_id.text("trx_id")?;
        self.with(py, |s| Ok(s.transaction(trx_id)))?
            .map(|t| SandboxTransaction::new(py, t))
            .transpose()
    }
    fn transactions(&self, py: Python<'_>) -> PyResult<Vec<SandboxTransaction>> {
        self.with(py, |s| Ok(s.transactions()))?
            .into_iter()
            .map(|t| SandboxTransaction::new(py, t))
            .collect()
    }
    /// Every notification attempt so far, oldest first.
    fn deliveries(&self, py: Python<'_>) -> PyResult<Vec<NotificationDelivery>> {
        self.with(py, |s| Ok(s.deliveries()))?
            .into_iter()
            .map(|d| NotificationDelivery::new(py, d))
            .collect()
    }
    /// The requests the sandbox received (all but its admin API's), oldest first, byte for
    /// byte with its answers: the last 1000 within 16 MiB of bodies.
    fn requests(&self, py: Python<'_>) -> PyResult<Vec<SandboxRequest>> {
        Ok(self
            .with(py, |s| Ok(s.received_requests()))?
            .into_iter()
            .map(|r| SandboxRequest::new(py, r))
            .collect())
    }
    /// Empties the log of received requests.
    fn clear_requests(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| {
            s.clear_received_requests();
            Ok(())
        })
    }
    /// Waits until at least `count` attempts were recorded; false on timeout.
    #[pyo3(
        signature = (count, timeout = Arg::ok(10.0)),
        text_signature = "($self, count, timeout=10.0)"
    )]
    fn wait_for_deliveries(
        &self,
        py: Python<'_>,
        count: &Bound<'_, PyAny>,
        timeout: Arg<f64>,
    ) -> PyResult<bool> {
        let count: usize = required_int("count", count)?;
        let timeout = seconds("timeout", timeout.get("timeout")?)?;
        self.with(py, |s| Ok(s.wait_for_deliveries(count, timeout)))
    }

    /// Arms a fault on `endpoint` (an operation name such as `"payment_status"`; default
    /// every endpoint) for the next `times` requests (default until `clear_faults()`).
    #[pyo3(signature = (kind, *, endpoint = None, times = None, seconds = None, status = None, code = None, desc = None))]
    #[allow(clippy::too_many_arguments)]
    fn set_fault(
        &self,
        py: Python<'_>,
        kind: Arg<String>,
        endpoint: Option<Arg<String>>,
        times: Option<&Bound<'_, PyAny>>,
        seconds: Option<Arg<f64>>,
        status: Option<&Bound<'_, PyAny>>,
        code: Option<Arg<String>>,
        desc: Option<Arg<String>>,
    ) -> PyResult<()> {
        let kind = kind.text("kind")?;
        let endpoint = endpoint.map(|e| e.get("endpoint")).transpose()?;
        let seconds = seconds.map(|s| s.get("seconds")).transpose()?;
        let code = code.map(|c| c.get("code")).transpose()?;
        let desc = desc.map(|d| d.get("desc")).transpose()?;
        let times: Option<u32> = optional_int("times", times)?;
        let status: Option<u16> = optional_int("status", status)?;
        let endpoint = endpoint
            .map(|name| {
                Operation::from_name(&name)
                    .ok_or_else(|| invalid_field("endpoint", format!("unknown operation {name:?}")))
            })
            .transpose()?;
        let fault = Fault {
            endpoint,
            kind: fault_kind(kind, seconds, status, code, desc)?,
            times,
            after_effect: false,
        };
        self.with(py, |s| {
            s.set_fault(fault);
            Ok(())
        })
    }
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| {
            s.clear_faults();
            Ok(())
        })
    }

    /// Stops the server; later calls raise `ValidationError`. Calling it twice is harmless.
    fn shutdown(&self, py: Python<'_>) {
        py.detach(|| {
            if let Ok(mut guard) = self.inner.write()
                && let Some(sandbox) = guard.take()
            {
                sandbox.shutdown();
            }
        })
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let url = self.base_url(py).unwrap_or_else(|_| "stopped".into());
        repr_of("SandboxServer", &[("base_url", quoted(&url))])
    }
}

/// One transaction as the sandbox sees it.
#[pyclass(frozen, module = "faspay._native")]
pub struct SandboxTransaction {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    payment_channel: String,
    #[pyo3(get)]
    bill_total: Py<PyAny>,
    #[pyo3(get)]
    status: Py<PyAny>,
    #[pyo3(get)]
    bill_date: String,
    #[pyo3(get)]
    bill_expired: String,
    #[pyo3(get)]
    payment_date: Option<String>,
    #[pyo3(get)]
    payment_reff: Option<String>,
    #[pyo3(get)]
    ovo_number: Option<String>,
    /// What requests about this transaction carried beyond Faspay's docs.
    #[pyo3(get)]
    warnings: Vec<Py<SandboxWarning>>,
    extra_fields: Vec<(String, String)>,
    status_value: u8,
}

impl SandboxTransaction {
    fn new(py: Python<'_>, t: TransactionView) -> PyResult<SandboxTransaction> {
        Ok(SandboxTransaction {
            bill_total: amount_to_py(py, t.bill_total)?,
            status: status_to_py(py, t.status)?,
            status_value: t.status.value(),
            bill_date: t.bill_date.to_string(),
            bill_expired: t.bill_expired.to_string(),
            payment_date: t.payment_date.map(|d| d.to_string()),
            trx_id: t.trx_id,
            bill_no: t.bill_no,
            payment_channel: t.payment_channel,
            payment_reff: t.payment_reff,
            ovo_number: t.ovo_number,
            warnings: t
                .warnings
                .into_iter()
                .map(|w| Py::new(py, SandboxWarning::from(w)))
                .collect::<PyResult<_>>()?,
            extra_fields: t.extra_fields,
        })
    }
}

#[pymethods]
impl SandboxTransaction {
    /// Fields outside the docs the Post Data request carried, in arrival order
    /// (`item[0].reserve1` for items); a new dict on each access.
    #[getter]
    fn extra_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (k, v) in &self.extra_fields {
            dict.set_item(k, v)?;
        }
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        repr_of(
            "SandboxTransaction",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("bill_no", quoted(&self.bill_no)),
                ("status", self.status_value.to_string()),
            ],
        )
    }
}

/// One notification attempt the sandbox made.
#[pyclass(frozen, module = "faspay._native")]
pub struct NotificationDelivery {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    payment_status_code: Py<PyAny>,
    #[pyo3(get)]
    attempt: u32,
    #[pyo3(get)]
    url: String,
    #[pyo3(get)]
    format: &'static str,
    #[pyo3(get)]
    request_body: String,
    #[pyo3(get)]
    http_status: Option<u16>,
    #[pyo3(get)]
    reply_body: Option<String>,
    #[pyo3(get)]
    accepted: bool,
    #[pyo3(get)]
    error: Option<String>,
}

impl NotificationDelivery {
    fn new(py: Python<'_>, d: Delivery) -> PyResult<NotificationDelivery> {
        Ok(NotificationDelivery {
            payment_status_code: status_to_py(py, d.payment_status_code)?,
            format: d.format.as_str(),
            trx_id: d.trx_id,
            bill_no: d.bill_no,
            attempt: d.attempt,
            url: d.url,
            request_body: d.request_body,
            http_status: d.http_status,
            reply_body: d.reply_body,
            accepted: d.accepted,
            error: d.error,
        })
    }
}

#[pymethods]
impl NotificationDelivery {
    fn __repr__(&self) -> String {
        repr_of(
            "NotificationDelivery",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("attempt", self.attempt.to_string()),
                (
                    "http_status",
                    self.http_status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "None".into()),
                ),
                (
                    "accepted",
                    if self.accepted { "True" } else { "False" }.into(),
                ),
            ],
        )
    }
}

/// One request the sandbox received and its answer, as bytes.
#[pyclass(frozen, module = "faspay._native")]
pub struct SandboxRequest {
    #[pyo3(get)]
    seq: u64,
    #[pyo3(get)]
    method: String,
    #[pyo3(get)]
    path: String,
    #[pyo3(get)]
    query: String,
    #[pyo3(get)]
    body: Py<PyBytes>,
    #[pyo3(get)]
    response_status: Option<u16>,
    #[pyo3(get)]
    response_body: Py<PyBytes>,
}

impl SandboxRequest {
    fn new(py: Python<'_>, r: ReceivedRequest) -> SandboxRequest {
        SandboxRequest {
            seq: r.seq,
            body: PyBytes::new(py, &r.body).unbind(),
            response_body: PyBytes::new(py, &r.response_body).unbind(),
            response_status: r.response_status,
            method: r.method,
            path: r.path,
            query: r.query,
        }
    }
}

#[pymethods]
impl SandboxRequest {
    fn __repr__(&self) -> String {
        repr_of(
            "SandboxRequest",
            &[
                ("seq", self.seq.to_string()),
                ("method", quoted(&self.method)),
                ("path", quoted(&self.path)),
                (
                    "response_status",
                    self.response_status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "None".into()),
                ),
            ],
        )
    }
}
