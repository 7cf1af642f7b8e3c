//! The Debit API endpoints: decode the request in its format, run the operation's handler,
//! and answer like Faspay in the same format (a refusal is a normal message with a non-`00`
//! `response_code`, HTTP 200).

mod cancel;
mod inquiry;
pub mod ovo_push;
mod payment_channels;
mod post_data;
pub mod redirect;

use faspay::{Fields, Format, Operation};

use crate::app::App;
use crate::fidelity::Findings;
use crate::http::{Request, Response};
use crate::validation::{self, Checked, Rejection};

/// Answers a request to an API endpoint.
pub fn api(app: &App, op: Operation, format: Format, request: &Request) -> Response {
    if op == Operation::OvoPush {
        return ovo_push::handle(app, request);
    }
    let label = match op {
        Operation::PaymentChannels => payment_channels::RESPONSE,
        Operation::CreateTransaction => post_data::RESPONSE,
        Operation::PaymentStatus => inquiry::RESPONSE,
        _ => cancel::RESPONSE,
    };
    let fields = match validation::decode(&request.body, format) {
        Ok(f) => f,
        Err(r) => return refused(format, label, &Fields::new(), &r),
    };
    let answered = match op {
        Operation::PaymentChannels => payment_channels::handle(app, &fields),
        Operation::CreateTransaction => post_data::handle(app, &fields, format),
        Operation::PaymentStatus => inquiry::handle(app, &fields),
        _ => cancel::handle(app, &fields),
    };
    match answered {
        Ok(out) => message(format, &out),
        Err(r) => refused(format, label, &fields, &r),
    }
}

/// A Faspay message in `format`, HTTP 200.
pub fn message(format: Format, fields: &Fields) -> Response {
    Response::new(
        200,
        format.content_type(),
        faspay::codec::encode(fields, format),
    )
}

/// A refusal: the operation's `response` label, the identifying fields of the request, and
/// the code and description.
pub fn refused(format: Format, label: &str, request: &Fields, r: &Rejection) -> Response {
    let mut f = Fields::new();
    f.push_text("response", label);
    for key in ["trx_id", "merchant_id", "merchant", "bill_no"] {
        f.push_opt(key, request.text(key));
    }
    f.push_text("response_code", r.code);
    f.push_text("response_desc", &r.desc);
    message(format, &f)
}

/// Checks the fields every inquiry-like request shares: fields outside `known` (a warning,
/// see `crate::fidelity`), presence, signature over `bill_no`, merchant, `trx_id` (16 digits)
/// and `bill_no` (32 characters).
fn check_bill_reference(
    app: &App,
    f: &Fields,
    known: &[&str],
    mandatory: &[&str],
    findings: &mut Findings,
) -> Checked<()> {
    let o = app.options();
    findings.extra_fields(f, known, &[], "")?;
    validation::require(f, mandatory)?;
    let bill_no = f.text_or_empty("bill_no").trim();
    let expected = faspay::inquiry_signature(&o.user_id, &o.password, bill_no);
    validation::signature(&expected, f.text_or_empty("signature"))?;
    validation::merchant(f, &o.merchant_id)?;
    validation::digits(f, "trx_id", 16, true)?;
    validation::text(f, "bill_no", 32, true)?;
    Ok(())
}

/// The browser payment page URL of a transaction.
pub fn post_data_redirect_url(app: &App, trx_id: &str, bill_no: &str) -> String {
    post_data::redirect_url(app, trx_id, bill_no)
}
