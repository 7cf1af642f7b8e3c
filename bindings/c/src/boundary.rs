//! The panic boundary and argument checks every exported function goes through: a panic never
//! crosses into C, NULL pointers and invalid UTF-8 get their own statuses, and results are
//! written to `*_out` parameters only on success (they are set to NULL first).

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use crate::error::{faspay_error, faspay_status};

/// Why a call failed, before it becomes a `faspay_error`.
pub enum Failure {
    /// An SDK error with its code and details.
    Core(faspay::Error),
    /// A required pointer argument (named) was NULL.
    Null(&'static str),
    /// A string argument (named) was not UTF-8.
    Utf8(&'static str),
    /// Something panicked.
    Panic,
}

impl Failure {
    fn status(&self) -> faspay_status {
        match self {
            Failure::Core(e) => faspay_status::from_code(e.code()),
            Failure::Null(_) => faspay_status::FASPAY_STATUS_NULL_ARGUMENT,
            Failure::Utf8(_) => faspay_status::FASPAY_STATUS_INVALID_UTF8,
            Failure::Panic => faspay_status::FASPAY_STATUS_PANIC,
        }
    }
}

impl From<faspay::Error> for Failure {
    fn from(e: faspay::Error) -> Failure {
        Failure::Core(e)
    }
}

/// The result type of a call body.
pub type FfiResult<T> = Result<T, Failure>;

/// The value a non-status function returns when its body panicked.
pub trait PanicDefault {
    fn panic_default() -> Self;
}

impl PanicDefault for () {
    fn panic_default() {}
}
impl PanicDefault for bool {
    fn panic_default() -> bool {
        false
    }
}
impl PanicDefault for std::ffi::c_int {
    fn panic_default() -> Self {
        0
    }
}
impl PanicDefault for u64 {
    fn panic_default() -> Self {
        0
    }
}
impl<T> PanicDefault for *const T {
    fn panic_default() -> Self {
        ptr::null()
    }
}
impl<T> PanicDefault for *mut T {
    fn panic_default() -> Self {
        ptr::null_mut()
    }
}
impl PanicDefault for faspay_status {
    fn panic_default() -> Self {
        faspay_status::FASPAY_STATUS_PANIC
    }
}

/// Runs `body`, turning a panic into the type's fallback value.
pub fn guard<T: PanicDefault>(body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| T::panic_default())
}

/// Runs a fallible body: returns its status and, when `err_out` is not NULL, stores NULL on
/// success or a new `faspay_error` on failure.
pub fn call(
    err_out: *mut *mut faspay_error,
    body: impl FnOnce() -> FfiResult<()>,
) -> faspay_status {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or(Err(Failure::Panic));
    let (status, error) = match outcome {
        Ok(()) => (faspay_status::FASPAY_STATUS_OK, ptr::null_mut()),
        Err(failure) => {
            let status = failure.status();
            let error = if err_out.is_null() {
                ptr::null_mut()
            } else {
                // Building the error allocates; a panic there must not escape either.
                catch_unwind(AssertUnwindSafe(|| {
                    Box::into_raw(Box::new(faspay_error::from_failure(failure)))
                }))
                .unwrap_or(ptr::null_mut())
            };
            (status, error)
        }
    };
    if !err_out.is_null() {
        // SAFETY: the caller passes NULL or a writable `faspay_error *` slot.
        unsafe { *err_out = error };
    }
    status
}

/// A required string argument.
///
/// # Safety
/// `text` is NULL or a NUL-terminated string that outlives the call.
pub unsafe fn text<'a>(text: *const c_char, name: &'static str) -> FfiResult<&'a str> {
    if text.is_null() {
        return Err(Failure::Null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    unsafe { CStr::from_ptr(text) }
        .to_str()
        .map_err(|_| Failure::Utf8(name))
}

/// An optional string argument (NULL means absent).
///
/// # Safety
/// As [`text`].
pub unsafe fn opt_text<'a>(ptr: *const c_char, name: &'static str) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { text(ptr, name) }.map(Some)
    }
}

/// A byte buffer argument; NULL is accepted only with `len == 0`.
///
/// # Safety
/// `data` points to `len` readable bytes (or is NULL with `len == 0`).
pub unsafe fn bytes<'a>(data: *const u8, len: usize, name: &'static str) -> FfiResult<&'a [u8]> {
    // SAFETY: forwarded contract.
    unsafe { slice(data, len, name) }
}

/// A required handle argument.
///
/// # Safety
/// `handle` is NULL or a live handle of type `T` from this library.
pub unsafe fn handle<'a, T>(handle: *const T, name: &'static str) -> FfiResult<&'a T> {
    // SAFETY: NULL or live per the caller's contract.
    unsafe { handle.as_ref() }.ok_or(Failure::Null(name))
}

/// A required out parameter, cleared (set to NULL) before the body runs.
///
/// # Safety
/// `out` is NULL or a writable slot.
pub unsafe fn out_slot<'a, T>(out: *mut *mut T, name: &'static str) -> FfiResult<&'a mut *mut T> {
    // SAFETY: NULL or writable per the caller's contract.
    let slot = unsafe { out.as_mut() }.ok_or(Failure::Null(name))?;
    *slot = ptr::null_mut();
    Ok(slot)
}

/// Owned text for the caller (free with `faspay_string_free`).
pub fn owned_string(text: String) -> FfiResult<*mut c_char> {
    CString::new(text).map(CString::into_raw).map_err(|_| {
        Failure::Core(faspay::Error::new(
            faspay::ErrorCode::Internal,
            "a result contains a NUL byte",
        ))
    })
}

/// The common shape "compute a string, hand it out through `out`".
///
/// # Safety
/// `out` is NULL or a writable `char *` slot; `err_out` NULL or a writable error slot.
pub unsafe fn string_call(
    out: *mut *mut c_char,
    out_name: &'static str,
    err_out: *mut *mut faspay_error,
    body: impl FnOnce() -> FfiResult<String>,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { optional_string_call(out, out_name, err_out, || body().map(Some)) }
}

/// As `string_call`, for an answer that may be absent: `*out` stays NULL for `None`.
///
/// # Safety
/// `out` is NULL or a writable `char *` slot; `err_out` NULL or a writable error slot.
pub unsafe fn optional_string_call(
    out: *mut *mut c_char,
    out_name: &'static str,
    err_out: *mut *mut faspay_error,
    body: impl FnOnce() -> FfiResult<Option<String>>,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: forwarded contract.
        let slot = unsafe { out_slot(out, out_name) }?;
        if let Some(text) = body()? {
            *slot = owned_string(text)?;
        }
        Ok(())
    })
}

/// An array argument; NULL is accepted only with `len == 0`.
///
/// # Safety
/// `data` points to `len` readable elements (or is NULL with `len == 0`).
pub unsafe fn slice<'a, T>(data: *const T, len: usize, name: &'static str) -> FfiResult<&'a [T]> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::Null(name))
        };
    }
    // SAFETY: `len` readable elements per the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{faspay_error_code, faspay_error_free, faspay_error_message};

    #[test]
    fn a_panic_becomes_the_panic_status_with_an_error_object() {
        let mut err: *mut faspay_error = ptr::null_mut();
        let status = call(&mut err, || panic!("boom"));
        assert_eq!(status, faspay_status::FASPAY_STATUS_PANIC);
        assert!(!err.is_null());
        unsafe {
            assert_eq!(faspay_error_code(err), faspay_status::FASPAY_STATUS_PANIC);
            let message = CStr::from_ptr(faspay_error_message(err)).to_str().unwrap();
            assert!(message.contains("bug"), "{message}");
            assert!(!message.contains("boom"), "the panic payload stays inside");
            faspay_error_free(err);
        }
        // Without an error slot, and for functions returning values.
        assert_eq!(
            call(ptr::null_mut(), || panic!("boom")),
            faspay_status::FASPAY_STATUS_PANIC
        );
        assert!(guard::<*const c_char>(|| panic!("boom")).is_null());
        assert!(!guard::<bool>(|| panic!("boom")));
    }

    #[test]
    fn string_calls_clear_the_out_slot_before_failing() {
        let mut out: *mut c_char = 7 as *mut c_char;
        let status = unsafe {
            string_call(&mut out, "out", ptr::null_mut(), || {
                Err(Failure::Null("argument"))
            })
        };
        assert_eq!(status, faspay_status::FASPAY_STATUS_NULL_ARGUMENT);
        assert!(out.is_null());
    }
}
