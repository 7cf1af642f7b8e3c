//! The fidelity policy (sandbox README, "Fidelity"), replayed: raw, correctly signed request
//! bodies shaped like the public Faspay clients the policy is about (written from their field
//! lists), each posted to a default and to a strict sandbox, asserting the answer the table
//! promises in both modes and the warnings / extra fields kept on the transaction.

#![recursion_limit = "256"]

mod common;

use std::time::Duration;

use faspay::{Amount, Environment, FaspayDateTime, Fields, Format, Operation, PaymentStatusCode};
use faspay_sandbox::{Sandbox, SandboxOptions, WarningKind};
use serde_json::{Value, json};

const USER: &str = "bot99999";
const PASSWORD: &str = "p@ssw0rd";

fn sandbox(strict: bool) -> Sandbox {
    Sandbox::start(SandboxOptions {
        strict,
        ..common::fast_options()
    })
    .expect("sandbox starts")
}

fn url(sandbox: &Sandbox, op: Operation, format: Format) -> String {
    let path = op.path(format, &Environment::Sandbox.xml_codes());
    format!("{}{path}", sandbox.base_url())
}

/// Posts `body` and returns the decoded answer.
fn post(sandbox: &Sandbox, op: Operation, format: Format, body: &[u8]) -> Fields {
    let mut response = ureq::post(url(sandbox, op, format))
        .header("Content-Type", format.content_type())
        .send(body)
        .expect("the sandbox answers");
    assert_eq!(response.status().as_u16(), 200);
    let text = response.body_mut().read_to_string().unwrap();
    faspay::codec::decode(text.as_bytes(), format).expect("a Faspay message")
}

fn code(answer: &Fields) -> &str {
    answer.text("response_code").unwrap_or("(none)")
}

fn dates(sandbox: &Sandbox) -> (String, String) {
    let now = sandbox.now();
    (
        now.to_string(),
        now.plus(Duration::from_secs(3600)).to_string(),
    )
}

/// A Post Data body as Faspay's docs list it (JSON, OVO), with every mandatory field.
fn documented_bill(sandbox: &Sandbox, bill_no: &str) -> Value {
    let (date, expired) = dates(sandbox);
    json!({
        "request": "Post Data Transaction", "merchant_id": "99999", "merchant": "Sophia Store",
        "bill_no": bill_no, "bill_reff": bill_no, "bill_date": date, "bill_expired": expired,
        "bill_desc": "Order", "bill_currency": "IDR", "bill_total": "1500000",
        "cust_no": "42", "cust_name": "Budi", "payment_channel": "812", "pay_type": "1",
        "msisdn": "081234567890", "email": "budi@example.com", "terminal": "10",
        "billing_name": "Budi",
        "item": [{"product": "Kopi", "qty": "1", "amount": "1500000", "payment_plan": "1",
                  "merchant_id": "99999", "tenor": "00"}],
        "reserve1": "", "reserve2": "",
        "signature": faspay::post_data_signature(USER, PASSWORD, bill_no),
    })
}

fn create_json(sandbox: &Sandbox, body: &Value) -> Fields {
    post(
        sandbox,
        Operation::CreateTransaction,
        Format::Json,
        body.to_string().as_bytes(),
    )
}

/// Posts `documented_bill` after `change`, in default and in strict mode; returns both
/// answers and the default sandbox (to look at what it kept).
fn both_modes(change: impl Fn(&mut Value)) -> (Fields, Fields, Sandbox) {
    let strict = sandbox(true);
    let mut body = documented_bill(&strict, "FID-1");
    change(&mut body);
    let refused = create_json(&strict, &body);
    assert!(
        strict.warnings().is_empty(),
        "strict mode records no warning"
    );
    if code(&refused) != "00" {
        assert!(
            strict.transactions().is_empty(),
            "a refusal creates nothing"
        );
    }
    let lenient = sandbox(false);
    let mut body = documented_bill(&lenient, "FID-1");
    change(&mut body);
    (create_json(&lenient, &body), refused, lenient)
}

fn kinds(sandbox: &Sandbox) -> Vec<(WarningKind, String)> {
    sandbox
        .warnings()
        .into_iter()
        .map(|w| (w.kind, w.field))
        .collect()
}

#[test]
fn the_documented_bill_is_accepted_without_warnings_in_both_modes() {
    let (answer, strict_answer, lenient) = both_modes(|_| {});
    assert_eq!(code(&answer), "00");
    assert_eq!(code(&strict_answer), "00");
    assert!(lenient.warnings().is_empty());
    // The official SDKs send `request` empty: no warning either.
    let (answer, strict_answer, lenient) = both_modes(|b| b["request"] = "".into());
    assert_eq!((code(&answer), code(&strict_answer)), ("00", "00"));
    assert!(lenient.warnings().is_empty());
}

#[test]
fn fields_sent_by_faspays_own_clients_warn_and_are_kept_strict_84() {
    for field in [
        "trx_source",
        "term_condition",
        "return_url",
        "va_number",
        "va_type",
        "payment_type",
    ] {
        let (answer, refused, lenient) = both_modes(|b| b[field] = "3".into());
        assert_eq!(code(&answer), "00", "{field}");
        assert_eq!(code(&refused), "84", "{field}");
        let desc = format!("Unregistered Parameters: {field}");
        assert_eq!(refused.text("response_desc"), Some(desc.as_str()));
        assert_eq!(
            kinds(&lenient),
            [(WarningKind::UndocumentedField, field.to_string())]
        );
        let t = lenient.transactions().pop().unwrap();
        assert_eq!(t.extra_fields, [(field.to_string(), "3".to_string())]);
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].code, "84");
    }
}

#[test]
fn unknown_fields_warn_on_every_endpoint_strict_84() {
    let (answer, refused, lenient) = both_modes(|b| b["favourite_colour"] = "blue".into());
    assert_eq!((code(&answer), code(&refused)), ("00", "84"));
    assert_eq!(
        kinds(&lenient),
        [(WarningKind::UnknownField, "favourite_colour".to_string())]
    );
    for strict in [false, true] {
        let s = sandbox(strict);
        let created = create_json(&s, &documented_bill(&s, "FID-2"));
        let trx_id = created.text("trx_id").unwrap().to_string();
        let inquiry = json!({
            "request": "Inquiry", "trx_id": trx_id, "merchant_id": "99999", "bill_no": "FID-2",
            "payment_status_code": "", "payment_status_desc": "", "colour": "red",
            "signature": faspay::inquiry_signature(USER, PASSWORD, "FID-2"),
        });
        let a = post(
            &s,
            Operation::PaymentStatus,
            Format::Json,
            inquiry.to_string().as_bytes(),
        );
        assert_eq!(code(&a), if strict { "84" } else { "00" });
        let channels = json!({"request": "x", "merchant_id": "99999", "extra": "1",
            "signature": faspay::channel_inquiry_signature(USER, PASSWORD)});
        let a = post(
            &s,
            Operation::PaymentChannels,
            Format::Json,
            channels.to_string().as_bytes(),
        );
        assert_eq!(code(&a), if strict { "84" } else { "00" });
        if !strict {
            // The inquiry's warning is on the transaction too; repeats are listed once.
            let _ = post(
                &s,
                Operation::PaymentStatus,
                Format::Json,
                inquiry.to_string().as_bytes(),
            );
            let t = s.transaction(&trx_id).unwrap();
            assert_eq!(t.warnings.len(), 1);
            assert_eq!(t.warnings[0].operation, Operation::PaymentStatus);
            assert_eq!(t.warnings[0].field, "colour");
            assert_eq!(
                kinds(&s),
                [
                    (WarningKind::UnknownField, "colour".to_string()),
                    (WarningKind::UnknownField, "extra".to_string())
                ]
            );
        }
    }
}

#[test]
fn reserve_fields_inside_an_item_warn_and_are_kept_strict_84() {
    let (answer, refused, lenient) = both_modes(|b| {
        b["item"][0]["reserve1"] = "r1".into();
        b["item"][0]["reserve2"] = "".into();
    });
    assert_eq!((code(&answer), code(&refused)), ("00", "84"));
    let t = lenient.transactions().pop().unwrap();
    assert_eq!(
        t.extra_fields,
        [
            ("item[0].reserve1".to_string(), "r1".to_string()),
            ("item[0].reserve2".to_string(), String::new())
        ]
    );
    assert!(
        t.warnings
            .iter()
            .all(|w| w.kind == WarningKind::UndocumentedField)
    );
}

#[test]
fn currency_absent_or_null_defaults_to_idr_strict_85() {
    for null in [false, true] {
        let (answer, refused, lenient) = both_modes(|b| {
            if null {
                b["bill_currency"] = Value::Null;
            } else {
                b.as_object_mut().unwrap().remove("bill_currency");
            }
        });
        assert_eq!((code(&answer), code(&refused)), ("00", "85"));
        assert_eq!(
            kinds(&lenient),
            [(WarningKind::CurrencyDefaulted, "bill_currency".to_string())]
        );
    }
    let (answer, refused, _) = both_modes(|b| b["bill_currency"] = "".into());
    assert_eq!((code(&answer), code(&refused)), ("00", "83"));
    let (answer, refused, _) = both_modes(|b| b["bill_currency"] = "USD".into());
    assert_eq!((code(&answer), code(&refused)), ("30", "30"));
}

#[test]
fn merchant_absent_is_accepted_strict_85() {
    let (answer, refused, lenient) = both_modes(|b| {
        b.as_object_mut().unwrap().remove("merchant");
    });
    assert_eq!((code(&answer), code(&refused)), ("00", "85"));
    assert_eq!(
        kinds(&lenient),
        [(WarningKind::MerchantMissing, "merchant".to_string())]
    );
}

#[test]
fn a_uuid_cust_no_is_accepted_strict_30_and_longer_ones_are_refused() {
    let uuid = "3f2b8c1e-9a4d-4c7e-b5f0-1d2e3f4a5b6c";
    assert_eq!(uuid.len(), 36);
    let (answer, refused, lenient) = both_modes(|b| b["cust_no"] = uuid.into());
    assert_eq!((code(&answer), code(&refused)), ("00", "30"));
    assert_eq!(
        kinds(&lenient),
        [(WarningKind::LongerThanDocs, "cust_no".to_string())]
    );
    let (answer, refused, _) = both_modes(|b| b["cust_no"] = "x".repeat(37).into());
    assert_eq!((code(&answer), code(&refused)), ("30", "30"));
}

#[test]
fn decimal_amounts_are_read_as_rupiah_strict_13() {
    let (answer, refused, lenient) = both_modes(|b| {
        b["bill_total"] = "10000.00".into();
        b["item"][0]["amount"] = "10000.00".into();
    });
    assert_eq!((code(&answer), code(&refused)), ("00", "13"));
    assert_eq!(
        kinds(&lenient),
        [
            (WarningKind::DecimalAmount, "bill_total".to_string()),
            (WarningKind::DecimalAmount, "item[0].amount".to_string())
        ]
    );
    let t = lenient.transactions().pop().unwrap();
    assert_eq!(t.bill_total, Amount::rupiah(10_000));
    // Anything else with a point or a separator stays 13 in both modes.
    for bad in ["10000.5", "10.000", "10,000.00", "1e4", "-10000.00"] {
        let (answer, refused, _) = both_modes(|b| b["bill_total"] = bad.into());
        assert_eq!((code(&answer), code(&refused)), ("13", "13"), "{bad}");
    }
}

#[test]
fn a_past_bill_expired_is_refused_with_54_in_both_modes() {
    for strict in [false, true] {
        let s = sandbox(strict);
        let mut body = documented_bill(&s, "FID-OLD");
        // A server clock in UTC instead of WIB: the bill was over 6 hours ago.
        let utc = s.now().plus(Duration::ZERO).unix_seconds() - 7 * 3600;
        let date = FaspayDateTime::from_unix_seconds(utc).unwrap();
        body["bill_date"] = date.to_string().into();
        body["bill_expired"] = date.plus(Duration::from_secs(3600)).to_string().into();
        assert_eq!(code(&create_json(&s, &body)), "54");
        assert!(s.transactions().is_empty());
    }
}

/// The official PHP SDK's Post Data: `request` empty, `bill_currency` null (not set),
/// `bill_miscfee` equal to `bill_gross`, `trx_source` on every request.
#[test]
fn official_php_sdk_json_shape() {
    let shape = |s: &Sandbox| {
        let (date, expired) = dates(s);
        json!({
            "request": "", "merchant_id": "99999", "merchant": "Sophia Store",
            "bill_no": "PHP-1", "bill_reff": "PHP-1", "bill_date": date,
            "bill_expired": expired, "bill_desc": "Pembayaran", "bill_currency": null,
            "bill_gross": "1000000", "bill_miscfee": "1000000", "bill_total": "1000000",
            "cust_no": "12", "cust_name": "Siti", "payment_channel": "402",
            "bank_userid": "", "msisdn": "08123456789", "email": "siti@example.com",
            "terminal": "10", "billing_name": "Siti", "billing_lastname": "",
            "billing_address": "Jl Sabang 37", "billing_address_city": "Jakarta",
            "billing_address_region": "DKI", "billing_address_state": "Indonesia",
            "billing_address_poscode": "10160", "billing_msisdn": "",
            "billing_address_country_code": "ID", "receiver_name_for_shipping": "Siti",
            "shipping_lastname": "", "shipping_address": "Jl Sabang 37",
            "shipping_address_city": "Jakarta", "shipping_address_region": "DKI",
            "shipping_address_state": "Indonesia", "shipping_address_poscode": "10160",
            "shipping_msisdn": "", "shipping_address_country_code": "ID",
            "item": [{"product": "Buku", "qty": "1", "amount": "1000000",
                      "payment_plan": "01", "merchant_id": "99999", "tenor": "00"}],
            "reserve1": "", "reserve2": "", "trx_source": "3", "pay_type": "1",
            "signature": faspay::post_data_signature(USER, PASSWORD, "PHP-1"),
        })
    };
    let strict = sandbox(true);
    assert_eq!(code(&create_json(&strict, &shape(&strict))), "84");
    let s = sandbox(false);
    let answer = create_json(&s, &shape(&s));
    assert_eq!(code(&answer), "00");
    let mut found = kinds(&s);
    found.sort_by_key(|(k, _)| k.name());
    assert_eq!(
        found,
        [
            (WarningKind::CurrencyDefaulted, "bill_currency".to_string()),
            (WarningKind::UndocumentedField, "trx_source".to_string()),
        ]
    );
}

/// An official XML plugin's Post Data: no `bill_currency`, repeated `<item>` blocks directly
/// under `<faspay>`, each with `reserve1` / `reserve2` inside.
#[test]
fn official_xml_plugin_shape() {
    let shape = |s: &Sandbox| {
        let (date, expired) = dates(s);
        let item = |name: &str| {
            format!(
                "<item><id>A1</id><product>{name}</product><qty>1</qty><amount>500000</amount>\
                 <payment_plan>01</payment_plan><merchant_id>99999</merchant_id>\
                 <tenor>00</tenor><reserve1></reserve1><reserve2></reserve2></item>"
            )
        };
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><faspay>\
             <request>Transmisi Info Detil Pembelian</request><merchant_id>99999</merchant_id>\
             <merchant>Sophia Store</merchant><bill_no>XML-1</bill_no><bill_reff>XML-1</bill_reff>\
             <bill_date>{date}</bill_date><bill_expired>{expired}</bill_expired>\
             <bill_desc>Order XML-1</bill_desc><bill_gross>1000000</bill_gross>\
             <bill_miscfee>0</bill_miscfee><bill_total>1000000</bill_total>\
             <cust_no>7</cust_no><cust_name>Andi</cust_name><payment_channel>702</payment_channel>\
             <pay_type>1</pay_type><bank_userid></bank_userid><msisdn>08123456789</msisdn>\
             <email>andi@example.com</email><terminal>10</terminal>\
             <billing_name>Andi</billing_name><billing_address_country_code>ID</billing_address_country_code>\
             {}{}<reserve1></reserve1><reserve2></reserve2>\
             <signature>{}</signature></faspay>",
            item("Kaos"),
            item("Topi"),
            faspay::post_data_signature(USER, PASSWORD, "XML-1"),
        )
    };
    let strict = sandbox(true);
    let refused = post(
        &strict,
        Operation::CreateTransaction,
        Format::Xml,
        shape(&strict).as_bytes(),
    );
    assert_eq!(code(&refused), "85");
    let s = sandbox(false);
    let answer = post(
        &s,
        Operation::CreateTransaction,
        Format::Xml,
        shape(&s).as_bytes(),
    );
    assert_eq!(code(&answer), "00");
    let fields: Vec<String> = kinds(&s).into_iter().map(|(_, f)| f).collect();
    assert_eq!(
        fields,
        [
            "bill_currency",
            "item[0].reserve1",
            "item[0].reserve2",
            "item[1].reserve1",
            "item[1].reserve2"
        ]
    );
    let t = s.transactions().pop().unwrap();
    assert_eq!(t.extra_fields.len(), 4);
    assert_eq!(
        t.extra_fields[0],
        ("item[0].reserve1".into(), String::new())
    );
}

/// A public client's test suite creates several transactions with the same `bill_no`, also
/// after cancelling the first.
#[test]
fn a_client_reusing_bill_no_after_cancel() {
    let strict = sandbox(true);
    let body = documented_bill(&strict, "REUSE-1");
    assert_eq!(code(&create_json(&strict, &body)), "00");
    assert_eq!(code(&create_json(&strict, &body)), "14");

    let s = sandbox(false);
    let body = documented_bill(&s, "REUSE-1");
    let first = create_json(&s, &body);
    assert_eq!(code(&first), "00");
    let first_id = first.text("trx_id").unwrap().to_string();
    let cancel = json!({
        "request": "Canceling Payment", "trx_id": first_id, "merchant_id": "99999",
        "merchant": "Sophia Store", "bill_no": "REUSE-1", "payment_cancel": "test",
        "signature": faspay::cancel_signature(USER, PASSWORD, "REUSE-1"),
    });
    let cancelled = post(
        &s,
        Operation::CancelTransaction,
        Format::Json,
        cancel.to_string().as_bytes(),
    );
    assert_eq!(code(&cancelled), "00");
    let second = create_json(&s, &body);
    assert_eq!(code(&second), "00");
    let second_id = second.text("trx_id").unwrap().to_string();
    assert_ne!(first_id, second_id);
    assert_eq!(
        kinds(&s),
        [(WarningKind::BillNoReused, "bill_no".to_string())]
    );
    // Inquiries by trx_id + bill_no stay unambiguous.
    let client = common::client(&s, Format::Json);
    let one = client.payment_status(&first_id, "REUSE-1").unwrap();
    let two = client.payment_status(&second_id, "REUSE-1").unwrap();
    assert_eq!(one.payment_status_code, PaymentStatusCode::Cancelled);
    assert_eq!(two.payment_status_code, PaymentStatusCode::Unprocessed);
    // unique_bill_no refuses it without strict mode.
    s.set_unique_bill_no(true);
    assert_eq!(code(&create_json(&s, &body)), "14");
}

/// An inquiry without the (empty) status fields gets 85, like Faspay's sandbox answered the
/// client that then added them.
#[test]
fn inquiry_without_status_fields_is_85_in_both_modes() {
    for strict in [false, true] {
        let s = sandbox(strict);
        let body = documented_bill(&s, "INQ-1");
        let created = create_json(&s, &body);
        let trx_id = created.text("trx_id").unwrap().to_string();
        let mut inquiry = json!({
            "request": "Inquiry Payment Status", "trx_id": trx_id, "merchant_id": "99999",
            "bill_no": "INQ-1", "signature": faspay::inquiry_signature(USER, PASSWORD, "INQ-1"),
        });
        for format in [Format::Json, Format::Xml] {
            let mut fields = Fields::new();
            for (k, v) in inquiry.as_object().unwrap() {
                fields.push_text(k.as_str(), v.as_str().unwrap());
            }
            let body = faspay::codec::encode(&fields, format);
            let answer = post(&s, Operation::PaymentStatus, format, &body);
            assert_eq!(code(&answer), "85", "{format:?}");
            assert!(
                answer
                    .text("response_desc")
                    .unwrap()
                    .contains("payment_status_code")
            );
        }
        inquiry["payment_status_desc"] = "".into();
        let answer = post(
            &s,
            Operation::PaymentStatus,
            Format::Json,
            inquiry.to_string().as_bytes(),
        );
        assert_eq!(code(&answer), "85", "both fields are needed");
        inquiry["payment_status_code"] = "".into();
        let answer = post(
            &s,
            Operation::PaymentStatus,
            Format::Json,
            inquiry.to_string().as_bytes(),
        );
        assert_eq!(code(&answer), "00");
        assert_eq!(answer.text("payment_status_code"), Some("0"));
    }
}

/// The admin API shows each transaction's warnings and extra fields, lists and clears all
/// warnings, and switches strict mode.
#[test]
fn warnings_in_the_admin_api() {
    let s = sandbox(false);
    let mut body = documented_bill(&s, "ADM-1");
    body["trx_source"] = "3".into();
    let created = create_json(&s, &body);
    let trx_id = created.text("trx_id").unwrap().to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let admin = |method: &str, path: &str, body: Option<Value>| -> Value {
        let url = format!("{}/__sandbox/{path}", s.base_url());
        let mut response = match (method, body) {
            ("GET", _) => agent.get(&url).call(),
            ("DELETE", _) => agent.delete(&url).call(),
            (_, Some(b)) => agent.post(&url).send(b.to_string()),
            (_, None) => agent.post(&url).send_empty(),
        }
        .unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    };
    let t = admin("GET", &format!("transactions/{trx_id}"), None);
    assert_eq!(t["extra_fields"], json!({"trx_source": "3"}));
    assert_eq!(t["warnings"][0]["kind"], "undocumented_field");
    assert_eq!(t["warnings"][0]["field"], "trx_source");
    assert_eq!(t["warnings"][0]["code"], "84");
    assert_eq!(t["warnings"][0]["operation"], "create_transaction");
    assert_eq!(t["warnings"][0]["trx_id"], trx_id.as_str());
    let all = admin("GET", "warnings", None);
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(admin("GET", "", None)["warnings"], 1);
    assert_eq!(admin("DELETE", "warnings", None), json!([]));
    assert!(s.warnings().is_empty());
    // The transaction keeps its own.
    assert_eq!(s.transaction(&trx_id).unwrap().warnings.len(), 1);

    let settings = admin(
        "POST",
        "settings",
        Some(json!({"strict": true, "unique_bill_no": true})),
    );
    assert_eq!(settings["strict"], true);
    assert_eq!(settings["unique_bill_no"], true);
    let mut body = documented_bill(&s, "ADM-2");
    body["trx_source"] = "3".into();
    assert_eq!(code(&create_json(&s, &body)), "84");
    let refused = admin("POST", "settings", Some(json!({"strict": "yes"})));
    assert!(refused["error"].as_str().unwrap().contains("strict"));
}

/// Cancel and OVO push: an unknown field is a warning on the transaction by default and `84`
/// when strict, like on the other endpoints.
#[test]
fn unknown_fields_on_cancel_and_ovo_push() {
    for strict in [false, true] {
        let s = sandbox(strict);
        let created = create_json(&s, &documented_bill(&s, "FID-C"));
        let trx_id = created.text("trx_id").unwrap().to_string();
        let form = format!(
            "trx_id={trx_id}&ovo_number=081234567999&signature={}&source=app",
            faspay::ovo_push_signature(USER, PASSWORD, &trx_id)
        );
        let mut response = ureq::post(url(&s, Operation::OvoPush, Format::Json))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form)
            .unwrap();
        let pushed: Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(pushed["response_code"], if strict { "84" } else { "00" });
        let cancel = json!({
            "request": "Canceling Payment", "trx_id": trx_id, "merchant_id": "99999",
            "bill_no": "FID-C", "payment_cancel": "test", "reason_code": "7",
            "signature": faspay::cancel_signature(USER, PASSWORD, "FID-C"),
        });
        let answer = post(
            &s,
            Operation::CancelTransaction,
            Format::Json,
            cancel.to_string().as_bytes(),
        );
        assert_eq!(code(&answer), if strict { "84" } else { "00" });
        let t = s.transaction(&trx_id).unwrap();
        if strict {
            assert!(t.warnings.is_empty());
            assert_eq!(t.status, PaymentStatusCode::Unprocessed);
        } else {
            let found: Vec<_> = t
                .warnings
                .iter()
                .map(|w| (w.operation, w.field.as_str()))
                .collect();
            assert_eq!(
                found,
                [
                    (Operation::OvoPush, "source"),
                    (Operation::CancelTransaction, "reason_code")
                ]
            );
            assert_eq!(t.status, PaymentStatusCode::Cancelled);
        }
    }
}
