//! `faspay sign` against the published vector and every message, and `faspay
//! verify-notification` on valid, forged and malformed notifications.

mod common;
#[allow(dead_code)] // each test file uses its own part of the oracle
#[path = "../../sandbox/tests/common/oracle.rs"]
mod oracle;

use common::{faspay, temp_file};
use faspay::{Format, SignedMessage};

/// `sha1(md5(user_id + password + bill_no + status))` by the oracle's own formula.
fn notification_signature(user_id: &str, password: &str, bill_no: &str, status: &str) -> String {
    oracle::signature(user_id, password, &format!("{bill_no}{status}"))
}

const CREDS: [&str; 4] = ["--user-id", "bot99999", "--password", "p@ssw0rd"];

fn with_creds<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(CREDS);
    all
}

#[test]
fn sign_matches_the_published_post_data_vector() {
    let run = faspay(
        &with_creds(&["sign", "post_data", "20201222024304"]),
        &[],
        None,
    );
    assert_eq!(run.status, 0, "{run:?}");
    // Only the signature, nothing else.
    assert_eq!(run.stdout, "92c41cf28825f8065530f09726b3c6f0bd2e218e\n");
}

#[test]
fn sign_works_for_every_message_name() {
    // Each message, its values and the suffix Faspay's documentation signs, spelled out here
    // and signed by the oracle's formula, not the SDK's.
    let table: [(&str, &[&str], &str); 8] = [
        ("channel_inquiry", &[], ""),
        ("post_data", &["INV-1"], "INV-1"),
        ("inquiry", &["INV-1"], "INV-1"),
        ("cancel", &["INV-1"], "INV-1"),
        ("redirect", &["INV-1"], "INV-1"),
        ("ovo_push", &["9999981200000001"], "9999981200000001"),
        ("notification", &["INV-1", "2"], "INV-12"),
        ("return_url", &["INV-1", "7"], "INV-17"),
    ];
    let names: Vec<&str> = SignedMessage::ALL.iter().map(|m| m.name()).collect();
    assert_eq!(
        names,
        table.map(|(name, _, _)| name),
        "every message is covered"
    );
    for (name, values, suffix) in table {
        let mut args = vec!["--json", "sign", name];
        args.extend(values);
        let run = faspay(&with_creds(&args), &[], None);
        assert_eq!(run.status, 0, "{name}: {run:?}");
        let json = run.json();
        let expected = oracle::signature("bot99999", "p@ssw0rd", suffix);
        assert_eq!(json["signature"], expected.as_str(), "{name}");
        assert_eq!(json["message"], name);
    }
}

#[test]
fn sign_reads_credentials_from_env_and_stdin() {
    let env = [
        ("FASPAY_USER_ID", "bot99999"),
        ("FASPAY_PASSWORD", "p@ssw0rd"),
    ];
    let run = faspay(&["sign", "post_data", "20201222024304"], &env, None);
    assert_eq!(
        run.stdout.trim(),
        "92c41cf28825f8065530f09726b3c6f0bd2e218e"
    );
    let run = faspay(
        &[
            "sign",
            "post_data",
            "20201222024304",
            "--user-id",
            "bot99999",
            "--password-stdin",
        ],
        &[],
        Some(b"p@ssw0rd\n"),
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        "92c41cf28825f8065530f09726b3c6f0bd2e218e"
    );
}

#[test]
fn sign_rejects_bad_input_with_invalid_argument() {
    for args in [
        with_creds(&["--json", "sign", "post_data"]),
        with_creds(&["--json", "sign", "notification", "only-one"]),
        with_creds(&["--json", "sign", "no_such_message", "x"]),
        vec!["--json", "sign", "post_data", "x", "--user-id", "bot99999"],
        vec!["--json", "sign", "post_data", "x", "--password", "p@ssw0rd"],
        vec!["--json", "sign", "--no-such-flag"],
    ] {
        let run = faspay(&args, &[], None);
        assert_eq!(run.status, 2, "{args:?}: {run:?}");
        assert_eq!(run.error_code(), "INVALID_ARGUMENT", "{args:?}");
    }
}

#[test]
fn a_missing_password_is_invalid_argument_in_human_form_too() {
    let run = faspay(
        &["sign", "post_data", "x", "--user-id", "bot99999"],
        &[],
        None,
    );
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        run.stderr
            .starts_with("error[INVALID_ARGUMENT]: password is required"),
        "{run:?}"
    );
}

/// A notification body written by hand (serde_json, or XML text: the values need no escaping),
/// not by the SDK's encoder.
fn notification(format: Format, status: &str, signature: &str) -> Vec<u8> {
    let fields = [
        ("request", "Payment Notification"),
        ("trx_id", "9999900000000042"),
        ("merchant_id", "99999"),
        ("merchant", "Sophia Store"),
        ("bill_no", "INV-42"),
        ("payment_reff", "123456"),
        ("payment_date", "2026-11-23 10:05:00"),
        ("payment_status_code", status),
        ("payment_status_desc", "Payment Sukses"),
        ("bill_total", "2500000"),
        ("payment_total", "2500000"),
        ("payment_channel_uid", "812"),
        ("payment_channel", "OVO"),
        ("signature", signature),
    ];
    match format {
        Format::Json => {
            let map: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
                .collect();
            serde_json::Value::Object(map).to_string().into_bytes()
        }
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n");
            for (k, v) in fields {
                xml.push_str(&format!("<{k}>{v}</{k}>\n"));
            }
            xml.push_str("</faspay>\n");
            xml.into_bytes()
        }
    }
}

fn valid_notification(format: Format) -> Vec<u8> {
    let signature = notification_signature("bot99999", "p@ssw0rd", "INV-42", "2");
    notification(format, "2", &signature)
}

const MERCHANT: [&str; 6] = [
    "--merchant-id",
    "99999",
    "--user-id",
    "bot99999",
    "--password",
    "p@ssw0rd",
];

#[test]
fn verify_accepts_a_valid_notification_in_both_formats() {
    for format in [Format::Json, Format::Xml] {
        let path = temp_file(
            &format!("valid.{}", format.as_str()),
            &valid_notification(format),
        );
        let mut args = vec!["--json", "verify-notification", path.as_str()];
        args.extend(MERCHANT);
        let run = faspay(&args, &[], None);
        assert_eq!(run.status, 0, "{run:?}");
        let json = run.json();
        assert_eq!(json["verified"], true);
        let n = &json["notification"];
        assert_eq!(n["format"], format.as_str());
        assert_eq!(n["trx_id"], "9999900000000042");
        assert_eq!(n["payment_status_code"], 2);
        assert_eq!(n["payment_total"], "25000");
        let reply = json["reply"].as_str().unwrap();
        let decoded = match format {
            Format::Json => oracle::read_json(reply.as_bytes()),
            Format::Xml => oracle::read_xml(reply.as_bytes()),
        }
        .expect("the reply is well-formed");
        assert_eq!(decoded.get("response_code"), Some("00"));
        assert_eq!(decoded.get("trx_id"), Some("9999900000000042"));
        assert_eq!(decoded.get("bill_no"), Some("INV-42"));
    }
}

#[test]
fn verify_reads_stdin_and_prints_fields_and_reply_for_people() {
    let mut args = vec!["verify-notification", "-"];
    args.extend(MERCHANT);
    let run = faspay(&args, &[], Some(&valid_notification(Format::Xml)));
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stdout.contains("✓ verified: signed"), "{}", run.stdout);
    assert!(run.stdout.contains("2 SUCCESS"), "{}", run.stdout);
    assert!(run.stdout.contains("<response_code>00</response_code>"));
    // Signed values come first, the unsigned ones after their own heading.
    let (verified, unsigned) = run
        .stdout
        .split_once("! unsigned, check against your order")
        .expect("an unsigned section");
    assert!(verified.contains("bill_no        INV-42"), "{verified}");
    assert!(
        verified.contains("dedupe_key     99999:INV-42:2"),
        "{verified}"
    );
    assert!(!verified.contains("trx_id"), "{verified}");
    assert!(
        unsigned.contains("trx_id         9999900000000042"),
        "{unsigned}"
    );
    assert!(unsigned.contains("payment_total"), "{unsigned}");
    let mut args = vec!["--json", "verify-notification", "-"];
    args.extend(MERCHANT);
    let json = faspay(&args, &[], Some(&valid_notification(Format::Json))).json();
    assert_eq!(
        json["signed_fields"],
        serde_json::json!(["merchant_id", "bill_no", "payment_status_code"])
    );
    assert!(
        json["unsigned_fields"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("trx_id"))
    );
}

/// Faspay's published notification sample: its signature leaves out payment_status_code.
const DOCS_SAMPLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n\
<request>Payment Notification</request>\n<trx_id>8985310250011254</trx_id>\n\
<merchant_id>31025</merchant_id>\n<merchant>Sophia Store</merchant>\n\
<bill_no>300134486</bill_no>\n<payment_reff>null</payment_reff>\n\
<payment_date>2017-08-10 11:43:18</payment_date>\n<payment_status_code>2</payment_status_code>\n\
<payment_status_desc>Payment Sukses</payment_status_desc>\n<bill_total>5000000</bill_total>\n\
<payment_total>5000000</payment_total>\n<payment_channel_uid>402</payment_channel_uid>\n\
<payment_channel>Permata Virtual Account</payment_channel>\n\
<signature>9ed18926fa88f83b469f3ae73ef71ef2a4835c03</signature>\n</faspay>\n";

#[test]
fn verify_rejects_the_docs_status_less_sample() {
    let path = temp_file("docs-sample.xml", DOCS_SAMPLE.as_bytes());
    let creds = [
        "--merchant-id",
        "31025",
        "--user-id",
        "bot31025",
        "--password",
        "p@ssw0rd",
    ];
    let mut args = vec!["verify-notification", path.as_str()];
    args.extend(creds);
    let run = faspay(&args, &[], None);
    assert_eq!(run.status, 3, "{run:?}");
    assert!(
        run.stderr.starts_with("error[INVALID_SIGNATURE]:"),
        "{run:?}"
    );
    assert!(run.stdout.is_empty());

    let mut args = vec!["--json", "verify-notification", path.as_str()];
    args.extend(creds);
    let run = faspay(&args, &[], None);
    assert_eq!(run.status, 3);
    assert_eq!(run.error_code(), "INVALID_SIGNATURE");
}

#[test]
fn verify_rejects_forgeries_and_garbage_with_their_codes() {
    // Signed for status 0 but claiming 2.
    let forged_status = notification(
        Format::Json,
        "2",
        &notification_signature("bot99999", "p@ssw0rd", "INV-42", "0"),
    );
    // Signed with someone else's password.
    let wrong_password = notification(
        Format::Json,
        "2",
        &notification_signature("bot99999", "guess", "INV-42", "2"),
    );
    for (name, body, code, status) in [
        ("forged-status.json", forged_status, "INVALID_SIGNATURE", 3),
        (
            "wrong-password.json",
            wrong_password,
            "INVALID_SIGNATURE",
            3,
        ),
        ("garbage.txt", b"hello".to_vec(), "INVALID_ARGUMENT", 2),
    ] {
        let path = temp_file(name, &body);
        let mut args = vec!["--json", "verify-notification", path.as_str()];
        args.extend(MERCHANT);
        let run = faspay(&args, &[], None);
        assert_eq!(run.status, status, "{name}: {run:?}");
        assert_eq!(run.error_code(), code, "{name}");
    }
    // Another merchant's (valid) notification is not ours.
    let path = temp_file("other-merchant.json", &valid_notification(Format::Json));
    let run = faspay(
        &[
            "--json",
            "verify-notification",
            path.as_str(),
            "--merchant-id",
            "11111",
            "--user-id",
            "bot99999",
            "--password",
            "p@ssw0rd",
        ],
        &[],
        None,
    );
    assert_eq!(run.error_code(), "INVALID_SIGNATURE");
    // A missing file is a usage problem.
    let mut args = vec![
        "--json",
        "verify-notification",
        "/nonexistent/notification.xml",
    ];
    args.extend(MERCHANT);
    assert_eq!(faspay(&args, &[], None).error_code(), "INVALID_ARGUMENT");
}
