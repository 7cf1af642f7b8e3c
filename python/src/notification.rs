//! Verified payment notifications (core `notification.rs`) as a Python class; parsing,
//! verification and the reply bytes are the core's.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::amount::{amount_from_py, opt_amount_to_py};
use crate::codes::status_to_py;
use crate::errors::ResultExt;
use crate::model::{quoted, repr_of};
use crate::wire::fields_to_dict;

/// A verified payment notification. Signed: `bill_no` and `payment_status_code` (the only
/// values in Faspay's signature); `merchant_id` is checked to be yours. Unsigned (check them
/// against your order): `trx_id`, `payment_total`, `bill_total`, `payment_date`,
/// `payment_reff`, the channel, the descriptions and `raw`. `dedupe_key` uses signed values
/// only, so a replay with changed unsigned fields has the same key.
///
/// The Python values of `payment_status_code`, the amounts and `raw` are built on first access
/// (a webhook handler reads a few of them; building all of them was a third of its time).
#[pyclass(frozen, module = "faspay._native")]
pub struct Notification {
    pub(crate) inner: faspay::Notification,
    payment_status_code: PyOnceLock<Py<PyAny>>,
    bill_total: PyOnceLock<Option<Py<PyAny>>>,
    payment_total: PyOnceLock<Option<Py<PyAny>>>,
    raw: PyOnceLock<Py<PyDict>>,
}

impl Notification {
    pub fn new(_py: Python<'_>, inner: faspay::Notification) -> PyResult<Notification> {
        Ok(Notification {
            inner,
            payment_status_code: PyOnceLock::new(),
            bill_total: PyOnceLock::new(),
            payment_total: PyOnceLock::new(),
            raw: PyOnceLock::new(),
        })
    }
}

#[pymethods]
impl Notification {
    /// A `faspay.PaymentStatusCode` (an `IntEnum`).
    #[getter]
    fn payment_status_code(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let code = self
            .payment_status_code
            .get_or_try_init(py, || status_to_py(py, self.inner.payment_status_code))?;
        Ok(code.clone_ref(py))
    }
    /// Rupiah as a `Decimal`, or `None`.
    #[getter]
    fn bill_total(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let total = self
            .bill_total
            .get_or_try_init(py, || opt_amount_to_py(py, self.inner.bill_total))?;
        Ok(total.as_ref().map(|t| t.clone_ref(py)))
    }
    /// Rupiah as a `Decimal`, or `None`.
    #[getter]
    fn payment_total(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let total = self
            .payment_total
            .get_or_try_init(py, || opt_amount_to_py(py, self.inner.payment_total))?;
        Ok(total.as_ref().map(|t| t.clone_ref(py)))
    }
    /// Every field as received (a `dict` of `str`, `dict` and `list`; the same object on
    /// every access).
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        let raw = self
            .raw
            .get_or_try_init(py, || fields_to_dict(py, &self.inner.raw))?;
        Ok(raw.clone_ref(py))
    }
    /// `"json"` or `"xml"`: the format it came in, which the reply uses too.
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format.as_str()
    }
    /// The `Content-Type` to answer with (the reply uses the notification's format).
    #[getter]
    fn reply_content_type(&self) -> &'static str {
        self.inner.format.content_type()
    }
    #[getter]
    fn request(&self) -> &str {
        &self.inner.request
    }
    #[getter]
    fn trx_id(&self) -> &str {
        &self.inner.trx_id
    }
    #[getter]
    fn merchant_id(&self) -> &str {
        &self.inner.merchant_id
    }
    #[getter]
    fn merchant(&self) -> &str {
        &self.inner.merchant
    }
    #[getter]
    fn bill_no(&self) -> &str {
        &self.inner.bill_no
    }
    #[getter]
    fn payment_reff(&self) -> Option<&str> {
        self.inner.payment_reff.as_deref()
    }
    #[getter]
    fn payment_date(&self) -> Option<&str> {
        self.inner.payment_date.as_deref()
    }
    #[getter]
    fn payment_status_desc(&self) -> &str {
        &self.inner.payment_status_desc
    }
    #[getter]
    fn payment_channel_uid(&self) -> &str {
        &self.inner.payment_channel_uid
    }
    #[getter]
    fn payment_channel(&self) -> &str {
        &self.inner.payment_channel
    }
    /// `merchant_id:bill_no:payment_status_code`, signed values only: the same for every
    /// delivery (and every replay) of one event. Store it to apply each event once.
    #[getter]
    fn dedupe_key(&self) -> String {
        self.inner.dedupe_key()
    }

    /// Raises `ValidationError` (field `payment_total`) unless the paid amount is `expected`
    /// (rupiah: `int`, `Decimal` or decimal `str`). Faspay's signature does not cover amounts:
    /// call it before fulfilling a paid notification.
    fn check_total(&self, expected: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .check_total(amount_from_py(expected, "expected")?)
            .py()
    }

    fn __repr__(&self) -> String {
        let n = &self.inner;
        repr_of(
            "Notification",
            &[
                ("trx_id", quoted(&n.trx_id)),
                ("bill_no", quoted(&n.bill_no)),
                (
                    "payment_status_code",
                    n.payment_status_code.value().to_string(),
                ),
                ("payment_status_desc", quoted(&n.payment_status_desc)),
                (
                    "payment_total",
                    n.payment_total
                        .map(|a| quoted(&a.to_string()))
                        .unwrap_or_else(|| "None".into()),
                ),
                ("format", quoted(n.format.as_str())),
            ],
        )
    }
}
