//! Browser-side pieces of a checkout: the redirect URL, the OVO push-to-pay form body and its
//! escaped HTML auto-submit form (docs/protocol.md).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::Config;
use crate::endpoint::{OVO_PUSH_PATH, REDIRECT_PATH_PREFIX};
use crate::error::{Error, Result};
use crate::signature::{ovo_push_signature, redirect_signature};
use crate::validate::{ovo_number as check_ovo_number, required_digits, required_text};

/// Characters left as they are in a query value (RFC 3986 unreserved).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Checks a Faspay `trx_id` (16 digits on the wire; up to 16 accepted).
pub(crate) fn check_trx_id(trx_id: &str) -> Result<()> {
    required_digits("trx_id", trx_id, 16)
}

/// Checks a `bill_no` used as a key.
pub(crate) fn check_bill_no(bill_no: &str) -> Result<()> {
    required_text("bill_no", bill_no, 32)?;
    if bill_no.trim() != bill_no {
        return Err(Error::invalid_field(
            "bill_no",
            "must not start or end with blanks",
        ));
    }
    Ok(())
}

/// The customer redirect URL:
/// `{base}/pws/100003/{code}/{signature}?trx_id=…&merchant_id=…&bill_no=…`.
pub(crate) fn redirect_url(config: &Config, trx_id: &str, bill_no: &str) -> Result<String> {
    check_trx_id(trx_id)?;
    check_bill_no(bill_no)?;
    let signature = redirect_signature(&config.user_id, config.password.expose(), bill_no);
    let enc = |v: &str| utf8_percent_encode(v, QUERY_VALUE).to_string();
    Ok(format!(
        "{}{REDIRECT_PATH_PREFIX}{}/{signature}?trx_id={}&merchant_id={}&bill_no={}",
        config.effective_base_url(),
        config.redirect_code,
        enc(trx_id),
        enc(&config.merchant_id),
        enc(bill_no)
    ))
}

/// The push-to-pay form fields, in order.
pub(crate) fn push_fields(
    config: &Config,
    trx_id: &str,
    ovo_number: &str,
) -> Result<[(&'static str, String); 3]> {
    check_trx_id(trx_id)?;
    check_ovo_number("ovo_number", ovo_number)?;
    Ok([
        ("trx_id", trx_id.to_string()),
        ("ovo_number", ovo_number.to_string()),
        (
            "signature",
            ovo_push_signature(&config.user_id, config.password.expose(), trx_id),
        ),
    ])
}

/// The `application/x-www-form-urlencoded` body of a push.
pub(crate) fn push_body(config: &Config, trx_id: &str, ovo_number: &str) -> Result<Vec<u8>> {
    let fields = push_fields(config, trx_id, ovo_number)?;
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &fields {
        ser.append_pair(k, v);
    }
    Ok(ser.finish().into_bytes())
}

/// The push URL.
pub(crate) fn push_url(config: &Config) -> String {
    format!("{}{OVO_PUSH_PATH}", config.effective_base_url())
}

/// Escapes text for an HTML attribute or element.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML page whose form the customer's browser posts to Faspay's push endpoint by itself
/// (with a button when scripts are off). Every value is escaped.
pub(crate) fn push_form(config: &Config, trx_id: &str, ovo_number: &str) -> Result<String> {
    let fields = push_fields(config, trx_id, ovo_number)?;
    let inputs: String = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">\n",
                html_escape(v)
            )
        })
        .collect();
    Ok(format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>OVO payment</title></head>\n\
         <body onload=\"document.forms[0].submit()\">\n\
         <form method=\"post\" action=\"{}\">\n{inputs}\
         <noscript><button type=\"submit\">Continue to OVO</button></noscript>\n\
         </form>\n</body>\n</html>\n",
        html_escape(&push_url(config))
    ))
}
