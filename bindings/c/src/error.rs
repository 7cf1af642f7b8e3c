//! Error reporting across the C ABI: the stable `faspay_status` numbers every fallible function
//! returns, and the optional `faspay_error` object with the details (code, message, field,
//! Faspay's response code, whether the request was sent).

use std::ffi::{CString, c_char, c_int};
use std::ptr;

use faspay::ErrorCode;

use crate::boundary::{Failure, guard};

/// The outcome of a call. The numbers are stable and never reused: 0 is success, 1-99 mirror
/// the SDK's error codes (the same codes every language sees), 100 and up are problems of the
/// C call itself.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum faspay_status {
    /// Success.
    FASPAY_STATUS_OK = 0,
    /// Bad input or configuration, caught before anything was sent (`INVALID_ARGUMENT`).
    FASPAY_STATUS_INVALID_ARGUMENT = 1,
    /// A notification or return URL failed verification (`INVALID_SIGNATURE`).
    FASPAY_STATUS_INVALID_SIGNATURE = 2,
    /// Faspay answered with an error response code (`API_ERROR`).
    FASPAY_STATUS_API_ERROR = 3,
    /// Connect, TLS, reset or a non-2xx HTTP status (`TRANSPORT`).
    FASPAY_STATUS_TRANSPORT = 4,
    /// A connect or read timeout (`TIMEOUT`).
    FASPAY_STATUS_TIMEOUT = 5,
    /// A body that is not the promised XML or JSON (`MALFORMED_RESPONSE`).
    FASPAY_STATUS_MALFORMED_RESPONSE = 6,
    /// A bug in faspay (`INTERNAL`).
    FASPAY_STATUS_INTERNAL = 7,
    /// A required pointer argument was NULL (`NULL_ARGUMENT`).
    FASPAY_STATUS_NULL_ARGUMENT = 100,
    /// A string argument was not valid UTF-8 (`INVALID_UTF8`).
    FASPAY_STATUS_INVALID_UTF8 = 101,
    /// faspay panicked; the call had no effect on the caller's memory (`PANIC`).
    FASPAY_STATUS_PANIC = 102,
}

impl faspay_status {
    /// Every status, for the mapping tests.
    pub const fn all() -> [faspay_status; 11] {
        [
            faspay_status::FASPAY_STATUS_OK,
            faspay_status::FASPAY_STATUS_INVALID_ARGUMENT,
            faspay_status::FASPAY_STATUS_INVALID_SIGNATURE,
            faspay_status::FASPAY_STATUS_API_ERROR,
            faspay_status::FASPAY_STATUS_TRANSPORT,
            faspay_status::FASPAY_STATUS_TIMEOUT,
            faspay_status::FASPAY_STATUS_MALFORMED_RESPONSE,
            faspay_status::FASPAY_STATUS_INTERNAL,
            faspay_status::FASPAY_STATUS_NULL_ARGUMENT,
            faspay_status::FASPAY_STATUS_INVALID_UTF8,
            faspay_status::FASPAY_STATUS_PANIC,
        ]
    }

    /// The status of a core error code. Exhaustive: a new core code fails to compile here.
    pub fn from_code(code: ErrorCode) -> faspay_status {
        match code {
            ErrorCode::InvalidArgument => faspay_status::FASPAY_STATUS_INVALID_ARGUMENT,
            ErrorCode::InvalidSignature => faspay_status::FASPAY_STATUS_INVALID_SIGNATURE,
            ErrorCode::ApiError => faspay_status::FASPAY_STATUS_API_ERROR,
            ErrorCode::Transport => faspay_status::FASPAY_STATUS_TRANSPORT,
            ErrorCode::Timeout => faspay_status::FASPAY_STATUS_TIMEOUT,
            ErrorCode::MalformedResponse => faspay_status::FASPAY_STATUS_MALFORMED_RESPONSE,
            ErrorCode::Internal => faspay_status::FASPAY_STATUS_INTERNAL,
        }
    }

    /// The name shared with the other languages (`"INVALID_ARGUMENT"`), as a C string.
    pub fn name(self) -> &'static std::ffi::CStr {
        match self {
            faspay_status::FASPAY_STATUS_OK => c"OK",
            faspay_status::FASPAY_STATUS_INVALID_ARGUMENT => c"INVALID_ARGUMENT",
            faspay_status::FASPAY_STATUS_INVALID_SIGNATURE => c"INVALID_SIGNATURE",
            faspay_status::FASPAY_STATUS_API_ERROR => c"API_ERROR",
            faspay_status::FASPAY_STATUS_TRANSPORT => c"TRANSPORT",
            faspay_status::FASPAY_STATUS_TIMEOUT => c"TIMEOUT",
            faspay_status::FASPAY_STATUS_MALFORMED_RESPONSE => c"MALFORMED_RESPONSE",
            faspay_status::FASPAY_STATUS_INTERNAL => c"INTERNAL",
            faspay_status::FASPAY_STATUS_NULL_ARGUMENT => c"NULL_ARGUMENT",
            faspay_status::FASPAY_STATUS_INVALID_UTF8 => c"INVALID_UTF8",
            faspay_status::FASPAY_STATUS_PANIC => c"PANIC",
        }
    }
}

/// The details of a failed call. Opaque: read it with the `faspay_error_*` functions and free
/// it with `faspay_error_free`. Immutable, so it may be read from any thread.
pub struct faspay_error {
    status: faspay_status,
    message: CString,
    field: Option<CString>,
    response_code: Option<CString>,
    response_desc: Option<CString>,
    http_status: Option<u16>,
    request_sent: bool,
}

/// Text as a C string; an interior NUL (which no message should contain) becomes a space.
pub(crate) fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', " ")).unwrap_or_default()
}

impl faspay_error {
    pub(crate) fn from_failure(failure: Failure) -> faspay_error {
        let (status, message, field) = match failure {
            Failure::Core(e) => {
                let mut err = faspay_error::bare(faspay_status::from_code(e.code()), e.message());
                err.field = e.field().map(c_text);
                err.response_code = e.response_code().map(c_text);
                err.response_desc = e.response_desc().map(c_text);
                err.http_status = e.http_status();
                err.request_sent = e.request_sent();
                return err;
            }
            Failure::Null(name) => (
                faspay_status::FASPAY_STATUS_NULL_ARGUMENT,
                format!("{name}: must not be NULL"),
                Some(name),
            ),
            Failure::Utf8(name) => (
                faspay_status::FASPAY_STATUS_INVALID_UTF8,
                format!("{name}: is not valid UTF-8"),
                Some(name),
            ),
            Failure::Panic => (
                faspay_status::FASPAY_STATUS_PANIC,
                "internal error in faspay (a bug: please report it)".to_string(),
                None,
            ),
        };
        let mut err = faspay_error::bare(status, &message);
        err.field = field.map(c_text);
        err
    }

    fn bare(status: faspay_status, message: &str) -> faspay_error {
        faspay_error {
            status,
            message: c_text(message),
            field: None,
            response_code: None,
            response_desc: None,
            http_status: None,
            request_sent: false,
        }
    }
}

fn opt_ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(ptr::null(), |t| t.as_ptr())
}

/// Runs `read` on the error, or returns `fallback` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or a live error from this library.
unsafe fn with_error<T: crate::boundary::PanicDefault>(
    err: *const faspay_error,
    fallback: T,
    read: impl FnOnce(&faspay_error) -> T,
) -> T {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer this library returned and not yet freed.
        match unsafe { err.as_ref() } {
            Some(err) => read(err),
            None => fallback,
        }
    })
}

/// The status of the failed call (never `FASPAY_STATUS_OK`).
///
/// # Safety
/// `err` is NULL (answer: `FASPAY_STATUS_NULL_ARGUMENT`) or an error from this library that
/// was not freed. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_code(err: *const faspay_error) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_error(err, faspay_status::FASPAY_STATUS_NULL_ARGUMENT, |e| {
            e.status
        })
    }
}

/// A human message, safe to log (never contains the password or a signature pre-image).
/// Borrowed: valid until `faspay_error_free(err)`; never NULL for a non-NULL `err`.
///
/// # Safety
/// `err` is NULL (answer: NULL) or an error from this library that was not freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_message(err: *const faspay_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, ptr::null(), |e| e.message.as_ptr()) }
}

/// The input field or argument at fault (`"bill_no"`, `"item[0].amount"`, `"config_json"`),
/// or NULL when the error is not about one field. Borrowed: valid until `faspay_error_free`.
///
/// # Safety
/// `err` is NULL (answer: NULL) or an error from this library that was not freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_field(err: *const faspay_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, ptr::null(), |e| opt_ptr(&e.field)) }
}

/// Faspay's `response_code` for `FASPAY_STATUS_API_ERROR` (e.g. `"14"`), else NULL.
/// Borrowed: valid until `faspay_error_free`.
///
/// # Safety
/// `err` is NULL (answer: NULL) or an error from this library that was not freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_response_code(err: *const faspay_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, ptr::null(), |e| opt_ptr(&e.response_code)) }
}

/// Faspay's `response_desc` for `FASPAY_STATUS_API_ERROR`, else NULL. Borrowed: valid until
/// `faspay_error_free`.
///
/// # Safety
/// `err` is NULL (answer: NULL) or an error from this library that was not freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_response_desc(err: *const faspay_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, ptr::null(), |e| opt_ptr(&e.response_desc)) }
}

/// The HTTP status of the response, or 0 when none arrived.
///
/// # Safety
/// `err` is NULL (answer: 0) or an error from this library that was not freed. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_http_status(err: *const faspay_error) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, 0, |e| c_int::from(e.http_status.unwrap_or(0))) }
}

/// Whether request bytes may have reached Faspay. When true after `create_transaction`,
/// `cancel_transaction` or `ovo_push`, ask `payment_status` before trying again.
///
/// # Safety
/// `err` is NULL (answer: false) or an error from this library that was not freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_request_sent(err: *const faspay_error) -> bool {
    // SAFETY: forwarded contract.
    unsafe { with_error(err, false, |e| e.request_sent) }
}

/// Frees an error. NULL is accepted and ignored.
///
/// # Safety
/// `err` is NULL or an error from this library, freed at most once; it must not be used
/// afterwards, nor be in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_error_free(err: *mut faspay_error) {
    guard(|| {
        if !err.is_null() {
            // SAFETY: the pointer came from Box::into_raw in this library and is freed once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

/// The name of a status (`"OK"`, `"INVALID_ARGUMENT"`, ..., `"PANIC"`), the same code names
/// the other languages use; `"UNKNOWN"` for a number that is not a status. Never NULL;
/// static: never free it.
///
/// # Safety
/// None: any integer is accepted. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn faspay_status_str(status: c_int) -> *const c_char {
    guard(|| {
        faspay_status::all()
            .iter()
            .find(|s| **s as c_int == status)
            .map_or(c"UNKNOWN".as_ptr(), |s| s.name().as_ptr())
    })
}

/// Frees a string returned by this library. NULL is accepted and ignored.
///
/// # Safety
/// `text` is NULL or a string this library returned as owned by the caller, freed at most
/// once and not used afterwards.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_string_free(text: *mut c_char) {
    guard(|| {
        if !text.is_null() {
            // SAFETY: every owned string comes from CString::into_raw in this library.
            drop(unsafe { CString::from_raw(text) });
        }
    })
}
