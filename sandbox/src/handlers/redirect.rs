//! The browser page behind `redirect_url` (`GET /pws/100003/{code}/{signature}?trx_id=
//! &merchant_id=&bill_no=`, docs/protocol.md), where a person approves or rejects the
//! payment; the buttons POST back to the same URL. After a decision the browser goes to the
//! configured return URL (signed query) or sees the outcome.

use faspay::PaymentStatusCode;

use crate::app::App;
use crate::html;
use crate::http::{Request, Response};
use crate::return_url;
use crate::state::Transaction;

pub fn handle(app: &App, request: &Request) -> Response {
    let t = match find(app, request) {
        Ok(t) => t,
        Err((status, message)) => return Response::html(status, html::error_page(message)),
    };
    let o = app.options();
    let action = format!("{}?{}", request.path, request.query);
    match request.method.as_str() {
        "GET" | "HEAD" => Response::html(200, html::payment_page(&t, &o.merchant_name, &action)),
        "POST" => {
            let decision = request
                .form_pairs()
                .into_iter()
                .find(|(k, _)| k == "decision")
                .map(|(_, v)| v);
            let status = match decision.as_deref() {
                Some("approve") => PaymentStatusCode::Success,
                Some("reject") => PaymentStatusCode::Failed,
                _ => {
                    return Response::html(
                        400,
                        html::error_page("decision must be approve or reject"),
                    );
                }
            };
            let t = match app.settle(&t.trx_id, status) {
                Ok(t) => t,
                Err(_) => {
                    return Response::html(
                        409,
                        html::error_page("This transaction is no longer waiting for a payment."),
                    );
                }
            };
            match &o.return_url {
                Some(base) => Response::redirect(&return_url::build(&o, &t, base)),
                None => Response::html(200, html::outcome_page(&t, &o.merchant_name)),
            }
        }
        _ => Response::html(405, html::error_page("method not allowed")),
    }
}

fn find(app: &App, request: &Request) -> Result<Transaction, (u16, &'static str)> {
    let o = app.options();
    let rest = request
        .path
        .strip_prefix(faspay::endpoint::REDIRECT_PATH_PREFIX)
        .unwrap_or("");
    let mut parts = rest.trim_end_matches('/').split('/');
    let (_code, signature) = match (parts.next(), parts.next(), parts.next()) {
        (Some(code), Some(sig), None) => (code, sig),
        _ => return Err((404, "unknown page")),
    };
    let query = request.query_pairs();
    let param = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let (trx_id, bill_no) = (param("trx_id"), param("bill_no"));
    let expected = faspay::redirect_signature(&o.user_id, &o.password, &bill_no);
    if !faspay::verify(&expected, signature) {
        return Err((403, "Incorrect signature"));
    }
    if param("merchant_id") != o.merchant_id {
        return Err((404, "Invalid merchant"));
    }
    app.expire_if_due(&trx_id);
    app.store()
        .get(&trx_id)
        .filter(|t| t.bill_no == bill_no)
        .cloned()
        .ok_or((404, "No bills found"))
}
