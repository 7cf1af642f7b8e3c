//! Inquiry Payment Status (`cvr/100004`, docs/protocol.md): the transaction's status, or
//! `payment_status_code` 5 "No bills found" for an unknown `trx_id` / `bill_no` pair. Like
//! Faspay, it answers `85` unless the request carries `payment_status_code` and
//! `payment_status_desc` (sent empty; the docs do not list them, but clients that left them
//! out got `85` from Faspay's sandbox).

use faspay::{Fields, Operation, PaymentStatusCode};

use crate::app::App;
use crate::fidelity::Findings;
use crate::validation::{Checked, Rejection};

pub const RESPONSE: &str = "Inquiry Payment Status";

const KNOWN: &[&str] = &[
    "request",
    "trx_id",
    "merchant_id",
    "merchant",
    "bill_no",
    "payment_status_code",
    "payment_status_desc",
    "signature",
];
const MANDATORY: &[&str] = &["trx_id", "merchant_id", "bill_no", "signature"];

/// Fields Faspay wants present, even empty.
const STATUS_FIELDS: &[&str] = &["payment_status_code", "payment_status_desc"];

pub fn handle(app: &App, f: &Fields) -> Checked<Fields> {
    let o = app.options();
    let mut findings = Findings::new(o.strict);
    super::check_bill_reference(app, f, KNOWN, MANDATORY, &mut findings)?;
    if let Some(missing) = STATUS_FIELDS.iter().find(|k| f.get(k).is_none()) {
        return Err(Rejection::new(
            "85",
            format!("Insufficient Parameters: {missing}"),
        ));
    }
    let trx_id = f.text_or_empty("trx_id").trim();
    let bill_no = f.text_or_empty("bill_no").trim();
    app.record_findings(
        Operation::PaymentStatus,
        findings,
        Some(trx_id),
        Some(bill_no),
    );
    app.expire_if_due(trx_id);
    let found = app
        .store()
        .get(trx_id)
        .filter(|t| t.bill_no == bill_no)
        .cloned();
    let mut out = Fields::new();
    out.push_text("response", RESPONSE);
    out.push_text("trx_id", trx_id);
    out.push_text("merchant_id", &o.merchant_id);
    out.push_text("merchant", &o.merchant_name);
    out.push_text("bill_no", bill_no);
    match found {
        Some(t) => {
            out.push_text("payment_reff", t.payment_reff.clone().unwrap_or_default());
            out.push_text(
                "payment_date",
                t.payment_date.map(|d| d.to_string()).unwrap_or_default(),
            );
            out.push_text("payment_status_code", t.status.value().to_string());
            out.push_text("payment_status_desc", t.status.description());
            if t.status.is_paid()
                && let Ok(total) = t.bill_total.to_wire(o.amount_unit)
            {
                out.push_text("payment_total", total);
            }
        }
        None => {
            let none = PaymentStatusCode::NoBillsFound;
            out.push_text("payment_reff", "");
            out.push_text("payment_date", "");
            out.push_text("payment_status_code", none.value().to_string());
            out.push_text("payment_status_desc", none.description());
        }
    }
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Sukses");
    Ok(out)
}
