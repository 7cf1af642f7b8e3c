//! Module-level signature helpers (core `signature.rs`): `sign`, one named helper per message
//! and the constant-time `verify`.

use faspay::SignedMessage;
use pyo3::prelude::*;

use crate::errors::ResultExt;

/// `sha1(md5(user_id + password + suffix))` as 40 lowercase hex characters.
#[pyfunction]
pub fn sign(user_id: &str, password: &str, suffix: &str) -> String {
    faspay::sign(user_id, password, suffix)
}

/// Constant-time, case-insensitive comparison of two signatures.
#[pyfunction]
pub fn verify(expected: &str, received: &str) -> bool {
    faspay::verify(expected, received)
}

/// Payment Channel Inquiry: `sha1(md5(user_id + password))`.
#[pyfunction]
pub fn channel_inquiry_signature(user_id: &str, password: &str) -> String {
    faspay::channel_inquiry_signature(user_id, password)
}

/// Post Data Transaction: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn post_data_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    faspay::post_data_signature(user_id, password, bill_no)
}

/// Inquiry Payment Status: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn inquiry_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    faspay::inquiry_signature(user_id, password, bill_no)
}

/// Cancel Transaction: `sign(user_id, password, bill_no)` (the reason is not signed).
#[pyfunction]
pub fn cancel_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    faspay::cancel_signature(user_id, password, bill_no)
}

/// The redirect URL's path signature: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn redirect_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    faspay::redirect_signature(user_id, password, bill_no)
}

/// OVO push-to-pay: `sign(user_id, password, trx_id)`.
#[pyfunction]
pub fn ovo_push_signature(user_id: &str, password: &str, trx_id: &str) -> String {
    faspay::ovo_push_signature(user_id, password, trx_id)
}

/// Payment notification: `sign(user_id, password, bill_no + payment_status_code)`.
#[pyfunction]
pub fn notification_signature(
    user_id: &str,
    password: &str,
    bill_no: &str,
    payment_status_code: &str,
) -> String {
    faspay::notification_signature(user_id, password, bill_no, payment_status_code)
}

/// Return URL: `sign(user_id, password, bill_no + status)`.
#[pyfunction]
pub fn return_url_signature(user_id: &str, password: &str, bill_no: &str, status: &str) -> String {
    faspay::return_url_signature(user_id, password, bill_no, status)
}

/// Signs a message by name (`"post_data"`, `"notification"`, ...) with its values in order.
#[pyfunction]
pub fn sign_message(
    message: &str,
    user_id: &str,
    password: &str,
    values: Vec<String>,
) -> PyResult<String> {
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    SignedMessage::from_name(message)
        .py()?
        .sign(user_id, password, &values)
        .py()
}

/// The names accepted by `sign_message`, with the values each one takes.
pub fn signed_messages() -> Vec<(&'static str, Vec<&'static str>)> {
    SignedMessage::ALL
        .iter()
        .map(|m| (m.name(), m.params().to_vec()))
        .collect()
}
