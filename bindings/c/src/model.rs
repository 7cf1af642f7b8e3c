//! Results as JSON text, with the field names of every other binding and of the shared test
//! vectors: amounts as rupiah decimal strings (`"25000.50"`), `payment_status_code` as a
//! number with `is_paid` / `is_final`, and `raw` holding the wire fields as received.
//!
//! Each result is a borrowing struct serialized straight to text: no intermediate
//! `serde_json::Value` tree (one map and one allocation per field), which was most of the
//! cost of handing a result to C or PHP.

use std::borrow::Cow;
use std::collections::HashSet;

use faspay::{
    Amount, BillItem, Cancellation, ChannelList, CreatedTransaction, Fields, Notification,
    OvoPushResult, PaymentChannel, PaymentStatus, PaymentStatusCode, PreparedRequest, Response,
    ResponseCode, ReturnInfo, WireValue,
};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Wire fields serialized in place: the same text as [`Fields::to_json_value`].
pub struct Raw<'a>(&'a Fields);

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if has_repeated_keys(self.0) {
            // Rare (a malformed answer): the JSON view merges the repeats (first place, last
            // value).
            return self.0.to_json_value().serialize(serializer);
        }
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter() {
            map.serialize_entry(k, &Wire(v))?;
        }
        map.end()
    }
}

struct Wire<'a>(&'a WireValue);

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            WireValue::Text(t) => serializer.serialize_str(t),
            WireValue::Object(f) => Raw(f).serialize(serializer),
            WireValue::List(items) => serializer.collect_seq(items.iter().map(Wire)),
        }
    }
}

/// Whether a key occurs twice; linear in the number of keys beyond a few.
fn has_repeated_keys(fields: &Fields) -> bool {
    const PAIRWISE_UP_TO: usize = 24;
    if fields.len() <= PAIRWISE_UP_TO {
        fields
            .iter()
            .enumerate()
            .any(|(i, (key, _))| fields.iter().skip(i + 1).any(|(other, _)| other == key))
    } else {
        let mut seen = HashSet::with_capacity(fields.len());
        fields.iter().any(|(k, _)| !seen.insert(k))
    }
}

fn opt_amount(a: Option<Amount>) -> Option<String> {
    a.map(|a| a.to_string())
}

#[derive(serde::Serialize)]
pub struct ChannelOut<'a> {
    pg_code: &'a str,
    pg_name: &'a str,
}

#[derive(serde::Serialize)]
pub struct ChannelsOut<'a> {
    merchant_id: &'a str,
    merchant: &'a str,
    payment_channel: Vec<ChannelOut<'a>>,
    response_code: &'a str,
    response_desc: &'a str,
    raw: Raw<'a>,
}

pub fn channels_json(r: &ChannelList) -> ChannelsOut<'_> {
    ChannelsOut {
        merchant_id: &r.merchant_id,
        merchant: &r.merchant,
        payment_channel: r
            .payment_channel
            .iter()
            .map(|c: &PaymentChannel| ChannelOut {
                pg_code: &c.pg_code,
                pg_name: &c.pg_name,
            })
            .collect(),
        response_code: &r.response.response_code,
        response_desc: &r.response.response_desc,
        raw: Raw(&r.raw),
    }
}

#[derive(serde::Serialize)]
pub struct BillItemOut<'a> {
    product: &'a str,
    qty: &'a str,
    amount: Option<String>,
    raw: Raw<'a>,
}

#[derive(serde::Serialize)]
pub struct CreatedOut<'a> {
    trx_id: &'a str,
    merchant_id: &'a str,
    merchant: &'a str,
    bill_no: &'a str,
    redirect_url: Option<&'a str>,
    web_url: Option<&'a str>,
    qr_content: Option<&'a str>,
    alt_url: Option<&'a str>,
    bill_items: Vec<BillItemOut<'a>>,
    response_code: &'a str,
    response_desc: &'a str,
    raw: Raw<'a>,
}

pub fn created_json(r: &CreatedTransaction) -> CreatedOut<'_> {
    CreatedOut {
        trx_id: &r.trx_id,
        merchant_id: &r.merchant_id,
        merchant: &r.merchant,
        bill_no: &r.bill_no,
        redirect_url: r.redirect_url.as_deref(),
        web_url: r.web_url.as_deref(),
        qr_content: r.qr_content.as_deref(),
        alt_url: r.alt_url.as_deref(),
        bill_items: r
            .bill_items
            .iter()
            .map(|i: &BillItem| BillItemOut {
                product: &i.product,
                qty: &i.qty,
                amount: opt_amount(i.amount),
                raw: Raw(&i.raw),
            })
            .collect(),
        response_code: &r.response.response_code,
        response_desc: &r.response.response_desc,
        raw: Raw(&r.raw),
    }
}

#[derive(serde::Serialize)]
pub struct StatusOut<'a> {
    trx_id: &'a str,
    merchant_id: &'a str,
    merchant: &'a str,
    bill_no: &'a str,
    payment_reff: Option<&'a str>,
    payment_date: Option<&'a str>,
    payment_status_code: u8,
    payment_status_desc: &'a str,
    is_paid: bool,
    is_final: bool,
    payment_total: Option<String>,
    response_code: &'a str,
    response_desc: &'a str,
    dedupe_key: String,
    raw: Raw<'a>,
}

pub fn status_json(r: &PaymentStatus) -> StatusOut<'_> {
    let code: PaymentStatusCode = r.payment_status_code;
    StatusOut {
        trx_id: &r.trx_id,
        merchant_id: &r.merchant_id,
        merchant: &r.merchant,
        bill_no: &r.bill_no,
        payment_reff: r.payment_reff.as_deref(),
        payment_date: r.payment_date.as_deref(),
        payment_status_code: code.value(),
        payment_status_desc: &r.payment_status_desc,
        is_paid: code.is_paid(),
        is_final: code.is_final(),
        payment_total: opt_amount(r.payment_total),
        response_code: &r.response.response_code,
        response_desc: &r.response.response_desc,
        dedupe_key: r.dedupe_key(),
        raw: Raw(&r.raw),
    }
}

#[derive(serde::Serialize)]
pub struct CancellationOut<'a> {
    trx_id: &'a str,
    merchant_id: &'a str,
    merchant: &'a str,
    bill_no: &'a str,
    trx_status_code: &'a str,
    trx_status_desc: &'a str,
    payment_status_code: u8,
    payment_status_desc: &'a str,
    payment_cancel_date: Option<&'a str>,
    payment_cancel: Option<&'a str>,
    response_code: &'a str,
    response_desc: &'a str,
    raw: Raw<'a>,
}

pub fn cancellation_json(r: &Cancellation) -> CancellationOut<'_> {
    CancellationOut {
        trx_id: &r.trx_id,
        merchant_id: &r.merchant_id,
        merchant: &r.merchant,
        bill_no: &r.bill_no,
        trx_status_code: &r.trx_status_code,
        trx_status_desc: &r.trx_status_desc,
        payment_status_code: r.payment_status_code.value(),
        payment_status_desc: &r.payment_status_desc,
        payment_cancel_date: r.payment_cancel_date.as_deref(),
        payment_cancel: r.payment_cancel.as_deref(),
        response_code: &r.response.response_code,
        response_desc: &r.response.response_desc,
        raw: Raw(&r.raw),
    }
}

#[derive(serde::Serialize)]
pub struct OvoPushOut<'a> {
    trx_id: &'a str,
    response_code: Option<&'a str>,
    response_desc: Option<&'a str>,
    raw: Raw<'a>,
}

pub fn ovo_push_json(r: &OvoPushResult) -> OvoPushOut<'_> {
    let response: Option<&ResponseCode> = r.response.as_ref();
    OvoPushOut {
        trx_id: &r.trx_id,
        response_code: response.map(|c| c.response_code.as_str()),
        response_desc: response.map(|c| c.response_desc.as_str()),
        raw: Raw(&r.raw),
    }
}

/// Any decoded response.
#[derive(serde::Serialize)]
#[serde(untagged)]
pub enum ResponseOut<'a> {
    PaymentChannels(ChannelsOut<'a>),
    CreateTransaction(CreatedOut<'a>),
    PaymentStatus(StatusOut<'a>),
    CancelTransaction(CancellationOut<'a>),
    OvoPush(OvoPushOut<'a>),
}

pub fn response_json(response: &Response) -> ResponseOut<'_> {
    match response {
        Response::PaymentChannels(r) => ResponseOut::PaymentChannels(channels_json(r)),
        Response::CreateTransaction(r) => ResponseOut::CreateTransaction(created_json(r)),
        Response::PaymentStatus(r) => ResponseOut::PaymentStatus(status_json(r)),
        Response::CancelTransaction(r) => ResponseOut::CancelTransaction(cancellation_json(r)),
        Response::OvoPush(r) => ResponseOut::OvoPush(ovo_push_json(r)),
    }
}

#[derive(serde::Serialize)]
pub struct NotificationOut<'a> {
    format: &'a str,
    reply_content_type: &'a str,
    request: &'a str,
    trx_id: &'a str,
    merchant_id: &'a str,
    merchant: &'a str,
    bill_no: &'a str,
    payment_reff: Option<&'a str>,
    payment_date: Option<&'a str>,
    payment_status_code: u8,
    payment_status_desc: &'a str,
    is_paid: bool,
    is_final: bool,
    bill_total: Option<String>,
    payment_total: Option<String>,
    payment_channel_uid: &'a str,
    payment_channel: &'a str,
    dedupe_key: String,
    raw: Raw<'a>,
}

pub fn notification_json(n: &Notification) -> NotificationOut<'_> {
    let code = n.payment_status_code;
    NotificationOut {
        format: n.format.as_str(),
        reply_content_type: n.format.content_type(),
        request: &n.request,
        trx_id: &n.trx_id,
        merchant_id: &n.merchant_id,
        merchant: &n.merchant,
        bill_no: &n.bill_no,
        payment_reff: n.payment_reff.as_deref(),
        payment_date: n.payment_date.as_deref(),
        payment_status_code: code.value(),
        payment_status_desc: &n.payment_status_desc,
        is_paid: code.is_paid(),
        is_final: code.is_final(),
        bill_total: opt_amount(n.bill_total),
        payment_total: opt_amount(n.payment_total),
        payment_channel_uid: &n.payment_channel_uid,
        payment_channel: &n.payment_channel,
        dedupe_key: n.dedupe_key(),
        raw: Raw(&n.raw),
    }
}

#[derive(serde::Serialize)]
pub struct ReturnOut<'a> {
    trx_id: &'a str,
    merchant_id: &'a str,
    merchant: Option<&'a str>,
    bill_no: &'a str,
    bill_reff: Option<&'a str>,
    bill_total: Option<String>,
    payment_reff: Option<&'a str>,
    payment_date: Option<&'a str>,
    bank_user_name: Option<&'a str>,
    status: u8,
    raw: Raw<'a>,
}

pub fn return_json(r: &ReturnInfo) -> ReturnOut<'_> {
    ReturnOut {
        trx_id: &r.trx_id,
        merchant_id: &r.merchant_id,
        merchant: r.merchant.as_deref(),
        bill_no: &r.bill_no,
        bill_reff: r.bill_reff.as_deref(),
        bill_total: opt_amount(r.bill_total),
        payment_reff: r.payment_reff.as_deref(),
        payment_date: r.payment_date.as_deref(),
        bank_user_name: r.bank_user_name.as_deref(),
        status: r.status.value(),
        raw: Raw(&r.raw),
    }
}

#[derive(serde::Serialize)]
pub struct PreparedOut<'a> {
    method: &'a str,
    url: &'a str,
    content_type: &'a str,
    body: Cow<'a, str>,
}

/// A prepared request; its body is text (every Faspay request body is UTF-8).
pub fn prepared_json(r: &PreparedRequest) -> PreparedOut<'_> {
    PreparedOut {
        method: r.method,
        url: &r.url,
        content_type: r.content_type,
        body: String::from_utf8_lossy(&r.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        let mut f = Fields::new();
        for (k, v) in pairs {
            f.push_text(*k, *v);
        }
        f
    }

    #[test]
    fn raw_fields_are_the_text_of_the_json_view_repeated_keys_included() {
        let mut nested = fields(&[("a", "1"), ("b", "\"q\"")]);
        nested.push("list", WireValue::List(vec![WireValue::Text("x".into())]));
        let mut plain = fields(&[("trx_id", "1"), ("é", "ü")]);
        plain.push("item", WireValue::Object(nested));
        let repeated = fields(&[("k", "first"), ("other", "2"), ("k", "last")]);
        let many: Vec<(String, String)> =
            (0..40).map(|i| (format!("k{i}"), i.to_string())).collect();
        let mut long = Fields::new();
        for (k, v) in &many {
            long.push_text(k.as_str(), v.as_str());
        }
        long.push_text("k7", "again");
        for f in [&plain, &repeated, &long] {
            assert_eq!(
                serde_json::to_string(&Raw(f)).unwrap(),
                f.to_json_value().to_string()
            );
        }
        assert_eq!(
            serde_json::to_string(&Raw(&repeated)).unwrap(),
            r#"{"k":"last","other":"2"}"#
        );
    }
}
