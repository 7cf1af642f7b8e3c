//! A background sweeper that expires pending bills as real time passes their `bill_expired`,
//! so their notifications go out even when nobody asks about them. (Moving the sandbox clock
//! and every access also expire what is due.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::app::App;

const SWEEP_EVERY: Duration = Duration::from_millis(500);

/// The running sweeper; stops on [`Sweeper::stop`] or drop.
pub struct Sweeper {
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Sweeper {
    /// Starts sweeping `app` (held weakly, so the sweeper never keeps a sandbox alive).
    pub fn start(app: Weak<App>) -> std::io::Result<Sweeper> {
        let stopping = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopping);
        let thread = std::thread::Builder::new()
            .name("sandbox-expiry".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    std::thread::park_timeout(SWEEP_EVERY);
                    match app.upgrade() {
                        Some(app) if !flag.load(Ordering::SeqCst) => app.expire_due(),
                        _ => {}
                    }
                }
            })?;
        Ok(Sweeper {
            stopping,
            thread: Some(thread),
        })
    }

    /// Stops the sweeper and waits for it.
    pub fn stop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        self.stop();
    }
}
