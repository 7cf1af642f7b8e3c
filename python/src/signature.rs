//! Module-level signature helpers (core `signature.rs`): `sign`, one named helper per message
//! and the constant-time `verify`. An argument that is not a `str` is
//! `faspay.ArgumentTypeError` naming it.

use faspay::SignedMessage;
use pyo3::prelude::*;

use crate::args::Arg;
use crate::errors::ResultExt;

/// `sha1(md5(user_id + password + suffix))` as 40 lowercase hex characters.
#[pyfunction]
pub fn sign(user_id: Arg<String>, password: Arg<String>, suffix: Arg<String>) -> PyResult<String> {
    Ok(faspay::sign(
        user_id.text("user_id")?,
        password.text("password")?,
        suffix.text("suffix")?,
    ))
}

/// Constant-time, case-insensitive comparison of two signatures.
#[pyfunction]
pub fn verify(expected: Arg<String>, received: Arg<String>) -> PyResult<bool> {
    Ok(faspay::verify(
        expected.text("expected")?,
        received.text("received")?,
    ))
}

/// Payment Channel Inquiry: `sha1(md5(user_id + password))`.
#[pyfunction]
pub fn channel_inquiry_signature(user_id: Arg<String>, password: Arg<String>) -> PyResult<String> {
    Ok(faspay::channel_inquiry_signature(
        user_id.text("user_id")?,
        password.text("password")?,
    ))
}

/// Post Data Transaction: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn post_data_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::post_data_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
    ))
}

/// Inquiry Payment Status: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn inquiry_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::inquiry_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
    ))
}

/// Cancel Transaction: `sign(user_id, password, bill_no)` (the reason is not signed).
#[pyfunction]
pub fn cancel_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::cancel_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
    ))
}

/// The redirect URL's path signature: `sign(user_id, password, bill_no)`.
#[pyfunction]
pub fn redirect_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::redirect_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
    ))
}

/// OVO push-to-pay: `sign(user_id, password, trx_id)`.
#[pyfunction]
pub fn ovo_push_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    trx_id: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::ovo_push_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        trx_id.text("trx_id")?,
    ))
}

/// Payment notification: `sign(user_id, password, bill_no + payment_status_code)`.
#[pyfunction]
pub fn notification_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
    payment_status_code: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::notification_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
        payment_status_code.text("payment_status_code")?,
    ))
}

/// Return URL: `sign(user_id, password, bill_no + status)`.
#[pyfunction]
pub fn return_url_signature(
    user_id: Arg<String>,
    password: Arg<String>,
    bill_no: Arg<String>,
    status: Arg<String>,
) -> PyResult<String> {
    Ok(faspay::return_url_signature(
        user_id.text("user_id")?,
        password.text("password")?,
        bill_no.text("bill_no")?,
        status.text("status")?,
    ))
}

/// Signs a message by name (`"post_data"`, `"notification"`, ...) with its values in order.
#[pyfunction]
pub fn sign_message(
    message: Arg<String>,
    user_id: Arg<String>,
    password: Arg<String>,
    values: Arg<Vec<String>>,
) -> PyResult<String> {
    let (message, user_id) = (message.text("message")?, user_id.text("user_id")?);
    let (password, values) = (password.text("password")?, values.get("values")?);
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
