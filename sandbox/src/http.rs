//! Minimal HTTP/1.1 message types for the sandbox's own server: a parsed request, an answer,
//! and the raw ways an answer can be (mis)delivered for fault injection.

use std::io::{self, Write};

/// Largest request body the sandbox accepts (Faspay messages are a few KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Largest request head (request line + headers).
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// A request read from a connection.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string without `?` (empty when none).
    pub query: String,
    pub body: Vec<u8>,
    /// Whether the client asked to keep the connection open.
    pub keep_alive: bool,
}

impl Request {
    /// The query parameters, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The body read as an `application/x-www-form-urlencoded` form.
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// An answer to write back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with a body of the given content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, "application/json", value.to_string())
    }

    /// A plain-text answer.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", text)
    }

    /// An HTML page.
    pub fn html(status: u16, page: String) -> Response {
        Response::new(status, "text/html; charset=utf-8", page)
    }

    /// A `303 See Other` to `location`.
    pub fn redirect(location: &str) -> Response {
        let mut r = Response::text(303, "See Other");
        r.headers.push(("Location".into(), location.into()));
        r
    }
}

/// How an answer reaches the client; everything but `Normal` is a fault simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// A complete answer.
    Normal(Response),
    /// Close the connection without answering.
    Reset,
    /// Announce a longer `Content-Length` than the bytes written, then close.
    Truncated(Response),
}

/// Standard reason phrases for the statuses the sandbox uses.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Writes `response` with `Content-Length` = `announced_len` (the real length unless a
/// truncation is being simulated).
pub fn write_response(
    out: &mut impl Write,
    response: &Response,
    announced_len: usize,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (k, v) in &response.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {announced_len}\r\n"));
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    out.write_all(&bytes)?;
    out.flush()
}

/// What parsing a buffered byte stream found.
pub enum Parsed {
    /// A whole request and how many bytes of the buffer it used.
    Complete(Request, usize),
    /// More bytes are needed.
    Partial,
    /// Not HTTP, or too large: answer with this status and close.
    Invalid(u16),
}

/// Parses one request from the front of `buf`.
pub fn parse_request(buf: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD_BYTES => return Parsed::Invalid(413),
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(_) => return Parsed::Invalid(400),
    };
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if find("Transfer-Encoding").is_some() {
        // Faspay clients send Content-Length; chunked uploads are not simulated.
        return Parsed::Invalid(400);
    }
    let body_len = match find("Content-Length").map(|v| v.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) if n <= MAX_BODY_BYTES => n,
        Some(Ok(_)) => return Parsed::Invalid(413),
        Some(Err(_)) => return Parsed::Invalid(400),
    };
    if buf.len() < head_len + body_len {
        return Parsed::Partial;
    }
    let version_1_1 = req.version == Some(1);
    let connection = find("Connection").map(str::to_ascii_lowercase);
    let keep_alive = match connection.as_deref() {
        Some(c) if c.contains("close") => false,
        Some(c) if c.contains("keep-alive") => true,
        _ => version_1_1,
    };
    let target = req.path.unwrap_or("/");
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.to_string(), String::new()),
    };
    let request = Request {
        method: req.method.unwrap_or("GET").to_string(),
        path,
        query,
        body: buf[head_len..head_len + body_len].to_vec(),
        keep_alive,
    };
    Parsed::Complete(request, head_len + body_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pipelined_requests_and_waits_for_bodies() {
        let raw = b"POST /a?x=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n";
        let Parsed::Complete(first, used) = parse_request(raw) else {
            panic!("first request not parsed");
        };
        assert_eq!((first.path.as_str(), first.query.as_str()), ("/a", "x=1"));
        assert_eq!(first.body, b"abc");
        assert!(first.keep_alive);
        let Parsed::Complete(second, _) = parse_request(&raw[used..]) else {
            panic!("second request not parsed");
        };
        assert_eq!(second.method, "GET");
        assert!(matches!(
            parse_request(b"POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nab"),
            Parsed::Partial
        ));
        assert!(matches!(
            parse_request(b"\x00\x01junk\r\n\r\n"),
            Parsed::Invalid(400)
        ));
    }
}
