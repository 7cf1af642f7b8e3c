//! A gate in front of hyper's reader that refuses ambiguous request framing. hyper follows the
//! RFC's lenient path for two request-smuggling shapes: it merges repeated identical
//! `Content-Length` headers and lets `Transfer-Encoding` override `Content-Length`. The sandbox
//! refuses both with 400 instead, and neither is visible to a handler any more once hyper has
//! parsed the head. So the gate sees each head first (parsed by `httparse`, the parser hyper
//! itself uses), lets hyper read only whole, approved heads, and replaces a refused head by bytes
//! hyper answers with 400 (or 431 for a head over the cap) before closing.
//!
//! To know where the next head starts, the gate follows `Content-Length` bodies byte for byte.
//! After a chunked body it stops looking (and the server closes the connection after that
//! answer), so it never needs its own chunked decoder.

/// Enough empty-line markers in one head without a complete parse: a client sending endless
/// blank lines or garbage is refused instead of re-parsed forever.
const MAX_PARSES_PER_HEAD: u32 = 64;

/// Most headers in one head (hyper's default limit too).
const MAX_HEADERS: usize = 100;

/// Bytes hyper answers with 400 Bad Request: an invalid method token.
const REFUSED: &[u8] = b"\0\r\n\r\n";

/// What the gate is reading now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A request head (or the idle time before one).
    Head,
    /// This many body bytes of a `Content-Length` request are still to come.
    Body(u64),
    /// After a chunked head: bytes pass unseen (at most this many more); the connection
    /// closes after the answer.
    PassThrough(u64),
    /// A head was refused: hyper got its replacement; nothing else passes.
    Refused,
}

/// Why a head was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a parsable HTTP/1.x head.
    Malformed,
    /// Two `Content-Length` headers (even equal ones).
    DuplicateContentLength,
    /// `Content-Length` together with `Transfer-Encoding`.
    LengthAndChunked,
    /// A `Transfer-Encoding` other than one `chunked`.
    UnsupportedTransferEncoding,
    /// The head is larger than the cap.
    TooLarge,
    /// A chunked body longer on the wire than its budget (e.g. an endless chunk-size line).
    ChunkedTooLong,
}

/// The gate's state for one connection: feed it what the client sent, forward what it gives.
#[derive(Debug)]
pub struct Framing {
    state: State,
    /// Bytes of the current head, not yet approved.
    head: Vec<u8>,
    /// Where the search for the end of the head resumes (everything before was searched).
    searched: usize,
    parses: u32,
    max_head_bytes: usize,
    chunked_budget: u64,
    refusal: Option<Refusal>,
}

impl Framing {
    /// A gate for a new connection; heads longer than `max_head_bytes` are refused, and so
    /// is a chunked body of more than `chunked_budget` bytes on the wire (hyper's decoder
    /// accepts a size line of endless zeros or blanks; this ends it).
    pub fn new(max_head_bytes: usize, chunked_budget: u64) -> Framing {
        Framing {
            state: State::Head,
            head: Vec::new(),
            searched: 0,
            parses: 0,
            max_head_bytes,
            chunked_budget,
            refusal: None,
        }
    }

    /// Why the gate refused a head, if it did.
    pub fn refusal(&self) -> Option<Refusal> {
        self.refusal
    }

    /// Takes bytes the client sent and appends to `out` what hyper may read.
    pub fn accept(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        while !input.is_empty() {
            match self.state {
                State::Refused => return,
                State::PassThrough(left) => {
                    let n = usize::try_from(left).unwrap_or(usize::MAX).min(input.len());
                    out.extend_from_slice(&input[..n]);
                    self.state = State::PassThrough(left - n as u64);
                    if n < input.len() {
                        self.refusal = Some(Refusal::ChunkedTooLong);
                        self.state = State::Refused;
                    }
                    return;
                }
                State::Body(left) => {
                    let n = usize::try_from(left).unwrap_or(usize::MAX).min(input.len());
                    out.extend_from_slice(&input[..n]);
                    input = &input[n..];
                    let left = left - n as u64;
                    self.state = if left == 0 {
                        State::Head
                    } else {
                        State::Body(left)
                    };
                }
                State::Head => {
                    // Empty lines before a request line are allowed (and skipped by hyper);
                    // dropping them here keeps a stream of them from growing the head.
                    if self.head.is_empty() {
                        let blank = input
                            .iter()
                            .take_while(|b| matches!(b, b'\r' | b'\n'))
                            .count();
                        input = &input[blank..];
                        if input.is_empty() {
                            return;
                        }
                    }
                    let room = self.max_head_bytes.saturating_sub(self.head.len()) + 1;
                    let take = room.min(input.len());
                    self.head.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    self.examine_head(out);
                }
            }
        }
    }

    /// Looks for a complete head in the buffered bytes and decides about it.
    fn examine_head(&mut self, out: &mut Vec<u8>) {
        // Only a new empty line can complete a head: search the new bytes (and the three
        // before them, for a marker split across reads), so slow clients cost linear time.
        let from = self.searched.saturating_sub(3);
        let has_end = self.head[from..]
            .windows(2)
            .any(|w| w == b"\n\n" || w == b"\n\r");
        self.searched = self.head.len();
        if has_end {
            self.parses += 1;
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(&self.head) {
                Ok(httparse::Status::Complete(len)) => {
                    match body_framing(request.headers, self.chunked_budget) {
                        Ok(next) => {
                            out.extend_from_slice(&self.head[..len]);
                            let rest = self.head.split_off(len);
                            self.head.clear();
                            self.searched = 0;
                            self.parses = 0;
                            self.state = next;
                            if !rest.is_empty() {
                                self.accept(&rest, out);
                            }
                        }
                        Err(refusal) => self.refuse(refusal, out),
                    }
                    return;
                }
                Ok(httparse::Status::Partial) => {}
                Err(_) => return self.refuse(Refusal::Malformed, out),
            }
        }
        if self.head.len() > self.max_head_bytes {
            self.refuse(Refusal::TooLarge, out);
        } else if self.parses > MAX_PARSES_PER_HEAD {
            self.refuse(Refusal::Malformed, out);
        }
    }

    fn refuse(&mut self, refusal: Refusal, out: &mut Vec<u8>) {
        self.refusal = Some(refusal);
        self.state = State::Refused;
        self.head = Vec::new();
        if refusal == Refusal::TooLarge {
            // A head hyper cannot finish within its own cap: it answers 431.
            out.extend_from_slice(b"GET / HTTP/1.1\r\nX: ");
            out.resize(out.len() + self.max_head_bytes.max(8192) + 1, b'x');
        } else {
            out.extend_from_slice(REFUSED);
        }
    }
}

/// What follows an approved head, or why the head is refused.
fn body_framing(headers: &[httparse::Header<'_>], chunked_budget: u64) -> Result<State, Refusal> {
    let mut length: Option<u64> = None;
    let mut chunked = false;
    for h in headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            if length.is_some() {
                return Err(Refusal::DuplicateContentLength);
            }
            let text = std::str::from_utf8(h.value).map_err(|_| Refusal::Malformed)?;
            let digits = text.trim_matches([' ', '\t']);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refusal::Malformed);
            }
            length = Some(digits.parse().map_err(|_| Refusal::Malformed)?);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            let value = std::str::from_utf8(h.value).map_err(|_| Refusal::Malformed)?;
            if chunked
                || !value
                    .trim_matches([' ', '\t'])
                    .eq_ignore_ascii_case("chunked")
            {
                return Err(Refusal::UnsupportedTransferEncoding);
            }
            chunked = true;
        }
    }
    match (length, chunked) {
        (Some(_), true) => Err(Refusal::LengthAndChunked),
        (None, true) => Ok(State::PassThrough(chunked_budget)),
        (Some(0) | None, false) => Ok(State::Head),
        (Some(n), false) => Ok(State::Body(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&[u8]]) -> (Vec<u8>, Option<Refusal>) {
        let mut gate = Framing::new(1024, 64);
        let mut out = Vec::new();
        for chunk in chunks {
            gate.accept(chunk, &mut out);
        }
        (out, gate.refusal())
    }

    #[test]
    fn clean_pipelined_requests_pass_unchanged_however_they_are_split() {
        let raw: &[u8] =
            b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n\r\n\
            POST /c HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(run(&[raw]), (raw.to_vec(), None));
        let bytes: Vec<&[u8]> = raw.chunks(1).collect();
        assert_eq!(run(&bytes), (raw.to_vec(), None));
    }

    #[test]
    fn an_incomplete_head_is_held_back() {
        let (out, refusal) = run(&[b"GET / HTTP/1.1\r\nHost: x\r\n"]);
        assert!(out.is_empty());
        assert_eq!(refusal, None);
    }

    #[test]
    fn smuggling_shapes_are_refused() {
        for (head, why) in [
            (
                &b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"[..],
                Refusal::DuplicateContentLength,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                Refusal::LengthAndChunked,
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                Refusal::LengthAndChunked,
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                Refusal::UnsupportedTransferEncoding,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
                Refusal::Malformed,
            ),
            (b"\x16\x03\x01 junk\r\n\r\n", Refusal::Malformed),
        ] {
            let (out, refusal) = run(&[head]);
            assert_eq!(refusal, Some(why), "{}", String::from_utf8_lossy(head));
            assert_eq!(out, REFUSED);
        }
    }

    #[test]
    fn a_refused_head_behind_a_good_request_is_caught() {
        let raw: &[u8] = b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\
            POST /b HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx";
        let (out, refusal) = run(&[raw]);
        assert_eq!(refusal, Some(Refusal::DuplicateContentLength));
        let first = b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(&out[..first.len()], first);
        assert_eq!(&out[first.len()..], REFUSED);
    }

    #[test]
    fn oversized_heads_and_endless_blank_lines_are_bounded() {
        let mut long = b"GET / HTTP/1.1\r\nX: ".to_vec();
        long.resize(5000, b'a');
        let (out, refusal) = run(&[&long]);
        assert_eq!(refusal, Some(Refusal::TooLarge));
        assert!(out.starts_with(b"GET / HTTP/1.1\r\nX: x"));
        assert!(!out.windows(4).any(|w| w == b"\r\n\r\n"));
        // Blank lines alone never accumulate.
        let blanks = vec![b'\n'; 100_000];
        let mut gate = Framing::new(1024, 64);
        let mut out = Vec::new();
        gate.accept(&blanks, &mut out);
        assert!(out.is_empty() && gate.head.is_empty() && gate.refusal().is_none());
    }

    #[test]
    fn after_a_chunked_head_bytes_pass_through() {
        let raw: &[u8] =
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        assert_eq!(run(&[raw]), (raw.to_vec(), None));
    }

    #[test]
    fn an_endless_chunked_body_is_cut_at_its_budget() {
        let head: &[u8] = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        let zeros = vec![b'0'; 1000];
        let (out, refusal) = run(&[head, &zeros]);
        assert_eq!(refusal, Some(Refusal::ChunkedTooLong));
        assert_eq!(out.len(), head.len() + 64);
    }
}
