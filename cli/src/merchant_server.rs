//! The demo's merchant endpoint: a tiny HTTP server on 127.0.0.1 that receives Faspay's payment
//! notifications, verifies them with `Client::parse_notification`, answers with
//! `Client::notification_reply`, and reports each step to the demo over a channel.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::Duration;

use faspay::{Client, Format, Notification};

/// The path notifications are posted to.
pub const NOTIFY_PATH: &str = "/faspay/notify";

const MAX_HEADER_BYTES: usize = 16 * 1024;
const MAX_BODY_BYTES: usize = 1024 * 1024;
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What happened to one inbound notification, in order.
#[derive(Debug)]
pub enum MerchantEvent {
    /// A POST arrived at the notify path.
    Received {
        format: Option<Format>,
        bytes: usize,
    },
    /// The notification verified.
    Verified(Box<Notification>),
    /// Verification failed (answered with HTTP 400).
    Rejected(faspay::Error),
    /// The reply was written back (HTTP 200).
    Replied { body: Vec<u8> },
    /// The request could not be read or answered.
    Failed(String),
}

/// A running merchant endpoint; stops when dropped.
pub struct MerchantServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MerchantServer {
    /// Binds a free port on 127.0.0.1 and serves notifications with `client`'s credentials.
    pub fn start(client: Arc<Client>, events: Sender<MerchantEvent>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("merchant-endpoint".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    match stream {
                        Ok(stream) => handle(stream, &client, &events),
                        Err(e) => {
                            let _ = events.send(MerchantEvent::Failed(e.to_string()));
                        }
                    }
                }
            })?;
        Ok(MerchantServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// The notification URL to register with Faspay (here: the sandbox).
    pub fn notify_url(&self) -> String {
        format!("http://{}{NOTIFY_PATH}", self.addr)
    }
}

impl Drop for MerchantServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(stream: TcpStream, client: &Client, events: &Sender<MerchantEvent>) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let mut reader = BufReader::new(stream);
    let request = match read_request(&mut reader) {
        Ok(Some(r)) => r,
        Ok(None) => return, // the wake-up connection, or a client that left
        Err(e) => {
            let _ = events.send(MerchantEvent::Failed(e));
            return;
        }
    };
    let mut stream = reader.into_inner();
    if request.method != "POST" || request.path != NOTIFY_PATH {
        let _ = respond(&mut stream, 404, "text/plain", b"not found\n");
        return;
    }
    let _ = events.send(MerchantEvent::Received {
        format: Format::sniff(&request.body),
        bytes: request.body.len(),
    });
    // What a merchant's handler does: verify first, answer only a verified notification.
    match client.parse_notification(&request.body) {
        Ok(notification) => {
            let reply = client.notification_reply(&notification, true);
            let content_type = notification.format.content_type();
            let _ = events.send(MerchantEvent::Verified(Box::new(notification)));
            match respond(&mut stream, 200, content_type, &reply) {
                Ok(()) => {
                    let _ = events.send(MerchantEvent::Replied { body: reply });
                }
                Err(e) => {
                    let _ = events.send(MerchantEvent::Failed(format!("writing the reply: {e}")));
                }
            }
        }
        Err(e) => {
            let _ = respond(&mut stream, 400, "text/plain", b"notification refused\n");
            let _ = events.send(MerchantEvent::Rejected(e));
        }
    }
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
}

/// Reads one HTTP/1.1 request (Content-Length or chunked body).
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, String> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("reading the request: {e}"))?;
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err("the connection closed inside the headers".into())
            };
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEADER_BYTES {
            return Err("request headers too large".into());
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let mut start = lines.next().unwrap_or_default().split_whitespace();
    let method = start.next().unwrap_or_default().to_string();
    let path = start.next().unwrap_or_default().to_string();
    let mut content_length = 0usize;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .parse()
                .map_err(|_| format!("bad Content-Length {value:?}"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let body = if chunked {
        read_chunked(reader)?
    } else {
        if content_length > MAX_BODY_BYTES {
            return Err("request body too large".into());
        }
        let mut body = vec![0; content_length];
        reader
            .read_exact(&mut body)
            .map_err(|e| format!("reading the body: {e}"))?;
        body
    };
    Ok(Some(Request { method, path, body }))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader
            .read_line(&mut size_line)
            .map_err(|e| format!("reading a chunk: {e}"))?;
        let size_text = size_line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        if body.len() + size > MAX_BODY_BYTES {
            return Err("request body too large".into());
        }
        let mut chunk = vec![0; size + 2]; // data + CRLF
        if size == 0 {
            // Trailers are not used by anyone sending notifications; read the final CRLF.
            let mut end = String::new();
            let _ = reader.read_line(&mut end);
            return Ok(body);
        }
        reader
            .read_exact(&mut chunk)
            .map_err(|e| format!("reading a chunk: {e}"))?;
        body.extend_from_slice(&chunk[..size]);
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `raw` over a loopback connection and reads it back as a request.
    fn parse(raw: &'static [u8]) -> Result<Option<Request>, String> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let writer = std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(raw).unwrap();
        });
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let request = read_request(&mut reader);
        writer.join().unwrap();
        request
    }

    #[test]
    fn reads_content_length_and_chunked_bodies() {
        let r = parse(b"POST /faspay/notify HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
            .unwrap()
            .unwrap();
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", NOTIFY_PATH));
        assert_eq!(r.body, b"hello");
        let r = parse(
            b"POST /x HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n3\r\n<fa\r\n4\r\nspay\r\n0\r\n\r\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.body, b"<faspay");
    }

    #[test]
    fn refuses_broken_requests() {
        assert!(parse(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").is_err());
        assert!(parse(b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n").is_err());
        assert!(parse(b"POST / HTTP/1.1\r\nContent-Le").is_err());
        assert!(parse(b"").unwrap().is_none());
    }
}
