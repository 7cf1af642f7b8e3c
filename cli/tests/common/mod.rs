//! Helpers shared by the CLI tests: run the built `faspay` binary with a clean environment and
//! read what it printed.

#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::process::{Command, Stdio};

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as the one JSON document `--json` promises.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The error code of a `--json` failure.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.stdout))
            .to_string()
    }

    /// stdout and stderr together, for secret checks.
    pub fn all_output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Runs `faspay args...` with only `env` set among the FASPAY_* variables, feeding `stdin`.
pub fn faspay(args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_faspay"));
    cmd.args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("FASPAY_") {
            cmd.env_remove(key);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the faspay binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(input).expect("stdin accepts the input");
    }
    let out = child
        .wait_with_output()
        .expect("the faspay binary finishes");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `contents` to a fresh file in the target's temp dir and returns its path.
pub fn temp_file(name: &str, contents: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("faspay-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temp file");
    path.to_string_lossy().into_owned()
}

/// A child process that is killed when the test ends, even by a panic.
pub struct Spawned(pub std::process::Child);

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `faspay create` arguments for a valid OVO bill of Rp 25.000.
pub fn create_args<'a>(bill_no: &'a str, msisdn: &'a str) -> Vec<&'a str> {
    vec![
        "create",
        "--bill-no",
        bill_no,
        "--desc",
        "Order",
        "--total",
        "25000",
        "--channel",
        "812",
        "--cust-no",
        "42",
        "--cust-name",
        "Budi",
        "--msisdn",
        msisdn,
        "--email",
        "budi@example.com",
    ]
}
