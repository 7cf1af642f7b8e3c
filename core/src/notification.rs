//! Inbound payment notifications (docs/protocol.md): sniffed XML or JSON, verified with the
//! status-inclusive signature, checked against the merchant, and answered byte-exactly.

use crate::amount::Amount;
use crate::codec::{self, Format};
use crate::codes::PaymentStatusCode;
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::error::{Error, Result};
use crate::inbound;
use crate::model::inbound_amount;
use crate::wire::Fields;

/// The `response` text of a notification reply.
pub const NOTIFICATION_RESPONSE: &str = "Payment Notification";

/// A verified payment notification.
///
/// **Signed** (checked against your credentials): `bill_no` and `payment_status_code`, the
/// only values in Faspay's signature, and `merchant_id`, checked to be yours. **Not signed**:
/// everything else (`trx_id`, `payment_total`, `bill_total`, `payment_date`, `payment_reff`,
/// the channel, the descriptions, `raw`). Anyone who has seen one genuine signature (the return
/// URL shows it to the customer's browser) can resend it with other unsigned values, so check
/// those against your own order (`trx_id` is the one `create_transaction` returned,
/// `payment_total` is the amount you expect) and apply each event once by
/// [`Notification::dedupe_key`], which is built from signed fields only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The format it came in; the reply uses the same.
    pub format: Format,
    /// Unsigned: Faspay's `request` text.
    pub request: String,
    /// Unsigned: compare it with the `trx_id` `create_transaction` returned for this bill.
    pub trx_id: String,
    /// Checked: always your merchant id (another merchant's is refused).
    pub merchant_id: String,
    /// Unsigned: the merchant name.
    pub merchant: String,
    /// Signed: the bill this event is about.
    pub bill_no: String,
    /// Unsigned: the channel's reference; `None` when absent, empty or the literal `null`.
    pub payment_reff: Option<String>,
    /// Unsigned: when the customer paid, as Faspay wrote it.
    pub payment_date: Option<String>,
    /// Signed: the payment status.
    pub payment_status_code: PaymentStatusCode,
    /// Unsigned: the status text.
    pub payment_status_desc: String,
    /// Unsigned: the bill total in rupiah (scaled back from the wire unit); `None` when
    /// absent. A value that is not an amount is refused (`INVALID_ARGUMENT` naming it).
    pub bill_total: Option<Amount>,
    /// Unsigned: the amount paid in rupiah; `None` when absent. Compare it with what you
    /// expect: a replayed signature can carry any amount.
    pub payment_total: Option<Amount>,
    /// Unsigned: the channel code (e.g. `812`).
    pub payment_channel_uid: String,
    /// Unsigned: the channel name (e.g. `OVO`).
    pub payment_channel: String,
    /// Every field as received (signed and unsigned alike).
    pub raw: Fields,
}

impl Notification {
    /// A key that is the same for every delivery of the same event (Faspay retries up to 3
    /// times) and for every replay of its signature, whatever unsigned fields the replay
    /// changes: `merchant_id:bill_no:payment_status_code`, signed values only. Store it to
    /// apply each event once, and still answer `00` to a duplicate.
    pub fn dedupe_key(&self) -> String {
        event_key(&self.merchant_id, &self.bill_no, self.payment_status_code)
    }
}

/// The one format of an event's key, shared by notifications and status inquiries
/// ([`crate::PaymentStatus::dedupe_key`]) so an event learnt either way is applied once.
/// Written piece by piece into one exact allocation: every status answer of every binding
/// carries a key, and the formatting machinery cost more than the rest of it.
pub(crate) fn event_key(merchant_id: &str, bill_no: &str, status: PaymentStatusCode) -> String {
    let code = status.value();
    let mut key = String::with_capacity(merchant_id.len() + bill_no.len() + 5);
    key.push_str(merchant_id);
    key.push(':');
    key.push_str(bill_no);
    key.push(':');
    if code >= 100 {
        key.push(char::from(b'0' + code / 100));
    }
    if code >= 10 {
        key.push(char::from(b'0' + code / 10 % 10));
    }
    key.push(char::from(b'0' + code % 10));
    key
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
        bill_total: inbound_amount(&f, "bill_total", unit)?,
        payment_total: inbound_amount(&f, "payment_total", unit)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_key_is_merchant_bill_and_status_digits() {
        for value in 0..=255u8 {
            let Some(code) = PaymentStatusCode::parse(&value.to_string()) else {
                continue;
            };
            assert_eq!(
                event_key("99999", "BILL-1", code),
                format!("99999:BILL-1:{value}")
            );
        }
        let paid = PaymentStatusCode::parse("2").expect("2 is a status code");
        assert_eq!(event_key("", "", paid), "::2");
    }
}
