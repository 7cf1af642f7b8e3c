//! `faspay --version` prints the release's one version: the workspace version that every
//! artifact (wheel, npm package, libfaspay) reports too.

mod common;

#[test]
fn version_is_the_workspace_version() {
    let run = common::faspay(&["--version"], &[], None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), format!("faspay {}", faspay::VERSION));
}
