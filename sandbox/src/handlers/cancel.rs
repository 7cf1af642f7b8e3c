//! Cancel Transaction (`cvr/100005`, docs/protocol.md): only an unpaid, pending bill can be
//! cancelled (status 8 afterwards). Refusals: `81` already paid, `54` expired, `17` already
//! cancelled, `14` unknown transaction or failed payment. A cancel sends no notification: the
//! merchant asked for it.

use faspay::{Fields, Operation, PaymentStatusCode};

use crate::app::App;
use crate::fidelity::Findings;
use crate::state::Refusal;
use crate::validation::{self, Checked, Rejection};

pub const RESPONSE: &str = "Canceling Payment";

const KNOWN: &[&str] = &[
    "request",
    "trx_id",
    "merchant_id",
    "merchant",
    "bill_no",
    "payment_cancel",
    "signature",
];
const MANDATORY: &[&str] = &[
    "trx_id",
    "merchant_id",
    "bill_no",
    "payment_cancel",
    "signature",
];

/// The refusal for a transaction in `status`.
pub fn not_pending(status: PaymentStatusCode) -> Rejection {
    match status {
        PaymentStatusCode::Success => Rejection::new("81", "Already Been Paid"),
        PaymentStatusCode::Expired => Rejection::new("54", "Order is Expired"),
        PaymentStatusCode::Cancelled => {
            Rejection::new("17", "Order Cancelled by Merchant/Customer")
        }
        PaymentStatusCode::Reversal => Rejection::new("80", "Payment Was Reversal"),
        other => Rejection::new("14", format!("Invalid Order: {}", other.description())),
    }
}

pub fn handle(app: &App, f: &Fields) -> Checked<Fields> {
    let o = app.options();
    let mut findings = Findings::new(o.strict);
    super::check_bill_reference(app, f, KNOWN, MANDATORY, &mut findings)?;
    validation::text(f, "payment_cancel", 50, true)?;
    let trx_id = f.text_or_empty("trx_id").trim();
    let bill_no = f.text_or_empty("bill_no").trim();
    let reason = f.text_or_empty("payment_cancel").trim().to_string();
    app.expire_if_due(trx_id);
    let now = app.clock.now();
    let cancelled = {
        let mut store = app.store();
        match store.get(trx_id) {
            Some(t) if t.bill_no == bill_no => {}
            _ => return Err(Rejection::new("14", "Invalid Order: no such transaction")),
        }
        let result = store.settle(trx_id, PaymentStatusCode::Cancelled, now);
        if result.is_ok()
            && let Some(t) = store.get_mut(trx_id)
        {
            t.cancel_reason = Some(reason.clone());
        }
        result
    };
    let t = match cancelled {
        Ok(t) => {
            app.record_findings(
                Operation::CancelTransaction,
                findings,
                Some(trx_id),
                Some(bill_no),
            );
            t
        }
        Err(Refusal::NotPending(status)) => return Err(not_pending(status)),
        Err(Refusal::NotFound) => {
            return Err(Rejection::new("14", "Invalid Order: no such transaction"));
        }
    };
    let status = PaymentStatusCode::Cancelled;
    let mut out = Fields::new();
    out.push_text("response", RESPONSE);
    out.push_text("trx_id", &t.trx_id);
    out.push_text("merchant_id", &o.merchant_id);
    out.push_text("merchant", &o.merchant_name);
    out.push_text("bill_no", &t.bill_no);
    out.push_text("trx_status_code", status.value().to_string());
    out.push_text("trx_status_desc", "Cancelled");
    out.push_text("payment_status_code", status.value().to_string());
    out.push_text("payment_status_desc", status.description());
    out.push_text("payment_cancel_date", now.to_string());
    out.push_text("payment_cancel", reason);
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Sukses");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reversal (status 4) cannot be reached through the sandbox's API (it never reverses a
    /// payment), so the code a cancel of one gets is checked here, with every other status.
    #[test]
    fn each_final_status_refuses_a_cancel_with_its_code() {
        let codes: Vec<(u8, &str)> = PaymentStatusCode::DEFINED
            .into_iter()
            .filter(|s| *s != PaymentStatusCode::Unprocessed)
            .map(|s| (s.value(), not_pending(s).code))
            .collect();
        assert_eq!(
            codes,
            [
                (1, "14"),
                (2, "81"),
                (3, "14"),
                (4, "80"),
                (5, "14"),
                (7, "54"),
                (8, "17"),
                (9, "14")
            ]
        );
        assert_eq!(
            not_pending(PaymentStatusCode::Reversal).desc,
            "Payment Was Reversal"
        );
    }
}
