//! Post Data Transaction (`cvr/300011`, docs/protocol.md): checks the bill, refuses a
//! `bill_no` already used (code `14` Invalid Order), stores it pending and answers its
//! `trx_id`, the echoed items and (JSON only, as Faspay) the `redirect_url`.

use faspay::{Fields, Format, PaymentStatusCode};

use crate::app::App;
use crate::channels;
use crate::state::Transaction;
use crate::validation::post_data::check;
use crate::validation::{Checked, Rejection};

pub const RESPONSE: &str = "Transmisi Info Detil Pembelian";

pub fn handle(app: &App, f: &Fields, format: Format) -> Checked<Fields> {
    let o = app.options();
    let bill = check(f, &o)?;
    let trx_id = {
        let mut store = app.store();
        if store.has_bill_no(&bill.bill_no) {
            return Err(Rejection::new(
                "14",
                format!("Invalid Order: bill_no {} is already used", bill.bill_no),
            ));
        }
        let trx_id = store.next_trx_id(&o.merchant_id, &bill.payment_channel);
        store.insert(Transaction {
            trx_id: trx_id.clone(),
            bill_no: bill.bill_no.clone(),
            bill_reff: bill.bill_reff.clone(),
            payment_channel: bill.payment_channel.clone(),
            bill_total: bill.bill_total,
            bill_date: bill.bill_date,
            bill_expired: bill.bill_expired,
            status: PaymentStatusCode::Unprocessed,
            payment_date: None,
            payment_reff: None,
            ovo_number: None,
            cust_name: bill.cust_name.clone(),
            bill_desc: bill.bill_desc.clone(),
            status_date: None,
            cancel_reason: None,
        });
        trx_id
    };
    let mut out = Fields::new();
    out.push_text("response", RESPONSE);
    out.push_text("trx_id", &trx_id);
    out.push_text("merchant_id", &o.merchant_id);
    out.push_text("merchant", &o.merchant_name);
    out.push_text("bill_no", &bill.bill_no);
    // Faspay mirrors the item shape it was sent (one object or a list).
    if let Some(items) = f.get("item") {
        out.push("bill_items", items.clone());
    }
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Sukses");
    if format == Format::Json {
        let redirect = redirect_url(app, &trx_id, &bill.bill_no);
        if channels::QR_CHANNELS.contains(&bill.payment_channel.as_str()) {
            out.push_text("web_url", format!("{redirect}&view=qr"));
            out.push_text("qr_content", format!("SANDBOX-QRIS-{trx_id}"));
        }
        out.push_text("redirect_url", redirect);
    }
    Ok(out)
}

/// The browser page of a transaction (`pws/100003`), as Faspay builds it.
pub fn redirect_url(app: &App, trx_id: &str, bill_no: &str) -> String {
    let o = app.options();
    let signature = faspay::redirect_signature(&o.user_id, &o.password, bill_no);
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("trx_id", trx_id)
        .append_pair("merchant_id", &o.merchant_id)
        .append_pair("bill_no", bill_no)
        .finish();
    format!(
        "{}{}{}/{signature}?{query}",
        app.base_url(),
        faspay::endpoint::REDIRECT_PATH_PREFIX,
        faspay::Environment::Sandbox.redirect_code()
    )
}
