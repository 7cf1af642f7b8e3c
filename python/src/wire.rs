//! Wire fields (`faspay::Fields`) as plain Python values: `raw` is a dict of str, dict and list.

use faspay::{Fields, WireValue};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// `Fields` → `dict` (order kept).
pub fn fields_to_dict(py: Python<'_>, fields: &Fields) -> PyResult<Py<PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in fields.iter() {
        dict.set_item(key, value_to_py(py, value)?)?;
    }
    Ok(dict.unbind())
}

fn value_to_py(py: Python<'_>, value: &WireValue) -> PyResult<Py<PyAny>> {
    Ok(match value {
        WireValue::Text(text) => text.into_pyobject(py)?.into_any().unbind(),
        WireValue::Object(fields) => fields_to_dict(py, fields)?.into_any(),
        WireValue::List(values) => {
            let list = PyList::empty(py);
            for v in values {
                list.append(value_to_py(py, v)?)?;
            }
            list.into_any().unbind()
        }
    })
}
