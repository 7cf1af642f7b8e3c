//! Mutated requests on every endpoint: the sandbox always answers a Faspay message in the
//! request's format with a response code, never an HTTP error or a crash; the code is the one
//! the independent oracle expects when it can tell (`30` unreadable, `55` only the signature
//! is wrong), and otherwise one the sandbox documents.

mod common;

use std::collections::BTreeSet;

use common::oracle;
use faspay::{Format, Operation};

/// The codes the sandbox documents (README), `00` included.
const DOCUMENTED: [&str; 15] = [
    "00", "03", "13", "14", "17", "18", "30", "40", "54", "55", "81", "82", "83", "84", "85",
];

/// The codes a mutated request may get, judged by the oracle from the request alone.
fn allowed_codes(
    user_id: &str,
    password: &str,
    original: &faspay_sandbox::ReceivedRequest,
    mutated: &faspay_sandbox::ReceivedRequest,
) -> Vec<&'static str> {
    let Some(Ok((kind, before))) = oracle::read_request(original) else {
        panic!("the unmutated request is unreadable");
    };
    let after = match oracle::read_request(mutated) {
        Some(Ok((_, after))) => after,
        // The sandbox reads a bare `&` in XML as itself (not well-formed, but it is lenient
        // like the core's reader of Faspay's answers); anything else unreadable is a `30`.
        _ => match oracle::read_xml_with(&mutated.body, true) {
            Ok(after)
                if mutated.path.starts_with("/pws/1") || mutated.path.starts_with("/pws/3") =>
            {
                after
            }
            _ => return vec!["30"],
        },
    };
    let keys = |m: &oracle::Message| m.fields.keys().cloned().collect::<BTreeSet<_>>();
    let same_shape = keys(&before) == keys(&after)
        && before.items.len() == after.items.len()
        && after
            .fields
            .values()
            .all(|v| !v.trim().is_empty() && v.trim() == v);
    let suffix = match kind {
        oracle::Kind::ChannelInquiry => Some(String::new()),
        oracle::Kind::OvoPush => after.get("trx_id").map(str::to_owned),
        _ => after.get("bill_no").map(str::to_owned),
    };
    let signed = suffix
        .map(|s| oracle::signature(user_id, password, &s))
        .is_some_and(|sig| after.get("signature").map(str::to_ascii_lowercase) == Some(sig));
    match (same_shape, signed) {
        // Every field there and filled: a wrong signature is the first thing refused.
        (true, false) => vec!["55"],
        (_, true) => DOCUMENTED.iter().copied().filter(|c| *c != "55").collect(),
        (false, false) => DOCUMENTED.iter().copied().filter(|c| *c != "00").collect(),
    }
}

#[test]
fn mutated_requests_get_faspay_answers() {
    let sandbox = common::checked_sandbox();
    let o = sandbox.options();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for format in [Format::Json, Format::Xml] {
        let client = common::client(&sandbox, format);
        let created = client
            .create_transaction(&common::bill(&format!("ROB-{}", format.as_str()), "812"))
            .unwrap();
        let prepared = [
            (
                Operation::PaymentChannels,
                client.prepare_payment_channels().unwrap(),
            ),
            (
                Operation::CreateTransaction,
                client
                    .prepare_create_transaction(&common::bill("ROB-NEW", "812"))
                    .unwrap(),
            ),
            (
                Operation::PaymentStatus,
                client
                    .prepare_payment_status(&created.trx_id, "ROB-1")
                    .unwrap(),
            ),
            (
                Operation::CancelTransaction,
                client
                    .prepare_cancel_transaction(&created.trx_id, "ROB-1", "x")
                    .unwrap(),
            ),
            (
                Operation::OvoPush,
                client
                    .prepare_ovo_push(&created.trx_id, "081234567999")
                    .unwrap(),
            ),
        ];
        for (op, request) in &prepared {
            for round in 0..150 {
                let mut body = request.body.clone();
                for _ in 0..(1 + next() % 6) {
                    let i = (next() as usize) % body.len();
                    body[i] = match round % 3 {
                        0 => next() as u8,
                        1 => b"<>{}\"&=:,/ "[(next() as usize) % 11],
                        _ => b'0' + (next() % 10) as u8,
                    };
                }
                if round % 5 == 0 {
                    body.truncate((next() as usize) % body.len());
                }
                let mut answer = agent
                    .post(&request.url)
                    .header("Content-Type", request.content_type)
                    .send(&body[..])
                    .unwrap();
                assert_eq!(answer.status().as_u16(), 200, "{}", op.name());
                let bytes = answer.body_mut().read_to_vec().unwrap();
                // OVO push answers JSON whatever the client's format.
                let answer_format = if *op == Operation::OvoPush {
                    Format::Json
                } else {
                    format
                };
                let fields = faspay::codec::decode(&bytes, answer_format).unwrap_or_else(|e| {
                    panic!(
                        "{} answer does not decode: {e:?}: {}",
                        op.name(),
                        String::from_utf8_lossy(&bytes)
                    )
                });
                let code = fields.text("response_code").unwrap_or_default();
                let log = sandbox.received_requests();
                let mutated = log.last().expect("the request is logged");
                let original = faspay_sandbox::ReceivedRequest {
                    body: request.body.clone(),
                    ..mutated.clone()
                };
                let allowed = allowed_codes(&o.user_id, &o.password, &original, mutated);
                assert!(
                    allowed.contains(&code),
                    "{} answered {code}, expected one of {allowed:?}: {}",
                    op.name(),
                    String::from_utf8_lossy(&body)
                );
            }
        }
    }
}
