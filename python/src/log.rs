//! The core's logger hook → a Python `logging.Logger` (by default `logging.getLogger("faspay")`).
//! Events carry the operation, method, path, status and elapsed time, never a secret.

use std::sync::Arc;

use faspay::{LogEvent, Logger};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args::{type_name, wrong_type};

/// `logging.DEBUG` for a completed attempt, `logging.WARNING` for a failed one or a usage
/// warning (such as a bill numbering open to the prefix attack).
const DEBUG: u8 = 10;
const WARNING: u8 = 30;

/// The default logger, `logging.getLogger("faspay")`.
pub fn default_logger(py: Python<'_>) -> PyResult<Py<PyAny>> {
    Ok(py
        .import("logging")?
        .call_method1("getLogger", ("faspay",))?
        .unbind())
}

/// `logger` if it can log like a `logging.Logger` (a `LoggerAdapter` can too). Anything else,
/// such as a logger's name, is an `ArgumentTypeError` on `logger` now: every log call would
/// fail silently later (a failing logger never fails a payment call).
pub fn checked(logger: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let callable = |name: &str| {
        logger
            .getattr(name)
            .map(|method| method.is_callable())
            .unwrap_or(false)
    };
    if callable("log") && callable("isEnabledFor") {
        return Ok(logger.clone().unbind());
    }
    Err(wrong_type(
        "logger",
        "a logging.Logger (logging.getLogger(name))",
        &type_name(logger),
    ))
}

/// A core `Logger` that forwards each event to `logger`. The core calls it from the thread
/// doing the request, with the GIL released, so it attaches to the interpreter itself.
pub fn bridge(logger: Py<PyAny>) -> Logger {
    Logger(Arc::new(move |event: &LogEvent| {
        Python::attach(|py| {
            // A failing handler must not turn a payment call into an error; logging's own
            // handlers already report their failures through `logging.raiseExceptions`.
            let _ = emit(py, logger.bind(py), event);
        })
    }))
}

fn emit(py: Python<'_>, logger: &Bound<'_, PyAny>, event: &LogEvent) -> PyResult<()> {
    let level = if event.error.is_some() || event.warning.is_some() {
        WARNING
    } else {
        DEBUG
    };
    if !logger
        .call_method1("isEnabledFor", (level,))?
        .extract::<bool>()?
    {
        return Ok(());
    }
    let extra = PyDict::new(py);
    extra.set_item("faspay_operation", event.operation)?;
    extra.set_item("faspay_method", event.method)?;
    extra.set_item("faspay_path", &event.path)?;
    extra.set_item("faspay_status", event.status)?;
    extra.set_item("faspay_elapsed_ms", event.elapsed.as_secs_f64() * 1000.0)?;
    extra.set_item("faspay_attempt", event.attempt)?;
    extra.set_item("faspay_error", event.error.map(|e| e.as_str()))?;
    extra.set_item("faspay_warning", event.warning.as_deref())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("extra", extra)?;
    logger.call_method("log", (level, "faspay %s", event.summary()), Some(&kwargs))?;
    Ok(())
}
