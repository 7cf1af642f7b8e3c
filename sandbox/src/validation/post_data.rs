//! The rules of a Post Data Transaction request (docs/protocol.md), in the order Faspay's
//! codes suggest: registered fields, presence, signature, merchant, formats, channel, amounts,
//! items and dates.

use faspay::{Amount, FaspayDateTime, Fields, WireValue};

use super::{
    Checked, KNOWN_ITEM_FIELDS, Rejection, amount, date, digits, known_bill_fields, known_only,
    merchant, require, signature, text, validity,
};
use crate::channels;
use crate::options::SandboxOptions;

/// Fields Post Data must carry (`request` is mandatory in the docs, but official SDKs send it
/// empty and Faspay accepts that, so it is not enforced).
const MANDATORY: &[&str] = &[
    "merchant_id",
    "merchant",
    "bill_no",
    "bill_date",
    "bill_expired",
    "bill_desc",
    "bill_currency",
    "bill_total",
    "cust_no",
    "cust_name",
    "payment_channel",
    "pay_type",
    "msisdn",
    "email",
    "terminal",
    "item",
    "signature",
];

const ITEM_MANDATORY: &[&str] = &["product", "qty", "amount"];

/// Optional text fields and their maximum lengths.
const OPTIONAL_TEXT: &[(&str, usize)] = &[
    ("request", 50),
    ("bill_reff", 32),
    ("cust_lastname", 128),
    ("bank_userid", 128),
    ("billing_name", 128),
    ("billing_lastname", 128),
    ("billing_address", 200),
    ("billing_address_city", 50),
    ("billing_address_region", 100),
    ("billing_address_state", 100),
    ("billing_address_poscode", 10),
    ("billing_msisdn", 64),
    ("billing_address_country_code", 10),
    ("receiver_name_for_shipping", 100),
    ("shipping_lastname", 128),
    ("shipping_address", 200),
    ("shipping_address_city", 50),
    ("shipping_address_region", 100),
    ("shipping_address_state", 100),
    ("shipping_address_poscode", 10),
    ("shipping_msisdn", 64),
    ("shipping_address_country_code", 10),
    ("reserve1", 50),
    ("reserve2", 50),
];

/// A bill that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBill {
    pub bill_no: String,
    pub bill_reff: String,
    pub payment_channel: String,
    pub bill_total: Amount,
    pub bill_date: FaspayDateTime,
    pub bill_expired: FaspayDateTime,
    pub cust_name: String,
    pub bill_desc: String,
}

/// Checks a decoded Post Data request.
pub fn check(f: &Fields, o: &SandboxOptions) -> Checked<NewBill> {
    known_only(f, known_bill_fields())?;
    require(f, MANDATORY)?;
    let bill_no = f.text_or_empty("bill_no").trim().to_string();
    let expected = faspay::post_data_signature(&o.user_id, &o.password, &bill_no);
    signature(&expected, f.text_or_empty("signature"))?;
    merchant(f, &o.merchant_id)?;
    text(f, "merchant", 32, true)?;
    text(f, "bill_no", 32, true)?;
    text(f, "bill_desc", 128, true)?;
    text(f, "cust_no", 32, true)?;
    text(f, "cust_name", 128, true)?;
    text(f, "email", 128, true)?;
    digits(f, "msisdn", 64, true)?;
    digits(f, "terminal", 16, true)?;
    digits(f, "payment_channel", 3, true)?;
    for (key, max) in OPTIONAL_TEXT {
        text(f, key, *max, false)?;
    }
    let format_error = |what: &str| Rejection::new("30", format!("Format Error: {what}"));
    if !f.text_or_empty("email").contains('@') {
        return Err(format_error("email is not an email address"));
    }
    if f.text_or_empty("bill_currency").trim() != "IDR" {
        return Err(format_error("bill_currency must be IDR"));
    }
    if !matches!(
        f.text_or_empty("pay_type").trim(),
        "1" | "2" | "3" | "01" | "02" | "03"
    ) {
        return Err(format_error("pay_type must be 1, 2 or 3"));
    }
    let channel = f.text_or_empty("payment_channel").trim().to_string();
    if channels::name(&channel).is_none() {
        return Err(Rejection::new(
            "82",
            format!("Unregistered Entity: payment_channel {channel} is not enabled"),
        ));
    }
    if channel == channels::OVO {
        require(f, &["billing_name"])?;
    }
    let unit = o.amount_unit;
    let bill_total = amount("bill_total", f.text_or_empty("bill_total"), unit, true)?;
    for key in ["bill_gross", "bill_tax", "bill_miscfee"] {
        if let Some(t) = f.non_empty(key) {
            amount(key, t, unit, false)?;
        }
    }
    items(f, o)?;
    let bill_date = date(f, "bill_date")?;
    let bill_expired = date(f, "bill_expired")?;
    validity(bill_date, bill_expired)?;
    Ok(NewBill {
        bill_reff: f.non_empty("bill_reff").unwrap_or(&bill_no).to_string(),
        bill_no,
        payment_channel: channel,
        bill_total,
        bill_date,
        bill_expired,
        cust_name: f.text_or_empty("cust_name").trim().to_string(),
        bill_desc: f.text_or_empty("bill_desc").trim().to_string(),
    })
}

fn items(f: &Fields, o: &SandboxOptions) -> Checked<()> {
    let shape_ok = match f.get("item") {
        Some(WireValue::Object(_)) => true,
        Some(WireValue::List(list)) => {
            !list.is_empty() && list.iter().all(|v| matches!(v, WireValue::Object(_)))
        }
        _ => false,
    };
    if !shape_ok {
        return Err(Rejection::new(
            "30",
            "Format Error: item must be one or more objects",
        ));
    }
    for item in f.objects("item") {
        known_only(item, KNOWN_ITEM_FIELDS)?;
        require(item, ITEM_MANDATORY)?;
        text(item, "product", 50, true)?;
        digits(item, "qty", 32, true)?;
        amount(
            "item.amount",
            item.text_or_empty("amount"),
            o.amount_unit,
            false,
        )?;
        digits(item, "payment_plan", 2, false)?;
        digits(item, "tenor", 2, false)?;
        digits(item, "merchant_id", 32, false)?;
        text(item, "id", 50, false)?;
        text(item, "type", 50, false)?;
    }
    Ok(())
}
