//! Payment notification bodies (both formats, sniffed): any bytes must end in a verified
//! notification or an INVALID_ARGUMENT / INVALID_SIGNATURE error, never a panic or a hang.

#![no_main]

use faspay::ErrorCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let client = faspay_fuzz::client();
    if let Err(e) = client.parse_notification(data) {
        assert!(
            matches!(
                e.code(),
                ErrorCode::InvalidArgument | ErrorCode::InvalidSignature
            ),
            "{e}"
        );
    }
});
