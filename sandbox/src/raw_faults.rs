//! Faults no HTTP library will produce, done on a raw handle of the client's socket while
//! hyper waits for the answer: a reset (close without answering) and a truncated answer (a
//! `Content-Length` longer than the bytes sent, then close).

use std::io::{ErrorKind, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use crate::http::Response;

/// How many bytes a truncated answer announces beyond the ones it sends.
const MISSING_BYTES: usize = 512;

/// Longest time spent writing a truncated answer to a client that does not read.
const WRITE_LIMIT: Duration = Duration::from_secs(5);

/// Closes the connection without an answer.
pub fn reset(raw: &TcpStream) {
    let _ = raw.shutdown(Shutdown::Both);
}

/// Writes `response` announcing more body bytes than it has, then closes the connection.
pub fn truncate(raw: &TcpStream, response: &Response) {
    let reason = hyper::StatusCode::from_u16(response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Status");
    let mut bytes = format!("HTTP/1.1 {} {reason}\r\n", response.status).into_bytes();
    for (name, value) in &response.headers {
        bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    let announced = response.body.len() + MISSING_BYTES;
    bytes.extend_from_slice(
        format!("Content-Length: {announced}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    bytes.extend_from_slice(&response.body);
    write_all(raw, &bytes);
    let _ = raw.shutdown(Shutdown::Both);
}

/// Writes everything, or gives up after [`WRITE_LIMIT`]. The socket is in non-blocking mode
/// (it is shared with the async server), so a full send buffer means a short wait and retry.
fn write_all(mut raw: &TcpStream, mut bytes: &[u8]) {
    let deadline = Instant::now() + WRITE_LIMIT;
    while !bytes.is_empty() && Instant::now() < deadline {
        match raw.write(bytes) {
            Ok(0) => return,
            Ok(n) => bytes = &bytes[n..],
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(_) => return,
        }
    }
}
