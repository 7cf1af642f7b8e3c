//! Micro-benchmarks of the core's hot paths on the shared inputs of `benches/inputs/`: sign
//! (next to its floor, md5 + sha1 alone), the OVO bill encoded (JSON, XML), a post-data answer
//! decoded, a notification parsed and verified (JSON, XML), a reply built. Prints the median
//! CPU time per operation (this thread's clock, rounds of ~100 ms), operations per second and allocations per operation (a counting global
//! allocator) as markdown table rows for `scripts/bench`, with each target's verdict; exits 0
//! (scripts/bench decides what a miss means). `--quick`: few iterations, no verdicts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use faspay::{Bill, Client, Config, FaspayDateTime, Format, Operation};
use md5::Md5;
use sha1::{Digest, Sha1};

/// Counts allocations only while `COUNTING` is on: the timed rounds run with it off, so the
/// counters' atomic adds do not inflate the times.
struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Measured {
    ns: f64,
    allocations: f64,
    bytes: f64,
}

/// This thread's CPU time in ns: on a shared machine, wall-clock rounds also count the time
/// other processes held the CPU; the thread's own clock does not.
fn cpu_ns() -> u128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u128 * 1_000_000_000 + ts.tv_nsec as u128
}

/// Median CPU ns per call over `rounds` rounds of about `round_ms` each, and the allocations
/// (count and bytes) per call.
fn measure(f: &mut dyn FnMut(), round_ms: f64, rounds: usize) -> Measured {
    let start = cpu_ns();
    for _ in 0..100 {
        f();
    }
    let warm_ns = (cpu_ns() - start) as f64 / 100.0;
    let iterations = ((round_ms * 1e6 / warm_ns.max(1.0)) as u64).max(10);
    let mut per_op = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = cpu_ns();
        for _ in 0..iterations {
            f();
        }
        per_op.push((cpu_ns() - start) as f64 / iterations as f64);
    }
    // One counted pass: the same calls, allocations counted.
    const COUNTED_CALLS: u64 = 100;
    let (count_before, bytes_before) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    );
    COUNTING.store(true, Ordering::Relaxed);
    for _ in 0..COUNTED_CALLS {
        f();
    }
    COUNTING.store(false, Ordering::Relaxed);
    let calls = COUNTED_CALLS as f64;
    per_op.sort_by(f64::total_cmp);
    Measured {
        ns: per_op[rounds / 2],
        allocations: (ALLOCATIONS.load(Ordering::Relaxed) - count_before) as f64 / calls,
        bytes: (ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes_before) as f64 / calls,
    }
}

fn time_text(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{:.2} µs ({:.0} k/s)", ns / 1000.0, 1e6 / ns)
    } else {
        format!("{ns:.0} ns ({:.2} M/s)", 1e3 / ns)
    }
}

fn row(cells: &[&str]) {
    println!("| {} |", cells.join(" | "));
}

/// The floor of `sign`: md5 of the pre-image, its hex, sha1 of that, its hex; nothing else.
fn md5_sha1_floor(preimage: &[u8]) -> [u8; 40] {
    fn hex<const N: usize>(bytes: &[u8]) -> [u8; N] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; N];
        for (i, b) in bytes.iter().enumerate() {
            out[2 * i] = DIGITS[(b >> 4) as usize];
            out[2 * i + 1] = DIGITS[(b & 0x0f) as usize];
        }
        out
    }
    let md5_hex: [u8; 32] = hex(&Md5::digest(preimage));
    hex(&Sha1::digest(md5_hex))
}

fn read(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../benches/inputs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // `--only TEXT`: only the cases whose name contains TEXT (to profile one of them).
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    let (round_ms, rounds) = if quick { (2.0, 3) } else { (100.0, 11) };

    let config: serde_json::Value = serde_json::from_str(&read("config.json")).expect("config");
    let text = |key: &str| config[key].as_str().expect(key).to_string();
    let (user, password) = (text("user_id"), text("password"));
    let client = |format| {
        Client::new(
            Config::new(
                text("merchant_id"),
                text("merchant_name"),
                &user,
                password.as_str(),
            )
            .with_format(format),
        )
        .expect("valid config")
    };
    let (json, xml) = (client(Format::Json), client(Format::Xml));
    let bill = Bill::from_json(&read("bill.json")).expect("valid bill");
    let (notification_json, notification_xml) =
        (read("notification.json"), read("notification.xml"));
    let post_data_answer = read("response_post_data.json");
    let reply_at = FaspayDateTime::parse(&text("reply_at")).expect("reply_at");
    let parsed_json = json
        .parse_notification(notification_json.as_bytes())
        .expect("json");
    let parsed_xml = json
        .parse_notification(notification_xml.as_bytes())
        .expect("xml");
    let bill_no = bill.bill_no.clone();

    // The floor computes the very signature `sign` returns.
    let preimage = format!("{user}{password}{bill_no}");
    assert_eq!(
        md5_sha1_floor(preimage.as_bytes()).as_slice(),
        faspay::sign(&user, &password, &bill_no).as_bytes(),
        "the floor must compute the same signature"
    );

    let verdict = |holds: bool| match (quick, holds) {
        (true, _) => "not checked (--quick)",
        (false, true) => "held",
        (false, false) => "MISSED",
    };
    let alloc_text = |m: &Measured| format!("{:.0} allocs, {:.0} B", m.allocations, m.bytes);

    if only
        .as_ref()
        .is_none_or(|only| "sign".contains(only.as_str()))
    {
        let floor = measure(
            &mut || {
                black_box(md5_sha1_floor(black_box(preimage.as_bytes())));
            },
            round_ms,
            rounds,
        );
        let sign = measure(
            &mut || {
                black_box(faspay::sign(&user, &password, black_box(&bill_no)));
            },
            round_ms,
            rounds,
        );
        let ratio = sign.ns / floor.ns;
        row(&[
            "Rust core",
            &format!("sign ({})", alloc_text(&sign)),
            &time_text(sign.ns),
            "md5 + sha1 alone (floor)",
            &time_text(floor.ns),
            &format!("{ratio:.2}x the floor"),
            "≤ 3x the floor",
            verdict(ratio <= 3.0),
        ]);
    }

    type Case<'a> = (&'a str, Option<f64>, Box<dyn FnMut() + 'a>);
    let cases: Vec<Case> = vec![
        (
            "OVO bill encode JSON (validate, sign, bytes)",
            Some(5_000.0),
            Box::new(|| {
                black_box(json.prepare_create_transaction(&bill).unwrap());
            }),
        ),
        (
            "OVO bill encode XML (validate, sign, bytes)",
            None,
            Box::new(|| {
                black_box(xml.prepare_create_transaction(&bill).unwrap());
            }),
        ),
        (
            "post-data answer decode JSON",
            None,
            Box::new(|| {
                black_box(
                    json.decode_response(
                        Operation::CreateTransaction,
                        200,
                        post_data_answer.as_bytes(),
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "notification parse+verify JSON",
            None,
            Box::new(|| {
                black_box(
                    json.parse_notification(notification_json.as_bytes())
                        .unwrap(),
                );
            }),
        ),
        (
            "notification parse+verify XML",
            Some(3_000.0),
            Box::new(|| {
                black_box(
                    json.parse_notification(notification_xml.as_bytes())
                        .unwrap(),
                );
            }),
        ),
        (
            "notification reply JSON",
            None,
            Box::new(|| {
                black_box(json.notification_reply_at(&parsed_json, true, reply_at));
            }),
        ),
        (
            "notification reply XML",
            None,
            Box::new(|| {
                black_box(json.notification_reply_at(&parsed_xml, true, reply_at));
            }),
        ),
    ];
    for (name, max_ns, mut f) in cases {
        if only
            .as_ref()
            .is_some_and(|only| !name.contains(only.as_str()))
        {
            continue;
        }
        let m = measure(&mut f, round_ms, rounds);
        let (target, result) = match max_ns {
            Some(max) => (format!("≤ {} µs", max / 1000.0), verdict(m.ns <= max)),
            None => ("report".to_string(), "-"),
        };
        row(&[
            "Rust core",
            &format!("{name} ({})", alloc_text(&m)),
            &time_text(m.ns),
            "-",
            "-",
            "-",
            &target,
            result,
        ]);
    }
}
