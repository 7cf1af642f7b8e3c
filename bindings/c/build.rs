//! Gives the shared library the name it is installed under, so programs linked against it load
//! it by that name, not by the crate's: the SONAME `libfaspay.so.0` on Linux, the install name
//! `@rpath/libfaspay.dylib` on macOS (found through the program's rpath, wherever the bundle
//! was extracted). Windows has no such field: scripts/release makes the import library of
//! `faspay.dll` instead.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libfaspay.so.0");
    } else if os == "macos" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libfaspay.dylib");
    }
}
