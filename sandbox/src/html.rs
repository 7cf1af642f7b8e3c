//! HTML pages of the sandbox: the payment page behind `redirect_url` (approve / reject
//! buttons), its outcome page and error pages. Every value is escaped.

use faspay::ovo::html_escape;

use crate::channels;
use crate::state::Transaction;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>{}</title>\n\
         <style>body{{font-family:sans-serif;max-width:36em;margin:2em auto}}\
         th{{text-align:left;padding-right:1em}}button{{margin-right:1em;padding:.5em 1.5em}}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        html_escape(title),
        html_escape(title)
    )
}

fn details(t: &Transaction, merchant: &str) -> String {
    let channel = channels::name(&t.payment_channel).unwrap_or("Unknown");
    let rows = [
        ("Merchant", merchant.to_string()),
        ("Bill", t.bill_no.clone()),
        ("Description", t.bill_desc.clone()),
        ("Transaction", t.trx_id.clone()),
        ("Channel", format!("{} ({channel})", t.payment_channel)),
        ("Amount", format!("Rp {}", t.bill_total)),
        ("Expires", t.bill_expired.to_string()),
        ("Status", t.status.description().to_string()),
    ];
    let rows: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{}</td></tr>\n", html_escape(v)))
        .collect();
    format!("<table>\n{rows}</table>\n")
}

/// The payment page; `action` is where the approve / reject form posts.
pub fn payment_page(t: &Transaction, merchant: &str, action: &str) -> String {
    let mut body = details(t, merchant);
    if t.is_pending() {
        body.push_str(&format!(
            "<form method=\"post\" action=\"{}\">\n\
             <button type=\"submit\" name=\"decision\" value=\"approve\">Approve payment</button>\n\
             <button type=\"submit\" name=\"decision\" value=\"reject\">Reject payment</button>\n\
             </form>\n",
            html_escape(action)
        ));
    } else {
        body.push_str("<p>This transaction is no longer waiting for a payment.</p>\n");
    }
    page("Faspay sandbox payment", &body)
}

/// The page shown after a decision when no return URL is configured.
pub fn outcome_page(t: &Transaction, merchant: &str) -> String {
    page(
        &format!("Payment {}", t.status.description()),
        &details(t, merchant),
    )
}

/// An error page.
pub fn error_page(message: &str) -> String {
    page(
        "Faspay sandbox",
        &format!("<p>{}</p>\n", html_escape(message)),
    )
}

/// The HTML error page of the `HtmlPage` fault: what a proxy or web server in front of an API
/// shows with status 200.
pub fn fault_page() -> String {
    page(
        "Service Temporarily Unavailable",
        "<p>The server is temporarily unable to service your request. Please try again later.</p>\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        let html = error_page("<script>alert(1)</script>");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
    }
}
