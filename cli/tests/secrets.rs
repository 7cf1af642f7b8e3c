//! The password never appears in anything any command prints (stdout or stderr), on success
//! or failure, whether it came from a flag, the environment or stdin.

mod common;
#[allow(dead_code)] // each test file uses its own part of the oracle
#[path = "../../sandbox/tests/common/oracle.rs"]
mod oracle;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Run, Spawned, faspay, temp_file};
use faspay_sandbox::{Sandbox, SandboxOptions};

const SECRET: &str = "Zq9-never-print-me-4471";

fn assert_clean(what: &str, run: &Run) {
    assert!(
        !run.all_output().contains(SECRET),
        "{what} printed the password:\n{}",
        run.all_output()
    );
}

fn notification(signature: &str) -> Vec<u8> {
    serde_json::json!({
        "request": "Payment Notification",
        "trx_id": "9999981200000042",
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": "INV-42",
        "payment_date": "2026-11-23 10:05:00",
        "payment_status_code": "2",
        "payment_status_desc": "Payment Sukses",
        "bill_total": "2500000",
        "payment_total": "2500000",
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": signature,
    })
    .to_string()
    .into_bytes()
}

#[test]
fn no_command_prints_the_password() {
    let sandbox = Sandbox::start(SandboxOptions {
        password: SECRET.into(),
        push_delay: Duration::from_millis(20),
        ..SandboxOptions::default()
    })
    .expect("the sandbox starts");
    let base_url = sandbox.base_url();
    let env = [
        ("FASPAY_BASE_URL", base_url.as_str()),
        ("FASPAY_MERCHANT_ID", "99999"),
        ("FASPAY_MERCHANT_NAME", "Sophia Store"),
        ("FASPAY_USER_ID", "bot99999"),
        ("FASPAY_PASSWORD", SECRET),
    ];
    let good = temp_file(
        "secret-good.json",
        &notification(&oracle::signature("bot99999", SECRET, "INV-422")),
    );
    let bad = temp_file("secret-bad.json", &notification("0000"));
    // Each run with the exit status it must have: a command that fails for another reason
    // than the one meant would prove nothing about what it prints.
    let mut runs: Vec<(String, i32, Run)> = Vec::new();
    let mut record = |what: &str, status: i32, run: Run| runs.push((what.to_string(), status, run));

    for json in [false, true] {
        let j = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = if json { vec!["--json".into()] } else { vec![] };
            all.extend(args.iter().map(|a| a.to_string()));
            all
        };
        let go = |args: Vec<String>, env: &[(&str, &str)], stdin: Option<&[u8]>| {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            faspay(&refs, env, stdin)
        };
        record(
            "sign (env)",
            0,
            go(j(&["sign", "post_data", "X"]), &env, None),
        );
        record(
            "sign (flag)",
            0,
            go(
                j(&[
                    "sign",
                    "channel_inquiry",
                    "--user-id",
                    "u",
                    "--password",
                    SECRET,
                ]),
                &[],
                None,
            ),
        );
        record(
            "sign (stdin)",
            0,
            go(
                j(&[
                    "sign",
                    "ovo_push",
                    "1",
                    "--user-id",
                    "u",
                    "--password-stdin",
                ]),
                &[],
                Some(format!("{SECRET}\n").as_bytes()),
            ),
        );
        record(
            "sign bad arity",
            2,
            go(j(&["sign", "notification", "X"]), &env, None),
        );
        record(
            "sign no user",
            2,
            go(j(&["sign", "post_data", "X"]), &env[4..], None),
        );
        record(
            "verify ok",
            0,
            go(j(&["verify-notification", &good]), &env, None),
        );
        record(
            "verify bad",
            3,
            go(j(&["verify-notification", &bad]), &env, None),
        );
        record("channels", 0, go(j(&["channels"]), &env, None));
        let bill_no = format!("SEC-{json}");
        let created = go(
            j(&common::create_args(&bill_no, "081234567890")),
            &env,
            None,
        );
        let trx_id = sandbox
            .transactions()
            .into_iter()
            .find(|t| t.bill_no == bill_no)
            .map(|t| t.trx_id)
            .expect("create worked");
        record("create", 0, created);
        record(
            "push",
            0,
            go(j(&["push", &trx_id, "081234567890"]), &env, None),
        );
        record(
            "status",
            0,
            go(j(&["status", &trx_id, &bill_no]), &env, None),
        );
        record(
            "cancel (paid)",
            4,
            go(j(&["cancel", &trx_id, &bill_no]), &env, None),
        );
        // The same password against a sandbox that expects another: Faspay's 55.
        let wrong_sandbox = [
            ("FASPAY_PASSWORD", SECRET),
            ("FASPAY_BASE_URL", base_url.as_str()),
        ];
        let mut other_env = env.to_vec();
        other_env.retain(|(k, _)| !wrong_sandbox.iter().any(|(w, _)| w == k));
        let other = Sandbox::start(SandboxOptions::default()).expect("another sandbox");
        let other_url = other.base_url();
        other_env.push(("FASPAY_BASE_URL", other_url.as_str()));
        other_env.push(("FASPAY_PASSWORD", SECRET));
        record("wrong password", 4, go(j(&["channels"]), &other_env, None));
        record(
            "bad flag",
            2,
            go(j(&["channels", "--no-such-flag"]), &env, None),
        );
        record("help", 0, go(j(&["channels", "--help"]), &env, None));
        record(
            "bad format",
            2,
            go(j(&["channels", "--format", "yaml"]), &env, None),
        );
    }
    assert_eq!(runs.len(), 32);
    for (what, status, run) in &runs {
        assert_eq!(run.status, *status, "{what}: {run:?}");
        assert_clean(what, run);
    }
}

#[test]
fn the_sandbox_banner_shows_only_the_public_sample_password() {
    let banner = |password: &str| -> String {
        let mut child = Spawned(
            Command::new(env!("CARGO_BIN_EXE_faspay"))
                .args(["sandbox", "--password", password])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("faspay sandbox starts"),
        );
        let mut text = String::new();
        let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
        for line in lines.by_ref() {
            let line = line.expect("banner line");
            text.push_str(&line);
            text.push('\n');
            if line.trim() == "faspay channels" {
                break;
            }
        }
        drop(child);
        text
    };
    let custom = banner(SECRET);
    assert!(
        custom.contains("Faspay sandbox listening on http://127.0.0.1:"),
        "{custom}"
    );
    assert!(!custom.contains(SECRET), "{custom}");
    let sample = banner("p@ssw0rd");
    assert!(sample.contains("p@ssw0rd"), "{sample}");
}

#[test]
fn the_demo_does_not_print_the_sandbox_password() {
    let run = faspay(&["demo"], &[], None);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(!run.all_output().contains("p@ssw0rd"), "{}", run.stdout);
}

#[test]
fn a_password_starting_with_a_hyphen_is_taken_as_the_password_not_echoed() {
    for password in ["-Qx7-hyphen-secret", "--Qx7-hyphen-secret", "-Q"] {
        for command in [
            vec![
                "sign",
                "post_data",
                "X",
                "--user-id",
                "bot99999",
                "--password",
                password,
            ],
            vec![
                "sign",
                "post_data",
                "--user-id",
                "bot99999",
                "--password",
                password,
                "X",
            ],
            vec!["status", "1", "2", "--password", password],
            vec![
                "verify-notification",
                "--password",
                password,
                "/nonexistent",
            ],
        ] {
            let run = faspay(&command, &[], None);
            let all = run.all_output();
            assert!(
                !all.contains("Qx7") && !all.contains("'-Q") && !all.contains(" -Q"),
                "{command:?} echoed the password:\n{all}"
            );
            assert!(!all.contains("unexpected argument"), "{command:?}:\n{all}");
        }
        // And it is the password in use: the signature is made with it.
        let run = faspay(
            &[
                "sign",
                "post_data",
                "X",
                "--user-id",
                "bot99999",
                "--password",
                password,
            ],
            &[],
            None,
        );
        assert_eq!(run.status, 0, "{}", run.all_output());
        assert!(
            run.stdout
                .contains(&faspay::post_data_signature("bot99999", password, "X")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_usage_error_never_quotes_a_password_value() {
    // clap quotes the value it refuses: a password given to a flag that takes none, or to a
    // misspelt one, is redacted from the message (text and --json alike).
    let code = |run: &Run, json: bool| -> String {
        if json {
            run.error_code()
        } else {
            let start = run.stderr.find('[').map_or(0, |i| i + 1);
            let end = run.stderr.find(']').unwrap_or(0);
            run.stderr.get(start..end).unwrap_or_default().to_string()
        }
    };
    for json in [false, true] {
        for arg in [
            format!("--password-stdin={SECRET}"),
            format!("--passwrd={SECRET}"),
            format!("--pass={SECRET}"),
        ] {
            let mut args = vec!["sign", "post_data", "X", "--user-id", "bot99999", &arg];
            if json {
                args.push("--json");
            }
            let run = faspay(&args, &[], None);
            assert_eq!(run.status, 2, "{arg}: {run:?}");
            assert_eq!(code(&run, json), "INVALID_ARGUMENT", "{arg}: {run:?}");
            assert_clean(&arg, &run);
        }
    }
    // The password from the environment, quoted back by clap as a refused value.
    let arg = format!("--json={SECRET}");
    let run = faspay(
        &["sign", "post_data", "X", "--user-id", "bot99999", &arg],
        &[("FASPAY_PASSWORD", SECRET)],
        None,
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("'[redacted]'"), "{}", run.stderr);
    assert_clean("an env password quoted by clap", &run);
}
