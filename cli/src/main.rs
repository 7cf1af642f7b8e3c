//! The `faspay` command (work in progress).

fn main() {}
