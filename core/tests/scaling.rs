//! Inbound parsing stays linear in the input: hostile bodies of 10 KB, 100 KB and 1 MB, shaped
//! to reach the slow paths of each reader (many distinct names, long lists, entity and escape
//! runs, deep-ish nesting), must take time roughly proportional to their size.
//!
//! This is the project's one timing test, allowed because it compares times measured on the
//! same machine in the same run, and with a bound no load can reach while a quadratic reader
//! cannot stay under it: times are the CPU time of the measuring thread (being preempted on a
//! busy machine adds nothing), the 10 KB and 1 MB bodies are measured in alternation (a burst
//! of load slows both, not one) and each time is the minimum of several runs; 100 times the
//! bytes may take at most 1000 times the time plus 250 ms, where a linear reader takes about
//! 100 times and a quadratic one 10,000 times. (A bound of 40x per tenfold step, measured one
//! size after the other, flaked on a loaded 2-core machine.)

use std::time::Duration;

use faspay::codec::fuzzing::xml_readers;
use faspay::{Client, Config, ErrorCode};

const KB: usize = 1000;

fn client() -> Client {
    let mut config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
    // Measure the parser itself, not the default size limit that refuses these bodies early.
    config.max_inbound_bytes = 16 * 1024 * 1024;
    Client::new(config).unwrap()
}

/// Repeats `unit` between `head` and `tail` until the body is about `size` bytes.
fn body(head: &str, unit: impl Fn(usize) -> String, tail: &str, size: usize) -> Vec<u8> {
    let mut out = String::with_capacity(size + 64);
    out.push_str(head);
    let mut i = 0;
    while out.len() + tail.len() < size {
        out.push_str(&unit(i));
        i += 1;
    }
    out.push_str(tail);
    out.into_bytes()
}

/// A hostile input: a name and a body builder for a given size.
type Shape = (&'static str, fn(usize) -> Vec<u8>);

fn shapes() -> Vec<Shape> {
    vec![
        // The reported attack: every element a new name. Now stopped at the per-object cap,
        // so spread it over many objects to keep the reader busy to the end.
        ("xml distinct names in many objects", |size| {
            body(
                "<faspay>",
                |i| {
                    let k = i % 250;
                    let open = if k == 0 { "<o>" } else { "" };
                    let close = if k == 249 { "</o>" } else { "" };
                    format!("{open}<k{k}/>{close}")
                },
                "</faspay>",
                size,
            )
        }),
        // Faspay's own shape, read by the plain reader (not the quick-xml fallback; the test
        // checks it): many plain elements, and one very long text.
        ("xml plain reader: many items", |size| {
            body(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n<bill_no>1</bill_no>\n",
                |i| format!("<item>\n<product>Pulsa {i}</product>\n<qty>1</qty>\n</item>\n"),
                "</faspay>\n",
                size,
            )
        }),
        ("xml plain reader: long text", |size| {
            body(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay><bill_desc>",
                |_| "Pulsa Rp 10.000, 1x \t".to_string(),
                "</bill_desc></faspay>",
                size,
            )
        }),
        ("xml one repeated element", |size| {
            body("<faspay>", |_| "<k/>".to_string(), "</faspay>", size)
        }),
        ("xml entity and character references", |size| {
            body(
                "<faspay><bill_no>",
                |_| "&amp;&#65;&lt;&x;".to_string(),
                "</bill_no></faspay>",
                size,
            )
        }),
        ("xml nested blocks", |size| {
            body(
                "<faspay>",
                |_| "<a><b><c><d>1</d></c></b></a>".to_string(),
                "</faspay>",
                size,
            )
        }),
        ("json distinct keys in many objects", |size| {
            body(
                "{\"o\":[{}",
                |i| {
                    let k = i % 250;
                    if k == 0 {
                        format!(",{{\"k{k}\":1")
                    } else if k == 249 {
                        format!(",\"k{k}\":1}}")
                    } else {
                        format!(",\"k{k}\":1")
                    }
                },
                "}]}",
                size,
            )
        }),
        ("json long array", |size| {
            body("{\"a\":[0", |_| ",[1,\"x\",{}]".to_string(), "]}", size)
        }),
        ("json escapes", |size| {
            body("{\"bill_no\":\"", |_| "\\u0041\\n".to_string(), "\"}", size)
        }),
        ("return url query", |size| {
            body(
                "bill_no=",
                |_| "%41+".to_string(),
                "&status=2&signature=0",
                size,
            )
        }),
    ]
}

/// CPU time consumed by the calling thread so far.
#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Elsewhere, wall time (still the minimum of several runs).
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// The fastest of `runs` parses of `bytes` (a notification body, or a query for that shape).
fn fastest(client: &Client, name: &str, bytes: &[u8], runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = thread_cpu_time();
            let outcome = if name.starts_with("return url") {
                client
                    .verify_return(std::str::from_utf8(bytes).unwrap())
                    .map(|_| ())
            } else {
                client.parse_notification(bytes).map(|_| ())
            };
            let elapsed = thread_cpu_time() - start;
            let err = outcome.expect_err("hostile input must be refused");
            assert!(
                matches!(
                    err.code(),
                    ErrorCode::InvalidArgument | ErrorCode::InvalidSignature
                ),
                "{name}: {err}"
            );
            elapsed
        })
        .min()
        .unwrap()
}

/// How much slower 100 times the bytes may be (linear: about 100; quadratic: about 10,000).
const SLOWDOWN_LIMIT: u32 = 1000;
/// Absolute slack on top, for timer resolution and cache effects of a 1 MB body.
const SLACK: Duration = Duration::from_millis(250);

#[test]
fn hostile_bodies_parse_in_time_linear_in_their_size() {
    let client = client();
    let mut report = Vec::new();
    for (name, build) in shapes() {
        let small = build(10 * KB);
        let medium = build(100 * KB);
        let large = build(1000 * KB);
        assert!(large.len() >= 1000 * KB - 64 && large.len() <= 1000 * KB + 64);
        if name.starts_with("xml plain reader") {
            for bytes in [&small, &large] {
                assert!(
                    xml_readers(bytes).0.is_some(),
                    "{name}: the plain reader handed the body to quick-xml"
                );
            }
        }
        // Warm up allocator and caches once, then measure the sizes in alternation.
        fastest(&client, name, &medium, 1);
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            t_small = t_small.min(fastest(&client, name, &small, 3));
            t_large = t_large.min(fastest(&client, name, &large, 1));
        }
        // Reported only (for RELIABILITY.md's per-size figures).
        let t_medium = fastest(&client, name, &medium, 2);
        // Which XML reader gave the answer (the plain one hands over what it does not read).
        let reader = match name.starts_with("xml") {
            true if xml_readers(&large).0.is_some() => " (plain reader)",
            true => " (quick-xml)",
            false => "",
        };
        report.push(format!(
            "{name}{reader}: 10 KB {t_small:?}, 100 KB {t_medium:?}, 1 MB {t_large:?}"
        ));
        assert!(
            t_large <= t_small * SLOWDOWN_LIMIT + SLACK,
            "{name}: 1 MB took {t_large:?}, more than {SLOWDOWN_LIMIT}x the 10 KB time \
             {t_small:?} + {SLACK:?}: parsing is no longer linear in the size"
        );
    }
    // Shown with `cargo test -- --nocapture`; RELIABILITY.md records these figures.
    println!("{}", report.join("\n"));
}
