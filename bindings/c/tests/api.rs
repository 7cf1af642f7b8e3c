//! The C contract beyond the vectors: NULL and non-UTF-8 arguments get their own statuses,
//! `err_out` is optional, config errors name the setting without echoing the password, and
//! every operation works end to end against the embedded sandbox, logger included.

mod common;

use std::ffi::{CStr, c_char, c_void};
use std::ptr;
use std::sync::Mutex;

use common::{Client, Sandbox, c, string_result, unit_result};
use faspay_capi::*;
use serde_json::{Value, json};

const OK: faspay_status = faspay_status::FASPAY_STATUS_OK;

fn bill(bill_no: &str) -> String {
    json!({
        "bill_no": bill_no, "bill_desc": "Kopi", "bill_total": "15000.50",
        "payment_channel": "812", "cust_no": "42", "cust_name": "Budi", "billing_name": "Budi",
        "msisdn": "081234567890", "email": "budi@example.com",
        "item": {"product": "Kopi", "qty": "1", "amount": "15000.50"},
    })
    .to_string()
}

#[test]
fn null_arguments_and_invalid_utf8_have_their_own_statuses() {
    let client = Client::new(
        r#"{"merchant_id":"99999","merchant_name":"Shop","user_id":"bot99999","password":"p"}"#,
    )
    .unwrap();
    let e = string_result(|out, err| unsafe {
        faspay_client_redirect_url(client.0, ptr::null(), c"B1".as_ptr(), out, err)
    })
    .unwrap_err();
    assert_eq!(e.status, faspay_status::FASPAY_STATUS_NULL_ARGUMENT);
    assert_eq!(e.code, "NULL_ARGUMENT");
    assert_eq!(e.field.as_deref(), Some("trx_id"));

    let e = string_result(|out, err| unsafe {
        faspay_client_payment_status(ptr::null(), c"1".as_ptr(), c"B1".as_ptr(), out, err)
    })
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("client"));

    let bad = [0x42u8, 0xff, 0x00];
    let e = string_result(|out, err| unsafe {
        faspay_sign(c"u".as_ptr(), c"p".as_ptr(), bad.as_ptr().cast(), out, err)
    })
    .unwrap_err();
    assert_eq!(e.status, faspay_status::FASPAY_STATUS_INVALID_UTF8);
    assert_eq!(e.field.as_deref(), Some("suffix"));

    // A NULL out parameter is refused, and err_out may be NULL.
    let status = unsafe {
        faspay_sign(
            c"u".as_ptr(),
            c"p".as_ptr(),
            c"s".as_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    assert_eq!(status, faspay_status::FASPAY_STATUS_NULL_ARGUMENT);
    // A body pointer may be NULL only with length 0.
    let e = string_result(|out, err| unsafe {
        faspay_client_parse_notification(client.0, ptr::null(), 5, out, err)
    })
    .unwrap_err();
    assert_eq!(e.status, faspay_status::FASPAY_STATUS_NULL_ARGUMENT);
    let e = string_result(|out, err| unsafe {
        faspay_client_parse_notification(client.0, ptr::null(), 0, out, err)
    })
    .unwrap_err();
    assert_eq!(e.code, "INVALID_ARGUMENT");
    // Free functions and error readers accept NULL.
    unsafe {
        faspay_client_free(ptr::null_mut());
        faspay_sandbox_stop(ptr::null_mut());
        faspay_error_free(ptr::null_mut());
        faspay_string_free(ptr::null_mut());
        assert!(faspay_error_message(ptr::null()).is_null());
        assert_eq!(
            faspay_error_code(ptr::null()),
            faspay_status::FASPAY_STATUS_NULL_ARGUMENT
        );
    }
}

#[test]
fn config_errors_name_the_setting_and_never_echo_the_password() {
    let e = Client::new(
        r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":123456789}"#,
    )
    .err()
    .unwrap();
    assert_eq!(e.code, "INVALID_ARGUMENT");
    assert_eq!(e.field.as_deref(), Some("password"));
    assert!(!e.message.contains("123456789"), "{}", e.message);

    let e = Client::new(
        r#"{"merchant_id":"9999","merchant_name":"S","user_id":"u","password":"secret-pw"}"#,
    )
    .err()
    .unwrap();
    assert_eq!(e.field.as_deref(), Some("merchant_id"));
    assert!(!e.message.contains("secret-pw"));

    let e = Client::new(
        r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p","timeout":-1}"#,
    )
    .err()
    .unwrap();
    assert_eq!(e.field.as_deref(), Some("timeout"));
    let e = Client::new(r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p","colour":"red"}"#)
        .err()
        .unwrap();
    assert_eq!(e.code, "INVALID_ARGUMENT");
    let e = Client::new("not json").err().unwrap();
    assert_eq!(e.field.as_deref(), Some("config"));
    // The pool settings reach the core, which checks their range.
    for (key, value) in [("max_idle_connections", "5000"), ("dns_cache_ttl", "3601")] {
        let json = format!(
            r#"{{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p","{key}":{value}}}"#
        );
        let e = Client::new(&json).err().unwrap();
        assert_eq!(
            (e.code.as_str(), e.field.as_deref()),
            ("INVALID_ARGUMENT", Some(key))
        );
    }
    Client::new(
        r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p","max_idle_connections":0,"dns_cache_ttl":0}"#,
    )
    .unwrap();

    // Settings reach the core: a tiny inbound limit refuses a longer notification body.
    let small = Client::new(
        r#"{"merchant_id":"99999","merchant_name":"S","user_id":"u","password":"p","max_inbound_bytes":10}"#,
    )
    .unwrap();
    let body = r#"{"request":"Payment Notification","trx_id":"1"}"#;
    let e = string_result(|out, err| unsafe {
        faspay_client_parse_notification(small.0, body.as_ptr(), body.len(), out, err)
    })
    .unwrap_err();
    assert_eq!(e.code, "INVALID_ARGUMENT");
    assert_eq!(e.field.as_deref(), Some("body"));
}

/// operation, path, HTTP status, attempt, error code.
type Event = (String, String, i32, u32, Option<String>);

static EVENTS: Mutex<Vec<Event>> = Mutex::new(Vec::new());

unsafe extern "C" fn record(user_data: *mut c_void, event: *const faspay_log_event) {
    assert_eq!(user_data as usize, 7);
    let e = unsafe { &*event };
    let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    let error = (!e.error_code.is_null()).then(|| text(e.error_code));
    EVENTS.lock().unwrap().push((
        text(e.operation),
        text(e.path),
        e.http_status,
        e.attempt,
        error,
    ));
}

#[test]
fn every_operation_end_to_end_against_the_sandbox() {
    let sandbox = Sandbox::start(Some(r#"{"push_delay": 0, "unique_bill_no": true}"#));
    let config = sandbox.client_config();
    let client = Client::new(&config).unwrap();
    assert_eq!(
        unsafe { faspay_client_set_logger(client.0, Some(record), 7 as *mut c_void) },
        OK
    );
    let call = |f: &dyn Fn(*mut *mut c_char, *mut *mut faspay_error) -> faspay_status| {
        string_result(f).map(|t| serde_json::from_str::<Value>(&t).unwrap_or(Value::String(t)))
    };

    let channels = call(&|o, e| unsafe { faspay_client_payment_channels(client.0, o, e) }).unwrap();
    assert!(
        channels["payment_channel"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["pg_code"] == "812")
    );

    let bill_json = c(&bill("C-ORDER-1"));
    let created = call(&|o, e| unsafe {
        faspay_client_create_transaction(client.0, bill_json.as_ptr(), o, e)
    })
    .unwrap();
    assert_eq!(created["response_code"], "00");
    let trx = c(created["trx_id"].as_str().unwrap());

    // Reusing the bill number (refused with unique_bill_no) is Faspay's 14, an API error with
    // the request sent.
    let again = call(&|o, e| unsafe {
        faspay_client_create_transaction(client.0, bill_json.as_ptr(), o, e)
    })
    .unwrap_err();
    assert_eq!(again.code, "API_ERROR");
    assert_eq!(again.response_code.as_deref(), Some("14"));
    assert!(again.request_sent);

    let url = call(&|o, e| unsafe {
        faspay_client_redirect_url(client.0, trx.as_ptr(), c"C-ORDER-1".as_ptr(), o, e)
    })
    .unwrap();
    assert!(url.as_str().unwrap().starts_with(&format!(
        "{}/pws/100003/",
        serde_json::from_str::<Value>(&config).unwrap()["base_url"].as_str().unwrap()
    )));
    let form = call(&|o, e| unsafe {
        faspay_client_ovo_push_form(client.0, trx.as_ptr(), c"081234567890".as_ptr(), o, e)
    })
    .unwrap();
    assert!(form.as_str().unwrap().contains("<form"));

    let pushed = call(&|o, e| unsafe {
        faspay_client_ovo_push(client.0, trx.as_ptr(), c"081234567890".as_ptr(), o, e)
    })
    .unwrap();
    assert_eq!(pushed["trx_id"], created["trx_id"]);

    let status = call(&|o, e| unsafe {
        faspay_client_payment_status(client.0, trx.as_ptr(), c"C-ORDER-1".as_ptr(), o, e)
    })
    .unwrap();
    assert_eq!(status["payment_status_code"], 2);
    assert_eq!(status["is_paid"], true);

    // A paid bill cannot be cancelled (81); a fresh one can.
    let cancel = |bill_no: &CStr, trx: &CStr| {
        call(&|o, e| unsafe {
            faspay_client_cancel_transaction(
                client.0,
                trx.as_ptr(),
                bill_no.as_ptr(),
                c"customer asked".as_ptr(),
                o,
                e,
            )
        })
    };
    assert_eq!(
        cancel(c"C-ORDER-1", &trx)
            .unwrap_err()
            .response_code
            .as_deref(),
        Some("81")
    );
    let bill2 = c(&bill("C-ORDER-2"));
    let created2 =
        call(&|o, e| unsafe { faspay_client_create_transaction(client.0, bill2.as_ptr(), o, e) })
            .unwrap();
    let trx2 = c(created2["trx_id"].as_str().unwrap());
    let cancelled = cancel(c"C-ORDER-2", &trx2).unwrap();
    assert_eq!(cancelled["payment_status_code"], 8);

    // The sandbox's own view, through its C functions.
    let transactions = sandbox.json(faspay_sandbox_transactions);
    assert_eq!(transactions.as_array().unwrap().len(), 2);
    let mut count = 0u64;
    let op = c"create_transaction";
    unit_result(|e| unsafe { faspay_sandbox_request_count(sandbox.0, op.as_ptr(), &mut count, e) })
        .unwrap();
    assert_eq!(count, 3);

    // Faults map to the error codes.
    let fault = c(r#"{"endpoint": "payment_status", "kind": "html_page", "times": 3}"#);
    unit_result(|e| unsafe { faspay_sandbox_set_fault(sandbox.0, fault.as_ptr(), e) }).unwrap();
    let e = call(&|o, e| unsafe {
        faspay_client_payment_status(client.0, trx.as_ptr(), c"C-ORDER-1".as_ptr(), o, e)
    })
    .unwrap_err();
    assert_eq!(e.code, "MALFORMED_RESPONSE");
    assert_eq!(e.http_status, 200);
    unit_result(|e| unsafe { faspay_sandbox_clear_faults(sandbox.0, e) }).unwrap();
    let bad_fault = c(r#"{"kind": "meteor"}"#);
    let e = unit_result(|e| unsafe { faspay_sandbox_set_fault(sandbox.0, bad_fault.as_ptr(), e) })
        .unwrap_err();
    assert_eq!(e.code, "INVALID_ARGUMENT");
    assert_eq!(e.field.as_deref(), Some("kind"));
    assert!(
        e.message.starts_with("kind: unknown fault"),
        "{}",
        e.message
    );

    // The logger saw each attempt, never a signature.
    let events = EVENTS.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .any(|(op, _, status, attempt, err)| op == "create_transaction"
                && *status == 200
                && *attempt == 1
                && err.is_none())
    );
    assert!(
        events
            .iter()
            .any(|(op, _, _, _, err)| op == "payment_status"
                && err.as_deref() == Some("MALFORMED_RESPONSE"))
    );
    assert!(
        events
            .iter()
            .all(|(_, path, ..)| !path.contains("signature"))
    );
    assert_eq!(
        unsafe { faspay_client_set_logger(client.0, None, ptr::null_mut()) },
        OK
    );
}

#[test]
fn notifications_are_delivered_verified_and_answered() {
    let sandbox = Sandbox::start(Some(r#"{"push_delay": 0, "notify_retry_delay": 0.01}"#));
    let client = Client::new(&sandbox.client_config()).unwrap();
    let bill_json = c(&bill("N-ORDER-1"));
    let created: Value = serde_json::from_str(
        &string_result(|o, e| unsafe {
            faspay_client_create_transaction(client.0, bill_json.as_ptr(), o, e)
        })
        .unwrap(),
    )
    .unwrap();
    // No merchant endpoint is set: the notification attempt fails and is recorded with its
    // body, which the client verifies like a merchant server would.
    unit_result(|e| unsafe {
        faspay_sandbox_set_notify_url(sandbox.0, c"http://127.0.0.1:9/notify".as_ptr(), e)
    })
    .unwrap();
    unit_result(|e| unsafe { faspay_sandbox_set_notify_retries(sandbox.0, 0, 0.01, e) }).unwrap();
    let trx = c(created["trx_id"].as_str().unwrap());
    unit_result(|e| unsafe { faspay_sandbox_approve(sandbox.0, trx.as_ptr(), e) }).unwrap();
    let mut reached = false;
    unit_result(|e| unsafe {
        faspay_sandbox_wait_for_deliveries(sandbox.0, 1, 60.0, &mut reached, e)
    })
    .unwrap();
    assert!(reached);
    let deliveries = sandbox.json(faspay_sandbox_deliveries);
    let body = deliveries[0]["request_body"].as_str().unwrap().to_string();
    assert_eq!(deliveries[0]["accepted"], false);

    let n: Value = serde_json::from_str(
        &string_result(|o, e| unsafe {
            faspay_client_parse_notification(client.0, body.as_ptr(), body.len(), o, e)
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(n["bill_no"], "N-ORDER-1");
    assert_eq!(n["payment_status_code"], 2);
    assert_eq!(n["payment_total"], "15000.50");
    assert_eq!(n["reply_content_type"], "application/json");
    let reply = string_result(|o, e| unsafe {
        faspay_client_notification_reply(
            client.0,
            body.as_ptr(),
            body.len(),
            true,
            ptr::null(),
            o,
            e,
        )
    })
    .unwrap();
    let reply: Value = serde_json::from_str(&reply).unwrap();
    assert_eq!(reply["response_code"], "00");

    // The same bytes with the status changed no longer verify.
    let forged = body.replace(
        "\"payment_status_code\":\"2\"",
        "\"payment_status_code\":\"3\"",
    );
    assert_ne!(forged, body);
    let e = string_result(|o, e| unsafe {
        faspay_client_parse_notification(client.0, forged.as_ptr(), forged.len(), o, e)
    })
    .unwrap_err();
    assert_eq!(e.code, "INVALID_SIGNATURE");
    let unknown = c("no-such-trx");
    let e = unit_result(|e| unsafe { faspay_sandbox_approve(sandbox.0, unknown.as_ptr(), e) })
        .unwrap_err();
    assert_eq!(e.code, "INVALID_ARGUMENT");
}
