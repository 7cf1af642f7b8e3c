//! What the fuzz targets share: the sample merchant's client and the check of one answer
//! decoder, so each target stays one line and the rules are written once.

use faspay::{Client, Config, ErrorCode, Operation};

/// The public sample merchant, with the inbound limit raised past `-max_len` (1 MiB) so the
/// parsers themselves see every input.
pub fn client() -> Client {
    let mut config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
    config.max_inbound_bytes = 2 << 20;
    Client::new(config).expect("valid config")
}

/// Decodes `data` as Faspay's answer to `op`: a typed result or a MALFORMED_RESPONSE /
/// API_ERROR / TRANSPORT error, never a panic. A first byte of 0xFF means HTTP 500, so the
/// non-2xx path is covered too.
pub fn check_response(op: Operation, data: &[u8]) {
    let (status, body) = match data.split_first() {
        Some((0xFF, rest)) => (500, rest),
        _ => (200, data),
    };
    if let Err(e) = client().decode_response(op, status, body) {
        assert!(
            matches!(
                e.code(),
                ErrorCode::MalformedResponse | ErrorCode::ApiError | ErrorCode::Transport
            ),
            "{e}"
        );
    }
}
