//! Coverage-guided fuzzing of everything that reads untrusted bytes: notifications (both
//! formats), every response decoder, return-URL queries and bill JSON. Any panic is a bug;
//! errors must carry one of the stable codes.

#![no_main]

use faspay::{Bill, Client, Config, ErrorCode, Operation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let client = Client::new(Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd"))
        .expect("valid config");
    if let Err(e) = client.parse_notification(data) {
        assert!(matches!(e.code(), ErrorCode::InvalidArgument | ErrorCode::InvalidSignature));
    }
    for op in Operation::ALL {
        let _ = client.decode_response(op, 200, data);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = client.verify_return(text);
        let _ = Bill::from_json(text);
    }
});
