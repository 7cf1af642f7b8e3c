//! The sandbox's fidelity warnings for `faspay.testing`: what a request carried that Faspay's
//! docs would refuse (the sandbox accepted it like Faspay does; strict mode refuses it).

use faspay_sandbox::Warning;
use pyo3::prelude::*;

use crate::model::{quoted, repr_of};

/// One thing the sandbox accepted although Faspay's docs would refuse it.
#[pyclass(frozen, module = "faspay._native")]
pub struct SandboxWarning {
    /// The endpoint, e.g. `create_transaction`.
    #[pyo3(get)]
    operation: &'static str,
    #[pyo3(get)]
    trx_id: Option<String>,
    #[pyo3(get)]
    bill_no: Option<String>,
    /// `unknown_field`, `undocumented_field`, `currency_defaulted`, `merchant_missing`,
    /// `longer_than_docs`, `bill_no_reused` or `decimal_amount`.
    #[pyo3(get)]
    kind: &'static str,
    /// The field, e.g. `trx_source` or `item[0].reserve1`.
    #[pyo3(get)]
    field: String,
    /// Faspay's refusal code by the docs (what strict mode answers).
    #[pyo3(get)]
    code: &'static str,
    #[pyo3(get)]
    message: String,
}

impl From<Warning> for SandboxWarning {
    fn from(w: Warning) -> SandboxWarning {
        SandboxWarning {
            operation: w.operation.name(),
            trx_id: w.trx_id,
            bill_no: w.bill_no,
            kind: w.kind.name(),
            field: w.field,
            code: w.code,
            message: w.message,
        }
    }
}

#[pymethods]
impl SandboxWarning {
    fn __repr__(&self) -> String {
        repr_of(
            "SandboxWarning",
            &[
                ("kind", quoted(self.kind)),
                ("field", quoted(&self.field)),
                ("code", quoted(self.code)),
            ],
        )
    }
}
