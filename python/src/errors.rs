//! Maps core errors to the exception classes of `faspay/errors.py` (docs/architecture.md): one class per
//! stable code, imported once, and an extension trait so each call site maps with `.py()?`.

use faspay::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The Python class name of each code. The `match` is exhaustive, so a new core code fails
/// to compile here until it is mapped; the Python test walks `ERROR_CODES` at run time.
pub fn class_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidArgument => "ValidationError",
        ErrorCode::InvalidSignature => "SignatureError",
        ErrorCode::ApiError => "ApiError",
        ErrorCode::Transport => "TransportError",
        ErrorCode::Timeout => "TimeoutError",
        ErrorCode::MalformedResponse => "MalformedResponseError",
        ErrorCode::Internal => "FaspayError",
    }
}

/// One cached class per code, in the order of `ErrorCode::ALL`.
static CLASSES: [PyOnceLock<Py<PyType>>; ErrorCode::ALL.len()] =
    [const { PyOnceLock::new() }; ErrorCode::ALL.len()];

fn exception_class(py: Python<'_>, code: ErrorCode) -> PyResult<&Bound<'_, PyType>> {
    let index = ErrorCode::ALL
        .iter()
        .position(|c| *c == code)
        .unwrap_or(ErrorCode::ALL.len() - 1);
    CLASSES[index].import(py, "faspay.errors", class_name(code))
}

/// Builds the exception instance for a core error.
pub fn exception<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", err.code().as_str())?;
    kwargs.set_item("field", err.field())?;
    kwargs.set_item("response_code", err.response_code())?;
    kwargs.set_item("response_desc", err.response_desc())?;
    kwargs.set_item("http_status", err.http_status())?;
    kwargs.set_item("request_sent", err.request_sent())?;
    exception_class(py, err.code())?.call((err.message(),), Some(&kwargs))
}

/// The `PyErr` for a core error (if even building the exception fails, that failure).
pub fn to_py_err(err: &Error) -> PyErr {
    Python::attach(|py| match exception(py, err) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    })
}

/// Runs a core call, turning a panic (a bug) into `INTERNAL`, which Python sees as
/// `faspay.FaspayError` instead of pyo3's `PanicException` (a `BaseException` that
/// `except Exception` would not catch).
pub fn guarded<T>(call: impl FnOnce() -> faspay::Result<T>) -> faspay::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorCode::Internal,
            "internal error in faspay (a bug: please report it)",
        ))
    })
}

/// `result.py()?` turns a core error into its Python exception.
pub trait ResultExt<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> ResultExt<T> for faspay::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(|e| to_py_err(&e))
    }
}

/// `ValidationError` about a field, for type problems found while converting Python input.
pub fn invalid_field(field: &str, message: impl std::fmt::Display) -> PyErr {
    to_py_err(&Error::invalid_field(field, message))
}

/// The exception a given code maps to, built from a message (the test hook behind
/// `_native._error_for_code`, so the mapping can be checked code by code).
#[pyfunction]
#[pyo3(name = "_error_for_code")]
pub fn error_for_code<'py>(
    py: Python<'py>,
    code: &str,
    message: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let code = ErrorCode::parse(code).ok_or_else(|| {
        to_py_err(&Error::invalid_field(
            "code",
            format!("unknown code {code:?}"),
        ))
    })?;
    exception(py, &Error::new(code, message))
}

/// Every stable code, in the core's order.
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic inside a guarded core call (a bug) comes back as `INTERNAL`, which Python
    /// raises as `faspay.FaspayError` (tests/test_errors.py checks that mapping); results and
    /// ordinary errors pass through untouched.
    #[test]
    fn a_panic_in_a_core_call_becomes_internal() {
        let err = guarded::<()>(|| panic!("a bug in the core")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Internal);
        assert!(
            err.message().contains("please report it"),
            "{}",
            err.message()
        );
        assert!(
            !err.message().contains("a bug in the core"),
            "the payload stays inside"
        );
        assert_eq!(guarded(|| Ok(5)).unwrap(), 5);
        let invalid = guarded::<()>(|| Err(Error::invalid_field("x", "bad"))).unwrap_err();
        assert_eq!(invalid.code(), ErrorCode::InvalidArgument);
        assert_eq!(invalid.field(), Some("x"));
    }
}
