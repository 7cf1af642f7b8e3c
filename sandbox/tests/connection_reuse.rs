//! The client's keep-alive, counted rather than timed: calls on a reused connection spawn no
//! thread (no name lookup on a helper thread) and open no connection, and 16 threads sharing
//! one client reuse a pool of about 16 connections over thousands of calls.
//!
//! Threads are counted by interposing `pthread_create` in this test binary: every thread std
//! starts goes through it, so a per-thread counter says how many threads the calling thread
//! started, whatever the in-process sandbox server does on its own threads.

#![cfg(target_os = "linux")]

mod common;

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::OnceLock;

use faspay::{Client, Format};
use faspay_sandbox::Sandbox;

thread_local! {
    static THREADS_STARTED: Cell<u64> = const { Cell::new(0) };
}

type PthreadCreate = unsafe extern "C" fn(
    *mut libc::pthread_t,
    *const libc::pthread_attr_t,
    extern "C" fn(*mut c_void) -> *mut c_void,
    *mut c_void,
) -> libc::c_int;

/// Counts the calling thread's thread starts, then starts the thread with the C library's own
/// `pthread_create`.
///
/// # Safety
/// Same contract as `pthread_create`; the arguments are passed through unchanged.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pthread_create(
    thread: *mut libc::pthread_t,
    attr: *const libc::pthread_attr_t,
    start: extern "C" fn(*mut c_void) -> *mut c_void,
    arg: *mut c_void,
) -> libc::c_int {
    static REAL: OnceLock<usize> = OnceLock::new();
    let real = *REAL.get_or_init(|| {
        // SAFETY: a NUL-terminated name; RTLD_NEXT finds the C library's definition.
        unsafe { libc::dlsym(libc::RTLD_NEXT, c"pthread_create".as_ptr()) as usize }
    });
    assert_ne!(real, 0, "the C library's pthread_create was not found");
    let _ = THREADS_STARTED.try_with(|n| n.set(n.get() + 1));
    // SAFETY: `real` is the address of the C library's pthread_create, of this signature.
    let real: PthreadCreate = unsafe { std::mem::transmute::<usize, PthreadCreate>(real) };
    // SAFETY: the caller's arguments, unchanged.
    unsafe { real(thread, attr, start, arg) }
}

fn threads_started_here() -> u64 {
    THREADS_STARTED.with(Cell::get)
}

/// A sandbox with one transaction, and a client of it reaching the server by `host`.
fn setup(host: &str) -> (Sandbox, Client, String, String) {
    let sandbox = common::sandbox();
    let mut config = common::config(&sandbox, Format::Json);
    config.base_url = Some(sandbox.base_url().replace("127.0.0.1", host));
    let client = Client::new(config).expect("client");
    let created = client
        .create_transaction(&common::bill("REUSE-1", "812"))
        .expect("create");
    (sandbox, client, created.trx_id, created.bill_no)
}

#[test]
fn the_counter_sees_threads_this_thread_starts() {
    let before = threads_started_here();
    std::thread::spawn(|| {}).join().unwrap();
    assert_eq!(threads_started_here(), before + 1);
}

#[test]
fn sequential_calls_on_a_reused_connection_start_no_thread_and_no_connection() {
    // By IP literal (the sandbox) and by host name (production): both must be thread-free.
    for host in ["127.0.0.1", "localhost"] {
        let (sandbox, client, trx_id, bill_no) = setup(host);
        client.payment_status(&trx_id, &bill_no).expect("warm-up");
        let (threads, connections) = (threads_started_here(), sandbox.connections_accepted());
        for _ in 0..300 {
            client.payment_status(&trx_id, &bill_no).expect("status");
        }
        assert_eq!(
            threads_started_here() - threads,
            0,
            "{host}: threads started by 300 calls on a reused connection"
        );
        assert_eq!(
            sandbox.connections_accepted() - connections,
            0,
            "{host}: connections opened by 300 sequential calls"
        );
    }
}

#[test]
fn sixteen_threads_sharing_one_client_reuse_their_connections() {
    const THREADS: usize = 16;
    const CALLS: usize = 125;
    let (sandbox, client, trx_id, bill_no) = setup("127.0.0.1");
    let before = sandbox.connections_accepted();
    let started_per_thread: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                let (client, trx_id, bill_no) = (&client, &trx_id, &bill_no);
                scope.spawn(move || {
                    client.payment_status(trx_id, bill_no).expect("first call");
                    let start = threads_started_here();
                    for _ in 1..CALLS {
                        client.payment_status(trx_id, bill_no).expect("status");
                    }
                    threads_started_here() - start
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(
        started_per_thread,
        vec![0; THREADS],
        "threads started per caller"
    );
    let opened = sandbox.connections_accepted() - before;
    // One per thread in the worst case, plus slack for a connection the server closed.
    assert!(
        opened <= THREADS as u64 + 4,
        "{opened} connections for {} calls by {THREADS} threads",
        THREADS * CALLS
    );
}
