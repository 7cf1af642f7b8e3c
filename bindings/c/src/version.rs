//! The library's version: the workspace version every faspay artifact reports.

use std::ffi::c_char;

/// The crate's version with the NUL a C string needs. The crate inherits the workspace
/// version, as the core does (the test below holds them together).
const VERSION_NUL: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// This library's version, e.g. `"0.1.0"`: a static NUL-terminated string that the caller must
/// not free or modify. Never fails, never NULL. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn faspay_version() -> *const c_char {
    VERSION_NUL.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_c_version_is_the_cores() {
        // SAFETY: VERSION_NUL ends with a NUL and lives for the whole program.
        let text = unsafe { std::ffi::CStr::from_ptr(faspay_version()) };
        assert_eq!(text.to_str().unwrap(), faspay::VERSION);
    }
}
