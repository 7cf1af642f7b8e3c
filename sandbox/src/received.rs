//! The log of requests the sandbox received, byte for byte, with the answer it gave: so test
//! suites can re-check every request with their own code (signature by formula, amounts,
//! encoding) instead of trusting the sandbox, which shares the core's code.
//!
//! Bounded: the last [`RECEIVED_MAX_REQUESTS`] requests whose bodies (request and answer)
//! total at most [`RECEIVED_MAX_BYTES`]; older ones are dropped first. The admin API's own
//! requests are not recorded.

use std::collections::VecDeque;
use std::sync::Mutex;

/// How many requests the log keeps at most.
pub const RECEIVED_MAX_REQUESTS: usize = 1000;
/// How many body bytes (requests and answers together) the log keeps at most. One request
/// (at most 1 MiB) and its answer (at most about 1.1 MiB) always fit.
pub const RECEIVED_MAX_BYTES: usize = 16 * 1024 * 1024;

/// One request the sandbox received and how it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// 1 for the first request the sandbox received; a gap before the first kept entry is
    /// the number of requests dropped from the log.
    pub seq: u64,
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string without `?` (empty when none).
    pub query: String,
    /// The body exactly as received (after HTTP de-chunking).
    pub body: Vec<u8>,
    /// The HTTP status answered; `None` when the connection was closed without an answer
    /// (the `reset` fault).
    pub response_status: Option<u16>,
    /// The answer's body as sent (cut short by the `truncated` fault).
    pub response_body: Vec<u8>,
}

impl ReceivedRequest {
    fn bytes(&self) -> usize {
        self.body.len() + self.response_body.len()
    }
}

/// The bounded log.
#[derive(Default)]
pub struct ReceivedLog {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: VecDeque<ReceivedRequest>,
    bytes: usize,
    next_seq: u64,
}

impl ReceivedLog {
    /// Records a request and its answer (the `seq` field is assigned here).
    pub fn record(&self, mut request: ReceivedRequest) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.next_seq += 1;
        request.seq = inner.next_seq;
        inner.bytes += request.bytes();
        inner.entries.push_back(request);
        while inner.entries.len() > RECEIVED_MAX_REQUESTS
            || (inner.bytes > RECEIVED_MAX_BYTES && inner.entries.len() > 1)
        {
            if let Some(old) = inner.entries.pop_front() {
                inner.bytes -= old.bytes();
            }
        }
    }

    /// The kept requests, oldest first.
    pub fn list(&self) -> Vec<ReceivedRequest> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.entries.iter().cloned().collect()
    }

    /// The kept requests, oldest first, removed from the log in the same step (so a test that
    /// drains the log while requests keep coming sees each one exactly once).
    pub fn take(&self) -> Vec<ReceivedRequest> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.bytes = 0;
        std::mem::take(&mut inner.entries).into()
    }

    /// Forgets the kept requests (`seq` keeps counting).
    pub fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.entries.clear();
        inner.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body_len: usize) -> ReceivedRequest {
        ReceivedRequest {
            seq: 0,
            method: "POST".into(),
            path: "/cvr/100004/10".into(),
            query: String::new(),
            body: vec![b'x'; body_len],
            response_status: Some(200),
            response_body: Vec::new(),
        }
    }

    #[test]
    fn keeps_the_last_requests_by_count() {
        let log = ReceivedLog::default();
        for _ in 0..RECEIVED_MAX_REQUESTS + 5 {
            log.record(request(1));
        }
        let list = log.list();
        assert_eq!(list.len(), RECEIVED_MAX_REQUESTS);
        assert_eq!(list[0].seq, 6);
        assert_eq!(list.last().unwrap().seq, (RECEIVED_MAX_REQUESTS + 5) as u64);
    }

    #[test]
    fn take_empties_the_log_and_numbering_goes_on() {
        let log = ReceivedLog::default();
        log.record(request(3));
        log.record(request(3));
        let taken = log.take();
        assert_eq!(taken.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2]);
        assert!(log.list().is_empty());
        log.record(request(3));
        assert_eq!(log.take()[0].seq, 3);
    }

    #[test]
    fn keeps_the_last_requests_by_bytes() {
        let log = ReceivedLog::default();
        let big = 1024 * 1024;
        for _ in 0..20 {
            log.record(request(big));
        }
        let list = log.list();
        assert_eq!(list.len(), RECEIVED_MAX_BYTES / big);
        assert_eq!(list.last().unwrap().seq, 20);
        // A single entry over the byte bound is still kept (it is the newest).
        log.record(request(RECEIVED_MAX_BYTES + 1));
        assert_eq!(log.list().len(), 1);
        assert_eq!(log.list()[0].seq, 21);
    }

    #[test]
    fn clear_forgets_but_keeps_counting() {
        let log = ReceivedLog::default();
        log.record(request(3));
        log.clear();
        assert!(log.list().is_empty());
        log.record(request(3));
        assert_eq!(log.list()[0].seq, 2);
    }
}
