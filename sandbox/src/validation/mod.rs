//! Checks on incoming API requests, answered the way Faspay answers (docs/protocol.md):
//! `30` Format Error (undecodable body, bad lengths, formats, dates and the 30-day rule),
//! `83` Parameter is mandatory (a mandatory field sent empty), `85` Insufficient Parameters
//! (a mandatory field missing), `55` Incorrect User/Password (signature mismatch), `03`
//! Invalid Merchant, `13` Invalid Amount. Fields outside the docs are not refused here: they
//! are findings (`crate::fidelity`), refused with `84` only in strict mode. Field rules come
//! from the core (`faspay::validate`, `Amount`, `FaspayDateTime`).

pub mod post_data;

pub use faspay::validate::KNOWN_ITEM_FIELDS;
use faspay::validate::{KNOWN_BILL_FIELDS, required_digits, required_text};
use faspay::{Amount, AmountUnit, FaspayDateTime, Fields, Format, WireValue};

use crate::fidelity::{Findings, WarningKind};

/// A refusal: the `response_code` and `response_desc` to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: &'static str,
    pub desc: String,
}

impl Rejection {
    /// A refusal with this code and description.
    pub fn new(code: &'static str, desc: impl Into<String>) -> Rejection {
        Rejection {
            code,
            desc: desc.into(),
        }
    }
}

/// Result of a check.
pub type Checked<T> = Result<T, Rejection>;

/// Decodes a request body; only a `<faspay>` root counts as a Faspay message.
pub fn decode(body: &[u8], format: Format) -> Checked<Fields> {
    let (root, fields) = faspay::codec::decode_document(body, format)
        .map_err(|e| Rejection::new("30", format!("Format Error: {}", e.0)))?;
    match root.as_deref() {
        None | Some("faspay") => Ok(fields),
        Some(other) => Err(Rejection::new(
            "30",
            format!("Format Error: root element <{other}> is not <faspay>"),
        )),
    }
}

/// `85` when a mandatory field is absent, `83` when it is empty.
pub fn require(fields: &Fields, mandatory: &[&str]) -> Checked<()> {
    for key in mandatory {
        match fields.get(key) {
            None => {
                return Err(Rejection::new(
                    "85",
                    format!("Insufficient Parameters: {key}"),
                ));
            }
            Some(WireValue::Text(t)) if t.trim().is_empty() => {
                return Err(Rejection::new(
                    "83",
                    format!("Parameter is mandatory: {key}"),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// `55` unless `received` matches `expected` (constant time, case-insensitive).
pub fn signature(expected: &str, received: &str) -> Checked<()> {
    if faspay::verify(expected, received.trim()) {
        Ok(())
    } else {
        Err(Rejection::new("55", "Incorrect User/Password"))
    }
}

/// `03` unless the request is for the sandbox's merchant.
pub fn merchant(fields: &Fields, merchant_id: &str) -> Checked<()> {
    if fields.text_or_empty("merchant_id").trim() == merchant_id {
        Ok(())
    } else {
        Err(Rejection::new("03", "Invalid Merchant"))
    }
}

fn format_error(e: faspay::Error) -> Rejection {
    Rejection::new("30", format!("Format Error: {}", e.message()))
}

/// `30` unless the field is text of at most `max` characters (when present, or always when
/// `required`).
pub fn text(fields: &Fields, key: &str, max: usize, required: bool) -> Checked<()> {
    scalar(fields, key, required, |t| required_text(key, t, max))
}

/// `30` unless the field is at most `max` digits (when present, or always when `required`).
pub fn digits(fields: &Fields, key: &str, max: usize, required: bool) -> Checked<()> {
    scalar(fields, key, required, |t| {
        required_digits(key, t.trim(), max)
    })
}

/// A scalar field checked by the core's `rule`: `85` when a required one is absent, `30` when
/// it is not text or breaks the rule; an optional empty value passes.
fn scalar(
    fields: &Fields,
    key: &str,
    required: bool,
    rule: impl Fn(&str) -> faspay::Result<()>,
) -> Checked<()> {
    match fields.get(key) {
        Some(WireValue::Text(t)) if required || !t.is_empty() => rule(t).map_err(format_error),
        Some(WireValue::Text(_)) => Ok(()),
        Some(_) => Err(Rejection::new("30", format!("Format Error: {key}"))),
        None if required => Err(Rejection::new(
            "85",
            format!("Insufficient Parameters: {key}"),
        )),
        None => Ok(()),
    }
}

/// `13` unless the wire text is an amount in `unit` (at most 15 digits; `positive` refuses 0).
pub fn amount(key: &str, text: &str, unit: AmountUnit, positive: bool) -> Checked<Amount> {
    let invalid = |why: &str| Rejection::new("13", format!("Invalid Amount: {key} {why}"));
    let text = text.trim();
    if text.len() > 15 {
        return Err(invalid("is more than 15 digits"));
    }
    let amount = Amount::from_wire(text, unit).map_err(|_| invalid("is not a number"))?;
    if positive && amount.sen() == 0 {
        return Err(invalid("must be more than 0"));
    }
    Ok(amount)
}

/// Like [`amount`], except that an amount written with a decimal point and exactly two
/// decimals (`10000.00`) is read as rupiah with the docs' two implied decimals written out
/// (the same value as the digits `1000000`), and reported: a warning by default, `13` when
/// strict. Faspay's own reading of a decimal point is not documented.
pub fn amount_or_decimal(
    key: &str,
    text: &str,
    unit: AmountUnit,
    positive: bool,
    findings: &mut Findings,
) -> Checked<Amount> {
    let trimmed = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((whole, frac)) = trimmed.split_once('.') else {
        return amount(key, text, unit, positive);
    };
    if !(digits(whole) && digits(frac) && frac.len() == 2) {
        return amount(key, text, unit, positive);
    }
    let invalid = |why: &str| Rejection::new("13", format!("Invalid Amount: {key} {why}"));
    let value = Amount::parse(trimmed).map_err(|_| invalid("is not a number"))?;
    let wire = value
        .to_wire(unit)
        .map_err(|_| invalid("cannot be written in the wire unit"))?;
    if wire.len() > 15 {
        return Err(invalid("is more than 15 digits"));
    }
    if positive && value.sen() == 0 {
        return Err(invalid("must be more than 0"));
    }
    findings.warn(
        WarningKind::DecimalAmount,
        key,
        format!(
            "{key} {trimmed:?} has a decimal point; Faspay's Debit amounts are digits with two \
             implied decimals ({wire} here); read as Rp {value}, but Faspay's own reading of a \
             decimal point is not documented"
        ),
    )?;
    Ok(value)
}

/// `30` unless the field is a `YYYY-MM-DD HH:MM:SS` date.
pub fn date(fields: &Fields, key: &str) -> Checked<FaspayDateTime> {
    let text = fields.text_or_empty(key).trim();
    let bad = || {
        Rejection::new(
            "30",
            format!("Format Error: {key} must be YYYY-MM-DD HH:MM:SS"),
        )
    };
    if text.len() != 19 {
        return Err(bad());
    }
    FaspayDateTime::parse(text).map_err(|_| bad())
}

/// `30` unless `bill_expired` is after `bill_date` and at most 30 days later.
pub fn validity(bill_date: FaspayDateTime, bill_expired: FaspayDateTime) -> Checked<()> {
    faspay::validate::dates(bill_date, bill_expired).map_err(format_error)
}

/// The fields a Post Data request may carry.
pub fn known_bill_fields() -> &'static [&'static str] {
    KNOWN_BILL_FIELDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Fields {
        decode(json.as_bytes(), Format::Json).unwrap()
    }

    #[test]
    fn presence_and_registration_codes() {
        let f = fields(r#"{"a":"1","b":""}"#);
        assert_eq!(require(&f, &["a"]), Ok(()));
        assert_eq!(require(&f, &["b"]).unwrap_err().code, "83");
        assert_eq!(require(&f, &["c"]).unwrap_err().code, "85");
        assert_eq!(decode(b"{", Format::Json).unwrap_err().code, "30");
        assert_eq!(
            decode(b"<html></html>", Format::Xml).unwrap_err().code,
            "30"
        );
    }

    #[test]
    fn formats_amounts_and_dates() {
        let f = fields(
            r#"{"n":"12a","t":"abcdef","d":"2026-01-01 00:00:00","e":"2026-02-01 00:00:01"}"#,
        );
        assert_eq!(digits(&f, "n", 5, true).unwrap_err().code, "30");
        assert_eq!(text(&f, "t", 3, true).unwrap_err().code, "30");
        assert_eq!(text(&f, "t", 6, true), Ok(()));
        assert_eq!(
            amount("bill_total", "0", AmountUnit::Sen, true)
                .unwrap_err()
                .code,
            "13"
        );
        assert_eq!(
            amount("bill_total", "1.5", AmountUnit::Sen, true)
                .unwrap_err()
                .code,
            "13"
        );
        assert_eq!(
            amount("bill_total", "150000", AmountUnit::Sen, true).unwrap(),
            Amount::rupiah(1500)
        );
        let (d, e) = (date(&f, "d").unwrap(), date(&f, "e").unwrap());
        assert_eq!(validity(d, e).unwrap_err().code, "30");
        assert_eq!(date(&f, "t").unwrap_err().code, "30");
    }
}
