//! `payment_status_code` rules (core `codes.rs`): paid, final, descriptions.

use faspay::PaymentStatusCode;
use napi::bindgen_prelude::*;

use crate::args::{Arg, Whole, call};

/// The status a `code` argument holds: a whole number from 0 to 255 (the core's `u8`, as in
/// Python), else `INVALID_ARGUMENT` naming `code`; never a wrapped or truncated number.
fn status(code: Arg<Whole<u8>>) -> faspay::Result<PaymentStatusCode> {
    Ok(PaymentStatusCode::from_value(code.get("code")?.0))
}

/// Whether the money arrived (`payment_status_code` 2).
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn is_paid(env: Env, code: Arg<Whole<u8>>) -> Result<bool> {
    call(&env, || Ok(status(code)?.is_paid()))
}

/// Whether the status will not change any more.
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn is_final(env: Env, code: Arg<Whole<u8>>) -> Result<bool> {
    call(&env, || Ok(status(code)?.is_final()))
}

/// Faspay's English meaning of a payment status code.
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn payment_status_description(env: Env, code: Arg<Whole<u8>>) -> Result<&'static str> {
    call(&env, || Ok(status(code)?.description()))
}

/// Faspay's documented meaning of a `response_code`, or `null`.
#[napi(catch_unwind, ts_args_type = "code: string")]
pub fn response_code_description(env: Env, code: Arg<String>) -> Result<Option<&'static str>> {
    call(&env, || {
        Ok(faspay::response_code_description(&code.get("code")?))
    })
}
