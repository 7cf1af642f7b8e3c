//! Faspay's answers to `payment_channels`: see `faspay_fuzz::check_response`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    faspay_fuzz::check_response(faspay::Operation::PaymentChannels, data);
});
