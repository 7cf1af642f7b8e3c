//! How the command reports: human text by default, one JSON document with `--json`, and
//! `error[CODE]: message` on stderr with a distinct exit status per error code.

use std::io::Write;

use faspay::ErrorCode;
use serde_json::{Value, json};

/// The CLI-only code for a demo step that ran without an SDK error but did not behave as
/// expected (for example a status inquiry that does not say paid).
pub const CHECK_FAILED: &str = "CHECK_FAILED";

/// Exit statuses, one per error code; the table is repeated in `faspay --help`.
pub const EXIT_CODES: [(&str, i32); 8] = [
    ("INVALID_ARGUMENT", 2),
    ("INVALID_SIGNATURE", 3),
    ("API_ERROR", 4),
    ("TRANSPORT", 5),
    ("TIMEOUT", 6),
    ("MALFORMED_RESPONSE", 7),
    ("INTERNAL", 8),
    (CHECK_FAILED, 9),
];

/// A failed command: a stable code, a message without secrets, and the SDK details if any.
#[derive(Debug)]
pub struct CliError {
    pub code: &'static str,
    pub message: String,
    pub details: serde_json::Map<String, Value>,
}

impl CliError {
    /// `INVALID_ARGUMENT` with `message`.
    pub fn invalid(message: impl Into<String>) -> CliError {
        CliError::new(ErrorCode::InvalidArgument.as_str(), message)
    }

    /// `INTERNAL` (a bug) with `message`.
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::new(ErrorCode::Internal.as_str(), message)
    }

    /// `CHECK_FAILED` with `message`.
    pub fn check(message: impl Into<String>) -> CliError {
        CliError::new(CHECK_FAILED, message)
    }

    fn new(code: &'static str, message: impl Into<String>) -> CliError {
        CliError {
            code,
            message: message.into(),
            details: serde_json::Map::new(),
        }
    }

    /// The process exit status for this error's code.
    pub fn exit_code(&self) -> i32 {
        EXIT_CODES
            .iter()
            .find(|(code, _)| *code == self.code)
            .map_or(1, |(_, status)| *status)
    }

    /// What a person should do about a request that failed on the way: whether it may have
    /// reached Faspay (then check before retrying an unsafe call) or certainly did not.
    pub fn delivery_hint(&self) -> Option<&'static str> {
        let network = ["TRANSPORT", "TIMEOUT", "MALFORMED_RESPONSE"].contains(&self.code);
        match self.details.get("request_sent").and_then(Value::as_bool) {
            Some(true) if network => Some(
                "note: the request may have reached Faspay. Before retrying a cancel or push, \
                 check the transaction with `faspay status TRX_ID BILL_NO` (or wait for its \
                 notification); retry a create only with a new bill number.",
            ),
            Some(false) if network => {
                Some("note: the request did not reach Faspay; it is safe to retry.")
            }
            _ => None,
        }
    }

    /// `{"error": {"code": .., "message": .., ...details}}`.
    pub fn to_json(&self) -> Value {
        let mut error = serde_json::Map::new();
        error.insert("code".into(), json!(self.code));
        error.insert("message".into(), json!(self.message));
        error.extend(self.details.clone());
        json!({ "error": error })
    }
}

impl From<faspay::Error> for CliError {
    fn from(e: faspay::Error) -> CliError {
        let mut err = CliError::new(e.code().as_str(), e.message());
        let mut put = |key: &str, value: Value| {
            err.details.insert(key.to_string(), value);
        };
        if let Some(field) = e.field() {
            put("field", json!(field));
        }
        if let Some(code) = e.response_code() {
            put("response_code", json!(code));
        }
        if let Some(desc) = e.response_desc() {
            put("response_desc", json!(desc));
        }
        if let Some(status) = e.http_status() {
            put("http_status", json!(status));
        }
        // Only where it tells the caller something: reconcile before retrying a sent call.
        if matches!(
            e.code(),
            ErrorCode::ApiError
                | ErrorCode::Transport
                | ErrorCode::Timeout
                | ErrorCode::MalformedResponse
        ) {
            put("request_sent", json!(e.request_sent()));
        }
        err
    }
}

/// Shorthand for command results.
pub type CliResult<T = ()> = Result<T, CliError>;

/// Where results go, chosen once by `--json`.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints a finished result: `human` as is, or `json` as one pretty document.
    pub fn result(&self, human: &str, json: &Value) {
        if self.json {
            self.line(&pretty(json));
        } else {
            self.line(human.trim_end_matches('\n'));
        }
    }

    /// Prints a progress line in human mode only (JSON mode prints one final document).
    pub fn progress(&self, line: &str) {
        if !self.json {
            self.line(line);
        }
    }

    /// Prints an error the way `--json` asks, on stderr (human) or stdout (JSON).
    pub fn error(&self, error: &CliError) {
        if self.json {
            self.line(&pretty(&error.to_json()));
        } else {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error[{}]: {}", error.code, error.message);
            if let Some(hint) = error.delivery_hint() {
                let _ = writeln!(err, "{hint}");
            }
        }
    }

    fn line(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`faspay ... | head`) is not worth a panic.
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// `Some(text)` as a JSON string, `None` as null.
pub fn opt_json(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |v| json!(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every SDK error code maps to its documented exit status, INTERNAL included (a caught
    /// panic's exit status is checked end to end in tests/exit_codes.rs).
    #[test]
    fn each_error_code_has_its_exit_status() {
        let statuses: Vec<(&str, i32)> = ErrorCode::ALL
            .into_iter()
            .map(|code| {
                let err = CliError::from(faspay::Error::new(code, "boom"));
                (err.code, err.exit_code())
            })
            .collect();
        assert_eq!(
            statuses,
            [
                ("INVALID_ARGUMENT", 2),
                ("INVALID_SIGNATURE", 3),
                ("API_ERROR", 4),
                ("TRANSPORT", 5),
                ("TIMEOUT", 6),
                ("MALFORMED_RESPONSE", 7),
                ("INTERNAL", 8),
            ]
        );
        let check = CliError::check("the demo went wrong");
        assert_eq!((check.code, check.exit_code()), (CHECK_FAILED, 9));
        assert_eq!(check.to_json()["error"]["code"], "CHECK_FAILED");
    }
}
