//! Module-level signature helpers (core `signature.rs`): `sign`, one named helper per message
//! and the constant-time `verify`. An argument that is not a string is `INVALID_ARGUMENT`
//! naming it.

use faspay::SignedMessage;
use napi::bindgen_prelude::*;

use crate::args::{Arg, call};
use crate::errors::{ResultExt, guarded};

type Text = Arg<String>;

/// `sha1(md5(userId + password + suffix))` as 40 lowercase hex characters.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, suffix: string"
)]
pub fn sign(env: Env, user_id: Text, password: Text, suffix: Text) -> Result<String> {
    call(&env, || {
        let (user_id, password) = (user_id.get("user_id")?, password.get("password")?);
        Ok(faspay::sign(&user_id, &password, &suffix.get("suffix")?))
    })
}

/// Constant-time, case-insensitive comparison of two signatures.
#[napi(catch_unwind, ts_args_type = "expected: string, received: string")]
pub fn verify(env: Env, expected: Text, received: Text) -> Result<bool> {
    call(&env, || {
        let expected = expected.get("expected")?;
        Ok(faspay::verify(&expected, &received.get("received")?))
    })
}

/// Payment Channel Inquiry: `sha1(md5(userId + password))`.
#[napi(catch_unwind, ts_args_type = "userId: string, password: string")]
pub fn channel_inquiry_signature(env: Env, user_id: Text, password: Text) -> Result<String> {
    call(&env, || {
        let user_id = user_id.get("user_id")?;
        Ok(faspay::channel_inquiry_signature(
            &user_id,
            &password.get("password")?,
        ))
    })
}

/// A helper signing `sign(userId, password, <value>)` with the value named `name`.
fn signed(
    env: &Env,
    [user_id, password, value]: [Text; 3],
    name: &str,
    sign: fn(&str, &str, &str) -> String,
) -> Result<String> {
    call(env, || {
        let (user_id, password) = (user_id.get("user_id")?, password.get("password")?);
        Ok(sign(&user_id, &password, &value.get(name)?))
    })
}

/// Post Data Transaction: `sign(userId, password, billNo)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string"
)]
pub fn post_data_signature(
    env: Env,
    user_id: Text,
    password: Text,
    bill_no: Text,
) -> Result<String> {
    signed(
        &env,
        [user_id, password, bill_no],
        "bill_no",
        faspay::post_data_signature,
    )
}

/// Inquiry Payment Status: `sign(userId, password, billNo)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string"
)]
pub fn inquiry_signature(env: Env, user_id: Text, password: Text, bill_no: Text) -> Result<String> {
    signed(
        &env,
        [user_id, password, bill_no],
        "bill_no",
        faspay::inquiry_signature,
    )
}

/// Cancel Transaction: `sign(userId, password, billNo)` (the reason is not signed).
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string"
)]
pub fn cancel_signature(env: Env, user_id: Text, password: Text, bill_no: Text) -> Result<String> {
    signed(
        &env,
        [user_id, password, bill_no],
        "bill_no",
        faspay::cancel_signature,
    )
}

/// The redirect URL's path signature: `sign(userId, password, billNo)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string"
)]
pub fn redirect_signature(
    env: Env,
    user_id: Text,
    password: Text,
    bill_no: Text,
) -> Result<String> {
    signed(
        &env,
        [user_id, password, bill_no],
        "bill_no",
        faspay::redirect_signature,
    )
}

/// OVO push-to-pay: `sign(userId, password, trxId)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, trxId: string"
)]
pub fn ovo_push_signature(env: Env, user_id: Text, password: Text, trx_id: Text) -> Result<String> {
    signed(
        &env,
        [user_id, password, trx_id],
        "trx_id",
        faspay::ovo_push_signature,
    )
}

/// Payment notification: `sign(userId, password, billNo + paymentStatusCode)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string, paymentStatusCode: string"
)]
pub fn notification_signature(
    env: Env,
    user_id: Text,
    password: Text,
    bill_no: Text,
    payment_status_code: Text,
) -> Result<String> {
    call(&env, || {
        let (user_id, password) = (user_id.get("user_id")?, password.get("password")?);
        let bill_no = bill_no.get("bill_no")?;
        let code = payment_status_code.get("payment_status_code")?;
        Ok(faspay::notification_signature(
            &user_id, &password, &bill_no, &code,
        ))
    })
}

/// Return URL: `sign(userId, password, billNo + status)`.
#[napi(
    catch_unwind,
    ts_args_type = "userId: string, password: string, billNo: string, status: string"
)]
pub fn return_url_signature(
    env: Env,
    user_id: Text,
    password: Text,
    bill_no: Text,
    status: Text,
) -> Result<String> {
    call(&env, || {
        let (user_id, password) = (user_id.get("user_id")?, password.get("password")?);
        let bill_no = bill_no.get("bill_no")?;
        Ok(faspay::return_url_signature(
            &user_id,
            &password,
            &bill_no,
            &status.get("status")?,
        ))
    })
}

/// Signs a message by name (`"post_data"`, `"notification"`, ...) with its values in order.
#[napi(
    catch_unwind,
    ts_args_type = "message: string, userId: string, password: string, values: Array<string>"
)]
pub fn sign_message(
    env: Env,
    message: Text,
    user_id: Text,
    password: Text,
    values: Arg<Vec<String>>,
) -> Result<String> {
    guarded(|| {
        let message = message.get("message")?;
        let (user_id, password) = (user_id.get("user_id")?, password.get("password")?);
        let values = values.get("values")?;
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        SignedMessage::from_name(&message)?.sign(&user_id, &password, &values)
    })
    .js(&env)
}
