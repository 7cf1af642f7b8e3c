//! OVO push-to-pay (`pws/ovo_direct`, form POST, docs/protocol.md). The simulated customer
//! decides after `push_delay`, by phone number: ending in `000` rejects (status 3), ending in
//! `999` never answers (stays pending), anything else approves (status 2). Like the real call
//! it blocks until the decision, then answers JSON with `response_code` `00` (push delivered).

use faspay::{Fields, Format, Operation, PaymentStatusCode};

use super::cancel::not_pending;
use crate::app::App;
use crate::channels;
use crate::fidelity::Findings;
use crate::http::{Request, Response};
use crate::validation::{self, Checked, Rejection};

pub const RESPONSE: &str = "Push To Pay";

const KNOWN: &[&str] = &["trx_id", "ovo_number", "signature"];

/// What the simulated OVO customer does with a push to `ovo_number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerAction {
    Approve,
    Reject,
    Ignore,
}

/// The customer behaviour chosen by the number's ending.
pub fn customer_action(ovo_number: &str) -> CustomerAction {
    if ovo_number.ends_with("000") {
        CustomerAction::Reject
    } else if ovo_number.ends_with("999") {
        CustomerAction::Ignore
    } else {
        CustomerAction::Approve
    }
}

pub fn handle(app: &App, request: &Request) -> Response {
    let mut fields = Fields::new();
    for (k, v) in request.form_pairs() {
        fields.push_text(k, v);
    }
    match push(app, &fields) {
        Ok(out) => super::message(Format::Json, &out),
        Err(r) => super::refused(Format::Json, RESPONSE, &fields, &r),
    }
}

fn push(app: &App, f: &Fields) -> Checked<Fields> {
    let o = app.options();
    let mut findings = Findings::new(o.strict);
    findings.extra_fields(f, KNOWN, &[], "")?;
    validation::require(f, KNOWN)?;
    let trx_id = f.text_or_empty("trx_id").trim().to_string();
    let expected = faspay::ovo_push_signature(&o.user_id, &o.password, &trx_id);
    validation::signature(&expected, f.text_or_empty("signature"))?;
    validation::digits(f, "trx_id", 16, true)?;
    let number = f.text_or_empty("ovo_number").trim().to_string();
    if number.len() < 9 || validation::digits(f, "ovo_number", 15, true).is_err() {
        return Err(Rejection::new("18", "Invalid Customer or MSISDN not found"));
    }
    app.expire_if_due(&trx_id);
    let bill_no = {
        let mut store = app.store();
        let t = store
            .get_mut(&trx_id)
            .ok_or_else(|| Rejection::new("14", "Invalid Order: no such transaction"))?;
        if t.payment_channel != channels::OVO {
            return Err(Rejection::new(
                "40",
                "Requested Function not Supported: not an OVO transaction",
            ));
        }
        if !t.is_pending() {
            return Err(not_pending(t.status));
        }
        t.ovo_number = Some(number.clone());
        t.bill_no.clone()
    };
    app.record_findings(Operation::OvoPush, findings, Some(&trx_id), Some(&bill_no));
    std::thread::sleep(o.push_delay);
    let action = customer_action(&number);
    match action {
        CustomerAction::Approve => {
            let _ = app.settle(&trx_id, PaymentStatusCode::Success);
        }
        CustomerAction::Reject => {
            let _ = app.settle(&trx_id, PaymentStatusCode::Failed);
        }
        CustomerAction::Ignore => {}
    }
    let status = app
        .store()
        .get(&trx_id)
        .map(|t| t.status)
        .unwrap_or(PaymentStatusCode::Unknown);
    let mut out = Fields::new();
    out.push_text("response", RESPONSE);
    out.push_text("trx_id", &trx_id);
    out.push_text("merchant_id", &o.merchant_id);
    out.push_text("bill_no", bill_no);
    out.push_text("ovo_number", number);
    out.push_text("payment_status_code", status.value().to_string());
    out.push_text("payment_status_desc", status.description());
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Success");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_number_endings_choose_the_outcome() {
        assert_eq!(customer_action("081234567000"), CustomerAction::Reject);
        assert_eq!(customer_action("081234567999"), CustomerAction::Ignore);
        assert_eq!(customer_action("081234567890"), CustomerAction::Approve);
    }
}
