//! Fixed-length bill numbers and the prefix-attack check (core `bill_no.rs`) for Python.

use crate::args::{type_name, wrong_type};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::ResultExt;

/// A new 16-digit bill number from the OS's secure random source: one fixed length, so a
/// bill number plus a status digit is never another bill's number (the prefix attack), and
/// unguessable.
#[pyfunction]
pub fn generate_bill_no() -> PyResult<String> {
    faspay::bill_no::generate().py()
}

/// A warning (`str`) when a sample of your bill numbers shows a format in which one number
/// can be another plus a status digit (`"1000"` and `"10002"`), else `None`. Takes any
/// iterable of `str` (a bare `str` is a `TypeError`: it would be read as single characters).
#[pyfunction]
pub fn bill_no_prefix_risk(bill_nos: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let refused = || {
        wrong_type(
            "bill_nos",
            "an iterable of str (a list)",
            &type_name(bill_nos),
        )
    };
    if bill_nos.is_instance_of::<PyString>() {
        return Err(refused());
    }
    let mut numbers = Vec::new();
    for item in bill_nos.try_iter().map_err(|_| refused())? {
        let item = item?;
        numbers.push(item.extract::<String>().map_err(|_| {
            wrong_type(
                "bill_nos",
                "an iterable of str",
                &format!("one {}", type_name(&item)),
            )
        })?);
    }
    Ok(faspay::bill_no::prefix_risk(&numbers))
}
