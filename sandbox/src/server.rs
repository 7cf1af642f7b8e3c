//! The sandbox's HTTP/1.1 server: hyper on a tokio runtime of its own. One thread runs every
//! connection (reading and writing never block a thread); a request whose answer needs no
//! sleep is answered on that thread (the [`QuickHandler`]), any other on a pool of `workers`
//! blocking threads, so a slow answer (OVO push, latency fault) holds only its own request.
//! Answering in place saves two thread hand-offs per request (waking a handler thread, which
//! then wakes the server's thread back): on a virtual machine whose idle CPUs halt, each one
//! is a slow wakeup in the middle of every round trip.
//! Limits ([`HttpLimits`]): a deadline for each head and each body, caps on their sizes, a cap
//! on open connections, and strict framing (see [`crate::framing`]).

use std::collections::BTreeMap;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{CONNECTION, CONTENT_LENGTH, HeaderName, HeaderValue, TRANSFER_ENCODING};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Notify;

use crate::framing::Framing;
use crate::gated_io::GatedStream;
use crate::http::{Delivery, Request, Response};
use crate::limits::HttpLimits;
use crate::raw_faults;

/// Answers one request; may block (runs on a handler thread).
pub type Handler = Arc<dyn Fn(&Request) -> Delivery + Send + Sync>;

/// Answers a request without blocking when it can; `None`, having done nothing, sends the
/// request to the [`Handler`] on a handler thread.
pub type QuickHandler = Arc<dyn Fn(&Request) -> Option<Delivery> + Send + Sync>;

/// Wait after a failed accept (out of file descriptors): back off instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How long an evicted connection that is not being answered may take to finish what it is
/// doing (writing an answer out); a body still arriving is cut after it.
const EVICTION_GRACE: Duration = Duration::from_secs(1);

/// Connections the kernel may hold for us before they are accepted.
const LISTEN_BACKLOG: u32 = 4096;

/// hyper's smallest allowed read buffer.
const HYPER_MIN_BUFFER: usize = 8192;

type Answer = hyper::Response<Full<Bytes>>;

/// The answer is not an HTTP response: the connection was reset or cut on purpose (a fault),
/// and hyper must drop it without writing anything.
#[derive(Debug)]
struct Abandoned;

impl std::fmt::Display for Abandoned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection abandoned by a fault")
    }
}

impl std::error::Error for Abandoned {}

/// One open connection, for the connection cap.
struct Connection {
    /// Told to close when the cap needs room.
    evict: Notify,
    /// A handler is answering a request of this connection: it is evicted last, and then
    /// only once the answer is written.
    answering: AtomicBool,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    open: Mutex<BTreeMap<u64, Arc<Connection>>>,
}

impl Registry {
    /// Records a new connection; at the cap, the oldest one not being answered is told to close.
    fn open(&self, id: u64, cap: usize) -> Arc<Connection> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= cap.max(1) {
            let idle = open
                .iter()
                .find(|(_, c)| !c.answering.load(Ordering::SeqCst))
                .map(|(id, _)| *id);
            if let Some(c) = idle.and_then(|id| open.remove(&id)) {
                c.evict.notify_one();
            }
        }
        let connection = Arc::new(Connection {
            evict: Notify::new(),
            answering: AtomicBool::new(false),
        });
        open.insert(id, Arc::clone(&connection));
        connection
    }

    fn close(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }
}

struct Shared {
    handler: Handler,
    quick: Option<QuickHandler>,
    limits: HttpLimits,
    connections: Registry,
    /// Connections accepted since the start: lets tests and benchmarks see keep-alive reuse.
    accepted: Arc<AtomicU64>,
}

/// A running server; [`Server::stop`] ends it.
pub struct Server {
    addr: SocketAddr,
    accepted: Arc<AtomicU64>,
    stop: Arc<Notify>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `host:port` and starts serving with `workers` handler threads (and `quick`, when
    /// given, on the server's own thread first).
    pub fn start(
        host: &str,
        port: u16,
        workers: usize,
        limits: HttpLimits,
        handler: Handler,
        quick: Option<QuickHandler>,
    ) -> io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .max_blocking_threads(workers.max(1))
            .thread_name("sandbox-handler")
            .build()?;
        let listener = {
            let _context = runtime.enter();
            listen(host, port)?
        };
        let addr = listener.local_addr()?;
        let accepted = Arc::new(AtomicU64::new(0));
        let shared = Arc::new(Shared {
            handler,
            quick,
            limits,
            connections: Registry::default(),
            accepted: Arc::clone(&accepted),
        });
        let stop = Arc::new(Notify::new());
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("sandbox-http".into())
            .spawn(move || {
                runtime.block_on(accept_loop(listener, shared, stopped));
                // Connections are dropped; handlers still busy in a slow step are left to
                // finish alone, as for the other background threads.
                runtime.shutdown_timeout(crate::threads::STOP_WAIT);
            })?;
        Ok(Server {
            addr,
            accepted,
            stop,
            thread: Some(thread),
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The count of connections accepted so far (shared, so it can be read without the server).
    pub fn accepted(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.accepted)
    }

    /// Stops accepting, closes every connection and ends the server thread.
    pub fn stop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stop.notify_one();
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Binds `host:port` with a listen backlog far above std's 128: during a burst of new
/// connections (a flood, or a test opening thousands), the kernel keeps their handshakes
/// instead of dropping them, which would delay a fresh client by a whole SYN retry (1 s).
fn listen(host: &str, port: u16) -> io::Result<TcpListener> {
    let mut last_error = None;
    for addr in (host, port).to_socket_addrs()? {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        // As std's bind does: a restarted sandbox may reuse a port in TIME_WAIT.
        socket.set_reuseaddr(true)?;
        match socket.bind(addr) {
            Ok(()) => return socket.listen(LISTEN_BACKLOG),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error
        .unwrap_or_else(|| io::Error::new(io::ErrorKind::AddrNotAvailable, "no address to bind")))
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: Arc<Notify>) {
    let mut next_id: u64 = 0;
    loop {
        let accepted = tokio::select! {
            _ = stop.notified() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                next_id += 1;
                shared.accepted.fetch_add(1, Ordering::Relaxed);
                let connection = shared
                    .connections
                    .open(next_id, shared.limits.max_connections);
                tokio::spawn(serve_connection(
                    stream,
                    Arc::clone(&shared),
                    next_id,
                    connection,
                ));
            }
            Err(_) => tokio::select! {
                _ = stop.notified() => return,
                _ = tokio::time::sleep(ACCEPT_BACKOFF) => {}
            },
        }
    }
}

/// A second handle on the socket, for faults that write raw bytes or cut the connection.
fn with_raw_handle(stream: TcpStream) -> io::Result<(TcpStream, std::net::TcpStream)> {
    let std_stream = stream.into_std()?;
    let raw = std_stream.try_clone()?;
    Ok((TcpStream::from_std(std_stream)?, raw))
}

async fn serve_connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    id: u64,
    connection: Arc<Connection>,
) {
    let _ = stream.set_nodelay(true);
    let Ok((stream, raw)) = with_raw_handle(stream) else {
        shared.connections.close(id);
        return;
    };
    let raw = Arc::new(raw);
    let limits = &shared.limits;
    // A chunked body may carry framing overhead, but not more than its payload again.
    let chunked_budget = (limits.max_body_bytes as u64).saturating_mul(2) + 64 * 1024;
    let framing = Framing::new(limits.max_head_bytes, chunked_budget);
    let io = TokioIo::new(GatedStream::new(stream, framing));
    let service = {
        let (shared, connection) = (Arc::clone(&shared), Arc::clone(&connection));
        service_fn(move |request| {
            answer(
                request,
                Arc::clone(&shared),
                Arc::clone(&connection),
                Arc::clone(&raw),
            )
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(shared.limits.head_timeout)
        // A client may shut its writing side once its request is sent (`nc -N`, some
        // scripts); it still gets its answer, as from Faspay. Without this, hyper drops the
        // request unanswered when it reads the end of the stream.
        .half_close(true)
        .max_buf_size(shared.limits.max_head_bytes.max(HYPER_MIN_BUFFER));
    let served = builder.serve_connection(io, service);
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => {}
        _ = connection.evict.notified() => {
            // Closes at once when idle or inside a head; an answer being prepared is finished
            // and written first; a body still arriving gets a moment, then the connection goes.
            served.as_mut().graceful_shutdown();
            if connection.answering.load(Ordering::SeqCst) {
                let _ = served.as_mut().await;
            } else {
                let _ = tokio::time::timeout(EVICTION_GRACE, served.as_mut()).await;
            }
        }
    }
    shared.connections.close(id);
}

/// Marks the connection as answering while it lives.
struct Answering(Arc<Connection>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.store(false, Ordering::SeqCst);
    }
}

/// Reads the body within the limits, runs the handler and turns its delivery into an answer.
async fn answer(
    request: hyper::Request<Incoming>,
    shared: Arc<Shared>,
    connection: Arc<Connection>,
    raw: Arc<std::net::TcpStream>,
) -> Result<Answer, Abandoned> {
    let limits = &shared.limits;
    // The framing gate stops following the stream after a chunked body: no further request
    // may use this connection.
    let close_after = request.headers().contains_key(TRANSFER_ENCODING);
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Ok(refusal(413, "request body too large"));
    }
    let (parts, body) = request.into_parts();
    let collected = tokio::time::timeout(
        limits.body_timeout,
        Limited::new(body, limits.max_body_bytes).collect(),
    )
    .await;
    let body = match collected {
        Err(_) => return Ok(refusal(408, "request body too slow")),
        Ok(Err(e)) if e.is::<LengthLimitError>() => {
            return Ok(refusal(413, "request body too large"));
        }
        Ok(Err(_)) => return Ok(refusal(400, "bad request body")),
        Ok(Ok(collected)) => collected.to_bytes().to_vec(),
    };
    let request = Request {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        body,
    };
    connection.answering.store(true, Ordering::SeqCst);
    let _answering = Answering(connection);
    let quick = match &shared.quick {
        Some(quick) => catch_unwind(AssertUnwindSafe(|| quick(&request))).map_err(|_| ()),
        None => Ok(None),
    };
    let delivered = match quick {
        Ok(Some(Delivery::Normal(response))) => Ok(Some(response)),
        // A reset or a cut answer works on the raw socket and may wait: on a handler thread.
        Ok(Some(fault)) => tokio::task::spawn_blocking(move || deliver(fault, &raw))
            .await
            .map_err(|_| ()),
        Ok(None) => {
            let handler = Arc::clone(&shared.handler);
            tokio::task::spawn_blocking(move || deliver(handler(&request), &raw))
                .await
                .map_err(|_| ())
        }
        Err(()) => Err(()),
    };
    match delivered {
        Ok(Some(response)) => Ok(to_hyper(response, close_after)),
        Ok(None) => Err(Abandoned),
        // The handler panicked: answer 500, the server goes on.
        Err(()) => Ok(to_hyper(
            Response::text(500, "sandbox internal error"),
            close_after,
        )),
    }
}

/// The answer to write, or `None` after doing on the raw socket what is no HTTP answer (the
/// reset and truncation faults).
fn deliver(delivery: Delivery, raw: &std::net::TcpStream) -> Option<Response> {
    match delivery {
        Delivery::Normal(response) => Some(response),
        Delivery::Reset => {
            raw_faults::reset(raw);
            None
        }
        Delivery::Truncated(response) => {
            raw_faults::truncate(raw, &response);
            None
        }
    }
}

/// An answer to a request refused before the handler; the connection closes after it (its
/// unread body makes the stream unusable).
fn refusal(status: u16, text: &str) -> Answer {
    to_hyper(Response::text(status, text), true)
}

fn to_hyper(response: Response, close: bool) -> Answer {
    let mut answer = hyper::Response::new(Full::new(Bytes::from(response.body)));
    *answer.status_mut() = hyper::StatusCode::from_u16(response.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = answer.headers_mut();
    for (name, value) in &response.headers {
        // Handlers only set names and values of their own; a bad one is dropped, not sent.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    answer
}
