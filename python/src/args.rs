//! Function arguments as Python passed them. pyo3 converts each argument before the function
//! body runs and raises its own `TypeError` (no code, no field) for a wrong type; `Arg<T>`
//! keeps pyo3's conversion but holds a failure instead, so the body raises the SDK's error:
//! `faspay.ArgumentTypeError` (code `INVALID_ARGUMENT`, a `ValidationError` and a `TypeError`)
//! naming the argument in `field`, or a `ValidationError` naming it for a value of the right
//! type that cannot be read (a lone surrogate, a number out of range).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyType};

use crate::errors::invalid_field;

/// One argument, converted to `T` by pyo3, or why it could not be.
pub struct Arg<T>(std::result::Result<T, Refused>);

pub enum Refused {
    /// Not a `T` at all: the Python type's name.
    WrongType(String),
    /// The right type, but no `T` can hold it: pyo3's message.
    BadValue(String),
}

impl<'a, 'py, T: FromPyObject<'a, 'py> + Expected> FromPyObject<'a, 'py> for Arg<T> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // `bool` is an `int` subclass, so pyo3 reads `True` as 1 or 1.0: `timeout=True` would
        // be one second. A number argument refuses it as the wrong type.
        if T::NUMBER && obj.is_instance_of::<PyBool>() {
            return Ok(Arg(Err(Refused::WrongType("bool".into()))));
        }
        match T::extract(obj) {
            Ok(value) => Ok(Arg(Ok(value))),
            Err(err) => {
                let err: PyErr = err.into();
                let py = obj.py();
                Ok(Arg(Err(if err.is_instance_of::<PyTypeError>(py) {
                    Refused::WrongType(type_name(&obj))
                } else {
                    Refused::BadValue(err.value(py).to_string())
                })))
            }
        }
    }
}

/// The name of a value's type, as Python's own messages give it.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

impl<T> Arg<T> {
    /// An argument already converted: a default value.
    pub const fn ok(value: T) -> Arg<T> {
        Arg(Ok(value))
    }
}

impl Arg<String> {
    /// The text, borrowed from the argument, or the SDK's error naming it `name`.
    pub fn text(&self, name: &str) -> PyResult<&str> {
        match &self.0 {
            Ok(value) => Ok(value),
            Err(Refused::WrongType(got)) => Err(wrong_type(name, "a str", got)),
            Err(Refused::BadValue(message)) => Err(invalid_field(name, message)),
        }
    }
}

impl<T: Expected> Arg<T> {
    /// The converted value, or the SDK's error naming the argument `name`.
    pub fn get(self, name: &str) -> PyResult<T> {
        match self.0 {
            Ok(value) => Ok(value),
            Err(Refused::WrongType(got)) => Err(wrong_type(name, T::WHAT, &got)),
            Err(Refused::BadValue(message)) => Err(invalid_field(name, message)),
        }
    }
}

static ARGUMENT_TYPE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `faspay.ArgumentTypeError` carrying a core error's code, field and message: for a call
/// Python itself would refuse with a `TypeError` (an unexpected keyword).
pub fn core_type_error(error: &faspay::Error) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let class = ARGUMENT_TYPE_ERROR.import(py, "faspay.errors", "ArgumentTypeError")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("code", error.code().as_str())?;
            kwargs.set_item("field", error.field())?;
            Ok(PyErr::from_value(
                class.call((error.message(),), Some(&kwargs))?,
            ))
        };
        build().unwrap_or_else(|failure| failure)
    })
}

/// `faspay.ArgumentTypeError` for the argument `name`: it must be `expected`, not a `got`.
pub fn wrong_type(name: &str, expected: &str, got: &str) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let class = ARGUMENT_TYPE_ERROR.import(py, "faspay.errors", "ArgumentTypeError")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("code", "INVALID_ARGUMENT")?;
            kwargs.set_item("field", name)?;
            let message = format!("{name} must be {expected}, not {got}");
            Ok(PyErr::from_value(class.call((message,), Some(&kwargs))?))
        };
        build().unwrap_or_else(|failure| failure)
    })
}

/// What an argument of this Rust type must be, as the error says it.
pub trait Expected {
    const WHAT: &'static str;
    /// A number type, which refuses a `bool` (see `Arg`'s extraction).
    const NUMBER: bool = false;
}

impl Expected for String {
    const WHAT: &'static str = "a str";
}
impl Expected for f64 {
    const WHAT: &'static str = "a number";
    const NUMBER: bool = true;
}
impl Expected for u8 {
    const WHAT: &'static str = "an int";
    const NUMBER: bool = true;
}
impl Expected for bool {
    const WHAT: &'static str = "a bool";
}
impl Expected for Vec<String> {
    const WHAT: &'static str = "a list of str";
}
impl Expected for std::collections::BTreeMap<String, String> {
    const WHAT: &'static str = "a mapping of str to str";
}
impl<T: Expected> Expected for Option<T> {
    const WHAT: &'static str = T::WHAT;
    const NUMBER: bool = T::NUMBER;
}
