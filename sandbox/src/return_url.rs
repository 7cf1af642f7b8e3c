//! The merchant's return URL with Faspay's signed query string (docs/protocol.md), where the
//! customer's browser goes after paying: `status` and
//! `signature = sha1(md5(user_id + password + bill_no + status))`.

use crate::options::SandboxOptions;
use crate::state::Transaction;

/// `base` with the signed return query for `t`'s current status appended.
pub fn build(options: &SandboxOptions, t: &Transaction, base: &str) -> String {
    let status = t.status.value().to_string();
    let total = t
        .bill_total
        .to_wire(options.amount_unit)
        .unwrap_or_else(|_| t.bill_total.sen().to_string());
    let signature =
        faspay::return_url_signature(&options.user_id, &options.password, &t.bill_no, &status);
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("trx_id", &t.trx_id)
        .append_pair("merchant_id", &options.merchant_id)
        .append_pair("merchant", &options.merchant_name)
        .append_pair("bill_no", &t.bill_no)
        .append_pair("bill_ref", &t.bill_reff)
        .append_pair("bill_total", &total);
    if let Some(reff) = &t.payment_reff {
        q.append_pair("payment_reff", reff);
    }
    if let Some(date) = t.payment_date {
        q.append_pair("payment_date", &date.to_string());
    }
    q.append_pair("bank_user_name", &t.cust_name)
        .append_pair("status", &status)
        .append_pair("signature", &signature);
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{}", q.finish())
}
