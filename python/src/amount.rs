//! Amounts both ways: core `Amount` (exact rupiah) → `decimal.Decimal`, and Python amount
//! values (`int`, `Decimal`, decimal `str`, exact `float`) → the JSON the core's parser reads.

use faspay::Amount;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// An amount in rupiah as a `Decimal` (`Decimal("10000")`, `Decimal("10000.50")`).
pub fn amount_to_py(py: Python<'_>, amount: Amount) -> PyResult<Py<PyAny>> {
    Ok(decimal_class(py)?.call1((amount.to_string(),))?.unbind())
}

/// An optional amount as an optional `Decimal`.
pub fn opt_amount_to_py(py: Python<'_>, amount: Option<Amount>) -> PyResult<Option<Py<PyAny>>> {
    amount.map(|a| amount_to_py(py, a)).transpose()
}

/// A `Decimal` as the plain decimal text the core parses: `format(d, "f")` never uses an
/// exponent, so `Decimal("1E+3")` becomes `"1000"`. The core then rejects what is not exact.
pub fn decimal_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    py.import("builtins")?
        .getattr("format")?
        .call1((value, "f"))?
        .extract()
}
