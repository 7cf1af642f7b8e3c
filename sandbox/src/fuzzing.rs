//! Entry point for the sandbox's fuzz target (`sandbox/fuzz`): the parts of request reading
//! that are the sandbox's own code. Not a supported API.

use faspay::Format;

use crate::framing::Framing;
use crate::http::Request;
use crate::validation;

/// Small caps, so short inputs reach every refusal.
const MAX_HEAD: usize = 512;
const CHUNKED_BUDGET: u64 = 1024;

/// Runs `data` through the framing gate (whole, and split at two points chosen by the input:
/// the outcome must not depend on how the bytes arrive, and the gate never passes more than
/// it was given plus its fixed replacement), then through the request decoders.
pub fn request_bytes(data: &[u8]) {
    let whole = gate(&[data]);
    let (a, b) = split_points(data);
    let split = gate(&[&data[..a], &data[a..b], &data[b..]]);
    assert_eq!(
        whole, split,
        "the gate's outcome depends on how the bytes arrive"
    );
    let (out, _) = &whole;
    assert!(out.len() <= data.len() + MAX_HEAD.max(8192) + 64);

    let text = String::from_utf8_lossy(data);
    let (target, body) = text.split_once('\n').unwrap_or((&text, ""));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method: "POST".into(),
        path: path.into(),
        query: query.into(),
        body: body.as_bytes().to_vec(),
    };
    let _ = request.query_pairs();
    let _ = request.form_pairs();
    for format in [Format::Json, Format::Xml] {
        let _ = validation::decode(data, format);
    }
}

fn gate(chunks: &[&[u8]]) -> (Vec<u8>, Option<crate::framing::Refusal>) {
    let mut framing = Framing::new(MAX_HEAD, CHUNKED_BUDGET);
    let mut out = Vec::new();
    for chunk in chunks {
        framing.accept(chunk, &mut out);
    }
    (out, framing.refusal())
}

fn split_points(data: &[u8]) -> (usize, usize) {
    let n = data.len();
    if n == 0 {
        return (0, 0);
    }
    let x = usize::from(data[0]) * 7919 % (n + 1);
    let y = usize::from(data[n - 1]) * 104_729 % (n + 1);
    (x.min(y), x.max(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_inputs_pass_the_fuzz_checks() {
        for input in [
            &b""[..],
            b"POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET / HTTP/1.1\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000000",
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
            b"{\"request\":\"x\"}",
            b"<faspay><a>1</a></faspay>",
        ] {
            request_bytes(input);
        }
        let mut long = b"GET / HTTP/1.1\r\nX: ".to_vec();
        long.resize(5000, b'y');
        request_bytes(&long);
    }
}
