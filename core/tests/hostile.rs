//! The hostile-input table: every attack on the readers of untrusted bytes (notifications,
//! return URLs, Faspay's answers) that RELIABILITY.md lists, each refused with its exact code.

use faspay::{Client, Config, Error, ErrorCode, Format, Operation, notification_signature};

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
