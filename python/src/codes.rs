//! `payment_status_code` both ways: core `PaymentStatusCode` → `faspay.codes.PaymentStatusCode`
//! (an IntEnum), and the core's rules (`is_paid`, `is_final`, description) for that enum.

use crate::args::Arg;
use faspay::PaymentStatusCode;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static STATUS_ENUM: PyOnceLock<Py<PyType>> = PyOnceLock::new();

static STATUS_MEMBERS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The Python enum member for a core status. Members are looked up in a `{value: member}`
/// dict built once (calling the enum class costs about a microsecond); a value the dict lacks
/// goes through the class, which decides.
pub fn status_to_py(py: Python<'_>, status: PaymentStatusCode) -> PyResult<Py<PyAny>> {
    let class = STATUS_ENUM.import(py, "faspay.codes", "PaymentStatusCode")?;
    let members = STATUS_MEMBERS.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let members = PyDict::new(py);
        for member in class.try_iter()? {
            let member = member?;
            members.set_item(member.getattr("value")?, member)?;
        }
        Ok(members.unbind())
    })?;
    if let Some(member) = members.bind(py).get_item(status.value())? {
        return Ok(member.unbind());
    }
    Ok(class.call1((status.value(),))?.unbind())
}

/// Whether the money arrived.
#[pyfunction]
pub fn payment_status_is_paid(value: Arg<u8>) -> PyResult<bool> {
    Ok(PaymentStatusCode::from_value(value.get("value")?).is_paid())
}

/// Whether the status will not change any more.
#[pyfunction]
pub fn payment_status_is_final(value: Arg<u8>) -> PyResult<bool> {
    Ok(PaymentStatusCode::from_value(value.get("value")?).is_final())
}

/// Faspay's English meaning of the status.
#[pyfunction]
pub fn payment_status_description(value: Arg<u8>) -> PyResult<&'static str> {
    Ok(PaymentStatusCode::from_value(value.get("value")?).description())
}

/// Every defined status as `(name, value)`, for the test that keeps the enum in step.
pub fn defined_statuses() -> Vec<(&'static str, u8)> {
    PaymentStatusCode::DEFINED
        .iter()
        .map(|c| (c.name(), c.value()))
        .collect()
}

/// Faspay's documented meaning of a `response_code` (docs/protocol.md), or `None`.
#[pyfunction]
pub fn response_code_description(code: Arg<String>) -> PyResult<Option<&'static str>> {
    Ok(faspay::response_code_description(code.text("code")?))
}
