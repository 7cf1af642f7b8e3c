//! `Client.settings` (core `settings.rs`): the settings a client really uses, read-only, with
//! the names of `Client(...)`'s keyword arguments; never the password.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::repr_of;

/// The effective settings of a `Client`, as attributes named like its keyword arguments
/// (durations in seconds). Frozen; equal when every value is.
#[pyclass(frozen, eq, module = "faspay._native")]
#[derive(PartialEq)]
pub struct ClientSettings {
    inner: faspay::ClientSettings,
}

impl From<faspay::ClientSettings> for ClientSettings {
    fn from(inner: faspay::ClientSettings) -> ClientSettings {
        ClientSettings { inner }
    }
}

#[pymethods]
impl ClientSettings {
    #[getter]
    fn merchant_id(&self) -> &str {
        &self.inner.merchant_id
    }
    #[getter]
    fn merchant_name(&self) -> &str {
        &self.inner.merchant_name
    }
    #[getter]
    fn user_id(&self) -> &str {
        &self.inner.user_id
    }
    #[getter]
    fn environment(&self) -> &'static str {
        self.inner.environment
    }
    /// The host requests go to: the configured `base_url`, else the environment's.
    #[getter]
    fn base_url(&self) -> &str {
        &self.inner.base_url
    }
    #[getter]
    fn allow_insecure_http(&self) -> bool {
        self.inner.allow_insecure_http
    }
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format
    }
    #[getter]
    fn timeout(&self) -> f64 {
        self.inner.timeout
    }
    #[getter]
    fn connect_timeout(&self) -> f64 {
        self.inner.connect_timeout
    }
    #[getter]
    fn push_timeout(&self) -> f64 {
        self.inner.push_timeout
    }
    #[getter]
    fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }
    #[getter]
    fn retry_backoff(&self) -> f64 {
        self.inner.retry_backoff
    }
    #[getter]
    fn amount_unit(&self) -> &'static str {
        self.inner.amount_unit
    }
    #[getter]
    fn bill_validity(&self) -> f64 {
        self.inner.bill_validity
    }
    /// The XML path codes by operation name (a new dict on each read).
    #[getter]
    fn xml_codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let codes = &self.inner.xml_codes;
        let dict = PyDict::new(py);
        dict.set_item("payment_channels", &codes.payment_channels)?;
        dict.set_item("create_transaction", &codes.create_transaction)?;
        dict.set_item("payment_status", &codes.payment_status)?;
        dict.set_item("cancel_transaction", &codes.cancel_transaction)?;
        Ok(dict)
    }
    #[getter]
    fn redirect_code(&self) -> &str {
        &self.inner.redirect_code
    }
    #[getter]
    fn inquiry_sends_status_fields(&self) -> bool {
        self.inner.inquiry_sends_status_fields
    }
    #[getter]
    fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }
    #[getter]
    fn max_inbound_bytes(&self) -> u64 {
        self.inner.max_inbound_bytes
    }
    #[getter]
    fn max_idle_connections(&self) -> u64 {
        self.inner.max_idle_connections
    }
    #[getter]
    fn dns_cache_ttl(&self) -> f64 {
        self.inner.dns_cache_ttl
    }

    /// Every setting as a new `dict` (for logging or `json.dumps`).
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let py = slf.py();
        let dict = PyDict::new(py);
        for name in faspay::ClientSettings::NAMES {
            dict.set_item(name, slf.getattr(name)?)?;
        }
        Ok(dict)
    }

    /// Every setting, as Python would write it (no password: there is none to show).
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let mut fields = Vec::with_capacity(faspay::ClientSettings::NAMES.len());
        for name in faspay::ClientSettings::NAMES {
            fields.push((name, slf.getattr(name)?.repr()?.to_string()));
        }
        Ok(repr_of("ClientSettings", &fields))
    }
}
