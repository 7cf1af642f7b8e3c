//! Signature helpers (core `signature.rs`): `faspay_sign`, one named helper per signed message,
//! `faspay_sign_message` by name, and the constant-time `faspay_verify`. Every signature is 40
//! lowercase hex characters, owned by the caller (free with `faspay_string_free`).
//!
//! Every function here is thread-safe. Arguments are NUL-terminated UTF-8 strings; a NULL one
//! is `FASPAY_STATUS_NULL_ARGUMENT`, invalid UTF-8 `FASPAY_STATUS_INVALID_UTF8`. `err_out` is
//! NULL or a writable slot that receives NULL or an error to free with `faspay_error_free`.

use std::ffi::c_char;

use faspay::SignedMessage;

use crate::boundary::{FfiResult, call, string_call, text};
use crate::error::{faspay_error, faspay_status};

/// Reads the named string arguments, then signs.
///
/// # Safety
/// Every pointer in `args` is NULL or NUL-terminated; `out`/`err_out` as documented above.
unsafe fn sign_with(
    args: &[(*const c_char, &'static str)],
    out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
    sign: impl FnOnce(&[&str]) -> String,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(out, "signature_out", err_out, || {
            let values = args
                .iter()
                .map(|(ptr, name)| text(*ptr, name))
                .collect::<FfiResult<Vec<&str>>>()?;
            Ok(sign(&values))
        })
    }
}

/// `sha1(md5(user_id + password + suffix))` as 40 lowercase hex characters in `*signature_out`.
///
/// # Safety
/// The string arguments are NUL-terminated UTF-8 (NULL: `FASPAY_STATUS_NULL_ARGUMENT`, invalid
/// UTF-8: `FASPAY_STATUS_INVALID_UTF8`); `signature_out` a writable slot (NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`) that receives the signature, owned by the caller (free with
/// `faspay_string_free`), or NULL on failure. Thread-safe. `err_out` is NULL or a writable
/// slot (receives NULL or an error to free with `faspay_error_free`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sign(
    user_id: *const c_char,
    password: *const c_char,
    suffix: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (suffix, "suffix"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::sign(v[0], v[1], v[2])
        })
    }
}

/// Payment Channel Inquiry: `sha1(md5(user_id + password))`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_channel_inquiry_signature(
    user_id: *const c_char,
    password: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [(user_id, "user_id"), (password, "password")];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::channel_inquiry_signature(v[0], v[1])
        })
    }
}

/// Post Data Transaction: `sign(user_id, password, bill_no)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_post_data_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::post_data_signature(v[0], v[1], v[2])
        })
    }
}

/// Inquiry Payment Status: `sign(user_id, password, bill_no)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_inquiry_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::inquiry_signature(v[0], v[1], v[2])
        })
    }
}

/// Cancel Transaction: `sign(user_id, password, bill_no)` (the reason is not signed).
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_cancel_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::cancel_signature(v[0], v[1], v[2])
        })
    }
}

/// The redirect URL's path signature: `sign(user_id, password, bill_no)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_redirect_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::redirect_signature(v[0], v[1], v[2])
        })
    }
}

/// OVO push-to-pay: `sign(user_id, password, trx_id)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_ovo_push_signature(
    user_id: *const c_char,
    password: *const c_char,
    trx_id: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (trx_id, "trx_id"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::ovo_push_signature(v[0], v[1], v[2])
        })
    }
}

/// Payment notification: `sign(user_id, password, bill_no + payment_status_code)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_notification_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    payment_status_code: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
        (payment_status_code, "payment_status_code"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::notification_signature(v[0], v[1], v[2], v[3])
        })
    }
}

/// Return URL: `sign(user_id, password, bill_no + status)`.
///
/// # Safety
/// As `faspay_sign`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_return_url_signature(
    user_id: *const c_char,
    password: *const c_char,
    bill_no: *const c_char,
    status: *const c_char,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    let args = [
        (user_id, "user_id"),
        (password, "password"),
        (bill_no, "bill_no"),
        (status, "status"),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        sign_with(&args, signature_out, err_out, |v| {
            faspay::return_url_signature(v[0], v[1], v[2], v[3])
        })
    }
}

/// Signs a message by name (`"channel_inquiry"`, `"post_data"`, `"inquiry"`, `"cancel"`,
/// `"redirect"`, `"ovo_push"`, `"notification"`, `"return_url"`) with its `values_len` values
/// in order. An unknown name or a wrong number of values is `FASPAY_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// As `faspay_sign`; `values` points to `values_len` non-NULL strings (NULL only with
/// `values_len` 0).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sign_message(
    message: *const c_char,
    user_id: *const c_char,
    password: *const c_char,
    values: *const *const c_char,
    values_len: usize,
    signature_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(signature_out, "signature_out", err_out, || {
            let message = SignedMessage::from_name(text(message, "message")?)?;
            let user_id = text(user_id, "user_id")?;
            let password = text(password, "password")?;
            let pointers = crate::boundary::slice(values, values_len, "values")?;
            let values = pointers
                .iter()
                .map(|p| text(*p, "values"))
                .collect::<FfiResult<Vec<&str>>>()?;
            Ok(message.sign(user_id, password, &values)?)
        })
    }
}

/// Constant-time, case-insensitive comparison of two signatures: `*matches_out` is true when
/// they are equal.
///
/// # Safety
/// `expected` and `received` NUL-terminated strings, `matches_out` a writable `bool` (any
/// NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_verify(
    expected: *const c_char,
    received: *const c_char,
    matches_out: *mut bool,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: NULL or writable per the contract.
        let slot =
            unsafe { matches_out.as_mut() }.ok_or(crate::boundary::Failure::Null("matches_out"))?;
        *slot = false;
        // SAFETY: forwarded contract.
        let (expected, received) =
            unsafe { (text(expected, "expected")?, text(received, "received")?) };
        *slot = faspay::verify(expected, received);
        Ok(())
    })
}
