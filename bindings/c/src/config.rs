//! The client configuration as JSON text, with the keys of the Python client (`merchant_id`,
//! `merchant_name`, `user_id`, `password`, `environment`, `base_url`, `format`, `timeout`,
//! `connect_timeout`, `push_timeout`, `max_retries`, `retry_backoff`, `amount_unit`,
//! `bill_validity`, `inquiry_sends_status_fields`, `max_response_bytes`, `max_inbound_bytes`,
//! `allow_insecure_http`, `max_idle_connections`, `dns_cache_ttl`, `xml_codes` (an object by
//! operation name), `redirect_code`; durations in seconds), and the binding's own
//! `result_format`.
//! Parsing of each setting and all validation stay in the core.

use std::collections::BTreeMap;
use std::time::Duration;

use faspay::{AmountUnit, Config, Environment, Error, Format};
use serde::Deserialize;
use serde::de::{IgnoredAny, Visitor};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    merchant_id: String,
    merchant_name: String,
    user_id: String,
    password: String,
    environment: Option<String>,
    base_url: Option<String>,
    format: Option<String>,
    timeout: Option<f64>,
    connect_timeout: Option<f64>,
    push_timeout: Option<f64>,
    max_retries: Option<u32>,
    retry_backoff: Option<f64>,
    amount_unit: Option<String>,
    bill_validity: Option<f64>,
    inquiry_sends_status_fields: Option<bool>,
    max_response_bytes: Option<u64>,
    max_inbound_bytes: Option<usize>,
    allow_insecure_http: Option<bool>,
    max_idle_connections: Option<usize>,
    dns_cache_ttl: Option<f64>,
    xml_codes: Option<BTreeMap<String, String>>,
    redirect_code: Option<String>,
    result_format: Option<String>,
}

/// How a client hands results out: JSON text, or PHP `serialize()` text for the PHP binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    Json,
    Php,
}

impl ResultFormat {
    /// The setting's value, as `faspay_client_settings` reports it.
    pub fn name(self) -> &'static str {
        match self {
            ResultFormat::Json => "json",
            ResultFormat::Php => "php",
        }
    }

    fn parse(name: &str) -> faspay::Result<ResultFormat> {
        match name {
            "json" => Ok(ResultFormat::Json),
            "php" => Ok(ResultFormat::Php),
            other => Err(Error::invalid_field(
                "result_format",
                format!("must be \"json\" or \"php\", got {other:?}"),
            )),
        }
    }
}

/// Seconds as a `Duration`; negative, NaN or huge values are `INVALID_ARGUMENT` on `name`.
pub fn seconds(name: &str, value: f64) -> faspay::Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        Error::invalid_field(
            name,
            format!("must be a non-negative number of seconds, got {value}"),
        )
    })
}

/// The keys `Settings` takes, as its derived `Deserialize` lists them (so they cannot drift).
pub(crate) fn setting_names() -> &'static [&'static str] {
    struct Names<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Names<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("only the names are read"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            self.deserialize_any(visitor)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut names: &'static [&'static str] = &[];
    let _ = Settings::deserialize(Names(&mut names));
    names
}

/// The first key of a JSON object that is not a setting, if `json` is one.
fn unknown_key(json: &str) -> Option<String> {
    let keys: BTreeMap<String, IgnoredAny> = serde_json::from_str(json).ok()?;
    let known = setting_names();
    keys.into_keys().find(|key| !known.contains(&key.as_str()))
}

fn read(json: &str) -> faspay::Result<Settings> {
    // A misspelt key is the core's error naming it, as in Python and Node (serde's own would
    // list every key, the binding's result_format included).
    crate::json_arg::read(json, "config").map_err(|e| match unknown_key(json) {
        Some(key) => Config::unknown_setting(&key),
        None => e,
    })
}

/// The core configuration of a JSON config (validated later by `Client::new`), and the
/// binding's own `result_format`.
pub fn config_from_json(json: &str) -> faspay::Result<(Config, ResultFormat)> {
    let s = read(json)?;
    let result_format = match &s.result_format {
        Some(name) => ResultFormat::parse(name)?,
        None => ResultFormat::Json,
    };
    let environment = Environment::parse(s.environment.as_deref().unwrap_or("sandbox"))?;
    let mut config = Config::new(s.merchant_id, s.merchant_name, s.user_id, s.password)
        .with_environment(environment);
    config.base_url = s.base_url;
    if let Some(format) = &s.format {
        config.format = Format::parse(format)?;
    }
    for (name, value, slot) in [
        ("timeout", s.timeout, &mut config.timeout),
        (
            "connect_timeout",
            s.connect_timeout,
            &mut config.connect_timeout,
        ),
        ("push_timeout", s.push_timeout, &mut config.push_timeout),
        ("retry_backoff", s.retry_backoff, &mut config.retry_backoff),
        ("bill_validity", s.bill_validity, &mut config.bill_validity),
        ("dns_cache_ttl", s.dns_cache_ttl, &mut config.dns_cache_ttl),
    ] {
        if let Some(value) = value {
            *slot = seconds(name, value)?;
        }
    }
    if let Some(retries) = s.max_retries {
        config.max_retries = retries;
    }
    if let Some(unit) = &s.amount_unit {
        config.amount_unit = AmountUnit::parse(unit)?;
    }
    if let Some(flag) = s.inquiry_sends_status_fields {
        config.inquiry_sends_status_fields = flag;
    }
    if let Some(max) = s.max_response_bytes {
        config.max_response_bytes = max;
    }
    if let Some(max) = s.max_inbound_bytes {
        config.max_inbound_bytes = max;
    }
    if let Some(flag) = s.allow_insecure_http {
        config.allow_insecure_http = flag;
    }
    if let Some(idle) = s.max_idle_connections {
        config.max_idle_connections = idle;
    }
    for (operation, code) in s.xml_codes.into_iter().flatten() {
        config.xml_codes.set(&operation, code)?;
    }
    if let Some(code) = s.redirect_code {
        config.redirect_code = code;
    }
    Ok((config, result_format))
}
