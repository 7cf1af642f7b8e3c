//! Offline building blocks (core `transport.rs` / `response.rs`): the exact request of each
//! operation, for callers sending it with their own HTTP stack, and the decoding of an answer
//! exactly as the client does after sending. No network I/O here.

use std::ffi::c_char;

use faspay::{Error, Operation};

use crate::boundary::{bytes, string_call, text};
use crate::client::{bill_from_json, client_ref, faspay_client};
use crate::error::{faspay_error, faspay_status};
use crate::model;

/// The Payment Channel Inquiry request. On success `*json_out` owns `{"method", "url",
/// "content_type", "body"}` (free with `faspay_string_free`); the body carries a signature.
///
/// # Safety
/// `client` a live client, `json_out` a writable slot (either NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_prepare_payment_channels(
    client: *const faspay_client,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            client.result_text(&model::prepared_json(&client.prepare_payment_channels()?))
        })
    }
}

/// The Post Data request for `bill_json` (defaults filled, signed), as
/// `faspay_client_prepare_payment_channels`.
///
/// # Safety
/// As `faspay_client_prepare_payment_channels`; `bill_json` a NUL-terminated string.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_prepare_create_transaction(
    client: *const faspay_client,
    bill_json: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let bill = bill_from_json(text(bill_json, "bill_json")?)?;
            client.result_text(&model::prepared_json(
                &client.prepare_create_transaction(&bill)?,
            ))
        })
    }
}

/// The Inquiry Payment Status request, as `faspay_client_prepare_payment_channels`.
///
/// # Safety
/// As `faspay_client_prepare_payment_channels`; `trx_id`, `bill_no` NUL-terminated strings.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_prepare_payment_status(
    client: *const faspay_client,
    trx_id: *const c_char,
    bill_no: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let trx_id = text(trx_id, "trx_id")?;
            let request = client.prepare_payment_status(trx_id, text(bill_no, "bill_no")?)?;
            client.result_text(&model::prepared_json(&request))
        })
    }
}

/// The Cancel Transaction request, as `faspay_client_prepare_payment_channels`.
///
/// # Safety
/// As `faspay_client_prepare_payment_channels`; `trx_id`, `bill_no`, `reason` NUL-terminated
/// strings.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_prepare_cancel_transaction(
    client: *const faspay_client,
    trx_id: *const c_char,
    bill_no: *const c_char,
    reason: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let trx_id = text(trx_id, "trx_id")?;
            let bill_no = text(bill_no, "bill_no")?;
            let request =
                client.prepare_cancel_transaction(trx_id, bill_no, text(reason, "reason")?)?;
            client.result_text(&model::prepared_json(&request))
        })
    }
}

/// The OVO push-to-pay form POST, as `faspay_client_prepare_payment_channels`.
///
/// # Safety
/// As `faspay_client_prepare_payment_channels`; `trx_id`, `ovo_number` NUL-terminated strings.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_prepare_ovo_push(
    client: *const faspay_client,
    trx_id: *const c_char,
    ovo_number: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let trx_id = text(trx_id, "trx_id")?;
            let request = client.prepare_ovo_push(trx_id, text(ovo_number, "ovo_number")?)?;
            client.result_text(&model::prepared_json(&request))
        })
    }
}

/// Decodes an answer (`body_len` bytes with `http_status`) to `operation`
/// (`"payment_channels"`, `"create_transaction"`, `"payment_status"`, `"cancel_transaction"`,
/// `"ovo_push"`) exactly as the client does after sending: on success `*json_out` owns the
/// result JSON of that operation (free with `faspay_string_free`), else it is NULL and the
/// status and error say what the answer means.
///
/// # Safety
/// `client` a live client, `operation` a NUL-terminated string, `body` `body_len` readable
/// bytes (NULL only with 0), `json_out` a writable slot (NULLs:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot (receives NULL or an
/// error to free with `faspay_error_free`). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_decode_response(
    client: *const faspay_client,
    operation: *const c_char,
    http_status: u16,
    body: *const u8,
    body_len: usize,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let name = text(operation, "operation")?;
            let op = Operation::from_name(name).ok_or_else(|| {
                Error::invalid_field("operation", format!("unknown operation {name:?}"))
            })?;
            let response =
                client.decode_response(op, http_status, bytes(body, body_len, "body")?)?;
            client.result_text(&model::response_json(&response))
        })
    }
}
