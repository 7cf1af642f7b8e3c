//! The client against a scripted HTTP server on loopback: every operation in both formats, and
//! each fault (slow answer, reset, 5xx, HTML page, truncated and oversized bodies,
//! `response_error`), asserting error codes, `request_sent`, and that only safe operations are
//! repeated.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use faspay::codec::{self, Format};
use faspay::{
    Amount, Bill, Client, Config, ErrorCode, FaspayDateTime, Fields, Item, LogEvent, Logger,
    Operation, PaymentStatusCode, WireValue,
};
use support::{Action, Received, TestServer};

const TRX: &str = "9999971600246827";

fn config(base_url: &str, format: Format) -> Config {
    let mut c = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd")
        .with_base_url(base_url)
        .with_format(format);
    c.timeout = Duration::from_secs(5);
    c.push_timeout = Duration::from_secs(5);
    c.retry_backoff = Duration::from_millis(5);
    c
}

fn bill() -> Bill {
    let now = FaspayDateTime::now();
    Bill {
        bill_no: "INV-1".into(),
        bill_desc: "Kopi & Roti".into(),
        bill_total: Some(Amount::rupiah(25_000)),
        payment_channel: "812".into(),
        cust_no: "42".into(),
        cust_name: "Budi".into(),
        billing_name: Some("Budi".into()),
        msisdn: "081234567890".into(),
        email: "budi@example.com".into(),
        bill_date: Some(now),
        bill_expired: Some(now.plus(Duration::from_secs(600))),
        item: vec![Item {
            product: "Kopi".into(),
            qty: "1".into(),
            amount: Some(Amount::rupiah(25_000)),
            ..Item::default()
        }],
        ..Bill::default()
    }
}

/// A well-behaved Faspay: checks the request's signature and answers in the request's format.
fn faspay_answer(request: &Received) -> Action {
    let (op, format) = Operation::from_path(&request.path).expect("known path");
    if op == Operation::OvoPush {
        let body = String::from_utf8_lossy(&request.body).to_string();
        assert!(
            body.contains("signature=c1aa340002b71918f94ef04d3242c9e72084a8ea"),
            "{body}"
        );
        return Action::ok(
            "application/json",
            format!(r#"{{"trx_id":"{TRX}","response_code":"00","response_desc":"Success"}}"#),
        );
    }
    let f = codec::decode(&request.body, format).expect("request decodes");
    let bill_no = f.text_or_empty("bill_no");
    let expected = match op {
        Operation::PaymentChannels => faspay::channel_inquiry_signature("bot99999", "p@ssw0rd"),
        _ => faspay::post_data_signature("bot99999", "p@ssw0rd", bill_no),
    };
    let mut out = Fields::new();
    if f.text("signature") != Some(expected.as_str()) {
        out.push_text("response_code", "55");
        out.push_text("response_desc", "Incorrect User/Password");
        return Action::ok(format.content_type(), codec::encode(&out, format));
    }
    out.push_text("merchant_id", "99999");
    out.push_text("bill_no", bill_no);
    match op {
        Operation::PaymentChannels => {
            let mut ch = Fields::new();
            ch.push_text("pg_code", "812");
            ch.push_text("pg_name", "OVO");
            out.push(
                "payment_channel",
                WireValue::List(vec![WireValue::Object(ch)]),
            );
        }
        Operation::CreateTransaction => {
            assert_eq!(f.objects("item").len(), 1);
            out.push_text("trx_id", TRX);
            out.push_text("redirect_url", "https://example/pay");
        }
        Operation::PaymentStatus => {
            out.push_text("trx_id", TRX);
            out.push_text("payment_status_code", "2");
            out.push_text("payment_status_desc", "Payment Sukses");
            out.push_text("payment_total", "2500000");
        }
        Operation::CancelTransaction => {
            assert_eq!(f.text("payment_cancel"), Some("changed mind"));
            out.push_text("trx_id", TRX);
            out.push_text("trx_status_code", "8");
            out.push_text("payment_status_code", "8");
        }
        Operation::OvoPush => unreachable!(),
    }
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Sukses");
    Action::ok(format.content_type(), codec::encode(&out, format))
}

#[test]
fn every_operation_in_both_formats() {
    let server = TestServer::start(faspay_answer);
    for format in [Format::Json, Format::Xml] {
        let client = Client::new(config(&server.base_url, format)).unwrap();
        let channels = client.payment_channels().unwrap();
        assert_eq!(channels.payment_channel[0].pg_code, "812");
        let created = client.create_transaction(&bill()).unwrap();
        assert_eq!(created.trx_id, TRX);
        let pushed = client.ovo_push(&created.trx_id, "081234567890").unwrap();
        assert_eq!(pushed.response.unwrap().response_code, "00");
        let status = client.payment_status(TRX, "INV-1").unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Success);
        assert_eq!(status.payment_total, Some(Amount::rupiah(25_000)));
        let cancelled = client
            .cancel_transaction(TRX, "INV-1", "changed mind")
            .unwrap();
        assert_eq!(cancelled.payment_status_code, PaymentStatusCode::Cancelled);
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 10);
    assert!(requests.iter().any(
        |r| r.path == "/pws/300011/183xx00010100000" && r.content_type.starts_with("text/xml")
    ));
    assert!(
        requests
            .iter()
            .any(|r| r.path == "/cvr/300011/10" && r.content_type == "application/json")
    );
    assert!(
        requests.iter().any(|r| r.path == "/pws/ovo_direct"
            && r.content_type == "application/x-www-form-urlencoded")
    );
}

#[test]
fn wrong_password_is_api_error_55() {
    let server = TestServer::start(faspay_answer);
    let mut c = config(&server.base_url, Format::Json);
    c.password = "wrong".into();
    let err = Client::new(c)
        .unwrap()
        .create_transaction(&bill())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiError);
    assert_eq!(err.response_code(), Some("55"));
    assert!(err.request_sent());
}

/// Runs `fault` for every request and returns the server.
fn faulty(fault: Action) -> TestServer {
    TestServer::start(move |_| fault.clone())
}

#[test]
fn http_500_is_transport_and_only_safe_operations_are_retried() {
    let server = faulty(Action::Respond {
        status: 500,
        content_type: "text/html",
        body: b"<h1>oops</h1>".to_vec(),
    });
    let client = Client::new(config(&server.base_url, Format::Json)).unwrap();
    let err = client.payment_status(TRX, "INV-1").unwrap_err();
    assert_eq!(
        (err.code(), err.http_status()),
        (ErrorCode::Transport, Some(500))
    );
    assert_eq!(
        server.count("/cvr/100004"),
        3,
        "status is retried max_retries times"
    );
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transport);
    assert!(err.request_sent());
    assert_eq!(server.count("/cvr/300011"), 1, "create is never repeated");
    let transport_500 = |err: faspay::Error| (err.code(), err.http_status(), err.request_sent());
    let expected = (ErrorCode::Transport, Some(500), true);
    let err = client.cancel_transaction(TRX, "INV-1", "x").unwrap_err();
    assert_eq!(transport_500(err), expected);
    assert_eq!(server.count("/cvr/100005"), 1);
    let err = client.ovo_push(TRX, "081234567890").unwrap_err();
    assert_eq!(transport_500(err), expected);
    assert_eq!(server.count("/pws/ovo_direct"), 1);
    let err = client.payment_channels().unwrap_err();
    assert_eq!(transport_500(err), expected);
    assert_eq!(server.count("/cvr/100001"), 3);
}

#[test]
fn connection_reset_is_transport_with_request_sent() {
    let server = faulty(Action::Reset);
    let client = Client::new(config(&server.base_url, Format::Xml)).unwrap();
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transport);
    assert!(err.request_sent());
    assert_eq!(server.count("/pws/300011"), 1);
    let err = client.payment_channels().unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transport);
    assert_eq!(server.count("/pws/100001"), 3);
}

#[test]
fn slow_answer_past_the_timeout_is_timeout() {
    let slow = Action::Delay(
        Duration::from_millis(1500),
        Box::new(Action::ok("application/json", "{}")),
    );
    let server = faulty(slow);
    let mut c = config(&server.base_url, Format::Json);
    c.timeout = Duration::from_millis(300);
    c.push_timeout = Duration::from_millis(300);
    let client = Client::new(c).unwrap();
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert!(
        err.request_sent(),
        "a read timeout means the request went out"
    );
    // The message names the setting and its value, not ureq's internal timer.
    assert!(
        err.message().contains("no answer within 300 ms (timeout)"),
        "{}",
        err.message()
    );
    let err = client.ovo_push(TRX, "081234567890").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert!(err.request_sent());
    assert!(
        err.message().contains("(push_timeout)"),
        "{}",
        err.message()
    );
    assert_eq!(server.count("/pws/ovo_direct"), 1);
    // A read timeout is not retried even for a safe operation: it could multiply the wait.
    let err = client.payment_status(TRX, "INV-1").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert_eq!(server.count("/cvr/100004"), 1);
}

#[test]
fn ovo_push_has_its_own_long_timeout() {
    let slow = Action::Delay(
        Duration::from_millis(600),
        Box::new(Action::ok(
            "application/json",
            r#"{"response_code":"00","response_desc":"ok"}"#,
        )),
    );
    let server = faulty(slow);
    let mut c = config(&server.base_url, Format::Json);
    c.timeout = Duration::from_millis(200);
    c.push_timeout = Duration::from_secs(5);
    let client = Client::new(c).unwrap();
    assert!(client.ovo_push(TRX, "081234567890").is_ok());
    assert_eq!(
        client.payment_status(TRX, "INV-1").unwrap_err().code(),
        ErrorCode::Timeout
    );
}

#[test]
fn html_page_is_malformed_and_not_retried() {
    let server = faulty(Action::ok(
        "text/html",
        "<!DOCTYPE html><html><body>Maintenance</body></html>",
    ));
    let client = Client::new(config(&server.base_url, Format::Json)).unwrap();
    let err = client.payment_status(TRX, "INV-1").unwrap_err();
    assert_eq!(
        (err.code(), err.http_status()),
        (ErrorCode::MalformedResponse, Some(200))
    );
    // An answer came, so the request reached a server: documented as request_sent = true.
    assert!(err.request_sent());
    assert!(
        err.message().contains("DOCTYPE"),
        "message shows a body prefix: {}",
        err.message()
    );
    assert!(
        err.message()
            .contains("answer is an HTML page, not XML/JSON (HTTP 200)"),
        "{}",
        err.message()
    );
    assert_eq!(server.count("/cvr/100004"), 1);
}

#[test]
fn truncated_body_is_malformed() {
    let server = faulty(Action::Truncated);
    let client = Client::new(config(&server.base_url, Format::Json)).unwrap();
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedResponse);
    assert!(err.request_sent());
    assert_eq!(server.count("/cvr/300011"), 1);
}

#[test]
fn oversized_body_is_malformed() {
    let server = faulty(Action::Oversized(3 * 1024 * 1024));
    let client = Client::new(config(&server.base_url, Format::Json)).unwrap();
    let err = client.payment_channels().unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedResponse);
    assert!(err.request_sent());
    assert!(err.message().contains("larger than"), "{}", err.message());
}

#[test]
fn response_error_envelope_is_api_error_in_both_formats() {
    let json = faulty(Action::ok(
        "application/json",
        r#"{"response_error":{"response_code":"40","response_desc":"Merchant not registered"}}"#,
    ));
    let client = Client::new(config(&json.base_url, Format::Json)).unwrap();
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(
        (err.code(), err.response_code()),
        (ErrorCode::ApiError, Some("40"))
    );
    assert_eq!(err.response_desc(), Some("Merchant not registered"));
    let xml = faulty(Action::ok(
        "text/xml",
        "<response_error><response_code>40</response_code><response_desc>x</response_desc></response_error>",
    ));
    let client = Client::new(config(&xml.base_url, Format::Xml)).unwrap();
    let err = client.payment_status(TRX, "INV-1").unwrap_err();
    assert_eq!(
        (err.code(), err.response_code()),
        (ErrorCode::ApiError, Some("40"))
    );
    assert_eq!(
        xml.count("/pws/100004"),
        1,
        "an API answer is final, not retried"
    );
}

#[test]
fn connection_refused_is_transport_not_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::new(config(&format!("http://127.0.0.1:{port}"), Format::Json)).unwrap();
    let err = client.create_transaction(&bill()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transport);
    assert!(
        !err.request_sent(),
        "nothing left the machine: safe to retry create"
    );
}

#[test]
fn an_unknown_host_is_transport_not_sent_and_a_host_name_is_resolved() {
    let mut c = config("http://no-such-host.invalid", Format::Json);
    c.max_retries = 0;
    let err = Client::new(c)
        .unwrap()
        .create_transaction(&bill())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Transport);
    assert!(!err.request_sent(), "{err}");

    // A host name (not an IP literal) goes through the caching resolver; a second client with
    // caching off looks it up for each connection and works the same.
    let server = TestServer::start(faspay_answer);
    let by_name = server.base_url.replace("127.0.0.1", "localhost");
    for ttl in [Duration::from_secs(60), Duration::ZERO] {
        let mut c = config(&by_name, Format::Json);
        c.dns_cache_ttl = ttl;
        let client = Client::new(c).unwrap();
        for _ in 0..3 {
            client
                .payment_status(TRX, "INV-1")
                .expect("status by host name");
        }
    }
}

#[test]
fn pool_and_dns_settings_are_checked() {
    let defaults = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
    assert_eq!(defaults.max_idle_connections, 32);
    assert_eq!(defaults.dns_cache_ttl, Duration::from_secs(60));
    for (field, change) in [
        (
            "max_idle_connections",
            Box::new(|c: &mut Config| c.max_idle_connections = 4097) as Box<dyn Fn(&mut Config)>,
        ),
        (
            "dns_cache_ttl",
            Box::new(|c: &mut Config| c.dns_cache_ttl = Duration::from_secs(3601)),
        ),
    ] {
        let mut c = defaults.clone();
        change(&mut c);
        let err = Client::new(c).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    let mut edge = defaults.clone();
    edge.max_idle_connections = 0;
    edge.dns_cache_ttl = Duration::ZERO;
    Client::new(edge).expect("no pool and no cache are valid choices");
}

#[test]
fn validation_happens_before_any_byte_is_sent() {
    let server = TestServer::start(faspay_answer);
    let client = Client::new(config(&server.base_url, Format::Json)).unwrap();
    let mut b = bill();
    b.bill_currency = Some("USD".into());
    let err = client.create_transaction(&b).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("bill_currency"))
    );
    assert!(!err.request_sent());
    assert!(server.requests().is_empty());
}

#[test]
fn logger_sees_every_attempt_without_secrets() {
    let server = faulty(Action::Respond {
        status: 503,
        content_type: "text/plain",
        body: b"busy".to_vec(),
    });
    let events: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let sink = events.clone();
    let mut c = config(&server.base_url, Format::Json);
    c.logger = Some(Logger(Arc::new(move |e: &LogEvent| {
        sink.lock().unwrap().push(e.clone())
    })));
    let client = Client::new(c).unwrap();
    let err = client.payment_status(TRX, "INV-1").unwrap_err();
    assert_eq!(
        (err.code(), err.http_status()),
        (ErrorCode::Transport, Some(503))
    );
    let events = events.lock().unwrap();
    assert_eq!(
        events.iter().map(|e| e.attempt).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(
        events
            .iter()
            .all(|e| e.status == Some(503) && e.error == Some(ErrorCode::Transport))
    );
    assert_eq!(events[0].path, "/cvr/100004/10");
    for e in events.iter() {
        let text = format!("{e:?} {}", e.summary());
        assert!(!text.contains("p@ssw0rd"), "{text}");
    }
}

#[test]
fn clients_are_shareable_across_threads() {
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<Client>();
    let server = TestServer::start(faspay_answer);
    let client = Arc::new(Client::new(config(&server.base_url, Format::Json)).unwrap());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || c.payment_status(TRX, "INV-1").unwrap().payment_status_code)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), PaymentStatusCode::Success);
    }
}
