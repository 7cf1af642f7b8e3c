//! The Rust code blocks of the READMEs, compiled and run against the offline sandbox: the root
//! README's quick start and sandbox/README.md's example. The code between each pair of markers
//! is the README's block, character for character (the sandbox one indented inside its
//! module): the `..._shows_exactly_this_code` tests fail if they drift apart.

use std::time::Duration;

use faspay_sandbox::{Sandbox, SandboxOptions};

// README begin
use faspay::{Amount, Bill, Client, Config, CreatedTransaction, Item};

fn client(base_url: &str) -> faspay::Result<Client> {
    // Faspay's public sandbox merchant, on the offline sandbox (`faspay sandbox --port 8080`
    // serves "http://127.0.0.1:8080"). Without `with_base_url` the client talks to Faspay:
    // `Environment::Sandbox` by default, or `.with_environment(Environment::Production)`.
    let config =
        Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd").with_base_url(base_url);
    Client::new(config)
}

/// Creates an OVO payment of Rp 15,000 and pushes it to the customer's OVO app.
fn checkout(client: &Client, bill_no: &str) -> faspay::Result<CreatedTransaction> {
    let bill = Bill {
        bill_no: bill_no.into(),
        bill_desc: "Kopi susu".into(),
        bill_total: Some(Amount::rupiah(15_000)),
        payment_channel: "812".into(), // OVO
        cust_no: "42".into(),
        cust_name: "Budi".into(),
        billing_name: Some("Budi".into()), // required for OVO
        msisdn: "081234567890".into(),     // the customer's OVO number
        email: "budi@example.com".into(),
        item: vec![Item {
            product: "Kopi susu".into(),
            qty: "1".into(),
            amount: Some(Amount::rupiah(15_000)),
            ..Item::default()
        }],
        ..Bill::default()
    };
    let created = client.create_transaction(&bill)?; // trx_id, redirect_url, bill_items...
    // Store created.trx_id with the order now. The push blocks until the customer acts (90 s
    // max); one that was sent but not answered (TIMEOUT) may still be approved: keep the bill
    // and let its notification (or payment_status) tell.
    if let Err(err) = client.ovo_push(&created.trx_id, &bill.msisdn) {
        if !err.request_sent() {
            return Err(err);
        }
    }
    Ok(created)
}

/// Your notification endpoint: the raw body in, the reply bytes out (HTTP 200, content type
/// `notification.format.content_type()`).
fn on_notification(client: &Client, body: &[u8], order_total: Amount) -> faspay::Result<Vec<u8>> {
    let notification = client.parse_notification(body)?; // INVALID_SIGNATURE if forged
    // The signature covers bill_no and the status, not amounts: check a payment's total
    // yourself. Other statuses (failed: payment_total 0, expired, ...) are accepted as they are.
    let paid = notification.payment_status_code.is_paid();
    let accepted = !paid || notification.check_total(order_total).is_ok();
    if accepted && paid {
        // Mark the order paid, once per notification.dedupe_key().
    }
    Ok(client.notification_reply(&notification, accepted))
}
// README end

mod sandbox_readme {
    // SANDBOX README begin
    use std::time::Duration;

    use faspay::{Bill, Client};
    use faspay_sandbox::{Sandbox, SandboxOptions};

    /// Creates `bill` on a fresh sandbox, pays it and waits for the signed notification.
    pub fn pay_on_the_sandbox(bill: &Bill, notify_url: &str) -> faspay::Result<Sandbox> {
        let sandbox = Sandbox::start(SandboxOptions {
            notify_url: Some(notify_url.into()), // e.g. "http://127.0.0.1:8000/faspay/notify"
            ..SandboxOptions::default()
        })?;
        let client = Client::new(sandbox.client_config())?; // its base_url and credentials
        let created = client.create_transaction(bill)?;
        sandbox.approve(&created.trx_id)?; // paid (2) + a signed notification to notify_url
        sandbox.advance_clock(Duration::from_secs(86_400)); // expires what is due by then
        assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(5)));
        Ok(sandbox) // sandbox.deliveries(): every attempt, its body and the reply
    }
    // SANDBOX README end
}

/// A sandbox whose notifications go to a closed port: they are recorded, with their bodies,
/// as failed deliveries, which is all this test needs.
fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions {
        push_delay: Duration::ZERO,
        notify_retry_delay: Duration::from_millis(20),
        notify_url: Some(closed_port_url()),
        ..SandboxOptions::default()
    })
    .expect("the sandbox starts")
}

fn reply_code(reply: &[u8]) -> String {
    let fields = faspay::codec::decode(reply, faspay::Format::Json).expect("a JSON reply");
    fields.text("response_code").unwrap_or_default().to_string()
}

#[test]
fn the_quick_start_pays_an_order_and_answers_its_notification() {
    let sandbox = sandbox();
    let client = client(&sandbox.base_url()).unwrap();
    let created = checkout(&client, "README-1").unwrap();
    assert_eq!(created.bill_items[0].amount, Some(Amount::rupiah(15_000)));
    assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(10)));
    let body = sandbox.deliveries()[0].request_body.clone();

    let reply = on_notification(&client, body.as_bytes(), Amount::rupiah(15_000)).unwrap();
    assert_eq!(reply_code(&reply), "00");
    // Another amount than the order's is answered "not accepted", though the signature holds.
    let reply = on_notification(&client, body.as_bytes(), Amount::rupiah(15_001)).unwrap();
    assert_eq!(reply_code(&reply), "99");
    // Junk is an error with a code, not a reply.
    let junk = on_notification(&client, b"<html>hi</html>", Amount::rupiah(1)).unwrap_err();
    assert_eq!(junk.code(), faspay::ErrorCode::InvalidArgument);
}

#[test]
fn the_quick_start_keeps_the_bill_when_the_push_times_out() {
    // The customer answers after the client stopped waiting: checkout still returns the bill,
    // and the approval arrives as a notification for its trx_id.
    let sandbox = Sandbox::start(SandboxOptions {
        push_delay: Duration::from_millis(1500),
        notify_retry_delay: Duration::from_millis(20),
        notify_url: Some(closed_port_url()),
        ..SandboxOptions::default()
    })
    .unwrap();
    let mut config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd")
        .with_base_url(sandbox.base_url());
    config.push_timeout = Duration::from_millis(300);
    let client = Client::new(config).unwrap();
    let created = checkout(&client, "README-3").expect("a push timeout keeps the bill");
    assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(10)));
    let delivery = &sandbox.deliveries()[0];
    assert_eq!(delivery.trx_id, created.trx_id);
    assert!(delivery.payment_status_code.is_paid());
}

#[test]
fn the_quick_start_accepts_a_failed_payment_whose_total_is_zero() {
    let sandbox = sandbox();
    let client = client(&sandbox.base_url()).unwrap();
    let created = checkout(&client, "README-2").unwrap();
    assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(10)));
    let paid = sandbox.deliveries()[0].request_body.clone();
    // The same bill failed (payment_total 0): answered "accepted", or Faspay would retry a
    // notification the shop can never accept.
    let mut failed = faspay::codec::decode(paid.as_bytes(), faspay::Format::Json).unwrap();
    let text = |t: &str| faspay::WireValue::Text(t.into());
    failed.set("payment_status_code", text("3"));
    failed.set("payment_total", text("0"));
    let signature = faspay::notification_signature("bot99999", "p@ssw0rd", "README-2", "3");
    failed.set("signature", text(&signature));
    let body = faspay::codec::encode(&failed, faspay::Format::Json);
    let notification = client.parse_notification(&body).unwrap();
    assert_eq!(notification.trx_id, created.trx_id);
    assert!(!notification.payment_status_code.is_paid());
    let reply = on_notification(&client, &body, Amount::rupiah(15_000)).unwrap();
    assert_eq!(reply_code(&reply), "00");
}

fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}/notify", listener.local_addr().unwrap())
}

#[test]
fn the_sandbox_readme_example_pays_and_notifies() {
    let bill = Bill {
        bill_no: "SANDBOX-README".into(),
        bill_desc: "Kopi".into(),
        bill_total: Some(Amount::rupiah(15_000)),
        payment_channel: "402".into(),
        cust_no: "1".into(),
        cust_name: "Budi".into(),
        msisdn: "0812".into(),
        email: "budi@example.com".into(),
        item: vec![Item {
            product: "Kopi".into(),
            qty: "1".into(),
            amount: Some(Amount::rupiah(15_000)),
            ..Item::default()
        }],
        ..Bill::default()
    };
    let sandbox = sandbox_readme::pay_on_the_sandbox(&bill, &closed_port_url()).unwrap();
    let delivery = &sandbox.deliveries()[0];
    assert_eq!(delivery.bill_no, "SANDBOX-README");
    assert_eq!(delivery.payment_status_code.value(), 2);
}

/// The block between `begin` and `end` in this file, and the first `rust` block of `readme`.
fn tested_and_shown(begin: &str, end: &str, indent: &str, readme: &str) -> (String, String) {
    let this = include_str!("readme.rs");
    let from = this.find(begin).unwrap() + begin.len();
    let to = this.find(end).unwrap();
    let tested: String = this[from..to]
        .lines()
        .map(|l| l.strip_prefix(indent).unwrap_or(l))
        .map(|l| format!("{l}\n"))
        .collect();
    let block = readme
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a rust code block");
    (tested, block.to_string())
}

#[test]
fn the_sandbox_readme_shows_exactly_this_code() {
    let (tested, shown) = tested_and_shown(
        "// SANDBOX README begin\n",
        "    // SANDBOX README end\n",
        "    ",
        include_str!("../README.md"),
    );
    assert_eq!(
        shown, tested,
        "sandbox/README.md's example differs from sandbox/tests/readme.rs"
    );
}

#[test]
fn the_readme_shows_exactly_this_code() {
    let (tested, shown) = tested_and_shown(
        "// README begin\n",
        "// README end\n",
        "",
        include_str!("../../README.md"),
    );
    assert_eq!(
        shown, tested,
        "README.md's Rust quick start differs from sandbox/tests/readme.rs"
    );
}
