//! Return-URL queries (a string, and the same pairs as a framework's mapping): verified or an
//! INVALID_ARGUMENT / INVALID_SIGNATURE error, never a panic or a hang.

#![no_main]

use faspay::ErrorCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let client = faspay_fuzz::client();
    let text = String::from_utf8_lossy(data);
    let coded = |e: faspay::Error| {
        assert!(
            matches!(
                e.code(),
                ErrorCode::InvalidArgument | ErrorCode::InvalidSignature
            ),
            "{e}"
        );
    };
    if let Err(e) = client.verify_return(&text) {
        coded(e);
    }
    let pairs = form_pairs(&text);
    if let Err(e) = client.verify_return_pairs(pairs) {
        coded(e);
    }
});

/// Splits `a=b&c=d` without decoding, as a framework might hand over raw pairs.
fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (pair.to_string(), String::new()),
        })
        .collect()
}
