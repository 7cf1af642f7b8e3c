//! Faspay's answers to `cancel_transaction`: see `faspay_fuzz::check_response`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    faspay_fuzz::check_response(faspay::Operation::CancelTransaction, data);
});
