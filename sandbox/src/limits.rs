//! The HTTP server's limits against slow, large or numerous requests, for
//! [`crate::Sandbox::start_with_limits`].

use std::time::Duration;

/// Limits of the sandbox's HTTP server. The defaults are far above what a Faspay client
/// needs and low enough that a hostile client cannot stall the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpLimits {
    /// How long a request head may take to arrive in full, counted from the moment the server
    /// waits for it; also how long a kept-alive connection may stay idle. Default 30 s (longer
    /// than the client's own pool idle time, so the client normally closes first).
    pub head_timeout: Duration,
    /// How long the body may take to arrive after the head, default 30 s. Past it: 408.
    pub body_timeout: Duration,
    /// Largest request head (request line and headers), default 32 KiB. Past it: 431.
    pub max_head_bytes: usize,
    /// Largest request body, default 1 MiB (Faspay messages are a few KiB). Past it: 413.
    pub max_body_bytes: usize,
    /// Open connections kept at most, default 512. A new connection past the cap closes the
    /// oldest one that is not being answered, so a flood of idle connections cannot lock out a
    /// new client.
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            head_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_head_bytes: 32 * 1024,
            max_body_bytes: 1024 * 1024,
            max_connections: 512,
        }
    }
}
