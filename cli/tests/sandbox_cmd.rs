//! `faspay sandbox` in the foreground: its JSON banner describes a working sandbox that the
//! other commands can talk to, and bad settings are refused with INVALID_ARGUMENT. What the
//! commands sent it, and what it sent, is re-checked by the independent oracle.

#[allow(dead_code)] // each test file uses its own part of the oracle
#[path = "../../sandbox/tests/common/oracle.rs"]
mod oracle;

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{Spawned, faspay};

#[test]
fn the_sandbox_command_serves_the_api_commands() {
    let mut child = Spawned(
        Command::new(env!("CARGO_BIN_EXE_faspay"))
            .args([
                "--json",
                "sandbox",
                "--merchant-id",
                "12345",
                "--user-id",
                "bot12345",
                "--strict",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("faspay sandbox starts"),
    );
    let mut text = String::new();
    for line in BufReader::new(child.0.stdout.take().unwrap()).lines() {
        let line = line.expect("banner line");
        let done = line == "}";
        text.push_str(&line);
        if done {
            break;
        }
    }
    let banner: serde_json::Value = serde_json::from_str(&text).expect("a JSON banner");
    let base_url = banner["base_url"].as_str().expect("base_url").to_string();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{banner}");
    assert_eq!(banner["merchant_id"], "12345");
    assert_eq!(banner["user_id"], "bot12345");
    assert_eq!(banner["password"], "p@ssw0rd");
    assert_eq!(banner["strict"], true);
    assert_eq!(banner["unique_bill_no"], false);

    let run = faspay(
        &["--json", "channels"],
        &[
            ("FASPAY_BASE_URL", base_url.as_str()),
            ("FASPAY_MERCHANT_ID", "12345"),
            ("FASPAY_MERCHANT_NAME", "Toko"),
            ("FASPAY_USER_ID", "bot12345"),
            ("FASPAY_PASSWORD", "p@ssw0rd"),
        ],
        None,
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.json()["merchant_id"], "12345");
    let received = common::received_from_json(&common::admin_get(&base_url, "/__sandbox/received"));
    assert_eq!(
        oracle::check_requests("bot12345", "p@ssw0rd", &received),
        1,
        "{received:?}"
    );
    drop(child);
}

#[test]
fn bad_sandbox_settings_are_invalid_argument() {
    for args in [
        ["--json", "sandbox", "--notify-url", "not a url"],
        ["--json", "sandbox", "--format", "yaml"],
        ["--json", "sandbox", "--port", "http"],
    ] {
        let run = faspay(&args, &[], None);
        assert_eq!(run.status, 2, "{args:?}: {run:?}");
        assert_eq!(run.error_code(), "INVALID_ARGUMENT", "{args:?}");
    }
}

#[test]
fn the_sandbox_command_logs_transactions_and_notifications() {
    let mut child = Spawned(
        Command::new(env!("CARGO_BIN_EXE_faspay"))
            .args([
                "sandbox",
                "--push-delay-ms",
                "10",
                "--notify-url",
                "http://127.0.0.1:9/n",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("faspay sandbox starts"),
    );
    // Read lines on a thread so a silent sandbox fails the test instead of hanging it.
    let (tx, lines) = std::sync::mpsc::channel();
    let stdout = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_until = |needle: &str| -> String {
        loop {
            let line = lines
                .recv_timeout(std::time::Duration::from_secs(15))
                .unwrap_or_else(|_| panic!("no line containing {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    };
    let first = next_until("listening on");
    let base_url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the URL")
        .to_string();
    let env = [
        ("FASPAY_BASE_URL", base_url.as_str()),
        ("FASPAY_MERCHANT_ID", "99999"),
        ("FASPAY_MERCHANT_NAME", "Sophia Store"),
        ("FASPAY_USER_ID", "bot99999"),
        ("FASPAY_PASSWORD", "p@ssw0rd"),
    ];
    let mut args = vec!["--json"];
    args.extend(common::create_args("LOG-1", "081234567890"));
    let created = faspay(&args, &env, None);
    assert_eq!(created.status, 0, "{created:?}");
    let trx_id = created.json()["trx_id"].as_str().unwrap().to_string();
    let line = next_until("created");
    assert!(
        line.contains(&trx_id) && line.contains("bill LOG-1"),
        "{line}"
    );
    let pushed = faspay(&["push", &trx_id, "081234567890"], &env, None);
    assert_eq!(pushed.status, 0, "{pushed:?}");
    let line = next_until("is now");
    assert!(line.contains("2 Payment Success"), "{line}");
    let line = next_until("notification for trx");
    assert!(
        line.contains("attempt 1") && line.contains("refused"),
        "{line}"
    );
    // What Faspay's docs would refuse is accepted and logged as a warning.
    let again = faspay(&args, &env, None);
    assert_eq!(again.status, 0, "{again:?}");
    let line = next_until("warning (create_transaction");
    assert!(
        line.contains("bill_no LOG-1") && line.contains("--strict answers 14"),
        "{line}"
    );
    // The oracle re-checks both creates and the push, and the notification attempt.
    let received = common::received_from_json(&common::admin_get(&base_url, "/__sandbox/received"));
    assert_eq!(
        oracle::check_requests("bot99999", "p@ssw0rd", &received),
        3,
        "{received:?}"
    );
    let sen = oracle::rupiah_text_to_sen("25000");
    for r in &received {
        if let Some(Ok((oracle::Kind::PostData, m))) = oracle::read_request(r) {
            assert_eq!(m.get("bill_total"), Some(sen.as_str()));
        }
    }
    let deliveries = common::admin_get(&base_url, "/__sandbox/deliveries");
    let deliveries = deliveries.as_array().expect("deliveries");
    assert!(!deliveries.is_empty());
    for d in deliveries {
        let body = d["request_body"].as_str().expect("request_body");
        let m = oracle::check_notification("bot99999", "p@ssw0rd", body.as_bytes());
        assert_eq!(m.get("bill_no"), Some("LOG-1"));
    }
}
