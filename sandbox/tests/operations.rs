//! Every Debit operation through the core client against the sandbox, in JSON and XML.

mod common;

use faspay::{Amount, ErrorCode, Format, PaymentStatusCode};
use faspay_sandbox::CHANNELS;

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

#[test]
fn payment_channels_lists_the_enabled_channels() {
    let sandbox = common::checked_sandbox();
    for format in FORMATS {
        let list = common::client(&sandbox, format).payment_channels().unwrap();
        assert_eq!(list.merchant_id, "99999");
        assert_eq!(list.payment_channel.len(), CHANNELS.len());
        let ovo = list.payment_channel.iter().find(|c| c.pg_code == "812");
        assert_eq!(ovo.map(|c| c.pg_name.as_str()), Some("OVO"));
        // The list itself is the natural shape: len, index, iteration, lookup by code.
        assert_eq!(list.len(), CHANNELS.len());
        assert_eq!(list[0], list.payment_channel[0]);
        assert_eq!((&list).into_iter().count(), list.len());
        assert_eq!(list.find("812").map(|c| c.pg_name.as_str()), Some("OVO"));
        assert!(list.find("nope").is_none());
    }
}

#[test]
fn create_transaction_answers_trx_id_items_and_redirect_url() {
    let sandbox = common::checked_sandbox();
    for format in FORMATS {
        let client = common::client(&sandbox, format);
        let bill_no = format!("CREATE-{}", format.as_str());
        let created = client
            .create_transaction(&common::bill(&bill_no, "402"))
            .unwrap();
        assert_eq!(created.trx_id.len(), 16);
        assert!(created.trx_id.bytes().all(|b| b.is_ascii_digit()));
        assert!(created.trx_id.starts_with("99999402"));
        assert_eq!(created.bill_no, bill_no);
        assert_eq!(created.bill_items.len(), 1);
        let item = &created.bill_items[0];
        assert_eq!(item.product, "Kopi");
        // The sandbox echoes the wire value (sen); the SDK returns rupiah like every amount.
        assert_eq!(item.raw.text("amount"), Some("1500000"));
        assert_eq!(item.amount, Some(Amount::rupiah(15_000)));
        // Faspay sends redirect_url in JSON answers only.
        match format {
            Format::Json => {
                let url = created.redirect_url.clone().expect("redirect_url");
                assert_eq!(url, client.redirect_url(&created.trx_id, &bill_no).unwrap());
            }
            Format::Xml => assert_eq!(created.redirect_url, None),
        }
        let view = sandbox.transaction(&created.trx_id).unwrap();
        assert_eq!(view.status, PaymentStatusCode::Unprocessed);
        assert_eq!(view.bill_total, faspay::Amount::rupiah(15_000));
        assert_eq!(view.bill_no, bill_no);
    }
}

#[test]
fn qr_channels_answer_qr_content() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("QR-1", "711"))
        .unwrap();
    assert!(created.qr_content.is_some());
    assert!(created.web_url.is_some());
}

#[test]
fn payment_status_follows_the_transaction() {
    let sandbox = common::checked_sandbox();
    for format in FORMATS {
        let client = common::client(&sandbox, format);
        let bill_no = format!("STATUS-{}", format.as_str());
        let created = client
            .create_transaction(&common::bill(&bill_no, "802"))
            .unwrap();
        let status = client.payment_status(&created.trx_id, &bill_no).unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Unprocessed);
        assert_eq!(status.payment_reff, None);
        sandbox.approve(&created.trx_id).unwrap();
        let status = client.payment_status(&created.trx_id, &bill_no).unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Success);
        assert_eq!(status.payment_status_desc, "Payment Success");
        assert!(status.payment_reff.is_some());
        assert!(status.payment_date.is_some());
        assert_eq!(status.payment_total, Some(faspay::Amount::rupiah(15_000)));
    }
}

#[test]
fn cancel_transaction_answers_status_8() {
    let sandbox = common::checked_sandbox();
    for format in FORMATS {
        let client = common::client(&sandbox, format);
        let bill_no = format!("CANCEL-{}", format.as_str());
        let created = client
            .create_transaction(&common::bill(&bill_no, "702"))
            .unwrap();
        let cancelled = client
            .cancel_transaction(&created.trx_id, &bill_no, "customer changed mind")
            .unwrap();
        assert_eq!(cancelled.payment_status_code, PaymentStatusCode::Cancelled);
        assert_eq!(
            cancelled.payment_cancel.as_deref(),
            Some("customer changed mind")
        );
        assert!(cancelled.payment_cancel_date.is_some());
        let status = client.payment_status(&created.trx_id, &bill_no).unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Cancelled);
    }
}

#[test]
fn ovo_push_outcome_follows_the_phone_number() {
    let sandbox = common::checked_sandbox();
    let cases = [
        ("081234567890", PaymentStatusCode::Success),
        ("081234567000", PaymentStatusCode::Failed),
        ("081234567999", PaymentStatusCode::Unprocessed),
    ];
    for format in FORMATS {
        let client = common::client(&sandbox, format);
        for (i, (number, expected)) in cases.iter().enumerate() {
            let bill_no = format!("OVO-{}-{i}", format.as_str());
            let created = client
                .create_transaction(&common::bill(&bill_no, "812"))
                .unwrap();
            let pushed = client.ovo_push(&created.trx_id, number).unwrap();
            assert_eq!(pushed.trx_id, created.trx_id);
            let response = pushed.response.expect("push answer has a response_code");
            assert_eq!(response.response_code, "00");
            let status = client.payment_status(&created.trx_id, &bill_no).unwrap();
            assert_eq!(status.payment_status_code, *expected, "{number}");
            let view = sandbox.transaction(&created.trx_id).unwrap();
            assert_eq!(view.ovo_number.as_deref(), Some(*number));
        }
    }
}

#[test]
fn ovo_push_waits_for_the_customer() {
    let sandbox = common::checked_sandbox();
    sandbox.set_push_delay(std::time::Duration::from_millis(300));
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("OVO-SLOW", "812"))
        .unwrap();
    let started = std::time::Instant::now();
    client.ovo_push(&created.trx_id, "081234567890").unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Success
    );
}

#[test]
fn ovo_push_refusals() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let va = client
        .create_transaction(&common::bill("PUSH-VA", "702"))
        .unwrap();
    let err = client.ovo_push(&va.trx_id, "081234567890").unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiError);
    assert_eq!(err.response_code(), Some("40"));
    let err = client
        .ovo_push("9999981299999999", "081234567890")
        .unwrap_err();
    assert_eq!(err.response_code(), Some("14"));
    let ovo = client
        .create_transaction(&common::bill("PUSH-PAID", "812"))
        .unwrap();
    sandbox.approve(&ovo.trx_id).unwrap();
    let err = client.ovo_push(&ovo.trx_id, "081234567890").unwrap_err();
    assert_eq!(err.response_code(), Some("81"));
    // A phone number the client would refuse itself, posted raw: 18.
    let pending = client
        .create_transaction(&common::bill("PUSH-BADNO", "812"))
        .unwrap();
    let signature = faspay::ovo_push_signature("bot99999", "p@ssw0rd", &pending.trx_id);
    let form = format!(
        "trx_id={}&ovo_number=12345&signature={signature}",
        pending.trx_id
    );
    let mut answer = ureq::post(&format!("{}/pws/ovo_direct", sandbox.base_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form.as_bytes())
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["response_code"], "18");
    assert_eq!(
        sandbox.transaction(&pending.trx_id).unwrap().ovo_number,
        None
    );
}

#[test]
fn a_wrong_password_is_refused_with_55_on_every_operation() {
    let sandbox = common::checked_sandbox();
    let good = common::client(&sandbox, Format::Json);
    let created = good
        .create_transaction(&common::bill("SIG-1", "812"))
        .unwrap();
    for format in FORMATS {
        let mut config = common::config(&sandbox, format);
        config.password = "wrong".into();
        let bad = faspay::Client::new(config).unwrap();
        let errors = [
            bad.payment_channels().unwrap_err(),
            bad.create_transaction(&common::bill("SIG-2", "812"))
                .unwrap_err(),
            bad.payment_status(&created.trx_id, "SIG-1").unwrap_err(),
            bad.cancel_transaction(&created.trx_id, "SIG-1", "x")
                .unwrap_err(),
            bad.ovo_push(&created.trx_id, "081234567890").unwrap_err(),
        ];
        for e in errors {
            assert_eq!(e.code(), ErrorCode::ApiError, "{e}");
            assert_eq!(e.response_code(), Some("55"), "{e}");
        }
    }
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().status,
        PaymentStatusCode::Unprocessed
    );
    assert!(sandbox.transactions().iter().all(|t| t.bill_no != "SIG-2"));
}

#[test]
fn a_wrong_merchant_is_refused_with_03() {
    let sandbox = common::checked_sandbox();
    let mut config = common::config(&sandbox, Format::Json);
    config.merchant_id = "12345".into();
    let other = faspay::Client::new(config).unwrap();
    let err = other.payment_channels().unwrap_err();
    assert_eq!(err.response_code(), Some("03"));
}

#[test]
fn the_rupiah_amount_unit_is_honoured_end_to_end() {
    let sandbox = faspay_sandbox::Sandbox::start(faspay_sandbox::SandboxOptions {
        amount_unit: faspay::AmountUnit::Rupiah,
        ..common::fast_options()
    })
    .unwrap();
    let config = common::config(&sandbox, Format::Xml);
    assert_eq!(config.amount_unit, faspay::AmountUnit::Rupiah);
    let client = faspay::Client::new(config).unwrap();
    let created = client
        .create_transaction(&common::bill("RUPIAH-1", "812"))
        .unwrap();
    assert_eq!(
        sandbox.transaction(&created.trx_id).unwrap().bill_total,
        faspay::Amount::rupiah(15_000)
    );
    sandbox.approve(&created.trx_id).unwrap();
    let status = client.payment_status(&created.trx_id, "RUPIAH-1").unwrap();
    assert_eq!(status.payment_total, Some(faspay::Amount::rupiah(15_000)));
    assert_eq!(status.raw.text("payment_total"), Some("15000"));
}
