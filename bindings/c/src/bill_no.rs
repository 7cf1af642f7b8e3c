//! Bill numbers (core `bill_no.rs`): the fixed-length generator and the check that warns when
//! a numbering lets one bill number be another plus a status digit (see the core's docs).

use std::ffi::c_char;

use crate::boundary::{FfiResult, optional_string_call, slice, string_call, text};
use crate::error::{faspay_error, faspay_status};

/// The length of the bill numbers `faspay_bill_no_generate` returns (16).
pub const FASPAY_GENERATED_BILL_NO_LENGTH: usize = 16;
// cbindgen writes the literal above into the header; this keeps it the core's number.
const _: () = assert!(FASPAY_GENERATED_BILL_NO_LENGTH == faspay::bill_no::GENERATED_LEN);

/// A new bill number: 16 decimal digits, the first never `0`, from the operating system's
/// secure random source. On success `*bill_no_out` owns it (free with `faspay_string_free`);
/// `FASPAY_STATUS_INTERNAL` only when the OS has no random source.
///
/// # Safety
/// `bill_no_out` a writable slot (NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a
/// writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_bill_no_generate(
    bill_no_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(bill_no_out, "bill_no_out", err_out, || {
            Ok(faspay::bill_no::generate()?)
        })
    }
}

/// Checks `bill_nos_len` of a merchant's bill numbers: `*warning_out` is NULL when they show
/// no risk (for example all have one length), else an owned warning text naming the colliding
/// pair or the lengths (free with `faspay_string_free`).
///
/// # Safety
/// `bill_nos` points to `bill_nos_len` NUL-terminated strings (NULL only with length 0);
/// `warning_out` a writable slot (NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a
/// writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_bill_no_prefix_risk(
    bill_nos: *const *const c_char,
    bill_nos_len: usize,
    warning_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        optional_string_call(warning_out, "warning_out", err_out, || {
            let pointers = slice(bill_nos, bill_nos_len, "bill_nos")?;
            let numbers = pointers
                .iter()
                // SAFETY: each pointer is NULL or NUL-terminated per the contract.
                .map(|p| text(*p, "bill_nos"))
                .collect::<FfiResult<Vec<&str>>>()?;
            Ok(faspay::bill_no::prefix_risk(&numbers))
        })
    }
}
