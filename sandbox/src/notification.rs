//! The payment notification Faspay sends to the merchant (docs/protocol.md), built from a
//! transaction and signed with the status-inclusive formula (`faspay::notification_signature`).

use faspay::{FaspayDateTime, Fields, Format};

use crate::channels;
use crate::options::SandboxOptions;
use crate::state::Transaction;

/// The notification body for `t`'s current status, in `format`.
pub fn body(
    options: &SandboxOptions,
    t: &Transaction,
    now: FaspayDateTime,
    format: Format,
) -> String {
    let status = t.status.value().to_string();
    let total = t
        .bill_total
        .to_wire(options.amount_unit)
        .unwrap_or_else(|_| t.bill_total.sen().to_string());
    let paid = if t.status.is_paid() {
        total.clone()
    } else {
        "0".into()
    };
    let mut f = Fields::new();
    f.push_text("request", faspay::notification::NOTIFICATION_RESPONSE);
    f.push_text("trx_id", &t.trx_id);
    f.push_text("merchant_id", &options.merchant_id);
    f.push_text("merchant", &options.merchant_name);
    f.push_text("bill_no", &t.bill_no);
    f.push_text("payment_reff", t.payment_reff.as_deref().unwrap_or("null"));
    f.push_text(
        "payment_date",
        t.payment_date.or(t.status_date).unwrap_or(now).to_string(),
    );
    f.push_text("payment_status_code", &status);
    f.push_text("payment_status_desc", t.status.description());
    f.push_text("bill_total", total);
    f.push_text("payment_total", paid);
    f.push_text("payment_channel_uid", &t.payment_channel);
    f.push_text(
        "payment_channel",
        channels::name(&t.payment_channel).unwrap_or("Unknown"),
    );
    f.push_text(
        "signature",
        faspay::notification_signature(&options.user_id, &options.password, &t.bill_no, &status),
    );
    String::from_utf8_lossy(&faspay::codec::encode(&f, format)).into_owned()
}
