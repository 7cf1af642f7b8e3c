//! The exit statuses a script can rely on that other tests do not reach: INTERNAL (8) for a
//! caught panic and CHECK_FAILED (9) for a demo step that did not behave. (TIMEOUT 6 and
//! MALFORMED_RESPONSE 7 are run end to end in api_commands.rs and messages.rs.)

mod common;

use common::faspay;

#[test]
fn a_panic_exits_8_with_internal_and_keeps_its_message_inside() {
    let env = [("FASPAY_CLI_TEST_PANIC", "1")];
    let run = faspay(&["--json", "sign", "channels"], &env, None);
    assert_eq!(run.status, 8, "{run:?}");
    assert_eq!(run.error_code(), "INTERNAL");
    let message = run.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("please report it"), "{message}");
    assert!(
        message.contains("main.rs:"),
        "the location is named: {message}"
    );
    assert!(
        !run.all_output().contains("deliberate test panic"),
        "the panic's payload stays inside: {run:?}"
    );

    let run = faspay(&["sign", "channels"], &env, None);
    assert_eq!(run.status, 8, "{run:?}");
    assert!(run.stderr.starts_with("error[INTERNAL]: "), "{run:?}");
    assert!(!run.all_output().contains("panicked"), "{run:?}");
}

#[test]
fn a_demo_step_slower_than_its_limit_exits_9_with_check_failed() {
    // The simulated customer takes 5 s, the step may take 1 s: the push step fails the demo's
    // own check (not the HTTP call, whose timeout is longer than the step).
    let args = [
        "--json",
        "demo",
        "--push-delay-ms",
        "5000",
        "--step-timeout",
        "1",
    ];
    let run = faspay(&args, &[], None);
    assert_eq!(run.status, 9, "{run:?}");
    assert_eq!(run.error_code(), "CHECK_FAILED");
    let steps = run.json()["error"]["steps"].clone();
    let steps = steps.as_array().expect("the steps so far");
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0]["ok"], true);
    assert_eq!(steps[1]["step"], "ovo_push");
    assert_eq!(steps[1]["code"], "CHECK_FAILED");
    assert!(
        steps[1]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no answer to the OVO push within 1 s")),
        "{steps:?}"
    );

    let run = faspay(&args[1..], &[], None);
    assert_eq!(run.status, 9, "{run:?}");
    assert!(run.stdout.contains("✗ 2. step ovo_push"), "{run:?}");
    assert!(
        run.stderr.starts_with("error[CHECK_FAILED]: step ovo_push"),
        "{run:?}"
    );
}

#[test]
fn the_step_limit_is_validated() {
    for bad in ["0", "601", "soon"] {
        let run = faspay(&["--json", "demo", "--step-timeout", bad], &[], None);
        assert_eq!(run.status, 2, "{bad}: {run:?}");
        assert_eq!(run.error_code(), "INVALID_ARGUMENT", "{bad}");
    }
}
