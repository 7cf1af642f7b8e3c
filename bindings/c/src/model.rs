//! Results as JSON text, with the field names of every other binding and of the shared test
//! vectors: amounts as rupiah decimal strings (`"25000.50"`), `payment_status_code` as a
//! number with `is_paid` / `is_final`, and `raw` holding the wire fields as received.

use faspay::{
    Amount, Cancellation, ChannelList, Config, CreatedTransaction, Notification, OvoPushResult,
    PaymentStatus, PreparedRequest, Response, ReturnInfo,
};
use serde_json::{Value, json};

fn opt_amount(a: Option<Amount>) -> Value {
    a.map_or(Value::Null, |a| Value::String(a.to_string()))
}

pub fn channels_json(r: &ChannelList) -> Value {
    json!({
        "merchant_id": r.merchant_id, "merchant": r.merchant,
        "payment_channel": r.payment_channel.iter()
            .map(|c| json!({"pg_code": c.pg_code, "pg_name": c.pg_name})).collect::<Vec<_>>(),
        "response_code": r.response.response_code, "response_desc": r.response.response_desc,
        "raw": r.raw.to_json_value(),
    })
}

pub fn created_json(r: &CreatedTransaction) -> Value {
    json!({
        "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
        "bill_no": r.bill_no, "redirect_url": r.redirect_url, "web_url": r.web_url,
        "qr_content": r.qr_content, "alt_url": r.alt_url,
        "bill_items": r.bill_items.iter().map(|i| json!({
            "product": i.product, "qty": i.qty, "amount": i.amount.map(|a| a.to_string()),
            "raw": i.raw.to_json_value(),
        })).collect::<Vec<_>>(),
        "response_code": r.response.response_code, "response_desc": r.response.response_desc,
        "raw": r.raw.to_json_value(),
    })
}

/// A client's settings without the password (`faspay_client_settings`).
pub fn settings_json(c: &Config) -> Value {
    json!({
        "merchant_id": c.merchant_id, "merchant_name": c.merchant_name, "user_id": c.user_id,
        "environment": c.environment.as_str(), "base_url": c.effective_base_url(),
        "format": c.format.as_str(),
    })
}

pub fn status_json(r: &PaymentStatus) -> Value {
    json!({
        "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
        "bill_no": r.bill_no, "payment_reff": r.payment_reff, "payment_date": r.payment_date,
        "payment_status_code": r.payment_status_code.value(),
        "payment_status_desc": r.payment_status_desc,
        "is_paid": r.payment_status_code.is_paid(), "is_final": r.payment_status_code.is_final(),
        "payment_total": opt_amount(r.payment_total),
        "response_code": r.response.response_code, "response_desc": r.response.response_desc,
        "dedupe_key": r.dedupe_key(),
        "raw": r.raw.to_json_value(),
    })
}

pub fn cancellation_json(r: &Cancellation) -> Value {
    json!({
        "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
        "bill_no": r.bill_no, "trx_status_code": r.trx_status_code,
        "trx_status_desc": r.trx_status_desc,
        "payment_status_code": r.payment_status_code.value(),
        "payment_status_desc": r.payment_status_desc,
        "payment_cancel_date": r.payment_cancel_date, "payment_cancel": r.payment_cancel,
        "response_code": r.response.response_code, "response_desc": r.response.response_desc,
        "raw": r.raw.to_json_value(),
    })
}

pub fn ovo_push_json(r: &OvoPushResult) -> Value {
    json!({
        "trx_id": r.trx_id,
        "response_code": r.response.as_ref().map(|c| c.response_code.clone()),
        "response_desc": r.response.as_ref().map(|c| c.response_desc.clone()),
        "raw": r.raw.to_json_value(),
    })
}

/// Any decoded response.
pub fn response_json(response: &Response) -> Value {
    match response {
        Response::PaymentChannels(r) => channels_json(r),
        Response::CreateTransaction(r) => created_json(r),
        Response::PaymentStatus(r) => status_json(r),
        Response::CancelTransaction(r) => cancellation_json(r),
        Response::OvoPush(r) => ovo_push_json(r),
    }
}

pub fn notification_json(n: &Notification) -> Value {
    json!({
        "format": n.format.as_str(), "reply_content_type": n.format.content_type(),
        "request": n.request, "trx_id": n.trx_id,
        "merchant_id": n.merchant_id, "merchant": n.merchant, "bill_no": n.bill_no,
        "payment_reff": n.payment_reff, "payment_date": n.payment_date,
        "payment_status_code": n.payment_status_code.value(),
        "payment_status_desc": n.payment_status_desc,
        "is_paid": n.payment_status_code.is_paid(), "is_final": n.payment_status_code.is_final(),
        "bill_total": opt_amount(n.bill_total), "payment_total": opt_amount(n.payment_total),
        "payment_channel_uid": n.payment_channel_uid, "payment_channel": n.payment_channel,
        "dedupe_key": n.dedupe_key(),
        "raw": n.raw.to_json_value(),
    })
}

pub fn return_json(r: &ReturnInfo) -> Value {
    json!({
        "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
        "bill_no": r.bill_no, "bill_reff": r.bill_reff,
        "bill_total": opt_amount(r.bill_total), "payment_reff": r.payment_reff,
        "payment_date": r.payment_date, "bank_user_name": r.bank_user_name,
        "status": r.status.value(),
        "raw": r.raw.to_json_value(),
    })
}

/// A prepared request; its body is text (every Faspay request body is UTF-8).
pub fn prepared_json(r: &PreparedRequest) -> Value {
    json!({
        "method": r.method, "url": r.url, "content_type": r.content_type,
        "body": String::from_utf8_lossy(&r.body),
    })
}
