//! `new Client({...})` options → `faspay::Config`: the same settings, defaults and units
//! (seconds) as the Python client. Parsing of each setting and all validation stay in the core.

use std::time::Duration;

use faspay::{AmountUnit, Config, Environment, Error, Format};
use napi::bindgen_prelude::*;

use crate::errors::invalid_field;
use crate::log;
use crate::value::Options;

/// The settings of `new Client(...)` (snake_case, like Faspay's own field names). Only
/// `merchant_id`, `merchant_name`, `user_id` and `password` are required.
#[napi(object, object_to_js = false)]
#[allow(dead_code)] // read key by key (see `client_config`); this struct gives the TS type
pub struct ClientOptions {
    /// The 5-digit merchant code.
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    /// The merchant name sent as `merchant`.
    #[napi(js_name = "merchant_name")]
    pub merchant_name: String,
    /// The API user issued by Faspay (usually `bot` + merchant_id).
    #[napi(js_name = "user_id")]
    pub user_id: String,
    /// The API password (never shown by inspect, JSON or errors).
    pub password: String,
    /// `"sandbox"` (default) or `"production"`.
    #[napi(ts_type = "'sandbox' | 'production'")]
    pub environment: Option<String>,
    /// Overrides the host, e.g. the offline sandbox's `http://127.0.0.1:PORT`.
    #[napi(js_name = "base_url")]
    pub base_url: Option<String>,
    /// `"json"` (default) or `"xml"`.
    #[napi(ts_type = "'json' | 'xml'")]
    pub format: Option<String>,
    /// Whole-call timeout in seconds (default 30).
    pub timeout: Option<f64>,
    /// Connect timeout in seconds (default 10).
    #[napi(js_name = "connect_timeout")]
    pub connect_timeout: Option<f64>,
    /// OVO push-to-pay timeout in seconds (default 90).
    #[napi(js_name = "push_timeout")]
    pub push_timeout: Option<f64>,
    /// Extra attempts for the safe operations (default 2).
    #[napi(js_name = "max_retries")]
    pub max_retries: Option<u32>,
    /// First backoff before a retry, in seconds (default 0.2).
    #[napi(js_name = "retry_backoff")]
    pub retry_backoff: Option<f64>,
    /// How amounts are written on the wire: `"sen"` (default, rupiah x 100) or `"rupiah"`.
    #[napi(js_name = "amount_unit", ts_type = "'sen' | 'rupiah'")]
    pub amount_unit: Option<String>,
    /// `bill_expired` when a bill gives none: `bill_date` plus this many seconds (default 86400).
    #[napi(js_name = "bill_validity")]
    pub bill_validity: Option<f64>,
    /// Send empty status fields in status inquiries (default true).
    #[napi(js_name = "inquiry_sends_status_fields")]
    pub inquiry_sends_status_fields: Option<bool>,
    /// Responses larger than this many bytes are `MALFORMED_RESPONSE` (default 1 MiB).
    #[napi(js_name = "max_response_bytes")]
    pub max_response_bytes: Option<f64>,
    /// A larger notification body or return-URL query is `INVALID_ARGUMENT` (field `body` /
    /// `query`), refused before parsing (default 64 KiB).
    #[napi(js_name = "max_inbound_bytes")]
    pub max_inbound_bytes: Option<f64>,
    /// Allow an `http://` base_url in production (default false: refused).
    #[napi(js_name = "allow_insecure_http")]
    pub allow_insecure_http: Option<bool>,
    /// Idle keep-alive connections kept for reuse (default 32, at most 4096); size it for the
    /// callers sharing the client. 0 keeps none.
    #[napi(js_name = "max_idle_connections")]
    pub max_idle_connections: Option<u32>,
    /// How long a resolved host name is reused, in seconds (default 60, at most 3600; 0: looked
    /// up for every new connection). Calls on a kept-alive connection never look up.
    #[napi(js_name = "dns_cache_ttl")]
    pub dns_cache_ttl: Option<f64>,
    /// Overrides of the last path segment of XML endpoints, by operation name; the others keep
    /// the environment's code (Faspay's codes are partly undocumented). Alphanumeric.
    #[napi(
        js_name = "xml_codes",
        ts_type = "{ payment_channels?: string; create_transaction?: string; payment_status?: string; cancel_transaction?: string }"
    )]
    pub xml_codes: Option<std::collections::HashMap<String, String>>,
    /// Overrides the path code of `redirectUrl()` (default: the environment's). Alphanumeric.
    #[napi(js_name = "redirect_code")]
    pub redirect_code: Option<String>,
    /// Called once per HTTP attempt (and per usage warning) with a redacted event.
    #[napi(ts_type = "(event: LogEvent) => void")]
    pub logger: Option<String>,
}

/// The option keys `new Client({...})` takes: every setting the core reports back
/// (`faspay::ClientSettings::NAMES`, so a setting added to the core is accepted here too)
/// plus the two inputs that are never reported (the password and the logger callback).
const KNOWN: [&str; faspay::ClientSettings::NAMES.len() + 2] = {
    let mut known = [""; faspay::ClientSettings::NAMES.len() + 2];
    let mut i = 0;
    while i < faspay::ClientSettings::NAMES.len() {
        known[i] = faspay::ClientSettings::NAMES[i];
        i += 1;
    }
    known[i] = "password";
    known[i + 1] = "logger";
    known
};

/// Seconds as a `Duration`; negative, NaN or huge values are refused naming `name`.
pub fn seconds(name: &str, value: f64) -> std::result::Result<Duration, Error> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid_field(
            name,
            format!("must be a non-negative number of seconds, got {value}"),
        )
    })
}

fn opt_seconds(
    options: &Options<'_>,
    name: &str,
    default: Duration,
) -> std::result::Result<Duration, Error> {
    options
        .number(name)?
        .map(|s| seconds(name, s))
        .transpose()
        .map(|d| d.unwrap_or(default))
}

/// A size limit in bytes: a whole, non-negative number (zero and range are the core's rules).
fn byte_count(options: &Options<'_>, name: &str) -> std::result::Result<Option<u64>, Error> {
    match options.number(name)? {
        Some(bytes) if !(bytes.is_finite() && bytes.fract() == 0.0 && bytes >= 0.0) => {
            Err(invalid_field(name, "must be a whole number of bytes"))
        }
        bytes => Ok(bytes.map(|b| b as u64)),
    }
}

/// The core configuration from a JS options object (validated later by `Client::new`).
pub fn client_config(value: &Unknown<'_>) -> std::result::Result<Config, Error> {
    // A misspelt setting is the core's error, in the same words as the other bindings'.
    let o = Options::new_with(value, "options", &KNOWN, &Config::unknown_setting)?;
    // An absent one is named as missing, not judged by its format ("must be 5 digits").
    let required = |key: &str| {
        o.string(key)?
            .ok_or_else(|| invalid_field(key, "is required"))
    };
    let mut config = Config::new(
        required("merchant_id")?,
        required("merchant_name")?,
        required("user_id")?,
        required("password")?,
    );
    if let Some(environment) = o.string("environment")? {
        config = config.with_environment(Environment::parse(&environment)?);
    }
    config.base_url = o.string("base_url")?;
    if let Some(format) = o.string("format")? {
        config.format = Format::parse(&format)?;
    }
    config.timeout = opt_seconds(&o, "timeout", config.timeout)?;
    config.connect_timeout = opt_seconds(&o, "connect_timeout", config.connect_timeout)?;
    config.push_timeout = opt_seconds(&o, "push_timeout", config.push_timeout)?;
    if let Some(retries) = o.count("max_retries")? {
        config.max_retries = retries;
    }
    config.retry_backoff = opt_seconds(&o, "retry_backoff", config.retry_backoff)?;
    if let Some(unit) = o.string("amount_unit")? {
        config.amount_unit = AmountUnit::parse(&unit)?;
    }
    config.bill_validity = opt_seconds(&o, "bill_validity", config.bill_validity)?;
    if let Some(flag) = o.boolean("inquiry_sends_status_fields")? {
        config.inquiry_sends_status_fields = flag;
    }
    if let Some(bytes) = byte_count(&o, "max_response_bytes")? {
        config.max_response_bytes = bytes;
    }
    if let Some(bytes) = byte_count(&o, "max_inbound_bytes")? {
        config.max_inbound_bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
    }
    if let Some(flag) = o.boolean("allow_insecure_http")? {
        config.allow_insecure_http = flag;
    }
    if let Some(idle) = o.count("max_idle_connections")? {
        config.max_idle_connections = idle as usize;
    }
    config.dns_cache_ttl = opt_seconds(&o, "dns_cache_ttl", config.dns_cache_ttl)?;
    if let Some(codes) = o.get("xml_codes")? {
        let serde_json::Value::Object(codes) = crate::value::to_json(&codes, "xml_codes")? else {
            return Err(invalid_field("xml_codes", "must be an object"));
        };
        for (operation, code) in codes {
            let serde_json::Value::String(code) = code else {
                return Err(invalid_field(
                    "xml_codes",
                    format!("{operation} must be a string"),
                ));
            };
            config.xml_codes.set(&operation, code)?;
        }
    }
    if let Some(code) = o.string("redirect_code")? {
        config.redirect_code = code;
    }
    if let Some(logger) = o.get("logger")? {
        config.logger = Some(log::bridge(&logger)?);
    }
    Ok(config)
}
