//! A scripted HTTP/1.1 server on loopback for client tests: it answers each request with an
//! action chosen by the test (a body, a delay, a reset, a truncated or oversized body) and
//! counts requests per path.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Action {
    Respond {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    Delay(Duration, Box<Action>),
    Reset,
    Truncated,
    Oversized(usize),
}

impl Action {
    pub fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Action {
        Action::Respond {
            status: 200,
            content_type,
            body: body.into(),
        }
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

type Handler = dyn Fn(&Received) -> Action + Send + Sync;

pub struct TestServer {
    pub base_url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    pub fn start(handler: impl Fn(&Received) -> Action + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, log) = (handler.clone(), log.clone());
                thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        TestServer { base_url, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self, path_prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .count()
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Received>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Received {
            path,
            content_type: headers.get("content-type").cloned().unwrap_or_default(),
            body,
        };
        log.lock().unwrap().push(request.clone());
        if !act(&mut out, handler(&request)) {
            return;
        }
    }
}

/// Performs an action; false when the connection is finished.
fn act(out: &mut TcpStream, action: Action) -> bool {
    match action {
        Action::Respond {
            status,
            content_type,
            body,
        } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            out.write_all(head.as_bytes()).is_ok() && out.write_all(&body).is_ok()
        }
        Action::Delay(d, then) => {
            thread::sleep(d);
            act(out, *then)
        }
        Action::Reset => {
            let _ = out.shutdown(std::net::Shutdown::Both);
            false
        }
        Action::Truncated => {
            let _ = out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"trx_id\":\"99",
            );
            let _ = out.shutdown(std::net::Shutdown::Both);
            false
        }
        Action::Oversized(n) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"
            );
            let _ = out.write_all(head.as_bytes());
            let chunk = vec![b' '; 64 * 1024];
            let mut left = n;
            while left > 0 {
                let k = left.min(chunk.len());
                if out.write_all(&chunk[..k]).is_err() {
                    break;
                }
                left -= k;
            }
            false
        }
    }
}
