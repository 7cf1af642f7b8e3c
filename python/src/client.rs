//! `faspay.Client` (core `client.rs`): every Debit API operation. Arguments are converted,
//! the core does the work with the GIL released during network I/O, and results and errors
//! are converted back.

use faspay::{FaspayDateTime, Operation, Response};
use std::borrow::Cow;

use crate::args::{Arg, core_type_error, type_name, wrong_type};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMemoryView, PyString, PyType};

use crate::bill::bill_from_py;
use crate::config::{Settings, int_arg};
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::model::{
    Cancellation, ChannelList, CreatedTransaction, OvoPushResult, PaymentStatus, quoted, repr_of,
};
use crate::notification::Notification;
use crate::return_url::ReturnInfo;
use crate::transport::PreparedRequest;

static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A Faspay Debit API client. Thread-safe: share one per set of credentials.
#[pyclass(frozen, module = "faspay._native")]
pub struct Client {
    inner: faspay::Client,
}

impl Client {
    pub fn from_config(config: faspay::Config) -> PyResult<Client> {
        Ok(Client {
            inner: faspay::Client::new(config).py()?,
        })
    }
}

/// A body argument as bytes: `str` (encoded as UTF-8) or a bytes-like object (`bytes`,
/// `bytearray`, `memoryview`). Anything else is a `TypeError`: `bytes(12)` would silently read
/// 12 NUL bytes, `bytes(2**40)` try to allocate 1 TiB. `bytes` are borrowed, not copied.
fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(text) = body.cast::<PyString>() {
        return Ok(match text.to_cow()? {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        });
    }
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(array) = body.cast::<PyByteArray>() {
        return Ok(Cow::Owned(array.to_vec()));
    }
    if body.is_instance_of::<PyMemoryView>() {
        let copy = body
            .py()
            .import("builtins")?
            .getattr("bytes")?
            .call1((body,))?;
        return Ok(Cow::Owned(copy.cast::<PyBytes>()?.as_bytes().to_vec()));
    }
    Err(wrong_type(
        "body",
        "bytes, bytearray, memoryview or str",
        &type_name(body),
    ))
}

/// The pairs of a return-URL mapping. A multi-value mapping (Django's `QueryDict`, Werkzeug's
/// `MultiDict`) hands over every value through `lists()`, so the core sees (and refuses) a
/// repeated parameter that `items()` would hide. Keys and values must be `str` (`TypeError`).
fn query_pairs(query: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let not_text = || wrong_type("query", "a mapping of str to str", "another value");
    let mut pairs = Vec::new();
    if query.hasattr("lists")? {
        for entry in query.call_method0("lists")?.try_iter()? {
            let (key, values): (String, Bound<'_, PyAny>) =
                entry?.extract().map_err(|_| not_text())?;
            for value in values.try_iter()? {
                pairs.push((
                    key.clone(),
                    value?.extract::<String>().map_err(|_| not_text())?,
                ));
            }
        }
    } else {
        for pair in query.call_method0("items")?.try_iter()? {
            pairs.push(
                pair?
                    .extract::<(String, String)>()
                    .map_err(|_| not_text())?,
            );
        }
    }
    Ok(pairs)
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(
        signature = (
            merchant_id, merchant_name, user_id, password, *,
            environment = Arg::ok(String::from("sandbox")), base_url = None, format = Arg::ok(String::from("json")),
            timeout = Arg::ok(30.0), connect_timeout = Arg::ok(10.0), push_timeout = Arg::ok(90.0),
            max_retries = None, retry_backoff = Arg::ok(0.2), amount_unit = Arg::ok(String::from("sen")),
            bill_validity = Arg::ok(86400.0), inquiry_sends_status_fields = Arg::ok(true),
            max_response_bytes = None, logger = None, allow_insecure_http = Arg::ok(false),
            max_inbound_bytes = None, max_idle_connections = None, dns_cache_ttl = Arg::ok(60.0),
            xml_codes = None, redirect_code = None, **unknown,
        ),
        text_signature = "(merchant_id, merchant_name, user_id, password, *, environment='sandbox', base_url=None, format='json', timeout=30.0, connect_timeout=10.0, push_timeout=90.0, max_retries=None, retry_backoff=0.2, amount_unit='sen', bill_validity=86400.0, inquiry_sends_status_fields=True, max_response_bytes=None, logger=None, allow_insecure_http=False, max_inbound_bytes=None, max_idle_connections=None, dns_cache_ttl=60.0, xml_codes=None, redirect_code=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn py_new(
        py: Python<'_>,
        merchant_id: Arg<String>,
        merchant_name: Arg<String>,
        user_id: Arg<String>,
        password: Arg<String>,
        environment: Arg<String>,
        base_url: Option<Arg<String>>,
        format: Arg<String>,
        timeout: Arg<f64>,
        connect_timeout: Arg<f64>,
        push_timeout: Arg<f64>,
        max_retries: Option<&Bound<'_, PyAny>>,
        retry_backoff: Arg<f64>,
        amount_unit: Arg<String>,
        bill_validity: Arg<f64>,
        inquiry_sends_status_fields: Arg<bool>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
        logger: Option<Py<PyAny>>,
        allow_insecure_http: Arg<bool>,
        max_inbound_bytes: Option<&Bound<'_, PyAny>>,
        max_idle_connections: Option<&Bound<'_, PyAny>>,
        dns_cache_ttl: Arg<f64>,
        xml_codes: Option<Arg<std::collections::BTreeMap<String, String>>>,
        redirect_code: Option<Arg<String>>,
        unknown: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Client> {
        // A misspelt keyword is the core's error naming it, as in the other bindings (still a
        // TypeError, as Python's own would be).
        if let Some(name) = unknown.and_then(|u| u.keys().iter().next()) {
            let name: String = name.extract()?;
            return Err(core_type_error(&faspay::Config::unknown_setting(&name)));
        }
        let optional =
            |value: Option<Arg<String>>, name: &str| value.map(|v| v.get(name)).transpose();
        let defaults = faspay::Config::new("", "", "", "");
        let settings = Settings {
            merchant_id: merchant_id.get("merchant_id")?,
            merchant_name: merchant_name.get("merchant_name")?,
            user_id: user_id.get("user_id")?,
            password: password.get("password")?,
            environment: environment.text("environment")?.to_string(),
            base_url: optional(base_url, "base_url")?,
            format: format.text("format")?.to_string(),
            timeout: timeout.get("timeout")?,
            connect_timeout: connect_timeout.get("connect_timeout")?,
            push_timeout: push_timeout.get("push_timeout")?,
            max_retries: int_arg("max_retries", max_retries, defaults.max_retries)?,
            retry_backoff: retry_backoff.get("retry_backoff")?,
            amount_unit: amount_unit.text("amount_unit")?.to_string(),
            bill_validity: bill_validity.get("bill_validity")?,
            inquiry_sends_status_fields: inquiry_sends_status_fields
                .get("inquiry_sends_status_fields")?,
            max_response_bytes: int_arg(
                "max_response_bytes",
                max_response_bytes,
                defaults.max_response_bytes,
            )?,
            logger,
            allow_insecure_http: allow_insecure_http.get("allow_insecure_http")?,
            max_inbound_bytes: int_arg(
                "max_inbound_bytes",
                max_inbound_bytes,
                defaults.max_inbound_bytes,
            )?,
            max_idle_connections: int_arg(
                "max_idle_connections",
                max_idle_connections,
                defaults.max_idle_connections,
            )?,
            dns_cache_ttl: dns_cache_ttl.get("dns_cache_ttl")?,
            xml_codes: xml_codes
                .map(|codes| codes.get("xml_codes"))
                .transpose()?
                .map(|codes| codes.into_iter().collect()),
            redirect_code: optional(redirect_code, "redirect_code")?,
        };
        Client::from_config(settings.into_config(py)?)
    }

    #[getter]
    fn merchant_id(&self) -> &str {
        &self.inner.config().merchant_id
    }
    #[getter]
    fn merchant_name(&self) -> &str {
        &self.inner.config().merchant_name
    }
    #[getter]
    fn user_id(&self) -> &str {
        &self.inner.config().user_id
    }
    /// The host requests go to.
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.config().effective_base_url()
    }
    #[getter]
    fn environment(&self) -> &'static str {
        self.inner.config().environment.as_str()
    }
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.config().format.as_str()
    }
    /// Every setting the client uses (durations in seconds), never the password.
    #[getter]
    fn settings(&self) -> crate::settings::ClientSettings {
        self.inner.settings().into()
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        repr_of(
            "Client",
            &[
                ("merchant_id", quoted(&c.merchant_id)),
                ("user_id", quoted(&c.user_id)),
                ("password", "'***'".into()),
                ("base_url", quoted(c.effective_base_url())),
                ("format", quoted(c.format.as_str())),
            ],
        )
    }

    /// Payment Channel Inquiry (retried when safe).
    fn payment_channels(&self, py: Python<'_>) -> PyResult<ChannelList> {
        let result = py
            .detach(|| guarded(|| self.inner.payment_channels()))
            .py()?;
        ChannelList::new(py, result)
    }

    /// Post Data Transaction: creates the bill (never retried).
    fn create_transaction(
        &self,
        py: Python<'_>,
        bill: &Bound<'_, PyAny>,
    ) -> PyResult<CreatedTransaction> {
        let bill = bill_from_py(bill)?;
        let result = py
            .detach(|| guarded(|| self.inner.create_transaction(&bill)))
            .py()?;
        CreatedTransaction::new(py, result)
    }

    /// OVO push-to-pay; blocks until the customer acts (up to `push_timeout`).
    fn ovo_push(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        ovo_number: Arg<String>,
    ) -> PyResult<OvoPushResult> {
        let trx_id = trx_id.text("trx_id")?;
        let ovo_number = ovo_number.text("ovo_number")?;
        let result = py
            .detach(|| guarded(|| self.inner.ovo_push(trx_id, ovo_number)))
            .py()?;
        OvoPushResult::new(py, result)
    }

    /// An HTML page whose form makes the customer's browser post the push itself.
    fn ovo_push_form(&self, trx_id: Arg<String>, ovo_number: Arg<String>) -> PyResult<String> {
        let trx_id = trx_id.text("trx_id")?;
        let ovo_number = ovo_number.text("ovo_number")?;
        self.inner.ovo_push_form(trx_id, ovo_number).py()
    }

    /// The Faspay page to send the customer to.
    fn redirect_url(&self, trx_id: Arg<String>, bill_no: Arg<String>) -> PyResult<String> {
        let trx_id = trx_id.text("trx_id")?;
        let bill_no = bill_no.text("bill_no")?;
        self.inner.redirect_url(trx_id, bill_no).py()
    }

    /// Inquiry Payment Status (retried when safe).
    fn payment_status(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        bill_no: Arg<String>,
    ) -> PyResult<PaymentStatus> {
        let trx_id = trx_id.text("trx_id")?;
        let bill_no = bill_no.text("bill_no")?;
        let result = py
            .detach(|| guarded(|| self.inner.payment_status(trx_id, bill_no)))
            .py()?;
        PaymentStatus::new(py, result)
    }

    /// Cancel Transaction (only unpaid bills; never retried).
    fn cancel_transaction(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        bill_no: Arg<String>,
        reason: Arg<String>,
    ) -> PyResult<Cancellation> {
        let trx_id = trx_id.text("trx_id")?;
        let bill_no = bill_no.text("bill_no")?;
        let reason = reason.text("reason")?;
        let result = py
            .detach(|| guarded(|| self.inner.cancel_transaction(trx_id, bill_no, reason)))
            .py()?;
        Cancellation::new(py, result)
    }

    /// Parses and verifies a notification's raw body (XML or JSON), with the GIL released.
    fn parse_notification(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Notification> {
        let body = body_bytes(body)?;
        let notification = py
            .detach(|| guarded(|| self.inner.parse_notification(&body)))
            .py()?;
        Notification::new(py, notification)
    }

    /// The exact reply bytes (`00` when accepted, else `99`), in the notification's format.
    /// `at` fixes `response_date` (`"YYYY-MM-DD HH:MM:SS"`, WIB); default now.
    #[pyo3(
        signature = (notification, accepted = Arg::ok(true), *, at = None),
        text_signature = "($self, notification, accepted=True, *, at=None)"
    )]
    fn notification_reply<'py>(
        &self,
        py: Python<'py>,
        notification: &Bound<'py, PyAny>,
        accepted: Arg<bool>,
        at: Option<Arg<String>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let notification = notification.cast::<Notification>().map_err(|_| {
            wrong_type(
                "notification",
                "a faspay.Notification",
                &type_name(notification),
            )
        })?;
        let notification = notification.get();
        let accepted = accepted.get("accepted")?;
        let at = match at.map(|at| at.get("at")).transpose()? {
            Some(text) => FaspayDateTime::parse(&text).py()?,
            None => FaspayDateTime::now(),
        };
        let bytes = self
            .inner
            .notification_reply_at(&notification.inner, accepted, at);
        Ok(PyBytes::new(py, &bytes))
    }

    /// Verifies a return URL: a query string (or whole URL) or a mapping such as
    /// Django's `request.GET`.
    fn verify_return(&self, py: Python<'_>, query: &Bound<'_, PyAny>) -> PyResult<ReturnInfo> {
        let info = if let Ok(text) = query.cast::<PyString>() {
            let text = text.to_cow()?;
            py.detach(|| guarded(|| self.inner.verify_return(&text)))
                .py()?
        } else if query.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
            let pairs = query_pairs(query)?;
            py.detach(|| guarded(|| self.inner.verify_return_pairs(pairs)))
                .py()?
        } else {
            return Err(wrong_type(
                "query",
                "a str or a mapping (such as request.GET)",
                &type_name(query),
            ));
        };
        ReturnInfo::new(py, info)
    }

    // ---- offline building blocks: exact requests and decoding, no I/O ----------------------

    /// The Payment Channel Inquiry request.
    fn prepare_payment_channels(&self, py: Python<'_>) -> PyResult<PreparedRequest> {
        Ok(PreparedRequest::new(
            py,
            self.inner.prepare_payment_channels().py()?,
        ))
    }

    /// The Post Data request for `bill` (defaults filled, signed).
    fn prepare_create_transaction(
        &self,
        py: Python<'_>,
        bill: &Bound<'_, PyAny>,
    ) -> PyResult<PreparedRequest> {
        let bill = bill_from_py(bill)?;
        Ok(PreparedRequest::new(
            py,
            self.inner.prepare_create_transaction(&bill).py()?,
        ))
    }

    /// The Inquiry Payment Status request.
    fn prepare_payment_status(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        bill_no: Arg<String>,
    ) -> PyResult<PreparedRequest> {
        let trx_id = trx_id.text("trx_id")?;
        let bill_no = bill_no.text("bill_no")?;
        Ok(PreparedRequest::new(
            py,
            self.inner.prepare_payment_status(trx_id, bill_no).py()?,
        ))
    }

    /// The Cancel Transaction request.
    fn prepare_cancel_transaction(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        bill_no: Arg<String>,
        reason: Arg<String>,
    ) -> PyResult<PreparedRequest> {
        let trx_id = trx_id.text("trx_id")?;
        let bill_no = bill_no.text("bill_no")?;
        let reason = reason.text("reason")?;
        let request = self
            .inner
            .prepare_cancel_transaction(trx_id, bill_no, reason)
            .py()?;
        Ok(PreparedRequest::new(py, request))
    }

    /// The OVO push-to-pay form POST.
    fn prepare_ovo_push(
        &self,
        py: Python<'_>,
        trx_id: Arg<String>,
        ovo_number: Arg<String>,
    ) -> PyResult<PreparedRequest> {
        let trx_id = trx_id.text("trx_id")?;
        let ovo_number = ovo_number.text("ovo_number")?;
        Ok(PreparedRequest::new(
            py,
            self.inner.prepare_ovo_push(trx_id, ovo_number).py()?,
        ))
    }

    /// Decodes an answer to `operation` (`"payment_status"`, ...) exactly as the client does
    /// after sending: the typed result, or the error it means.
    fn decode_response(
        &self,
        py: Python<'_>,
        operation: Arg<String>,
        http_status: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let operation = operation.text("operation")?;
        if http_status.is_none() {
            return Err(wrong_type("http_status", "an int", "NoneType"));
        }
        let http_status: u16 = int_arg("http_status", Some(http_status), 0)?;
        let op = Operation::from_name(operation).ok_or_else(|| {
            invalid_field("operation", format!("unknown operation {operation:?}"))
        })?;
        let body = body_bytes(body)?;
        let response = py
            .detach(|| guarded(|| self.inner.decode_response(op, http_status, &body)))
            .py()?;
        Ok(match response {
            Response::PaymentChannels(r) => Py::new(py, ChannelList::new(py, r)?)?.into_any(),
            Response::CreateTransaction(r) => {
                Py::new(py, CreatedTransaction::new(py, r)?)?.into_any()
            }
            Response::PaymentStatus(r) => Py::new(py, PaymentStatus::new(py, r)?)?.into_any(),
            Response::CancelTransaction(r) => Py::new(py, Cancellation::new(py, r)?)?.into_any(),
            Response::OvoPush(r) => Py::new(py, OvoPushResult::new(py, r)?)?.into_any(),
        })
    }
}
