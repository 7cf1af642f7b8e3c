//! What the embedded sandbox shows JavaScript (core views of `faspay-sandbox` as plain objects:
//! transactions, notification deliveries, warnings) and the shapes of its option objects.

use faspay::WireValue;
use faspay_sandbox::{Delivery, ReceivedRequest, TransactionView, Warning};
use napi::bindgen_prelude::*;

use crate::wire::Raw;

/// The settings of `startSandbox(...)` / `new SandboxServer(...)` (seconds for delays).
#[napi(object, object_to_js = false)]
#[allow(dead_code)] // read key by key (see `options_from_js`); this struct gives the TS type
pub struct SandboxOptions {
    /// Merchant code, default `99999` (Faspay's public sample merchant).
    #[napi(js_name = "merchant_id")]
    pub merchant_id: Option<String>,
    #[napi(js_name = "merchant_name")]
    pub merchant_name: Option<String>,
    #[napi(js_name = "user_id")]
    pub user_id: Option<String>,
    /// Default `p@ssw0rd`, the public docs' sample password.
    pub password: Option<String>,
    /// Interface to listen on, default `127.0.0.1`.
    pub host: Option<String>,
    /// Port, default 0 = any free port.
    pub port: Option<u32>,
    /// Threads for the requests that may wait (an OVO push, a latency fault, admin calls),
    /// default 8, at least 1; every other request is answered on the server's I/O thread.
    pub threads: Option<u32>,
    /// Where payment notifications are POSTed; none are sent without it.
    #[napi(js_name = "notify_url")]
    pub notify_url: Option<String>,
    /// `"json"` (default) or `"xml"`.
    #[napi(js_name = "notify_format")]
    pub notify_format: Option<String>,
    /// How long a simulated OVO customer takes to decide, in seconds (`startSandbox`'s
    /// default: 0.2).
    #[napi(js_name = "push_delay")]
    pub push_delay: Option<f64>,
    /// Wait between notification attempts, in seconds (`startSandbox`'s default: 0.2).
    #[napi(js_name = "notify_retry_delay")]
    pub notify_retry_delay: Option<f64>,
    /// Extra attempts after a refused notification (default 3).
    #[napi(js_name = "notify_max_retries")]
    pub notify_max_retries: Option<u32>,
    /// `"sen"` (default) or `"rupiah"`.
    #[napi(js_name = "amount_unit")]
    pub amount_unit: Option<String>,
    /// Where the redirect page sends the browser afterwards (signed query string).
    #[napi(js_name = "return_url")]
    pub return_url: Option<String>,
    /// Refuse what Faspay's docs do not allow instead of accepting it with a warning
    /// (default false).
    pub strict: Option<bool>,
    /// Refuse a `bill_no` an earlier transaction used (`14`), even when not strict.
    #[napi(js_name = "unique_bill_no")]
    pub unique_bill_no: Option<bool>,
}

/// Something the sandbox accepted that Faspay's docs do not promise (strict mode refuses it).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct SandboxWarning {
    /// The operation that received it (`create_transaction`, ...).
    pub operation: String,
    #[napi(js_name = "trx_id")]
    pub trx_id: Option<String>,
    #[napi(js_name = "bill_no")]
    pub bill_no: Option<String>,
    /// `unknown_field`, `undocumented_field`, `currency_defaulted`, `merchant_missing`,
    /// `longer_than_docs`, `bill_no_reused` or `decimal_amount`.
    pub kind: String,
    /// The field, e.g. `item[0].reserve1`.
    pub field: String,
    /// The response code strict mode answers.
    pub code: String,
    /// What was accepted and what Faspay's docs say.
    pub message: String,
}

impl From<Warning> for SandboxWarning {
    fn from(w: Warning) -> Self {
        SandboxWarning {
            operation: w.operation.name().to_string(),
            trx_id: w.trx_id,
            bill_no: w.bill_no,
            kind: w.kind.name().to_string(),
            field: w.field,
            code: w.code.to_string(),
            message: w.message,
        }
    }
}

/// One transaction as the sandbox sees it.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct SandboxTransaction {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_channel")]
    pub payment_channel: String,
    /// Rupiah, as a decimal string.
    #[napi(js_name = "bill_total")]
    pub bill_total: String,
    /// The payment status code (0 pending, 2 paid, 3 failed, 7 expired, 8 cancelled).
    pub status: u32,
    #[napi(js_name = "bill_date")]
    pub bill_date: String,
    #[napi(js_name = "bill_expired")]
    pub bill_expired: String,
    #[napi(js_name = "payment_date")]
    pub payment_date: Option<String>,
    #[napi(js_name = "payment_reff")]
    pub payment_reff: Option<String>,
    #[napi(js_name = "ovo_number")]
    pub ovo_number: Option<String>,
    /// What the sandbox accepted on this transaction that the docs do not promise.
    pub warnings: Vec<SandboxWarning>,
    /// Fields the sandbox did not know, as received (`item[0].reserve1` for items).
    #[napi(js_name = "extra_fields", ts_type = "Record<string, string>")]
    pub extra_fields: Raw,
}

impl From<TransactionView> for SandboxTransaction {
    fn from(t: TransactionView) -> Self {
        SandboxTransaction {
            trx_id: t.trx_id,
            bill_no: t.bill_no,
            payment_channel: t.payment_channel,
            bill_total: t.bill_total.to_string(),
            status: t.status.value().into(),
            bill_date: t.bill_date.to_string(),
            bill_expired: t.bill_expired.to_string(),
            payment_date: t.payment_date.map(|d| d.to_string()),
            payment_reff: t.payment_reff,
            ovo_number: t.ovo_number,
            warnings: t.warnings.into_iter().map(Into::into).collect(),
            extra_fields: Raw(t
                .extra_fields
                .into_iter()
                .map(|(name, text)| (name, WireValue::Text(text)))
                .collect()),
        }
    }
}

/// One notification attempt the sandbox made.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct NotificationDelivery {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_status_code")]
    pub payment_status_code: u32,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub url: String,
    pub format: String,
    #[napi(js_name = "request_body")]
    pub request_body: String,
    /// `null` when no HTTP answer came.
    #[napi(js_name = "http_status")]
    pub http_status: Option<u32>,
    #[napi(js_name = "reply_body")]
    pub reply_body: Option<String>,
    /// The reply carried `response_code` `00`.
    pub accepted: bool,
    pub error: Option<String>,
}

impl From<Delivery> for NotificationDelivery {
    fn from(d: Delivery) -> Self {
        NotificationDelivery {
            trx_id: d.trx_id,
            bill_no: d.bill_no,
            payment_status_code: d.payment_status_code.value().into(),
            attempt: d.attempt,
            url: d.url,
            format: d.format.as_str().to_string(),
            request_body: d.request_body,
            http_status: d.http_status.map(u32::from),
            reply_body: d.reply_body,
            accepted: d.accepted,
            error: d.error,
        }
    }
}

/// Fault options: `endpoint` (an operation name; default every endpoint), `times` (default
/// until cleared), `seconds` (latency), `status` (server_error), `code` / `desc`
/// (response_error).
#[napi(object, object_to_js = false)]
pub struct FaultOptions {
    pub endpoint: Option<String>,
    pub times: Option<u32>,
    pub seconds: Option<f64>,
    pub status: Option<u32>,
    pub code: Option<String>,
    pub desc: Option<String>,
}

/// One request the sandbox received (admin API excluded), byte for byte, with its answer.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct SandboxRequest {
    /// 1 for the first request the sandbox received.
    pub seq: f64,
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string without `?` (empty when none).
    pub query: String,
    /// The body exactly as received.
    pub body: Buffer,
    /// The HTTP status answered; `null` when the connection was closed without an answer.
    #[napi(js_name = "response_status")]
    pub response_status: Option<u32>,
    /// The answer's body as sent.
    #[napi(js_name = "response_body")]
    pub response_body: Buffer,
}

impl From<ReceivedRequest> for SandboxRequest {
    fn from(r: ReceivedRequest) -> Self {
        SandboxRequest {
            seq: r.seq as f64,
            method: r.method,
            path: r.path,
            query: r.query,
            body: r.body.into(),
            response_status: r.response_status.map(u32::from),
            response_body: r.response_body.into(),
        }
    }
}
