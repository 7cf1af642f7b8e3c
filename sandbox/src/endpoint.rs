//! [`HttpEndpoint`]: the sandbox's HTTP server (same limits and strict framing) serving any
//! handler, for a merchant's notification endpoint in demos and tests.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::http::{Delivery, Request, Response};
use crate::limits::HttpLimits;
use crate::server::{Handler, Server};

/// A running HTTP/1.1 server on `host:port` answering every request with a handler; stops
/// (closes its port) when dropped.
pub struct HttpEndpoint {
    server: Server,
}

impl std::fmt::Debug for HttpEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpEndpoint")
            .field("addr", &self.server.addr())
            .finish()
    }
}

impl HttpEndpoint {
    /// Binds `host:port` (port 0 = any free port) and answers each request with `handler`,
    /// run on one of `workers` threads.
    pub fn start(
        host: &str,
        port: u16,
        workers: usize,
        limits: HttpLimits,
        handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> std::io::Result<HttpEndpoint> {
        let handler: Handler = Arc::new(move |request| Delivery::Normal(handler(request)));
        Ok(HttpEndpoint {
            // The handler is the caller's and may block: always on a handler thread.
            server: Server::start(host, port, workers, limits, handler, None)?,
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }
}
