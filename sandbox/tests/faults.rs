//! Every fault mode against every operation, through the core client: the error code it
//! maps to, and how often the request reached the sandbox (unsafe operations once, safe ones
//! retried on transport failures).

mod common;

use std::time::Duration;

use faspay::{Client, Error, ErrorCode, Format, Operation};
use faspay_sandbox::{Fault, FaultKind, Sandbox};

/// The client's retry budget in these tests (so safe operations are sent 1 + 2 times).
const MAX_RETRIES: u32 = 2;

struct Case {
    sandbox: Sandbox,
    client: Client,
    trx_id: String,
    bill_no: String,
}

fn setup(format: Format) -> Case {
    let sandbox = common::sandbox();
    let mut config = common::config(&sandbox, format);
    config.max_retries = MAX_RETRIES;
    config.timeout = Duration::from_millis(400);
    config.push_timeout = Duration::from_millis(400);
    let client = Client::new(config).unwrap();
    let bill_no = format!("FAULT-{}", format.as_str());
    let created = client
        .create_transaction(&common::bill(&bill_no, "812"))
        .unwrap();
    sandbox.reset_request_counts();
    Case {
        sandbox,
        client,
        trx_id: created.trx_id,
        bill_no,
    }
}

fn call(case: &Case, op: Operation) -> Result<(), Error> {
    let c = &case.client;
    match op {
        Operation::PaymentChannels => c.payment_channels().map(drop),
        Operation::CreateTransaction => c
            .create_transaction(&common::bill("FAULT-NEW", "812"))
            .map(drop),
        Operation::PaymentStatus => c.payment_status(&case.trx_id, &case.bill_no).map(drop),
        Operation::CancelTransaction => c
            .cancel_transaction(&case.trx_id, &case.bill_no, "test")
            .map(drop),
        Operation::OvoPush => c.ovo_push(&case.trx_id, "081234567890").map(drop),
    }
}

fn expected_sends(op: Operation, retried: bool) -> u64 {
    if retried && op.is_idempotent() {
        1 + u64::from(MAX_RETRIES)
    } else {
        1
    }
}

fn check(kind: FaultKind, code: ErrorCode, retried: bool) {
    for format in [Format::Json, Format::Xml] {
        for op in Operation::ALL {
            let case = setup(format);
            case.sandbox
                .set_fault(Fault::always(Some(op), kind.clone()));
            let err = call(&case, op).expect_err("a faulted call fails");
            let what = format!("{} {} {}", kind.name(), op.name(), format.as_str());
            assert_eq!(err.code(), code, "{what}: {err}");
            assert_eq!(
                case.sandbox.request_count(op),
                expected_sends(op, retried),
                "{what}: requests received"
            );
            // Faults are per endpoint: the others still answer.
            if op != Operation::PaymentChannels {
                case.client
                    .payment_channels()
                    .expect("other endpoints work");
            }
            case.sandbox.clear_faults();
            call(&case, op).expect("works again once cleared");
        }
    }
}

#[test]
fn server_errors_are_transport_errors_and_only_safe_calls_retry() {
    check(FaultKind::ServerError(503), ErrorCode::Transport, true);
}

#[test]
fn resets_are_transport_errors_and_only_safe_calls_retry() {
    check(FaultKind::Reset, ErrorCode::Transport, true);
}

#[test]
fn an_html_page_with_status_200_is_a_malformed_response() {
    check(FaultKind::HtmlPage, ErrorCode::MalformedResponse, false);
}

#[test]
fn a_truncated_body_is_a_malformed_response() {
    check(FaultKind::Truncated, ErrorCode::MalformedResponse, false);
}

#[test]
fn an_oversized_body_is_a_malformed_response() {
    check(
        FaultKind::OversizedBody,
        ErrorCode::MalformedResponse,
        false,
    );
}

#[test]
fn latency_past_the_client_timeout_is_a_timeout() {
    check(
        FaultKind::Latency(Duration::from_millis(900)),
        ErrorCode::Timeout,
        false,
    );
}

#[test]
fn a_response_error_envelope_is_an_api_error_with_its_code() {
    let kind = FaultKind::ResponseError {
        code: "40".into(),
        desc: "Merchant not registered".into(),
    };
    check(kind.clone(), ErrorCode::ApiError, false);
    let case = setup(Format::Xml);
    case.sandbox.set_fault(Fault::always(None, kind));
    let err = case.client.payment_channels().unwrap_err();
    assert_eq!(err.response_code(), Some("40"));
    assert_eq!(err.response_desc(), Some("Merchant not registered"));
}

#[test]
fn latency_below_the_timeout_only_slows_the_answer() {
    let case = setup(Format::Json);
    case.sandbox.set_fault(Fault::always(
        Some(Operation::PaymentStatus),
        FaultKind::Latency(Duration::from_millis(150)),
    ));
    // A client with a roomy timeout: only the added delay is measured.
    let patient = common::client(&case.sandbox, Format::Json);
    let started = std::time::Instant::now();
    patient.payment_status(&case.trx_id, &case.bill_no).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[test]
fn a_counted_fault_lets_a_safe_call_succeed_on_retry() {
    let case = setup(Format::Json);
    case.sandbox.set_fault(Fault::times(
        Some(Operation::PaymentStatus),
        FaultKind::ServerError(500),
        2,
    ));
    let status = case
        .client
        .payment_status(&case.trx_id, &case.bill_no)
        .expect("third attempt succeeds");
    assert_eq!(status.response.response_code, "00");
    assert_eq!(case.sandbox.request_count(Operation::PaymentStatus), 3);
    assert!(case.sandbox.faults().is_empty());
}

#[test]
fn a_fault_on_every_endpoint_hits_them_all() {
    let case = setup(Format::Json);
    case.sandbox
        .set_fault(Fault::always(None, FaultKind::ServerError(500)));
    for op in Operation::ALL {
        let err = call(&case, op).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Transport, "{}", op.name());
        assert_eq!(err.http_status(), Some(500));
    }
}

#[test]
fn a_faulted_create_is_not_processed() {
    let case = setup(Format::Json);
    case.sandbox.set_fault(Fault::always(
        Some(Operation::CreateTransaction),
        FaultKind::Reset,
    ));
    let err = call(&case, Operation::CreateTransaction).unwrap_err();
    assert!(err.request_sent());
    assert_eq!(case.sandbox.transactions().len(), 1);
}
