//! Gives the shared library the SONAME it is installed under (`libfaspay.so.0`), so programs
//! linked against the installed `libfaspay.so` load it by that name, not by the crate's.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libfaspay.so.0");
    }
}
