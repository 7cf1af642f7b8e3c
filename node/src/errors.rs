//! Core errors → JavaScript `Error` objects: `code` is the core's stable code string, plus
//! `field`, `responseCode`, `responseDesc`, `httpStatus` and `requestSent` where they apply.
//! Panics in core calls become `INTERNAL` errors instead of aborting Node.

use faspay::{Error, ErrorCode};
use napi::bindgen_prelude::*;

/// Builds the JS error for a core error and wraps it so napi throws (or rejects with) exactly
/// that object.
pub fn js_error(env: &Env, err: &Error) -> napi::Error {
    match build(env, err) {
        Ok(error) => error,
        Err(failure) => failure,
    }
}

fn build(env: &Env, err: &Error) -> Result<napi::Error> {
    let mut object = env.create_error(napi::Error::new(Status::GenericFailure, err.message()))?;
    object.set("name", "FaspayError")?;
    object.set("code", err.code().as_str())?;
    if let Some(field) = err.field() {
        object.set("field", field)?;
    }
    if let Some(code) = err.response_code() {
        object.set("responseCode", code)?;
    }
    if let Some(desc) = err.response_desc() {
        object.set("responseDesc", desc)?;
    }
    if let Some(status) = err.http_status() {
        object.set("httpStatus", u32::from(status))?;
    }
    object.set("requestSent", err.request_sent())?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// Runs a core call, turning a panic (a bug) into `INTERNAL` rather than a process abort.
pub fn guarded<T>(call: impl FnOnce() -> faspay::Result<T>) -> faspay::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorCode::Internal,
            "internal error in faspay (a bug: please report it)",
        ))
    })
}

/// `result.js(&env)?` turns a core error into its JS error.
pub trait ResultExt<T> {
    fn js(self, env: &Env) -> Result<T>;
}

impl<T> ResultExt<T> for faspay::Result<T> {
    fn js(self, env: &Env) -> Result<T> {
        self.map_err(|e| js_error(env, &e))
    }
}

/// `INVALID_ARGUMENT` about a field, for type problems found while reading JS input.
pub fn invalid_field(field: &str, message: impl std::fmt::Display) -> Error {
    Error::invalid_field(field, message)
}

/// Every stable error code, in the core's order (`ErrorCode` in `faspay-rs` is built from it).
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Throws the error a given code maps to, with `message` (lets tests check every code's
/// mapping without provoking each failure).
#[napi(catch_unwind, js_name = "_throwForCode")]
pub fn throw_for_code(env: Env, code: String, message: String) -> Result<()> {
    let error = match ErrorCode::parse(&code) {
        Some(code) => Error::new(code, message),
        None => invalid_field("code", format!("unknown code {code:?}")),
    };
    Err(js_error(&env, &error))
}

/// A deliberate panic inside a guarded core call, so tests can check that it surfaces as an
/// `INTERNAL` error and the process survives.
#[napi(catch_unwind, js_name = "_panicForTest")]
pub fn panic_for_test(env: Env) -> Result<()> {
    guarded(|| -> faspay::Result<()> { panic!("deliberate test panic") }).js(&env)
}

/// A deliberate panic in the binding's own code, outside any `guarded` call: the
/// `catch_unwind` every export carries turns it into an error (the JS layer gives it the code
/// `INTERNAL`) instead of a process abort.
#[napi(catch_unwind, js_name = "_panicOutsideCoreForTest")]
pub fn panic_outside_core_for_test() -> Result<()> {
    panic!("deliberate test panic with a secret: p@ssw0rd")
}
