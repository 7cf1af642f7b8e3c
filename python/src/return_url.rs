//! The customer's signed return to the shop (core `return_url.rs`), verified by the core.
//! Not proof of payment: confirm with the notification or `payment_status`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::amount::opt_amount_to_py;
use crate::codes::status_to_py;
use crate::model::{quoted, repr_of};
use crate::wire::fields_to_dict;

/// A verified return-URL visit; `status` is what the browser claims, informative only.
#[pyclass(frozen, module = "faspay._native")]
pub struct ReturnInfo {
    #[pyo3(get)]
    trx_id: String,
    #[pyo3(get)]
    merchant_id: String,
    #[pyo3(get)]
    merchant: Option<String>,
    #[pyo3(get)]
    bill_no: String,
    #[pyo3(get)]
    bill_reff: Option<String>,
    #[pyo3(get)]
    bill_total: Option<Py<PyAny>>,
    #[pyo3(get)]
    payment_reff: Option<String>,
    #[pyo3(get)]
    payment_date: Option<String>,
    #[pyo3(get)]
    bank_user_name: Option<String>,
    #[pyo3(get)]
    status: Py<PyAny>,
    #[pyo3(get)]
    raw: Py<PyDict>,
    status_value: u8,
}

impl ReturnInfo {
    pub fn new(py: Python<'_>, r: faspay::ReturnInfo) -> PyResult<ReturnInfo> {
        Ok(ReturnInfo {
            raw: fields_to_dict(py, &r.raw)?,
            status: status_to_py(py, r.status)?,
            status_value: r.status.value(),
            bill_total: opt_amount_to_py(py, r.bill_total)?,
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            bill_reff: r.bill_reff,
            payment_reff: r.payment_reff,
            payment_date: r.payment_date,
            bank_user_name: r.bank_user_name,
        })
    }
}

#[pymethods]
impl ReturnInfo {
    fn __repr__(&self) -> String {
        repr_of(
            "ReturnInfo",
            &[
                ("trx_id", quoted(&self.trx_id)),
                ("bill_no", quoted(&self.bill_no)),
                ("status", self.status_value.to_string()),
            ],
        )
    }
}
