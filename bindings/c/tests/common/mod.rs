//! Safe helpers for driving the exported functions from Rust tests: C strings in, owned
//! strings out (freed with `faspay_string_free`), errors read and freed like a C caller would.

#![allow(dead_code)]

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use faspay_capi::*;

/// What a failed call reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: faspay_status,
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    pub response_code: Option<String>,
    pub http_status: i32,
    pub request_sent: bool,
}

pub fn c(text: &str) -> CString {
    CString::new(text).expect("no NUL in test input")
}

unsafe fn opt(ptr: *const c_char) -> Option<String> {
    if ptr.is_null() {
        None
    } else {
        Some(unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_string())
    }
}

/// Reads and frees an error, checking that its code agrees with the returned status.
pub fn take_error(status: faspay_status, err: *mut faspay_error) -> Failure {
    assert!(!err.is_null(), "a failed call must fill err_out");
    unsafe {
        assert_eq!(faspay_error_code(err), status);
        let failure = Failure {
            status,
            code: opt(faspay_status_str(status as i32)).unwrap(),
            message: opt(faspay_error_message(err)).unwrap(),
            field: opt(faspay_error_field(err)),
            response_code: opt(faspay_error_response_code(err)),
            http_status: faspay_error_http_status(err),
            request_sent: faspay_error_request_sent(err),
        };
        faspay_error_free(err);
        failure
    }
}

/// Calls a string-returning function and takes ownership of the result.
pub fn string_result(
    f: impl FnOnce(*mut *mut c_char, *mut *mut faspay_error) -> faspay_status,
) -> Result<String, Failure> {
    let mut out: *mut c_char = ptr::null_mut();
    let mut err: *mut faspay_error = ptr::null_mut();
    let status = f(&mut out, &mut err);
    if status == faspay_status::FASPAY_STATUS_OK {
        assert!(err.is_null(), "success leaves err_out NULL");
        assert!(!out.is_null(), "success fills the out parameter");
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        unsafe { faspay_string_free(out) };
        Ok(text)
    } else {
        assert!(out.is_null(), "failure leaves the out parameter NULL");
        Err(take_error(status, err))
    }
}

/// Calls a function with no result.
pub fn unit_result(f: impl FnOnce(*mut *mut faspay_error) -> faspay_status) -> Result<(), Failure> {
    let mut err: *mut faspay_error = ptr::null_mut();
    let status = f(&mut err);
    if status == faspay_status::FASPAY_STATUS_OK {
        assert!(err.is_null());
        Ok(())
    } else {
        Err(take_error(status, err))
    }
}

/// A client owned by the test, freed on drop.
pub struct Client(pub *mut faspay_client);

// SAFETY: faspay_client is documented thread-safe; the tests share it read-only.
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

impl Client {
    pub fn new(config_json: &str) -> Result<Client, Failure> {
        let json = c(config_json);
        let mut client: *mut faspay_client = ptr::null_mut();
        let mut err: *mut faspay_error = ptr::null_mut();
        let status = unsafe { faspay_client_new(json.as_ptr(), &mut client, &mut err) };
        if status == faspay_status::FASPAY_STATUS_OK {
            Ok(Client(client))
        } else {
            assert!(client.is_null());
            Err(take_error(status, err))
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        unsafe { faspay_client_free(self.0) };
    }
}

/// A sandbox owned by the test, stopped on drop.
pub struct Sandbox(pub *mut faspay_sandbox);

unsafe impl Send for Sandbox {}
unsafe impl Sync for Sandbox {}

impl Sandbox {
    pub fn start(options_json: Option<&str>) -> Sandbox {
        let json = options_json.map(c);
        let mut sandbox: *mut faspay_sandbox = ptr::null_mut();
        let status = unsafe {
            faspay_sandbox_start(
                json.as_ref().map_or(ptr::null(), |j| j.as_ptr()),
                &mut sandbox,
                ptr::null_mut(),
            )
        };
        assert_eq!(status, faspay_status::FASPAY_STATUS_OK);
        Sandbox(sandbox)
    }

    pub fn client_config(&self) -> String {
        string_result(|out, err| unsafe { faspay_sandbox_client_config(self.0, out, err) }).unwrap()
    }

    pub fn json(
        &self,
        f: unsafe extern "C" fn(
            *const faspay_sandbox,
            *mut *mut c_char,
            *mut *mut faspay_error,
        ) -> faspay_status,
    ) -> serde_json::Value {
        let text = string_result(|out, err| unsafe { f(self.0, out, err) }).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        unsafe { faspay_sandbox_stop(self.0) };
    }
}
