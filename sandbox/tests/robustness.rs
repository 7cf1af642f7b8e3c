//! Mutated requests on every endpoint: the sandbox always answers a Faspay message in the
//! request's format with a response code, never an HTTP error or a crash.

mod common;

use faspay::{Format, Operation};

#[test]
fn mutated_requests_get_faspay_answers() {
    let sandbox = common::sandbox();
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
                assert_eq!(code.len(), 2, "{} answer has a response_code", op.name());
            }
        }
    }
}
