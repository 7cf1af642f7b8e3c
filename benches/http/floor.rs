//! The machine's own floor for the HTTP rows: the lowest latency this machine gives for one
//! request and one answer of the sizes the HTTP benchmarks exchange, over loopback between two
//! processes that do nothing else (blocking sockets, `TCP_NODELAY`, one connection, one write
//! and one read per message on each side). No HTTP client can do better on the same machine, so
//! its p99 / p50 says whether "p99 <= 3x p50" is reachable here at all.
//!
//! Standard library only, built by `benches/http/run` with `rustc -O` (no crate, no
//! dependency, nothing in the workspace's build):
//!
//!     http-floor [--calls N] [--rounds R] [--warmup W] [--request-bytes A] [--response-bytes B]
//!
//! Prints one JSON object on stdout: the round with the highest rate (as the HTTP programs pick
//! theirs) with its p50, p99 and p99 / p50, and every round's figures.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Bytes of a `payment_status` request as faspay's client writes it (head and body, one
/// write), and of the sandbox's answer (head and body), measured with `strace`.
const REQUEST_BYTES: usize = 426;
const RESPONSE_BYTES: usize = 386;

struct Options {
    calls: usize,
    rounds: usize,
    warmup: usize,
    request_bytes: usize,
    response_bytes: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("serve") {
        serve(&args[1..])
    } else {
        parse(&args).and_then(|options| measure(&options))
    };
    if let Err(e) = result {
        eprintln!("http-floor: {e}");
        std::process::exit(2);
    }
}

fn parse(args: &[String]) -> io::Result<Options> {
    let mut options = Options {
        calls: 2000,
        rounds: 3,
        warmup: 200,
        request_bytes: REQUEST_BYTES,
        response_bytes: RESPONSE_BYTES,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .and_then(|v| v.parse().ok())
            .filter(|v| *v > 0)
            .ok_or_else(|| invalid(format!("{flag} needs a positive number")))?;
        match flag.as_str() {
            "--calls" => options.calls = value,
            "--rounds" => options.rounds = value,
            "--warmup" => options.warmup = value,
            "--request-bytes" => options.request_bytes = value,
            "--response-bytes" => options.response_bytes = value,
            _ => return Err(invalid(format!("unknown option {flag}"))),
        }
    }
    Ok(options)
}

fn invalid(text: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, text)
}

/// The answering side, in its own process: reads one request, writes one answer, until EOF.
fn serve(args: &[String]) -> io::Result<()> {
    let size = |i: usize| -> io::Result<usize> {
        args.get(i)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| invalid("serve REQUEST_BYTES RESPONSE_BYTES".into()))
    };
    let (request_bytes, response_bytes) = (size(0)?, size(1)?);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?.port());
    io::stdout().flush()?;
    let (mut stream, _) = listener.accept()?;
    stream.set_nodelay(true)?;
    let mut request = vec![0u8; request_bytes];
    let answer = vec![b'a'; response_bytes];
    loop {
        if !read_message(&mut stream, &mut request)? {
            return Ok(());
        }
        stream.write_all(&answer)?;
    }
}

/// Reads exactly one message; false on a clean end of stream before its first byte.
fn read_message(stream: &mut TcpStream, buf: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match stream.read(&mut buf[filled..])? {
            0 if filled == 0 => return Ok(false),
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => filled += n,
        }
    }
    Ok(true)
}

struct Round {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

fn measure(options: &Options) -> io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut server = Command::new(exe)
        .args([
            "serve".to_string(),
            options.request_bytes.to_string(),
            options.response_bytes.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut port = String::new();
    BufReader::new(server.stdout.take().expect("piped")).read_line(&mut port)?;
    let port: u16 = port
        .trim()
        .parse()
        .map_err(|_| invalid("the answering process did not start".into()))?;
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let request = vec![b'q'; options.request_bytes];
    let mut answer = vec![0u8; options.response_bytes];
    let mut round_trip = |stream: &mut TcpStream| -> io::Result<()> {
        stream.write_all(&request)?;
        if read_message(stream, &mut answer)? {
            Ok(())
        } else {
            Err(io::ErrorKind::UnexpectedEof.into())
        }
    };
    for _ in 0..options.warmup {
        round_trip(&mut stream)?;
    }
    let mut rounds = Vec::with_capacity(options.rounds);
    let mut latencies = Vec::with_capacity(options.calls);
    for _ in 0..options.rounds {
        latencies.clear();
        let start = Instant::now();
        for _ in 0..options.calls {
            let t0 = Instant::now();
            round_trip(&mut stream)?;
            latencies.push(t0.elapsed());
        }
        let wall = start.elapsed();
        latencies.sort_unstable();
        let n = latencies.len();
        rounds.push(Round {
            rate: n as f64 / wall.as_secs_f64(),
            p50: latencies[n / 2],
            p99: latencies[(n * 99 / 100).min(n - 1)],
        });
    }
    drop(stream);
    let _ = server.wait();
    let best = rounds
        .iter()
        .max_by(|a, b| a.rate.total_cmp(&b.rate))
        .expect("at least one round");
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let all: Vec<String> = rounds
        .iter()
        .map(|r| {
            format!(
                "{{\"rate\": {:.0}, \"p50_ms\": {:.4}, \"p99_ms\": {:.4}}}",
                r.rate,
                ms(r.p50),
                ms(r.p99)
            )
        })
        .collect();
    println!(
        "{{\"calls\": {}, \"request_bytes\": {}, \"response_bytes\": {}, \"rate\": {:.0}, \
         \"p50_ms\": {:.4}, \"p99_ms\": {:.4}, \"tail\": {:.2}, \"rounds\": [{}]}}",
        options.calls,
        options.request_bytes,
        options.response_bytes,
        best.rate,
        ms(best.p50),
        ms(best.p99),
        best.p99.as_secs_f64() / best.p50.as_secs_f64(),
        all.join(", ")
    );
    Ok(())
}
