//! Payment notifications (core `notification.rs`): verify a raw body, and build the exact reply
//! bytes. The reply is built from the body again, so it exists only for a verified notification.

use std::ffi::c_char;

use faspay::{Amount, FaspayDateTime};

use crate::boundary::{bytes, call, opt_text, string_call, text};
use crate::client::{client_ref, faspay_client};
use crate::error::{faspay_error, faspay_status};
use crate::model;

/// Parses and verifies a notification's raw body (`body_len` bytes, XML or JSON, sniffed):
/// the merchant must be this client's and the signature must include `payment_status_code`.
/// A bad signature is `FASPAY_STATUS_INVALID_SIGNATURE`, a body that is not a notification
/// `FASPAY_STATUS_INVALID_ARGUMENT`. On success `*json_out` owns `{"format",
/// "reply_content_type", "request", "trx_id", "merchant_id", "merchant", "bill_no",
/// "payment_reff", "payment_date", "payment_status_code", "payment_status_desc", "is_paid",
/// "is_final", "bill_total", "payment_total", "payment_channel_uid", "payment_channel",
/// "dedupe_key", "raw"}` (amounts in rupiah as decimal strings; free with
/// `faspay_string_free`). Store `dedupe_key` to apply each event once.
///
/// # Safety
/// `client` a live client; `body` points to `body_len` readable bytes (NULL only with
/// `body_len` 0); `json_out` a writable slot (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`);
/// `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_parse_notification(
    client: *const faspay_client,
    body: *const u8,
    body_len: usize,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let notification = client.parse_notification(bytes(body, body_len, "body")?)?;
            client.result_text(&model::notification_json(&notification))
        })
    }
}

/// The exact reply to a notification: `body` is verified again (same errors as
/// `faspay_client_parse_notification`), then `*reply_out` owns the reply text in the
/// notification's format (`response_code` `00` when `accepted`, else `99`, which makes Faspay
/// retry), to send with the `reply_content_type` of the parsed notification. `at` fixes
/// `response_date` (`"YYYY-MM-DD HH:MM:SS"`, WIB); NULL means now. Free the reply with
/// `faspay_string_free`.
///
/// # Safety
/// As `faspay_client_parse_notification`; `at` is NULL or a NUL-terminated string.
/// Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_notification_reply(
    client: *const faspay_client,
    body: *const u8,
    body_len: usize,
    accepted: bool,
    at: *const c_char,
    reply_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(reply_out, "reply_out", err_out, || {
            let client = client_ref(client)?;
            let at = match opt_text(at, "at")? {
                Some(text) => FaspayDateTime::parse(text)
                    .map_err(|e| faspay::Error::invalid_field("at", e.message()))?,
                None => FaspayDateTime::now(),
            };
            let notification = client.parse_notification(bytes(body, body_len, "body")?)?;
            let reply = client.notification_reply_at(&notification, accepted, at);
            // The reply is built from the verified notification's text, so it is UTF-8; were
            // it not, changing its bytes would be worse than refusing.
            String::from_utf8(reply).map_err(|_| {
                faspay::Error::new(faspay::ErrorCode::Internal, "the reply is not UTF-8").into()
            })
        })
    }
}

/// Checks a notification's paid amount against the order's total, in one call: `body` is
/// verified first (same errors as `faspay_client_parse_notification`), then its
/// `payment_total` must be exactly `expected` (rupiah as a decimal string such as
/// `"25000"` or `"25000.50"`). Faspay's signature does not cover amounts, so call this before
/// fulfilling a paid notification. A different or missing amount is
/// `FASPAY_STATUS_INVALID_ARGUMENT` with field `payment_total`.
///
/// # Safety
/// As `faspay_client_parse_notification`; `expected` a NUL-terminated string (NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_notification_check_total(
    client: *const faspay_client,
    body: *const u8,
    body_len: usize,
    expected: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: forwarded contract.
        let (client, body, expected) = unsafe {
            (
                client_ref(client)?,
                bytes(body, body_len, "body")?,
                text(expected, "expected")?,
            )
        };
        let expected = Amount::parse(expected).map_err(|e| e.for_field("expected"))?;
        client.parse_notification(body)?.check_total(expected)?;
        Ok(())
    })
}
