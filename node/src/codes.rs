//! `payment_status_code` rules (core `codes.rs`): paid, final, descriptions.

use faspay::PaymentStatusCode;

fn status(code: u32) -> Option<PaymentStatusCode> {
    u8::try_from(code).ok().map(PaymentStatusCode::from_value)
}

/// Whether the money arrived (`payment_status_code` 2).
#[napi(catch_unwind)]
pub fn is_paid(code: u32) -> bool {
    status(code).is_some_and(PaymentStatusCode::is_paid)
}

/// Whether the status will not change any more.
#[napi(catch_unwind)]
pub fn is_final(code: u32) -> bool {
    status(code).is_some_and(PaymentStatusCode::is_final)
}

/// Faspay's English meaning of a payment status code.
#[napi(catch_unwind)]
pub fn payment_status_description(code: u32) -> Option<&'static str> {
    status(code).map(PaymentStatusCode::description)
}

/// Faspay's documented meaning of a `response_code`, or `null`.
#[napi(catch_unwind)]
pub fn response_code_description(code: String) -> Option<&'static str> {
    faspay::response_code_description(&code)
}
