//! Client configuration (docs/architecture.md): credentials, environment, format, timeouts, retries,
//! the amount unit and the protocol switches the docs leave open.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::amount::AmountUnit;
use crate::codec::Format;
use crate::endpoint::{Environment, XmlCodes};
use crate::error::{Error, Result};
use crate::log::LogEvent;
use crate::secret::Secret;

/// A host callback that receives one event per HTTP attempt. Events never carry secrets.
#[derive(Clone)]
pub struct Logger(pub Arc<dyn Fn(&LogEvent) + Send + Sync>);

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Logger(..)")
    }
}

/// Everything a [`crate::Client`] needs. Build with [`Config::new`], then adjust the public
/// fields; [`Config::validate`] runs when the client is created.
#[derive(Debug, Clone)]
pub struct Config {
    /// The 5-digit merchant code ("BOI").
    pub merchant_id: String,
    /// The merchant name sent as `merchant`.
    pub merchant_name: String,
    /// The API user issued by Faspay (usually `bot` + merchant_id; never derived here).
    pub user_id: String,
    /// The API password.
    pub password: Secret,
    /// Sandbox or production: picks the default host and the XML / redirect path codes.
    pub environment: Environment,
    /// Overrides the host (scheme + host [+ port] [+ path prefix]); required for the
    /// offline sandbox and for tests.
    pub base_url: Option<String>,
    /// Allows a plain `http://` `base_url` with `environment` Production. Off by default:
    /// answers are not signed, so over plain HTTP anyone on the path could answer
    /// `payment_status` with "paid". Only for a TLS-terminating proxy you run yourself.
    pub allow_insecure_http: bool,
    /// JSON (default) or XML.
    pub format: Format,
    /// Whole-call timeout of ordinary operations.
    pub timeout: Duration,
    /// Connection setup timeout (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Whole-call timeout of OVO push-to-pay, which blocks until the customer acts.
    pub push_timeout: Duration,
    /// Extra attempts for the safe operations (`payment_channels`, `payment_status`).
    pub max_retries: u32,
    /// The first backoff before a retry; doubled each time, with jitter.
    pub retry_backoff: Duration,
    /// How amounts are written on the wire.
    pub amount_unit: AmountUnit,
    /// `bill_expired` when a bill gives none: `bill_date` plus this.
    pub bill_validity: Duration,
    /// XML path codes; default from `environment`.
    pub xml_codes: XmlCodes,
    /// Redirect path code; default from `environment`.
    pub redirect_code: String,
    /// Send empty `payment_status_code` / `payment_status_desc` in status inquiries: the
    /// sandbox answers `85 Insufficient Parameters` without them (docs/protocol.md).
    pub inquiry_sends_status_fields: bool,
    /// Responses larger than this are `MALFORMED_RESPONSE`.
    pub max_response_bytes: u64,
    /// Inbound messages (a notification body, a return-URL query) larger than this are
    /// refused with `INVALID_ARGUMENT` before any parsing. Real ones are under 2 KB.
    pub max_inbound_bytes: usize,
    /// Idle keep-alive connections the client keeps open for reuse (per agent; a client talks
    /// to one host). Size it for the threads that share the client: a thread that finds no idle
    /// connection opens a new one. Zero keeps none (every call connects anew).
    pub max_idle_connections: usize,
    /// How long a resolved host name is reused before it is looked up again. Calls on a
    /// reused connection never look up; zero looks up for every new connection. Failed
    /// lookups are never cached; IP-literal hosts are never looked up.
    pub dns_cache_ttl: Duration,
    /// Receives one event per HTTP attempt.
    pub logger: Option<Logger>,
}

/// The ordinary call timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The OVO push-to-pay timeout.
pub const DEFAULT_PUSH_TIMEOUT: Duration = Duration::from_secs(90);
/// The largest accepted timeout (far larger values overflow the HTTP stack's clock).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// The response size cap.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 1024 * 1024;
/// The inbound size cap: 64 KiB, some thirty times the largest real notification.
pub const DEFAULT_MAX_INBOUND_BYTES: usize = 64 * 1024;
/// Idle keep-alive connections kept per client: enough for 32 threads sharing one client.
pub const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 32;
/// The largest accepted `max_idle_connections`.
pub const MAX_IDLE_CONNECTIONS: usize = 4096;
/// How long a resolved host name is reused.
pub const DEFAULT_DNS_CACHE_TTL: Duration = Duration::from_secs(60);
/// The largest accepted `dns_cache_ttl`: an address change (a failover) is seen within it.
pub const MAX_DNS_CACHE_TTL: Duration = Duration::from_secs(3600);

impl Config {
    /// A configuration with every default (sandbox, JSON, 30 s / 10 s / 90 s timeouts,
    /// 2 retries, amounts in sen, bills valid for 24 hours, 32 idle connections, host names
    /// cached for 60 s).
    pub fn new(
        merchant_id: impl Into<String>,
        merchant_name: impl Into<String>,
        user_id: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Config {
        let environment = Environment::Sandbox;
        Config {
            merchant_id: merchant_id.into(),
            merchant_name: merchant_name.into(),
            user_id: user_id.into(),
            password: password.into(),
            environment,
            base_url: None,
            allow_insecure_http: false,
            format: Format::Json,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            push_timeout: DEFAULT_PUSH_TIMEOUT,
            max_retries: 2,
            retry_backoff: Duration::from_millis(200),
            amount_unit: AmountUnit::Sen,
            bill_validity: Duration::from_secs(24 * 3600),
            xml_codes: environment.xml_codes(),
            redirect_code: environment.redirect_code().to_string(),
            inquiry_sends_status_fields: true,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_inbound_bytes: DEFAULT_MAX_INBOUND_BYTES,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
            dns_cache_ttl: DEFAULT_DNS_CACHE_TTL,
            logger: None,
        }
    }

    /// Switches environment, resetting the XML and redirect codes to its defaults.
    pub fn with_environment(mut self, environment: Environment) -> Config {
        self.environment = environment;
        self.xml_codes = environment.xml_codes();
        self.redirect_code = environment.redirect_code().to_string();
        self
    }

    /// Sets the base URL (builder style).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Config {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the format (builder style).
    pub fn with_format(mut self, format: Format) -> Config {
        self.format = format;
        self
    }

    /// The host requests go to, without a trailing slash.
    pub fn effective_base_url(&self) -> &str {
        self.base_url
            .as_deref()
            .unwrap_or(self.environment.base_url())
            .trim_end_matches('/')
    }

    /// The error for a setting name the client does not take (a misspelt keyword or key such
    /// as `tiemout`): `INVALID_ARGUMENT` naming it, in the same words in every binding.
    pub fn unknown_setting(name: &str) -> Error {
        Error::invalid_field(name, "is not a client setting (check its spelling)")
    }

    /// Checks the configuration; every problem is `INVALID_ARGUMENT` naming the setting.
    pub fn validate(&self) -> Result<()> {
        if self.merchant_id.len() != 5 || !self.merchant_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid_field("merchant_id", "must be 5 digits"));
        }
        if self.merchant_name.trim().is_empty() || self.merchant_name.chars().count() > 32 {
            return Err(Error::invalid_field(
                "merchant_name",
                "must be 1 to 32 characters",
            ));
        }
        if self.user_id.trim().is_empty() {
            return Err(Error::invalid_field("user_id", "is required"));
        }
        if self.password.is_empty() {
            return Err(Error::invalid_field("password", "is required"));
        }
        if let Some(url) = &self.base_url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "http://".len()
                && !url
                    .chars()
                    .any(|c| c.is_whitespace() || c == '?' || c == '#');
            if !ok {
                return Err(Error::invalid_field(
                    "base_url",
                    "must be an http:// or https:// URL without query or fragment",
                ));
            }
            if self.environment == Environment::Production
                && url.starts_with("http://")
                && !self.allow_insecure_http
            {
                return Err(Error::invalid_field(
                    "base_url",
                    "is plain http:// in production, where anyone on the path could answer \
                     \"paid\"; use https:// (or set allow_insecure_http for a TLS proxy you run)",
                ));
            }
        }
        for (name, d) in [
            ("timeout", self.timeout),
            ("connect_timeout", self.connect_timeout),
            ("push_timeout", self.push_timeout),
        ] {
            if d.is_zero() || d > MAX_TIMEOUT {
                return Err(Error::invalid_field(
                    name,
                    "must be more than 0 and at most 1 hour",
                ));
            }
        }
        if self.retry_backoff > Duration::from_secs(60) {
            return Err(Error::invalid_field(
                "retry_backoff",
                "must be at most 60 s",
            ));
        }
        if self.max_retries > 10 {
            return Err(Error::invalid_field("max_retries", "must be at most 10"));
        }
        if self.bill_validity.is_zero() || self.bill_validity > crate::bill::MAX_BILL_VALIDITY {
            return Err(Error::invalid_field(
                "bill_validity",
                "must be more than 0 and at most 30 days",
            ));
        }
        // Path codes become URL path segments: alphanumeric only, so no code can add a
        // segment, a query or an escape.
        let codes = [
            ("xml_codes", &self.xml_codes.payment_channels),
            ("xml_codes", &self.xml_codes.create_transaction),
            ("xml_codes", &self.xml_codes.payment_status),
            ("xml_codes", &self.xml_codes.cancel_transaction),
            ("redirect_code", &self.redirect_code),
        ];
        for (name, code) in codes {
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(Error::invalid_field(
                    name,
                    "path codes must be alphanumeric",
                ));
            }
        }
        if self.max_response_bytes == 0 {
            return Err(Error::invalid_field(
                "max_response_bytes",
                "must be positive",
            ));
        }
        if self.max_inbound_bytes == 0 {
            return Err(Error::invalid_field(
                "max_inbound_bytes",
                "must be positive",
            ));
        }
        if self.max_idle_connections > MAX_IDLE_CONNECTIONS {
            return Err(Error::invalid_field(
                "max_idle_connections",
                "must be at most 4096",
            ));
        }
        if self.dns_cache_ttl > MAX_DNS_CACHE_TTL {
            return Err(Error::invalid_field(
                "dns_cache_ttl",
                "must be at most 1 hour",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn refused(config: Config) -> Error {
        config.validate().expect_err("the setting must be refused")
    }

    #[test]
    fn an_unknown_setting_is_named_in_the_sdks_words() {
        let err = Config::unknown_setting("tiemout");
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("tiemout"));
        assert_eq!(
            err.message(),
            "tiemout: is not a client setting (check its spelling)"
        );
    }

    #[test]
    fn a_zero_duration_is_refused_with_a_message_that_does_not_allow_it() {
        let base = || Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
        let mut zero_timeout = base();
        zero_timeout.timeout = Duration::ZERO;
        let mut zero_validity = base();
        zero_validity.bill_validity = Duration::ZERO;
        for (err, field) in [
            (refused(zero_timeout), "timeout"),
            (refused(zero_validity), "bill_validity"),
        ] {
            assert_eq!(
                (err.code(), err.field()),
                (ErrorCode::InvalidArgument, Some(field))
            );
            assert!(err.message().contains("more than 0"), "{err}");
        }
    }
}
