//! Every fault mode against every operation, through the core client: the error code it
//! maps to, and how often the request reached the sandbox (unsafe operations once, safe ones
//! retried on transport failures). Every request the sandboxes received is re-checked by the
//! independent oracle when each case ends (a faulted answer is no `00`, so it only asks that
//! what was accepted was signed by its formula).

mod common;

use std::time::Duration;

use common::oracle::Checked;
use faspay::{Client, Error, ErrorCode, Format, Operation};
use faspay_sandbox::{Fault, FaultKind};

/// The client's retry budget in these tests (so safe operations are sent 1 + 2 times).
const MAX_RETRIES: u32 = 2;
/// The client's timeout in the latency test; its fault is twice as long.
const SHORT_TIMEOUT: Duration = Duration::from_secs(2);
/// The client's timeout everywhere else: roomy, calls meant to succeed are not timed.
const ROOMY_TIMEOUT: Duration = Duration::from_secs(30);

struct Case {
    sandbox: Checked,
    /// The client under test (faulted calls).
    client: Client,
    /// A client with a roomy timeout for the calls meant to succeed.
    patient: Client,
    trx_id: String,
    bill_no: String,
}

fn setup(format: Format) -> Case {
    setup_with_timeout(format, ROOMY_TIMEOUT)
}

fn setup_with_timeout(format: Format, timeout: Duration) -> Case {
    let sandbox = common::checked_sandbox();
    let mut config = common::config(&sandbox, format);
    config.max_retries = MAX_RETRIES;
    config.timeout = timeout;
    config.push_timeout = timeout;
    let client = Client::new(config).unwrap();
    let mut patient = common::config(&sandbox, format);
    patient.max_retries = MAX_RETRIES;
    patient.timeout = ROOMY_TIMEOUT;
    patient.push_timeout = ROOMY_TIMEOUT;
    let patient = Client::new(patient).unwrap();
    let bill_no = format!("FAULT-{}", format.as_str());
    let created = patient
        .create_transaction(&common::bill(&bill_no, "812"))
        .unwrap();
    sandbox.reset_request_counts();
    Case {
        sandbox,
        client,
        patient,
        trx_id: created.trx_id,
        bill_no,
    }
}

fn call(case: &Case, op: Operation) -> Result<(), Error> {
    call_with(&case.client, case, op)
}

fn call_with(c: &Client, case: &Case, op: Operation) -> Result<(), Error> {
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
    check_with_timeout(kind, code, retried, ROOMY_TIMEOUT);
}

fn check_with_timeout(kind: FaultKind, code: ErrorCode, retried: bool, timeout: Duration) {
    // Each format and operation on its own sandbox, side by side: a latency case waits out
    // its fault, and the cases need not wait for each other.
    std::thread::scope(|scope| {
        for format in [Format::Json, Format::Xml] {
            for op in Operation::ALL {
                let kind = kind.clone();
                scope.spawn(move || check_one(kind, code, retried, timeout, format, op));
            }
        }
    });
}

fn check_one(
    kind: FaultKind,
    code: ErrorCode,
    retried: bool,
    timeout: Duration,
    format: Format,
    op: Operation,
) {
    let case = setup_with_timeout(format, timeout);
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
        case.patient
            .payment_channels()
            .expect("other endpoints work");
    }
    case.sandbox.clear_faults();
    call_with(&case.patient, &case, op).expect("works again once cleared");
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
    check_with_timeout(
        FaultKind::Latency(2 * SHORT_TIMEOUT),
        ErrorCode::Timeout,
        false,
        SHORT_TIMEOUT,
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
        .patient
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
    assert_eq!(err.code(), ErrorCode::Transport);
    assert!(err.request_sent());
    assert_eq!(case.sandbox.transactions().len(), 1);
}

/// Faults that strike after the request took effect: the answer is lost, the effect is not.
fn after_effect_kinds() -> [(FaultKind, ErrorCode); 5] {
    [
        (FaultKind::ServerError(503), ErrorCode::Transport),
        (FaultKind::Reset, ErrorCode::Transport),
        (FaultKind::HtmlPage, ErrorCode::MalformedResponse),
        (FaultKind::Truncated, ErrorCode::MalformedResponse),
        (FaultKind::Latency(2 * SHORT_TIMEOUT), ErrorCode::Timeout),
    ]
}

#[test]
fn a_create_whose_answer_is_lost_after_the_effect_made_the_bill() {
    std::thread::scope(|scope| {
        for format in [Format::Json, Format::Xml] {
            for (kind, code) in after_effect_kinds() {
                scope.spawn(move || {
                    let case = setup_with_timeout(format, SHORT_TIMEOUT);
                    let what = format!("{} {}", kind.name(), format.as_str());
                    case.sandbox.set_unique_bill_no(true);
                    case.sandbox.set_fault(
                        Fault::times(Some(Operation::CreateTransaction), kind, 1).after_effect(),
                    );
                    let bill_no = format!("LOST-{}", format.as_str());
                    let err = case
                        .client
                        .create_transaction(&common::bill(&bill_no, "812"))
                        .expect_err("the answer is lost");
                    assert_eq!(err.code(), code, "{what}: {err}");
                    assert!(err.request_sent(), "{what}");
                    assert_eq!(case.sandbox.request_count(Operation::CreateTransaction), 1);
                    // The bill exists at the sandbox, pending, though the client never saw
                    // its trx_id: the sandbox's view and a status inquiry both find it.
                    let made: Vec<_> = case
                        .sandbox
                        .transactions()
                        .into_iter()
                        .filter(|t| t.bill_no == bill_no)
                        .collect();
                    assert_eq!(made.len(), 1, "{what}");
                    let status = case
                        .patient
                        .payment_status(&made[0].trx_id, &bill_no)
                        .unwrap();
                    assert_eq!(
                        status.payment_status_code,
                        faspay::PaymentStatusCode::Unprocessed,
                        "{what}"
                    );
                    // Resending the same bill_no is what the README warns against: Faspay
                    // (here with unique bill numbers) refuses it.
                    let again = case
                        .patient
                        .create_transaction(&common::bill(&bill_no, "812"))
                        .expect_err("a reused bill_no is refused");
                    assert_eq!(
                        (again.code(), again.response_code()),
                        (ErrorCode::ApiError, Some("14")),
                        "{what}"
                    );
                    // A new number works: the fault was used up.
                    case.patient
                        .create_transaction(&common::bill(&format!("{bill_no}-2"), "812"))
                        .unwrap();
                });
            }
        }
    });
}

#[test]
fn a_cancel_or_push_whose_answer_is_lost_took_effect_and_payment_status_says_so() {
    std::thread::scope(|scope| {
        for format in [Format::Json, Format::Xml] {
            for (kind, code) in after_effect_kinds() {
                for (op, expected) in [
                    (
                        Operation::CancelTransaction,
                        faspay::PaymentStatusCode::Cancelled,
                    ),
                    (Operation::OvoPush, faspay::PaymentStatusCode::Success),
                ] {
                    let kind = kind.clone();
                    scope.spawn(move || {
                        let case = setup_with_timeout(format, SHORT_TIMEOUT);
                        let what = format!("{} {} {}", kind.name(), op.name(), format.as_str());
                        case.sandbox
                            .set_fault(Fault::always(Some(op), kind).after_effect());
                        let err = call(&case, op).expect_err("the answer is lost");
                        assert_eq!(err.code(), code, "{what}: {err}");
                        assert!(err.request_sent(), "{what}");
                        assert_eq!(case.sandbox.request_count(op), 1, "{what}: never resent");
                        let status = case
                            .patient
                            .payment_status(&case.trx_id, &case.bill_no)
                            .unwrap();
                        assert_eq!(status.payment_status_code, expected, "{what}");
                    });
                }
            }
        }
    });
}

#[test]
fn a_fault_before_the_effect_leaves_nothing_done() {
    // The default, for contrast: the same faults on a cancel leave the bill pending.
    for (kind, code) in after_effect_kinds() {
        let case = setup_with_timeout(Format::Json, SHORT_TIMEOUT);
        case.sandbox.set_fault(Fault::always(
            Some(Operation::CancelTransaction),
            kind.clone(),
        ));
        let err = call(&case, Operation::CancelTransaction).expect_err("faulted");
        assert_eq!(err.code(), code, "{}", kind.name());
        if matches!(kind, FaultKind::Latency(_)) {
            // A delayed request still runs once its delay is over: wait for it, bounded.
            assert!(common::wait_until(Duration::from_secs(30), || {
                case.sandbox.transaction(&case.trx_id).unwrap().status
                    == faspay::PaymentStatusCode::Cancelled
            }));
            continue;
        }
        let status = case
            .patient
            .payment_status(&case.trx_id, &case.bill_no)
            .unwrap();
        assert_eq!(
            status.payment_status_code,
            faspay::PaymentStatusCode::Unprocessed,
            "{}",
            kind.name()
        );
    }
}
