//! The checked-in header matches the crate: its version macros equal the package version, and
//! every exported function of `src/` is declared in both `faspay.h` and `faspay_php.h`
//! (scripts/gen-header --check in scripts/test-c compares the whole text).

use std::path::Path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

#[test]
fn version_macros_match_the_package() {
    let header = read("../../include/faspay.h");
    let mut parts = env!("CARGO_PKG_VERSION").split('.');
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let line = format!("#define FASPAY_VERSION_{name} {}", parts.next().unwrap());
        assert!(header.contains(&line), "faspay.h lacks {line:?}");
    }
}

#[test]
fn every_exported_function_is_declared() {
    let (c, php) = (
        read("../../include/faspay.h"),
        read("../../include/faspay_php.h"),
    );
    let mut count = 0;
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if line.trim() != "#[unsafe(no_mangle)]" {
                continue;
            }
            let signature = lines.next().unwrap();
            let name = signature
                .split("fn ")
                .nth(1)
                .and_then(|rest| rest.split('(').next())
                .unwrap();
            count += 1;
            let call = format!("{name}(");
            assert!(c.contains(&call), "faspay.h lacks {name}");
            assert!(php.contains(&call), "faspay_php.h lacks {name}");
        }
    }
    assert!(count >= 59, "only {count} exported functions found");
}
