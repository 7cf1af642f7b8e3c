//! The bill: a Python mapping with Faspay's field names → `faspay::Bill`. Values are turned
//! into the JSON tree the core's `Bill::from_json_value` reads (amounts, dates and text rules
//! stay in the core), so every error names the field path, e.g. `item[0].amount`.

use crate::args::{type_name, wrong_type};
use faspay::{Bill, FaspayDateTime};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use serde::Deserialize;

use crate::amount::{decimal_class, decimal_text};
use crate::bill_de::PyValue;
use crate::errors::{ResultExt, invalid_field};

pub(crate) static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Reads a bill from a mapping: the Python values go straight into the core's JSON tree (no
/// JSON text in between) and the core reads the bill from it.
pub fn bill_from_py(bill: &Bound<'_, PyAny>) -> PyResult<Bill> {
    let py = bill.py();
    if !bill.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        return Err(wrong_type(
            "bill",
            "a mapping (a dict with Faspay's field names)",
            &type_name(bill),
        ));
    }
    // A plain dict of Faspay's own keys goes straight into the core's reader; anything else
    // (keys the core moves into `extra`, other mappings, any fault) takes the full path.
    if bill.is_instance_of::<PyDict>()
        && let Ok(bill) = Bill::deserialize(PyValue {
            value: bill,
            depth: 0,
        })
    {
        return Ok(bill);
    }
    let json = to_json(bill, &Path::Root, 0)?;
    Bill::from_json_value(json).py()
}

/// Deepest nesting read: the core's bound (a bill is two levels deep); also stops a dict that
/// contains itself.
use faspay::codec::MAX_DEPTH;

/// Where a value sits in the bill, spelled out (`item[0].amount`) only when an error names it.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn field(&self) -> String {
        match self {
            Path::Root => "bill".to_string(),
            _ => {
                let mut out = String::new();
                self.write(&mut out);
                out
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push_str(&format!("[{i}]"));
            }
        }
    }
}

/// A `str` as UTF-8. One holding a lone surrogate (`"\\ud800"`, half a UTF-16 pair) is not
/// text: a `ValidationError` naming the field, not Python's bare `UnicodeEncodeError`.
fn text_of<'a>(
    text: &'a Bound<'_, PyString>,
    path: &Path<'_>,
) -> PyResult<std::borrow::Cow<'a, str>> {
    text.to_cow().map_err(|_| {
        invalid_field(
            &path.field(),
            "contains a lone surrogate (half a UTF-16 pair), which is not text; fix the string",
        )
    })
}

/// One Python value as JSON. Types the core cannot read are refused here with the path.
/// Text comes first: nearly every value of a bill is a `str`.
fn to_json(value: &Bound<'_, PyAny>, path: &Path<'_>, depth: usize) -> PyResult<Value> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text_of(text, path)?.into_owned()));
    }
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
        return Err(invalid_field(&path.field(), "integer out of range"));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        // The core accepts a float only if its shortest decimal form has at most 2 places.
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| invalid_field(&path.field(), "not a finite number"));
    }
    if depth >= MAX_DEPTH {
        return Err(invalid_field(&path.field(), "nested too deeply"));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return mapping_to_json(dict.iter(), path, depth);
    }
    if value.is_instance(decimal_class(py)?)? {
        if !value.call_method0("is_finite")?.extract::<bool>()? {
            return Err(invalid_field(&path.field(), "not a finite number"));
        }
        return Ok(Value::String(decimal_text(value)?));
    }
    if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return datetime_text(value).map(Value::String);
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        return Err(invalid_field(
            &path.field(),
            "a date needs a time: pass a datetime or \"YYYY-MM-DD HH:MM:SS\"",
        ));
    }
    if value.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        let items = value.call_method0("items")?.try_iter()?;
        let mut pairs = Vec::new();
        for pair in items {
            pairs.push(pair?.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?);
        }
        return mapping_to_json(pairs.into_iter(), path, depth);
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            out.push(to_json(&item?, &Path::Index(path, i), depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    let type_name = value.get_type().name()?.to_string();
    Err(invalid_field(
        &path.field(),
        format!("unsupported type {type_name}"),
    ))
}

fn mapping_to_json<'py>(
    items: impl ExactSizeIterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    path: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    let mut out = Map::with_capacity(items.len());
    for (key, value) in items {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(invalid_field(&path.field(), "keys must be strings"));
        };
        let key = text_of(key, path)?;
        if out.contains_key(key.as_ref()) {
            return Err(invalid_field(
                &path.field(),
                format!("key {key:?} is repeated"),
            ));
        }
        let json = to_json(&value, &Path::Key(path, &key), depth + 1)?;
        out.insert(key.into_owned(), json);
    }
    Ok(Value::Object(out))
}

/// A `datetime` as Faspay time text: an aware one is converted to WIB by the core, a naive
/// one is taken as WIB wall-clock time (docs/architecture.md).
pub(crate) fn datetime_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
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
