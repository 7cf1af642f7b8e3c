//! The status inquiry's answer (core `model.rs` `PaymentStatus`): its rules for a caller that
//! holds the answer as the JSON `faspay_client_payment_status` returned.

use std::ffi::c_char;

use faspay::{Amount, PaymentStatus};

use crate::boundary::{call, opt_text, text};
use crate::error::{faspay_error, faspay_status};

/// Checks the paid amount a status inquiry reports against the order's total: `payment_total`
/// is the `"payment_total"` of the JSON `faspay_client_payment_status` returned (rupiah as a
/// decimal string), NULL when that is `null`; `expected` is the order's total (rupiah as
/// a decimal string such as `"25000"` or `"25000.50"`). A different amount is
/// `FASPAY_STATUS_INVALID_ARGUMENT` with field `payment_total`; an absent one (NULL) passes,
/// as an inquiry answer need not carry it. `expected` text that is not an amount is
/// `FASPAY_STATUS_INVALID_ARGUMENT` with field `expected`, `payment_total` text that is not
/// one with field `payment_total`.
///
/// # Safety
/// `payment_total` NULL or a NUL-terminated string; `expected` a NUL-terminated string
/// (NULL: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_payment_status_check_total(
    payment_total: *const c_char,
    expected: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: forwarded contract.
        let (reported, expected) = unsafe {
            (
                opt_text(payment_total, "payment_total")?,
                text(expected, "expected")?,
            )
        };
        let reported = reported
            .map(|text| Amount::parse(text).map_err(|e| e.for_field("payment_total")))
            .transpose()?;
        let expected = Amount::parse(expected).map_err(|e| e.for_field("expected"))?;
        PaymentStatus::check_reported_total(reported, expected)?;
        Ok(())
    })
}
