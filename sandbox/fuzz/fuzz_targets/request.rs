//! Coverage-guided fuzzing of the sandbox's own request reading: the framing gate in front of
//! hyper (request-smuggling refusals, head cap, chunked budget) and the body, form and query
//! decoders. Any panic or failed check is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    faspay_sandbox::fuzzing::request_bytes(data);
});
