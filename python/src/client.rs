//! `faspay.Client` (core `client.rs`): every Debit API operation. Arguments are converted,
//! the core does the work with the GIL released during network I/O, and results and errors
//! are converted back.

use faspay::{FaspayDateTime, Operation, Response};
use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString, PyType};

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
    Err(PyTypeError::new_err(format!(
        "body must be bytes, bytearray, memoryview or str, not {}",
        body.get_type().name()?
    )))
}

/// The pairs of a return-URL mapping. A multi-value mapping (Django's `QueryDict`, Werkzeug's
/// `MultiDict`) hands over every value through `lists()`, so the core sees (and refuses) a
/// repeated parameter that `items()` would hide. Keys and values must be `str` (`TypeError`).
fn query_pairs(query: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    if query.hasattr("lists")? {
        for entry in query.call_method0("lists")?.try_iter()? {
            let (key, values): (String, Bound<'_, PyAny>) = entry?.extract()?;
            for value in values.try_iter()? {
                pairs.push((key.clone(), value?.extract::<String>()?));
            }
        }
    } else {
        for pair in query.call_method0("items")?.try_iter()? {
            pairs.push(pair?.extract::<(String, String)>()?);
        }
    }
    Ok(pairs)
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        merchant_id, merchant_name, user_id, password, *,
        environment = "sandbox", base_url = None, format = "json",
        timeout = 30.0, connect_timeout = 10.0, push_timeout = 90.0, max_retries = None,
        retry_backoff = 0.2, amount_unit = "sen", bill_validity = 86400.0,
        inquiry_sends_status_fields = true, max_response_bytes = None, logger = None,
        allow_insecure_http = false, max_inbound_bytes = None, max_idle_connections = None,
        dns_cache_ttl = 60.0, xml_codes = None, redirect_code = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn py_new(
        py: Python<'_>,
        merchant_id: String,
        merchant_name: String,
        user_id: String,
        password: String,
        environment: &str,
        base_url: Option<String>,
        format: &str,
        timeout: f64,
        connect_timeout: f64,
        push_timeout: f64,
        max_retries: Option<&Bound<'_, PyAny>>,
        retry_backoff: f64,
        amount_unit: &str,
        bill_validity: f64,
        inquiry_sends_status_fields: bool,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
        logger: Option<Py<PyAny>>,
        allow_insecure_http: bool,
        max_inbound_bytes: Option<&Bound<'_, PyAny>>,
        max_idle_connections: Option<&Bound<'_, PyAny>>,
        dns_cache_ttl: f64,
        xml_codes: Option<std::collections::BTreeMap<String, String>>,
        redirect_code: Option<String>,
    ) -> PyResult<Client> {
        let defaults = faspay::Config::new("", "", "", "");
        let settings = Settings {
            merchant_id,
            merchant_name,
            user_id,
            password,
            environment: environment.to_string(),
            base_url,
            format: format.to_string(),
            timeout,
            connect_timeout,
            push_timeout,
            max_retries: int_arg("max_retries", max_retries, defaults.max_retries)?,
            retry_backoff,
            amount_unit: amount_unit.to_string(),
            bill_validity,
            inquiry_sends_status_fields,
            max_response_bytes: int_arg(
                "max_response_bytes",
                max_response_bytes,
                defaults.max_response_bytes,
            )?,
            logger,
            allow_insecure_http,
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
            dns_cache_ttl,
            xml_codes: xml_codes.map(|codes| codes.into_iter().collect()),
            redirect_code,
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
    fn ovo_push(&self, py: Python<'_>, trx_id: &str, ovo_number: &str) -> PyResult<OvoPushResult> {
        let result = py
            .detach(|| guarded(|| self.inner.ovo_push(trx_id, ovo_number)))
            .py()?;
        OvoPushResult::new(py, result)
    }

    /// An HTML page whose form makes the customer's browser post the push itself.
    fn ovo_push_form(&self, trx_id: &str, ovo_number: &str) -> PyResult<String> {
        self.inner.ovo_push_form(trx_id, ovo_number).py()
    }

    /// The Faspay page to send the customer to.
    fn redirect_url(&self, trx_id: &str, bill_no: &str) -> PyResult<String> {
        self.inner.redirect_url(trx_id, bill_no).py()
    }

    /// Inquiry Payment Status (retried when safe).
    fn payment_status(
        &self,
        py: Python<'_>,
        trx_id: &str,
        bill_no: &str,
    ) -> PyResult<PaymentStatus> {
        let result = py
            .detach(|| guarded(|| self.inner.payment_status(trx_id, bill_no)))
            .py()?;
        PaymentStatus::new(py, result)
    }

    /// Cancel Transaction (only unpaid bills; never retried).
    fn cancel_transaction(
        &self,
        py: Python<'_>,
        trx_id: &str,
        bill_no: &str,
        reason: &str,
    ) -> PyResult<Cancellation> {
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
    #[pyo3(signature = (notification, accepted = true, *, at = None))]
    fn notification_reply<'py>(
        &self,
        py: Python<'py>,
        notification: &Notification,
        accepted: bool,
        at: Option<&str>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let at = match at {
            Some(text) => FaspayDateTime::parse(text).py()?,
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
            return Err(PyTypeError::new_err(format!(
                "query must be a str or a mapping (such as request.GET), not {}",
                query.get_type().name()?
            )));
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
        trx_id: &str,
        bill_no: &str,
    ) -> PyResult<PreparedRequest> {
        Ok(PreparedRequest::new(
            py,
            self.inner.prepare_payment_status(trx_id, bill_no).py()?,
        ))
    }

    /// The Cancel Transaction request.
    fn prepare_cancel_transaction(
        &self,
        py: Python<'_>,
        trx_id: &str,
        bill_no: &str,
        reason: &str,
    ) -> PyResult<PreparedRequest> {
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
        trx_id: &str,
        ovo_number: &str,
    ) -> PyResult<PreparedRequest> {
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
        operation: &str,
        http_status: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
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
