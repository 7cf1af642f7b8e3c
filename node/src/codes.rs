//! `payment_status_code` rules (core `codes.rs`): paid, final, descriptions.

use faspay::PaymentStatusCode;
use napi::bindgen_prelude::*;

use crate::args::{Arg, call};

fn status(code: u32) -> Option<PaymentStatusCode> {
    u8::try_from(code).ok().map(PaymentStatusCode::from_value)
}

/// Whether the money arrived (`payment_status_code` 2).
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn is_paid(env: Env, code: Arg<u32>) -> Result<bool> {
    call(&env, || {
        Ok(status(code.get("code")?).is_some_and(PaymentStatusCode::is_paid))
    })
}

/// Whether the status will not change any more.
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn is_final(env: Env, code: Arg<u32>) -> Result<bool> {
    call(&env, || {
        Ok(status(code.get("code")?).is_some_and(PaymentStatusCode::is_final))
    })
}

/// Faspay's English meaning of a payment status code.
#[napi(catch_unwind, ts_args_type = "code: number")]
pub fn payment_status_description(env: Env, code: Arg<u32>) -> Result<Option<&'static str>> {
    call(&env, || {
        Ok(status(code.get("code")?).map(PaymentStatusCode::description))
    })
}

/// Faspay's documented meaning of a `response_code`, or `null`.
#[napi(catch_unwind, ts_args_type = "code: string")]
pub fn response_code_description(env: Env, code: Arg<String>) -> Result<Option<&'static str>> {
    call(&env, || {
        Ok(faspay::response_code_description(&code.get("code")?))
    })
}
