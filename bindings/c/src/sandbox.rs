//! The embedded offline Faspay sandbox (`faspay_sandbox::Sandbox`) through the C ABI, so C and
//! PHP test suites get the same Faspay as the Rust and Python ones: start, stop, settings,
//! admin actions and faults here; what it saw is in `sandbox_views.rs`.
//!
//! A sandbox handle may be used from several threads at once, except `faspay_sandbox_stop`,
//! which must be the last call. Every function returning `faspay_status` takes an optional
//! `err_out` (NULL or a writable slot receiving NULL or an error to free with
//! `faspay_error_free`); a NULL `sandbox` is `FASPAY_STATUS_NULL_ARGUMENT`.

use std::ffi::c_char;

use ::faspay_sandbox::{Sandbox, SandboxOptions, parse_fault};
use faspay::{AmountUnit, Error, Format};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::boundary::{FfiResult, call, handle, opt_text, out_slot, string_call, text};
use crate::config::seconds;
use crate::error::{faspay_error, faspay_status};

/// A running sandbox. Opaque; start with `faspay_sandbox_start`, stop and free with
/// `faspay_sandbox_stop`.
pub struct faspay_sandbox {
    inner: Sandbox,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Options {
    merchant_id: Option<String>,
    merchant_name: Option<String>,
    user_id: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    threads: Option<usize>,
    notify_url: Option<String>,
    notify_format: Option<String>,
    push_delay: Option<f64>,
    notify_retry_delay: Option<f64>,
    notify_max_retries: Option<u32>,
    amount_unit: Option<String>,
    return_url: Option<String>,
    strict: Option<bool>,
    unique_bill_no: Option<bool>,
}

fn options(json: Option<&str>) -> faspay::Result<SandboxOptions> {
    let o: Options = match json {
        None => Options::default(),
        // The error names the option that failed (`push_delay`), as the client config's does;
        // `options_json` when it is no JSON object at all.
        Some(json) => crate::json_arg::read(json, "options_json")?,
    };
    let mut out = SandboxOptions::default();
    let text_options = [
        (o.merchant_id, &mut out.merchant_id),
        (o.merchant_name, &mut out.merchant_name),
        (o.user_id, &mut out.user_id),
        (o.password, &mut out.password),
        (o.host, &mut out.host),
    ];
    for (value, slot) in text_options {
        if let Some(value) = value {
            *slot = value;
        }
    }
    out.port = o.port.unwrap_or(out.port);
    out.threads = o.threads.unwrap_or(out.threads);
    out.notify_url = o.notify_url.or(out.notify_url);
    if let Some(format) = &o.notify_format {
        out.notify_format = Format::parse(format)?;
    }
    if let Some(delay) = o.push_delay {
        out.push_delay = seconds("push_delay", delay)?;
    }
    if let Some(delay) = o.notify_retry_delay {
        out.notify_retry_delay = seconds("notify_retry_delay", delay)?;
    }
    out.notify_max_retries = o.notify_max_retries.unwrap_or(out.notify_max_retries);
    if let Some(unit) = &o.amount_unit {
        out.amount_unit = AmountUnit::parse(unit)?;
    }
    out.return_url = o.return_url.or(out.return_url);
    out.strict = o.strict.unwrap_or(out.strict);
    out.unique_bill_no = o.unique_bill_no.unwrap_or(out.unique_bill_no);
    Ok(out)
}

/// # Safety
/// `sandbox` is NULL or a live sandbox.
pub(crate) unsafe fn sandbox_ref<'a>(sandbox: *const faspay_sandbox) -> FfiResult<&'a Sandbox> {
    // SAFETY: forwarded contract.
    Ok(&unsafe { handle(sandbox, "sandbox") }?.inner)
}

/// Runs an action on the sandbox.
///
/// # Safety
/// `sandbox` NULL or live; `err_out` NULL or writable.
pub(crate) unsafe fn act(
    handle: *const faspay_sandbox,
    err_out: *mut *mut faspay_error,
    action: impl FnOnce(&Sandbox) -> FfiResult<()>,
) -> faspay_status {
    // SAFETY: forwarded contract.
    call(err_out, || action(unsafe { sandbox_ref(handle) }?))
}

/// Starts a sandbox on 127.0.0.1 (any free port by default). `options_json` is NULL (all
/// defaults: the public sample merchant `99999` / `bot99999` / `p@ssw0rd`, a 1 s OVO delay) or
/// a JSON object with any of `merchant_id`, `merchant_name`, `user_id`, `password`, `host`,
/// `port`, `threads`, `notify_url`, `notify_format` (`"json"`/`"xml"`), `push_delay`,
/// `notify_retry_delay` (seconds), `notify_max_retries`, `amount_unit`, `return_url`,
/// `strict` and `unique_bill_no` (booleans, see the sandbox README's fidelity table); an
/// unknown key or a value of the wrong type is `FASPAY_STATUS_INVALID_ARGUMENT` naming the key
/// (`options_json` when the text is no JSON object). On success `*sandbox_out` owns the
/// running sandbox (stop it with `faspay_sandbox_stop`).
///
/// # Safety
/// `options_json` NULL or NUL-terminated; `sandbox_out` a writable slot (NULL:
/// `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe.
/// `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_start(
    options_json: *const c_char,
    sandbox_out: *mut *mut faspay_sandbox,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    call(err_out, || {
        // SAFETY: forwarded contract.
        let slot = unsafe { out_slot(sandbox_out, "sandbox_out") }?;
        // SAFETY: forwarded contract.
        let options = options(unsafe { opt_text(options_json, "options_json") }?)?;
        let inner = Sandbox::start(options)?;
        *slot = Box::into_raw(Box::new(faspay_sandbox { inner }));
        Ok(())
    })
}

/// Stops the sandbox (waits, with a bound, for its threads) and frees it. NULL is ignored.
///
/// # Safety
/// `sandbox` NULL or from `faspay_sandbox_start`, stopped once, not in use by another thread,
/// not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_stop(sandbox: *mut faspay_sandbox) {
    crate::boundary::guard(|| {
        if !sandbox.is_null() {
            // SAFETY: from Box::into_raw in faspay_sandbox_start, stopped once.
            let sandbox = unsafe { Box::from_raw(sandbox) };
            sandbox.inner.shutdown();
        }
    })
}

/// `http://127.0.0.1:PORT` in `*url_out` (free with `faspay_string_free`).
///
/// # Safety
/// `sandbox` live, `url_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_base_url(
    sandbox: *const faspay_sandbox,
    url_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(url_out, "url_out", err_out, || {
            Ok(sandbox_ref(sandbox)?.base_url())
        })
    }
}

/// A client config JSON for this sandbox (`merchant_id`, `merchant_name`, `user_id`,
/// `password`, `base_url`, `amount_unit`), ready for `faspay_client_new`, in `*json_out`
/// (free with `faspay_string_free`; it holds the sandbox's password).
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_client_config(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let s = sandbox_ref(sandbox)?;
            let o = s.options();
            Ok(json!({
                "merchant_id": o.merchant_id, "merchant_name": o.merchant_name,
                "user_id": o.user_id, "password": o.password, "base_url": s.base_url(),
                "amount_unit": o.amount_unit.as_str(),
            })
            .to_string())
        })
    }
}

/// The sandbox's current settings as JSON in `*json_out` (free with `faspay_string_free`),
/// with the keys and units of `faspay_sandbox_start`'s options: `notify_url` (null: none
/// sent), `notify_format`, `push_delay` and `notify_retry_delay` (seconds),
/// `notify_max_retries`, `return_url` (null: none), `strict`, `unique_bill_no`. Reflects the
/// `faspay_sandbox_set_*` calls made since the start.
///
/// # Safety
/// `sandbox` live, `json_out` writable (NULLs: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_settings(
    sandbox: *const faspay_sandbox,
    json_out: *mut *mut c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        string_call(json_out, "json_out", err_out, || {
            let o = sandbox_ref(sandbox)?.options();
            Ok(json!({
                "notify_url": o.notify_url, "notify_format": o.notify_format.as_str(),
                "push_delay": o.push_delay.as_secs_f64(),
                "notify_retry_delay": o.notify_retry_delay.as_secs_f64(),
                "notify_max_retries": o.notify_max_retries, "return_url": o.return_url,
                "strict": o.strict, "unique_bill_no": o.unique_bill_no,
            })
            .to_string())
        })
    }
}

/// Where notifications go (`url` NULL: none are sent).
///
/// # Safety
/// `sandbox` live; `url` NULL or NUL-terminated.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_notify_url(
    sandbox: *const faspay_sandbox,
    url: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_notify_url(opt_text(url, "url")?.map(str::to_string));
            Ok(())
        })
    }
}

/// The format of notifications (`"json"` or `"xml"`).
///
/// # Safety
/// `sandbox` live; `format` NUL-terminated (NULL: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_notify_format(
    sandbox: *const faspay_sandbox,
    format: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_notify_format(Format::parse(text(format, "format")?)?);
            Ok(())
        })
    }
}

/// How long the simulated OVO customer takes to decide, in seconds.
///
/// # Safety
/// `sandbox` live.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_push_delay(
    sandbox: *const faspay_sandbox,
    seconds_value: f64,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_push_delay(seconds("seconds", seconds_value)?);
            Ok(())
        })
    }
}

/// Extra notification attempts after a refused one, and the wait between attempts (seconds).
///
/// # Safety
/// `sandbox` live.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_notify_retries(
    sandbox: *const faspay_sandbox,
    max_retries: u32,
    delay_seconds: f64,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_notify_retries(max_retries, seconds("delay_seconds", delay_seconds)?);
            Ok(())
        })
    }
}

/// Strict mode: what the sandbox would accept with a warning is refused with the code of
/// Faspay's docs instead.
///
/// # Safety
/// `sandbox` live (NULL: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe. `err_out` is NULL or a
/// writable slot (receives NULL or an error to free with `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_strict(
    sandbox: *const faspay_sandbox,
    strict: bool,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_strict(strict);
            Ok(())
        })
    }
}

/// Refuse a reused `bill_no` with `14` (otherwise it gets its own `trx_id` and a warning).
///
/// # Safety
/// `sandbox` live (NULL: `FASPAY_STATUS_NULL_ARGUMENT`). Thread-safe. `err_out` is NULL or a
/// writable slot (receives NULL or an error to free with `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_unique_bill_no(
    sandbox: *const faspay_sandbox,
    unique: bool,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.set_unique_bill_no(unique);
            Ok(())
        })
    }
}

/// Applies an admin action (approve / reject / expire) to `trx_id`.
///
/// # Safety
/// `sandbox` NULL or live; `trx_id` NULL or NUL-terminated; `err_out` NULL or writable.
unsafe fn transition(
    handle: *const faspay_sandbox,
    trx_id: *const c_char,
    err_out: *mut *mut faspay_error,
    action: fn(&Sandbox, &str) -> faspay::Result<()>,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { act(handle, err_out, |s| Ok(action(s, text(trx_id, "trx_id")?)?)) }
}

/// Marks a pending transaction paid (status 2) and notifies the merchant. An unknown or
/// settled transaction is `FASPAY_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `sandbox` live; `trx_id` NUL-terminated (NULL: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_approve(
    sandbox: *const faspay_sandbox,
    trx_id: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { transition(sandbox, trx_id, err_out, Sandbox::approve) }
}

/// Marks a pending transaction failed (status 3) and notifies the merchant.
///
/// # Safety
/// As `faspay_sandbox_approve`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_reject(
    sandbox: *const faspay_sandbox,
    trx_id: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { transition(sandbox, trx_id, err_out, Sandbox::reject) }
}

/// Marks a pending transaction expired (status 7) and notifies the merchant.
///
/// # Safety
/// As `faspay_sandbox_approve`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_expire(
    sandbox: *const faspay_sandbox,
    trx_id: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { transition(sandbox, trx_id, err_out, Sandbox::expire) }
}

/// Takes a paid transaction's payment back: status 4 (reversal) and a notification to the
/// merchant; a cancel of it then answers `80`. A transaction that is not paid is
/// `FASPAY_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// As `faspay_sandbox_approve`.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_reverse(
    sandbox: *const faspay_sandbox,
    trx_id: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe { transition(sandbox, trx_id, err_out, Sandbox::reverse) }
}

/// Moves the sandbox clock forward by `seconds_value`; bills it passes the expiry of expire.
///
/// # Safety
/// `sandbox` live.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_advance_clock(
    sandbox: *const faspay_sandbox,
    seconds_value: f64,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.advance_clock(seconds("seconds", seconds_value)?);
            Ok(())
        })
    }
}

/// Arms a fault, described as in the admin API: `{"endpoint": "create_transaction" | null,
/// "kind": "latency" | "server_error" | "html_page" | "reset" | "truncated" |
/// "oversized_body" | "response_error", "ms", "status", "code", "desc", "times"}`. A bad
/// option is `FASPAY_STATUS_INVALID_ARGUMENT` naming it (`kind`, `ms`, ...); text that is no
/// JSON object names `fault_json`.
///
/// # Safety
/// `sandbox` live; `fault_json` NUL-terminated (NULL: `FASPAY_STATUS_NULL_ARGUMENT`).
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_set_fault(
    sandbox: *const faspay_sandbox,
    fault_json: *const c_char,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            let value: Value = serde_json::from_str(text(fault_json, "fault_json")?)
                .map_err(|e| Error::invalid_field("fault_json", format!("is not JSON ({e})")))?;
            // The sandbox names the option at fault (`kind`, `ms`, ...); the whole text is
            // this argument.
            let fault = parse_fault(&value).map_err(|e| match e.field() {
                Some("fault") | None => e.for_field("fault_json"),
                Some(_) => e,
            })?;
            s.set_fault(fault);
            Ok(())
        })
    }
}

/// Removes every armed fault.
///
/// # Safety
/// `sandbox` live.
/// Thread-safe. `err_out` is NULL or a writable slot (receives NULL or an error to free with
/// `faspay_error_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn faspay_sandbox_clear_faults(
    sandbox: *const faspay_sandbox,
    err_out: *mut *mut faspay_error,
) -> faspay_status {
    // SAFETY: forwarded contract.
    unsafe {
        act(sandbox, err_out, |s| {
            s.clear_faults();
            Ok(())
        })
    }
}
