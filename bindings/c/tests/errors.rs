//! The error mapping: every core code has its own status whose name is the code's, the
//! statuses of the C call itself are distinct, and `faspay_status_str` names them all.

use std::ffi::CStr;

use faspay::ErrorCode;
use faspay_capi::{faspay_status, faspay_status_str};

fn name(status: i32) -> String {
    unsafe { CStr::from_ptr(faspay_status_str(status)) }
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_core_code_has_a_status_named_like_it() {
    let mut seen = Vec::new();
    for code in ErrorCode::ALL {
        let status = faspay_status::from_code(code);
        assert_ne!(status, faspay_status::FASPAY_STATUS_OK, "{code} maps to OK");
        assert!(
            faspay_status::all().contains(&status),
            "{code} maps to an unlisted status"
        );
        assert_eq!(name(status as i32), code.as_str());
        assert!(!seen.contains(&status), "{code} shares a status");
        seen.push(status);
    }
}

#[test]
fn status_numbers_are_stable_and_named() {
    let expected = [
        (0, "OK"),
        (1, "INVALID_ARGUMENT"),
        (2, "INVALID_SIGNATURE"),
        (3, "API_ERROR"),
        (4, "TRANSPORT"),
        (5, "TIMEOUT"),
        (6, "MALFORMED_RESPONSE"),
        (7, "INTERNAL"),
        (100, "NULL_ARGUMENT"),
        (101, "INVALID_UTF8"),
        (102, "PANIC"),
    ];
    assert_eq!(faspay_status::all().len(), expected.len());
    for (status, (number, text)) in faspay_status::all().iter().zip(expected) {
        assert_eq!(*status as i32, number);
        assert_eq!(name(number), text);
    }
    for unknown in [-1, 8, 99, 103, i32::MAX] {
        assert_eq!(name(unknown), "UNKNOWN");
    }
}
