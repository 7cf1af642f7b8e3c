//! `faspay demo` end to end: both formats and every outcome exit 0 and print every step; every
//! request the demo's shop sent and the notification it got are re-checked by the independent
//! oracle (its own signature formula, readers and decimal scaling).

#[allow(dead_code)] // each test file uses its own part of the oracle
#[path = "../../sandbox/tests/common/oracle.rs"]
mod oracle;

mod common;

use common::faspay;

const STEPS: [&str; 7] = [
    "create_transaction",
    "ovo_push",
    "customer",
    "notification",
    "verify_signature",
    "reply",
    "payment_status",
];

#[test]
fn demo_approves_in_json_and_xml_and_prints_every_step() {
    for format in ["json", "xml"] {
        let run = faspay(&["demo", "--format", format], &[], None);
        assert_eq!(run.status, 0, "{format}: {run:?}");
        for n in 1..=7 {
            assert!(
                run.stdout.contains(&format!("✓ {n}. ")),
                "{format}: step {n} missing:\n{}",
                run.stdout
            );
        }
        assert!(!run.stdout.contains('✗'), "{}", run.stdout);
        assert!(
            run.stdout.contains("status inquiry says paid: 2"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("({}, ", format.to_uppercase())),
            "the notification is in {format}:\n{}",
            run.stdout
        );
        assert!(run.stdout.contains("All 7 steps checked out"));
    }
}

#[test]
fn demo_json_output_lists_every_step_in_order() {
    let run = faspay(&["--json", "demo", "--format", "xml"], &[], None);
    assert_eq!(run.status, 0, "{run:?}");
    let json = run.json();
    assert_eq!(json["ok"], true);
    assert_eq!(json["format"], "xml");
    assert_eq!(json["outcome"], "approve");
    assert_eq!(json["trx_id"].as_str().map(str::len), Some(16));
    let steps = json["steps"].as_array().expect("steps");
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(names, STEPS);
    assert!(steps.iter().all(|s| s["ok"] == true));
}

#[test]
fn demo_reject_expects_a_failed_payment() {
    let run = faspay(&["--json", "demo", "--outcome", "reject"], &[], None);
    assert_eq!(run.status, 0, "{run:?}");
    let json = run.json();
    assert_eq!(json["outcome"], "reject");
    let last = json["steps"][6]["detail"].as_str().unwrap();
    assert!(last.starts_with("status inquiry says failed: 3"), "{last}");
    let verified = json["steps"][4]["detail"].as_str().unwrap();
    assert!(verified.contains("payment_status_code 3"), "{verified}");
}

#[test]
fn demo_expire_uses_the_sandbox_clock() {
    let run = faspay(
        &["demo", "--outcome", "expire", "--format", "xml"],
        &[],
        None,
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout.contains("the customer does not answer"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("sandbox clock passed bill_expired"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("payment_status_code 7"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("status inquiry says expired: 7"),
        "{}",
        run.stdout
    );
}

#[test]
fn demo_rejects_bad_flags_with_invalid_argument() {
    let run = faspay(&["--json", "demo", "--format", "yaml"], &[], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(run.error_code(), "INVALID_ARGUMENT");
    let run = faspay(&["demo", "--outcome", "maybe"], &[], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("error[INVALID_ARGUMENT]:"),
        "{run:?}"
    );
}

#[test]
fn demo_fails_at_the_step_that_breaks_and_exits_with_its_code() {
    let run = faspay(&["demo", "--wrong-merchant-password"], &[], None);
    assert_eq!(run.status, 3, "{run:?}");
    assert!(run.stdout.contains("✓ 4. "), "{}", run.stdout);
    assert!(
        run.stdout.contains("✗ 5. step verify_signature"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("✓ 5. "), "{}", run.stdout);
    assert!(!run.stdout.contains("All 7 steps"), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("error[INVALID_SIGNATURE]: step verify_signature"),
        "{run:?}"
    );

    let run = faspay(&["--json", "demo", "--wrong-merchant-password"], &[], None);
    assert_eq!(run.status, 3, "{run:?}");
    let json = run.json();
    assert_eq!(json["error"]["code"], "INVALID_SIGNATURE");
    let steps = json["error"]["steps"].as_array().expect("the steps so far");
    assert_eq!(steps.len(), 5);
    assert_eq!(steps[4]["step"], "verify_signature");
    assert_eq!(steps[4]["ok"], false);
}

#[test]
fn every_message_of_the_demo_passes_the_independent_oracle() {
    for outcome in ["approve", "reject", "expire"] {
        for format in ["json", "xml"] {
            let what = format!("{outcome} {format}");
            let run = faspay(
                &[
                    "--json",
                    "demo",
                    "--show-messages",
                    "--outcome",
                    outcome,
                    "--format",
                    format,
                    "--push-delay-ms",
                    "0",
                ],
                &[],
                None,
            );
            assert_eq!(run.status, 0, "{what}: {run:?}");
            let json = run.json();
            let messages = &json["messages"];
            // The demo's sandbox uses Faspay's public sample credentials.
            let requests = common::received_from_json(&messages["requests"]);
            let checked = oracle::check_requests("bot99999", "p@ssw0rd", &requests);
            // create, push (unanswered when the bill expires), status inquiry.
            assert_eq!(checked, 3, "{what}: {requests:?}");
            let bill_no = json["bill_no"].as_str().expect("bill_no");
            let post_data: Vec<_> = requests
                .iter()
                .filter_map(|r| oracle::read_request(r)?.ok())
                .filter(|(kind, m)| {
                    *kind == oracle::Kind::PostData && m.get("bill_no") == Some(bill_no)
                })
                .collect();
            assert_eq!(post_data.len(), 1, "{what}");
            let sen = oracle::rupiah_text_to_sen("25000");
            assert_eq!(
                post_data[0].1.get("bill_total"),
                Some(sen.as_str()),
                "{what}"
            );
            assert_eq!(post_data[0].1.items[0].get("amount"), Some(&sen), "{what}");
            let notification = messages["notification"]
                .as_str()
                .unwrap_or_else(|| panic!("{what}: no notification in {messages}"));
            let m = oracle::check_notification("bot99999", "p@ssw0rd", notification.as_bytes());
            let status = match outcome {
                "approve" => "2",
                "reject" => "3",
                _ => "7",
            };
            assert_eq!(m.get("payment_status_code"), Some(status), "{what}");
            assert_eq!(m.get("bill_no"), Some(bill_no), "{what}");
            let reply = messages["reply"].as_str().expect("reply");
            let reply = match format {
                "json" => oracle::read_json(reply.as_bytes()),
                _ => oracle::read_xml(reply.as_bytes()),
            }
            .unwrap_or_else(|e| panic!("{what}: unreadable reply ({e}): {reply}"));
            assert_eq!(reply.get("response_code"), Some("00"), "{what}");
        }
    }
}
