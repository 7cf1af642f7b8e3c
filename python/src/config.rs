//! `Client(...)` keyword arguments → `faspay::Config`. Parsing of every setting (environment,
//! format, amount unit) and all validation stay in the core.

use std::time::Duration;

use crate::args::{type_name, wrong_type};
use faspay::{AmountUnit, Config, Environment, Format};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use crate::errors::{ResultExt, invalid_field};
use crate::log;

/// The settings of `Client(...)`, as Python passed them.
pub struct Settings {
    pub merchant_id: String,
    pub merchant_name: String,
    pub user_id: String,
    pub password: String,
    pub environment: String,
    pub base_url: Option<String>,
    pub format: String,
    pub timeout: f64,
    pub connect_timeout: f64,
    pub push_timeout: f64,
    pub max_retries: u32,
    pub retry_backoff: f64,
    pub amount_unit: String,
    pub bill_validity: f64,
    pub inquiry_sends_status_fields: bool,
    pub max_response_bytes: u64,
    pub logger: Option<Py<PyAny>>,
    pub allow_insecure_http: bool,
    pub max_inbound_bytes: usize,
    pub max_idle_connections: usize,
    pub dns_cache_ttl: f64,
    /// Overrides of the XML path codes by operation name (`None`: the environment's).
    pub xml_codes: Option<Vec<(String, String)>>,
    /// Overrides the redirect path code (`None`: the environment's).
    pub redirect_code: Option<String>,
}

/// An integer setting: `default` when not given (`None`), `ArgumentTypeError` when not an `int`
/// (a `bool` included), a `ValidationError` on `name` when out of range (negative or too
/// large), instead of pyo3's `OverflowError`.
pub fn int_arg<T: TryFrom<i64>>(
    name: &str,
    value: Option<&Bound<'_, PyAny>>,
    default: T,
) -> PyResult<T> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(default);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(wrong_type(name, "an int", &type_name(value)));
    }
    value
        .extract::<i64>()
        .ok()
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| invalid_field(name, "is out of range"))
}

/// Seconds as a `Duration`; negative, NaN or huge values are `ValidationError`s on `name`.
pub fn seconds(name: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid_field(
            name,
            format!("must be a non-negative number of seconds, got {value}"),
        )
    })
}

impl Settings {
    /// The core configuration (validated later by `Client::new`).
    pub fn into_config(self, py: Python<'_>) -> PyResult<Config> {
        let mut config = Config::new(
            self.merchant_id,
            self.merchant_name,
            self.user_id,
            self.password,
        )
        .with_environment(Environment::parse(&self.environment).py()?);
        config.base_url = self.base_url;
        config.format = Format::parse(&self.format).py()?;
        config.timeout = seconds("timeout", self.timeout)?;
        config.connect_timeout = seconds("connect_timeout", self.connect_timeout)?;
        config.push_timeout = seconds("push_timeout", self.push_timeout)?;
        config.max_retries = self.max_retries;
        config.retry_backoff = seconds("retry_backoff", self.retry_backoff)?;
        config.amount_unit = AmountUnit::parse(&self.amount_unit).py()?;
        config.bill_validity = seconds("bill_validity", self.bill_validity)?;
        config.inquiry_sends_status_fields = self.inquiry_sends_status_fields;
        config.max_response_bytes = self.max_response_bytes;
        config.max_inbound_bytes = self.max_inbound_bytes;
        config.max_idle_connections = self.max_idle_connections;
        config.dns_cache_ttl = seconds("dns_cache_ttl", self.dns_cache_ttl)?;
        config.allow_insecure_http = self.allow_insecure_http;
        for (operation, code) in self.xml_codes.into_iter().flatten() {
            config.xml_codes.set(&operation, code).py()?;
        }
        if let Some(code) = self.redirect_code {
            config.redirect_code = code;
        }
        let logger = match self.logger {
            Some(logger) => log::checked(logger.bind(py))?,
            None => log::default_logger(py)?,
        };
        config.logger = Some(log::bridge(logger));
        Ok(config)
    }
}
