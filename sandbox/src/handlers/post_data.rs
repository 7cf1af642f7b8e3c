//! Post Data Transaction (`cvr/300011`, docs/protocol.md): checks the bill, stores it pending
//! with what it carried beyond the docs, and answers its `trx_id`, the echoed items and (JSON
//! only, as Faspay) the `redirect_url`. A `bill_no` already used gets a new `trx_id` with a
//! warning, or `14` Invalid Order when `unique_bill_no` or `strict` is set.

use faspay::{Fields, Format, Operation, PaymentStatusCode};

use crate::app::App;
use crate::channels;
use crate::fidelity::{Findings, WarningKind};
use crate::state::{MAX_TRANSACTIONS, Transaction};
use crate::validation::post_data::check;
use crate::validation::{Checked, Rejection};

pub const RESPONSE: &str = "Transmisi Info Detil Pembelian";

pub fn handle(app: &App, f: &Fields, format: Format) -> Checked<Fields> {
    let o = app.options();
    let mut findings = Findings::new(o.strict);
    let bill = check(f, &o, app.clock.now(), &mut findings)?;
    let trx_id = {
        let mut store = app.store();
        if store.is_full() {
            return Err(Rejection::new(
                "99",
                format!(
                    "Sandbox full: it keeps at most {MAX_TRANSACTIONS} transactions; start a new one"
                ),
            ));
        }
        if store.has_bill_no(&bill.bill_no) {
            if o.unique_bill_no {
                return Err(Rejection::new(
                    "14",
                    format!("Invalid Order: bill_no {} is already used", bill.bill_no),
                ));
            }
            findings.warn(
                WarningKind::BillNoReused,
                "bill_no",
                format!(
                    "bill_no {} is already used by an earlier transaction (Faspay's docs: unique \
                     per transaction); this one has its own trx_id",
                    bill.bill_no
                ),
            )?;
        }
        let trx_id = store.next_trx_id(&o.merchant_id, &bill.payment_channel);
        let extra_fields = std::mem::take(&mut findings.extra_fields);
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
            warnings: Vec::new(),
            extra_fields,
        });
        trx_id
    };
    app.record_findings(
        Operation::CreateTransaction,
        findings,
        Some(&trx_id),
        Some(&bill.bill_no),
    );
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
