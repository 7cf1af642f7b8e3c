//! The client's logging hook as a C callback: one `faspay_log_event` per HTTP attempt, with the
//! operation, method, path, status, elapsed time and error code, or a usage warning; never a
//! secret.

use std::ffi::{CString, c_char, c_int, c_void};
use std::ptr;
use std::sync::{Arc, RwLock};

use faspay::{LogEvent, Logger};

use crate::error::c_text;

/// One HTTP attempt, as handed to a `faspay_log_callback`. Every pointer is borrowed and valid
/// only during the callback.
#[repr(C)]
pub struct faspay_log_event {
    /// The operation (`"create_transaction"`, ...).
    pub operation: *const c_char,
    /// The HTTP method.
    pub method: *const c_char,
    /// The request path (no query string, no signature).
    pub path: *const c_char,
    /// The HTTP status, or 0 when no response arrived.
    pub http_status: c_int,
    /// Milliseconds from sending to the end of the response.
    pub elapsed_ms: f64,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The error code name (`"TIMEOUT"`, ...) when the attempt failed, else NULL.
    pub error_code: *const c_char,
    /// A warning about how the API is used (log it at warning level), else NULL. A warning
    /// event is not an HTTP attempt: `attempt` is 0, `http_status` 0, `method` and `path` "".
    pub warning: *const c_char,
}

/// A logging callback: `user_data` is what was given to `faspay_client_set_logger`. It runs
/// on the thread making the call and must not call back into the same client.
pub type faspay_log_callback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event: *const faspay_log_event)>;

struct Target {
    callback: unsafe extern "C" fn(*mut c_void, *const faspay_log_event),
    user_data: *mut c_void,
}

// SAFETY: the caller of `faspay_client_set_logger` promises that the callback and its
// `user_data` may be used from any thread that uses the client (documented there).
unsafe impl Send for Target {}
// SAFETY: as above.
unsafe impl Sync for Target {}

/// The callback slot of one client; replaced at any time by `faspay_client_set_logger`.
#[derive(Default)]
pub struct LoggerSlot(RwLock<Option<Target>>);

impl LoggerSlot {
    /// Replaces the callback (`None` turns logging off).
    pub fn set(&self, callback: faspay_log_callback, user_data: *mut c_void) {
        let target = callback.map(|callback| Target {
            callback,
            user_data,
        });
        match self.0.write() {
            Ok(mut guard) => *guard = target,
            Err(poisoned) => *poisoned.into_inner() = target,
        }
    }

    fn emit(&self, event: &LogEvent) {
        let Ok(guard) = self.0.read() else { return };
        let Some(target) = guard.as_ref() else { return };
        let operation = c_text(event.operation);
        let method = c_text(event.method);
        let path = c_text(&event.path);
        let error: Option<CString> = event.error.map(|e| c_text(e.as_str()));
        let warning: Option<CString> = event.warning.as_deref().map(c_text);
        let c_event = faspay_log_event {
            operation: operation.as_ptr(),
            method: method.as_ptr(),
            path: path.as_ptr(),
            http_status: c_int::from(event.status.unwrap_or(0)),
            elapsed_ms: event.elapsed.as_secs_f64() * 1000.0,
            attempt: event.attempt,
            error_code: error.as_ref().map_or(ptr::null(), |e| e.as_ptr()),
            warning: warning.as_ref().map_or(ptr::null(), |w| w.as_ptr()),
        };
        // SAFETY: the callback was registered for this client with this user_data; the event
        // and its strings live until it returns.
        unsafe { (target.callback)(target.user_data, &c_event) };
    }

    /// A core logger forwarding to this slot.
    pub fn core_logger(self: &Arc<Self>) -> Logger {
        let slot = Arc::clone(self);
        Logger(Arc::new(move |event: &LogEvent| slot.emit(event)))
    }
}
