//! The one error type of the SDK and its stable, field-less codes (docs/architecture.md).

use std::fmt;

/// A stable error code: the contract every binding maps and every test asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Bad input or configuration, caught before anything is sent.
    InvalidArgument,
    /// An inbound message (notification, return URL) failed verification.
    InvalidSignature,
    /// Faspay answered with `response_code != "00"` or a `response_error` envelope.
    ApiError,
    /// Connect, TLS, connection reset or a non-2xx HTTP status.
    Transport,
    /// A connect or read timeout.
    Timeout,
    /// A body that is not the promised XML or JSON (HTML page, truncation, oversize).
    MalformedResponse,
    /// A bug in this library (for example a caught panic in a binding).
    Internal,
}

impl ErrorCode {
    /// Every code, in a fixed order; bindings walk it to prove that each one is mapped.
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::InvalidArgument,
        ErrorCode::InvalidSignature,
        ErrorCode::ApiError,
        ErrorCode::Transport,
        ErrorCode::Timeout,
        ErrorCode::MalformedResponse,
        ErrorCode::Internal,
    ];

    /// The code as written in every language (`"INVALID_ARGUMENT"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::InvalidSignature => "INVALID_SIGNATURE",
            ErrorCode::ApiError => "API_ERROR",
            ErrorCode::Transport => "TRANSPORT",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::MalformedResponse => "MALFORMED_RESPONSE",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// The inverse of [`ErrorCode::as_str`].
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An SDK error: a stable [`ErrorCode`], a human message (never containing a secret) and the
/// details that apply to its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    field: Option<String>,
    response_code: Option<String>,
    response_desc: Option<String>,
    http_status: Option<u16>,
    request_sent: bool,
}

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A new error of `code` with `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
            response_code: None,
            response_desc: None,
            http_status: None,
            request_sent: false,
        }
    }

    /// `INVALID_ARGUMENT` about one named field.
    pub fn invalid_field(field: &str, message: impl fmt::Display) -> Self {
        let mut e = Error::new(ErrorCode::InvalidArgument, format!("{field}: {message}"));
        e.field = Some(field.to_string());
        e
    }

    /// `INVALID_ARGUMENT` not tied to one field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// `API_ERROR` carrying Faspay's code and description.
    pub fn api(response_code: &str, response_desc: &str, context: &str) -> Self {
        let meaning = crate::codes::response_code_description(response_code)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        let mut e = Error::new(
            ErrorCode::ApiError,
            format!(
                "{context}: Faspay answered response_code {response_code}{meaning}: {response_desc}"
            ),
        );
        e.response_code = Some(response_code.to_string());
        e.response_desc = Some(response_desc.to_string());
        e.request_sent = true;
        e
    }

    /// `MALFORMED_RESPONSE` with the HTTP status and a short, printable prefix of the body.
    pub fn malformed(reason: &str, status: Option<u16>, body: &[u8]) -> Self {
        let prefix: String = String::from_utf8_lossy(&body[..body.len().min(80)])
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let status_text = status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        let mut e = Error::new(
            ErrorCode::MalformedResponse,
            format!("{reason}{status_text}; body starts with {prefix:?}"),
        );
        e.http_status = status;
        e.request_sent = true;
        e
    }

    /// The same error about `field` instead of the one it named, in its field and in its
    /// message's `field: ` prefix: for a binding's argument that a core rule checks under its
    /// generic name (an amount argument called `expected`).
    pub fn for_field(mut self, field: &str) -> Self {
        if let Some(rest) = self
            .field
            .as_deref()
            .and_then(|old| self.message.strip_prefix(old))
            .and_then(|rest| rest.strip_prefix(": "))
        {
            self.message = format!("{field}: {rest}");
        }
        self.with_field(field)
    }

    /// The same error, about the named field.
    pub(crate) fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub(crate) fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    pub(crate) fn with_request_sent(mut self, sent: bool) -> Self {
        self.request_sent = sent;
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// The message, safe to log: it never contains the password or a signature pre-image.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The input field at fault, for `INVALID_ARGUMENT`.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
    /// Faspay's `response_code`, for `API_ERROR`.
    pub fn response_code(&self) -> Option<&str> {
        self.response_code.as_deref()
    }
    /// Faspay's `response_desc`, for `API_ERROR`.
    pub fn response_desc(&self) -> Option<&str> {
        self.response_desc.as_deref()
    }
    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }
    /// Whether request bytes may have reached Faspay. When true for an unsafe operation
    /// (cancel, OVO push), reconcile with `payment_status` before retrying; after a create,
    /// which returned no `trx_id` to ask about, never send that `bill_no` again.
    pub fn request_sent(&self) -> bool {
        self.request_sent
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

/// How many characters of a caller's or Faspay's text an error message quotes.
const QUOTED_CHARS: usize = 40;

/// A text quoted in an error message, cut to its first characters: the value may come from
/// an untrusted body or query (bounded only by `max_inbound_bytes`), and a message that
/// repeats megabytes of it would flood the merchant's logs. Shown as `"abc"`, or
/// `"abc…" (1048576 bytes)` when cut.
pub(crate) fn quoted(text: &str) -> Quoted<'_> {
    Quoted(text)
}

/// See [`quoted`].
pub(crate) struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTED_CHARS) {
            None => write!(f, "{:?}", self.0),
            Some((cut, _)) => {
                let shown = format!("{}…", &self.0[..cut]);
                write!(f, "{shown:?} ({} bytes)", self.0.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Amount, Client, Config};

    #[test]
    fn for_field_renames_the_field_and_the_message_prefix() {
        let e = Error::invalid_field("amount", "not a decimal number").for_field("expected");
        assert_eq!(e.field(), Some("expected"));
        assert_eq!(e.message(), "expected: not a decimal number");
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = Error::invalid("no field here").for_field("expected");
        assert_eq!(e.field(), Some("expected"));
        assert_eq!(e.message(), "no field here");
    }

    #[test]
    fn quoted_text_is_cut_with_its_length() {
        assert_eq!(quoted("abc").to_string(), "\"abc\"");
        let long = "é".repeat(1000);
        let shown = quoted(&long).to_string();
        assert_eq!(
            shown,
            format!("{:?} (2000 bytes)", format!("{}…", "é".repeat(40)))
        );
    }

    #[test]
    fn a_huge_bad_input_gives_a_short_message_with_its_code() {
        let huge = "9".repeat(1 << 20) + "x";
        let err = Amount::parse(&huge).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("amount"));
        assert!(err.message().len() < 200, "{} bytes", err.message().len());
        assert!(
            err.message().contains("(1048577 bytes)"),
            "{}",
            err.message()
        );

        // The same through an untrusted notification body: a repeated key of 1 MB.
        let mut config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
        config.max_inbound_bytes = 4 << 20;
        let client = Client::new(config).unwrap();
        let key = "k".repeat(1 << 20);
        let body = format!("{{\"{key}\":1,\"{key}\":2}}");
        let err = client.parse_notification(body.as_bytes()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.message().len() < 300, "{} bytes", err.message().len());
    }
}
