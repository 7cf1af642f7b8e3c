//! The HTTP server itself: keep-alive and pipelining on one connection, `Connection: close`,
//! malformed requests, many idle connections on few workers, a slow answer beside quick ones,
//! and real-time expiry. The requests sent and notifications delivered are re-checked by the
//! independent oracle.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::oracle::{self, Checked};
use faspay::{FaspayDateTime, Format, Operation, PaymentStatusCode};
use faspay_sandbox::{Fault, FaultKind, Sandbox, SandboxOptions};

/// Bound on waits for events: generous, only a hang fails.
const WAIT: Duration = Duration::from_secs(30);

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn the_sandbox_can_be_shared_between_threads() {
    assert_send_sync::<Sandbox>();
}

/// A checked sandbox with this many handler threads.
fn with_handler_threads(threads: usize) -> Checked {
    Checked(
        Sandbox::start(SandboxOptions {
            threads,
            ..common::fast_options()
        })
        .unwrap(),
    )
}

/// Reads one response: status and body.
fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, String, bool) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
    let (mut length, mut close) = (0usize, false);
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let header = header.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        if header == "connection: close" {
            close = true;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8(body).unwrap(), close)
}

fn channels_request(sandbox: &Sandbox, extra_header: &str) -> Vec<u8> {
    let client = common::client(sandbox, Format::Json);
    let prepared = client.prepare_payment_channels().unwrap();
    let mut raw = format!(
        "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{extra_header}Content-Length: {}\r\n\r\n",
        prepared.body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&prepared.body);
    raw
}

#[test]
fn one_connection_carries_many_requests_even_pipelined() {
    let sandbox = common::checked_sandbox();
    let stream = TcpStream::connect(sandbox.base_url().trim_start_matches("http://")).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let request = channels_request(&sandbox, "");
    for _ in 0..3 {
        writer.write_all(&request).unwrap();
        let (status, body, close) = read_response(&mut reader);
        assert_eq!(status, 200);
        assert!(body.contains("\"response_code\":\"00\""));
        assert!(!close);
    }
    // Two requests in one write.
    let mut both = request.clone();
    both.extend_from_slice(&request);
    writer.write_all(&both).unwrap();
    assert_eq!(read_response(&mut reader).0, 200);
    assert_eq!(read_response(&mut reader).0, 200);
    // Connection: close is honoured.
    writer
        .write_all(&channels_request(&sandbox, "Connection: close\r\n"))
        .unwrap();
    let (status, _, close) = read_response(&mut reader);
    assert_eq!((status, close), (200, true));
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the server closed the connection");
    assert_eq!(sandbox.request_count(faspay::Operation::PaymentChannels), 6);
}

#[test]
fn bad_requests_get_http_errors() {
    let sandbox = common::checked_sandbox();
    let addr = sandbox.base_url().trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).unwrap();
    s.write_all(b"\x16\x03\x01 not http at all\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(s);
    assert_eq!(read_response(&mut reader).0, 400);

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let base = sandbox.base_url();
    let status =
        |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.unwrap().status().as_u16();
    assert_eq!(status(agent.get(&format!("{base}/nope")).call()), 404);
    assert_eq!(
        status(agent.get(&format!("{base}/cvr/100001/10")).call()),
        405
    );
    let huge = vec![b'x'; 2 * 1024 * 1024];
    let r = agent.post(&format!("{base}/cvr/100001/10")).send(&huge[..]);
    // The server refuses before reading it all; either a 413 or a closed connection.
    if let Ok(r) = r {
        assert_eq!(r.status().as_u16(), 413);
    }
    assert_eq!(status(agent.get(&base).call()), 200);
}

#[test]
fn idle_connections_do_not_starve_a_small_pool() {
    let sandbox = with_handler_threads(2);
    let addr = sandbox.base_url().trim_start_matches("http://").to_string();
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    // Every call is answered (each within the client's own timeout) while the idle
    // connections stay open: none of them holds a worker.
    let client = common::client(&sandbox, Format::Json);
    for _ in 0..20 {
        client.payment_channels().unwrap();
    }
    assert_eq!(sandbox.request_count(Operation::PaymentChannels), 20);
    drop(idle);
}

#[test]
fn bills_expire_in_real_time_and_are_notified() {
    let sandbox = common::checked_sandbox();
    let merchant = common::Merchant::start(sandbox.client_config(), common::MerchantMode::Accept);
    sandbox.set_notify_url(Some(merchant.url.clone()));
    let client = common::client(&sandbox, Format::Json);
    let now = FaspayDateTime::now();
    let mut bill = common::bill("RT-EXP", "812");
    bill.bill_date = Some(now);
    bill.bill_expired = Some(now.plus(Duration::from_secs(1)));
    let created = client.create_transaction(&bill).unwrap();
    assert!(sandbox.wait_for_deliveries(1, Duration::from_secs(5)));
    let d = &sandbox.deliveries()[0];
    assert_eq!(d.trx_id, created.trx_id);
    assert_eq!(d.payment_status_code, PaymentStatusCode::Expired);
}

#[test]
fn shutdown_closes_the_port() {
    let sandbox = common::sandbox();
    let addr = sandbox.base_url().trim_start_matches("http://").to_string();
    sandbox.shutdown();
    assert!(TcpStream::connect(&addr).is_err());
}

#[test]
fn expect_continue_and_chunked_uploads_work() {
    let sandbox = common::checked_sandbox();
    let client = common::client(&sandbox, Format::Json);
    let body = client.prepare_payment_channels().unwrap().body;
    let stream = TcpStream::connect(sandbox.base_url().trim_start_matches("http://")).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let head = format!(
        "POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    writer.write_all(head.as_bytes()).unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "HTTP/1.1 100 Continue\r\n");
    line.clear();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "\r\n");
    writer.write_all(&body).unwrap();
    let (status, answer, _) = read_response(&mut reader);
    assert_eq!(status, 200);
    assert!(answer.contains("\"response_code\":\"00\""));

    let (a, b) = body.split_at(body.len() / 2);
    let mut chunked =
        b"POST /cvr/100001/10 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for part in [a, b] {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    writer.write_all(&chunked).unwrap();
    let (status, answer, _) = read_response(&mut reader);
    assert_eq!(status, 200);
    assert!(answer.contains("\"response_code\":\"00\""));
}

#[test]
fn a_busy_client_does_not_monopolise_a_worker() {
    let sandbox = with_handler_threads(1);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let busy = common::client(&sandbox, Format::Json);
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                busy.payment_channels().unwrap();
            }
        });
        // Wait until the busy client is really busy.
        let ops = Operation::PaymentChannels;
        assert!(common::wait_until(WAIT, || sandbox.request_count(ops) >= 3));
        let other = common::client(&sandbox, Format::Json);
        let before = sandbox.request_count(ops);
        // Each call is answered within the client's timeout although the busy client never
        // pauses; and the busy client keeps being served in between.
        for _ in 0..5 {
            other.payment_channels().unwrap();
        }
        let served = sandbox.request_count(ops) - before;
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(served >= 5, "served {served}");
    });
}

#[test]
fn a_slow_answer_holds_only_its_own_request() {
    // One handler thread, taken by a request that waits out a latency fault: a request that
    // needs no sleep is answered meanwhile (on the server's own thread), not queued behind it.
    let sandbox = with_handler_threads(1);
    let ops = Operation::PaymentChannels;
    sandbox.set_fault(Fault::times(
        Some(ops),
        FaultKind::Latency(Duration::from_secs(3)),
        1,
    ));
    let slow_done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            common::client(&sandbox, Format::Json)
                .payment_channels()
                .unwrap();
            slow_done.store(true, Ordering::SeqCst);
        });
        // The fault is used up once the slow request has taken it (and sleeps).
        assert!(common::wait_until(WAIT, || sandbox.faults().is_empty()));
        common::client(&sandbox, Format::Json)
            .payment_channels()
            .unwrap();
        assert!(
            !slow_done.load(Ordering::SeqCst),
            "the quick request waited for the slow one"
        );
        assert_eq!(sandbox.request_count(ops), 2);
    });
    assert!(slow_done.load(Ordering::SeqCst));
}

#[test]
fn shutdown_does_not_wait_for_slow_work() {
    // A merchant that accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let sandbox = common::sandbox();
    sandbox.set_notify_url(Some(format!("http://{}/n", silent.local_addr().unwrap())));
    let client = common::client(&sandbox, Format::Json);
    let created = client
        .create_transaction(&common::bill("SLOW-1", "812"))
        .unwrap();
    sandbox.approve(&created.trx_id).unwrap();
    // An OVO push that takes a long time is in flight too.
    sandbox.set_push_delay(Duration::from_secs(600));
    let pending = client
        .create_transaction(&common::bill("SLOW-2", "812"))
        .unwrap();
    let base = sandbox.base_url();
    let push = common::client(&sandbox, Format::Json)
        .prepare_ovo_push(&pending.trx_id, "081234567890")
        .unwrap();
    std::thread::spawn(move || {
        let _ = ureq::post(&format!("{base}/pws/ovo_direct"))
            .header("Content-Type", push.content_type)
            .send(&push.body[..]);
    });
    // Both slow steps are under way: the push reached the sandbox, the notification waits
    // for the silent merchant.
    assert!(common::wait_until(WAIT, || {
        sandbox.request_count(Operation::OvoPush) == 1
    }));
    assert!(common::wait_until(WAIT, || sandbox.pending_notifications() == 1));
    oracle::check_received(&sandbox);
    oracle::check_deliveries(&sandbox);
    let started = Instant::now();
    sandbox.shutdown();
    // Far below the 600 s push delay: shutdown left the slow work behind.
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "took {:?}",
        started.elapsed()
    );
}
