//! Module-level signature helpers (core `signature.rs`): `sign`, one named helper per message
//! and the constant-time `verify`.

use faspay::SignedMessage;
use napi::bindgen_prelude::*;

use crate::errors::{ResultExt, guarded};

/// `sha1(md5(userId + password + suffix))` as 40 lowercase hex characters.
#[napi(catch_unwind)]
pub fn sign(user_id: String, password: String, suffix: String) -> String {
    faspay::sign(&user_id, &password, &suffix)
}

/// Constant-time, case-insensitive comparison of two signatures.
#[napi(catch_unwind)]
pub fn verify(expected: String, received: String) -> bool {
    faspay::verify(&expected, &received)
}

/// Payment Channel Inquiry: `sha1(md5(userId + password))`.
#[napi(catch_unwind)]
pub fn channel_inquiry_signature(user_id: String, password: String) -> String {
    faspay::channel_inquiry_signature(&user_id, &password)
}

/// Post Data Transaction: `sign(userId, password, billNo)`.
#[napi(catch_unwind)]
pub fn post_data_signature(user_id: String, password: String, bill_no: String) -> String {
    faspay::post_data_signature(&user_id, &password, &bill_no)
}

/// Inquiry Payment Status: `sign(userId, password, billNo)`.
#[napi(catch_unwind)]
pub fn inquiry_signature(user_id: String, password: String, bill_no: String) -> String {
    faspay::inquiry_signature(&user_id, &password, &bill_no)
}

/// Cancel Transaction: `sign(userId, password, billNo)` (the reason is not signed).
#[napi(catch_unwind)]
pub fn cancel_signature(user_id: String, password: String, bill_no: String) -> String {
    faspay::cancel_signature(&user_id, &password, &bill_no)
}

/// The redirect URL's path signature: `sign(userId, password, billNo)`.
#[napi(catch_unwind)]
pub fn redirect_signature(user_id: String, password: String, bill_no: String) -> String {
    faspay::redirect_signature(&user_id, &password, &bill_no)
}

/// OVO push-to-pay: `sign(userId, password, trxId)`.
#[napi(catch_unwind)]
pub fn ovo_push_signature(user_id: String, password: String, trx_id: String) -> String {
    faspay::ovo_push_signature(&user_id, &password, &trx_id)
}

/// Payment notification: `sign(userId, password, billNo + paymentStatusCode)`.
#[napi(catch_unwind)]
pub fn notification_signature(
    user_id: String,
    password: String,
    bill_no: String,
    payment_status_code: String,
) -> String {
    faspay::notification_signature(&user_id, &password, &bill_no, &payment_status_code)
}

/// Return URL: `sign(userId, password, billNo + status)`.
#[napi(catch_unwind)]
pub fn return_url_signature(
    user_id: String,
    password: String,
    bill_no: String,
    status: String,
) -> String {
    faspay::return_url_signature(&user_id, &password, &bill_no, &status)
}

/// Signs a message by name (`"post_data"`, `"notification"`, ...) with its values in order.
#[napi(catch_unwind)]
pub fn sign_message(
    env: Env,
    message: String,
    user_id: String,
    password: String,
    values: Vec<String>,
) -> Result<String> {
    guarded(|| {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        SignedMessage::from_name(&message)?.sign(&user_id, &password, &values)
    })
    .js(&env)
}
