//! The hostile-input table: every attack on the readers of untrusted bytes (notifications,
//! return URLs, Faspay's answers) that RELIABILITY.md lists, each refused with its exact code.

use std::sync::{Arc, Mutex};

use faspay::{
    Amount, Bill, Client, Config, Environment, Error, ErrorCode, Format, Item, LogEvent, Logger,
    Operation, bill_no, notification_signature, redirect_signature, return_url_signature,
};

const USER: &str = "bot99999";
const PASSWORD: &str = "p@ssw0rd";

fn client() -> Client {
    Client::new(Config::new("99999", "Sophia Store", USER, PASSWORD)).unwrap()
}

/// The fields of a genuine "paid" notification for `bill_no`.
fn paid_fields(bill_no: &str) -> Vec<(String, String)> {
    [
        ("request", "Payment Notification"),
        ("trx_id", "9999971600246827"),
        ("merchant_id", "99999"),
        ("merchant", "Sophia Store"),
        ("bill_no", bill_no),
        ("payment_reff", "123456"),
        ("payment_date", "2026-11-23 10:05:00"),
        ("payment_status_code", "2"),
        ("payment_status_desc", "Payment Sukses"),
        ("bill_total", "1500000"),
        ("payment_total", "1500000"),
        ("payment_channel_uid", "812"),
        ("payment_channel", "OVO"),
        (
            "signature",
            &notification_signature(USER, PASSWORD, bill_no, "2"),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn json_body(fields: &[(String, String)]) -> Vec<u8> {
    let members: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", serde_json::json!(k), serde_json::json!(v)))
        .collect();
    format!("{{{}}}", members.join(",")).into_bytes()
}

fn xml_body(fields: &[(String, String)]) -> Vec<u8> {
    let inner: String = fields
        .iter()
        .map(|(k, v)| format!("<{k}>{v}</{k}>"))
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>{inner}</faspay>").into_bytes()
}

/// `fields` with `key` set to `value`.
fn with(fields: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == key {
                    value.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

/// Asserts the error code (and the field, for `INVALID_ARGUMENT`).
fn assert_refused(
    result: faspay::Result<impl std::fmt::Debug>,
    code: ErrorCode,
    field: Option<&str>,
) {
    let err: Error = result.expect_err("hostile input must be refused");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.field(), field, "{err}");
}

fn parse(body: impl AsRef<[u8]>) -> faspay::Result<faspay::Notification> {
    client().parse_notification(body.as_ref())
}

#[test]
fn the_genuine_notification_is_accepted_in_both_formats() {
    let fields = paid_fields("1000");
    assert!(
        parse(json_body(&fields))
            .unwrap()
            .payment_status_code
            .is_paid()
    );
    assert!(
        parse(xml_body(&fields))
            .unwrap()
            .payment_status_code
            .is_paid()
    );
}

#[test]
fn quadratic_xml_many_distinct_names_is_refused() {
    // The reported attack: `<k0/><k1/>…` took 113 s at 2.5 MB. The default size limit refuses
    // it before parsing; with the limit raised, the per-object cap on distinct names does.
    let names: String = (0..300_000).map(|i| format!("<k{i}/>")).collect();
    let body = format!("<faspay>{names}</faspay>");
    assert!(body.len() > 2_500_000);
    assert_refused(parse(&body), ErrorCode::InvalidArgument, Some("body"));
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.max_inbound_bytes = 16 << 20;
    let err = Client::new(config)
        .unwrap()
        .parse_notification(body.as_bytes())
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("body"))
    );
    assert!(err.message().contains("distinct fields"), "{err}");
}

#[test]
fn ten_megabyte_bodies_are_refused_before_parsing() {
    let json = format!("{{\"a\":[{}0]}}", "0,".repeat(5 << 20));
    let err = parse(&json).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("body"))
    );
    assert!(err.message().contains("max_inbound_bytes"), "{err}");
    let xml = format!("<faspay>{}</faspay>", "<k/>".repeat(2_600_000));
    assert_refused(parse(&xml), ErrorCode::InvalidArgument, Some("body"));
    // Just under the default limit, a padded genuine notification still goes through.
    let mut fields = paid_fields("1000");
    fields.push(("padding".into(), "x".repeat(60_000)));
    assert!(parse(json_body(&fields)).is_ok());
}

#[test]
fn the_inbound_limit_is_a_setting() {
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.max_inbound_bytes = 100;
    let small = Client::new(config).unwrap();
    assert_refused(
        small.parse_notification(&json_body(&paid_fields("1000"))),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    assert_refused(
        small.verify_return(&format!("bill_no=1&status=2&signature={}", "0".repeat(100))),
        ErrorCode::InvalidArgument,
        Some("query"),
    );
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.max_inbound_bytes = 0;
    assert_refused(
        Client::new(config),
        ErrorCode::InvalidArgument,
        Some("max_inbound_bytes"),
    );
}

#[test]
fn deep_nesting_is_refused() {
    let json = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.max_inbound_bytes = 1 << 20;
    let client = Client::new(config).unwrap();
    assert_refused(
        client.parse_notification(json.as_bytes()),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    let xml = format!(
        "<faspay>{}{}</faspay>",
        "<a>".repeat(50_000),
        "</a>".repeat(50_000)
    );
    assert_refused(
        client.parse_notification(xml.as_bytes()),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    // The same nesting in an answer from "Faspay" is a malformed response.
    let err = client
        .decode_response(Operation::PaymentStatus, 200, json.as_bytes())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedResponse);
}

#[test]
fn many_distinct_json_keys_and_return_parameters_are_refused() {
    let keys: Vec<String> = (0..300).map(|i| format!("\"k{i}\":\"v\"")).collect();
    let body = format!("{{{}}}", keys.join(","));
    assert_refused(parse(&body), ErrorCode::InvalidArgument, Some("body"));
    let query: Vec<String> = (0..300).map(|i| format!("k{i}=v")).collect();
    assert_refused(
        client().verify_return(&query.join("&")),
        ErrorCode::InvalidArgument,
        Some("query"),
    );
}

#[test]
fn format_is_sniffed_not_trusted() {
    // A body is read by what it is, whatever the merchant's configured format.
    let client =
        Client::new(Config::new("99999", "Sophia Store", USER, PASSWORD).with_format(Format::Xml))
            .unwrap();
    assert!(
        client
            .parse_notification(&json_body(&paid_fields("1000")))
            .is_ok()
    );
}

#[test]
fn xml_entity_attacks_are_refused() {
    let fields = paid_fields("1000");
    let genuine = String::from_utf8(xml_body(&fields)).unwrap();
    let inner = genuine.split_once("<faspay>").unwrap().1;
    // XXE: an external entity reading a local file.
    let xxe = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE faspay [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><faspay><merchant>&x;</merchant>{inner}"
    );
    assert_refused(parse(&xxe), ErrorCode::InvalidArgument, Some("body"));
    // Billion laughs: nested entity expansion.
    let mut laughs = String::from("<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    let bomb = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE faspay [{laughs}]><faspay><merchant>&l9;</merchant>{inner}"
    );
    assert_refused(parse(&bomb), ErrorCode::InvalidArgument, Some("body"));
    // Any DTD at all, even an empty one.
    let dtd = format!("<!DOCTYPE faspay><faspay>{inner}");
    assert_refused(parse(&dtd), ErrorCode::InvalidArgument, Some("body"));
    // An undeclared entity is not expanded: it stays literal text (and is unsigned anyway).
    let literal = genuine.replace("<merchant>Sophia Store", "<merchant>&x;");
    assert_eq!(parse(&literal).unwrap().merchant, "&x;");
}

#[test]
fn broken_bytes_are_refused() {
    let fields = paid_fields("1000");
    // Invalid UTF-8 inside a value, in both formats.
    for body in [json_body(&fields), xml_body(&fields)] {
        let text = String::from_utf8(body).unwrap();
        let at = text.find("Sophia").unwrap();
        let mut bytes = text.into_bytes();
        bytes[at] = 0xFF;
        assert_refused(parse(&bytes), ErrorCode::InvalidArgument, Some("body"));
    }
    // NUL bytes: around the body, and inside a value.
    let mut nul_prefixed = vec![0u8; 12];
    nul_prefixed.extend(json_body(&fields));
    assert_refused(
        parse(&nul_prefixed),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    assert_refused(parse([0u8; 12]), ErrorCode::InvalidArgument, Some("body"));
    let nul_in_xml = String::from_utf8(xml_body(&fields))
        .unwrap()
        .replace("Sophia", "Sop\0hia");
    assert_refused(parse(&nul_in_xml), ErrorCode::InvalidArgument, Some("body"));
    let nul_ref_in_xml = String::from_utf8(xml_body(&fields))
        .unwrap()
        .replace("Sophia", "Sop&#0;hia");
    assert_refused(
        parse(&nul_ref_in_xml),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    // A NUL in a JSON string is escaped text, unsigned: read as is.
    let nul_in_json = with(&fields, "merchant", "Sop\0hia");
    assert_eq!(parse(json_body(&nul_in_json)).unwrap().merchant, "Sop\0hia");
    // Empty, blank, and neither format.
    for body in [
        &b""[..],
        b"   ",
        b"bill_no=1000&payment_status_code=2",
        b"[]",
        b"\"x\"",
    ] {
        assert_refused(parse(body), ErrorCode::InvalidArgument, Some("body"));
    }
}

#[test]
fn a_utf8_bom_is_accepted_in_both_formats() {
    let fields = paid_fields("1000");
    for body in [json_body(&fields), xml_body(&fields)] {
        let mut bommed = b"\xEF\xBB\xBF".to_vec();
        bommed.extend(body);
        assert!(parse(&bommed).unwrap().payment_status_code.is_paid());
    }
}

#[test]
fn conflicting_duplicates_are_refused() {
    let fields = paid_fields("1000");
    // JSON: a second bill_no (one reader takes the first, another the last).
    let mut dup = fields.clone();
    dup.push(("bill_no".into(), "EVIL".into()));
    assert_refused(
        parse(json_body(&dup)),
        ErrorCode::InvalidArgument,
        Some("body"),
    );
    // XML: a repeated element is a list, not a value: refused, and said to be repeated (not
    // missing, which would send the reader looking for an absent field).
    let err = parse(xml_body(&dup)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("bill_no"))
    );
    assert!(err.message().contains("is repeated"), "{err}");
    let mut dup_status = fields.clone();
    dup_status.push(("payment_status_code".into(), "2".into()));
    let err = parse(xml_body(&dup_status)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("payment_status_code"))
    );
    assert!(err.message().contains("is repeated"), "{err}");
    let sig = notification_signature(USER, PASSWORD, "1000", "2");
    let mut dup_signature = fields.clone();
    dup_signature.push(("signature".into(), sig));
    let err = parse(xml_body(&dup_signature)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidSignature);
    assert!(err.message().contains("more than one signature"), "{err}");
    // Return URL: repeated parameters, whichever copy is genuine.
    let sig = return_url_signature(USER, PASSWORD, "1000", "2");
    for query in [
        format!("bill_no=EVIL&status=2&bill_no=1000&signature={sig}"),
        format!("bill_no=1000&status=2&bill_no=EVIL&signature={sig}"),
        format!("bill_no=1000&status=2&signature={sig}&signature={sig}"),
    ] {
        let err = client().verify_return(&query).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{err}");
        assert!(
            matches!(err.field(), Some("bill_no" | "signature")),
            "{err}"
        );
    }
    let pairs = vec![
        ("bill_no".to_string(), "1000".to_string()),
        ("status".to_string(), "2".to_string()),
        ("bill_no".to_string(), "1000".to_string()),
        ("signature".to_string(), sig.clone()),
    ];
    assert_refused(
        client().verify_return_pairs(pairs),
        ErrorCode::InvalidArgument,
        Some("bill_no"),
    );
    assert!(
        client()
            .verify_return(&format!("bill_no=1000&status=2&signature={sig}"))
            .is_ok()
    );
}

#[test]
fn numbers_for_strings_and_unreadable_totals() {
    // JSON numbers where Faspay writes strings are read as their text.
    let body = String::from_utf8(json_body(&paid_fields("1000")))
        .unwrap()
        .replace("\"payment_total\":\"1500000\"", "\"payment_total\":1500000")
        .replace("\"payment_status_code\":\"2\"", "\"payment_status_code\":2");
    let n = parse(&body).unwrap();
    assert_eq!(n.payment_total, Some(Amount::rupiah(15_000)));
    // A number as bill_no is text too, and verified as such.
    let numeric = String::from_utf8(json_body(&paid_fields("1000")))
        .unwrap()
        .replace("\"bill_no\":\"1000\"", "\"bill_no\":1000");
    assert_eq!(parse(&numeric).unwrap().bill_no, "1000");
    // Totals that are not amounts in sen are errors naming the field, never a silent None.
    for bad in ["abc", "-100", "1.5", "1e5", "0x10", "99999999999999999999"] {
        for key in ["payment_total", "bill_total"] {
            let fields = with(&paid_fields("1000"), key, bad);
            assert_refused(
                parse(json_body(&fields)),
                ErrorCode::InvalidArgument,
                Some(key),
            );
        }
    }
    // Two totals (repeated XML elements) or a JSON array or object: refused, not absent.
    for key in ["payment_total", "bill_total"] {
        let mut twice = paid_fields("1000");
        twice.push((key.into(), "100".into()));
        assert_refused(
            parse(xml_body(&twice)),
            ErrorCode::InvalidArgument,
            Some(key),
        );
        for nested in ["[\"1500000\",\"100\"]", "{\"a\":\"1\"}", "[]"] {
            let body = String::from_utf8(json_body(&paid_fields("1000")))
                .unwrap()
                .replace(
                    &format!("\"{key}\":\"1500000\""),
                    &format!("\"{key}\":{nested}"),
                );
            assert_refused(parse(&body), ErrorCode::InvalidArgument, Some(key));
        }
    }
    // Absent, blank and the literal null read as absent.
    for absent in ["", "  ", "null"] {
        let fields = with(&paid_fields("1000"), "payment_total", absent);
        assert_eq!(parse(json_body(&fields)).unwrap().payment_total, None);
    }
    let float = String::from_utf8(json_body(&paid_fields("1000")))
        .unwrap()
        .replace(
            "\"payment_total\":\"1500000\"",
            "\"payment_total\":1500000.0",
        );
    assert_refused(
        parse(&float),
        ErrorCode::InvalidArgument,
        Some("payment_total"),
    );
}

#[test]
fn signature_attacks_are_refused() {
    let fields = paid_fields("1000");
    // Another merchant's genuine-looking notification.
    let other = with(&fields, "merchant_id", "12345");
    assert_refused(parse(json_body(&other)), ErrorCode::InvalidSignature, None);
    // Status-less signature (the docs' sample form, public in the redirect URL).
    let status_less = with(
        &fields,
        "signature",
        &redirect_signature(USER, PASSWORD, "1000"),
    );
    assert_refused(
        parse(json_body(&status_less)),
        ErrorCode::InvalidSignature,
        None,
    );
    // Signed for "failed", claims "paid".
    let wrong_status = with(
        &fields,
        "signature",
        &notification_signature(USER, PASSWORD, "1000", "3"),
    );
    assert_refused(
        parse(json_body(&wrong_status)),
        ErrorCode::InvalidSignature,
        None,
    );
    // A zero-padded status cannot stretch the prefix trick.
    let padded = with(
        &with(&fields, "payment_status_code", "02"),
        "signature",
        &notification_signature(USER, PASSWORD, "1000", "02"),
    );
    let err = parse(json_body(&padded)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("payment_status_code"))
    );
    // "02" is a number: the message says what is wanted instead of "is not a number".
    assert!(err.message().contains("exactly one digit"), "{err}");
    // Missing or empty signature, truncated signature.
    let no_sig: Vec<_> = fields
        .iter()
        .filter(|(k, _)| k != "signature")
        .cloned()
        .collect();
    assert_refused(parse(json_body(&no_sig)), ErrorCode::InvalidSignature, None);
    assert_refused(
        parse(json_body(&with(&fields, "signature", ""))),
        ErrorCode::InvalidSignature,
        None,
    );
    let sig = notification_signature(USER, PASSWORD, "1000", "2");
    assert_refused(
        parse(json_body(&with(&fields, "signature", &sig[..39]))),
        ErrorCode::InvalidSignature,
        None,
    );
    // An uppercase-hex signature is the same signature.
    let upper = with(&fields, "signature", &sig.to_uppercase());
    assert!(
        parse(json_body(&upper))
            .unwrap()
            .payment_status_code
            .is_paid()
    );
}

#[test]
fn replays_with_changed_unsigned_fields_keep_one_dedupe_key() {
    // The reported attack: one real payment's return-URL signature (the same value as the
    // notification's) resent three times with other trx_ids, one claiming Rp 1.
    let genuine = parse(json_body(&paid_fields("1000"))).unwrap();
    let replays = [
        with(&paid_fields("1000"), "trx_id", "1111111111111111"),
        with(
            &with(&paid_fields("1000"), "trx_id", "2222222222222222"),
            "payment_total",
            "100",
        ),
        with(
            &with(&paid_fields("1000"), "payment_reff", "other"),
            "payment_date",
            "2030-01-01 00:00:00",
        ),
    ];
    for replay in replays {
        let n = parse(json_body(&replay)).unwrap();
        assert_eq!(n.dedupe_key(), genuine.dedupe_key());
    }
    assert_eq!(genuine.dedupe_key(), "99999:1000:2");
    // The return URL's own signature verifies as a notification: same key, so applied once.
    let from_return_url = with(
        &paid_fields("1000"),
        "signature",
        &return_url_signature(USER, PASSWORD, "1000", "2"),
    );
    assert_eq!(
        parse(json_body(&from_return_url)).unwrap().dedupe_key(),
        "99999:1000:2"
    );
}

#[test]
fn a_status_inquiry_names_the_event_with_the_notifications_key() {
    // A shop that reconciles with payment_status must find the event a notification already
    // applied (and the other way round): both give the same key for the same event.
    let notification = parse(json_body(&paid_fields("1000"))).unwrap();
    let answer = br#"{"response":"Inquiry Status Payment","trx_id":"9999900000001000",
        "merchant_id":"99999","merchant":"Sophia Store","bill_no":"1000",
        "payment_reff":"r1","payment_date":"2026-01-01 10:00:00","payment_status_code":"2",
        "payment_status_desc":"Payment Sukses","payment_total":"1500000",
        "response_code":"00","response_desc":"Success"}"#;
    let status = match client()
        .decode_response(Operation::PaymentStatus, 200, answer)
        .unwrap()
    {
        faspay::Response::PaymentStatus(status) => status,
        other => panic!("not a status answer: {other:?}"),
    };
    assert_eq!(status.dedupe_key(), notification.dedupe_key());
    assert_eq!(status.dedupe_key(), "99999:1000:2");
}

#[test]
fn prefix_collisions_need_variable_length_bill_numbers() {
    // The protocol weakness: the public redirect signature of bill 10002 is a valid "paid"
    // signature for bill 1000. The SDK cannot refuse it (it is a genuine signature), so it
    // warns about numberings that allow it...
    let forged = with(
        &paid_fields("1000"),
        "signature",
        &redirect_signature(USER, PASSWORD, "10002"),
    );
    assert!(
        parse(json_body(&forged))
            .unwrap()
            .payment_status_code
            .is_paid()
    );
    assert!(bill_no::prefix_risk(&["1000", "10002"]).is_some());
    // ...and fixed-length numbers rule it out: a redirect signature of one generated number
    // never verifies as a notification for another (it would need a 15-character bill).
    let a = bill_no::generate().unwrap();
    let b = bill_no::generate().unwrap();
    assert_eq!(
        (a.len(), b.len()),
        (bill_no::GENERATED_LEN, bill_no::GENERATED_LEN)
    );
    let from_b = with(
        &paid_fields(&a),
        "signature",
        &redirect_signature(USER, PASSWORD, &b),
    );
    assert_refused(parse(json_body(&from_b)), ErrorCode::InvalidSignature, None);
    assert_eq!(bill_no::prefix_risk(&[a, b]), None);
}

fn bill(bill_no: &str) -> Bill {
    Bill {
        bill_no: bill_no.into(),
        bill_desc: "Kopi".into(),
        bill_total: Some(Amount::rupiah(25_000)),
        payment_channel: "812".into(),
        cust_no: "42".into(),
        cust_name: "Budi".into(),
        billing_name: Some("Budi".into()),
        msisdn: "081234567890".into(),
        email: "budi@example.com".into(),
        item: vec![Item {
            product: "Kopi".into(),
            qty: "1".into(),
            amount: Some(Amount::rupiah(25_000)),
            ..Item::default()
        }],
        ..Bill::default()
    }
}

#[test]
fn the_client_warns_once_about_a_variable_length_numbering() {
    let events: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let sink = events.clone();
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.logger = Some(Logger(Arc::new(move |e: &LogEvent| {
        sink.lock().unwrap().push(e.clone())
    })));
    let client = Client::new(config).unwrap();
    for no in ["1000", "1001", "1002"] {
        client.prepare_create_transaction(&bill(no)).unwrap();
    }
    assert!(
        events.lock().unwrap().is_empty(),
        "one fixed length: no warning"
    );
    for no in ["10002", "10003", "999"] {
        client.prepare_create_transaction(&bill(no)).unwrap();
    }
    let events = events.lock().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let warning = events[0].warning.as_deref().unwrap();
    assert!(warning.contains("fixed length"), "{warning}");
    assert_eq!(
        (events[0].operation, events[0].attempt, events[0].status),
        ("create_transaction", 0, None)
    );
    assert!(
        events[0]
            .summary()
            .starts_with("create_transaction warning: ")
    );
    // Generated numbers never trigger it.
    let quiet: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let sink = quiet.clone();
    let mut config = Config::new("99999", "Sophia Store", USER, PASSWORD);
    config.logger = Some(Logger(Arc::new(move |e: &LogEvent| {
        sink.lock().unwrap().push(e.clone())
    })));
    let client = Client::new(config).unwrap();
    for _ in 0..200 {
        client
            .prepare_create_transaction(&bill(&bill_no::generate().unwrap()))
            .unwrap();
    }
    assert!(quiet.lock().unwrap().is_empty());
}

#[test]
fn plain_http_is_refused_in_production_unless_opted_in() {
    let production = || {
        Config::new("99999", "Sophia Store", USER, PASSWORD)
            .with_environment(Environment::Production)
    };
    assert_refused(
        Client::new(production().with_base_url("http://web.faspay.co.id")),
        ErrorCode::InvalidArgument,
        Some("base_url"),
    );
    let mut opted_in = production().with_base_url("http://127.0.0.1:8080");
    opted_in.allow_insecure_http = true;
    assert!(Client::new(opted_in).is_ok());
    assert!(Client::new(production().with_base_url("https://web.faspay.co.id")).is_ok());
    assert!(Client::new(production()).is_ok());
    // The sandbox environment may use the offline sandbox over plain HTTP.
    let sandbox =
        Config::new("99999", "Sophia Store", USER, PASSWORD).with_base_url("http://127.0.0.1:8080");
    assert!(Client::new(sandbox).is_ok());
}

#[test]
fn hostile_responses_are_malformed_not_trusted() {
    let c = client();
    for body in [
        &b"<!DOCTYPE faspay [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><faspay><response_code>00</response_code></faspay>"[..],
        b"<html><body>502</body></html>",
        b"{\"response_code\":\"00\",\"response_code\":\"00\"}",
        b"\xFF\xFE{}",
        b"{\"response_code\":\"00\"",
    ] {
        for op in Operation::ALL {
            if op == Operation::OvoPush {
                continue;
            }
            let err = c.decode_response(op, 200, body).unwrap_err();
            assert_eq!(err.code(), ErrorCode::MalformedResponse, "{op:?}: {err}");
        }
    }
}
