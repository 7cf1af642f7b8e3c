//! The request and answer types handlers see (independent of the HTTP library underneath),
//! and the ways an answer can be (mis)delivered for fault injection.

/// A request read from a connection.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string without `?` (empty when none).
    pub query: String,
    pub body: Vec<u8>,
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
