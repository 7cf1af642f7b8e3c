//! `faspay_client`: created from a JSON config, freed NULL-safely, and every network operation
//! (core `client.rs`). Results come back as JSON text owned by the caller.
//!
//! A client is immutable after creation (the logger slot has its own lock, the logged client
//! is made once), so one client may be used from several threads at once; it must not be freed
//! while another thread uses it.

use std::ffi::{c_char, c_void};
use std::sync::{Arc, OnceLock};

use faspay::Bill;

use crate::boundary::{Failure, FfiResult, call, guard, handle, out_slot, string_call, text};
use crate::config::{ResultFormat, config_from_json};
use crate::error::{faspay_error, faspay_status};
use crate::log::{LoggerSlot, faspay_log_callback};
use crate::model;
use crate::php_serialize;

/// A Faspay Debit API client. Opaque; create with `faspay_client_new`, free with
/// `faspay_client_free`. Thread-safe: share one per set of credentials.
pub struct faspay_client {
    /// The core client without a logger: no log event is built, no attempt timed, until
    /// `faspay_client_set_logger` is first called.
    inner: faspay::Client,
    /// From the first `faspay_client_set_logger` on: the same configuration with a logger
    /// forwarding to `logger`, used for every later call.
    logged: OnceLock<faspay::Client>,
    logger: Arc<LoggerSlot>,
    result_format: ResultFormat,
}

impl std::ops::Deref for faspay_client {
    type Target = faspay::Client;

    fn deref(&self) -> &faspay::Client {
        self.logged.get().unwrap_or(&self.inner)
    }
}

impl faspay_client {
    /// A result as text in the client's `result_format`.
    pub(crate) fn result_text(&self, value: &impl serde::Serialize) -> FfiResult<String> {
        match self.result_format {
            ResultFormat::Json => json_text(value),
            ResultFormat::Php => php_serialize::to_string(value).map_err(|e| {
                Failure::Core(faspay::Error::new(
                    faspay::ErrorCode::Internal,
                    format!("a result could not be written for PHP: {e}"),
                ))
            }),
        }
    }
}

/// What `faspay_client_settings` shows: the core's settings and the binding's own.
#[derive(serde::Serialize)]
struct SettingsView<'a> {
    #[serde(flatten)]
    core: &'a faspay::ClientSettings,
    result_format: &'static str,
}

/// A bill from its JSON text. A problem with the whole bill (not JSON, not an object) is field
/// `bill`, as in Python and Node; the core names none.
pub(crate) fn bill_from_json(json: &str) -> faspay::Result<Bill> {
    Bill::from_json(json).map_err(|e| match e.field() {
        Some(_) => e,
        None => e.for_field("bill"),
    })
}

/// The client behind a handle argument named `client`.
///
/// # Safety
/// `client` is NULL or a live client.
pub(crate) unsafe fn client_ref<'a>(client: *const faspay_client) -> FfiResult<&'a faspay_client> {
    // SAFETY: forwarded contract.
    unsafe { handle(client, "client") }
}

/// Serializes a result for the caller (compact JSON, keys in the order of the result type).
pub(crate) fn json_text(value: &impl serde::Serialize) -> FfiResult<String> {
    // Room for a typical result, so the text is not regrown several times while written.
    let mut out = Vec::with_capacity(1024);
    serde_json::to_writer(&mut out, value).map_err(|e| {
        Failure::Core(faspay::Error::new(
            faspay::ErrorCode::Internal,
            format!("a result could not be written as JSON: {e}"),
        ))
    })?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|_| {
        Failure::Core(faspay::Error::new(
            faspay::ErrorCode::Internal,
            "a result is not UTF-8",
        ))
    })
}

/// Creates a client from `config_json`, a JSON object with the keys of the other languages:
/// required `merchant_id`, `merchant_name`, `user_id`, `password`; optional `environment`
/// (`"sandbox"`/`"production"`), `base_url`, `format` (`"json"`/`"xml"`), `timeout`,
/// `connect_timeout`, `push_timeout`, `retry_backoff`, `bill_validity` (seconds, numbers),
/// `max_retries`, `amount_unit` (`"sen"`/`"rupiah"`), `inquiry_sends_status_fields`,
/// `max_response_bytes`, `max_inbound_bytes` (largest notification body or return query),
/// `allow_insecure_http` (an http:// `base_url` in production; off by default),
/// `max_idle_connections` (idle keep-alive connections kept, default 32; size it for the
/// threads sharing the client), `dns_cache_ttl` (seconds a resolved host name is reused,
/// default 60, 0 = no cache), `xml_codes` (an object overriding the last path segment of XML
/// endpoints by operation name: `payment_channels`, `create_transaction`, `payment_status`,
/// `cancel_transaction`), `redirect_code` (the path code of `faspay_client_redirect_url`);
/// codes are alphanumeric; `result_format` (`"json"`, the default, or `"php"`: every result
/// of this client's functions is then PHP `serialize()` text of the same value, which PHP's
/// `unserialize()` reads faster than `json_decode()`; the PHP binding uses it). Unknown keys
/// are refused.
///
/// On success `*client_out` owns a new client (free with `faspay_client_free`); on failure it
/// is NULL and the status says why (`FASPAY_STATUS_INVALID_ARGUMENT` with the setting in
/// `faspay_error_field`).
///
/// # Safety
/// `config_json` is a NUL-terminated string (NULL: `FASPAY_STATUS_NULL_ARGUMENT`);
/// `client_out` is a writable slot (NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` is NULL
/// or a writable slot that receives NULL or an error to free with `faspay_error_free`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_new(
    config_json: *const c_char,
    client_out: *mut *mut faspay_client,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: forwarded contract.
        let slot = unsafe { out_slot(client_out, "client_out") }?;
        // SAFETY: forwarded contract.
        let json = unsafe { text(config_json, "config_json") }?;
        let (config, result_format) = config_from_json(json)?;
        let inner = faspay::Client::new(config)?;
        *slot = Box::into_raw(Box::new(faspay_client {
            inner,
            logged: OnceLock::new(),
            logger: Arc::new(LoggerSlot::default()),
            result_format,
        }));
        Ok(())
    })
}

/// Frees a client. NULL is accepted and ignored.
///
/// # Safety
/// `client` is NULL or a client from `faspay_client_new`, freed once, not in use by another
/// thread, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_free(client: *mut faspay_client) {
    guard(|| {
        if !client.is_null() {
            // SAFETY: from Box::into_raw in faspay_client_new, freed once.
            drop(unsafe { Box::from_raw(client) });
        }
    })
}

/// Sets (or, with a NULL `callback`, removes) the client's logger: one call per HTTP attempt
/// with a `faspay_log_event` (operation, method, path, status, elapsed time, error code; never
/// the password or a signature). The callback runs on the thread making the request, so with
/// a client shared between threads it must be thread-safe, and `user_data` must stay valid
/// until the logger is replaced or the client freed. It must not call back into this client.
/// A client pays for logging (a timer and an event per attempt) only once this was called;
/// the first call makes the client start a new connection pool and a new watch of the bill
/// numbers it creates (the prefix warning), so set the logger before the first request.
///
/// # Safety
/// `client` is a live client (NULL: `FASPAY_STATUS_NULL_ARGUMENT`). May be called while other
/// threads use the client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_set_logger(
    client: *const faspay_client,
    callback: faspay_log_callback,
    user_data: *mut c_void,
) -> faspay_status {
    call(std::ptr::null_mut(), || {
        // SAFETY: forwarded contract.
        let client = unsafe { handle(client, "client") }?;
        client.logger.set(callback, user_data);
        if callback.is_some() && client.logged.get().is_none() {
            let mut config = client.inner.config().clone();
            config.logger = Some(client.logger.core_logger());
            let logged = faspay::Client::new(config)?;
            // Two threads setting the first logger at once: one client wins, both forward to
            // the same slot.
            let _ = client.logged.set(logged);
        }
        Ok(())
    })
}

/// Payment Channel Inquiry (retried when safe). On success `*json_out` owns
/// `{"merchant_id", "merchant", "payment_channel": [{"pg_code", "pg_name"}], "response_code",
/// "response_desc", "raw"}` (free with `faspay_string_free`); on failure it is NULL.
///
/// # Safety
/// `client` is a live client; `json_out` a writable slot (either NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe; blocks
/// for the network call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_payment_channels(
    client: *const faspay_client,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            let result = client.payment_channels()?;
            client.result_text(&model::channels_json(&result))
        })
    }
}

/// Post Data Transaction: creates the bill described by `bill_json` (Faspay's field names,
/// amounts in rupiah as numbers or decimal strings, `item` an object or a list; a bad field is
/// `FASPAY_STATUS_INVALID_ARGUMENT` naming it, such as `item[0].amount`, and text that is no
/// JSON object is field `bill`). Never
/// retried: on a failure with `faspay_error_request_sent`, never send that `bill_no` again
/// (there is no `trx_id` to ask `payment_status` about): a new attempt is a new bill with a
/// new `bill_no`. On success `*json_out` owns `{"trx_id", "merchant_id", "merchant", "bill_no",
/// "redirect_url", "web_url", "qr_content", "alt_url", "bill_items" (each {"product", "qty",
/// "amount" in rupiah, "raw"}), "response_code",
/// "response_desc", "raw"}` (free with `faspay_string_free`); on failure it is NULL.
///
/// # Safety
/// `client` is a live client, `bill_json` a NUL-terminated string, `json_out` a writable slot
/// (any NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe;
/// blocks for the network call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_create_transaction(
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
            client.result_text(&model::created_json(&client.create_transaction(&bill)?))
        })
    }
}

/// OVO push-to-pay: asks the customer's OVO app to approve `trx_id`. Blocks until the customer
/// acts (up to `push_timeout`); a timeout has `request_sent` true (wait for the notification or
/// ask `payment_status`). On success `*json_out` owns `{"trx_id", "response_code",
/// "response_desc", "raw"}` (free with `faspay_string_free`); on failure it is NULL.
///
/// # Safety
/// `client` a live client, `trx_id` and `ovo_number` NUL-terminated strings, `json_out` a
/// writable slot (any NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_ovo_push(
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
            let result = client.ovo_push(trx_id, text(ovo_number, "ovo_number")?)?;
            client.result_text(&model::ovo_push_json(&result))
        })
    }
}

/// An HTML page whose form makes the customer's browser post the OVO push itself (no network
/// call here). On success `*html_out` owns the page (free with `faspay_string_free`).
///
/// # Safety
/// As `faspay_client_ovo_push`, with `html_out`. Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_ovo_push_form(
    client: *const faspay_client,
    trx_id: *const c_char,
    ovo_number: *const c_char,
    html_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(html_out, "html_out", err_out, || {
            let client = client_ref(client)?;
            let trx_id = text(trx_id, "trx_id")?;
            Ok(client.ovo_push_form(trx_id, text(ovo_number, "ovo_number")?)?)
        })
    }
}

/// The client's non-secret settings, the values it really uses: on success `*json_out` owns
/// an object with every setting `faspay_client_new` takes except `password`, under the same
/// names: `merchant_id`, `merchant_name`, `user_id`, `environment`, `base_url` (the host
/// requests go to: the configured one, else the environment's), `allow_insecure_http`,
/// `format`, `timeout`, `connect_timeout`, `push_timeout`, `max_retries`, `retry_backoff`,
/// `amount_unit`, `bill_validity`, `xml_codes` (an object by operation name),
/// `redirect_code`, `inquiry_sends_status_fields`, `max_response_bytes`, `max_inbound_bytes`,
/// `max_idle_connections`, `dns_cache_ttl` (durations in seconds), `result_format`
/// (`"json"` or `"php"`, which is also the form of this answer). Free with
/// `faspay_string_free`. The password is never part of it.
///
/// # Safety
/// `client` a live client and `json_out` a writable slot (either NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_settings(
    client: *const faspay_client,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let client = client_ref(client)?;
            client.result_text(&SettingsView {
                core: &client.settings(),
                result_format: client.result_format.name(),
            })
        })
    }
}

/// The Faspay page to send the customer to (no network call). It carries the post-data
/// signature, which is therefore public. On success `*url_out` owns the URL (free with
/// `faspay_string_free`).
///
/// # Safety
/// `client` a live client, `trx_id` and `bill_no` NUL-terminated strings, `url_out` a writable
/// slot (any NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable slot.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_redirect_url(
    client: *const faspay_client,
    trx_id: *const c_char,
    bill_no: *const c_char,
    url_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(url_out, "url_out", err_out, || {
            let client = client_ref(client)?;
            let trx_id = text(trx_id, "trx_id")?;
            Ok(client.redirect_url(trx_id, text(bill_no, "bill_no")?)?)
        })
    }
}

/// Inquiry Payment Status (retried when safe). `response_code` `"00"` only says the inquiry
/// worked; `payment_status_code` (a number, with `is_paid` and `is_final`) says whether the
/// bill is paid, and `payment_total` is the paid amount in rupiah as a decimal string. On
/// success `*json_out` owns `{"trx_id", "merchant_id", "merchant", "bill_no", "payment_reff",
/// "payment_date", "payment_status_code", "payment_status_desc", "is_paid", "is_final",
/// "payment_total", "response_code", "response_desc", "dedupe_key", "raw"}` (free with
/// `faspay_string_free`). `dedupe_key` is the notification's `dedupe_key` for the same event
/// (`merchant_id:bill_no:payment_status_code`): a shop that also reconciles by status inquiry
/// applies each event once, whichever way it learnt of it first.
///
/// # Safety
/// As `faspay_client_redirect_url`, with `json_out`. Thread-safe; blocks for the network call.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_payment_status(
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
            let result = client.payment_status(trx_id, text(bill_no, "bill_no")?)?;
            client.result_text(&model::status_json(&result))
        })
    }
}

/// Cancel Transaction (only unpaid bills; never retried). On success `*json_out` owns
/// `{"trx_id", "merchant_id", "merchant", "bill_no", "trx_status_code", "trx_status_desc",
/// "payment_status_code", "payment_status_desc", "payment_cancel_date", "payment_cancel",
/// "response_code", "response_desc", "raw"}` (free with `faspay_string_free`).
///
/// # Safety
/// `client` a live client, `trx_id`, `bill_no` and `reason` NUL-terminated strings, `json_out`
/// a writable slot (any NULL: `FASPAY_STATUS_NULL_ARGUMENT`); `err_out` NULL or a writable
/// slot. Thread-safe; blocks for the network call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_client_cancel_transaction(
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
            let result = client.cancel_transaction(trx_id, bill_no, text(reason, "reason")?)?;
            client.result_text(&model::cancellation_json(&result))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::setting_names;

    #[test]
    fn the_settings_view_has_every_setting_the_config_takes_but_the_password() {
        let config = r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p"}"#;
        let mut client = std::ptr::null_mut();
        let mut json = std::ptr::null_mut();
        unsafe {
            let config = std::ffi::CString::new(config).unwrap();
            let status = faspay_client_new(config.as_ptr(), &mut client, std::ptr::null_mut());
            assert_eq!(status, faspay_status::FASPAY_STATUS_OK);
            let status = faspay_client_settings(client, &mut json, std::ptr::null_mut());
            assert_eq!(status, faspay_status::FASPAY_STATUS_OK);
            let text = std::ffi::CStr::from_ptr(json).to_str().unwrap().to_owned();
            crate::error::faspay_string_free(json);
            faspay_client_free(client);
            let view: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).unwrap();
            let mut shown: Vec<&str> = view.keys().map(String::as_str).collect();
            let mut taken: Vec<&str> = setting_names()
                .iter()
                .copied()
                .filter(|name| *name != "password")
                .collect();
            shown.sort_unstable();
            taken.sort_unstable();
            assert_eq!(shown, taken);
            assert_eq!(view["result_format"], "json");
        }
    }
}
