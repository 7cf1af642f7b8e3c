//! The customer's return to the merchant's site (docs/protocol.md): a signed GET query.
//! Verified here, but never proof of payment: confirm with the notification or
//! `payment_status` before fulfilling.

use crate::amount::Amount;
use crate::codes::PaymentStatusCode;
use crate::config::Config;
use crate::error::Result;
use crate::inbound;
use crate::model::inbound_amount;
use crate::wire::Fields;

/// A verified return-URL visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnInfo {
    pub trx_id: String,
    pub merchant_id: String,
    /// The merchant name the query carried; `None` when absent, like the other optional fields.
    pub merchant: Option<String>,
    pub bill_no: String,
    /// `bill_ref` or `bill_reff`, whichever came.
    pub bill_reff: Option<String>,
    pub bill_total: Option<Amount>,
    pub payment_reff: Option<String>,
    pub payment_date: Option<String>,
    pub bank_user_name: Option<String>,
    /// The status the browser claims; informative only.
    pub status: PaymentStatusCode,
    pub raw: Fields,
}

/// Verifies a query string (with or without the leading `?`, or a whole URL).
pub(crate) fn verify_query(config: &Config, query: &str) -> Result<ReturnInfo> {
    let query = match query.split_once('?') {
        Some((_, q)) => q,
        None => query,
    };
    let query = query.split('#').next().unwrap_or(query);
    inbound::check_size(config, query.len(), "query", "return URL")?;
    verify_pairs(
        config,
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())),
    )
}

/// Verifies decoded query pairs (a mapping such as Django's `request.GET`).
pub(crate) fn verify_pairs(
    config: &Config,
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Result<ReturnInfo> {
    // A mapping from a web framework is bounded like a query string: by its total size.
    let mut total = 0usize;
    let mut collected = Vec::new();
    for (k, v) in pairs {
        total = total.saturating_add(k.len() + v.len() + 2);
        inbound::check_size(config, total, "query", "return URL")?;
        collected.push((k, v));
    }
    let f = inbound::fields_from_pairs(collected, "return URL")?;
    let verified = inbound::verify_signed(config, &f, "return URL", "status", false)?;
    let opt = |key: &str| f.non_empty(key).map(str::to_string);
    Ok(ReturnInfo {
        trx_id: opt("trx_id").unwrap_or_default(),
        merchant_id: verified.merchant_id,
        merchant: opt("merchant"),
        bill_reff: opt("bill_reff").or_else(|| opt("bill_ref")),
        bill_total: inbound_amount(&f, "bill_total", config.amount_unit)?,
        payment_reff: opt("payment_reff"),
        payment_date: opt("payment_date"),
        bank_user_name: opt("bank_user_name"),
        bill_no: verified.bill_no,
        status: verified.status,
        raw: f,
    })
}
