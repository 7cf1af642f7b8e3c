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
    /// More bytes are needed; `expects_continue` when the client waits for `100 Continue`
    /// before sending its body (curl does so for bodies over 1 KiB).
    Partial { expects_continue: bool },
    /// Not HTTP, or too large: answer with this status and close.
    Invalid(u16),
}

const PARTIAL: Parsed = Parsed::Partial {
    expects_continue: false,
};

/// The body of a request, by `Content-Length` or chunked transfer coding.
enum Body {
    Complete(Vec<u8>, usize),
    Partial,
    Invalid(u16),
}

/// Parses one request from the front of `buf`.
pub fn parse_request(buf: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD_BYTES => return Parsed::Invalid(413),
        Ok(httparse::Status::Partial) => return PARTIAL,
        Err(_) => return Parsed::Invalid(400),
    };
    let find = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let rest = &buf[head_len..];
    let body = match (find("Transfer-Encoding"), find("Content-Length")) {
        (Some(te), _) if te == "chunked" => chunked_body(rest),
        (Some(_), _) => Body::Invalid(400),
        (None, None) => Body::Complete(Vec::new(), 0),
        (None, Some(len)) => match len.parse::<usize>() {
            Ok(n) if n > MAX_BODY_BYTES => Body::Invalid(413),
            Ok(n) if rest.len() >= n => Body::Complete(rest[..n].to_vec(), n),
            Ok(_) => Body::Partial,
            Err(_) => Body::Invalid(400),
        },
    };
    let (body, body_len) = match body {
        Body::Complete(b, n) => (b, n),
        Body::Partial => {
            return Parsed::Partial {
                expects_continue: find("Expect").is_some_and(|e| e == "100-continue"),
            };
        }
        Body::Invalid(status) => return Parsed::Invalid(status),
    };
    let connection = find("Connection");
    let keep_alive = match connection.as_deref() {
        Some(c) if c.contains("close") => false,
        Some(c) if c.contains("keep-alive") => true,
        _ => req.version == Some(1),
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
        body,
        keep_alive,
    };
    Parsed::Complete(request, head_len + body_len)
}

/// Decodes a chunked body (extensions and trailers are skipped).
fn chunked_body(mut rest: &[u8]) -> Body {
    let start_len = rest.len();
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return Body::Partial;
        };
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return Body::Invalid(400);
        };
        if body.len().saturating_add(size) > MAX_BODY_BYTES {
            return Body::Invalid(413);
        }
        rest = &rest[line_end + 2..];
        if size == 0 {
            // Trailers end with an empty line.
            loop {
                let Some(end) = rest.windows(2).position(|w| w == b"\r\n") else {
                    return Body::Partial;
                };
                rest = &rest[end + 2..];
                if end == 0 {
                    return Body::Complete(body, start_len - rest.len());
                }
            }
        }
        if rest.len() < size + 2 {
            return Body::Partial;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
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
            Parsed::Partial {
                expects_continue: false
            }
        ));
        assert!(matches!(
            parse_request(b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n"),
            Parsed::Partial {
                expects_continue: true
            }
        ));
        assert!(matches!(
            parse_request(b"\x00\x01junk\r\n\r\n"),
            Parsed::Invalid(400)
        ));
    }
}

#[cfg(test)]
mod chunked_tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_decoded() {
        let raw = b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\nNEXT";
        let Parsed::Complete(request, used) = parse_request(raw) else {
            panic!("not parsed");
        };
        assert_eq!(request.body, b"abcde");
        assert_eq!(&raw[used..], b"NEXT");
        assert!(matches!(
            parse_request(&raw[..raw.len() - 8]),
            Parsed::Partial { .. }
        ));
        let bad = b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        assert!(matches!(parse_request(bad), Parsed::Invalid(400)));
        let huge = b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n";
        assert!(matches!(parse_request(huge), Parsed::Invalid(413)));
    }
}

#[cfg(test)]
mod robustness_tests {
    use super::*;

    /// Random and mutated inputs never panic, and a parsed request never claims more bytes
    /// than it was given.
    #[test]
    fn arbitrary_bytes_do_not_panic() {
        let valid: &[u8] = b"POST /cvr/100001/10?a=b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\
            POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..5_000 {
            let mut buf = valid.to_vec();
            if round % 2 == 0 {
                for _ in 0..(next() % 8) {
                    let i = (next() as usize) % buf.len();
                    buf[i] = next() as u8;
                }
                buf.truncate((next() as usize) % (buf.len() + 1));
            } else {
                buf = (0..(next() % 200)).map(|_| next() as u8).collect();
            }
            if let Parsed::Complete(_, used) = parse_request(&buf) {
                assert!(used <= buf.len());
            }
        }
    }
}
