//! HTML pages of the sandbox: the payment page behind `redirect_url` (merchant, amount in
//! rupiah, approve / reject buttons), the result page after a decision, and error pages. They
//! are made for a person on a phone: one column, no fixed widths, long values wrap. Every
//! value is escaped.

use faspay::ovo::html_escape;
use faspay::{Amount, PaymentStatusCode};

use crate::channels;
use crate::state::Transaction;

/// One stylesheet for every page; no external assets (the sandbox runs offline).
const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;background:#eef1f5;color:#1d2430;font:16px/1.45 system-ui,-apple-system,\
'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\
header{background:#0b3b8c;color:#fff;padding:.75rem 1rem;display:flex;gap:.5rem;\
align-items:center;flex-wrap:wrap}\
header strong{font-size:1.1rem;letter-spacing:.02em}\
.tag{background:#ffd43b;color:#3b2f00;border-radius:.25rem;padding:0 .4rem;font-size:.8rem;\
font-weight:600;text-transform:uppercase}\
main{max-width:28rem;margin:1rem auto;padding:0 .75rem}\
.card{background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12);\
padding:1.25rem}\
h1{font-size:1.35rem;margin:0 0 .5rem}\
.merchant{margin:0;color:#4a5568;overflow-wrap:anywhere}\
.merchant strong{color:#1d2430}\
.amount{font-size:2rem;font-weight:700;margin:.25rem 0;overflow-wrap:anywhere}\
.desc{margin:0 0 1rem;overflow-wrap:anywhere}\
dl{display:grid;grid-template-columns:auto 1fr;gap:.35rem .75rem;margin:0 0 1.25rem;\
font-size:.9rem}\
dt{color:#4a5568}\
dd{margin:0;overflow-wrap:anywhere;min-width:0}\
form{display:flex;flex-direction:column;gap:.75rem}\
button{font:inherit;font-weight:600;font-size:1.05rem;min-height:3rem;border-radius:.5rem;\
border:2px solid transparent;cursor:pointer;width:100%}\
.approve{background:#1a7f37;color:#fff}\
.reject{background:#fff;color:#b42318;border-color:#b42318}\
.outcome{border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem;font-weight:600}\
.ok{background:#e6f4ea;color:#14532d}\
.bad{background:#fdecea;color:#7a1a12}\
.info{background:#eef3fb;color:#1e3a6e}\
.note{font-size:.8rem;color:#5b6472;margin:1rem 0 0}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><strong>Faspay</strong><span class=\"tag\">Sandbox</span></header>\n\
         <main>\n<div class=\"card\">\n{body}</div>\n\
         <p class=\"note\">Faspay's offline sandbox: no real money moves.</p>\n\
         </main>\n</body>\n</html>\n",
        html_escape(title)
    )
}

/// Rupiah as a person reads it in Indonesia: `Rp 15.000`, `Rp 1.250.000,50`.
pub fn rupiah(amount: Amount) -> String {
    // An Amount is never negative.
    let sen = amount.sen().unsigned_abs();
    let (whole, frac) = (sen / 100, sen % 100);
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if frac == 0 {
        format!("Rp {grouped}")
    } else {
        format!("Rp {grouped},{frac:02}")
    }
}

/// Who is paid (`to` says how: "Pay to", "Paid to"), how much and for what: the top of the
/// payment and result pages.
fn summary(t: &Transaction, merchant: &str, to: &str) -> String {
    format!(
        "<p class=\"merchant\">{to} <strong id=\"merchant\">{}</strong></p>\n\
         <p class=\"amount\" id=\"amount\">{}</p>\n<p class=\"desc\" id=\"description\">{}</p>\n",
        html_escape(merchant),
        html_escape(&rupiah(t.bill_total)),
        html_escape(&t.bill_desc)
    )
}

fn details(t: &Transaction) -> String {
    let channel = match channels::name(&t.payment_channel) {
        Some(name) => format!("{name} ({})", t.payment_channel),
        None => t.payment_channel.clone(),
    };
    let rows = [
        ("bill", "Bill", t.bill_no.clone()),
        ("transaction", "Transaction", t.trx_id.clone()),
        ("channel", "Channel", channel),
        ("expires", "Expires", format!("{} WIB", t.bill_expired)),
        ("status", "Status", t.status.description().to_string()),
    ];
    let rows: String = rows
        .iter()
        .map(|(id, label, value)| {
            format!(
                "<dt>{label}</dt><dd id=\"{id}\">{}</dd>\n",
                html_escape(value)
            )
        })
        .collect();
    format!("<dl>\n{rows}</dl>\n")
}

/// The payment page; `action` is where the approve / reject form posts.
pub fn payment_page(t: &Transaction, merchant: &str, action: &str) -> String {
    let mut body = String::from("<h1>Confirm your payment</h1>\n");
    body.push_str(&summary(t, merchant, "Pay to"));
    if t.is_pending() {
        body.push_str(&details(t));
        body.push_str(&format!(
            "<form method=\"post\" action=\"{}\">\n\
             <button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">\
             Approve payment</button>\n\
             <button class=\"reject\" type=\"submit\" name=\"decision\" value=\"reject\">\
             Reject payment</button>\n\
             </form>\n",
            html_escape(action)
        ));
    } else {
        let (class, headline, _) = outcome_words(t.status);
        body.push_str(&format!(
            "<p class=\"outcome {class}\" id=\"outcome\">{headline}. \
             This bill is no longer waiting for a payment.</p>\n"
        ));
        body.push_str(&details(t));
    }
    page(&format!("Pay {} - {merchant}", rupiah(t.bill_total)), &body)
}

/// The look, headline and explanation of a settled status.
fn outcome_words(status: PaymentStatusCode) -> (&'static str, &'static str, &'static str) {
    match status {
        PaymentStatusCode::Success => (
            "ok",
            "Payment successful",
            "The merchant has been paid. You can close this page.",
        ),
        PaymentStatusCode::Failed => (
            "bad",
            "Payment rejected",
            "The payment was not made and nothing was charged.",
        ),
        PaymentStatusCode::Expired => (
            "bad",
            "Payment expired",
            "The bill expired before it was paid; nothing was charged.",
        ),
        PaymentStatusCode::Cancelled => (
            "bad",
            "Payment cancelled",
            "The merchant cancelled this bill; nothing was charged.",
        ),
        PaymentStatusCode::Reversal => (
            "info",
            "Payment reversed",
            "The payment was taken back and returned.",
        ),
        _ => (
            "info",
            "Payment not completed",
            "The payment is not finished yet.",
        ),
    }
}

/// The page shown after a decision when no return URL is configured: what happened, in words.
pub fn outcome_page(t: &Transaction, merchant: &str) -> String {
    let (class, headline, explanation) = outcome_words(t.status);
    let mut body = format!("<h1 id=\"headline\">{headline}</h1>\n");
    body.push_str(&format!(
        "<p class=\"outcome {class}\" id=\"outcome\">{explanation}</p>\n"
    ));
    let to = if t.status == PaymentStatusCode::Success {
        "Paid to"
    } else {
        "To"
    };
    body.push_str(&summary(t, merchant, to));
    body.push_str(&details(t));
    page(t.status.description(), &body)
}

/// An error page.
pub fn error_page(message: &str) -> String {
    page(
        "Faspay sandbox",
        &format!(
            "<h1>Payment page unavailable</h1>\n<p class=\"outcome bad\" id=\"outcome\">{}</p>\n",
            html_escape(message)
        ),
    )
}

/// The HTML error page of the `HtmlPage` fault: what a proxy or web server in front of an API
/// shows with status 200 (deliberately plain: it is not Faspay's page).
pub fn fault_page() -> String {
    "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\">\
     <title>Service Temporarily Unavailable</title></head>\n<body>\n\
     <h1>Service Temporarily Unavailable</h1>\n\
     <p>The server is temporarily unable to service your request. Please try again later.</p>\n\
     </body>\n</html>\n"
        .to_string()
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

    #[test]
    fn rupiah_groups_thousands_with_dots_and_sen_after_a_comma() {
        let cases = [
            (0, "Rp 0"),
            (100, "Rp 1"),
            (99_900, "Rp 999"),
            (100_000, "Rp 1.000"),
            (1_500_000, "Rp 15.000"),
            (125_000_050, "Rp 1.250.000,50"),
            (100_000_000_000, "Rp 1.000.000.000"),
            (1_500_005, "Rp 15.000,05"),
        ];
        for (sen, text) in cases {
            assert_eq!(rupiah(Amount::from_sen(sen).unwrap()), text, "{sen} sen");
        }
    }
}
