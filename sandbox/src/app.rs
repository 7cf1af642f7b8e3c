//! The sandbox's shared state and the actions every door (API handlers, admin API, library)
//! goes through: settings, clock, transactions, status changes with their notifications,
//! faults, per-endpoint request counters and the log of received requests.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};

use faspay::{Operation, PaymentStatusCode};

use crate::clock::Clock;
use crate::faults::FaultSet;
use crate::fidelity::{Findings, Warning, WarningLog};
use crate::notification;
use crate::notifier::{Job, Notifier};
use crate::options::SandboxOptions;
use crate::received::ReceivedLog;
use crate::state::{Refusal, Store, Transaction};

/// Everything the sandbox knows.
pub struct App {
    settings: RwLock<SandboxOptions>,
    pub clock: Clock,
    store: Mutex<Store>,
    pub faults: FaultSet,
    pub notifier: Notifier,
    counts: Mutex<HashMap<Operation, u64>>,
    warnings: Mutex<WarningLog>,
    /// Every request received (but the admin API's), bounded.
    pub received: ReceivedLog,
    base_url: OnceLock<String>,
    /// The server's count of accepted connections (set after binding).
    connections_accepted: OnceLock<Arc<AtomicU64>>,
}

impl App {
    /// A sandbox state with these settings and its notification workers.
    pub fn new(options: SandboxOptions, notifier: Notifier) -> App {
        App {
            settings: RwLock::new(options),
            clock: Clock::new(),
            store: Mutex::new(Store::default()),
            faults: FaultSet::default(),
            notifier,
            counts: Mutex::new(HashMap::new()),
            warnings: Mutex::new(WarningLog::default()),
            received: ReceivedLog::default(),
            base_url: OnceLock::new(),
            connections_accepted: OnceLock::new(),
        }
    }

    /// Records the URL the server listens on (known after binding).
    pub fn set_base_url(&self, url: String) {
        let _ = self.base_url.set(url);
    }

    /// Links the server's count of accepted connections.
    pub fn set_connection_counter(&self, accepted: Arc<AtomicU64>) {
        let _ = self.connections_accepted.set(accepted);
    }

    /// TCP connections the server accepted since the start (admin API included).
    pub fn connections_accepted(&self) -> u64 {
        self.connections_accepted
            .get()
            .map_or(0, |n| n.load(Ordering::Relaxed))
    }

    /// `http://host:port`.
    pub fn base_url(&self) -> String {
        self.base_url.get().cloned().unwrap_or_default()
    }

    /// A copy of the current settings.
    pub fn options(&self) -> SandboxOptions {
        self.settings
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Changes settings.
    pub fn update(&self, change: impl FnOnce(&mut SandboxOptions)) {
        match self.settings.write() {
            Ok(mut s) => change(&mut s),
            Err(e) => change(&mut e.into_inner()),
        }
    }

    /// The transaction store, locked. A poisoned lock still holds consistent data (every
    /// change is a single assignment), so it is used anyway.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a request to an API endpoint.
    pub fn count(&self, op: Operation) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry(op).or_insert(0) += 1;
    }

    /// Requests received per endpoint.
    pub fn request_count(&self, op: Operation) -> u64 {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.get(&op).copied().unwrap_or(0)
    }

    /// Sets every request counter back to 0.
    pub fn reset_counts(&self) {
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Records the findings of an accepted request: in the sandbox's list and, when the
    /// request names an existing transaction (`trx_id` with its `bill_no`), on it.
    pub fn record_findings(
        &self,
        op: Operation,
        findings: Findings,
        trx_id: Option<&str>,
        bill_no: Option<&str>,
    ) {
        if findings.found.is_empty() {
            return;
        }
        let (warnings, _) = findings.into_warnings(op, trx_id, bill_no);
        if let Some(trx_id) = trx_id {
            let mut store = self.store();
            if let Some(t) = store.get_mut(trx_id)
                && Some(t.bill_no.as_str()) == bill_no
            {
                t.add_warnings(&warnings);
            }
        }
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(&warnings);
    }

    /// Every warning recorded, oldest first.
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .all()
    }

    /// Forgets the recorded warnings (those kept on transactions stay).
    pub fn clear_warnings(&self) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Moves a pending transaction to `status` and notifies the merchant.
    pub fn settle(&self, trx_id: &str, status: PaymentStatusCode) -> Result<Transaction, Refusal> {
        self.expire_if_due(trx_id);
        let now = self.clock.now();
        let changed = self.store().settle(trx_id, status, now)?;
        self.notify(&changed);
        Ok(changed)
    }

    /// Reverses a paid transaction (status 4) and notifies the merchant.
    pub fn reverse(&self, trx_id: &str) -> Result<Transaction, Refusal> {
        let now = self.clock.now();
        let changed = self.store().reverse(trx_id, now)?;
        self.notify(&changed);
        Ok(changed)
    }

    /// Expires `trx_id` when the clock has passed its `bill_expired` (checked on every access,
    /// so expiry needs no background timer).
    pub fn expire_if_due(&self, trx_id: &str) {
        let now = self.clock.now();
        let expired = {
            let mut store = self.store();
            match store.get(trx_id) {
                Some(t) if t.is_pending() && t.bill_expired <= now => {
                    store.settle(trx_id, PaymentStatusCode::Expired, now).ok()
                }
                _ => None,
            }
        };
        if let Some(t) = expired {
            self.notify(&t);
        }
    }

    /// Expires every pending transaction the clock has passed.
    pub fn expire_due(&self) {
        let now = self.clock.now();
        let due = self.store().due_for_expiry(now);
        for trx_id in due {
            self.expire_if_due(&trx_id);
        }
    }

    /// Queues the payment notification of `t`'s current status, when a notify URL is set.
    pub fn notify(&self, t: &Transaction) {
        let options = self.options();
        let Some(url) = options.notify_url.clone() else {
            return;
        };
        let format = options.notify_format;
        let body = notification::body(&options, t, self.clock.now(), format);
        self.notifier.enqueue(Job {
            trx_id: t.trx_id.clone(),
            bill_no: t.bill_no.clone(),
            status: t.status,
            url,
            format,
            body,
            attempt: 1,
            max_attempts: options.notify_max_retries.saturating_add(1),
            retry_delay: options.notify_retry_delay,
        });
    }
}

impl App {
    /// The password when it is Faspay's public sample one; a password someone configured may
    /// be real and is never shown.
    pub fn public_password(&self) -> Option<&'static str> {
        let sample = crate::options::PUBLIC_SAMPLE_PASSWORD;
        (self.options().password == sample).then_some(sample)
    }

    /// What the CLI prints on start: URL, credentials (the public sample password only) and
    /// where notifications go.
    pub fn banner(&self) -> String {
        let o = self.options();
        let password = self
            .public_password()
            .unwrap_or("(as configured, not shown)");
        let base = self.base_url();
        format!(
            "Faspay sandbox listening on {base}\n\
             \x20 merchant_id   {}\n\
             \x20 merchant_name {}\n\
             \x20 user_id       {}\n\
             \x20 password      {}\n\
             \x20 notify_url    {} ({})\n\
             \x20 admin API     {base}/__sandbox/\n\
             \x20 OVO numbers   ending 000 = customer rejects, 999 = never answers, other = approves\n\
             \x20 fidelity      {}\n",
            o.merchant_id,
            o.merchant_name,
            o.user_id,
            password,
            o.notify_url.as_deref().unwrap_or("(none)"),
            o.notify_format.as_str(),
            if o.strict {
                "strict: refuses what Faspay's docs refuse"
            } else {
                "lenient: what Faspay's docs would refuse is accepted with a warning"
            },
        )
    }
}
