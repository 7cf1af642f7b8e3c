//! `faspay channels | create | status | cancel | push` against a sandbox started in the test
//! (as a library), with `--json` output parsed, in both wire formats, plus their error codes.

mod common;
#[allow(dead_code)] // each test file uses its own part of the oracle
#[path = "../../sandbox/tests/common/oracle.rs"]
mod oracle;

use std::time::Duration;

use common::{Run, faspay, temp_file};
use faspay::Operation;
use faspay_sandbox::{Fault, FaultKind, Sandbox, SandboxOptions};

const PASSWORD: &str = "Api-Test-Pw-7731";

/// A sandbox whose received requests (what the CLI sent) are re-checked by the independent
/// oracle when the test ends.
fn sandbox() -> oracle::Checked {
    oracle::Checked(
        Sandbox::start(SandboxOptions {
            password: PASSWORD.into(),
            push_delay: Duration::from_millis(50),
            ..SandboxOptions::default()
        })
        .expect("the sandbox starts"),
    )
}

struct Env(Vec<(String, String)>);

impl Env {
    fn of(sandbox: &Sandbox, format: &str) -> Env {
        Env(vec![
            ("FASPAY_BASE_URL".into(), sandbox.base_url()),
            ("FASPAY_MERCHANT_ID".into(), "99999".into()),
            ("FASPAY_MERCHANT_NAME".into(), "Sophia Store".into()),
            ("FASPAY_USER_ID".into(), "bot99999".into()),
            ("FASPAY_PASSWORD".into(), PASSWORD.into()),
            ("FASPAY_FORMAT".into(), format.into()),
        ])
    }

    fn without(mut self, key: &str) -> Env {
        self.0.retain(|(k, _)| k != key);
        self
    }

    fn with(mut self, key: &str, value: &str) -> Env {
        self = self.without(key);
        self.0.push((key.into(), value.into()));
        self
    }

    fn run(&self, args: &[&str]) -> Run {
        let env: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        faspay(args, &env, None)
    }

    fn ok(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend(args);
        let run = self.run(&all);
        assert_eq!(run.status, 0, "{args:?}: {run:?}");
        run.json()
    }
}

#[test]
fn channels_lists_ovo() {
    let sandbox = sandbox();
    for format in ["json", "xml"] {
        let json = Env::of(&sandbox, format).ok(&["channels"]);
        assert_eq!(json["response_code"], "00");
        let channels = json["payment_channel"].as_array().unwrap();
        assert!(
            channels
                .iter()
                .any(|c| c["pg_code"] == "812" && c["pg_name"] == "OVO"),
            "{json}"
        );
    }
    let run = Env::of(&sandbox, "json").run(&["channels"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("812"), "{}", run.stdout);
}

#[test]
fn create_push_status_in_both_formats() {
    let sandbox = sandbox();
    for format in ["json", "xml"] {
        let env = Env::of(&sandbox, format);
        let bill_no = format!("CLI-{format}-1");
        let created = env.ok(&common::create_args(&bill_no, "081234567890"));
        let trx_id = created["trx_id"].as_str().unwrap().to_string();
        assert_eq!(trx_id.len(), 16, "{created}");
        assert_eq!(created["bill_no"], bill_no.as_str());
        assert_eq!(created["response_code"], "00");
        // What the CLI sent, re-read independently: `--total 25000` is 2500000 sen.
        let sent = oracle::post_data_sent(&sandbox, &bill_no);
        assert_eq!(sent.len(), 1);
        assert_eq!(
            sent[0].get("bill_total"),
            Some(oracle::rupiah_text_to_sen("25000").as_str())
        );
        assert_eq!(sent[0].get("cust_name"), Some("Budi"));

        let status = env.ok(&["status", &trx_id, &bill_no]);
        assert_eq!(status["paid"], false, "{status}");
        assert_eq!(status["final"], false, "{status}");

        let pushed = env.ok(&["push", &trx_id, "081234567890"]);
        assert_eq!(pushed["trx_id"], trx_id.as_str());
        assert_eq!(pushed["response_code"], "00", "{pushed}");

        // The push answers after the customer's decision; allow the state a moment anyway.
        let mut status = env.ok(&["status", &trx_id, &bill_no]);
        for _ in 0..50 {
            if status["payment_status_code"] == 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            status = env.ok(&["status", &trx_id, &bill_no]);
        }
        assert_eq!(status["payment_status_code"], 2, "{status}");
        assert_eq!(status["paid"], true);
        assert_eq!(status["payment_total"], "25000");
    }
}

#[test]
fn create_reads_a_bill_file_and_stdin() {
    let sandbox = sandbox();
    let env = Env::of(&sandbox, "json");
    let bill = r#"{"bill_no":"CLI-FILE-1","bill_desc":"Order","bill_total":"15000.50",
        "payment_channel":"812","cust_no":"7","cust_name":"Sari","billing_name":"Sari",
        "msisdn":"081234567999","email":"sari@example.com",
        "item":[{"product":"Teh","qty":"1","amount":"15000.50"}]}"#;
    let path = temp_file("bill.json", bill.as_bytes());
    let created = env.ok(&["create", &path]);
    assert_eq!(created["bill_no"], "CLI-FILE-1");
    // Rp 15000.50 went out as 1500050 sen, re-read independently.
    let sent = oracle::post_data_sent(&sandbox, "CLI-FILE-1");
    assert_eq!(sent[0].get("bill_total"), Some("1500050"));
    assert_eq!(
        sent[0].items[0].get("amount").map(String::as_str),
        Some("1500050")
    );
    let trx_id = created["trx_id"].as_str().unwrap();
    assert_eq!(
        sandbox
            .transaction(trx_id)
            .expect("the sandbox has it")
            .bill_total,
        faspay::Amount::parse("15000.50").unwrap()
    );

    // Flags override the file's values; the bill can come from stdin.
    let envs: Vec<(&str, &str)> = env
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let run = faspay(
        &["--json", "create", "-", "--bill-no", "CLI-STDIN-1"],
        &envs,
        Some(bill.as_bytes()),
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.json()["bill_no"], "CLI-STDIN-1");

    // A bad bill is INVALID_ARGUMENT naming the field.
    let path = temp_file("bad-bill.json", br#"{"bill_no":"X","bill_total":"1.234"}"#);
    let run = env.run(&["--json", "create", &path]);
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(run.error_code(), "INVALID_ARGUMENT");
    assert_eq!(run.json()["error"]["field"], "bill_total");
}

#[test]
fn cancel_a_pending_transaction() {
    let sandbox = sandbox();
    for format in ["json", "xml"] {
        let env = Env::of(&sandbox, format);
        let bill_no = format!("CLI-CNL-{format}");
        let created = env.ok(&common::create_args(&bill_no, "081234567999"));
        let trx_id = created["trx_id"].as_str().unwrap().to_string();
        let cancelled = env.ok(&["cancel", &trx_id, &bill_no, "--reason", "Out of stock"]);
        assert_eq!(cancelled["payment_status_code"], 8, "{cancelled}");
        assert_eq!(cancelled["response_code"], "00");
        let status = env.ok(&["status", &trx_id, &bill_no]);
        assert_eq!(status["payment_status_code"], 8, "{status}");
    }
}

#[test]
fn an_unknown_transaction_is_status_5() {
    let sandbox = sandbox();
    let status = Env::of(&sandbox, "json").ok(&["status", "9999981200000999", "NOPE-1"]);
    assert_eq!(status["payment_status_code"], 5, "{status}");
}

#[test]
fn errors_carry_their_codes_and_exit_statuses() {
    let sandbox = sandbox();
    let env = Env::of(&sandbox, "json");

    // Wrong password: Faspay's 55 as API_ERROR.
    let run = env
        .clone_with("FASPAY_PASSWORD", "wrong-password")
        .run(&["--json", "channels"]);
    assert_eq!(run.status, 4, "{run:?}");
    assert_eq!(run.error_code(), "API_ERROR");
    assert_eq!(run.json()["error"]["response_code"], "55");

    // Missing settings: INVALID_ARGUMENT, in human form on stderr.
    for missing in [
        "FASPAY_PASSWORD",
        "FASPAY_USER_ID",
        "FASPAY_MERCHANT_ID",
        "FASPAY_MERCHANT_NAME",
    ] {
        let run = Env::of(&sandbox, "json")
            .without(missing)
            .run(&["channels"]);
        assert_eq!(run.status, 2, "{missing}: {run:?}");
        assert!(
            run.stderr.starts_with("error[INVALID_ARGUMENT]: "),
            "{missing}: {run:?}"
        );
    }
    let run = Env::of(&sandbox, "json")
        .without("FASPAY_PASSWORD")
        .run(&["--json", "status", "1", "2"]);
    assert_eq!(run.error_code(), "INVALID_ARGUMENT");

    // Bad configuration values.
    for (key, value) in [("FASPAY_FORMAT", "yaml"), ("FASPAY_ENVIRONMENT", "staging")] {
        let run = Env::of(&sandbox, "json")
            .with(key, value)
            .run(&["--json", "channels"]);
        assert_eq!(run.error_code(), "INVALID_ARGUMENT", "{key}");
    }

    // Nobody listening: TRANSPORT.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let run = Env::of(&sandbox, "json")
        .with("FASPAY_BASE_URL", &format!("http://127.0.0.1:{closed}"))
        .run(&["--json", "channels"]);
    assert_eq!(run.status, 5, "{run:?}");
    assert_eq!(run.error_code(), "TRANSPORT");
}

#[test]
fn a_slow_answer_is_timeout_6_and_a_web_page_is_malformed_response_7() {
    let sandbox = sandbox();
    let env = Env::of(&sandbox, "json");
    // Far past the 1 s timeout, so a busy machine cannot make it look in time.
    sandbox.set_fault(Fault::times(
        Some(Operation::PaymentStatus),
        FaultKind::Latency(Duration::from_secs(5)),
        1,
    ));
    let run = env.run(&[
        "--json",
        "status",
        "9999981200000999",
        "NOPE-1",
        "--timeout",
        "1",
    ]);
    assert_eq!(run.status, 6, "{run:?}");
    assert_eq!(run.error_code(), "TIMEOUT");
    assert_eq!(run.json()["error"]["request_sent"], true);

    sandbox.set_fault(Fault::times(
        Some(Operation::PaymentChannels),
        FaultKind::HtmlPage,
        1,
    ));
    let run = env.run(&["--json", "channels"]);
    assert_eq!(run.status, 7, "{run:?}");
    assert_eq!(run.error_code(), "MALFORMED_RESPONSE");
    assert_eq!(run.json()["error"]["request_sent"], true);
    let run = env.run(&["channels"]);
    assert_eq!(run.status, 0, "the fault was used once: {run:?}");
}

impl Env {
    fn clone_with(&self, key: &str, value: &str) -> Env {
        Env(self.0.clone()).with(key, value)
    }
}
