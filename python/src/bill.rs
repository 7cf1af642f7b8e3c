//! The bill: a Python mapping with Faspay's field names → `faspay::Bill`. Values are turned
//! into the JSON the core's `Bill::from_json` reads (amounts, dates and text rules stay in the
//! core), so every error names the field path, e.g. `item[0].amount`.

use faspay::{Bill, FaspayDateTime};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::amount::{decimal_class, decimal_text};
use crate::errors::{ResultExt, invalid_field};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Reads a bill from a mapping.
pub fn bill_from_py(bill: &Bound<'_, PyAny>) -> PyResult<Bill> {
    let py = bill.py();
    if !bill.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        return Err(PyTypeError::new_err(
            "bill must be a mapping (a dict with Faspay's field names)",
        ));
    }
    let json = to_json(bill, "")?;
    Bill::from_json(&json.to_string()).py()
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn field_name(path: &str) -> &str {
    if path.is_empty() { "bill" } else { path }
}

/// One Python value as JSON. Types the core cannot read are refused here with the path.
fn to_json(value: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let py = value.py();
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(v) = value.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = value.extract::<u64>() {
            return Ok(Value::from(v));
        }
        return Err(invalid_field(field_name(path), "integer out of range"));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        // The core accepts a float only if its shortest decimal form has at most 2 places.
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| invalid_field(field_name(path), "not a finite number"));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if value.is_instance(decimal_class(py)?)? {
        if !value.call_method0("is_finite")?.extract::<bool>()? {
            return Err(invalid_field(field_name(path), "not a finite number"));
        }
        return Ok(Value::String(decimal_text(value)?));
    }
    if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return datetime_text(value).map(Value::String);
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        return Err(invalid_field(
            field_name(path),
            "a date needs a time: pass a datetime or \"YYYY-MM-DD HH:MM:SS\"",
        ));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return mapping_to_json(dict.items().iter(), path);
    }
    if value.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        let items = value.call_method0("items")?.try_iter()?;
        let items: Vec<_> = items.collect::<PyResult<_>>()?;
        return mapping_to_json(items.into_iter(), path);
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            out.push(to_json(&item?, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    let type_name = value.get_type().name()?.to_string();
    Err(invalid_field(
        field_name(path),
        format!("unsupported type {type_name}"),
    ))
}

fn mapping_to_json<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    path: &str,
) -> PyResult<Value> {
    let mut out = Map::new();
    for pair in items {
        let (key, value): (Bound<'py, PyAny>, Bound<'py, PyAny>) = pair.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            return Err(invalid_field(field_name(path), "keys must be strings"));
        };
        let key = key.to_cow()?.into_owned();
        let json = to_json(&value, &child(path, &key))?;
        out.insert(key, json);
    }
    Ok(Value::Object(out))
}

/// A `datetime` as Faspay time text: an aware one is converted to WIB by the core, a naive
/// one is taken as WIB wall-clock time (docs/architecture.md).
fn datetime_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.call_method0("utcoffset")?.is_none() {
        return value
            .call_method1("strftime", ("%Y-%m-%d %H:%M:%S",))?
            .extract();
    }
    let seconds: f64 = value.call_method0("timestamp")?.extract()?;
    Ok(FaspayDateTime::from_unix_seconds(seconds.floor() as i64)
        .py()?
        .to_string())
}
