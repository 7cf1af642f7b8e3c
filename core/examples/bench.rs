//! Micro-benchmarks of the hot paths (signing, request encoding, notification verification,
//! response decoding) with targets: run by `scripts/bench`, exits non-zero when a target is
//! missed. Time per operation is the median of several rounds; memory is the bytes allocated
//! per operation, counted by a wrapping global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use faspay::{Bill, Client, Config, Format, Operation, notification_signature};

struct Counting;
static ALLOCATED: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Target {
    name: &'static str,
    max_time: Duration,
    max_bytes: u64,
}

/// Runs `f` many times; returns (median time per op, bytes allocated per op).
fn measure(mut f: impl FnMut()) -> (Duration, u64) {
    const ITERS: u32 = 2_000;
    let mut rounds = Vec::new();
    let before = ALLOCATED.load(Ordering::Relaxed);
    for _ in 0..7 {
        let start = Instant::now();
        for _ in 0..ITERS {
            f();
        }
        rounds.push(start.elapsed() / ITERS);
    }
    let bytes = (ALLOCATED.load(Ordering::Relaxed) - before) / (7 * ITERS as u64);
    rounds.sort();
    (rounds[3], bytes)
}

fn main() {
    let client = |format| {
        Client::new(
            Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd").with_format(format),
        )
        .expect("valid config")
    };
    let (json, xml) = (client(Format::Json), client(Format::Xml));
    let bill = Bill::from_json(
        r#"{"bill_no":"INV-1","bill_desc":"Kopi","bill_total":"25000.50","payment_channel":"812",
            "cust_no":"42","cust_name":"Budi","billing_name":"Budi","msisdn":"081234567890",
            "email":"budi@example.com","bill_date":"2026-11-23 10:00:00","bill_expired":"2026-11-23 11:00:00",
            "item":[{"product":"Kopi","qty":1,"amount":"25000.50"},{"product":"Roti","qty":2,"amount":0}]}"#,
    )
    .expect("valid bill");
    let sig = notification_signature("bot99999", "p@ssw0rd", "INV-1", "2");
    let notif_json = format!(
        r#"{{"request":"Payment Notification","trx_id":"9999971600246827","merchant_id":"99999","merchant":"Sophia Store","bill_no":"INV-1","payment_reff":"1","payment_date":"2026-11-23 10:05:00","payment_status_code":"2","payment_status_desc":"Payment Sukses","bill_total":"2500050","payment_total":"2500050","payment_channel_uid":"812","payment_channel":"OVO","signature":"{sig}"}}"#
    );
    let notif_xml = format!(
        "<faspay><request>Payment Notification</request><trx_id>9999971600246827</trx_id><merchant_id>99999</merchant_id><merchant>Sophia Store</merchant><bill_no>INV-1</bill_no><payment_status_code>2</payment_status_code><payment_total>2500050</payment_total><signature>{sig}</signature></faspay>"
    );
    let status = br#"{"trx_id":"9999971600246827","merchant_id":"99999","bill_no":"INV-1","payment_status_code":"2","payment_status_desc":"Payment Sukses","payment_total":"2500050","response_code":"00","response_desc":"Sukses"}"#;

    let us = Duration::from_micros;
    let mut cases: Vec<(Target, Box<dyn FnMut()>)> = vec![
        (
            Target {
                name: "sign",
                max_time: us(5),
                max_bytes: 512,
            },
            Box::new(|| {
                black_box(faspay::sign("bot99999", "p@ssw0rd", black_box("INV-1")));
            }),
        ),
        (
            Target {
                name: "prepare_create_transaction json",
                max_time: us(60),
                max_bytes: 16_384,
            },
            Box::new(|| {
                black_box(json.prepare_create_transaction(&bill).unwrap());
            }),
        ),
        (
            Target {
                name: "prepare_create_transaction xml",
                max_time: us(60),
                max_bytes: 16_384,
            },
            Box::new(|| {
                black_box(xml.prepare_create_transaction(&bill).unwrap());
            }),
        ),
        (
            Target {
                name: "parse_notification json",
                max_time: us(40),
                max_bytes: 16_384,
            },
            Box::new(|| {
                black_box(json.parse_notification(notif_json.as_bytes()).unwrap());
            }),
        ),
        (
            Target {
                name: "parse_notification xml",
                max_time: us(40),
                max_bytes: 16_384,
            },
            Box::new(|| {
                black_box(json.parse_notification(notif_xml.as_bytes()).unwrap());
            }),
        ),
        (
            Target {
                name: "decode payment_status",
                max_time: us(30),
                max_bytes: 8_192,
            },
            Box::new(|| {
                black_box(
                    json.decode_response(Operation::PaymentStatus, 200, status)
                        .unwrap(),
                );
            }),
        ),
    ];
    let mut missed = 0;
    println!(
        "{:<36} {:>12} {:>12} {:>14}",
        "operation", "time/op", "target", "bytes/op"
    );
    for (target, f) in cases.iter_mut() {
        let (time, bytes) = measure(f);
        let ok = time <= target.max_time && bytes <= target.max_bytes;
        missed += usize::from(!ok);
        println!(
            "{:<36} {:>10.2}µs {:>10}µs {:>8} / {:<5} {}",
            target.name,
            time.as_secs_f64() * 1e6,
            target.max_time.as_micros(),
            bytes,
            target.max_bytes,
            if ok { "ok" } else { "MISSED" }
        );
    }
    if missed > 0 {
        eprintln!("{missed} target(s) missed");
        std::process::exit(1);
    }
}
