//! The customer's signed return to the shop (core `return_url.rs`). Verified, but never proof
//! of payment: confirm with the notification or `payment_status`.

use std::ffi::c_char;

use crate::boundary::{string_call, text};
use crate::client::{client_ref, faspay_client};
use crate::error::{faspay_error, faspay_status};
use crate::model;

/// Verifies a return URL's query string (with or without `?`, or the whole URL). A bad
/// signature is `FASPAY_STATUS_INVALID_SIGNATURE`. On success `*json_out` owns `{"trx_id",
/// "merchant_id", "merchant", "bill_no", "bill_reff", "bill_total", "payment_reff",
/// "payment_date", "bank_user_name", "status", "raw"}` (`status` is what the browser claims,
/// a number, informative only; free with `faspay_string_free`).
///
/// # Safety
/// `client` a live client, `query` a NUL-terminated string, `json_out` a writable slot (any
/// NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_verify_return(
    client: *const faspay_client,
    query: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let info = client.verify_return(text(query, "query")?)?;
            client.result_text(&model::return_json(&info))
        })
    }
}
