//! Faspay's codes (core `codes.rs`): the documented meaning of a `response_code` and of a
//! `payment_status_code`, for logs and messages. Results already carry `is_paid`/`is_final`.

use std::ffi::c_char;

use faspay::{Error, PaymentStatusCode};

use crate::boundary::{optional_string_call, string_call, text};
use crate::error::{faspay_error, faspay_status};

/// Faspay's documented meaning of a `response_code` (`"00"`, `"14"`, `"55"`, ...):
/// `*description_out` owns it (free with `faspay_string_free`), or is NULL for a code Faspay
/// does not document.
///
/// # Safety
/// `code` a NUL-terminated string and `description_out` a writable slot (either NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_response_code_description(
    code: *const c_char,
    description_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        optional_string_call(description_out, "description_out", err_out, || {
            let code = text(code, "code")?;
            Ok(faspay::response_code_description(code).map(str::to_string))
        })
    }
}

/// Faspay's English meaning of a `payment_status_code` (`2`: `"Payment Success"`; a value
/// Faspay does not define: `"Undefined status"`). On success `*description_out` owns it (free
/// with `faspay_string_free`); a code outside 0..=255 is `FASPAY_STATUS_INVALID_ARGUMENT`
/// (field `code`).
///
/// # Safety
/// `description_out` a writable slot (NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL
/// or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_payment_status_description(
    code: i64,
    description_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(description_out, "description_out", err_out, || {
            let value =
                u8::try_from(code).map_err(|_| Error::invalid_field("code", "must be 0 to 255"))?;
            Ok(PaymentStatusCode::from_value(value)
                .description()
                .to_string())
        })
    }
}
