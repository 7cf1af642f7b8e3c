//! Typed results of the API calls (core `model.rs`) as plain JS objects with Faspay's field
//! names (the status answer a class, for its `checkTotal`): amounts are decimal strings in
//! rupiah, `payment_status_code` is a number, absent values are `null`, and `raw` holds the
//! wire fields.

use napi::bindgen_prelude::{Env, Result, Unknown};

use crate::amount::amount_from_value;
use crate::brand::{Class, Tagged};
use crate::errors::{ResultExt, guarded};
use crate::wire::{Bytes, Raw};

fn amount(a: Option<faspay::Amount>) -> Option<String> {
    a.map(|a| a.to_string())
}

/// One payment channel.
#[napi(object, object_from_js = false)]
pub struct PaymentChannel {
    #[napi(js_name = "pg_code")]
    pub pg_code: String,
    #[napi(js_name = "pg_name")]
    pub pg_name: String,
}

/// The answer of `paymentChannels()`.
#[napi(object, object_from_js = false)]
pub struct ChannelList {
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: String,
    #[napi(js_name = "payment_channel")]
    pub payment_channel: Vec<PaymentChannel>,
    #[napi(js_name = "response_code")]
    pub response_code: String,
    #[napi(js_name = "response_desc")]
    pub response_desc: String,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::ChannelList> for ChannelList {
    fn from(r: faspay::ChannelList) -> Self {
        ChannelList {
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            payment_channel: r
                .payment_channel
                .into_iter()
                .map(|c| PaymentChannel {
                    pg_code: c.pg_code,
                    pg_name: c.pg_name,
                })
                .collect(),
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
            raw: Raw(r.raw),
        }
    }
}

/// One item echoed by `createTransaction()`.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct BillItem {
    pub product: String,
    pub qty: String,
    /// Rupiah, as a decimal string (`"25000"`); `null` when absent or unreadable.
    pub amount: Option<String>,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

/// The answer of `createTransaction()`.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct CreatedTransaction {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "redirect_url")]
    pub redirect_url: Option<String>,
    #[napi(js_name = "web_url")]
    pub web_url: Option<String>,
    #[napi(js_name = "qr_content")]
    pub qr_content: Option<String>,
    #[napi(js_name = "alt_url")]
    pub alt_url: Option<String>,
    /// The echoed items; their amounts are rupiah like every amount.
    #[napi(js_name = "bill_items")]
    pub bill_items: Vec<BillItem>,
    #[napi(js_name = "response_code")]
    pub response_code: String,
    #[napi(js_name = "response_desc")]
    pub response_desc: String,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::CreatedTransaction> for CreatedTransaction {
    fn from(r: faspay::CreatedTransaction) -> Self {
        CreatedTransaction {
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            redirect_url: r.redirect_url,
            web_url: r.web_url,
            qr_content: r.qr_content,
            alt_url: r.alt_url,
            bill_items: r
                .bill_items
                .into_iter()
                .map(|i| BillItem {
                    product: i.product,
                    qty: i.qty,
                    amount: amount(i.amount),
                    raw: Raw(i.raw),
                })
                .collect(),
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
            raw: Raw(r.raw),
        }
    }
}

/// The answer of `paymentStatus()`: `response_code === "00"` only says the inquiry worked;
/// `payment_status_code` (see `isPaid`, `isFinal`) says whether the bill is paid. A class, as
/// `Notification` is, for `checkTotal`; `toJSON()` gives the fields as a plain object.
#[napi]
pub struct PaymentStatus {
    inner: faspay::PaymentStatus,
}

/// The fields of a status answer as a plain object (`status.toJSON()`).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct PaymentStatusFields {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_reff")]
    pub payment_reff: Option<String>,
    #[napi(js_name = "payment_date")]
    pub payment_date: Option<String>,
    #[napi(js_name = "payment_status_code")]
    pub payment_status_code: u32,
    #[napi(js_name = "payment_status_desc")]
    pub payment_status_desc: String,
    #[napi(js_name = "payment_total")]
    pub payment_total: Option<String>,
    #[napi(js_name = "response_code")]
    pub response_code: String,
    #[napi(js_name = "response_desc")]
    pub response_desc: String,
    #[napi(js_name = "dedupe_key")]
    pub dedupe_key: String,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::PaymentStatus> for PaymentStatus {
    fn from(inner: faspay::PaymentStatus) -> Self {
        PaymentStatus { inner }
    }
}

/// A `PaymentStatus` result goes to JS tagged as one (see `brand.rs`).
impl From<faspay::PaymentStatus> for Tagged<PaymentStatus> {
    fn from(inner: faspay::PaymentStatus) -> Self {
        Tagged(PaymentStatus { inner }, Class::PaymentStatus)
    }
}

#[napi]
impl PaymentStatus {
    #[napi(catch_unwind, getter, js_name = "trx_id")]
    pub fn trx_id(&self) -> String {
        self.inner.trx_id.clone()
    }
    #[napi(catch_unwind, getter, js_name = "merchant_id")]
    pub fn merchant_id(&self) -> String {
        self.inner.merchant_id.clone()
    }
    #[napi(catch_unwind, getter)]
    pub fn merchant(&self) -> String {
        self.inner.merchant.clone()
    }
    #[napi(catch_unwind, getter, js_name = "bill_no")]
    pub fn bill_no(&self) -> String {
        self.inner.bill_no.clone()
    }
    #[napi(catch_unwind, getter, js_name = "payment_reff")]
    pub fn payment_reff(&self) -> Option<String> {
        self.inner.payment_reff.clone()
    }
    #[napi(catch_unwind, getter, js_name = "payment_date")]
    pub fn payment_date(&self) -> Option<String> {
        self.inner.payment_date.clone()
    }
    /// A number; see `isPaid` / `isFinal`.
    #[napi(catch_unwind, getter, js_name = "payment_status_code")]
    pub fn payment_status_code(&self) -> u32 {
        self.inner.payment_status_code.value().into()
    }
    #[napi(catch_unwind, getter, js_name = "payment_status_desc")]
    pub fn payment_status_desc(&self) -> String {
        self.inner.payment_status_desc.clone()
    }
    /// Rupiah, as a decimal string (`"25000"`, `"25000.50"`), when Faspay sends it.
    #[napi(catch_unwind, getter, js_name = "payment_total")]
    pub fn payment_total(&self) -> Option<String> {
        amount(self.inner.payment_total)
    }
    #[napi(catch_unwind, getter, js_name = "response_code")]
    pub fn response_code(&self) -> String {
        self.inner.response.response_code.clone()
    }
    #[napi(catch_unwind, getter, js_name = "response_desc")]
    pub fn response_desc(&self) -> String {
        self.inner.response.response_desc.clone()
    }
    /// The notification's `dedupe_key` for the same event (`merchant_id:bill_no:status`):
    /// reconciling by status inquiry applies each event once, however it was learnt first.
    #[napi(catch_unwind, getter, js_name = "dedupe_key")]
    pub fn dedupe_key(&self) -> String {
        self.inner.dedupe_key()
    }
    /// The wire fields as received.
    #[napi(catch_unwind, getter, ts_return_type = "Record<string, unknown>")]
    pub fn raw(&self) -> Raw {
        Raw(self.inner.raw.clone())
    }

    /// Throws `INVALID_ARGUMENT` (field `payment_total`) when the paid amount Faspay reports is
    /// not `expected` (rupiah: a number, a decimal string or a bigint); an absent total passes,
    /// as an inquiry answer need not carry one.
    #[napi(
        catch_unwind,
        js_name = "checkTotal",
        ts_args_type = "expected: number | string | bigint"
    )]
    pub fn check_total(&self, env: Env, expected: Unknown<'_>) -> Result<()> {
        guarded(|| {
            let expected = amount_from_value(&expected, "expected")?;
            self.inner.check_total(expected)
        })
        .js(&env)
    }

    /// The fields as a plain object (used by `JSON.stringify` and `util.inspect`).
    #[napi(catch_unwind, js_name = "toJSON")]
    pub fn to_json(&self) -> PaymentStatusFields {
        let r = &self.inner;
        PaymentStatusFields {
            trx_id: r.trx_id.clone(),
            merchant_id: r.merchant_id.clone(),
            merchant: r.merchant.clone(),
            bill_no: r.bill_no.clone(),
            payment_reff: r.payment_reff.clone(),
            payment_date: r.payment_date.clone(),
            payment_status_code: r.payment_status_code.value().into(),
            payment_status_desc: r.payment_status_desc.clone(),
            payment_total: amount(r.payment_total),
            response_code: r.response.response_code.clone(),
            response_desc: r.response.response_desc.clone(),
            dedupe_key: r.dedupe_key(),
            raw: Raw(r.raw.clone()),
        }
    }
}

/// The answer of `cancelTransaction()`.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct Cancellation {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "trx_status_code")]
    pub trx_status_code: String,
    #[napi(js_name = "trx_status_desc")]
    pub trx_status_desc: String,
    #[napi(js_name = "payment_status_code")]
    pub payment_status_code: u32,
    #[napi(js_name = "payment_status_desc")]
    pub payment_status_desc: String,
    #[napi(js_name = "payment_cancel_date")]
    pub payment_cancel_date: Option<String>,
    #[napi(js_name = "payment_cancel")]
    pub payment_cancel: Option<String>,
    #[napi(js_name = "response_code")]
    pub response_code: String,
    #[napi(js_name = "response_desc")]
    pub response_desc: String,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::Cancellation> for Cancellation {
    fn from(r: faspay::Cancellation) -> Self {
        Cancellation {
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            trx_status_code: r.trx_status_code,
            trx_status_desc: r.trx_status_desc,
            payment_status_code: r.payment_status_code.value().into(),
            payment_status_desc: r.payment_status_desc,
            payment_cancel_date: r.payment_cancel_date,
            payment_cancel: r.payment_cancel,
            response_code: r.response.response_code,
            response_desc: r.response.response_desc,
            raw: Raw(r.raw),
        }
    }
}

/// The answer of `ovoPush()`: the outcome of the payment itself arrives by notification.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct OvoPushResult {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "response_code")]
    pub response_code: Option<String>,
    #[napi(js_name = "response_desc")]
    pub response_desc: Option<String>,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::OvoPushResult> for OvoPushResult {
    fn from(r: faspay::OvoPushResult) -> Self {
        OvoPushResult {
            trx_id: r.trx_id,
            response_code: r.response.as_ref().map(|c| c.response_code.clone()),
            response_desc: r.response.map(|c| c.response_desc),
            raw: Raw(r.raw),
        }
    }
}

/// An exact request built offline (`prepare*`), for callers that send it with their own HTTP
/// stack and decode the answer with `decodeResponse`.
#[napi(object, object_from_js = false)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    #[napi(js_name = "content_type")]
    pub content_type: String,
    /// The exact body bytes (they carry a signature: do not log them).
    #[napi(ts_type = "Buffer")]
    pub body: Bytes,
}

impl From<faspay::PreparedRequest> for PreparedRequest {
    fn from(r: faspay::PreparedRequest) -> Self {
        PreparedRequest {
            method: r.method.to_string(),
            url: r.url,
            content_type: r.content_type.to_string(),
            body: Bytes(r.body),
        }
    }
}

/// A verified return-URL visit; `status` is what the browser claims, informative only:
/// confirm payment with the notification or `paymentStatus`.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct ReturnInfo {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: Option<String>,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "bill_reff")]
    pub bill_reff: Option<String>,
    #[napi(js_name = "bill_total")]
    pub bill_total: Option<String>,
    #[napi(js_name = "payment_reff")]
    pub payment_reff: Option<String>,
    #[napi(js_name = "payment_date")]
    pub payment_date: Option<String>,
    #[napi(js_name = "bank_user_name")]
    pub bank_user_name: Option<String>,
    pub status: u32,
    #[napi(ts_type = "Record<string, unknown>")]
    pub raw: Raw,
}

impl From<faspay::ReturnInfo> for ReturnInfo {
    fn from(r: faspay::ReturnInfo) -> Self {
        ReturnInfo {
            trx_id: r.trx_id,
            merchant_id: r.merchant_id,
            merchant: r.merchant,
            bill_no: r.bill_no,
            bill_reff: r.bill_reff,
            bill_total: amount(r.bill_total),
            payment_reff: r.payment_reff,
            payment_date: r.payment_date,
            bank_user_name: r.bank_user_name,
            status: r.status.value().into(),
            raw: Raw(r.raw),
        }
    }
}

/// What `decodeResponse(operation, ...)` gives for each operation name (a type only: the
/// addon never makes or reads one).
#[napi(object, object_to_js = false)]
#[allow(dead_code)] // gives the TS type of decodeResponse's result
pub struct DecodedResponses {
    #[napi(js_name = "payment_channels", ts_type = "ChannelList")]
    pub payment_channels: String,
    #[napi(js_name = "create_transaction", ts_type = "CreatedTransaction")]
    pub create_transaction: String,
    #[napi(js_name = "payment_status", ts_type = "PaymentStatus")]
    pub payment_status: String,
    #[napi(js_name = "cancel_transaction", ts_type = "Cancellation")]
    pub cancel_transaction: String,
    #[napi(js_name = "ovo_push", ts_type = "OvoPushResult")]
    pub ovo_push: String,
}
