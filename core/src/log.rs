//! Log events handed to the host's logger: what was called and how it went, and the SDK's
//! warnings about risky usage; never a secret.

use std::time::Duration;

use crate::error::ErrorCode;

/// One HTTP attempt, or (with `warning` set, `attempt` 0 and no status) a warning about how
/// the SDK is used, such as a bill numbering open to the prefix attack ([`crate::bill_no`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// The operation name (`create_transaction`, ...).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The request path (no query string, no signature).
    pub path: String,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Time from sending to the end of the response.
    pub elapsed: Duration,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The error code, when the attempt failed.
    pub error: Option<ErrorCode>,
    /// A warning for the merchant's developers (log it at warning level); `None` for an
    /// ordinary HTTP attempt.
    pub warning: Option<String>,
}

impl LogEvent {
    /// A one-line, human form: `POST /cvr/300011/10 -> 200 in 12 ms (attempt 1)`.
    /// A warning reads `create_transaction warning: ...`.
    pub fn summary(&self) -> String {
        if let Some(warning) = &self.warning {
            return format!("{} warning: {warning}", self.operation);
        }
        let status = self
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        let error = self
            .error
            .map(|e| format!(" error={e}"))
            .unwrap_or_default();
        format!(
            "{} {} {} -> {} in {} ms (attempt {}){}",
            self.operation,
            self.method,
            self.path,
            status,
            self.elapsed.as_millis(),
            self.attempt,
            error
        )
    }
}
