//! Hostile clients on loopback: slowloris heads, a body that never ends, an endless chunk-size
//! line, a flood of idle connections and request-smuggling shapes. In each case a normal
//! request from a fresh client is still answered (read with a 5 s timeout, half the hostile
//! connections' 10 s deadline, so it is answered *while* they hold on; never retried), and
//! the hostile connection gets 400, 408 or a closed connection. The latency of that normal
//! request is printed (`cargo test --test abuse -- --nocapture`) for RELIABILITY.md. The
//! normal requests are re-checked by the independent oracle.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::oracle::Checked;
use faspay::{Format, Operation};
use faspay_sandbox::{HttpLimits, Sandbox};

/// How long the normal request may take: generous (its real latency is printed, and is a few
/// milliseconds), but below the hostile connections' deadline in [`limits`], so an answer
/// within it was given while they still held their connections.
const ANSWER_LIMIT: Duration = Duration::from_secs(5);
/// Bound on waiting for a hostile connection to be dealt with (a hang fails the test).
const HOSTILE_LIMIT: Duration = Duration::from_secs(20);

/// Deadlines shorter than the default 30 s, so the tests see hostile connections closed
/// sooner, yet twice [`ANSWER_LIMIT`].
fn limits() -> HttpLimits {
    HttpLimits {
        head_timeout: 2 * ANSWER_LIMIT,
        body_timeout: 2 * ANSWER_LIMIT,
        ..HttpLimits::default()
    }
}

/// A sandbox whose received requests are re-checked by the oracle when the test ends.
fn start(limits: HttpLimits) -> (Checked, SocketAddr) {
    let sandbox = Checked(Sandbox::start_with_limits(common::fast_options(), limits).unwrap());
    let addr = sandbox
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    (sandbox, addr)
}

/// A normal, signed `payment_channels` request from a fresh connection; asserts it is answered
/// with 200 within [`ANSWER_LIMIT`] and returns how long it took.
fn normal_request(sandbox: &Sandbox, addr: SocketAddr, what: &str) -> Duration {
    let prepared = common::client(sandbox, Format::Json)
        .prepare_payment_channels()
        .unwrap();
    let mut request = format!(
        "POST /cvr/100001/10 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        prepared.content_type,
        prepared.body.len()
    )
    .into_bytes();
    request.extend_from_slice(&prepared.body);
    let started = Instant::now();
    let mut stream = TcpStream::connect_timeout(&addr, ANSWER_LIMIT)
        .unwrap_or_else(|e| panic!("{what}: a fresh client cannot connect: {e}"));
    stream.set_read_timeout(Some(ANSWER_LIMIT)).unwrap();
    stream.write_all(&request).unwrap();
    let mut head = [0u8; 12];
    stream
        .read_exact(&mut head)
        .unwrap_or_else(|e| panic!("{what}: a normal request got no answer within 5 s: {e}"));
    let took = started.elapsed();
    assert_eq!(&head, b"HTTP/1.1 200", "{what}");
    eprintln!("abuse: {what}: normal request answered in {took:?}");
    took
}

/// What a hostile connection got: an HTTP status, or a close without one.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Status(u16),
    Closed,
}

/// Reads until the server answers or closes (bounded by [`HOSTILE_LIMIT`]).
fn outcome(stream: &mut TcpStream) -> Outcome {
    stream.set_read_timeout(Some(HOSTILE_LIMIT)).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the hostile connection was neither answered nor closed: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&answer);
    match text.strip_prefix("HTTP/1.1 ") {
        Some(rest) => Outcome::Status(rest[..3].parse().unwrap()),
        None if answer.is_empty() => Outcome::Closed,
        None => panic!("unexpected bytes: {text:?}"),
    }
}

fn refused(outcome: &Outcome, allowed: &[u16]) -> bool {
    match outcome {
        Outcome::Closed => true,
        Outcome::Status(s) => allowed.contains(s),
    }
}

#[test]
fn slowloris_heads_starve_nothing_and_are_closed_at_the_head_deadline() {
    let (sandbox, addr) = start(limits());
    let stop = Arc::new(AtomicBool::new(false));
    // Eight connections each sending a header line every 300 ms: never a whole head, and
    // never silent long enough for a per-read timeout.
    let mut hostile: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    let writers: Vec<_> = hostile
        .iter()
        .map(|s| {
            let mut s = s.try_clone().unwrap();
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    i += 1;
                    if s.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes())
                        .is_err()
                    {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    normal_request(&sandbox, addr, "8 slowloris connections");
    for s in &mut hostile {
        let got = outcome(s);
        assert!(refused(&got, &[408]), "{got:?}");
    }
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(sandbox.request_count(Operation::PaymentChannels), 1);
}

#[test]
fn a_body_that_never_ends_gets_408() {
    let (sandbox, addr) = start(limits());
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nab")
        .unwrap();
    normal_request(&sandbox, addr, "a body that never ends");
    assert_eq!(outcome(&mut slow), Outcome::Status(408));
}

/// Writes `head` and then `filler` forever (until the server stops reading); returns how many
/// filler bytes went out. A write that blocks (the server reads slowly on a loaded machine) is
/// retried until the server closes the connection or [`HOSTILE_LIMIT`] passes.
fn flood(addr: SocketAddr, head: &[u8], filler: u8, stop: Arc<AtomicBool>) -> (TcpStream, u64) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_write_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s.write_all(head).unwrap();
    let block = vec![filler; 16 * 1024];
    let mut sent = 0u64;
    let mut last_progress = Instant::now();
    while !stop.load(Ordering::SeqCst) && sent < 64 * 1024 * 1024 {
        match s.write(&block) {
            Ok(n) => {
                sent += n as u64;
                last_progress = Instant::now();
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) && last_progress.elapsed() < HOSTILE_LIMIT => {}
            Err(_) => break,
        }
    }
    (s, sent)
}

#[test]
fn an_endless_chunk_size_line_is_cut_quickly() {
    // The byte budget, not the clock, must end these requests: with a body deadline this long
    // the budget is always reached first, so 400 is the one correct answer. (With a deadline
    // of seconds, a flooder slowed down by a loaded machine could meet the deadline first,
    // and then 408 was the correct answer: the test was not deterministic.)
    let (sandbox, addr) = start(HttpLimits {
        body_timeout: Duration::from_secs(300),
        ..limits()
    });
    let head = b"POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    // Zeros never overflow the size and blanks are allowed after it: hyper's decoder would
    // take either forever; hex digits overflow at once.
    for filler in [b'0', b' ', b'f'] {
        let stop = Arc::new(AtomicBool::new(false));
        let flooder = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || flood(addr, head, filler, stop))
        };
        let what = format!("an endless chunk-size line of {:?}", filler as char);
        normal_request(&sandbox, addr, &what);
        let (mut s, sent) = flooder.join().unwrap();
        stop.store(true, Ordering::SeqCst);
        // The server stopped reading long before 64 MiB: at the chunked budget (2 MiB +
        // 64 KiB with the default 1 MiB body cap) plus what the socket buffers hold.
        assert!(sent < 64 * 1024 * 1024, "{what}: {sent} bytes accepted");
        eprintln!("abuse: {what}: {sent} bytes written before the server stopped reading");
        let got = outcome(&mut s);
        assert!(refused(&got, &[400]), "{what}: {got:?}");
    }
    assert_eq!(sandbox.request_count(Operation::PaymentChannels), 3);
}

/// Descriptors kept for everything but the idle connections (server side of the capped
/// connections, the test's own files).
const FD_RESERVE: u64 = 128;

/// Raises the open-file limit for this process so 2,000 connections (two descriptors each on
/// loopback) fit; returns the number of idle connections the limit allows.
fn raise_fd_limit(wanted: u64) -> u64 {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed by pointer.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        let needed = wanted * 2 + FD_RESERVE;
        if limit.rlim_cur < needed {
            limit.rlim_cur = needed.min(limit.rlim_max.max(needed));
            if limit.rlim_max < needed {
                // Only root may raise the hard limit; otherwise the soft one goes to the top.
                limit.rlim_max = needed;
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                    libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
                    limit.rlim_cur = limit.rlim_max;
                    libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
                }
            } else {
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        }
        (limit.rlim_cur.saturating_sub(FD_RESERVE) / 2).min(wanted)
    }
}

#[test]
fn two_thousand_idle_connections_do_not_lock_out_a_new_client() {
    let count = raise_fd_limit(2_000);
    let mut limits = HttpLimits::default();
    if count < 2_000 {
        // A hard open-file limit this process may not raise: the test still runs, with all
        // the connections the limit allows against a cap a quarter of that (reported).
        limits.max_connections = (count / 4) as usize;
        eprintln!(
            "abuse: open-file limit allows only {count} idle connections; cap lowered to {}",
            limits.max_connections
        );
    }
    assert!(
        count >= 100,
        "the open-file limit is too low to test the cap"
    );
    let cap = limits.max_connections;
    let (sandbox, addr) = start(limits);
    let started = Instant::now();
    let mut idle: Vec<TcpStream> = (0..count)
        .map(|i| TcpStream::connect(addr).unwrap_or_else(|e| panic!("connection {i}: {e}")))
        .collect();
    eprintln!(
        "abuse: {count} idle connections opened in {:?}",
        started.elapsed()
    );
    // Past the cap, the oldest idle connections were closed to make room: the first, and the
    // last one evicted (closed when the server accepted the last connection, so the server
    // has caught up with the flood and this is the steady state of 2,000 held connections).
    let last_evicted = count as usize - cap - 1;
    assert_eq!(outcome(&mut idle[0]), Outcome::Closed);
    assert_eq!(outcome(&mut idle[last_evicted]), Outcome::Closed);
    normal_request(&sandbox, addr, &format!("{count} idle connections held"));
    // The newest ones are still open (idle, no answer and no close yet).
    let newest = idle.last_mut().unwrap();
    newest
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(
        newest.read(&mut byte).is_err(),
        "the newest connection stays open"
    );
    drop(idle);
    normal_request(&sandbox, addr, "after the idle flood");
}

/// Sends `raw` on a fresh connection and returns what it got.
fn send_raw(addr: SocketAddr, raw: &[u8]) -> Outcome {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(raw).unwrap();
    let got = outcome(&mut s);
    // Whatever the answer, the connection is closed afterwards.
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    got
}

#[test]
fn smuggling_shapes_are_refused_with_400_and_the_smuggled_request_never_runs() {
    let (sandbox, addr) = start(limits());
    normal_request(&sandbox, addr, "no abuse (baseline)");
    let smuggled = "GET /__sandbox/requests HTTP/1.1\r\nHost: x\r\n\r\n";
    let inner = format!(
        "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{}",
        smuggled.len(),
        smuggled
    );
    let cases = [
        (
            "two equal Content-Length",
            format!(
                "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\
                 Content-Length: 5\r\n\r\nhello{inner}"
            ),
        ),
        (
            "two different Content-Length",
            format!(
                "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\
                 Content-Length: 0\r\n\r\nhello{inner}"
            ),
        ),
        (
            "Content-Length then Transfer-Encoding",
            format!(
                "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\
                 Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n{inner}"
            ),
        ),
        (
            "Transfer-Encoding then Content-Length",
            format!(
                "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\
                 Content-Length: 4\r\n\r\n0\r\n\r\n{inner}"
            ),
        ),
        (
            "a Transfer-Encoding other than chunked",
            format!(
                "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\
                 \r\n0\r\n\r\n{inner}"
            ),
        ),
    ];
    for (what, raw) in cases {
        assert_eq!(
            send_raw(addr, raw.as_bytes()),
            Outcome::Status(400),
            "{what}"
        );
        normal_request(&sandbox, addr, &format!("smuggling: {what}"));
    }
    // Only the normal requests reached an endpoint: no refused head nor its payload did.
    assert_eq!(sandbox.request_count(Operation::PaymentChannels), 6);
}

#[test]
fn an_oversized_head_gets_431() {
    let (sandbox, addr) = start(limits());
    let mut raw = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
    raw.resize(64 * 1024, b'a');
    raw.extend_from_slice(b"\r\n\r\n");
    assert_eq!(send_raw(addr, &raw), Outcome::Status(431));
    normal_request(&sandbox, addr, "an oversized head");
}

#[test]
fn connections_stuck_in_their_bodies_are_evicted_past_the_cap() {
    let (sandbox, addr) = start(HttpLimits {
        max_connections: 4,
        body_timeout: Duration::from_secs(60),
        ..limits()
    });
    // Eight connections that sent a head and a sliver of their body: all of them past the
    // head, none being answered.
    let mut stuck: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(
                b"POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab",
            )
            .unwrap();
            s
        })
        .collect();
    normal_request(&sandbox, addr, "8 connections stuck in their bodies, cap 4");
    // The oldest were closed to make room, long before their 60 s body deadline.
    let started = Instant::now();
    assert_eq!(outcome(&mut stuck[0]), Outcome::Closed);
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// `GET /` (the banner) as raw bytes: a request the sandbox answers at once, with no state.
const BANNER_REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";

/// Reads a connection to its end (bounded by [`HOSTILE_LIMIT`]) and counts the answers.
fn answers_until_closed(stream: &mut TcpStream) -> usize {
    stream.set_read_timeout(Some(HOSTILE_LIMIT)).unwrap();
    let mut all = Vec::new();
    stream
        .read_to_end(&mut all)
        .unwrap_or_else(|e| panic!("the connection was neither answered nor closed: {e}"));
    String::from_utf8_lossy(&all)
        .matches("HTTP/1.1 200 OK\r\n")
        .count()
}

#[test]
fn pipelined_requests_are_all_answered_and_a_client_that_never_reads_stalls_only_itself() {
    let (sandbox, addr) = start(limits());
    // 200 requests in one write, the last asking to close: 200 answers on the one connection.
    let mut burst = BANNER_REQUEST.repeat(199);
    burst.extend_from_slice(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(&burst).unwrap();
    assert_eq!(answers_until_closed(&mut s), 200);

    // A client that pipelines without ever reading: once its answers fill the socket buffers
    // the server stops reading from it (its writes block), holding nothing but that
    // connection. Its writes then stall too, which ends the flood.
    let mut hog = TcpStream::connect(addr).unwrap();
    hog.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
    let chunk = BANNER_REQUEST.repeat(1000);
    let mut written = 0usize;
    // Bounded: 200 MB of requests is far past any loopback buffer.
    while written < 200_000_000 {
        match hog.write(&chunk) {
            Ok(n) => written += n,
            Err(_) => break,
        }
    }
    assert!(
        written < 200_000_000,
        "the server kept reading a client that never reads its answers"
    );
    normal_request(&sandbox, addr, "a pipelining client that never reads");
}

#[test]
fn half_closed_connections_get_their_answer_and_stall_nothing() {
    let (sandbox, addr) = start(limits());
    // A client that sends its request and shuts its writing side (as `nc -N` does) still
    // gets the answer; so does every one of 100 such clients at once.
    let mut clients: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(BANNER_REQUEST).unwrap();
            s.shutdown(std::net::Shutdown::Write).unwrap();
            s
        })
        .collect();
    normal_request(&sandbox, addr, "100 half-closed connections");
    for s in &mut clients {
        assert_eq!(answers_until_closed(s), 1);
    }
    // A half-closed connection in the middle of a head is closed, not kept.
    let mut cut = TcpStream::connect(addr).unwrap();
    cut.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    cut.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(refused(&outcome(&mut cut), &[400]));
    normal_request(&sandbox, addr, "a head cut by a half-close");
}
