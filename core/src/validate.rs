//! Field rules checked before anything is sent (see docs/protocol.md): presence, lengths,
//! numeric fields, currency, amounts, the OVO number and the 30-day expiry rule. Every failure is
//! `INVALID_ARGUMENT` naming the field.

use crate::bill::{Bill, MAX_BILL_VALIDITY};
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::error::{Error, Result};
use crate::scan;

/// The OVO channel code; OVO needs `billing_name`.
pub const OVO_CHANNEL: &str = "812";

/// What a text field may hold.
#[derive(Clone, Copy)]
enum Kind {
    /// Any printable text (Faspay's `AN`).
    Text,
    /// ASCII digits only (Faspay's `N`).
    Digits,
}

/// Checks a text value: required-ness, no control characters, length, digits.
fn check(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
    kind: Kind,
    required: bool,
) -> Result<()> {
    let Some(value) = value else {
        return if required {
            Err(Error::invalid_field(field, "is required"))
        } else {
            Ok(())
        };
    };
    if required && value.trim().is_empty() {
        return Err(Error::invalid_field(field, "is required"));
    }
    // ASCII (nearly every value) is checked eight bytes at a time; the rest char by char.
    let (control, len) = if value.is_ascii() {
        let control = scan::find(
            value.as_bytes(),
            |w| scan::has_below(w, 0x20) || scan::has_byte(w, 0x7f),
            |b| b.is_ascii_control(),
        )
        .is_some();
        (control, value.len())
    } else {
        (value.chars().any(char::is_control), value.chars().count())
    };
    if control {
        return Err(Error::invalid_field(
            field,
            "must not contain control characters",
        ));
    }
    if len > max_chars {
        return Err(Error::invalid_field(
            field,
            format!("is {len} characters; at most {max_chars} allowed"),
        ));
    }
    if matches!(kind, Kind::Digits) && !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_field(field, "must contain digits only"));
    }
    Ok(())
}

/// A required text field.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> Result<()> {
    check(field, Some(value), max_chars, Kind::Text, true)
}

/// A required digits field.
pub fn required_digits(field: &str, value: &str, max_chars: usize) -> Result<()> {
    check(field, Some(value), max_chars, Kind::Digits, true)
}

/// Checks an OVO phone number, the one rule for `msisdn` of an OVO bill and the number of an
/// OVO push: 9 to 15 digits (local `08…` or international `628…`).
pub fn ovo_number(field: &str, number: &str) -> Result<()> {
    required_digits(field, number, 15)?;
    if number.len() < 9 {
        return Err(Error::invalid_field(
            field,
            "is not an OVO phone number: it must be 9 to 15 digits (08... or 628...)",
        ));
    }
    Ok(())
}

/// Every field name the bill knows (extra fields may not reuse them).
pub const KNOWN_BILL_FIELDS: &[&str] = &[
    "request",
    "merchant_id",
    "merchant",
    "bill_no",
    "bill_reff",
    "bill_date",
    "bill_expired",
    "bill_desc",
    "bill_currency",
    "bill_gross",
    "bill_tax",
    "bill_miscfee",
    "bill_total",
    "cust_no",
    "cust_name",
    "cust_lastname",
    "payment_channel",
    "pay_type",
    "bank_userid",
    "msisdn",
    "email",
    "terminal",
    "billing_name",
    "billing_lastname",
    "billing_address",
    "billing_address_city",
    "billing_address_region",
    "billing_address_state",
    "billing_address_poscode",
    "billing_msisdn",
    "billing_address_country_code",
    "receiver_name_for_shipping",
    "shipping_lastname",
    "shipping_address",
    "shipping_address_city",
    "shipping_address_region",
    "shipping_address_state",
    "shipping_address_poscode",
    "shipping_msisdn",
    "shipping_address_country_code",
    "item",
    "reserve1",
    "reserve2",
    "signature",
];

/// Every field name an item knows (its extra fields may not reuse them).
pub const KNOWN_ITEM_FIELDS: &[&str] = &[
    "id",
    "product",
    "qty",
    "amount",
    "payment_plan",
    "tenor",
    "merchant_id",
    "type",
    "url",
    "image_url",
];

/// The longest `cust_no` sent: Faspay's table says 32, but a public client's suite that runs
/// against Faspay's sandbox sends 36-character UUIDs and is answered `00`.
pub const CUST_NO_MAX: usize = 36;

/// Checks the extra fields of the bill or of an item: new snake_case names, text values.
fn extra_fields(
    extra: &std::collections::BTreeMap<String, String>,
    known: &[&str],
    path: &str,
) -> Result<()> {
    for (key, value) in extra {
        let key_ok = !key.is_empty()
            && key.len() <= 64
            && key
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
        if !key_ok || known.contains(&key.as_str()) {
            return Err(Error::invalid_field(
                &format!("{path}extra"),
                format!("{key:?} must be a new snake_case field name, not a known one"),
            ));
        }
        check(
            &format!("{path}extra.{key}"),
            Some(value),
            256,
            Kind::Text,
            false,
        )?;
    }
    Ok(())
}

/// Checks a whole bill against the configuration and its effective dates.
pub fn bill(
    b: &Bill,
    config: &Config,
    bill_date: FaspayDateTime,
    bill_expired: FaspayDateTime,
) -> Result<()> {
    use Kind::{Digits, Text};
    fn opt(v: &Option<String>) -> Option<&str> {
        v.as_deref()
    }
    // bill_no is the signature key; the inquiry/redirect tables allow only 16 characters,
    // but post data allows 32 and both are accepted by Faspay (docs/protocol.md).
    check("bill_no", Some(&b.bill_no), 32, Text, true)?;
    if b.bill_no.trim() != b.bill_no {
        // Faspay signs and echoes bill_no; blanks at either end would not survive the trip.
        return Err(Error::invalid_field(
            "bill_no",
            "must not start or end with blanks",
        ));
    }
    check("bill_desc", Some(&b.bill_desc), 128, Text, true)?;
    check(
        "payment_channel",
        Some(&b.payment_channel),
        32,
        Digits,
        true,
    )?;
    check("cust_no", Some(&b.cust_no), CUST_NO_MAX, Text, true)?;
    check("cust_name", Some(&b.cust_name), 128, Text, true)?;
    check("msisdn", Some(&b.msisdn), 64, Digits, true)?;
    check("email", Some(&b.email), 128, Text, true)?;
    if !b.email.contains('@') {
        return Err(Error::invalid_field("email", "is not an email address"));
    }
    check("bill_reff", opt(&b.bill_reff), 32, Text, false)?;
    check("request", opt(&b.request), 50, Text, false)?;
    check("merchant", opt(&b.merchant), 32, Text, false)?;
    check("cust_lastname", opt(&b.cust_lastname), 128, Text, false)?;
    check("bank_userid", opt(&b.bank_userid), 128, Text, false)?;
    check("terminal", opt(&b.terminal), 16, Digits, false)?;
    check("reserve1", opt(&b.reserve1), 50, Text, false)?;
    check("reserve2", opt(&b.reserve2), 50, Text, false)?;
    if let Some(mid) = &b.merchant_id
        && mid != &config.merchant_id
    {
        return Err(Error::invalid_field(
            "merchant_id",
            "differs from the configured merchant_id",
        ));
    }
    if let Some(currency) = &b.bill_currency
        && currency != "IDR"
    {
        return Err(Error::invalid_field("bill_currency", "must be IDR"));
    }
    if let Some(pay_type) = &b.pay_type
        && !matches!(pay_type.as_str(), "1" | "2" | "3" | "01" | "02" | "03")
    {
        return Err(Error::invalid_field("pay_type", "must be 1, 2 or 3"));
    }
    for (field, value) in b.optional_address_fields() {
        let (max, kind) = match field {
            f if f.ends_with("_poscode") || f.ends_with("_country_code") => (10, Text),
            f if f.ends_with("_address") => (200, Text),
            f if f.ends_with("_city") => (50, Text),
            f if f.ends_with("_region") || f.ends_with("_state") => (100, Text),
            "shipping_msisdn" => (64, Digits),
            "receiver_name_for_shipping" => (100, Text),
            _ => (128, Text),
        };
        check(field, value, max, kind, false)?;
    }
    if b.payment_channel == OVO_CHANNEL {
        // The push goes to this number: refuse at create time what `ovo_push` would refuse.
        ovo_number("msisdn", &b.msisdn)?;
        check("billing_name", opt(&b.billing_name), 128, Text, true)
            .map_err(|_| Error::invalid_field("billing_name", "is required for OVO (812)"))?;
    }
    match b.bill_total {
        None => return Err(Error::invalid_field("bill_total", "is required")),
        Some(total) if total.sen() == 0 => {
            return Err(Error::invalid_field("bill_total", "must be more than 0"));
        }
        _ => {}
    }
    dates(bill_date, bill_expired)?;
    if b.item.is_empty() {
        return Err(Error::invalid_field(
            "item",
            "at least one item is required",
        ));
    }
    for (i, item) in b.item.iter().enumerate() {
        // Checked under the bare name; the `item[i].` path is written only for an error.
        let in_item = |r: Result<()>| {
            r.map_err(|e| {
                let name = e.field().unwrap_or_default();
                let message = e
                    .message()
                    .strip_prefix(&format!("{name}: "))
                    .unwrap_or(e.message());
                Error::invalid_field(&format!("item[{i}].{name}"), message)
            })
        };
        in_item(check("product", Some(&item.product), 50, Text, true))?;
        in_item(check("qty", Some(&item.qty), 32, Digits, true))?;
        if item.amount.is_none() {
            return in_item(Err(Error::invalid_field("amount", "is required")));
        }
        in_item(check("id", item.id.as_deref(), 50, Text, false))?;
        in_item(check(
            "payment_plan",
            item.payment_plan.as_deref(),
            2,
            Digits,
            false,
        ))?;
        in_item(check("tenor", item.tenor.as_deref(), 2, Digits, false))?;
        in_item(check(
            "merchant_id",
            item.merchant_id.as_deref(),
            32,
            Digits,
            false,
        ))?;
        in_item(check("type", item.item_type.as_deref(), 50, Text, false))?;
        in_item(check("url", item.url.as_deref(), 512, Text, false))?;
        in_item(check(
            "image_url",
            item.image_url.as_deref(),
            512,
            Text,
            false,
        ))?;
        if !item.extra.is_empty() {
            extra_fields(&item.extra, KNOWN_ITEM_FIELDS, &format!("item[{i}]."))?;
        }
    }
    extra_fields(&b.extra, KNOWN_BILL_FIELDS, "")?;
    Ok(())
}

/// `bill_expired` must be after `bill_date` and at most 30 days later.
pub fn dates(bill_date: FaspayDateTime, bill_expired: FaspayDateTime) -> Result<()> {
    let span = bill_date.seconds_until(bill_expired);
    if span <= 0 {
        return Err(Error::invalid_field(
            "bill_expired",
            "must be after bill_date",
        ));
    }
    if span as u64 > MAX_BILL_VALIDITY.as_secs() {
        return Err(Error::invalid_field(
            "bill_expired",
            "must be at most 30 days after bill_date",
        ));
    }
    Ok(())
}
