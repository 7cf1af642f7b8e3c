//! The embedded Faspay sandbox (`faspay_sandbox::Sandbox`) for `faspay-rs/testing`: started
//! in-process on a free port. Its server and notifier run on their own threads, so a merchant
//! server on this process's event loop keeps answering; calls that may wait (waiting for
//! deliveries, shutting down) return Promises and run on the libuv pool.

use std::sync::{Arc, RwLock};

use faspay::{AmountUnit, Error, Format, Operation};
use faspay_sandbox::{Fault, FaultKind, Sandbox, SandboxOptions as CoreOptions};
use napi::bindgen_prelude::*;

use crate::args::{Arg, Whole};
use crate::brand::{self, Class};
use crate::config::seconds;
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::sandbox_views::{
    FaultOptions, NotificationDelivery, SandboxRequest, SandboxTransaction, SandboxWarning,
};
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
    "strict",
    "unique_bill_no",
];

fn stopped() -> Error {
    Error::invalid("the sandbox was closed")
}

/// A running sandbox (the native half of `startSandbox`).
#[napi]
pub struct SandboxServer {
    inner: Arc<RwLock<Option<Sandbox>>>,
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
        after_effect: false,
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
    if let Some(strict) = o.boolean("strict")? {
        options.strict = strict;
    }
    if let Some(unique) = o.boolean("unique_bill_no")? {
        options.unique_bill_no = unique;
    }
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

/// `setFault`'s options: an object (napi would read any value as one), or none.
/// The keys of `setFault`'s options.
const FAULT_KNOWN: &[&str] = &["endpoint", "times", "seconds", "status", "code", "desc"];

/// `setFault`'s options, read key by key (as the client's are): a wrong value is
/// `INVALID_ARGUMENT` naming its key, and `times` / `status` must be whole numbers (napi's
/// struct conversion would wrap `2 ** 32 + 1` to 1 and cut `1.5` to 1).
fn fault_options(value: Option<&Unknown<'_>>) -> faspay::Result<Option<FaultOptions>> {
    let napi = |e: napi::Error| invalid_field("options", e.reason.clone());
    let Some(value) = value else { return Ok(None) };
    match value.get_type().map_err(napi)? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Object => {
            let o = Options::new(value, "options", FAULT_KNOWN)?;
            Ok(Some(FaultOptions {
                endpoint: o.string("endpoint")?,
                times: o.count("times")?,
                seconds: o.number("seconds")?,
                status: o.count("status")?,
                code: o.string("code")?,
                desc: o.string("desc")?,
            }))
        }
        other => Err(invalid_field(
            "options",
            format!(
                "must be an object of fault options, got {}",
                crate::args::js_type(other)
            ),
        )),
    }
}

#[napi]
impl SandboxServer {
    /// Starts a sandbox (options as in `startSandbox`; defaults are the Rust crate's).
    #[napi(catch_unwind, constructor, ts_args_type = "options?: SandboxOptions")]
    pub fn new(env: Env, this: This, options: Option<Unknown<'_>>) -> Result<Self> {
        let sandbox = guarded(|| {
            let options = match &options {
                Some(value) => options_from_js(value)?,
                None => CoreOptions::default(),
            };
            Sandbox::start(options)
        })
        .js(&env)?;
        // SAFETY: the live handles of this call; `this` is the new instance.
        if let Err(e) = unsafe { brand::tag(env.raw(), this.raw(), Class::SandboxServer) } {
            sandbox.shutdown();
            return Err(e);
        }
        Ok(SandboxServer {
            inner: Arc::new(RwLock::new(Some(sandbox))),
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[napi(catch_unwind, getter, js_name = "base_url")]
    pub fn base_url(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.base_url()))
    }
    #[napi(catch_unwind, getter, js_name = "merchant_id")]
    pub fn merchant_id(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().merchant_id))
    }
    #[napi(catch_unwind, getter, js_name = "merchant_name")]
    pub fn merchant_name(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().merchant_name))
    }
    #[napi(catch_unwind, getter, js_name = "user_id")]
    pub fn user_id(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().user_id))
    }
    /// The sandbox password (Faspay's public sample value by default, not a secret).
    #[napi(catch_unwind, getter)]
    pub fn password(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.options().password))
    }
    #[napi(catch_unwind, getter, js_name = "amount_unit")]
    pub fn amount_unit(&self, env: Env) -> Result<&'static str> {
        self.with(&env, |s| Ok(s.options().amount_unit.as_str()))
    }
    /// The text a command-line sandbox prints on start (URL and credentials).
    #[napi(catch_unwind, getter)]
    pub fn banner(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.banner()))
    }
    #[napi(catch_unwind, getter, js_name = "notify_url")]
    pub fn notify_url(&self, env: Env) -> Result<Option<String>> {
        self.with(&env, |s| Ok(s.options().notify_url))
    }
    #[napi(
        catch_unwind,
        setter,
        js_name = "notify_url",
        ts_args_type = "url: string | null"
    )]
    pub fn set_notify_url(&self, env: Env, url: Arg<Option<String>>) -> Result<()> {
        self.with(&env, |s| {
            let url = url.get("notify_url")?;
            if let Some(u) = &url
                && !(u.starts_with("http://") || u.starts_with("https://"))
            {
                return Err(invalid_field("notify_url", "must be an http(s) URL"));
            }
            s.set_notify_url(url);
            Ok(())
        })
    }
    #[napi(catch_unwind, getter, js_name = "notify_format")]
    pub fn notify_format(&self, env: Env) -> Result<&'static str> {
        self.with(&env, |s| Ok(s.options().notify_format.as_str()))
    }
    #[napi(
        catch_unwind,
        setter,
        js_name = "notify_format",
        ts_args_type = "format: string"
    )]
    pub fn set_notify_format(&self, env: Env, format: Arg<String>) -> Result<()> {
        self.with(&env, |s| {
            s.set_notify_format(Format::parse(&format.get("notify_format")?)?);
            Ok(())
        })
    }
    /// How long a simulated OVO customer takes to decide, in seconds.
    #[napi(catch_unwind, getter, js_name = "push_delay")]
    pub fn push_delay(&self, env: Env) -> Result<f64> {
        self.with(&env, |s| Ok(s.options().push_delay.as_secs_f64()))
    }
    #[napi(
        catch_unwind,
        setter,
        js_name = "push_delay",
        ts_args_type = "delay: number"
    )]
    pub fn set_push_delay(&self, env: Env, delay: Arg<f64>) -> Result<()> {
        self.with(&env, |s| {
            s.set_push_delay(seconds("push_delay", delay.get("push_delay")?)?);
            Ok(())
        })
    }

    /// Whether the sandbox refuses what the docs do not allow (else: accepts with a warning).
    #[napi(catch_unwind, getter)]
    pub fn strict(&self, env: Env) -> Result<bool> {
        self.with(&env, |s| Ok(s.options().strict))
    }
    #[napi(catch_unwind, setter, ts_args_type = "strict: boolean")]
    pub fn set_strict(&self, env: Env, strict: Arg<bool>) -> Result<()> {
        self.with(&env, |s| {
            s.set_strict(strict.get("strict")?);
            Ok(())
        })
    }
    /// Whether a reused `bill_no` is refused (`14`).
    #[napi(catch_unwind, getter, js_name = "unique_bill_no")]
    pub fn unique_bill_no(&self, env: Env) -> Result<bool> {
        self.with(&env, |s| Ok(s.options().unique_bill_no))
    }
    #[napi(
        catch_unwind,
        setter,
        js_name = "unique_bill_no",
        ts_args_type = "unique: boolean"
    )]
    pub fn set_unique_bill_no(&self, env: Env, unique: Arg<bool>) -> Result<()> {
        self.with(&env, |s| {
            s.set_unique_bill_no(unique.get("unique_bill_no")?);
            Ok(())
        })
    }
    /// Everything accepted so far that Faspay's docs do not promise, oldest first.
    #[napi(catch_unwind)]
    pub fn warnings(&self, env: Env) -> Result<Vec<SandboxWarning>> {
        self.with(&env, |s| {
            Ok(s.warnings().into_iter().map(Into::into).collect())
        })
    }
    #[napi(catch_unwind)]
    pub fn clear_warnings(&self, env: Env) -> Result<()> {
        self.with(&env, |s| {
            s.clear_warnings();
            Ok(())
        })
    }

    /// The customer pays: status 2, and a notification is queued.
    #[napi(catch_unwind, ts_args_type = "trxId: string")]
    pub fn approve(&self, env: Env, trx_id: Arg<String>) -> Result<()> {
        self.with(&env, |s| s.approve(&trx_id.get("trx_id")?))
    }
    /// The payment fails: status 3, and a notification is queued.
    #[napi(catch_unwind, ts_args_type = "trxId: string")]
    pub fn reject(&self, env: Env, trx_id: Arg<String>) -> Result<()> {
        self.with(&env, |s| s.reject(&trx_id.get("trx_id")?))
    }
    /// The bill expires: status 7, and a notification is queued.
    #[napi(catch_unwind, ts_args_type = "trxId: string")]
    pub fn expire(&self, env: Env, trx_id: Arg<String>) -> Result<()> {
        self.with(&env, |s| s.expire(&trx_id.get("trx_id")?))
    }
    /// Takes a paid transaction's payment back: status 4 (reversal), and a notification is
    /// queued; a cancel of it then answers `80`.
    #[napi(catch_unwind, ts_args_type = "trxId: string")]
    pub fn reverse(&self, env: Env, trx_id: Arg<String>) -> Result<()> {
        self.with(&env, |s| s.reverse(&trx_id.get("trx_id")?))
    }
    /// Moves the sandbox clock forward by `seconds`; bills past `bill_expired` expire.
    #[napi(catch_unwind, ts_args_type = "seconds: number")]
    pub fn advance_clock(&self, env: Env, seconds: Arg<f64>) -> Result<()> {
        self.with(&env, |s| {
            s.advance_clock(crate::config::seconds("seconds", seconds.get("seconds")?)?);
            Ok(())
        })
    }
    /// The sandbox's current time (WIB, `YYYY-MM-DD HH:MM:SS`).
    #[napi(catch_unwind)]
    pub fn now(&self, env: Env) -> Result<String> {
        self.with(&env, |s| Ok(s.now().to_string()))
    }
    #[napi(catch_unwind, ts_args_type = "trxId: string")]
    pub fn transaction(&self, env: Env, trx_id: Arg<String>) -> Result<Option<SandboxTransaction>> {
        self.with(&env, |s| {
            Ok(s.transaction(&trx_id.get("trx_id")?).map(Into::into))
        })
    }
    #[napi(catch_unwind)]
    pub fn transactions(&self, env: Env) -> Result<Vec<SandboxTransaction>> {
        self.with(&env, |s| {
            Ok(s.transactions().into_iter().map(Into::into).collect())
        })
    }
    /// Every notification attempt so far (retries included), oldest first.
    #[napi(catch_unwind)]
    pub fn deliveries(&self, env: Env) -> Result<Vec<NotificationDelivery>> {
        self.with(&env, |s| {
            Ok(s.deliveries().into_iter().map(Into::into).collect())
        })
    }
    /// Resolves `true` once at least `count` attempts were recorded, `false` after
    /// `timeout` seconds.
    #[napi(
        catch_unwind,
        ts_args_type = "count: number, timeout: number",
        ts_return_type = "Promise<boolean>"
    )]
    pub fn wait_for_deliveries(
        &self,
        count: Arg<Whole<u32>>,
        timeout: Arg<f64>,
    ) -> AsyncTask<Blocking<bool>> {
        let inner = Arc::clone(&self.inner);
        // A wrong argument rejects the Promise, as a failed wait does.
        Blocking::new(move || {
            let count = count.get("count")?.0;
            let timeout = seconds("timeout", timeout.get("timeout")?)?;
            let guard = inner.read().map_err(|_| stopped())?;
            let sandbox = guard.as_ref().ok_or_else(stopped)?;
            Ok(sandbox.wait_for_deliveries(count as usize, timeout))
        })
    }
    /// The requests received (the admin API's excepted), oldest first, byte for byte with the
    /// answers given (the last 1000 or so).
    #[napi(catch_unwind)]
    pub fn requests(&self, env: Env) -> Result<Vec<SandboxRequest>> {
        self.with(&env, |s| {
            Ok(s.received_requests().into_iter().map(Into::into).collect())
        })
    }
    #[napi(catch_unwind)]
    pub fn clear_requests(&self, env: Env) -> Result<()> {
        self.with(&env, |s| {
            s.clear_received_requests();
            Ok(())
        })
    }
    /// How many requests of `operation` (`"create_transaction"`, ...) the sandbox received.
    #[napi(catch_unwind, ts_args_type = "operation: string")]
    pub fn request_count(&self, env: Env, operation: Arg<String>) -> Result<f64> {
        self.with(&env, |s| {
            let operation = operation.get("operation")?;
            let op = Operation::from_name(&operation).ok_or_else(|| {
                invalid_field("operation", format!("unknown operation {operation:?}"))
            })?;
            Ok(s.request_count(op) as f64)
        })
    }
    /// Arms a fault: `kind` is `latency`, `server_error`, `html_page`, `reset`, `truncated`,
    /// `oversized_body` or `response_error`.
    #[napi(
        catch_unwind,
        ts_args_type = "kind: string, options?: FaultOptions | undefined | null"
    )]
    pub fn set_fault(
        &self,
        env: Env,
        kind: Arg<String>,
        options: Option<Unknown<'_>>,
    ) -> Result<()> {
        let kind = kind.get("kind").js(&env)?;
        let options = fault_options(options.as_ref()).js(&env)?;
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
    #[napi(catch_unwind)]
    pub fn clear_faults(&self, env: Env) -> Result<()> {
        self.with(&env, |s| {
            s.clear_faults();
            Ok(())
        })
    }

    /// Stops the server off the event loop (a notification to this process's own server may
    /// be in flight). Calling it twice is harmless.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
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
    #[napi(catch_unwind)]
    pub fn close_sync(&self) {
        let taken = self.inner.write().ok().and_then(|mut guard| guard.take());
        if let Some(sandbox) = taken {
            sandbox.shutdown();
        }
    }

    #[napi(catch_unwind, getter)]
    pub fn closed(&self) -> bool {
        self.inner.read().map(|g| g.is_none()).unwrap_or(true)
    }
}
