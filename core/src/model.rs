//! Typed results of every Debit API response (see docs/protocol.md). Each keeps the wire
//! fields it was decoded from in `raw`; every amount is rupiah.

use crate::amount::{Amount, AmountUnit};
use crate::codes::{PaymentStatusCode, response_code_description};
use crate::error::{Error, ErrorCode, Result, quoted};
use crate::wire::{Fields, WireValue};

fn owned(f: &Fields, key: &str) -> String {
    f.text_or_empty(key).trim().to_string()
}

fn opt(f: &Fields, key: &str) -> Option<String> {
    f.non_empty(key).map(str::to_string)
}

/// Reads an amount; absent or unreadable values are `None` (the text stays in `raw`).
pub(crate) fn opt_amount(f: &Fields, key: &str, unit: AmountUnit) -> Option<Amount> {
    f.non_empty(key)
        .and_then(|t| Amount::from_wire(t, unit).ok())
}

/// An optional amount of an inbound message (notification, return URL): absent, blank or the
/// literal `null` is `None`; anything else must be an amount in the wire unit, or it is
/// `INVALID_ARGUMENT` naming the field (never silently `None`).
pub(crate) fn inbound_amount(f: &Fields, key: &str, unit: AmountUnit) -> Result<Option<Amount>> {
    let text = match f.get(key) {
        None => return Ok(None),
        Some(WireValue::Text(text)) => text.trim(),
        // Two totals (repeated XML elements, a JSON array) or a nested object are no amount:
        // refused rather than read as "no amount sent".
        Some(WireValue::List(_)) => {
            return Err(Error::invalid_field(
                key,
                "is repeated; refused because readers disagree on which copy counts",
            ));
        }
        Some(WireValue::Object(_)) => {
            return Err(Error::invalid_field(key, "is an object, not an amount"));
        }
    };
    if text.is_empty() || text == "null" {
        return Ok(None);
    }
    Amount::from_wire(text, unit).map(Some).map_err(|_| {
        let unit = match unit {
            AmountUnit::Sen => "a whole number of sen",
            AmountUnit::Rupiah => "a decimal number of rupiah",
        };
        Error::invalid_field(key, format!("is not {unit}: {}", quoted(text)))
    })
}

/// An optional amount of a Faspay answer that a merchant acts on (a status inquiry's paid
/// total): absent, blank or the literal `null` is `None`; anything else must be an amount in
/// the wire unit, or the answer is `MALFORMED_RESPONSE` naming the field (never silently
/// `None`, which would read as "no amount sent").
pub(crate) fn answer_amount(f: &Fields, key: &str, unit: AmountUnit) -> Result<Option<Amount>> {
    // The decoder adds the operation, HTTP status and the body's start to the message.
    inbound_amount(f, key, unit)
        .map_err(|e| Error::new(ErrorCode::MalformedResponse, e.message()).with_field(key))
}

/// Reads a mandatory payment status code.
pub(crate) fn status_code(f: &Fields, key: &str) -> Result<PaymentStatusCode> {
    let text = f.text_or_empty(key);
    PaymentStatusCode::parse(text).ok_or_else(|| {
        Error::malformed(
            &format!("{key} is not a status code: {}", quoted(text)),
            None,
            b"",
        )
    })
}

/// Faspay's own verdict on a call, present in every response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseCode {
    /// `00` on success.
    pub response_code: String,
    /// Faspay's text, e.g. `Sukses`.
    pub response_desc: String,
}

impl ResponseCode {
    fn read(f: &Fields) -> ResponseCode {
        ResponseCode {
            response_code: owned(f, "response_code"),
            response_desc: owned(f, "response_desc"),
        }
    }
    /// The documented meaning of the code (see docs/protocol.md).
    pub fn description(&self) -> Option<&'static str> {
        response_code_description(&self.response_code)
    }
}

/// One payment channel from Payment Channel Inquiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentChannel {
    /// The channel code to put in `payment_channel` (e.g. `812`).
    pub pg_code: String,
    /// Its name (e.g. `OVO`).
    pub pg_name: String,
}

/// The answer of `payment_channels()`: a list of channels (`len`, `iter`, `get`, `for c in
/// &list`, `list[i]`) that also keeps the merchant, Faspay's response code and `raw`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelList {
    pub merchant_id: String,
    pub merchant: String,
    pub payment_channel: Vec<PaymentChannel>,
    pub response: ResponseCode,
    pub raw: Fields,
}

impl ChannelList {
    pub(crate) fn from_fields(f: Fields) -> ChannelList {
        let payment_channel = f
            .objects("payment_channel")
            .into_iter()
            .map(|c| PaymentChannel {
                pg_code: owned(c, "pg_code"),
                pg_name: owned(c, "pg_name"),
            })
            .collect();
        ChannelList {
            merchant_id: owned(&f, "merchant_id"),
            merchant: owned(&f, "merchant"),
            payment_channel,
            response: ResponseCode::read(&f),
            raw: f,
        }
    }

    /// How many channels the merchant has.
    pub fn len(&self) -> usize {
        self.payment_channel.len()
    }

    /// Whether the merchant has no channel.
    pub fn is_empty(&self) -> bool {
        self.payment_channel.is_empty()
    }

    /// The channels in Faspay's order.
    pub fn iter(&self) -> std::slice::Iter<'_, PaymentChannel> {
        self.payment_channel.iter()
    }

    /// The channel at `index`, if any.
    pub fn get(&self, index: usize) -> Option<&PaymentChannel> {
        self.payment_channel.get(index)
    }

    /// The channel with this code (e.g. `"812"`), if the merchant has it.
    pub fn find(&self, pg_code: &str) -> Option<&PaymentChannel> {
        self.iter().find(|c| c.pg_code == pg_code)
    }
}

impl std::ops::Index<usize> for ChannelList {
    type Output = PaymentChannel;
    fn index(&self, index: usize) -> &PaymentChannel {
        &self.payment_channel[index]
    }
}

impl<'a> IntoIterator for &'a ChannelList {
    type Item = &'a PaymentChannel;
    type IntoIter = std::slice::Iter<'a, PaymentChannel>;
    fn into_iter(self) -> Self::IntoIter {
        self.payment_channel.iter()
    }
}

/// One item echoed in a `create_transaction()` answer, its amount in rupiah like every amount
/// the SDK returns (Faspay echoes the wire unit, sen by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillItem {
    pub product: String,
    pub qty: String,
    /// The item amount in rupiah; `None` when absent or unreadable (the text stays in `raw`).
    pub amount: Option<Amount>,
    /// Every field of the item as Faspay sent it (`payment_plan`, `tenor`, ...).
    pub raw: Fields,
}

impl BillItem {
    fn from_fields(f: &Fields, unit: AmountUnit) -> BillItem {
        BillItem {
            product: owned(f, "product"),
            qty: owned(f, "qty"),
            amount: opt_amount(f, "amount", unit),
            raw: f.clone(),
        }
    }
}

/// The answer of `create_transaction()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedTransaction {
    /// Faspay's 16-digit transaction id (for VA channels, the VA number to show).
    pub trx_id: String,
    pub merchant_id: String,
    pub merchant: String,
    pub bill_no: String,
    /// Where to send the customer (JSON responses only).
    pub redirect_url: Option<String>,
    /// A QR image URL (QRIS "direct" channels).
    pub web_url: Option<String>,
    /// The raw QRIS string to render.
    pub qr_content: Option<String>,
    /// A QR-only page.
    pub alt_url: Option<String>,
    /// The echoed items, whether Faspay sent one object or a list; amounts in rupiah.
    pub bill_items: Vec<BillItem>,
    pub response: ResponseCode,
    pub raw: Fields,
}

impl CreatedTransaction {
    pub(crate) fn from_fields(f: Fields, unit: AmountUnit) -> Result<CreatedTransaction> {
        let trx_id = owned(&f, "trx_id");
        if trx_id.is_empty() {
            return Err(Error::malformed(
                "create_transaction answer has no trx_id",
                None,
                b"",
            ));
        }
        Ok(CreatedTransaction {
            trx_id,
            merchant_id: owned(&f, "merchant_id"),
            merchant: owned(&f, "merchant"),
            bill_no: owned(&f, "bill_no"),
            redirect_url: opt(&f, "redirect_url"),
            web_url: opt(&f, "web_url"),
            qr_content: opt(&f, "qr_content"),
            alt_url: opt(&f, "alt_url"),
            bill_items: f
                .objects("bill_items")
                .into_iter()
                .map(|item| BillItem::from_fields(item, unit))
                .collect(),
            response: ResponseCode::read(&f),
            raw: f,
        })
    }
}

/// The answer of `payment_status()`. `response.response_code == "00"` only says the inquiry
/// worked; `payment_status_code` says whether the bill is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentStatus {
    pub trx_id: String,
    pub merchant_id: String,
    pub merchant: String,
    pub bill_no: String,
    /// The channel's payment reference; empty until paid.
    pub payment_reff: Option<String>,
    /// When it was paid (WIB text); empty until paid.
    pub payment_date: Option<String>,
    pub payment_status_code: PaymentStatusCode,
    pub payment_status_desc: String,
    /// The paid amount in rupiah, when Faspay sends it.
    pub payment_total: Option<Amount>,
    pub response: ResponseCode,
    pub raw: Fields,
}

impl PaymentStatus {
    pub(crate) fn from_fields(f: Fields, unit: AmountUnit) -> Result<PaymentStatus> {
        Ok(PaymentStatus {
            trx_id: owned(&f, "trx_id"),
            merchant_id: owned(&f, "merchant_id"),
            merchant: owned(&f, "merchant"),
            bill_no: owned(&f, "bill_no"),
            payment_reff: opt(&f, "payment_reff").filter(|r| r != "null"),
            payment_date: opt(&f, "payment_date"),
            payment_status_code: status_code(&f, "payment_status_code")?,
            payment_status_desc: owned(&f, "payment_status_desc"),
            payment_total: answer_amount(&f, "payment_total", unit)?,
            response: ResponseCode::read(&f),
            raw: f,
        })
    }

    /// The key of the event this answer reports, `merchant_id:bill_no:payment_status_code`:
    /// the same as [`crate::Notification::dedupe_key`] of the notification for that event, so
    /// a shop that reconciles with `payment_status` applies each event once, whichever way
    /// it learnt of it first.
    pub fn dedupe_key(&self) -> String {
        crate::notification::event_key(&self.merchant_id, &self.bill_no, self.payment_status_code)
    }

    /// `INVALID_ARGUMENT` (field `payment_total`) when the paid amount this answer reports is
    /// not `expected` (rupiah). An absent total passes: unlike a notification, an inquiry
    /// answer need not carry one, and it is Faspay's own answer to the shop's request.
    pub fn check_total(&self, expected: Amount) -> Result<()> {
        Self::check_reported_total(self.payment_total, expected)
    }

    /// [`PaymentStatus::check_total`] given only the answer's `payment_total`: for the C ABI
    /// (and PHP over it), which hands the answer out as JSON and gets that one field back.
    pub fn check_reported_total(payment_total: Option<Amount>, expected: Amount) -> Result<()> {
        match payment_total {
            Some(paid) if paid != expected => Err(Error::invalid_field(
                "payment_total",
                format!("Faspay reports Rp {paid} paid, the order is Rp {expected}"),
            )),
            _ => Ok(()),
        }
    }
}

/// The answer of `cancel_transaction()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    pub trx_id: String,
    pub merchant_id: String,
    pub merchant: String,
    pub bill_no: String,
    /// Faspay's transaction status (full list unpublished).
    pub trx_status_code: String,
    pub trx_status_desc: String,
    /// `8` (cancelled) after a successful cancel.
    pub payment_status_code: PaymentStatusCode,
    pub payment_status_desc: String,
    pub payment_cancel_date: Option<String>,
    pub payment_cancel: Option<String>,
    pub response: ResponseCode,
    pub raw: Fields,
}

impl Cancellation {
    pub(crate) fn from_fields(f: Fields) -> Result<Cancellation> {
        Ok(Cancellation {
            trx_id: owned(&f, "trx_id"),
            merchant_id: owned(&f, "merchant_id"),
            merchant: owned(&f, "merchant"),
            bill_no: owned(&f, "bill_no"),
            trx_status_code: owned(&f, "trx_status_code"),
            trx_status_desc: owned(&f, "trx_status_desc"),
            payment_status_code: status_code(&f, "payment_status_code")?,
            payment_status_desc: owned(&f, "payment_status_desc"),
            payment_cancel_date: opt(&f, "payment_cancel_date"),
            payment_cancel: opt(&f, "payment_cancel"),
            response: ResponseCode::read(&f),
            raw: f,
        })
    }
}

/// The answer of `ovo_push()`. Faspay does not document it; whatever came back is in `raw`,
/// and the payment's outcome arrives by notification (or `payment_status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvoPushResult {
    pub trx_id: String,
    /// Faspay's code when the answer had one.
    pub response: Option<ResponseCode>,
    pub raw: Fields,
}

impl OvoPushResult {
    pub(crate) fn from_fields(f: Fields, trx_id: &str) -> OvoPushResult {
        OvoPushResult {
            trx_id: opt(&f, "trx_id").unwrap_or_else(|| trx_id.to_string()),
            response: f.text("response_code").map(|_| ResponseCode::read(&f)),
            raw: f,
        }
    }
}

/// The decoded answer of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    PaymentChannels(ChannelList),
    CreateTransaction(CreatedTransaction),
    PaymentStatus(PaymentStatus),
    CancelTransaction(Cancellation),
    OvoPush(OvoPushResult),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_with(payment_total: Option<Amount>) -> PaymentStatus {
        PaymentStatus {
            trx_id: "3183540500001172".into(),
            merchant_id: "99999".into(),
            merchant: "Sophia Store".into(),
            bill_no: "1234567890123456".into(),
            payment_reff: None,
            payment_date: None,
            payment_status_code: PaymentStatusCode::Success,
            payment_status_desc: "Sukses".into(),
            payment_total,
            response: ResponseCode::default(),
            raw: Fields::default(),
        }
    }

    #[test]
    fn a_total_that_is_repeated_or_nested_is_refused_not_absent() {
        let unit = AmountUnit::Sen;
        let mut f = Fields::new();
        f.append_repeated("payment_total".into(), WireValue::Text("1500000".into()));
        assert_eq!(
            inbound_amount(&f, "payment_total", unit).unwrap(),
            Some(Amount::rupiah(15_000))
        );
        f.append_repeated("payment_total".into(), WireValue::Text("100".into()));
        f.push("bill_total", WireValue::Object(Fields::new()));
        for key in ["payment_total", "bill_total"] {
            let e = inbound_amount(&f, key, unit).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidArgument, Some(key))
            );
            // A status answer's total: the answer is malformed, naming the field.
            let e = answer_amount(&f, key, unit).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::MalformedResponse, Some(key))
            );
        }
        assert_eq!(inbound_amount(&f, "absent", unit).unwrap(), None);
    }

    #[test]
    fn a_status_total_must_be_the_orders_when_faspay_reports_one() {
        let paid = status_with(Some(Amount::rupiah(15_000)));
        assert!(paid.check_total(Amount::rupiah(15_000)).is_ok());
        let err = paid.check_total(Amount::rupiah(15_001)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("payment_total"));
        // An inquiry answer need not carry the total.
        assert!(
            status_with(None)
                .check_total(Amount::rupiah(15_000))
                .is_ok()
        );
        // The same rule given the total alone (the C ABI's form).
        let err = PaymentStatus::check_reported_total(Some(Amount::rupiah(1)), Amount::rupiah(2))
            .unwrap_err();
        assert_eq!(err.field(), Some("payment_total"));
        assert!(PaymentStatus::check_reported_total(None, Amount::rupiah(2)).is_ok());
    }
}
