//! The sandbox's settings: credentials of the simulated merchant, where it listens, and how it
//! simulates customers (OVO delay) and notifications (URL, format, retries).

use std::time::Duration;

use faspay::{AmountUnit, Format};

/// The password of Faspay's public sample merchant (in every docs example; not a secret).
pub const PUBLIC_SAMPLE_PASSWORD: &str = "p@ssw0rd";

/// Settings for [`crate::Sandbox::start`]. The defaults are Faspay's public sample merchant,
/// which is not a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SandboxOptions {
    /// Merchant code, default `99999`.
    pub merchant_id: String,
    /// Merchant name, default `Sophia Store`.
    pub merchant_name: String,
    /// API user, default `bot99999`.
    pub user_id: String,
    /// API password, default `p@ssw0rd` (the public docs' sample password).
    pub password: String,
    /// Interface to listen on, default `127.0.0.1`.
    pub host: String,
    /// Port, default 0 = any free port.
    pub port: u16,
    /// HTTP handler threads, default 8: for the requests that may wait (the OVO push, a latency
    /// fault, admin calls); every other request is answered on the server's own thread.
    pub threads: usize,
    /// Where payment notifications are POSTed; `None` = none are sent.
    pub notify_url: Option<String>,
    /// Format of notifications (and of the reply expected back), default JSON.
    pub notify_format: Format,
    /// How long a simulated OVO customer takes to decide, default 1 s.
    pub push_delay: Duration,
    /// Wait between notification attempts, default 1 s.
    pub notify_retry_delay: Duration,
    /// Extra attempts after a refused notification, default 3 (at most 4 attempts).
    pub notify_max_retries: u32,
    /// Unit of amounts on the wire, default sen (rupiah x 100).
    pub amount_unit: AmountUnit,
    /// The merchant's return URL: where the redirect page sends the browser after the person
    /// approves or rejects (with Faspay's signed query string). `None` = a result page.
    pub return_url: Option<String>,
    /// Answer like the letter of Faspay's docs: every case the sandbox would accept with a
    /// warning (fields outside the docs, `bill_currency` or `merchant` missing, `cust_no`
    /// longer than 32, a reused `bill_no`, an amount with a decimal point) is refused with
    /// the code the docs give instead. Default `false`.
    pub strict: bool,
    /// Refuse a `bill_no` an earlier transaction used, with `14`, even when not strict.
    /// Default `false` (each create gets its own `trx_id`, with a warning).
    pub unique_bill_no: bool,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            merchant_id: "99999".into(),
            merchant_name: "Sophia Store".into(),
            user_id: "bot99999".into(),
            password: PUBLIC_SAMPLE_PASSWORD.into(),
            host: "127.0.0.1".into(),
            port: 0,
            threads: 8,
            notify_url: None,
            notify_format: Format::Json,
            push_delay: Duration::from_secs(1),
            notify_retry_delay: Duration::from_secs(1),
            notify_max_retries: 3,
            amount_unit: AmountUnit::Sen,
            return_url: None,
            strict: false,
            unique_bill_no: false,
        }
    }
}

// The password is public sample data by default, but a configured one may be real: keep it out
// of Debug output like everywhere else in the SDK.
impl std::fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("merchant_id", &self.merchant_id)
            .field("merchant_name", &self.merchant_name)
            .field("user_id", &self.user_id)
            .field("password", &"<redacted>")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("threads", &self.threads)
            .field("notify_url", &self.notify_url)
            .field("notify_format", &self.notify_format)
            .field("push_delay", &self.push_delay)
            .field("notify_retry_delay", &self.notify_retry_delay)
            .field("notify_max_retries", &self.notify_max_retries)
            .field("amount_unit", &self.amount_unit)
            .field("return_url", &self.return_url)
            .field("strict", &self.strict)
            .field("unique_bill_no", &self.unique_bill_no)
            .finish()
    }
}
