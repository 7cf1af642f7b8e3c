//! Inbound payment notifications (docs/protocol.md): sniffed XML or JSON, verified with the
//! status-inclusive signature, checked against the merchant, and answered byte-exactly.

use crate::amount::Amount;
use crate::codec::{self, Format};
use crate::codes::PaymentStatusCode;
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::error::{Error, Result};
use crate::inbound;
use crate::model::opt_amount;
use crate::wire::Fields;

/// The `response` text of a notification reply.
pub const NOTIFICATION_RESPONSE: &str = "Payment Notification";

/// A verified payment notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The format it came in; the reply uses the same.
    pub format: Format,
    pub request: String,
    pub trx_id: String,
    pub merchant_id: String,
    pub merchant: String,
    pub bill_no: String,
    /// The channel's reference; `None` when absent, empty or the literal `null`.
    pub payment_reff: Option<String>,
    pub payment_date: Option<String>,
    pub payment_status_code: PaymentStatusCode,
    pub payment_status_desc: String,
    /// The bill total in rupiah (scaled back from the wire unit), when readable.
    pub bill_total: Option<Amount>,
    /// The amount paid in rupiah, when readable. Compare it with what you expect.
    pub payment_total: Option<Amount>,
    /// The channel code (e.g. `812`).
    pub payment_channel_uid: String,
    /// The channel name (e.g. `OVO`).
    pub payment_channel: String,
    pub raw: Fields,
}

impl Notification {
    /// A key that is the same for every delivery of the same event (Faspay retries up to 3
    /// times): `merchant_id:bill_no:trx_id:payment_status_code`. Store it to apply each event
    /// once, and still answer `00` to a duplicate.
    pub fn dedupe_key(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.merchant_id,
            self.bill_no,
            self.trx_id,
            self.payment_status_code.value()
        )
    }
}

fn invalid_body(why: impl std::fmt::Display) -> Error {
    Error::invalid_field("body", format!("not a Faspay notification: {why}"))
}

/// Parses and verifies a notification body.
pub(crate) fn parse(config: &Config, body: &[u8]) -> Result<Notification> {
    inbound::check_size(config, body.len(), "body", "notification")?;
    let format = Format::sniff(body).ok_or_else(|| invalid_body("neither XML nor JSON"))?;
    let (root, f) = codec::decode_document(body, format).map_err(|e| invalid_body(e.0))?;
    if root.as_deref().is_some_and(|r| r != "faspay") {
        return Err(invalid_body("the XML root is not <faspay>"));
    }
    let what = "notification";
    let verified = inbound::verify_signed(config, &f, what, "payment_status_code", true)?;
    let unit = config.amount_unit;
    Ok(Notification {
        format,
        request: f.text_or_empty("request").trim().to_string(),
        trx_id: inbound::required(&f, "trx_id", what)?,
        merchant_id: verified.merchant_id,
        merchant: f.text_or_empty("merchant").trim().to_string(),
        bill_no: verified.bill_no,
        payment_reff: f
            .non_empty("payment_reff")
            .filter(|r| *r != "null")
            .map(str::to_string),
        payment_date: f.non_empty("payment_date").map(str::to_string),
        payment_status_code: verified.status,
        payment_status_desc: f.text_or_empty("payment_status_desc").trim().to_string(),
        bill_total: opt_amount(&f, "bill_total", unit),
        payment_total: opt_amount(&f, "payment_total", unit),
        payment_channel_uid: f.text_or_empty("payment_channel_uid").trim().to_string(),
        payment_channel: f.text_or_empty("payment_channel").trim().to_string(),
        raw: f,
    })
}

/// The reply bytes: `00 Success` when accepted, else `99 Failed` (Faspay will retry).
pub fn reply(notification: &Notification, accepted: bool, at: FaspayDateTime) -> Vec<u8> {
    let (code, desc) = if accepted {
        ("00", "Success")
    } else {
        ("99", "Failed")
    };
    reply_with(notification, code, desc, at)
}

/// A reply with any code and description (for merchant conventions such as `14`).
pub fn reply_with(
    notification: &Notification,
    code: &str,
    desc: &str,
    at: FaspayDateTime,
) -> Vec<u8> {
    let mut f = Fields::new();
    f.push_text("response", NOTIFICATION_RESPONSE);
    f.push_text("trx_id", &notification.trx_id);
    f.push_text("merchant_id", &notification.merchant_id);
    // Faspay's JSON sample carries the merchant name; its XML sample does not.
    if notification.format == Format::Json {
        f.push_text("merchant", &notification.merchant);
    }
    f.push_text("bill_no", &notification.bill_no);
    f.push_text("response_code", code);
    f.push_text("response_desc", desc);
    f.push_text("response_date", at.to_string());
    codec::encode(&f, notification.format)
}

impl Notification {
    /// Checks the paid amount against what the order costs, in one call. Faspay's signature
    /// covers only `bill_no` and the status, so `payment_total` is as trustworthy as the
    /// network path: call this before fulfilling a paid notification. `INVALID_ARGUMENT` with
    /// field `payment_total` when the amount differs or is absent; answer such a notification
    /// "not accepted" and reconcile with `payment_status`.
    pub fn check_total(&self, expected: Amount) -> Result<()> {
        match self.payment_total {
            Some(paid) if paid == expected => Ok(()),
            Some(paid) => Err(Error::invalid_field(
                "payment_total",
                format!("the notification says Rp {paid} was paid, the order is Rp {expected}"),
            )),
            None => Err(Error::invalid_field(
                "payment_total",
                format!("the notification has no readable amount; the order is Rp {expected}"),
            )),
        }
    }
}
