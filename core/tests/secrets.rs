//! The password and every signature pre-image (and its MD5 step) never appear in `Debug`
//! output, error messages or log events, whatever goes wrong.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use faspay::{Bill, Client, Config, ErrorCode, Format, LogEvent, Logger};
use md5::{Digest, Md5};
use support::{Action, TestServer};

const PASSWORD: &str = "Sup3r-S3cret!pw";
const USER: &str = "bot99999";

fn forbidden(bill_nos: &[&str]) -> Vec<String> {
    let mut out = vec![PASSWORD.to_string(), format!("{USER}{PASSWORD}")];
    for b in bill_nos {
        let pre = format!("{USER}{PASSWORD}{b}");
        let md5: String = Md5::digest(pre.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.push(md5);
        out.push(pre);
    }
    out
}

#[test]
fn no_output_contains_the_password_or_a_preimage() {
    let server = TestServer::start(|r| {
        if r.path.contains("100004") {
            Action::ok("text/html", "<html>oops</html>")
        } else if r.path.contains("300011") {
            Action::ok(
                "application/json",
                r#"{"response_code":"55","response_desc":"Incorrect User/Password"}"#,
            )
        } else {
            Action::Reset
        }
    });
    let events: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let sink = events.clone();
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD)
        .with_base_url(&server.base_url)
        .with_format(Format::Json);
    config.retry_backoff = Duration::from_millis(1);
    config.logger = Some(Logger(Arc::new(move |e: &LogEvent| {
        sink.lock().unwrap().push(e.clone())
    })));
    let mut outputs = vec![format!("{config:?}")];
    let client = Client::new(config).unwrap();
    outputs.push(format!("{client:?}"));

    let bill = Bill::from_json(
        r#"{"bill_no":"INV-9","bill_desc":"x","bill_total":1000,"payment_channel":"702","cust_no":"1",
            "cust_name":"A","msisdn":"0812345678","email":"a@b.c","item":[{"product":"p","qty":1,"amount":1000}]}"#,
    )
    .unwrap();
    let mut errors = vec![
        client.create_transaction(&bill).unwrap_err(),
        client.payment_status("1234567890123456", "INV-9").unwrap_err(),
        client.payment_channels().unwrap_err(),
        client.cancel_transaction("1234567890123456", "INV-9", "r").unwrap_err(),
        client.ovo_push("1234567890123456", "081234567890").unwrap_err(),
        client.parse_notification(br#"{"bill_no":"INV-9","merchant_id":"99999","payment_status_code":"2","trx_id":"1","signature":"00"}"#).unwrap_err(),
        client.parse_notification(b"garbage").unwrap_err(),
        client.verify_return("bill_no=INV-9&status=2&signature=abc").unwrap_err(),
        Bill::from_json(r#"{"bill_total": "1.234"}"#).unwrap_err(),
        Client::new(Config::new("1", "x", USER, PASSWORD)).unwrap_err(),
    ];
    let mut b = bill.clone();
    b.bill_currency = Some("USD".into());
    errors.push(client.create_transaction(&b).unwrap_err());
    let codes: Vec<ErrorCode> = errors.iter().map(|e| e.code()).collect();
    for code in [
        ErrorCode::ApiError,
        ErrorCode::MalformedResponse,
        ErrorCode::Transport,
        ErrorCode::InvalidSignature,
        ErrorCode::InvalidArgument,
    ] {
        assert!(codes.contains(&code), "{code} not exercised: {codes:?}");
    }
    for e in &errors {
        outputs.push(format!("{e} {e:?} {}", e.message()));
    }
    outputs.push(format!(
        "{:?}",
        client.prepare_create_transaction(&bill).unwrap()
    ));
    outputs.push(client.redirect_url("1234567890123456", "INV-9").unwrap());
    outputs.push(
        client
            .ovo_push_form("1234567890123456", "081234567890")
            .unwrap(),
    );
    for e in events.lock().unwrap().iter() {
        outputs.push(format!("{e:?} {}", e.summary()));
    }
    assert!(outputs.len() > 20);
    for text in &outputs {
        for secret in forbidden(&["INV-9", "", "1234567890123456"]) {
            assert!(!text.contains(&secret), "leaked {secret:?} in {text}");
        }
    }
}
