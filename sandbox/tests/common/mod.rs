//! Helpers shared by the sandbox's integration tests: a sandbox with fast settings, bills,
//! and a tiny merchant server that receives notifications.

#![allow(dead_code)]

pub mod oracle;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use faspay::{Amount, Bill, Client, Config, Format, Item, Notification};
use faspay_sandbox::{Sandbox, SandboxOptions};

/// A sandbox with no OVO delay and fast notification retries.
pub fn fast_options() -> SandboxOptions {
    SandboxOptions {
        push_delay: Duration::ZERO,
        notify_retry_delay: Duration::from_millis(20),
        ..SandboxOptions::default()
    }
}

/// Polls `condition` until it holds or `limit` passes; whether it held. Tests wait for events
/// with this (generous limits) instead of sleeping a fixed time and hoping.
pub fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if condition() {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

pub fn sandbox() -> Sandbox {
    Sandbox::start(fast_options()).expect("sandbox starts")
}

/// [`sandbox`], with every request it receives and every notification it sends re-checked by
/// the independent oracle when the test ends.
pub fn checked_sandbox() -> oracle::Checked {
    oracle::Checked(sandbox())
}

/// A client of `sandbox` in `format`, with quick retries.
pub fn client(sandbox: &Sandbox, format: Format) -> Client {
    Client::new(config(sandbox, format)).expect("client")
}

pub fn config(sandbox: &Sandbox, format: Format) -> Config {
    let mut config = sandbox.client_config().with_format(format);
    config.retry_backoff = Duration::from_millis(5);
    config.timeout = Duration::from_secs(10);
    config
}

/// A valid bill on `channel`.
pub fn bill(bill_no: &str, channel: &str) -> Bill {
    Bill {
        bill_no: bill_no.into(),
        bill_desc: format!("Order {bill_no}"),
        bill_total: Some(Amount::rupiah(15_000)),
        payment_channel: channel.into(),
        cust_no: "42".into(),
        cust_name: "Budi & <Sons>".into(),
        billing_name: Some("Budi".into()),
        msisdn: "081234567890".into(),
        email: "budi@example.com".into(),
        item: vec![Item {
            product: "Kopi".into(),
            qty: "1".into(),
            amount: Some(Amount::rupiah(15_000)),
            ..Item::default()
        }],
        ..Bill::default()
    }
}

/// How the test merchant answers notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MerchantMode {
    /// Verify and answer `00`.
    Accept,
    /// Verify and answer a refusal (`99`).
    Refuse,
    /// Answer HTTP 500.
    Fail,
    /// Answer HTTP 500 to the first `n` requests, then accept.
    FailFirst(usize),
}

/// A merchant endpoint: verifies each notification with `Client::parse_notification` and
/// answers with `Client::notification_reply`.
pub struct Merchant {
    pub url: String,
    pub received: Arc<Mutex<Vec<Notification>>>,
    pub invalid: Arc<AtomicUsize>,
    pub hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl Merchant {
    pub fn start(config: Config, mode: MerchantMode) -> Merchant {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = Arc::new(Client::new(config).unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let invalid = Arc::new(AtomicUsize::new(0));
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, i, h, s) = (
            received.clone(),
            invalid.clone(),
            hits.clone(),
            stop.clone(),
        );
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (client, r, i, h) = (client.clone(), r.clone(), i.clone(), h.clone());
                std::thread::spawn(move || serve(stream, &client, mode, &r, &i, &h));
            }
        });
        Merchant {
            url: format!("http://{addr}/notify"),
            received,
            invalid,
            hits,
            stop,
            addr,
            thread: Some(thread),
        }
    }

    pub fn received(&self) -> Vec<Notification> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Merchant {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Serves keep-alive requests on one connection.
fn serve(
    stream: TcpStream,
    client: &Client,
    mode: MerchantMode,
    received: &Mutex<Vec<Notification>>,
    invalid: &AtomicUsize,
    hits: &AtomicUsize,
) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((k, v)) = header.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let hit = hits.fetch_add(1, Ordering::SeqCst) + 1;
        let fail = match mode {
            MerchantMode::Fail => true,
            MerchantMode::FailFirst(n) => hit <= n,
            _ => false,
        };
        let (status, reply) = match client.parse_notification(&body) {
            Ok(_) if fail => (500, b"oops".to_vec()),
            Ok(n) => {
                let accepted = mode != MerchantMode::Refuse;
                let reply = client.notification_reply(&n, accepted);
                received.lock().unwrap().push(n);
                (200, reply)
            }
            Err(_) => {
                invalid.fetch_add(1, Ordering::SeqCst);
                (400, b"invalid".to_vec())
            }
        };
        // One write: a head and body in two small writes would meet Nagle's algorithm and
        // delayed ACKs (40 ms per answer).
        let mut answer = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: text/plain\r\n\r\n",
            reply.len()
        )
        .into_bytes();
        answer.extend_from_slice(&reply);
        if writer.write_all(&answer).is_err() {
            return;
        }
    }
}
