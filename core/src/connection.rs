//! A layer over every ureq connection (plain TCP or TLS) that saves system calls per request:
//! the request head and body leave in one write, socket timeouts move in coarse steps so they
//! are not set again before every read and write, and the liveness probe made right after an
//! answer was read is skipped (the probe when the connection is taken out of the pool stays).
//!
//! ureq hands the head and the body to the transport separately; sent as they come they are
//! two system calls and, with `TCP_NODELAY`, two packets for the server to wake up for. ureq
//! also gives each phase the exact time left of the whole-call deadline, which changes by a few
//! microseconds between calls and so cost a `setsockopt` each time; rounded up to a step (10 ms,
//! or 1 ms under 1 s) the value stays the same from call to call, and a timeout strikes at most
//! one step late, never early. Probing (a non-blocking read) when a
//! connection returns to the pool tells nothing the probe at checkout does not tell again.

use std::fmt;
use std::time::Duration;

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The last link of the connector chain: wraps whatever the chain before it opened.
#[derive(Debug, Default)]
pub(crate) struct LeanConnector;

impl Connector<Box<dyn Transport>> for LeanConnector {
    type Out = LeanTransport;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<LeanTransport>, ureq::Error> {
        Ok(chained.map(LeanTransport::new))
    }
}

/// A connection whose output is held until ureq waits for input (or the held bytes would
/// overflow the output buffer), then written at once.
pub(crate) struct LeanTransport {
    inner: Box<dyn Transport>,
    /// Bytes handed to `transmit_output` and not written yet.
    held: Vec<u8>,
    /// The deadline of the last `transmit_output`, used when the held bytes are written.
    held_timeout: NextTimeout,
    /// Input arrived and nothing was sent since: the answer was just read.
    answer_read: bool,
}

impl LeanTransport {
    fn new(inner: Box<dyn Transport>) -> LeanTransport {
        LeanTransport {
            inner,
            held: Vec::new(),
            held_timeout: NextTimeout::default(),
            answer_read: false,
        }
    }

    /// Writes the held bytes, in one `transmit_output` of the inner transport.
    fn flush(&mut self) -> Result<(), ureq::Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        let amount = self.held.len();
        self.inner.buffers().output()[..amount].copy_from_slice(&self.held);
        self.held.clear();
        self.inner.transmit_output(amount, self.held_timeout)
    }

    fn after_input(&mut self, result: Result<bool, ureq::Error>) -> Result<bool, ureq::Error> {
        self.answer_read = matches!(result, Ok(true));
        result
    }
}

impl Transport for LeanTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.answer_read = false;
        let output = &self.inner.buffers().output();
        if self.held.len() + amount > output.len() {
            // Writing the held bytes goes through the output buffer, where the new ones are:
            // keep them aside first.
            let new = output[..amount].to_vec();
            self.flush()?;
            self.held = new;
        } else {
            self.held.extend_from_slice(&output[..amount]);
        }
        self.held_timeout = coarse(timeout);
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush()?;
        let result = self.inner.maybe_await_input(coarse(timeout));
        self.after_input(result)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush()?;
        let result = self.inner.await_input(coarse(timeout));
        self.after_input(result)
    }

    fn is_open(&mut self) -> bool {
        if std::mem::take(&mut self.answer_read) && self.held.is_empty() {
            // ureq asks right after reading the answer, before pooling the connection; the
            // connection is probed for real when it is taken out again.
            return true;
        }
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

impl fmt::Debug for LeanTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeanTransport")
            .field("inner", &self.inner)
            .field("held", &self.held.len())
            .finish()
    }
}

/// The time left rounded up to a step: 10 ms from 1 s on, 1 ms below.
fn coarse(mut timeout: NextTimeout) -> NextTimeout {
    if let UreqDuration::Exact(left) = timeout.after {
        timeout.after = UreqDuration::Exact(round_up(left));
    }
    timeout
}

fn round_up(left: Duration) -> Duration {
    let step: u128 = if left >= Duration::from_secs(1) {
        10_000_000
    } else {
        1_000_000
    };
    let nanos = left.as_nanos();
    let rounded = nanos.div_ceil(step) * step;
    Duration::from_nanos(u64::try_from(rounded).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use ureq::unversioned::transport::LazyBuffers;

    #[test]
    fn timeouts_round_up_to_a_step_and_never_down() {
        let ms = Duration::from_millis;
        assert_eq!(round_up(Duration::ZERO), Duration::ZERO);
        assert_eq!(round_up(Duration::from_nanos(1)), ms(1));
        assert_eq!(round_up(ms(250)), ms(250));
        assert_eq!(round_up(Duration::from_micros(249_001)), ms(250));
        assert_eq!(round_up(ms(30_000)), ms(30_000));
        assert_eq!(round_up(Duration::from_micros(29_999_700)), ms(30_000));
        assert_eq!(round_up(Duration::from_micros(29_989_999)), ms(29_990));
        let never = NextTimeout::default();
        assert_eq!(coarse(never), never);
    }

    /// Records what reaches the inner transport.
    #[derive(Debug)]
    struct Recorder {
        buffers: LazyBuffers,
        writes: Writes,
        probes: Probes,
    }

    impl Transport for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            let bytes = self.buffers.output()[..amount].to_vec();
            self.writes.lock().unwrap().push(bytes);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            let input = self.buffers.input_append_buf();
            input[..2].copy_from_slice(b"ok");
            self.buffers.input_appended(2);
            Ok(true)
        }
        fn is_open(&mut self) -> bool {
            *self.probes.lock().unwrap() += 1;
            true
        }
    }

    /// What the inner transport was asked to write, one entry per write.
    type Writes = Arc<Mutex<Vec<Vec<u8>>>>;
    /// How often the inner transport was probed.
    type Probes = Arc<Mutex<usize>>;

    fn lean(output_size: usize) -> (LeanTransport, Writes, Probes) {
        let writes = Arc::new(Mutex::new(Vec::new()));
        let probes = Arc::new(Mutex::new(0));
        let inner = Recorder {
            buffers: LazyBuffers::new(64, output_size),
            writes: writes.clone(),
            probes: probes.clone(),
        };
        (LeanTransport::new(Box::new(inner)), writes, probes)
    }

    fn send(t: &mut LeanTransport, bytes: &[u8]) {
        t.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        t.transmit_output(bytes.len(), NextTimeout::default())
            .unwrap();
    }

    #[test]
    fn head_and_body_leave_in_one_write_before_the_answer_is_awaited() {
        let (mut t, writes, _) = lean(64);
        send(&mut t, b"POST / HTTP/1.1\r\n\r\n");
        send(&mut t, b"{}");
        assert!(writes.lock().unwrap().is_empty());
        assert!(t.maybe_await_input(NextTimeout::default()).unwrap());
        assert_eq!(
            *writes.lock().unwrap(),
            vec![b"POST / HTTP/1.1\r\n\r\n{}".to_vec()]
        );
    }

    #[test]
    fn held_bytes_are_written_before_they_would_overflow_the_buffer() {
        let (mut t, writes, _) = lean(8);
        send(&mut t, b"abcde");
        send(&mut t, b"fghij");
        assert_eq!(*writes.lock().unwrap(), vec![b"abcde".to_vec()]);
        t.await_input(NextTimeout::default()).unwrap();
        assert_eq!(
            *writes.lock().unwrap(),
            vec![b"abcde".to_vec(), b"fghij".to_vec()]
        );
    }

    #[test]
    fn only_the_probe_right_after_an_answer_is_skipped() {
        let (mut t, _, probes) = lean(64);
        // A new connection, or one taken from the pool: probed.
        assert!(t.is_open());
        assert_eq!(*probes.lock().unwrap(), 1);
        send(&mut t, b"GET / HTTP/1.1\r\n\r\n");
        t.maybe_await_input(NextTimeout::default()).unwrap();
        // Returned to the pool right after the answer: not probed ...
        assert!(t.is_open());
        assert_eq!(*probes.lock().unwrap(), 1);
        // ... but taken out again: probed.
        assert!(t.is_open());
        assert_eq!(*probes.lock().unwrap(), 2);
    }
}
