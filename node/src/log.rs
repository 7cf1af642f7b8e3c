//! The core's logger hook → a JS callback (`logger` option), called on the main thread through
//! a thread-safe function. Events carry the operation, method, path, status and elapsed time,
//! never a secret.

use std::sync::Arc;

use faspay::{Error, LogEvent, Logger};
use napi::ValueType;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};

use crate::errors::invalid_field;

/// One HTTP attempt, as the `logger` callback receives it.
#[napi(
    object,
    object_from_js = false,
    js_name = "LogEvent",
    use_nullable = true
)]
pub struct LogEventJs {
    /// The operation name (`create_transaction`, ...).
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The request path (no query string, no signature).
    pub path: String,
    /// The HTTP status, when a response arrived.
    pub status: Option<u32>,
    /// Time from sending to the end of the response, in milliseconds.
    pub elapsed_ms: f64,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The error code, when the attempt failed.
    pub error: Option<String>,
    /// A usage warning for the merchant's developers (then `attempt` is 0 and there is no
    /// status): log it at warning level. `null` for an HTTP attempt.
    pub warning: Option<String>,
    /// A one-line summary: `create_transaction POST /cvr/300011/10 -> 200 in 12 ms (attempt 1)`.
    pub summary: String,
}

impl From<&LogEvent> for LogEventJs {
    fn from(e: &LogEvent) -> Self {
        LogEventJs {
            operation: e.operation.to_string(),
            method: e.method.to_string(),
            path: e.path.clone(),
            status: e.status.map(u32::from),
            elapsed_ms: e.elapsed.as_secs_f64() * 1000.0,
            attempt: e.attempt,
            error: e.error.map(|c| c.as_str().to_string()),
            warning: e.warning.clone(),
            summary: e.summary(),
        }
    }
}

type LogFn = ThreadsafeFunction<LogEventJs, (), LogEventJs, Status, false, true>;

/// A core `Logger` that queues each event to `callback` on the JS thread. The function is weak
/// (it does not keep Node alive), and an exception it throws is dropped: logging must not turn
/// a payment call into an error.
pub fn bridge(callback: &Unknown<'_>) -> std::result::Result<Logger, Error> {
    let napi = |e: napi::Error| invalid_field("logger", e.reason.clone());
    if callback.get_type().map_err(napi)? != ValueType::Function {
        return Err(invalid_field("logger", "must be a function"));
    }
    let function = unsafe { callback.cast::<Function<LogEventJs, ()>>() }.map_err(napi)?;
    let tsfn: LogFn = function
        .build_threadsafe_function()
        .weak::<true>()
        .callee_handled::<false>()
        .build()
        .map_err(napi)?;
    let tsfn = Arc::new(tsfn);
    Ok(Logger(Arc::new(move |event: &LogEvent| {
        tsfn.call_with_return_value(
            LogEventJs::from(event),
            ThreadsafeFunctionCallMode::NonBlocking,
            |_result, _env| Ok(()),
        );
    })))
}
