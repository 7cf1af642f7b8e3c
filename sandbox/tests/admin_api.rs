//! The admin HTTP API under `/__sandbox/`, as tools in other languages use it.

mod common;

use std::time::Duration;

use faspay::{ErrorCode, Format, Operation, PaymentStatusCode};
use faspay_sandbox::FaultKind;
use serde_json::{Value, json};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn call(method: &str, url: &str, body: Option<Value>) -> (u16, Value) {
    let a = agent();
    let mut r = match (method, body) {
        ("GET", _) => a.get(url).call(),
        ("DELETE", _) => a.delete(url).call(),
        (_, Some(b)) => a.post(url).send(b.to_string().as_bytes()),
        (_, None) => a.post(url).send(&b""[..]),
    }
    .unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap())
}

#[test]
fn transactions_can_be_listed_and_settled() {
    let sandbox = common::checked_sandbox();
    let admin = format!("{}/__sandbox", sandbox.base_url());
    let client = common::client(&sandbox, Format::Json);
    let a = client
        .create_transaction(&common::bill("ADM-1", "812"))
        .unwrap();
    let b = client
        .create_transaction(&common::bill("ADM-2", "702"))
        .unwrap();
    let (status, list) = call("GET", &format!("{admin}/transactions"), None);
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["bill_no"], "ADM-1");
    assert_eq!(list[0]["status"], 0);
    assert_eq!(list[0]["bill_total"], "15000");
    let (status, t) = call(
        "POST",
        &format!("{admin}/transactions/{}/approve", a.trx_id),
        None,
    );
    assert_eq!((status, t["status"].clone()), (200, json!(2)));
    let (status, _) = call(
        "POST",
        &format!("{admin}/transactions/{}/approve", a.trx_id),
        None,
    );
    assert_eq!(status, 409);
    let (status, t) = call(
        "POST",
        &format!("{admin}/transactions/{}/reject", b.trx_id),
        None,
    );
    assert_eq!((status, t["status"].clone()), (200, json!(3)));
    let (status, _) = call("POST", &format!("{admin}/transactions/0/expire"), None);
    assert_eq!(status, 404);
    let (_, t) = call("GET", &format!("{admin}/transactions/{}", a.trx_id), None);
    assert_eq!(t["status_desc"], "Payment Success");
    assert!(t["payment_reff"].is_string());
    // Reverse: only a paid bill (a: paid; b: failed).
    let (status, refused) = call(
        "POST",
        &format!("{admin}/transactions/{}/reverse", b.trx_id),
        None,
    );
    assert_eq!(status, 409);
    assert_eq!(refused["error"], "transaction is not paid (status 3)");
    let (status, t) = call(
        "POST",
        &format!("{admin}/transactions/{}/reverse", a.trx_id),
        None,
    );
    assert_eq!((status, t["status"].clone()), (200, json!(4)));
    let (status, _) = call(
        "POST",
        &format!("{admin}/transactions/{}/refund", a.trx_id),
        None,
    );
    assert_eq!(status, 404);
    let (summary_status, summary) = call("GET", &admin, None);
    assert_eq!(summary_status, 200);
    assert_eq!(summary["merchant_id"], "99999");
    assert_eq!(summary["transactions"], 2);
    let accepted = summary["connections_accepted"].as_u64().expect("a count");
    assert!(accepted >= 1 && accepted <= sandbox.connections_accepted());
}

#[test]
fn the_clock_advances_and_expires() {
    let sandbox = common::checked_sandbox();
    let admin = format!("{}/__sandbox", sandbox.base_url());
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("ADM-EXP", "812"))
        .unwrap();
    let (status, before) = call("GET", &format!("{admin}/clock"), None);
    assert_eq!(status, 200);
    assert_eq!(before["offset_seconds"], 0);
    let before_now = faspay::FaspayDateTime::parse(before["now"].as_str().unwrap()).unwrap();
    let (status, clock) = call(
        "POST",
        &format!("{admin}/clock/advance"),
        Some(json!({"seconds": 90000})),
    );
    assert_eq!(status, 200);
    assert_eq!(clock["offset_seconds"], 90000);
    let (status, after) = call("GET", &format!("{admin}/clock"), None);
    assert_eq!((status, &after["offset_seconds"]), (200, &json!(90000)));
    let after_now = faspay::FaspayDateTime::parse(after["now"].as_str().unwrap()).unwrap();
    // 25 hours on, give or take the real seconds this test took (generous margin).
    let moved = before_now.seconds_until(after_now);
    assert!((90_000..90_000 + 600).contains(&moved), "moved {moved} s");
    assert_eq!(after["now"], sandbox.now().to_string().as_str());
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Expired
    );
    let (status, _) = call(
        "POST",
        &format!("{admin}/clock/advance"),
        Some(json!({"seconds": -1})),
    );
    assert_eq!(status, 400);
}

#[test]
fn faults_counters_and_settings() {
    let sandbox = common::checked_sandbox();
    let admin = format!("{}/__sandbox", sandbox.base_url());
    let client = common::client(&sandbox, Format::Json);
    let (status, faults) = call(
        "POST",
        &format!("{admin}/faults"),
        Some(
            json!({"endpoint": "payment_channels", "kind": "response_error", "code": "63", "desc": "Suspended", "times": 1}),
        ),
    );
    assert_eq!(status, 200);
    assert_eq!(faults[0]["kind"], "response_error");
    let (status, listed) = call("GET", &format!("{admin}/faults"), None);
    assert_eq!(status, 200);
    assert_eq!(
        listed,
        json!([{"endpoint": "payment_channels", "kind": "response_error", "code": "63",
                "desc": "Suspended", "times": 1, "after_effect": false}])
    );
    assert_eq!(
        sandbox.faults()[0].kind,
        FaultKind::ResponseError {
            code: "63".into(),
            desc: "Suspended".into()
        }
    );
    let err = client.payment_channels().unwrap_err();
    assert_eq!(
        (err.code(), err.response_code()),
        (ErrorCode::ApiError, Some("63"))
    );
    client.payment_channels().expect("the fault was used up");
    let (_, counts) = call("GET", &format!("{admin}/requests"), None);
    assert_eq!(counts["payment_channels"], 2);
    assert_eq!(counts["create_transaction"], 0);
    let (_, counts) = call("DELETE", &format!("{admin}/requests"), None);
    assert_eq!(counts["payment_channels"], 0);
    assert_eq!(sandbox.request_count(Operation::PaymentChannels), 0);

    call(
        "POST",
        &format!("{admin}/faults"),
        Some(json!({"kind": "server_error", "status": 502})),
    );
    let err = client.payment_channels().unwrap_err();
    assert_eq!(
        (err.code(), err.http_status()),
        (ErrorCode::Transport, Some(502))
    );
    let (_, faults) = call("DELETE", &format!("{admin}/faults"), None);
    assert_eq!(faults, json!([]));
    // A refused fault names its field; nothing is armed.
    for (bad, field) in [
        (json!({"kind": "nope"}), "kind"),
        (json!({"kind": "latency"}), "ms"),
        (json!({"endpoint": "x", "kind": "reset"}), "endpoint"),
        (json!({"kind": "server_error", "status": "503"}), "status"),
        (json!({"kind": "reset", "times": 0}), "times"),
        (json!({"kind": "html_page", "status": 503}), "status"),
    ] {
        let (status, answer) = call("POST", &format!("{admin}/faults"), Some(bad.clone()));
        assert_eq!((status, &answer["field"]), (400, &json!(field)), "{bad}");
    }
    assert!(sandbox.faults().is_empty());

    let (status, settings) = call(
        "POST",
        &format!("{admin}/settings"),
        Some(
            json!({"notify_url": "http://127.0.0.1:1/n", "notify_format": "xml", "push_delay_ms": 5}),
        ),
    );
    assert_eq!(status, 200);
    assert_eq!(settings["notify_format"], "xml");
    let options = sandbox.options();
    assert_eq!(options.notify_url.as_deref(), Some("http://127.0.0.1:1/n"));
    assert_eq!(options.notify_format, Format::Xml);
    assert_eq!(options.push_delay, Duration::from_millis(5));
    let (status, listed) = call("GET", &format!("{admin}/settings"), None);
    assert_eq!(status, 200);
    assert_eq!(
        listed,
        json!({"notify_url": "http://127.0.0.1:1/n", "notify_format": "xml", "push_delay_ms": 5,
               "notify_retry_delay_ms": 20, "notify_max_retries": 3, "return_url": null,
               "strict": false, "unique_bill_no": false})
    );
    let (_, settings) = call(
        "POST",
        &format!("{admin}/settings"),
        Some(json!({"notify_url": null})),
    );
    assert_eq!(settings["notify_url"], Value::Null);
    assert_eq!(
        call(
            "POST",
            &format!("{admin}/settings"),
            Some(json!({"notify_format": "yaml"}))
        )
        .0,
        400
    );
    assert_eq!(call("GET", &format!("{admin}/nope"), None).0, 404);
}

#[test]
fn deliveries_are_listed() {
    let sandbox = common::checked_sandbox();
    let merchant = common::Merchant::start(sandbox.client_config(), common::MerchantMode::Accept);
    sandbox.set_notify_url(Some(merchant.url.clone()));
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("ADM-DEL", "702"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(10)));
    let (_, list) = call(
        "GET",
        &format!("{}/__sandbox/deliveries", sandbox.base_url()),
        None,
    );
    assert_eq!(list[0]["trx_id"], created.trx_id.as_str());
    assert_eq!(list[0]["accepted"], true);
    assert_eq!(list[0]["payment_status_code"], 2);
    assert_eq!(list[0]["format"], "json");
}

#[test]
fn the_banner_names_url_and_credentials() {
    let sandbox = common::checked_sandbox();
    let banner = sandbox.banner();
    assert!(banner.contains(&sandbox.base_url()));
    assert!(banner.contains("bot99999") && banner.contains("99999"));
    assert!(
        banner.contains("p@ssw0rd"),
        "the public sample password is shown"
    );
    let private = faspay_sandbox::Sandbox::start(faspay_sandbox::SandboxOptions {
        password: "s3cret-Pa55".into(),
        ..Default::default()
    })
    .unwrap();
    assert!(!private.banner().contains("s3cret-Pa55"));
    let summary: Value = serde_json::from_str(
        &ureq::get(&format!("{}/__sandbox/", private.base_url()))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(summary["password"], Value::Null);
    assert_eq!(summary["user_id"], "bot99999");
    assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(
        sandbox.client_config().effective_base_url(),
        sandbox.base_url()
    );
}

#[test]
fn bad_options_are_refused() {
    let bad = faspay_sandbox::SandboxOptions {
        merchant_id: "12".into(),
        ..Default::default()
    };
    assert_eq!(
        faspay_sandbox::Sandbox::start(bad).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    let bad_return = faspay_sandbox::SandboxOptions {
        return_url: Some("ftp://shop.example/back".into()),
        ..Default::default()
    };
    let err = faspay_sandbox::Sandbox::start(bad_return).unwrap_err();
    assert_eq!(err.field(), Some("return_url"));
    let taken = common::checked_sandbox();
    let clash = faspay_sandbox::SandboxOptions {
        port: taken.port(),
        ..Default::default()
    };
    assert_eq!(
        faspay_sandbox::Sandbox::start(clash).unwrap_err().code(),
        ErrorCode::Transport
    );
    let debug = format!("{:?}", faspay_sandbox::SandboxOptions::default());
    assert!(!debug.contains("p@ssw0rd"));
}

#[test]
fn received_requests_are_listed_byte_for_byte_and_cleared() {
    let sandbox = common::checked_sandbox();
    let admin = format!("{}/__sandbox", sandbox.base_url());
    let client = common::client(&sandbox, Format::Xml);
    client
        .create_transaction(&common::bill("ADM-RECV", "812"))
        .unwrap();
    let _ = agent()
        .get(&format!("{}/nowhere?x=1", sandbox.base_url()))
        .call();
    let (status, list) = call("GET", &format!("{admin}/received"), None);
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    // The admin API's own requests are not recorded.
    assert_eq!(list.len(), 2, "{list:?}");
    let native = sandbox.received_requests();
    assert_eq!(native.len(), 2);
    let create = &list[0];
    assert_eq!(create["seq"], 1);
    assert_eq!(create["method"], "POST");
    assert_eq!(create["path"], native[0].path.as_str());
    assert!(native[0].path.starts_with("/pws/300011/"));
    assert_eq!(
        create["body"],
        String::from_utf8(native[0].body.clone()).unwrap().as_str()
    );
    assert!(
        create["body"]
            .as_str()
            .unwrap()
            .contains("<cust_name>Budi &amp; &lt;Sons&gt;</cust_name>")
    );
    assert_eq!(create["body_base64"], base64_of(&native[0].body).as_str());
    assert_eq!(create["response_status"], 200);
    assert!(
        create["response_body"]
            .as_str()
            .unwrap()
            .contains("<response_code>00</response_code>")
    );
    assert_eq!(list[1]["path"], "/nowhere");
    assert_eq!(list[1]["query"], "x=1");
    assert_eq!(list[1]["response_status"], 404);

    let (status, cleared) = call("DELETE", &format!("{admin}/received"), None);
    assert_eq!((status, cleared), (200, json!([])));
    assert!(sandbox.received_requests().is_empty());
    client.payment_channels().unwrap();
    let (_, list) = call("GET", &format!("{admin}/received"), None);
    assert_eq!(list[0]["seq"], 3, "sequence numbers keep counting");
}

/// Standard base64 (RFC 4648, with padding), written out so the test does not trust the
/// sandbox's encoder.
fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
