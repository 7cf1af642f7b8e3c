//! What the embedded sandbox saw, through the C ABI: its transactions, the notifications it
//! delivered, the fidelity warnings, the raw requests it received and per-endpoint counters,
//! as JSON with the field names of its admin API (see `sandbox.rs` for the handle itself).

use std::ffi::c_char;

use ::faspay_sandbox::{delivery_json, received_json, transaction_json, warnings_json};
use faspay::{Error, Operation};
use serde_json::Value;

use crate::boundary::{Failure, optional_string_call, string_call, text};
use crate::config::seconds;
use crate::error::{faspay_error, faspay_status};
use crate::sandbox::{act, faspay_sandbox, sandbox_ref};

/// A state view as JSON array text.
fn json_array<T>(items: &[T], view: fn(&T) -> Value) -> String {
    Value::Array(items.iter().map(view).collect()).to_string()
}

/// Every transaction as a JSON array of `{"trx_id", "bill_no", "payment_channel",
/// "bill_total", "status", "status_desc", "bill_date", "bill_expired", "payment_date",
/// "payment_reff", "ovo_number"}` in `*json_out` (free with `faspay_string_free`).
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_transactions(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            Ok(json_array(
                &sandbox_ref(sandbox)?.transactions(),
                transaction_json,
            ))
        })
    }
}

/// One transaction, `trx_id`'s, as a JSON object with the keys of
/// `faspay_sandbox_transactions`' items in `*json_out` (free with `faspay_string_free`), or
/// NULL when the sandbox has no such transaction.
///
/// # Safety
/// `sandbox` live, `trx_id` NUL-terminated, `json_out` writable (NULLs:
/// `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe. `err_out` is NULL or a writable slot
/// (receives NULL or an error to free with `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_transaction(
    sandbox: *const faspay_sandbox,
    trx_id: *const c_char,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        optional_string_call(json_out, "json_out", err_out, || {
            let view = sandbox_ref(sandbox)?.transaction(text(trx_id, "trx_id")?);
            Ok(view.map(|v| transaction_json(&v).to_string()))
        })
    }
}

/// The sandbox's clock (WIB, `YYYY-MM-DD HH:MM:SS`, moved by `faspay_sandbox_advance_clock`)
/// in `*now_out` (free with `faspay_string_free`).
///
/// # Safety
/// `sandbox` live, `now_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_now(
    sandbox: *const faspay_sandbox,
    now_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(now_out, "now_out", err_out, || {
            Ok(sandbox_ref(sandbox)?.now().to_string())
        })
    }
}

/// Every notification attempt so far as a JSON array of `{"trx_id", "bill_no",
/// "payment_status_code", "attempt", "url", "format", "request_body", "http_status",
/// "reply_body", "accepted", "error"}` in `*json_out` (free with `faspay_string_free`).
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_deliveries(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            Ok(json_array(
                &sandbox_ref(sandbox)?.deliveries(),
                delivery_json,
            ))
        })
    }
}

/// Waits until at least `count` notification attempts finished or `timeout_seconds` passed;
/// `*reached_out` says which.
///
/// # Safety
/// `sandbox` live, `reached_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_wait_for_deliveries(
    sandbox: *const faspay_sandbox,
    count: usize,
    timeout_seconds: f64,
    reached_out: *mut bool,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            let slot = reached_out.as_mut().ok_or(Failure::Null("reached_out"))?;
            *slot = false;
            *slot = s.wait_for_deliveries(count, seconds("timeout_seconds", timeout_seconds)?);
            Ok(())
        })
    }
}

/// How many requests reached the endpoint of `operation` (`"payment_status"`, ...), faulted
/// ones included, in `*count_out`.
///
/// # Safety
/// `sandbox` live, `operation` NUL-terminated, `count_out` writable (NULLs:
/// `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_request_count(
    sandbox: *const faspay_sandbox,
    operation: *const c_char,
    count_out: *mut u64,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            let slot = count_out.as_mut().ok_or(Failure::Null("count_out"))?;
            *slot = 0;
            let name = text(operation, "operation")?;
            let op = Operation::from_name(name).ok_or_else(|| {
                Error::invalid_field("operation", format!("unknown operation {name:?}"))
            })?;
            *slot = s.request_count(op);
            Ok(())
        })
    }
}

/// What the sandbox accepted although real Faspay might not (its fidelity warnings), as a JSON
/// array of `{"operation", "trx_id", "bill_no", "kind", "field", "code", "message"}` in
/// `*json_out` (free with `faspay_string_free`). In `strict` mode these are refusals instead.
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_warnings(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            Ok(warnings_json(&sandbox_ref(sandbox)?.warnings()).to_string())
        })
    }
}

/// Forgets the warnings collected so far.
///
/// # Safety
/// `sandbox` live.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_clear_warnings(
    sandbox: *const faspay_sandbox,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.clear_warnings();
            Ok(())
        })
    }
}

/// Every request the sandbox received (admin calls aside), oldest first, byte for byte with
/// the answer it gave, for tests that re-check what their client sent with code of their own:
/// a JSON array of `{"seq", "method", "path", "query", "body" (UTF-8 text or null),
/// "body_base64", "response_status" (null for a reset), "response_body",
/// "response_body_base64"}` in `*json_out` (free with `faspay_string_free`). Bounded: the
/// newest requests within the sandbox's size limits.
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_received_requests(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            Ok(json_array(
                &sandbox_ref(sandbox)?.received_requests(),
                received_json,
            ))
        })
    }
}

/// Empties the log of received requests.
///
/// # Safety
/// `sandbox` live (NULL: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe. `err_out` is NULL or a
/// writable slot (receives NULL or an error to free with `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_clear_received_requests(
    sandbox: *const faspay_sandbox,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.clear_received_requests();
            Ok(())
        })
    }
}
