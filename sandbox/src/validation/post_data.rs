//! The rules of a Post Data Transaction request (docs/protocol.md), in the order Faspay's
//! codes suggest: registered fields, presence, signature, merchant, formats, channel, amounts,
//! items and dates. What real clients send beyond the docs is accepted with a warning (see
//! `crate::fidelity`).

use faspay::{Amount, FaspayDateTime, Fields, WireValue};

use super::{
    Checked, KNOWN_ITEM_FIELDS, Rejection, amount_or_decimal, date, digits, known_bill_fields,
    merchant, require, signature, text, validity,
};
use crate::channels;
use crate::fidelity::{
    CUST_NO_DOCS_MAX, CUST_NO_OBSERVED_MAX, Findings, UNDOCUMENTED_BILL_FIELDS,
    UNDOCUMENTED_ITEM_FIELDS, WarningKind,
};
use crate::options::SandboxOptions;

/// Fields Post Data must carry. `request` is mandatory in the docs, but official SDKs send it
/// empty and Faspay accepts that, so it is not enforced; `merchant` and `bill_currency` are
/// mandatory too, but official clients leave them out, so their absence is a warning.
const MANDATORY: &[&str] = &[
    "merchant_id",
    "bill_no",
    "bill_date",
    "bill_expired",
    "bill_desc",
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

/// Checks a decoded Post Data request at the sandbox time `now`; what it accepts beyond the
/// docs goes to `findings`.
pub fn check(
    f: &Fields,
    o: &SandboxOptions,
    now: FaspayDateTime,
    findings: &mut Findings,
) -> Checked<NewBill> {
    findings.extra_fields(f, known_bill_fields(), UNDOCUMENTED_BILL_FIELDS, "")?;
    require(f, MANDATORY)?;
    if o.strict {
        // The docs' letter: 85 when absent, 83 when empty.
        require(f, &["merchant", "bill_currency"])?;
    }
    if f.text_or_empty("merchant").trim().is_empty() {
        findings.warn(
            WarningKind::MerchantMissing,
            "merchant",
            "merchant (the merchant name) is missing or empty; Faspay's docs make it mandatory",
        )?;
    }
    if f.text_or_empty("bill_currency").trim().is_empty() {
        findings.warn(
            WarningKind::CurrencyDefaulted,
            "bill_currency",
            "bill_currency is missing or empty; IDR assumed (Faspay's docs make it mandatory)",
        )?;
    }
    let bill_no = f.text_or_empty("bill_no").trim().to_string();
    let expected = faspay::post_data_signature(&o.user_id, &o.password, &bill_no);
    signature(&expected, f.text_or_empty("signature"))?;
    merchant(f, &o.merchant_id)?;
    text(f, "merchant", 32, false)?;
    text(f, "bill_no", 32, true)?;
    text(f, "bill_desc", 128, true)?;
    text(f, "cust_no", CUST_NO_OBSERVED_MAX, true)?;
    let cust_no_len = f.text_or_empty("cust_no").chars().count();
    if cust_no_len > CUST_NO_DOCS_MAX {
        findings.warn(
            WarningKind::LongerThanDocs,
            "cust_no",
            format!(
                "cust_no is {cust_no_len} characters; Faspay's docs allow {CUST_NO_DOCS_MAX} \
                 (clients send {CUST_NO_OBSERVED_MAX}-character UUIDs)"
            ),
        )?;
    }
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
    if !matches!(f.text_or_empty("bill_currency").trim(), "IDR" | "") {
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
    let bill_total = amount_or_decimal(
        "bill_total",
        f.text_or_empty("bill_total"),
        unit,
        true,
        findings,
    )?;
    for key in ["bill_gross", "bill_tax", "bill_miscfee"] {
        if let Some(t) = f.non_empty(key) {
            amount_or_decimal(key, t, unit, false, findings)?;
        }
    }
    items(f, o, findings)?;
    let bill_date = date(f, "bill_date")?;
    let bill_expired = date(f, "bill_expired")?;
    validity(bill_date, bill_expired)?;
    if bill_expired <= now {
        // The docs' code table has no "bad date" code besides 30 Format Error; a bill that is
        // over before it starts is an expired order (a server clock in UTC instead of WIB,
        // 7 hours behind, is the usual cause).
        return Err(Rejection::new(
            "54",
            format!("Order is Expired: bill_expired {bill_expired} is not after now ({now} WIB)"),
        ));
    }
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

fn items(f: &Fields, o: &SandboxOptions, findings: &mut Findings) -> Checked<()> {
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
    for (i, item) in f.objects("item").into_iter().enumerate() {
        let prefix = format!("item[{i}].");
        findings.extra_fields(item, KNOWN_ITEM_FIELDS, UNDOCUMENTED_ITEM_FIELDS, &prefix)?;
        require(item, ITEM_MANDATORY)?;
        text(item, "product", 50, true)?;
        digits(item, "qty", 32, true)?;
        amount_or_decimal(
            &format!("{prefix}amount"),
            item.text_or_empty("amount"),
            o.amount_unit,
            false,
            findings,
        )?;
        digits(item, "payment_plan", 2, false)?;
        digits(item, "tenor", 2, false)?;
        digits(item, "merchant_id", 32, false)?;
        text(item, "id", 50, false)?;
        text(item, "type", 50, false)?;
    }
    Ok(())
}
