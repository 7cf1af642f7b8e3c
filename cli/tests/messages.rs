//! What a person reads when something goes wrong: whether a request may have reached Faspay and
//! what to do, an HTML page named as such, a timeout named with its setting and value, amounts
//! in rupiah, and a usage line without the options the environment already supplies.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use common::faspay;

const TRX: &str = "9999900000000001";

fn env(base_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("FASPAY_MERCHANT_ID", "99999".into()),
        ("FASPAY_MERCHANT_NAME", "Sophia Store".into()),
        ("FASPAY_USER_ID", "bot99999".into()),
        ("FASPAY_PASSWORD", "p@ssw0rd".into()),
        ("FASPAY_BASE_URL", base_url.into()),
    ]
}

fn run(args: &[&str], env: &[(&'static str, String)]) -> common::Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    faspay(args, &env, None)
}

/// A loopback server that answers every request with `answer` (or holds it without a word
/// when `answer` is `None`), for as long as the test runs.
fn server(answer: Option<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let _ = stream.read(&mut buf);
            match answer {
                Some(body) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
                         Connection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                None => held.push(stream),
            }
        }
    });
    url
}

#[test]
fn a_refused_connection_says_nothing_reached_faspay() {
    // Port 9 (discard) is closed on loopback: the connection is refused before any byte.
    let run = run(&["status", TRX, "INV-1"], &env("http://127.0.0.1:9"));
    assert_eq!(run.status, 5, "{run:?}");
    assert!(run.stderr.starts_with("error[TRANSPORT]:"), "{run:?}");
    assert!(
        run.stderr
            .contains("did not reach Faspay; it is safe to retry"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_timeout_names_the_setting_and_says_the_request_may_have_arrived() {
    let url = server(None);
    let run = run(&["status", TRX, "INV-1", "--timeout", "1"], &env(&url));
    assert_eq!(run.status, 6, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error[TIMEOUT]: no answer within 1 s (timeout)"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("may have reached Faspay")
            && run.stderr.contains("faspay status TRX_ID BILL_NO"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_html_page_is_called_an_html_page() {
    let url = server(Some("<!DOCTYPE html><html><body>Maintenance</body></html>"));
    let run = run(&["status", TRX, "INV-1"], &env(&url));
    assert_eq!(run.status, 7, "{run:?}");
    assert!(
        run.stderr
            .contains("answer is an HTML page, not XML/JSON (HTTP 200)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("DTD"), "{}", run.stderr);
}

#[test]
fn a_negative_total_reaches_the_amount_check_and_speaks_rupiah() {
    let run = run(
        &["create", "--bill-no", "INV-1", "--total", "-5"],
        &env("http://127.0.0.1:9"),
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error[INVALID_ARGUMENT]: --total: negative amount: \"-5\""),
        "{run:?}"
    );
    assert!(!run.stderr.contains("sen"), "{}", run.stderr);
}

#[test]
fn the_usage_line_leaves_out_options_the_environment_supplies() {
    let run = run(&["status", TRX], &env("http://127.0.0.1:9"));
    assert_eq!(run.status, 2, "{run:?}");
    let usage = run
        .stderr
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_else(|| panic!("no usage line: {}", run.stderr));
    assert_eq!(usage, "Usage: faspay status [OPTIONS] <TRX_ID> <BILL_NO>");
}

#[test]
fn the_demo_shows_the_notification_and_the_reply_when_asked() {
    let run = faspay(
        &["demo", "--show-messages", "--push-delay-ms", "0"],
        &[],
        None,
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(
        run.stdout.contains("The notification Faspay sent (JSON"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"payment_status_code\":\"2\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"response_code\":\"00\""),
        "{}",
        run.stdout
    );

    let run = faspay(
        &["--json", "demo", "--show-messages", "--format", "xml"],
        &[],
        None,
    );
    assert_eq!(run.status, 0, "{run:?}");
    let messages = &run.json()["messages"];
    assert!(
        messages["notification"]
            .as_str()
            .is_some_and(|n| n.contains("<payment_status_code>2</payment_status_code>")),
        "{messages}"
    );
    assert!(
        messages["reply"]
            .as_str()
            .is_some_and(|r| r.contains("<response_code>00</response_code>")),
        "{messages}"
    );
}
