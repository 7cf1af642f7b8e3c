//! Transaction lifecycle through the client and the library: paid, failed, expired (with the
//! sandbox clock), cancelled, refusals, and the request checks the client would not let
//! through (posted as raw bytes).

mod common;

use std::time::Duration;

use faspay::{ErrorCode, FaspayDateTime, Format, PaymentStatusCode};
use serde_json::Value;

#[test]
fn approve_and_reject_settle_pending_bills() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let paid = client
        .create_transaction(&common::bill("LC-PAY", "702"))
        .unwrap();
    let failed = client
        .create_transaction(&common::bill("LC-FAIL", "702"))
        .unwrap();
    sandbox.approve(&paid.trx_id).unwrap();
    sandbox.reject(&failed.trx_id).unwrap();
    let status = |trx: &str, bill: &str| {
        client
            .payment_status(trx, bill)
            .unwrap()
            .payment_status_code
    };
    assert_eq!(status(&paid.trx_id, "LC-PAY"), PaymentStatusCode::Success);
    assert_eq!(status(&failed.trx_id, "LC-FAIL"), PaymentStatusCode::Failed);
    let view = sandbox.transaction(&paid.trx_id).unwrap();
    assert!(view.payment_date.is_some() && view.payment_reff.is_some());
    // Only pending bills move.
    let err = sandbox.reject(&paid.trx_id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert_eq!(
        sandbox.approve("0000000000000000").unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn the_clock_expires_bills_past_bill_expired() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Xml);
    let now = FaspayDateTime::now();
    let mut bill = common::bill("LC-EXP", "812");
    bill.bill_date = Some(now);
    bill.bill_expired = Some(now.plus(Duration::from_secs(3600)));
    let created = client.create_transaction(&bill).unwrap();
    sandbox.advance_clock(Duration::from_secs(1800));
    let status = client.payment_status(&created.trx_id, "LC-EXP").unwrap();
    assert_eq!(status.payment_status_code, PaymentStatusCode::Unprocessed);
    sandbox.advance_clock(Duration::from_secs(1801));
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Expired
    );
    let status = client.payment_status(&created.trx_id, "LC-EXP").unwrap();
    assert_eq!(status.payment_status_code, PaymentStatusCode::Expired);
    // An expired bill can neither be pushed nor cancelled.
    let err = client
        .ovo_push(&created.trx_id, "081234567890")
        .unwrap_err();
    assert_eq!(err.response_code(), Some("54"));
    let err = client
        .cancel_transaction(&created.trx_id, "LC-EXP", "late")
        .unwrap_err();
    assert_eq!(err.response_code(), Some("54"));
    assert!(sandbox.now() > now.plus(Duration::from_secs(3600)));
}

#[test]
fn expire_by_admin() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("LC-ADMIN-EXP", "812"))
        .unwrap();
    sandbox.expire(&created.trx_id).unwrap();
    let status = client
        .payment_status(&created.trx_id, "LC-ADMIN-EXP")
        .unwrap();
    assert_eq!(status.payment_status_code, PaymentStatusCode::Expired);
}

#[test]
fn cancel_then_inquiry_says_8_and_only_unpaid_bills_cancel() {
    let sandbox = common::checked_sandbox();
    for format in [Format::Json, Format::Xml] {
        let client = common::client(&sandbox, format);
        let f = format.as_str();
        let open = client
            .create_transaction(&common::bill(&format!("LC-C1-{f}"), "702"))
            .unwrap();
        client
            .cancel_transaction(&open.trx_id, &format!("LC-C1-{f}"), "out of stock")
            .unwrap();
        let status = client
            .payment_status(&open.trx_id, &format!("LC-C1-{f}"))
            .unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Cancelled);
        // Cancelling twice, or approving afterwards, is refused.
        let again = client
            .cancel_transaction(&open.trx_id, &format!("LC-C1-{f}"), "again")
            .unwrap_err();
        assert_eq!(again.code(), ErrorCode::ApiError);
        assert_eq!(again.response_code(), Some("17"));
        let err = sandbox.approve(&open.trx_id).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("trx_id"));
        assert!(err.message().contains("status 8"), "{}", err.message());

        let paid = client
            .create_transaction(&common::bill(&format!("LC-C2-{f}"), "702"))
            .unwrap();
        sandbox.approve(&paid.trx_id).unwrap();
        let err = client
            .cancel_transaction(&paid.trx_id, &format!("LC-C2-{f}"), "too late")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ApiError);
        assert_eq!(err.response_code(), Some("81"));
        assert_eq!(
            sandbox.transaction(&paid.trx_id).unwrap().status,
            PaymentStatusCode::Success
        );

        let err = client
            .cancel_transaction("9999970200999999", "NOPE", "x")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ApiError);
        assert_eq!(err.response_code(), Some("14"));
    }
}

#[test]
fn unknown_trx_id_is_no_bills_found() {
    let sandbox = common::checked_sandbox();
    for format in [Format::Json, Format::Xml] {
        let client = common::client(&sandbox, format);
        let status = client.payment_status("9999981200000042", "NOPE").unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::NoBillsFound);
        assert_eq!(status.payment_status_desc, "No bills found");
        // A known trx_id with another bill_no is not found either.
        let created = client
            .create_transaction(&common::bill(&format!("LC-UNK-{}", format.as_str()), "702"))
            .unwrap();
        let status = client.payment_status(&created.trx_id, "OTHER").unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::NoBillsFound);
    }
}

#[test]
fn a_reused_bill_no_is_refused_with_14_when_unique_bill_no_is_set() {
    let sandbox = common::checked_sandbox();
    sandbox.set_unique_bill_no(true);
    let client = common::client(&sandbox, Format::Json);
    client
        .create_transaction(&common::bill("LC-DUP", "702"))
        .unwrap();
    for format in [Format::Json, Format::Xml] {
        let err = common::client(&sandbox, format)
            .create_transaction(&common::bill("LC-DUP", "812"))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ApiError);
        assert_eq!(err.response_code(), Some("14"));
    }
    assert_eq!(sandbox.transactions().len(), 1);
}

/// Posts a Post Data body the client built, after `change` edited it, and returns the
/// answer's response_code.
fn post_edited(sandbox: &faspay_sandbox::Sandbox, change: impl FnOnce(&mut Value)) -> String {
    let client = common::client(sandbox, Format::Json);
    let prepared = client
        .prepare_create_transaction(&common::bill("RAW-1", "812"))
        .unwrap();
    let mut body: Value = serde_json::from_slice(&prepared.body).unwrap();
    change(&mut body);
    let answer = post_raw(
        &prepared.url,
        "application/json",
        body.to_string().as_bytes(),
    );
    let v: Value = serde_json::from_str(&answer).unwrap();
    v["response_code"].as_str().unwrap_or_default().to_string()
}

fn post_raw(url: &str, content_type: &str, body: &[u8]) -> String {
    let mut response = ureq::post(url)
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.body_mut().read_to_string().unwrap()
}

#[test]
fn raw_requests_get_faspay_codes() {
    let sandbox = common::checked_sandbox();
    let date = FaspayDateTime::now();
    // The 30-day rule (the client refuses this itself, so it is posted raw).
    let code = post_edited(&sandbox, |b| {
        b["bill_date"] = date.to_string().into();
        b["bill_expired"] = date
            .plus(Duration::from_secs(31 * 24 * 3600))
            .to_string()
            .into();
    });
    assert_eq!(code, "30");
    let code = post_edited(&sandbox, |b| {
        b["bill_expired"] = b["bill_date"].clone();
    });
    assert_eq!(code, "30");
    let code = post_edited(&sandbox, |b| b["bill_date"] = "2026/01/01 10:00".into());
    assert_eq!(code, "30");
    let code = post_edited(&sandbox, |b| b["bill_total"] = "0".into());
    assert_eq!(code, "13");
    let code = post_edited(&sandbox, |b| b["bill_total"] = "15.000".into());
    assert_eq!(code, "13");
    let code = post_edited(&sandbox, |b| b["item"][0]["amount"] = "-5".into());
    assert_eq!(code, "13");
    let code = post_edited(&sandbox, |b| {
        b.as_object_mut().unwrap().remove("cust_name");
    });
    assert_eq!(code, "85");
    let code = post_edited(&sandbox, |b| b["cust_name"] = "".into());
    assert_eq!(code, "83");
    let code = post_edited(&sandbox, |b| {
        b.as_object_mut().unwrap().remove("billing_name");
    });
    assert_eq!(code, "85", "OVO needs billing_name");
    // Unknown fields are refused only in strict mode (the default accepts them with a
    // warning, see the fidelity suite).
    sandbox.set_strict(true);
    let code = post_edited(&sandbox, |b| b["favourite_colour"] = "blue".into());
    assert_eq!(code, "84");
    sandbox.set_strict(false);
    let code = post_edited(&sandbox, |b| b["msisdn"] = "0812-3456".into());
    assert_eq!(code, "30");
    let code = post_edited(&sandbox, |b| b["bill_desc"] = "x".repeat(129).into());
    assert_eq!(code, "30");
    let code = post_edited(&sandbox, |b| b["payment_channel"] = "999".into());
    assert_eq!(code, "82");
    let code = post_edited(&sandbox, |b| b["signature"] = "0".repeat(40).into());
    assert_eq!(code, "55");
    let code = post_edited(&sandbox, |b| b["item"] = Value::Array(vec![]));
    assert_eq!(code, "30");
    assert!(sandbox.transactions().is_empty(), "nothing was created");
    // The unedited body is accepted.
    assert_eq!(post_edited(&sandbox, |_| {}), "00");
}

#[test]
fn undecodable_bodies_are_format_errors_in_the_request_format() {
    let sandbox = common::checked_sandbox();
    let base = sandbox.base_url();
    let answer = post_raw(
        &format!("{base}/cvr/100004/10"),
        "application/json",
        b"{not json",
    );
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["response_code"], "30");
    let answer = post_raw(
        &format!("{base}/pws/100004/183xx00010100000"),
        "text/xml",
        b"<html><body>hi</body></html>",
    );
    let fields = faspay::codec::decode(answer.as_bytes(), Format::Xml).unwrap();
    assert_eq!(fields.text("response_code"), Some("30"));
    // Inquiry without trx_id: 85.
    let answer = post_raw(
        &format!("{base}/cvr/100004/10"),
        "application/json",
        br#"{"merchant_id":"99999","bill_no":"A","signature":"x"}"#,
    );
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["response_code"], "85");
}

#[test]
fn a_reversed_payment_notifies_status_4_and_refuses_a_cancel_with_80() {
    let sandbox = common::checked_sandbox();
    let merchant = common::Merchant::start(sandbox.client_config(), common::MerchantMode::Accept);
    sandbox.set_notify_url(Some(merchant.url.clone()));
    let client = common::client(&sandbox, Format::Xml);
    let created = client
        .create_transaction(&common::bill("LC-REV", "802"))
        .unwrap();
    // Only a paid bill can be reversed.
    let err = sandbox.reverse(&created.trx_id).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidArgument, Some("trx_id"))
    );
    assert!(
        err.message().contains("not paid (status 0)"),
        "{}",
        err.message()
    );
    sandbox.approve(&created.trx_id).unwrap();
    sandbox.reverse(&created.trx_id).unwrap();
    let status = client.payment_status(&created.trx_id, "LC-REV").unwrap();
    assert_eq!(status.payment_status_code, PaymentStatusCode::Reversal);
    let err = client
        .cancel_transaction(&created.trx_id, "LC-REV", "refund")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiError);
    assert_eq!(err.response_code(), Some("80"));
    assert!(sandbox.wait_for_deliveries(2, Duration::from_secs(30)));
    // Notifications go out from several threads: compare them as a set.
    let mut statuses: Vec<u8> = sandbox
        .deliveries()
        .iter()
        .map(|d| d.payment_status_code.value())
        .collect();
    statuses.sort();
    assert_eq!(statuses, [2, 4]);
    let err = sandbox.reverse(&created.trx_id).unwrap_err();
    assert!(
        err.message().contains("not paid (status 4)"),
        "{}",
        err.message()
    );
    assert_eq!(
        sandbox.reverse("0000000000000000").unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}
