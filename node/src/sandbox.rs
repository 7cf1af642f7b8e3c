//! The embedded Faspay sandbox (`faspay_sandbox::Sandbox`) for `faspay-rs/testing`: started
//! in-process on a free port. Its server and notifier run on their own threads, so a merchant
//! server on this process's event loop keeps answering; calls that may wait (waiting for
//! deliveries, shutting down) return Promises and run on the libuv pool.

use std::sync::{Arc, RwLock};

use faspay::{AmountUnit, Error, Format, Operation};
use faspay_sandbox::{
    Delivery, Fault, FaultKind, Sandbox, SandboxOptions as CoreOptions, TransactionView,
};
use napi::bindgen_prelude::*;

use crate::config::seconds;
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::tasks::Blocking;
use crate::value::Options;

const KNOWN: &[&str] = &[
    "merchant_id",
    "merchant_name",
    "user_id",
    "password",
    "host",
    "port",
    "threads",
    "notify_url",
    "notify_format",
    "push_delay",
    "notify_retry_delay",
    "notify_max_retries",
    "amount_unit",
    "return_url",
];

/// The settings of `startSandbox(...)` / `new SandboxServer(...)` (seconds for delays).
#[napi(object, object_to_js = false)]
#[allow(dead_code)] // read key by key (see `options_from_js`); this struct gives the TS type
pub struct SandboxOptions {
    /// Merchant code, default `99999` (Faspay's public sample merchant).
    #[napi(js_name = "merchant_id")]
    pub merchant_id: Option<String>,
    #[napi(js_name = "merchant_name")]
    pub merchant_name: Option<String>,
    #[napi(js_name = "user_id")]
    pub user_id: Option<String>,
    /// Default `p@ssw0rd`, the public docs' sample password.
    pub password: Option<String>,
    /// Interface to listen on, default `127.0.0.1`.
    pub host: Option<String>,
    /// Port, default 0 = any free port.
    pub port: Option<u32>,
    /// HTTP worker threads.
    pub threads: Option<u32>,
    /// Where payment notifications are POSTed; none are sent without it.
    #[napi(js_name = "notify_url")]
    pub notify_url: Option<String>,
    /// `"json"` (default) or `"xml"`.
    #[napi(js_name = "notify_format")]
    pub notify_format: Option<String>,
    /// How long a simulated OVO customer takes to decide, in seconds.
    #[napi(js_name = "push_delay")]
    pub push_delay: Option<f64>,
    /// Wait between notification attempts, in seconds.
    #[napi(js_name = "notify_retry_delay")]
    pub notify_retry_delay: Option<f64>,
    /// Extra attempts after a refused notification (default 3).
    #[napi(js_name = "notify_max_retries")]
    pub notify_max_retries: Option<u32>,
    /// `"sen"` (default) or `"rupiah"`.
    #[napi(js_name = "amount_unit")]
    pub amount_unit: Option<String>,
    /// Where the redirect page sends the browser afterwards (signed query string).
    #[napi(js_name = "return_url")]
    pub return_url: Option<String>,
}

fn stopped() -> Error {
    Error::invalid("the sandbox was closed")
}

/// A running sandbox (the native half of `startSandbox`).
#[napi]
pub struct SandboxServer {
    inner: Arc<RwLock<Option<Sandbox>>>,
}

/// One transaction as the sandbox sees it.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct SandboxTransaction {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_channel")]
    pub payment_channel: String,
    /// Rupiah, as a decimal string.
    #[napi(js_name = "bill_total")]
    pub bill_total: String,
    /// The payment status code (0 pending, 2 paid, 3 failed, 7 expired, 8 cancelled).
    pub status: u32,
    #[napi(js_name = "bill_date")]
    pub bill_date: String,
    #[napi(js_name = "bill_expired")]
    pub bill_expired: String,
    #[napi(js_name = "payment_date")]
    pub payment_date: Option<String>,
    #[napi(js_name = "payment_reff")]
    pub payment_reff: Option<String>,
    #[napi(js_name = "ovo_number")]
    pub ovo_number: Option<String>,
}

impl From<TransactionView> for SandboxTransaction {
    fn from(t: TransactionView) -> Self {
        SandboxTransaction {
            trx_id: t.trx_id,
            bill_no: t.bill_no,
            payment_channel: t.payment_channel,
            bill_total: t.bill_total.to_string(),
            status: t.status.value().into(),
            bill_date: t.bill_date.to_string(),
            bill_expired: t.bill_expired.to_string(),
            payment_date: t.payment_date.map(|d| d.to_string()),
            payment_reff: t.payment_reff,
            ovo_number: t.ovo_number,
        }
    }
}

/// One notification attempt the sandbox made.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct NotificationDelivery {
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_status_code")]
    pub payment_status_code: u32,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub url: String,
    pub format: String,
    #[napi(js_name = "request_body")]
    pub request_body: String,
    /// `null` when no HTTP answer came.
    #[napi(js_name = "http_status")]
    pub http_status: Option<u32>,
    #[napi(js_name = "reply_body")]
    pub reply_body: Option<String>,
    /// The reply carried `response_code` `00`.
    pub accepted: bool,
    pub error: Option<String>,
}

impl From<Delivery> for NotificationDelivery {
    fn from(d: Delivery) -> Self {
        NotificationDelivery {
            trx_id: d.trx_id,
            bill_no: d.bill_no,
            payment_status_code: d.payment_status_code.value().into(),
            attempt: d.attempt,
            url: d.url,
            format: d.format.as_str().to_string(),
            request_body: d.request_body,
            http_status: d.http_status.map(u32::from),
            reply_body: d.reply_body,
            accepted: d.accepted,
            error: d.error,
        }
    }
}

/// Fault options: `endpoint` (an operation name; default every endpoint), `times` (default
/// until cleared), `seconds` (latency), `status` (server_error), `code` / `desc`
/// (response_error).
#[napi(object, object_to_js = false)]
pub struct FaultOptions {
    pub endpoint: Option<String>,
    pub times: Option<u32>,
    pub seconds: Option<f64>,
    pub status: Option<u32>,
    pub code: Option<String>,
    pub desc: Option<String>,
}

fn fault(kind: &str, o: FaultOptions) -> faspay::Result<Fault> {
    let kind = match kind {
        "latency" => FaultKind::Latency(seconds("seconds", o.seconds.unwrap_or(1.0))?),
        "server_error" => FaultKind::ServerError(
            u16::try_from(o.status.unwrap_or(500))
                .map_err(|_| invalid_field("status", "must be an HTTP status"))?,
        ),
        "html_page" => FaultKind::HtmlPage,
        "reset" => FaultKind::Reset,
        "truncated" => FaultKind::Truncated,
        "oversized_body" => FaultKind::OversizedBody,
        "response_error" => FaultKind::ResponseError {
            code: o.code.unwrap_or_else(|| "40".into()),
            desc: o
                .desc
                .unwrap_or_else(|| "Requested Function not Supported".into()),
        },
        other => {
            return Err(invalid_field(
                "kind",
                format!(
                    "unknown fault {other:?}; expected latency, server_error, html_page, reset, \
                     truncated, oversized_body or response_error"
                ),
            ));
        }
    };
    let endpoint = o
        .endpoint
        .map(|name| {
            Operation::from_name(&name)
                .ok_or_else(|| invalid_field("endpoint", format!("unknown operation {name:?}")))
        })
        .transpose()?;
    Ok(Fault {
        endpoint,
        kind,
        times: o.times,
    })
}

fn options_from_js(value: &Unknown<'_>) -> faspay::Result<CoreOptions> {
    let o = Options::new(value, "options", KNOWN)?;
    let mut options = CoreOptions::default();
    let text = |key: &str, target: &mut String| -> faspay::Result<()> {
        if let Some(value) = o.string(key)? {
            *target = value;
        }
        Ok(())
    };
    text("merchant_id", &mut options.merchant_id)?;
    text("merchant_name", &mut options.merchant_name)?;
    text("user_id", &mut options.user_id)?;
    text("password", &mut options.password)?;
    text("host", &mut options.host)?;
    if let Some(port) = o.count("port")? {
        options.port =
            u16::try_from(port).map_err(|_| invalid_field("port", "must be at most 65535"))?;
    }
    if let Some(threads) = o.count("threads")? {
        options.threads = threads as usize;
    }
    options.notify_url = o.string("notify_url")?;
    if let Some(format) = o.string("notify_format")? {
        options.notify_format = Format::parse(&format)?;
    }
    if let Some(delay) = o.number("push_delay")? {
        options.push_delay = seconds("push_delay", delay)?;
    }
    if let Some(delay) = o.number("notify_retry_delay")? {
        options.notify_retry_delay = seconds("notify_retry_delay", delay)?;
    }
    if let Some(retries) = o.count("notify_max_retries")? {
        options.notify_max_retries = retries;
    }
    if let Some(unit) = o.string("amount_unit")? {
        options.amount_unit = AmountUnit::parse(&unit)?;
    }
    options.return_url = o.string("return_url")?;
    Ok(options)
}

impl SandboxServer {
    fn with<T>(&self, env: &Env, f: impl FnOnce(&Sandbox) -> faspay::Result<T>) -> Result<T> {
        guarded(|| {
            let guard = self.inner.read().map_err(|_| stopped())?;
            f(guard.as_ref().ok_or_else(stopped)?)
        })
        .js(env)
    }
}

#[napi]
impl SandboxServer {
    /// Starts a sandbox (options as in `startSandbox`; defaults are the Rust crate's).
    #[napi(constructor, ts_args_type = "options?: SandboxOptions")]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        let sandbox = guarded(|| {
            let options = match &options {
                Some(value) => options_from_js(value)?,
                None => CoreOptions::default(),
            };
            Sandbox::start(options)
        })
        .js(&env)?;
        Ok(SandboxServer {
            inner: Arc::new(RwLock::new(Some(sandbox))),
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[napi(getter, js_name = "base_url")]
    pub fn base_url(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.base_url()))
    }
    #[napi(getter, js_name = "merchant_id")]
    pub fn merchant_id(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().merchant_id))
    }
    #[napi(getter, js_name = "merchant_name")]
    pub fn merchant_name(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().merchant_name))
    }
    #[napi(getter, js_name = "user_id")]
    pub fn user_id(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().user_id))
    }
    /// The sandbox password (Faspay's public sample value by default, not a secret).
    #[napi(getter)]
    pub fn password(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().password))
    }
    #[napi(getter, js_name = "amount_unit")]
    pub fn amount_unit(&self, env: Env) -> Result<&'static str> {
        self.with(&env, |s| Ok(s.options().amount_unit.as_str()))
    }
    /// The text a command-line sandbox prints on start (URL and credentials).
    #[napi(getter)]
    pub fn banner(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.banner()))
    }
    #[napi(getter, js_name = "notify_url")]
    pub fn notify_url(&self, env: Env) -> Result<Option<String>> {
        self.with(&env, |s| Ok(s.options().notify_url))
    }
    #[napi(setter, js_name = "notify_url", ts_args_type = "url: string | null")]
    pub fn set_notify_url(&self, env: Env, url: Option<String>) -> Result<()> {
        self.with(&env, |s| {
            if let Some(u) = &url
                && !(u.starts_with("http://") || u.starts_with("https://"))
            {
                return Err(invalid_field("notify_url", "must be an http(s) URL"));
            }
            s.set_notify_url(url);
            Ok(())
        })
    }
    #[napi(getter, js_name = "notify_format")]
    pub fn notify_format(&self, env: Env) -> Result<&'static str> {
        self.with(&env, |s| Ok(s.options().notify_format.as_str()))
    }
    #[napi(setter, js_name = "notify_format")]
    pub fn set_notify_format(&self, env: Env, format: String) -> Result<()> {
        self.with(&env, |s| {
            s.set_notify_format(Format::parse(&format)?);
            Ok(())
        })
    }
    /// How long a simulated OVO customer takes to decide, in seconds.
    #[napi(getter, js_name = "push_delay")]
    pub fn push_delay(&self, env: Env) -> Result<f64> {
        self.with(&env, |s| Ok(s.options().push_delay.as_secs_f64()))
    }
    #[napi(setter, js_name = "push_delay")]
    pub fn set_push_delay(&self, env: Env, delay: f64) -> Result<()> {
        self.with(&env, |s| {
            s.set_push_delay(seconds("push_delay", delay)?);
            Ok(())
        })
    }

    /// The customer pays: status 2, and a notification is queued.
    #[napi]
    pub fn approve(&self, env: Env, trx_id: String) -> Result<()> {
        self.with(&env, |s| s.approve(&trx_id))
    }
    /// The payment fails: status 3, and a notification is queued.
    #[napi]
    pub fn reject(&self, env: Env, trx_id: String) -> Result<()> {
        self.with(&env, |s| s.reject(&trx_id))
    }
    /// The bill expires: status 7, and a notification is queued.
    #[napi]
    pub fn expire(&self, env: Env, trx_id: String) -> Result<()> {
        self.with(&env, |s| s.expire(&trx_id))
    }
    /// Moves the sandbox clock forward by `seconds`; bills past `bill_expired` expire.
    #[napi]
    pub fn advance_clock(&self, env: Env, seconds: f64) -> Result<()> {
        self.with(&env, |s| {
            s.advance_clock(crate::config::seconds("seconds", seconds)?);
            Ok(())
        })
    }
    /// The sandbox's current time (WIB, `YYYY-MM-DD HH:MM:SS`).
    #[napi]
    pub fn now(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.now().to_string()))
    }
    #[napi]
    pub fn transaction(&self, env: Env, trx_id: String) -> Result<Option<SandboxTransaction>> {
        self.with(&env, |s| Ok(s.transaction(&trx_id).map(Into::into)))
    }
    #[napi]
    pub fn transactions(&self, env: Env) -> Result<Vec<SandboxTransaction>> {
        self.with(&env, |s| {
            Ok(s.transactions().into_iter().map(Into::into).collect())
        })
    }
    /// Every notification attempt so far (retries included), oldest first.
    #[napi]
    pub fn deliveries(&self, env: Env) -> Result<Vec<NotificationDelivery>> {
        self.with(&env, |s| {
            Ok(s.deliveries().into_iter().map(Into::into).collect())
        })
    }
    /// Resolves `true` once at least `count` attempts were recorded, `false` after
    /// `timeout` seconds.
    #[napi(ts_return_type = "Promise<boolean>")]
    pub fn wait_for_deliveries(
        &self,
        env: Env,
        count: u32,
        timeout: f64,
    ) -> Result<AsyncTask<Blocking<bool>>> {
        let timeout = seconds("timeout", timeout).js(&env)?;
        let inner = Arc::clone(&self.inner);
        Ok(Blocking::new(move || {
            let guard = inner.read().map_err(|_| stopped())?;
            let sandbox = guard.as_ref().ok_or_else(stopped)?;
            Ok(sandbox.wait_for_deliveries(count as usize, timeout))
        }))
    }
    /// How many requests of `operation` (`"create_transaction"`, ...) the sandbox received.
    #[napi]
    pub fn request_count(&self, env: Env, operation: String) -> Result<f64> {
        self.with(&env, |s| {
            let op = Operation::from_name(&operation).ok_or_else(|| {
                invalid_field("operation", format!("unknown operation {operation:?}"))
            })?;
            Ok(s.request_count(op) as f64)
        })
    }
    /// Arms a fault: `kind` is `latency`, `server_error`, `html_page`, `reset`, `truncated`,
    /// `oversized_body` or `response_error`.
    #[napi]
    pub fn set_fault(&self, env: Env, kind: String, options: Option<FaultOptions>) -> Result<()> {
        let options = options.unwrap_or(FaultOptions {
            endpoint: None,
            times: None,
            seconds: None,
            status: None,
            code: None,
            desc: None,
        });
        self.with(&env, |s| {
            s.set_fault(fault(&kind, options)?);
            Ok(())
        })
    }
    #[napi]
    pub fn clear_faults(&self, env: Env) -> Result<()> {
        self.with(&env, |s| {
            s.clear_faults();
            Ok(())
        })
    }

    /// Stops the server off the event loop (a notification to this process's own server may
    /// be in flight). Calling it twice is harmless.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn close(&self) -> AsyncTask<Blocking<()>> {
        let taken = self.inner.write().ok().and_then(|mut guard| guard.take());
        Blocking::new(move || {
            if let Some(sandbox) = taken {
                sandbox.shutdown();
            }
            Ok(())
        })
    }

    /// Stops the server now, blocking (for `process.on('exit')`, where no Promise can settle).
    #[napi]
    pub fn close_sync(&self) {
        let taken = self.inner.write().ok().and_then(|mut guard| guard.take());
        if let Some(sandbox) = taken {
            sandbox.shutdown();
        }
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.inner.read().map(|g| g.is_none()).unwrap_or(true)
    }
}
