//! Amounts both ways: core `Amount` (exact rupiah) → `decimal.Decimal`, and Python amount
//! values (`int`, `Decimal`, decimal `str`, exact `float`) → the JSON the core's parser reads.

use crate::args::{Arg, type_name, wrong_type};
use faspay::{Amount, AmountUnit};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::errors::{ResultExt, invalid_field};

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

/// A Python amount in rupiah → `Amount`: `int`, `Decimal`, decimal `str`, or a `float` that
/// is exact to 2 places. The core decides what is acceptable; `bool` is refused here because
/// Python counts it as an `int`. Another type is `ArgumentTypeError` naming the argument `name`.
pub fn amount_from_py(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Amount> {
    use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
    let py = value.py();
    // The core's errors name its generic `amount`; the caller's argument is `name`.
    let named = |result: faspay::Result<Amount>| result.map_err(|e| e.for_field(name)).py();
    if value.is_instance_of::<PyBool>() {
        return Err(wrong_type(name, AN_AMOUNT, "bool"));
    }
    if value.is_instance_of::<PyInt>() {
        let rupiah: i64 = value
            .extract()
            .map_err(|_| invalid_field(name, "integer out of range"))?;
        return named(Amount::try_from_rupiah(rupiah));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return named(Amount::from_f64(f.value()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return named(Amount::parse(&text.to_cow()?));
    }
    if value.is_instance(decimal_class(py)?)? {
        if !value.call_method0("is_finite")?.extract::<bool>()? {
            return Err(invalid_field(name, "not a finite number"));
        }
        return named(Amount::parse(&decimal_text(value)?));
    }
    Err(wrong_type(name, AN_AMOUNT, &type_name(value)))
}

const AN_AMOUNT: &str = "an amount in rupiah (an int, a Decimal or a decimal str)";

/// The wire text of a rupiah amount in `unit` (`"sen"`: rupiah x 100, or `"rupiah"`).
#[pyfunction]
#[pyo3(signature = (amount, unit = Arg::ok(String::from("sen"))), text_signature = "(amount, unit='sen')")]
pub fn amount_to_wire(amount: &Bound<'_, PyAny>, unit: Arg<String>) -> PyResult<String> {
    let unit = AmountUnit::parse_field(unit.text("unit")?, "unit").py()?;
    amount_from_py(amount, "amount")?.to_wire(unit).py()
}
