//! Typed results of the API calls (core `model.rs`): frozen classes with Faspay's field names,
//! a readable `repr` (never a secret) and `raw`, the wire fields as a dict.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::amount::{amount_from_py, opt_amount_to_py};
use crate::codes::status_to_py;
use crate::errors::ResultExt;
use crate::wire::fields_to_dict;

/// `Name(key='value', ...)` from already-rendered values.
pub fn repr_of(name: &str, fields: &[(&str, String)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{name}({})", inner.join(", "))
}

/// Python-style single-quoted text for `repr`.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn opt_quoted(text: &Option<String>) -> String {
    text.as_deref().map(quoted).unwrap_or_else(|| "None".into())
}

/// One payment channel.
#[pyclass(frozen, module = "faspay._native")]
pub struct PaymentChannel {
    #[pyo3(get)]
    pg_code: String,
    #[pyo3(get)]
    pg_name: String,
}

#[pymethods]
impl PaymentChannel {
    fn __repr__(&self) -> String {
        repr_of(
            "PaymentChannel",
            &[
                ("pg_code", quoted(&self.pg_code)),
                ("pg_name", quoted(&self.pg_name)),
            ],
        )
    }
}

/// The answer of `payment_channels()`.
#[pyclass(frozen, module = "faspay._native")]
pub struct ChannelList {
    #[pyo3(get)]
    merchant_id: String,
    #[pyo3(get)]
    merchant: String,
    #[pyo3(get)]
    payment_channel: Vec<Py<PaymentChannel>>,
    #[pyo3(get)]
    response_code: String,
    #[pyo3(get)]
    response_desc: String,
    #[pyo3(get)]
    raw: Py<PyDict>,
}

impl ChannelList {
    pub fn new(py: Python<'_>, r: faspay::ChannelList) -> PyResult<ChannelList> {
        let payment_channel = r
            .payment_channel
            .into_iter()
            .map(|c| {
                Py::new(
                    py,
                    PaymentChannel {
                        pg_code: c.pg_code,
                        pg_name: c.pg_name,
                    },
                )
            })
            .collect::<PyResult<_>>()?;
        Ok(ChannelList {
            raw: fields_to_dict(py, &r.raw)?,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            payment_channel,
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
        })
    }
}

#[pymethods]
impl ChannelList {
    fn __repr__(&self) -> String {
        let codes: Vec<String> = self
            .payment_channel
            .iter()
            .map(|c| quoted(&c.get().pg_code))
            .collect();
        repr_of(
            "ChannelList",
            &[
                ("merchant_id", quoted(&self.merchant_id)),
                ("payment_channel", format!("[{}]", codes.join(", "))),
                ("response_code", quoted(&self.response_code)),
            ],
        )
    }

    fn __len__(&self) -> usize {
        self.payment_channel.len()
    }

    /// Iterates over the channels, like the list it is.
    fn __iter__(slf: PyRef<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let list = pyo3::types::PyList::new(py, &slf.payment_channel)?;
        Ok(list.try_iter()?.into_any().unbind())
    }

    /// `channels[i]` (negative indexes count from the end) or `channels[a:b]` (a list).
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let list = pyo3::types::PyList::new(py, &self.payment_channel)?;
        Ok(list.as_any().get_item(key)?.unbind())
    }
}

/// One item echoed in a `create_transaction()` answer; `amount` is rupiah like every amount.
#[pyclass(frozen, module = "faspay._native")]
pub struct BillItem {
    #[pyo3(get)]
    product: String,
    #[pyo3(get)]
    qty: String,
    #[pyo3(get)]
    amount: Option<Py<PyAny>>,
    #[pyo3(get)]
    raw: Py<PyDict>,
    amount_text: Option<String>,
}

impl BillItem {
    fn new(py: Python<'_>, item: &faspay::BillItem) -> PyResult<BillItem> {
        Ok(BillItem {
            product: item.product.clone(),
            qty: item.qty.clone(),
            amount: opt_amount_to_py(py, item.amount)?,
            raw: fields_to_dict(py, &item.raw)?,
            amount_text: item.amount.map(|a| a.to_string()),
        })
    }
}

#[pymethods]
impl BillItem {
    fn __repr__(&self) -> String {
        repr_of(
            "BillItem",
            &[
                ("product", quoted(&self.product)),
                ("qty", quoted(&self.qty)),
                (
                    "amount",
                    self.amount_text
                        .as_deref()
                        .map(|a| format!("Decimal({})", quoted(a)))
                        .unwrap_or_else(|| "None".into()),
                ),
            ],
        )
    }
}

/// The answer of `create_transaction()`.
#[pyclass(frozen, module = "faspay._native")]
pub struct CreatedTransaction {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    merchant_id: String,
    #[pyo3(get)]
    merchant: String,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    redirect_url: Option<String>,
    #[pyo3(get)]
    web_url: Option<String>,
    #[pyo3(get)]
    qr_content: Option<String>,
    #[pyo3(get)]
    alt_url: Option<String>,
    #[pyo3(get)]
    bill_items: Vec<Py<BillItem>>,
    #[pyo3(get)]
    response_code: String,
    #[pyo3(get)]
    response_desc: String,
    #[pyo3(get)]
    raw: Py<PyDict>,
}

impl CreatedTransaction {
    pub fn new(py: Python<'_>, r: faspay::CreatedTransaction) -> PyResult<CreatedTransaction> {
        Ok(CreatedTransaction {
            raw: fields_to_dict(py, &r.raw)?,
            bill_items: r
                .bill_items
                .iter()
                .map(|item| Py::new(py, BillItem::new(py, item)?))
                .collect::<PyResult<_>>()?,
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            redirect_url: r.redirect_url,
            web_url: r.web_url,
            qr_content: r.qr_content,
            alt_url: r.alt_url,
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
        })
    }
}

#[pymethods]
impl CreatedTransaction {
    fn __repr__(&self) -> String {
        repr_of(
            "CreatedTransaction",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("bill_no", quoted(&self.bill_no)),
                ("redirect_url", opt_quoted(&self.redirect_url)),
                ("response_code", quoted(&self.response_code)),
                ("response_desc", quoted(&self.response_desc)),
            ],
        )
    }
}

/// The answer of `payment_status()`: `response_code == "00"` only says the inquiry worked;
/// `payment_status_code` says whether the bill is paid.
#[pyclass(frozen, module = "faspay._native")]
pub struct PaymentStatus {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    merchant_id: String,
    #[pyo3(get)]
    merchant: String,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    payment_reff: Option<String>,
    #[pyo3(get)]
    payment_date: Option<String>,
    #[pyo3(get)]
    payment_status_code: Py<PyAny>,
    #[pyo3(get)]
    payment_status_desc: String,
    #[pyo3(get)]
    payment_total: Option<Py<PyAny>>,
    #[pyo3(get)]
    response_code: String,
    #[pyo3(get)]
    response_desc: String,
    #[pyo3(get)]
    raw: Py<PyDict>,
    /// The same key as `Notification.dedupe_key` of the notification for this event.
    #[pyo3(get)]
    dedupe_key: String,
    status_value: u8,
    /// The core's answer, whose rules `check_total` applies.
    inner: faspay::PaymentStatus,
}

impl PaymentStatus {
    pub fn new(py: Python<'_>, r: faspay::PaymentStatus) -> PyResult<PaymentStatus> {
        Ok(PaymentStatus {
            dedupe_key: r.dedupe_key(),
            raw: fields_to_dict(py, &r.raw)?,
            payment_status_code: status_to_py(py, r.payment_status_code)?,
            status_value: r.payment_status_code.value(),
            payment_total: opt_amount_to_py(py, r.payment_total)?,
            trx_id: r.trx_id.clone(),
            merchant_id: r.merchant_id.clone(),
            merchant: r.merchant.clone(),
            bill_no: r.bill_no.clone(),
            payment_reff: r.payment_reff.clone(),
            payment_date: r.payment_date.clone(),
            payment_status_desc: r.payment_status_desc.clone(),
            response_code: r.response.response_code.clone(),
            response_desc: r.response.response_desc.clone(),
            inner: r,
        })
    }
}

#[pymethods]
impl PaymentStatus {
    /// Raises `ValidationError` (field `payment_total`) when the paid amount Faspay reports is
    /// not `expected` (rupiah: `int`, `Decimal` or decimal `str`); an absent total passes.
    fn check_total(&self, expected: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .check_total(amount_from_py(expected, "expected")?)
            .py()
    }

    fn __repr__(&self) -> String {
        repr_of(
            "PaymentStatus",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("bill_no", quoted(&self.bill_no)),
                ("payment_status_code", self.status_value.to_string()),
                ("payment_status_desc", quoted(&self.payment_status_desc)),
                ("payment_reff", opt_quoted(&self.payment_reff)),
                ("response_code", quoted(&self.response_code)),
            ],
        )
    }
}

/// The answer of `cancel_transaction()`.
#[pyclass(frozen, module = "faspay._native")]
pub struct Cancellation {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    merchant_id: String,
    #[pyo3(get)]
    merchant: String,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    trx_status_code: String,
    #[pyo3(get)]
    trx_status_desc: String,
    #[pyo3(get)]
    payment_status_code: Py<PyAny>,
    #[pyo3(get)]
    payment_status_desc: String,
    #[pyo3(get)]
    payment_cancel_date: Option<String>,
    #[pyo3(get)]
    payment_cancel: Option<String>,
    #[pyo3(get)]
    response_code: String,
    #[pyo3(get)]
    response_desc: String,
    #[pyo3(get)]
    raw: Py<PyDict>,
    status_value: u8,
}

impl Cancellation {
    pub fn new(py: Python<'_>, r: faspay::Cancellation) -> PyResult<Cancellation> {
        Ok(Cancellation {
            raw: fields_to_dict(py, &r.raw)?,
            payment_status_code: status_to_py(py, r.payment_status_code)?,
            status_value: r.payment_status_code.value(),
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            trx_status_code: r.trx_status_code,
            trx_status_desc: r.trx_status_desc,
            payment_status_desc: r.payment_status_desc,
            payment_cancel_date: r.payment_cancel_date,
            payment_cancel: r.payment_cancel,
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
        })
    }
}

#[pymethods]
impl Cancellation {
    fn __repr__(&self) -> String {
        repr_of(
            "Cancellation",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("bill_no", quoted(&self.bill_no)),
                ("trx_status_code", quoted(&self.trx_status_code)),
                ("payment_status_code", self.status_value.to_string()),
                ("response_code", quoted(&self.response_code)),
            ],
        )
    }
}

/// The answer of `ovo_push()`: the outcome of the payment itself arrives by notification.
#[pyclass(frozen, module = "faspay._native")]
pub struct OvoPushResult {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    response_code: Option<String>,
    #[pyo3(get)]
    response_desc: Option<String>,
    #[pyo3(get)]
    raw: Py<PyDict>,
}

impl OvoPushResult {
    pub fn new(py: Python<'_>, r: faspay::OvoPushResult) -> PyResult<OvoPushResult> {
        Ok(OvoPushResult {
            raw: fields_to_dict(py, &r.raw)?,
            trx_id: r.trx_id,
            response_code: r.response.as_ref().map(|c| c.response_code.clone()),
            response_desc: r.response.map(|c| c.response_desc),
        })
    }
}

#[pymethods]
impl OvoPushResult {
    fn __repr__(&self) -> String {
        repr_of(
            "OvoPushResult",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("response_code", opt_quoted(&self.response_code)),
                ("response_desc", opt_quoted(&self.response_desc)),
            ],
        )
    }
}
