//! Payment notifications to a test merchant that verifies them with the core client and
//! answers with `notification_reply`: JSON and XML, retries on refusal or HTTP 500, and a
//! record of every attempt. Every request the sandbox received and every notification it sent
//! is re-checked by the independent oracle.

mod common;

use std::time::Duration;

use common::oracle::{self, Checked};
use common::{Merchant, MerchantMode};
use faspay::{Amount, Format, PaymentStatusCode};
use faspay_sandbox::{Sandbox, SandboxOptions};

const WAIT: Duration = Duration::from_secs(10);

fn sandbox_notifying(merchant_mode: MerchantMode, format: Format) -> (Checked, Merchant) {
    let sandbox = common::checked_sandbox();
    let merchant = Merchant::start(sandbox.client_config(), merchant_mode);
    sandbox.set_notify_url(Some(merchant.url.clone()));
    sandbox.set_notify_format(format);
    (sandbox, merchant)
}

#[test]
fn paid_failed_and_expired_bills_are_notified_and_verified() {
    for format in [Format::Json, Format::Xml] {
        let (sandbox, merchant) = sandbox_notifying(MerchantMode::Accept, format);
        let client = common::client(&sandbox, Format::Json);
        let f = format.as_str();
        let paid = client
            .create_transaction(&common::bill(&format!("N-PAY-{f}"), "812"))
            .unwrap();
        let failed = client
            .create_transaction(&common::bill(&format!("N-FAIL-{f}"), "812"))
            .unwrap();
        let expired = client
            .create_transaction(&common::bill(&format!("N-EXP-{f}"), "812"))
            .unwrap();
        client.ovo_push(&paid.trx_id, "081234567890").unwrap();
        client.ovo_push(&failed.trx_id, "081234567000").unwrap();
        sandbox.advance_clock(Duration::from_secs(2 * 24 * 3600));
        assert!(sandbox.wait_for_deliveries(3, WAIT), "three notifications");
        let deliveries = sandbox.deliveries();
        assert_eq!(deliveries.len(), 3);
        assert!(deliveries.iter().all(|d| d.accepted && d.attempt == 1));
        assert!(
            deliveries
                .iter()
                .all(|d| d.format == format && d.http_status == Some(200))
        );
        assert!(
            deliveries
                .iter()
                .all(|d| d.url == merchant.url && d.error.is_none())
        );
        assert_eq!(
            merchant.invalid.load(std::sync::atomic::Ordering::SeqCst),
            0
        );
        let received = merchant.received();
        let status_of = |trx: &str| {
            received
                .iter()
                .find(|n| n.trx_id == trx)
                .map(|n| n.payment_status_code)
        };
        assert_eq!(status_of(&paid.trx_id), Some(PaymentStatusCode::Success));
        assert_eq!(status_of(&failed.trx_id), Some(PaymentStatusCode::Failed));
        assert_eq!(status_of(&expired.trx_id), Some(PaymentStatusCode::Expired));
        let paid_note = received.iter().find(|n| n.trx_id == paid.trx_id).unwrap();
        assert_eq!(paid_note.format, format);
        assert_eq!(paid_note.bill_total, Some(Amount::rupiah(15_000)));
        assert_eq!(paid_note.payment_total, Some(Amount::rupiah(15_000)));
        assert_eq!(paid_note.payment_channel_uid, "812");
        assert_eq!(paid_note.payment_channel, "OVO");
        assert!(paid_note.payment_reff.is_some());
        let failed_note = received.iter().find(|n| n.trx_id == failed.trx_id).unwrap();
        assert_eq!(failed_note.payment_total, Some(Amount::rupiah(0)));
    }
}

#[test]
fn the_signature_includes_the_status_code() {
    let (sandbox, _merchant) = sandbox_notifying(MerchantMode::Accept, Format::Json);
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("N-SIG", "702"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    assert!(sandbox.wait_for_deliveries(1, WAIT));
    let body: serde_json::Value =
        serde_json::from_str(&sandbox.deliveries()[0].request_body).unwrap();
    assert_eq!(body["payment_status_code"], "2");
    assert_eq!(
        body["signature"],
        oracle::signature("bot99999", "p@ssw0rd", "N-SIG2"),
        "the oracle's formula over bill_no + status code"
    );
    assert_eq!(body["request"], "Payment Notification");
    assert_eq!(body["bill_total"], "1500000", "sen on the wire");
}

#[test]
fn refused_notifications_are_retried_up_to_the_limit() {
    for (mode, status) in [(MerchantMode::Refuse, 200), (MerchantMode::Fail, 500)] {
        for format in [Format::Json, Format::Xml] {
            let (sandbox, merchant) = sandbox_notifying(mode, format);
            sandbox.set_notify_retries(2, Duration::from_millis(20));
            let client = common::client(&sandbox, format);
            let created = client
                .create_transaction(&common::bill("N-RETRY", "702"))
                .unwrap();
            sandbox.approve(&created.trx_id).unwrap();
            assert!(sandbox.wait_for_deliveries(3, WAIT));
            // No fourth attempt comes later: once nothing is pending, nothing more can come.
            assert!(common::wait_until(WAIT, || sandbox.pending_notifications() == 0));
            let deliveries = sandbox.deliveries();
            assert_eq!(deliveries.len(), 3, "{mode:?} {format:?}");
            assert_eq!(sandbox.pending_notifications(), 0);
            let attempts: Vec<u32> = deliveries.iter().map(|d| d.attempt).collect();
            assert_eq!(attempts, vec![1, 2, 3]);
            for d in &deliveries {
                assert!(!d.accepted);
                assert_eq!(d.http_status, Some(status));
                let error = d.error.clone().unwrap_or_default();
                match mode {
                    MerchantMode::Refuse => assert!(error.contains("99"), "{error}"),
                    _ => assert!(error.contains("500"), "{error}"),
                }
                assert_eq!(d.payment_status_code, PaymentStatusCode::Success);
            }
            assert_eq!(merchant.hits.load(std::sync::atomic::Ordering::SeqCst), 3);
        }
    }
}

#[test]
fn a_merchant_that_recovers_stops_the_retries() {
    let (sandbox, merchant) = sandbox_notifying(MerchantMode::FailFirst(2), Format::Xml);
    sandbox.set_notify_retries(3, Duration::from_millis(20));
    let client = common::client(&sandbox, Format::Xml);
    let created = client
        .create_transaction(&common::bill("N-RECOVER", "702"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    assert!(sandbox.wait_for_deliveries(3, WAIT));
    assert!(common::wait_until(WAIT, || sandbox.pending_notifications() == 0));
    let deliveries = sandbox.deliveries();
    let outcome: Vec<(u32, bool)> = deliveries.iter().map(|d| (d.attempt, d.accepted)).collect();
    assert_eq!(outcome, vec![(1, false), (2, false), (3, true)]);
    assert_eq!(merchant.received().len(), 1);
    let reply = deliveries[2].reply_body.clone().unwrap();
    assert!(
        reply.contains("<response_code>00</response_code>"),
        "{reply}"
    );
}

#[test]
fn unreachable_merchants_are_recorded_without_status() {
    let sandbox = Checked(
        Sandbox::start(SandboxOptions {
            notify_url: Some("http://127.0.0.1:9/notify".into()),
            notify_max_retries: 1,
            ..common::fast_options()
        })
        .unwrap(),
    );
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("N-DOWN", "702"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    assert!(sandbox.wait_for_deliveries(2, WAIT));
    let deliveries = sandbox.deliveries();
    assert!(
        deliveries
            .iter()
            .all(|d| d.http_status.is_none() && !d.accepted)
    );
    assert!(deliveries.iter().all(|d| d.error.is_some()));
}

#[test]
fn no_notify_url_and_cancels_send_nothing() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("N-NONE", "702"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    let (sandbox2, _merchant) = sandbox_notifying(MerchantMode::Accept, Format::Json);
    let client2 = common::client(&sandbox2, Format::Json);
    let c = client2
        .create_transaction(&common::bill("N-CANCEL", "702"))
        .unwrap();
    client2
        .cancel_transaction(&c.trx_id, "N-CANCEL", "no")
        .unwrap();
    // Notifications are queued synchronously by the status change: nothing queued now means
    // nothing will ever be sent.
    assert_eq!(sandbox.pending_notifications(), 0);
    assert_eq!(sandbox2.pending_notifications(), 0);
    assert!(!sandbox.wait_for_deliveries(1, Duration::from_millis(200)));
    assert!(!sandbox2.wait_for_deliveries(1, Duration::from_millis(200)));
}

#[test]
fn absurd_delays_neither_panic_nor_lose_attempts() {
    let (sandbox, _merchant) = sandbox_notifying(MerchantMode::Refuse, Format::Json);
    // A retry delay past the clock's range used to overflow and kill the sender thread.
    sandbox.set_notify_retries(3, Duration::MAX);
    let client = common::client(&sandbox, Format::Json);
    for bill_no in ["N-HUGE-1", "N-HUGE-2"] {
        let created = client
            .create_transaction(&common::bill(bill_no, "702"))
            .unwrap();
        sandbox.approve(&created.trx_id).unwrap();
    }
    // Both first attempts are recorded (a bounded wait: a hang fails instead of hanging).
    assert!(sandbox.wait_for_deliveries(2, WAIT));
    // An unbounded timeout is accepted without a panic (the count is reached: no wait).
    assert!(sandbox.wait_for_deliveries(2, Duration::MAX));
    let attempts: Vec<u32> = sandbox.deliveries().iter().map(|d| d.attempt).collect();
    assert_eq!(attempts, vec![1, 1]);
    // An attempt is recorded a moment before its job leaves the in-flight count.
    common::wait_until(WAIT, || sandbox.pending_notifications() == 2);
    assert_eq!(
        sandbox.pending_notifications(),
        2,
        "the retries stay scheduled"
    );
}
