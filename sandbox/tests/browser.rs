//! The browser side: the payment page behind `redirect_url` (escaped values, approve and
//! reject buttons) and the signed return URL the browser is sent to afterwards.

mod common;

use faspay::{Format, PaymentStatusCode};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

fn get(url: &str) -> (u16, String) {
    let mut r = agent().get(url).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn decide(url: &str, decision: &str) -> (u16, Option<String>, String) {
    let mut r = agent()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("decision={decision}").as_bytes())
        .unwrap();
    let location = r
        .headers()
        .get("Location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (
        r.status().as_u16(),
        location,
        r.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn the_payment_page_escapes_values_and_offers_both_buttons() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let mut bill = common::bill("PAGE-1", "812");
    bill.bill_desc = "<script>alert('x')</script> & more".into();
    let created = client.create_transaction(&bill).unwrap();
    let (status, page) = get(&created.redirect_url.unwrap());
    assert_eq!(status, 200);
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("value=\"approve\"") && page.contains("value=\"reject\""));
    assert!(page.contains(&created.trx_id));
    // HEAD answers the headers only, and the connection stays usable.
    let url = client.redirect_url(&created.trx_id, "PAGE-1").unwrap();
    let a = agent();
    let head = a.head(&url).call().unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let mut again = a.get(&url).call().unwrap();
    assert!(
        again
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("value=\"approve\"")
    );
    assert_eq!(
        sandbox.redirect_url(&created.trx_id).unwrap(),
        client.redirect_url(&created.trx_id, "PAGE-1").unwrap()
    );
}

#[test]
fn approving_on_the_page_pays_and_returns_to_the_merchant() {
    let sandbox = common::checked_sandbox();
    sandbox.set_return_url(Some("https://shop.example/thanks?src=faspay".into()));
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("PAGE-OK", "812"))
        .unwrap();
    let url = client.redirect_url(&created.trx_id, "PAGE-OK").unwrap();
    let (status, location, _) = decide(&url, "approve");
    assert_eq!(status, 303);
    let location = location.expect("Location header");
    assert!(location.starts_with("https://shop.example/thanks?src=faspay&"));
    let info = client
        .verify_return(&location)
        .expect("signed return URL verifies");
    assert_eq!(info.status, PaymentStatusCode::Success);
    assert_eq!(info.trx_id, created.trx_id);
    assert_eq!(info.bill_no, "PAGE-OK");
    assert_eq!(info.bill_total, Some(faspay::Amount::rupiah(15_000)));
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Success
    );
    assert_eq!(
        sandbox
            .return_url(&created.trx_id, "https://shop.example/thanks?src=faspay")
            .unwrap(),
        location
    );
    // The page now says it is settled and a second decision is refused.
    let (_, page) = get(&url);
    assert!(!page.contains("value=\"approve\""));
    let (status, _, _) = decide(&url, "reject");
    assert_eq!(status, 409);
}

#[test]
fn rejecting_on_the_page_fails_the_payment() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("PAGE-NO", "702"))
        .unwrap();
    let url = client.redirect_url(&created.trx_id, "PAGE-NO").unwrap();
    let (status, location, page) = decide(&url, "reject");
    assert_eq!(
        (status, location),
        (200, None),
        "no return URL: an outcome page"
    );
    assert!(page.contains("Payment Failed"));
    let status = client.payment_status(&created.trx_id, "PAGE-NO").unwrap();
    assert_eq!(status.payment_status_code, PaymentStatusCode::Failed);
    let (status, _, _) = decide(&url, "maybe");
    assert_eq!(status, 400);
}

#[test]
fn a_tampered_page_url_is_refused() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("PAGE-SIG", "812"))
        .unwrap();
    let url = client.redirect_url(&created.trx_id, "PAGE-SIG").unwrap();
    assert_eq!(get(&url.replace("PAGE-SIG", "PAGE-SIH")).0, 403);
    let wrong_trx = url.replace(&created.trx_id, "9999981299999999");
    assert_eq!(get(&wrong_trx).0, 404);
    let (status, _, _) = decide(&url.replace("PAGE-SIG", "OTHER"), "approve");
    assert_eq!(status, 403);
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Unprocessed
    );
}
