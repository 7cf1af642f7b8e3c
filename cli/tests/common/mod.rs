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

/// A file the test wrote, in a temporary directory of its own that is removed (with the file)
/// when this value is dropped.
pub struct TempFile {
    _dir: tempfile::TempDir,
    path: String,
}

impl TempFile {
    pub fn as_str(&self) -> &str {
        &self.path
    }
}

impl std::ops::Deref for TempFile {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

/// Writes `contents` to a file named `name` in a fresh temporary directory; both are removed
/// when the returned value is dropped.
pub fn temp_file(name: &str, contents: &[u8]) -> TempFile {
    let dir = tempfile::Builder::new()
        .prefix("faspay-cli-tests-")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("temp file");
    TempFile {
        path: path.to_string_lossy().into_owned(),
        _dir: dir,
    }
}

/// GET `path` from a running sandbox's admin API (`base_url` is `http://127.0.0.1:PORT`), with
/// a plain socket: the tests read the sandbox's own records without the SDK.
pub fn admin_get(base_url: &str, path: &str) -> serde_json::Value {
    use std::io::Read;
    let addr = base_url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(addr).expect("the sandbox accepts");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let answer = String::from_utf8(answer).expect("UTF-8 answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("head and body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head.to_ascii_lowercase().contains("transfer-encoding"),
        "{head}"
    );
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"))
}

/// Requests in the admin API's JSON form back as the sandbox's `ReceivedRequest` (bodies from
/// their base64 form: the exact bytes), for the oracle.
pub fn received_from_json(list: &serde_json::Value) -> Vec<faspay_sandbox::ReceivedRequest> {
    use base64::Engine;
    let bytes = |v: &serde_json::Value| {
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64 text"))
            .expect("base64")
    };
    list.as_array()
        .expect("a JSON array of requests")
        .iter()
        .map(|r| faspay_sandbox::ReceivedRequest {
            seq: r["seq"].as_u64().expect("seq"),
            method: r["method"].as_str().expect("method").into(),
            path: r["path"].as_str().expect("path").into(),
            query: r["query"].as_str().expect("query").into(),
            body: bytes(&r["body_base64"]),
            response_status: r["response_status"].as_u64().map(|s| s as u16),
            response_body: bytes(&r["response_body_base64"]),
        })
        .collect()
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
