//! The independent oracle itself: its formula against Faspay's published sample, its strict
//! XML reader, its decimal scaling, that it catches a wrong signature, and a bill sent in
//! JSON and XML re-read byte for byte from the sandbox's request log.

mod common;

use common::oracle;
use faspay::{Amount, Format, Item};
use faspay_sandbox::ReceivedRequest;

#[test]
fn the_formula_gives_faspays_published_signatures() {
    // Post Data sample of Faspay's OVO guide and its published signature.
    assert_eq!(
        oracle::signature("bot99999", "p@ssw0rd", "20201222024304"),
        "92c41cf28825f8065530f09726b3c6f0bd2e218e"
    );
}

#[test]
fn rupiah_text_scales_by_moving_the_decimal_point() {
    for (rupiah, sen) in [
        ("15000", "1500000"),
        ("12345.6", "1234560"),
        ("12345.67", "1234567"),
        ("0.07", "7"),
        ("0", "0"),
        ("999999999999.99", "99999999999999"),
    ] {
        assert_eq!(oracle::rupiah_text_to_sen(rupiah), sen, "{rupiah}");
    }
}

#[test]
fn the_xml_reader_is_strict() {
    let ok = oracle::read_xml(
        b"<?xml version=\"1.0\"?>\n<faspay><a>A &amp; B &lt;c&gt; &#233;</a><item><qty>1</qty></item><item><qty>2</qty></item></faspay>",
    )
    .unwrap();
    assert_eq!(ok.root.as_deref(), Some("faspay"));
    assert_eq!(ok.get("a"), Some("A & B <c> \u{e9}"));
    assert_eq!(ok.items.len(), 2);
    assert_eq!(ok.items[1].get("qty").map(String::as_str), Some("2"));
    for bad in [
        &b"<faspay><a>A & B</a></faspay>"[..],
        b"<faspay><a>x</b></faspay>",
        b"<faspay><a>x</a>",
        b"<faspay/><faspay/>",
        b"<faspay><a>&nbsp;</a></faspay>",
        b"<!DOCTYPE x><faspay></faspay>",
        b"text<faspay></faspay>",
        b"",
    ] {
        assert!(
            oracle::read_xml(bad).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

fn received(path: &str, body: &str, answer: &str) -> ReceivedRequest {
    ReceivedRequest {
        seq: 1,
        method: "POST".into(),
        path: path.into(),
        query: String::new(),
        body: body.as_bytes().to_vec(),
        response_status: Some(200),
        response_body: answer.as_bytes().to_vec(),
    }
}

#[test]
fn the_oracle_catches_wrong_signatures_and_unreadable_bodies() {
    let good = oracle::signature("bot99999", "p@ssw0rd", "B1");
    let bad = oracle::signature("bot99999", "p@ssw0rd", "B2");
    let body = |sig: &str| format!(r#"{{"bill_no":"B1","trx_id":"1","signature":"{sig}"}}"#);
    let ok = r#"{"response_code":"00"}"#;
    let refused = r#"{"response_code":"55"}"#;
    let check = |r: ReceivedRequest| {
        std::panic::catch_unwind(|| oracle::check_requests("bot99999", "p@ssw0rd", &[r])).is_ok()
    };
    assert!(check(received("/cvr/100004/10", &body(&good), ok)));
    assert!(check(received("/cvr/100004/10", &body(&bad), refused)));
    // Accepted with a signature our formula does not give, refused with one it gives.
    assert!(!check(received("/cvr/100004/10", &body(&bad), ok)));
    assert!(!check(received("/cvr/100004/10", &body(&good), refused)));
    // Accepted although not well-formed XML.
    let xml = format!("<faspay><bill_no>B1</bill_no><signature>{good}</signature>");
    assert!(!check(received(
        "/pws/100004/x",
        &xml,
        "<faspay><response_code>00</response_code></faspay>"
    )));
    // An amount that is not digits in an accepted request.
    let amount = format!(r#"{{"bill_no":"B1","bill_total":"15000.00","signature":"{good}"}}"#);
    assert!(!check(received("/cvr/300011/10", &amount, ok)));
}

#[test]
fn a_bill_is_sent_as_written_in_json_and_xml() {
    let sandbox = common::checked_sandbox();
    for format in [Format::Json, Format::Xml] {
        let client = common::client(&sandbox, format);
        let mut bill = common::bill(&format!("ORACLE-{}", format.as_str()), "812");
        bill.bill_desc = "Kopi & <Teh> \"susu\" 'gula' ünïcode".into();
        bill.bill_total = Some(Amount::parse("12345.67").unwrap());
        bill.item = vec![
            Item {
                product: "A&B <1>".into(),
                qty: "2".into(),
                amount: Some(Amount::parse("10000.5").unwrap()),
                ..Item::default()
            },
            Item {
                product: "C".into(),
                qty: "1".into(),
                amount: Some(Amount::parse("2345.17").unwrap()),
                ..Item::default()
            },
        ];
        client.create_transaction(&bill).unwrap();
        oracle::assert_bill_sent(&sandbox, &bill, "12345.67", &["10000.5", "2345.17"]);
    }
    // Both creates, read and checked by the oracle (one per format).
    assert_eq!(oracle::check_received(&sandbox), 2);
}
