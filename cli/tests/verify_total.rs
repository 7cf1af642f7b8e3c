//! `faspay verify-notification --expect-total`: the signature does not cover amounts, so a
//! tampered `payment_total` must fail the check instead of passing as "signature verified".

mod common;

use common::{faspay, temp_file};
use faspay::{Format, codec, notification_signature, wire::Fields};

const MERCHANT: [&str; 6] = [
    "--merchant-id",
    "99999",
    "--user-id",
    "bot99999",
    "--password",
    "p@ssw0rd",
];

/// A correctly signed "paid" notification for INV-7 carrying `payment_total` (wire sen).
fn paid(payment_total_sen: &str) -> Vec<u8> {
    let signature = notification_signature("bot99999", "p@ssw0rd", "INV-7", "2");
    let mut f = Fields::new();
    for (key, value) in [
        ("request", "Payment Notification"),
        ("trx_id", "9999900000000007"),
        ("merchant_id", "99999"),
        ("merchant", "Sophia Store"),
        ("bill_no", "INV-7"),
        ("payment_status_code", "2"),
        ("payment_status_desc", "Payment Sukses"),
        ("bill_total", "1500000"),
        ("payment_total", payment_total_sen),
        ("payment_channel_uid", "812"),
        ("payment_channel", "OVO"),
        ("signature", signature.as_str()),
    ] {
        f.push_text(key, value);
    }
    codec::encode(&f, Format::Json)
}

fn verify(body: &[u8], extra: &[&str]) -> common::Run {
    let path = temp_file(&format!("total-{}.json", body.len()), body);
    let mut args = vec!["verify-notification", path.as_str()];
    args.extend(MERCHANT);
    args.extend(extra);
    faspay(&args, &[], None)
}

#[test]
fn a_matching_total_passes_and_says_so() {
    let run = verify(&paid("1500000"), &["--expect-total", "15000"]);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("✓ payment_total is the expected Rp 15000"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_tampered_total_fails_with_invalid_argument_in_both_modes() {
    // Rp 5 instead of Rp 15,000: the signature still verifies, since it does not cover amounts.
    let body = paid("500");
    let run = verify(&body, &["--expect-total", "15000"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error[INVALID_ARGUMENT]: payment_total:"),
        "{run:?}"
    );
    assert!(run.stderr.contains("Rp 5 "), "{}", run.stderr);
    assert!(!run.stdout.contains("✓"), "{}", run.stdout);

    let path = temp_file("tampered.json", &body);
    let mut args = vec!["--json", "verify-notification", path.as_str()];
    args.extend(MERCHANT);
    args.extend(["--expect-total", "15000"]);
    let run = faspay(&args, &[], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(run.error_code(), "INVALID_ARGUMENT");
    assert_eq!(run.json()["error"]["field"], "payment_total");
}

#[test]
fn without_expect_total_the_output_warns_that_amounts_are_unsigned() {
    let run = verify(&paid("500"), &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout.contains("amounts are not signed"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_expected_total_is_reported_in_rupiah() {
    let run = verify(&paid("1500000"), &["--expect-total", "-5"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error[INVALID_ARGUMENT]: --expect-total: negative amount"),
        "{run:?}"
    );
}
