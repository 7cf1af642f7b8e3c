//! `client.settings` (core `settings.rs`): the settings a client really uses, as a plain
//! object with the names of `new Client({...})`'s options; never the password.

/// Every setting the client uses, named like the `ClientOptions` it was built from (durations
/// in seconds); a new plain object on each read.
#[napi(object, object_from_js = false)]
pub struct ClientSettings {
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    #[napi(js_name = "merchant_name")]
    pub merchant_name: String,
    #[napi(js_name = "user_id")]
    pub user_id: String,
    /// `"sandbox"` or `"production"`.
    #[napi(ts_type = "'sandbox' | 'production'")]
    pub environment: &'static str,
    /// The host requests go to: the configured `base_url`, else the environment's.
    #[napi(js_name = "base_url")]
    pub base_url: String,
    #[napi(js_name = "allow_insecure_http")]
    pub allow_insecure_http: bool,
    #[napi(ts_type = "'json' | 'xml'")]
    pub format: &'static str,
    pub timeout: f64,
    #[napi(js_name = "connect_timeout")]
    pub connect_timeout: f64,
    #[napi(js_name = "push_timeout")]
    pub push_timeout: f64,
    #[napi(js_name = "max_retries")]
    pub max_retries: u32,
    #[napi(js_name = "retry_backoff")]
    pub retry_backoff: f64,
    #[napi(js_name = "amount_unit", ts_type = "'sen' | 'rupiah'")]
    pub amount_unit: &'static str,
    #[napi(js_name = "bill_validity")]
    pub bill_validity: f64,
    #[napi(js_name = "xml_codes")]
    pub xml_codes: XmlCodes,
    #[napi(js_name = "redirect_code")]
    pub redirect_code: String,
    #[napi(js_name = "inquiry_sends_status_fields")]
    pub inquiry_sends_status_fields: bool,
    #[napi(js_name = "max_response_bytes")]
    pub max_response_bytes: f64,
    #[napi(js_name = "max_inbound_bytes")]
    pub max_inbound_bytes: f64,
    #[napi(js_name = "max_idle_connections")]
    pub max_idle_connections: f64,
    #[napi(js_name = "dns_cache_ttl")]
    pub dns_cache_ttl: f64,
}

/// The last path segment of each XML endpoint, by operation name.
#[napi(object, object_from_js = false)]
pub struct XmlCodes {
    #[napi(js_name = "payment_channels")]
    pub payment_channels: String,
    #[napi(js_name = "create_transaction")]
    pub create_transaction: String,
    #[napi(js_name = "payment_status")]
    pub payment_status: String,
    #[napi(js_name = "cancel_transaction")]
    pub cancel_transaction: String,
}

impl From<faspay::ClientSettings> for ClientSettings {
    fn from(s: faspay::ClientSettings) -> ClientSettings {
        ClientSettings {
            merchant_id: s.merchant_id,
            merchant_name: s.merchant_name,
            user_id: s.user_id,
            environment: s.environment,
            base_url: s.base_url,
            allow_insecure_http: s.allow_insecure_http,
            format: s.format,
            timeout: s.timeout,
            connect_timeout: s.connect_timeout,
            push_timeout: s.push_timeout,
            max_retries: s.max_retries,
            retry_backoff: s.retry_backoff,
            amount_unit: s.amount_unit,
            bill_validity: s.bill_validity,
            xml_codes: XmlCodes {
                payment_channels: s.xml_codes.payment_channels,
                create_transaction: s.xml_codes.create_transaction,
                payment_status: s.xml_codes.payment_status,
                cancel_transaction: s.xml_codes.cancel_transaction,
            },
            redirect_code: s.redirect_code,
            inquiry_sends_status_fields: s.inquiry_sends_status_fields,
            // Exact up to 2^53 bytes, far above any useful limit.
            max_response_bytes: s.max_response_bytes as f64,
            max_inbound_bytes: s.max_inbound_bytes as f64,
            max_idle_connections: s.max_idle_connections as f64,
            dns_cache_ttl: s.dns_cache_ttl,
        }
    }
}
