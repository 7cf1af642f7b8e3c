//! The sandbox's HTTP/1.1 server on std::net: one acceptor thread and a fixed pool of worker
//! threads sharing a queue of connections. A worker serves every request already waiting on a
//! connection, then puts the idle keep-alive connection back in the queue, so a few workers
//! serve many kept-alive clients and a slow answer (OVO push, latency fault) only holds one.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::http::{self, Delivery, Parsed, Request, Response};

/// A kept-alive connection idle for longer than this is closed. Longer than the client's own
/// pool idle time (ureq: 15 s), so the client normally closes first and never reuses a
/// connection the server already dropped.
const IDLE_LIMIT: Duration = Duration::from_secs(60);
/// How long a request that has started arriving may take to arrive completely.
const REQUEST_READ_LIMIT: Duration = Duration::from_secs(10);
/// Poll interval for an idle connection when other connections wait and no worker is free.
const BUSY_POLL: Duration = Duration::from_millis(1);
/// Poll interval for an idle connection otherwise.
const QUIET_POLL: Duration = Duration::from_millis(20);

/// Answers one request.
pub type Handler = Arc<dyn Fn(&Request) -> Delivery + Send + Sync>;

struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
    last_active: Instant,
    /// `100 Continue` was sent for the request being read.
    continued: bool,
}

struct Shared {
    queue: Mutex<VecDeque<Connection>>,
    ready: Condvar,
    stopping: AtomicBool,
    /// Workers waiting for a connection; while there are some, a queued connection is
    /// picked up without anyone polling faster.
    idle_workers: AtomicUsize,
    handler: Handler,
}

/// A running server; [`Server::stop`] ends its threads.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds `host:port` and starts the acceptor and `workers` worker threads.
    pub fn start(
        host: &str,
        port: u16,
        workers: usize,
        handler: Handler,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind((host, port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            queue: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
            stopping: AtomicBool::new(false),
            idle_workers: AtomicUsize::new(0),
            handler,
        });
        let mut threads = Vec::with_capacity(workers + 1);
        let acceptor_shared = Arc::clone(&shared);
        threads.push(
            std::thread::Builder::new()
                .name("sandbox-accept".into())
                .spawn(move || accept_loop(listener, &acceptor_shared))?,
        );
        for i in 0..workers.max(1) {
            let worker_shared = Arc::clone(&shared);
            threads.push(
                std::thread::Builder::new()
                    .name(format!("sandbox-http-{i}"))
                    .spawn(move || worker_loop(&worker_shared))?,
            );
        }
        Ok(Server {
            addr,
            shared,
            threads,
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes every connection and joins the threads.
    pub fn stop(&mut self) {
        if self.shared.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // The acceptor blocks in accept(); a connection of our own wakes it up to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        self.shared.ready.notify_all();
        crate::threads::join_within(self.threads.drain(..).collect(), crate::threads::STOP_WAIT);
        if let Ok(mut queue) = self.shared.queue.lock() {
            queue.clear();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: TcpListener, shared: &Shared) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors or a transient accept error: back off instead of spinning.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            stream,
            buffer: Vec::new(),
            last_active: Instant::now(),
            continued: false,
        };
        if let Ok(mut queue) = shared.queue.lock() {
            queue.push_back(connection);
            shared.ready.notify_one();
        }
    }
}

fn worker_loop(shared: &Shared) {
    loop {
        let connection = {
            let Ok(mut queue) = shared.queue.lock() else {
                return;
            };
            loop {
                if shared.stopping.load(Ordering::SeqCst) {
                    return;
                }
                if let Some(c) = queue.pop_front() {
                    break c;
                }
                shared.idle_workers.fetch_add(1, Ordering::SeqCst);
                let waited = shared.ready.wait_timeout(queue, Duration::from_millis(200));
                shared.idle_workers.fetch_sub(1, Ordering::SeqCst);
                queue = match waited {
                    Ok((q, _)) => q,
                    Err(_) => return,
                };
            }
        };
        if let Some(idle) = serve(connection, shared)
            && let Ok(mut queue) = shared.queue.lock()
        {
            queue.push_back(idle);
            shared.ready.notify_one();
        }
    }
}

/// Whether connections wait in the queue with no idle worker to take them: then an idle
/// connection is held only briefly before it goes back in line.
fn others_starving(shared: &Shared) -> bool {
    shared.idle_workers.load(Ordering::SeqCst) == 0
        && shared.queue.lock().map(|q| !q.is_empty()).unwrap_or(false)
}

/// Serves the requests waiting on `c`; gives the connection back when it is idle and open.
fn serve(mut c: Connection, shared: &Shared) -> Option<Connection> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return None;
        }
        match http::parse_request(&c.buffer) {
            Parsed::Complete(request, used) => {
                c.buffer.drain(..used);
                c.continued = false;
                if !answer(&mut c.stream, &request, shared) {
                    return None;
                }
                c.last_active = Instant::now();
                // Take turns: a client sending request after request must not keep a worker
                // from connections that wait in line.
                if others_starving(shared) {
                    return Some(c);
                }
            }
            Parsed::Invalid(status) => {
                let response = Response::text(status, "bad request");
                let _ = http::write_response(&mut c.stream, &response, response.body.len(), false);
                return None;
            }
            Parsed::Partial { expects_continue } => {
                if expects_continue && !c.continued {
                    c.continued = true;
                    if c.stream
                        .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                        .is_err()
                    {
                        return None;
                    }
                }
                let mid_request = !c.buffer.is_empty();
                let wait = if mid_request {
                    REQUEST_READ_LIMIT
                } else if others_starving(shared) {
                    BUSY_POLL
                } else {
                    QUIET_POLL
                };
                let _ = c.stream.set_read_timeout(Some(wait));
                match c.stream.read(&mut chunk) {
                    Ok(0) => return None,
                    Ok(n) => {
                        c.buffer.extend_from_slice(&chunk[..n]);
                        c.last_active = Instant::now();
                    }
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        if mid_request || c.last_active.elapsed() > IDLE_LIMIT {
                            return None;
                        }
                        return Some(c);
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
        }
    }
}

/// Runs the handler and writes its answer; `false` when the connection must close.
fn answer(stream: &mut TcpStream, request: &Request, shared: &Shared) -> bool {
    // A panicking handler must not take a worker down with it: answer 500 and go on.
    let handler = Arc::clone(&shared.handler);
    let delivery = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(request)))
        .unwrap_or_else(|_| Delivery::Normal(Response::text(500, "sandbox internal error")));
    let _ = stream.set_write_timeout(Some(REQUEST_READ_LIMIT));
    match delivery {
        Delivery::Normal(mut response) => {
            let keep = request.keep_alive;
            let length = response.body.len();
            if request.method == "HEAD" {
                response.body.clear();
            }
            http::write_response(stream, &response, length, keep).is_ok() && keep
        }
        Delivery::Reset => {
            let _ = stream.shutdown(Shutdown::Both);
            false
        }
        Delivery::Truncated(response) => {
            let announced = response.body.len() + 512;
            let _ = http::write_response(stream, &response, announced, true);
            let _ = stream.shutdown(Shutdown::Both);
            false
        }
    }
}
