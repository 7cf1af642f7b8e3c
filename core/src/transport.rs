//! HTTP over ureq 3: one keep-alive agent per client (and one with the long OVO push timeout),
//! an idle pool sized by `max_idle_connections`, host names resolved through
//! [`crate::resolver`] (no lookup and no thread on a reused connection), connections through
//! [`crate::connection`] (one write per request, few socket calls), TLS always verified,
//! proxies from the environment, a response size cap, and a mapping of every transport
//! failure to `TRANSPORT` / `TIMEOUT` / `MALFORMED_RESPONSE` with `request_sent`.

use std::io::{ErrorKind, Read as _};
use std::time::Duration;

use ureq::Agent;
use ureq::config::Config as AgentConfig;
use ureq::http::HeaderValue;
use ureq::http::header::{ACCEPT, CONTENT_TYPE};
use ureq::unversioned::transport::{Connector, DefaultConnector};

use crate::config::Config;
use crate::connection::LeanConnector;
use crate::error::{Error, ErrorCode, Result};
use crate::resolver::CachingResolver;

const USER_AGENT: &str = concat!("faspay-rust/", env!("CARGO_PKG_VERSION"));
const ACCEPTED_TYPES: &str = "application/json, text/xml, application/xml";

/// A request ready to send: what `prepare_*` returns and what the transport posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// Always `POST` for server-to-server calls.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The exact body bytes.
    pub body: Vec<u8>,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The two agents of a client.
#[derive(Debug)]
pub(crate) struct Transport {
    agent: Agent,
    push_agent: Agent,
    max_response_bytes: u64,
    timeouts: Timeouts,
}

/// The configured limits, named in timeout errors ("no answer within 30 s (timeout)").
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    timeout: Duration,
    push_timeout: Duration,
    connect_timeout: Duration,
}

fn agent(config: &Config, timeout: Duration) -> Agent {
    let agent_config: AgentConfig = Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(config.connect_timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT)
        // A client talks to one host, so the per-host limit is the whole pool.
        .max_idle_connections(config.max_idle_connections)
        .max_idle_connections_per_host(config.max_idle_connections)
        .build();
    Agent::with_parts(
        agent_config,
        DefaultConnector::default().chain(LeanConnector),
        CachingResolver::new(config.dns_cache_ttl, config.effective_base_url()),
    )
}

impl Transport {
    pub(crate) fn new(config: &Config) -> Transport {
        Transport {
            agent: agent(config, config.timeout),
            push_agent: agent(config, config.push_timeout),
            max_response_bytes: config.max_response_bytes,
            timeouts: Timeouts {
                timeout: config.timeout,
                push_timeout: config.push_timeout,
                connect_timeout: config.connect_timeout,
            },
        }
    }

    /// Sends once. `long` selects the OVO push timeout.
    pub(crate) fn send(&self, request: &PreparedRequest, long: bool) -> Result<HttpResponse> {
        let agent = if long { &self.push_agent } else { &self.agent };
        let to_error = |e| map_error(e, self.timeouts, long);
        // Static header values: nothing to validate or copy per call.
        let mut response = agent
            .post(&request.url)
            .header(CONTENT_TYPE, HeaderValue::from_static(request.content_type))
            .header(ACCEPT, HeaderValue::from_static(ACCEPTED_TYPES))
            .send(&request.body[..])
            .map_err(to_error)?;
        let status = response.status().as_u16();
        let body = response.body_mut();
        // Room for the announced length (bounded by the cap, never trusted beyond 1 MiB up
        // front): the body arrives in one read instead of the probe and growing reads an
        // empty vector takes.
        let announced = body.content_length().unwrap_or(0);
        let room = announced.min(self.max_response_bytes).min(1 << 20) as usize;
        let mut bytes = Vec::with_capacity(room);
        body.with_config()
            .limit(self.max_response_bytes)
            .reader()
            .read_to_end(&mut bytes)
            .map_err(ureq::Error::from)
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(limit) => Error::malformed(
                    &format!("answer is larger than {limit} bytes"),
                    Some(status),
                    b"",
                ),
                ureq::Error::Timeout(_) => to_error(e),
                // Headers arrived but the body broke off: a truncated answer.
                other => Error::malformed(
                    &format!("answer body could not be read completely ({other})"),
                    Some(status),
                    b"",
                ),
            })?;
        Ok(HttpResponse {
            status,
            body: bytes,
        })
    }
}

/// Maps a ureq error. `request_sent` is false only when the failure certainly happened before
/// any request byte left (DNS, connect, TLS handshake); in doubt it is true. A timeout names
/// the setting that struck and its value; `long` is the OVO push.
fn map_error(e: ureq::Error, timeouts: Timeouts, long: bool) -> Error {
    use ureq::Timeout;
    if let ureq::Error::Timeout(which) = &e {
        let (sent, setting, limit, what) = match which {
            Timeout::Resolve | Timeout::Connect => (
                false,
                "connect_timeout",
                timeouts.connect_timeout,
                "no connection",
            ),
            _ if long => (true, "push_timeout", timeouts.push_timeout, "no answer"),
            _ => (true, "timeout", timeouts.timeout, "no answer"),
        };
        return Error::new(
            ErrorCode::Timeout,
            format!("{what} within {} ({setting})", seconds(limit)),
        )
        .with_request_sent(sent);
    }
    let (code, sent) = match &e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => (ErrorCode::Transport, false),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            (ErrorCode::Transport, false)
        }
        ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::InvalidProxyUrl => {
            (ErrorCode::InvalidArgument, false)
        }
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused | ErrorKind::AddrNotAvailable => {
                (ErrorCode::Transport, false)
            }
            ErrorKind::TimedOut | ErrorKind::WouldBlock => (ErrorCode::Timeout, true),
            _ => (ErrorCode::Transport, true),
        },
        _ => (ErrorCode::Transport, true),
    };
    let what = match code {
        ErrorCode::Timeout => "timed out",
        _ => "failed",
    };
    Error::new(code, format!("HTTP request {what}: {e}")).with_request_sent(sent)
}

/// A duration as people write it: `30 s`, `1.5 s`, `250 ms`.
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Whether a failed attempt of a safe operation may be repeated: connection problems, resets
/// and 5xx answers, and timeouts that struck before the request was sent.
pub(crate) fn is_retryable(e: &Error) -> bool {
    match e.code() {
        ErrorCode::Transport => e.http_status().is_none_or(|s| s >= 500),
        ErrorCode::Timeout => !e.request_sent(),
        _ => false,
    }
}

/// The wait before retry `attempt` (1-based): `base * 2^(attempt-1)`, jittered to 50–100 %.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    let jitter = 0.5 + fastrand::f64() * 0.5;
    full.mul_f64(jitter)
}
