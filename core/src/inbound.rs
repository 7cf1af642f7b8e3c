//! What inbound Faspay messages (payment notifications, return URLs) share: the fields that key
//! them, the merchant check and the status-inclusive signature check.

use std::collections::HashSet;

use crate::codec::MAX_FIELDS_PER_OBJECT;
use crate::codes::PaymentStatusCode;
use crate::config::Config;
use crate::error::{Error, ErrorCode, Result, quoted};
use crate::signature::{sign_parts, verify_bytes};
use crate::wire::{Fields, WireValue};

/// The verified key of an inbound message.
pub(crate) struct Verified {
    pub bill_no: String,
    pub merchant_id: String,
    pub status: PaymentStatusCode,
}

/// Refuses an inbound message larger than `config.max_inbound_bytes` before it is parsed, so
/// an unauthenticated sender cannot make the merchant spend time or memory on it.
pub(crate) fn check_size(config: &Config, len: usize, field: &str, what: &str) -> Result<()> {
    if len > config.max_inbound_bytes {
        return Err(Error::invalid_field(
            field,
            format!(
                "the {what} is {len} bytes, over the {} byte limit (max_inbound_bytes)",
                config.max_inbound_bytes
            ),
        ));
    }
    Ok(())
}

/// The fields of decoded query pairs. A repeated name is refused (`INVALID_ARGUMENT` naming
/// it): web frameworks disagree on which copy they read, so the SDK must not verify one value
/// while the merchant's code reads another. More than [`MAX_FIELDS_PER_OBJECT`] names is
/// refused too, which keeps the duplicate check linear.
pub(crate) fn fields_from_pairs(
    pairs: impl IntoIterator<Item = (String, String)>,
    what: &str,
) -> Result<Fields> {
    let mut fields = Fields::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (key, value) in pairs {
        if seen.len() >= MAX_FIELDS_PER_OBJECT {
            return Err(Error::invalid_field(
                "query",
                format!("the {what} has more than {MAX_FIELDS_PER_OBJECT} parameters"),
            ));
        }
        if !seen.insert(key.clone()) {
            return Err(Error::invalid_field(
                &key,
                format!(
                    "is repeated in the {what}; refused because readers disagree on which copy counts"
                ),
            ));
        }
        fields.push(key, WireValue::Text(value));
    }
    Ok(fields)
}

/// A mandatory, non-blank field of an inbound message.
pub(crate) fn required(f: &Fields, key: &str, what: &str) -> Result<String> {
    required_str(f, key, what).map(str::to_string)
}

/// [`required`], borrowed. A repeated XML element reads as a list, not a value: refused as
/// repeated (not "missing", which would send the reader looking for an absent field).
fn required_str<'f>(f: &'f Fields, key: &str, what: &str) -> Result<&'f str> {
    f.non_empty(key).ok_or_else(|| match f.get(key) {
        Some(WireValue::List(_)) => Error::invalid_field(
            key,
            format!(
                "is repeated in the {what}; refused because readers disagree on which copy counts"
            ),
        ),
        _ => Error::invalid_field(key, format!("is missing from the {what}")),
    })
}

/// Checks `merchant_id` (when present, or always if `merchant_required`) and the signature
/// `sha1(md5(user_id + password + bill_no + status))`, where `status_key` names the status.
pub(crate) fn verify_signed(
    config: &Config,
    f: &Fields,
    what: &str,
    status_key: &str,
    merchant_required: bool,
) -> Result<Verified> {
    let bill_no = required(f, "bill_no", what)?;
    let status_text = required_str(f, status_key, what)?;
    let received = f.non_empty("signature").ok_or_else(|| {
        let repeated = matches!(f.get("signature"), Some(WireValue::List(_)));
        Error::new(
            ErrorCode::InvalidSignature,
            if repeated {
                format!("{what} has more than one signature")
            } else {
                format!("{what} has no signature")
            },
        )
    })?;
    let merchant_id = match f.non_empty("merchant_id") {
        Some(mid) => mid.to_string(),
        None if merchant_required => {
            return Err(Error::invalid_field(
                "merchant_id",
                format!("is missing from the {what}"),
            ));
        }
        None => config.merchant_id.clone(),
    };
    if merchant_id != config.merchant_id {
        return Err(Error::new(
            ErrorCode::InvalidSignature,
            format!(
                "{what} is for merchant {merchant_id}, not {}",
                config.merchant_id
            ),
        ));
    }
    let password = config.password.expose();
    let expected = sign_parts(&config.user_id, password, &[&bill_no, status_text]);
    if !verify_bytes(&expected, received) {
        // The docs' own notification sample is signed without the status: that value is the
        // post-data signature, which the redirect URL shows to the customer, so accepting it
        // would let anyone forge a "paid" message (docs/protocol.md).
        let status_less = sign_parts(&config.user_id, password, &[&bill_no]);
        let message = if verify_bytes(&status_less, received) {
            format!(
                "{what} signature leaves out {status_key}; refused, because that value is public \
                 in the redirect URL and would let anyone forge a payment"
            )
        } else {
            format!("{what} signature does not match")
        };
        return Err(Error::new(ErrorCode::InvalidSignature, message));
    }
    // "02" is a number, but not one digit: say what is expected (why: PaymentStatusCode::parse).
    let status = PaymentStatusCode::parse(status_text).ok_or_else(|| {
        Error::invalid_field(
            status_key,
            format!(
                "must be exactly one digit (0 to 9), got {}",
                quoted(status_text)
            ),
        )
    })?;
    Ok(Verified {
        bill_no,
        merchant_id,
        status,
    })
}
