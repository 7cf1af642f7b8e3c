//! Faspay's documented sample notification must be refused, and this test says why.
//!
//! The sample (merchant 31025, bill 300134486, status 2) carries
//! `9ed18926fa88f83b469f3ae73ef71ef2a4835c03` = `sha1(md5("bot31025" + "p@ssw0rd" + "300134486"))`:
//! signed **without** `payment_status_code`. That value is exactly the post-data / redirect
//! signature, which Faspay's redirect URL puts in the customer's browser. Accepting it would let
//! any customer who saw their redirect URL post a "paid" notification for their own unpaid bill.
//! So only `sha1(md5(user_id + password + bill_no + payment_status_code))` is accepted
//! (docs/protocol.md).

use faspay::{Client, Config, ErrorCode, redirect_signature};

const DOCS_SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<faspay>
<request>Payment Notification</request>
<trx_id>8985310250011254</trx_id>
<merchant_id>31025</merchant_id>
<merchant>Sophia Store</merchant>
<bill_no>300134486</bill_no>
<payment_reff>null</payment_reff>
<payment_date>2017-08-10 11:43:18</payment_date>
<payment_status_code>2</payment_status_code>
<payment_status_desc>Payment Sukses</payment_status_desc>
<bill_total>5000000</bill_total>
<payment_total>5000000</payment_total>
<payment_channel_uid>402</payment_channel_uid>
<payment_channel>Permata Virtual Account</payment_channel>
<signature>9ed18926fa88f83b469f3ae73ef71ef2a4835c03</signature>
</faspay>
"#;

fn client() -> Client {
    Client::new(Config::new("31025", "Sophia Store", "bot31025", "p@ssw0rd")).unwrap()
}

#[test]
fn docs_sample_notification_is_refused_because_its_signature_is_public() {
    // The sample's signature is the one the redirect URL exposes for this bill...
    let public = redirect_signature("bot31025", "p@ssw0rd", "300134486");
    assert_eq!(public, "9ed18926fa88f83b469f3ae73ef71ef2a4835c03");
    assert!(
        client()
            .redirect_url("8985310250011254", "300134486")
            .unwrap()
            .contains(&public)
    );
    // ...so a notification carrying it proves nothing and is refused.
    let err = client()
        .parse_notification(DOCS_SAMPLE.as_bytes())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidSignature);
    assert!(
        err.message().contains("leaves out payment_status_code"),
        "{}",
        err.message()
    );
}

#[test]
fn the_same_sample_signed_with_its_status_is_accepted() {
    let signed = DOCS_SAMPLE.replace(
        "9ed18926fa88f83b469f3ae73ef71ef2a4835c03",
        "b993b29c1fee46c20c0aad2b879167ed6cf70416",
    );
    let n = client().parse_notification(signed.as_bytes()).unwrap();
    assert!(n.payment_status_code.is_paid());
    assert_eq!(
        n.payment_reff, None,
        "the literal string null is no reference"
    );
}
