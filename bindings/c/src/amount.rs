//! Amounts (core `amount.rs`): the wire text of a rupiah amount.

use std::ffi::c_char;

use faspay::{Amount, AmountUnit};

use crate::boundary::{string_call, text};
use crate::error::{faspay_error, faspay_status};

/// The rupiah text (`"25000"`, `"25000.50"`) of a float amount, by the core's one float rule
/// (Python's, Node's and PHP's floats follow it too): accepted only when `amount` exactly
/// represents rupiah with at most 2 decimals and its sen are at most 2^53 - 1; `-0.0` is
/// `"0"`. Anything else (`0.1 + 0.2`, `1e16`, NaN, negative) is
/// `FASPAY_STATUS_INVALID_ARGUMENT` with field `amount`. Pass the text to any amount
/// parameter. On success `*text_out` owns the text (free with `faspay_string_free`).
///
/// # Safety
/// `text_out` a writable slot (NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a
/// writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_amount_from_double(
    amount: f64,
    text_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(text_out, "text_out", err_out, || {
            Ok(Amount::from_f64(amount)?.to_string())
        })
    }
}

/// The wire text of `amount` (rupiah as a decimal string such as `"25000"` or `"25000.50"`) in
/// `unit` (`"sen"`: rupiah x 100, or `"rupiah"`). An amount that is negative, has more than 2
/// decimals or is too large is `FASPAY_STATUS_INVALID_ARGUMENT`. On success `*wire_out` owns
/// the text (free with `faspay_string_free`).
///
/// # Safety
/// `amount`, `unit` NUL-terminated strings, `wire_out` a writable slot (any NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_amount_to_wire(
    amount: *const c_char,
    unit: *const c_char,
    wire_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(wire_out, "wire_out", err_out, || {
            let amount = Amount::parse(text(amount, "amount")?)?;
            let unit = AmountUnit::parse_field(text(unit, "unit")?, "unit")?;
            Ok(amount.to_wire(unit)?)
        })
    }
}
