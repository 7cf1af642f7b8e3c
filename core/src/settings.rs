//! What a client really uses, readable back: every configured value except the password (a
//! secret) and the logger (a callback, no value), with the names and units of the settings.

use serde::Serialize;

use crate::config::Config;
use crate::endpoint::XmlCodes;

/// A client's effective, non-secret settings ([`Config::settings`], [`crate::Client::settings`]).
/// The field names are the setting names every binding takes; durations are seconds, as the
/// bindings take them; `base_url` is the host requests go to (the configured one, else the
/// environment's). Serialized, it is what C's `faspay_client_settings` returns. There is no
/// password field, so no view of it can show one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientSettings {
    pub merchant_id: String,
    pub merchant_name: String,
    pub user_id: String,
    /// `"sandbox"` or `"production"`.
    pub environment: &'static str,
    pub base_url: String,
    pub allow_insecure_http: bool,
    /// `"json"` or `"xml"`.
    pub format: &'static str,
    /// Seconds.
    pub timeout: f64,
    /// Seconds.
    pub connect_timeout: f64,
    /// Seconds.
    pub push_timeout: f64,
    pub max_retries: u32,
    /// Seconds.
    pub retry_backoff: f64,
    /// `"sen"` or `"rupiah"`.
    pub amount_unit: &'static str,
    /// Seconds.
    pub bill_validity: f64,
    pub xml_codes: XmlCodes,
    pub redirect_code: String,
    pub inquiry_sends_status_fields: bool,
    pub max_response_bytes: u64,
    pub max_inbound_bytes: u64,
    pub max_idle_connections: u64,
    /// Seconds.
    pub dns_cache_ttl: f64,
}

impl ClientSettings {
    /// The field names, in order: what a binding lists when it shows every setting.
    pub const NAMES: [&'static str; 21] = [
        "merchant_id",
        "merchant_name",
        "user_id",
        "environment",
        "base_url",
        "allow_insecure_http",
        "format",
        "timeout",
        "connect_timeout",
        "push_timeout",
        "max_retries",
        "retry_backoff",
        "amount_unit",
        "bill_validity",
        "xml_codes",
        "redirect_code",
        "inquiry_sends_status_fields",
        "max_response_bytes",
        "max_inbound_bytes",
        "max_idle_connections",
        "dns_cache_ttl",
    ];
}

impl Config {
    /// The non-secret settings this configuration gives a client (see [`ClientSettings`]).
    pub fn settings(&self) -> ClientSettings {
        ClientSettings {
            merchant_id: self.merchant_id.clone(),
            merchant_name: self.merchant_name.clone(),
            user_id: self.user_id.clone(),
            environment: self.environment.as_str(),
            base_url: self.effective_base_url().to_string(),
            allow_insecure_http: self.allow_insecure_http,
            format: self.format.as_str(),
            timeout: self.timeout.as_secs_f64(),
            connect_timeout: self.connect_timeout.as_secs_f64(),
            push_timeout: self.push_timeout.as_secs_f64(),
            max_retries: self.max_retries,
            retry_backoff: self.retry_backoff.as_secs_f64(),
            amount_unit: self.amount_unit.as_str(),
            bill_validity: self.bill_validity.as_secs_f64(),
            xml_codes: self.xml_codes.clone(),
            redirect_code: self.redirect_code.clone(),
            inquiry_sends_status_fields: self.inquiry_sends_status_fields,
            max_response_bytes: self.max_response_bytes,
            max_inbound_bytes: self.max_inbound_bytes as u64,
            max_idle_connections: self.max_idle_connections as u64,
            dns_cache_ttl: self.dns_cache_ttl.as_secs_f64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::{AmountUnit, Client, Environment, Format};

    const MARKER: &str = "Pa55-marker-never-shown";

    #[test]
    fn defaults_are_the_config_defaults_in_seconds() {
        let s = Config::new("99999", "Sophia Store", "bot99999", MARKER).settings();
        assert_eq!(s.environment, "sandbox");
        assert_eq!(s.base_url, "https://debit-sandbox.faspay.co.id");
        assert_eq!(s.format, "json");
        assert_eq!(
            (s.timeout, s.connect_timeout, s.push_timeout),
            (30.0, 10.0, 90.0)
        );
        assert_eq!((s.max_retries, s.retry_backoff), (2, 0.2));
        assert_eq!((s.amount_unit, s.bill_validity), ("sen", 86400.0));
        assert_eq!(s.xml_codes, Environment::Sandbox.xml_codes());
        assert_eq!(s.redirect_code, Environment::Sandbox.redirect_code());
        assert!(s.inquiry_sends_status_fields && !s.allow_insecure_http);
        assert_eq!(
            s.max_response_bytes,
            crate::config::DEFAULT_MAX_RESPONSE_BYTES
        );
        assert_eq!(s.max_inbound_bytes, 64 * 1024);
        assert_eq!(s.max_idle_connections, 32);
        assert_eq!(s.dns_cache_ttl, 60.0);
    }

    #[test]
    fn a_configured_value_reads_back_exactly() {
        let mut config = Config::new("12345", "Toko", "bot12345", MARKER)
            .with_environment(Environment::Production)
            .with_base_url("http://127.0.0.1:9/")
            .with_format(Format::Xml);
        config.allow_insecure_http = true;
        config.timeout = Duration::from_secs_f64(12.5);
        config.connect_timeout = Duration::from_millis(2_250);
        config.push_timeout = Duration::from_secs(120);
        config.max_retries = 5;
        config.retry_backoff = Duration::from_millis(350);
        config.amount_unit = AmountUnit::Rupiah;
        config.bill_validity = Duration::from_secs(7200);
        config.xml_codes.set("payment_status", "77").unwrap();
        config.redirect_code = "abc".into();
        config.inquiry_sends_status_fields = false;
        config.max_response_bytes = 4096;
        config.max_inbound_bytes = 2048;
        config.max_idle_connections = 0;
        config.dns_cache_ttl = Duration::ZERO;
        let s = Client::new(config).unwrap().settings();
        assert_eq!(
            (s.environment, s.base_url.as_str(), s.format),
            ("production", "http://127.0.0.1:9", "xml")
        );
        assert_eq!(
            (s.timeout, s.connect_timeout, s.push_timeout),
            (12.5, 2.25, 120.0)
        );
        assert_eq!((s.max_retries, s.retry_backoff), (5, 0.35));
        assert_eq!((s.amount_unit, s.bill_validity), ("rupiah", 7200.0));
        assert_eq!(s.xml_codes.payment_status, "77");
        assert_eq!(s.redirect_code, "abc");
        assert!(!s.inquiry_sends_status_fields && s.allow_insecure_http);
        assert_eq!(
            (
                s.max_response_bytes,
                s.max_inbound_bytes,
                s.max_idle_connections
            ),
            (4096, 2048, 0)
        );
        assert_eq!(s.dns_cache_ttl, 0.0);
    }

    #[test]
    fn the_password_never_appears_in_any_form() {
        let client = Client::new(Config::new("99999", "Sophia Store", "bot99999", MARKER)).unwrap();
        let settings = client.settings();
        let json = serde_json::to_string(&settings).unwrap();
        assert!(
            !json.contains(MARKER) && !json.contains("password"),
            "{json}"
        );
        let debug = format!("{settings:?} {settings:#?}");
        assert!(!debug.contains(MARKER), "{debug}");
        // Every key is a setting name, so the set is exactly the settings minus the secret.
        let value = serde_json::to_value(&settings).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ClientSettings::NAMES);
        assert!(!keys.contains(&"password") && !keys.contains(&"logger"));
    }
}
