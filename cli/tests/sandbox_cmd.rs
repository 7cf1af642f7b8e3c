//! `faspay sandbox` in the foreground: its JSON banner describes a working sandbox that the
//! other commands can talk to, and bad settings are refused with INVALID_ARGUMENT.

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
    drop(child);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.json()["merchant_id"], "12345");
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
