//! Stopping background threads without hanging: a thread busy in a slow step (an OVO push
//! delay, a latency fault, a notification to a merchant that does not answer) is left to
//! finish on its own instead of blocking shutdown.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long shutdown waits for busy threads before leaving them to finish alone.
pub const STOP_WAIT: Duration = Duration::from_secs(2);

/// Joins the threads that end within `limit`; the others are detached (they hold only shared
/// state and exit once their current step ends).
pub fn join_within(handles: Vec<JoinHandle<()>>, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline && !handles.iter().all(JoinHandle::is_finished) {
        std::thread::sleep(Duration::from_millis(5));
    }
    for handle in handles {
        if handle.is_finished() {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stuck_thread_does_not_block_the_caller() {
        let quick = std::thread::spawn(|| {});
        let stuck = std::thread::spawn(|| std::thread::sleep(Duration::from_secs(5)));
        let started = Instant::now();
        join_within(vec![quick, stuck], Duration::from_millis(100));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
