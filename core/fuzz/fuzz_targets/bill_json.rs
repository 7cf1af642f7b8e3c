//! Bills as JSON (`Bill::from_json`, how the C ABI and the CLI take them): a bill or an
//! INVALID_ARGUMENT error, never a panic or a hang; a parsed bill then encodes or is refused.

#![no_main]

use faspay::{Bill, ErrorCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Bill::from_json(text) {
        Ok(bill) => {
            if let Err(e) = faspay_fuzz::client().prepare_create_transaction(&bill) {
                assert_eq!(e.code(), ErrorCode::InvalidArgument, "{e}");
            }
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::InvalidArgument, "{e}"),
    }
});
