//! [`Sandbox`]: the public handle of a running sandbox (the contract the CLI and the Python
//! binding code against).

use std::sync::Arc;
use std::time::Duration;

use faspay::{Config, Error, ErrorCode, FaspayDateTime, Format, Operation, PaymentStatusCode};

use crate::app::App;
use crate::expiry::Sweeper;
use crate::faults::Fault;
use crate::fidelity::Warning;
use crate::limits::HttpLimits;
use crate::notifier::{Delivery, Notifier};
use crate::options::SandboxOptions;
use crate::received::ReceivedRequest;
use crate::return_url;
use crate::router;
use crate::server::{Handler, QuickHandler, Server};
use crate::state::{Refusal, TransactionView};

/// Threads that deliver notifications.
const NOTIFY_WORKERS: usize = 4;

/// A running sandbox. Stops (closes its port, drops queued notifications) on drop.
pub struct Sandbox {
    app: Arc<App>,
    server: Server,
    sweeper: Sweeper,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.app.base_url())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts the server and its notification workers.
    pub fn start(options: SandboxOptions) -> faspay::Result<Sandbox> {
        Sandbox::start_with_limits(options, HttpLimits::default())
    }

    /// [`Sandbox::start`] with other limits for the HTTP server (deadlines, sizes, connections).
    pub fn start_with_limits(
        options: SandboxOptions,
        limits: HttpLimits,
    ) -> faspay::Result<Sandbox> {
        let config = Config::new(
            options.merchant_id.clone(),
            options.merchant_name.clone(),
            options.user_id.clone(),
            options.password.as_str(),
        );
        config.validate()?;
        if options.threads == 0 {
            return Err(Error::invalid_field("threads", "must be at least 1"));
        }
        for (field, url) in [
            ("notify_url", &options.notify_url),
            ("return_url", &options.return_url),
        ] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(Error::invalid_field(field, "must be an http(s) URL"));
            }
        }
        let io_error = |what: &str, e: std::io::Error| {
            Error::new(
                ErrorCode::Transport,
                format!("sandbox could not {what}: {e}"),
            )
        };
        let notifier = Notifier::start(NOTIFY_WORKERS).map_err(|e| io_error("start threads", e))?;
        let (host, port, threads) = (options.host.clone(), options.port, options.threads);
        let app = Arc::new(App::new(options, notifier));
        let handler_app = Arc::clone(&app);
        let handler: Handler = Arc::new(move |request| router::route(&handler_app, request));
        let quick_app = Arc::clone(&app);
        let quick: QuickHandler =
            Arc::new(move |request| router::route_without_blocking(&quick_app, request));
        let server = Server::start(&host, port, threads, limits, handler, Some(quick))
            .map_err(|e| io_error(&format!("listen on {host}:{port}"), e))?;
        app.set_base_url(format!("http://{}", server.addr()));
        app.set_connection_counter(server.accepted());
        let sweeper =
            Sweeper::start(Arc::downgrade(&app)).map_err(|e| io_error("start threads", e))?;
        Ok(Sandbox {
            app,
            server,
            sweeper,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.app.base_url()
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.server.addr().port()
    }

    /// The current settings.
    pub fn options(&self) -> SandboxOptions {
        self.app.options()
    }

    /// A client configuration with the sandbox's credentials and URL.
    pub fn client_config(&self) -> Config {
        let o = self.app.options();
        let mut config = Config::new(o.merchant_id, o.merchant_name, o.user_id, o.password)
            .with_base_url(self.base_url());
        config.amount_unit = o.amount_unit;
        config
    }

    /// URL, credentials and notification target, for the CLI to print on start.
    pub fn banner(&self) -> String {
        self.app.banner()
    }

    /// Where notifications go (`None` = none are sent).
    pub fn set_notify_url(&self, url: Option<String>) {
        self.app.update(|o| o.notify_url = url);
    }

    /// The format of notifications.
    pub fn set_notify_format(&self, format: Format) {
        self.app.update(|o| o.notify_format = format);
    }

    /// How long the simulated OVO customer takes to decide.
    pub fn set_push_delay(&self, delay: Duration) {
        self.app.update(|o| o.push_delay = delay);
    }

    /// Wait between notification attempts and the number of extra attempts.
    pub fn set_notify_retries(&self, max_retries: u32, delay: Duration) {
        self.app.update(|o| {
            o.notify_max_retries = max_retries;
            o.notify_retry_delay = delay;
        });
    }

    /// The merchant return URL the redirect page sends the browser to after a decision.
    pub fn set_return_url(&self, url: Option<String>) {
        self.app.update(|o| o.return_url = url);
    }

    /// Strict mode: answer every case the fidelity policy accepts with a warning with the
    /// refusal code of Faspay's docs instead.
    pub fn set_strict(&self, strict: bool) {
        self.app.update(|o| o.strict = strict);
    }

    /// Refuse a reused `bill_no` with `14` (otherwise it gets its own `trx_id` and a warning).
    pub fn set_unique_bill_no(&self, unique: bool) {
        self.app.update(|o| o.unique_bill_no = unique);
    }

    /// Everything accepted so far that Faspay's docs would refuse, oldest first (a repeat of
    /// the same operation, transaction, kind and field is listed once). Empty means the
    /// client sent nothing outside the docs' letter. Each transaction also keeps its own
    /// ([`TransactionView::warnings`]).
    pub fn warnings(&self) -> Vec<Warning> {
        self.app.warnings()
    }

    /// Forgets the warnings listed by [`Sandbox::warnings`] (transactions keep theirs).
    pub fn clear_warnings(&self) {
        self.app.clear_warnings();
    }

    /// Marks a pending transaction paid (status 2) and notifies the merchant.
    pub fn approve(&self, trx_id: &str) -> faspay::Result<()> {
        self.settle(trx_id, PaymentStatusCode::Success)
    }

    /// Marks a pending transaction failed (status 3) and notifies the merchant.
    pub fn reject(&self, trx_id: &str) -> faspay::Result<()> {
        self.settle(trx_id, PaymentStatusCode::Failed)
    }

    /// Marks a pending transaction expired (status 7) and notifies the merchant.
    pub fn expire(&self, trx_id: &str) -> faspay::Result<()> {
        self.settle(trx_id, PaymentStatusCode::Expired)
    }

    /// Takes a paid transaction's payment back: status 4 (reversal) and a notification.
    /// A cancel of it then answers `80`.
    pub fn reverse(&self, trx_id: &str) -> faspay::Result<()> {
        refused_move(trx_id, "paid", self.app.reverse(trx_id))
    }

    fn settle(&self, trx_id: &str, status: PaymentStatusCode) -> faspay::Result<()> {
        refused_move(trx_id, "pending", self.app.settle(trx_id, status))
    }

    /// Moves the sandbox clock forward and expires what it passed.
    pub fn advance_clock(&self, by: Duration) {
        self.app.clock.advance(by);
        self.app.expire_due();
    }

    /// The sandbox's current time (WIB).
    pub fn now(&self) -> FaspayDateTime {
        self.app.clock.now()
    }

    /// One transaction.
    pub fn transaction(&self, trx_id: &str) -> Option<TransactionView> {
        self.app.expire_if_due(trx_id);
        self.app.store().get(trx_id).map(|t| t.view())
    }

    /// Every transaction, oldest first.
    pub fn transactions(&self) -> Vec<TransactionView> {
        self.app.expire_due();
        self.app
            .store()
            .all()
            .into_iter()
            .map(|t| t.view())
            .collect()
    }

    /// Every notification attempt so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.app.notifier.deliveries()
    }

    /// Waits until at least `count` notification attempts are recorded; `false` on timeout.
    pub fn wait_for_deliveries(&self, count: usize, timeout: Duration) -> bool {
        self.app.notifier.wait_for(count, timeout)
    }

    /// Notifications queued, waiting for a retry, or being sent.
    pub fn pending_notifications(&self) -> usize {
        self.app.notifier.pending()
    }

    /// Arms a fault.
    pub fn set_fault(&self, fault: Fault) {
        self.app.faults.add(fault);
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.app.faults.clear();
    }

    /// The armed faults.
    pub fn faults(&self) -> Vec<Fault> {
        self.app.faults.list()
    }

    /// TCP connections the server accepted since it started (admin API included): with a
    /// keep-alive client, far fewer than its calls.
    pub fn connections_accepted(&self) -> u64 {
        self.app.connections_accepted()
    }

    /// Requests received by an API endpoint (faulted ones included).
    pub fn request_count(&self, op: Operation) -> u64 {
        self.app.request_count(op)
    }

    /// Sets every request counter back to 0.
    pub fn reset_request_counts(&self) {
        self.app.reset_counts();
    }

    /// The requests received (all but the admin API's), byte for byte with the answer given,
    /// oldest first: the last [`RECEIVED_MAX_REQUESTS`](crate::RECEIVED_MAX_REQUESTS) within
    /// [`RECEIVED_MAX_BYTES`](crate::RECEIVED_MAX_BYTES) of bodies. For test suites that
    /// re-check what their client sent with code of their own.
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.app.received.list()
    }

    /// [`received_requests`](Self::received_requests), emptying the log in the same step: a
    /// test that drains it while requests keep coming sees every request exactly once (a gap
    /// in `seq` means requests fell out of the bounded log between two drains).
    pub fn take_received_requests(&self) -> Vec<ReceivedRequest> {
        self.app.received.take()
    }

    /// Empties the log of received requests (sequence numbers keep counting).
    pub fn clear_received_requests(&self) {
        self.app.received.clear();
    }

    /// The merchant return URL for a transaction: `return_base` plus Faspay's signed query
    /// (status = the transaction's current status).
    pub fn return_url(&self, trx_id: &str, return_base: &str) -> faspay::Result<String> {
        let o = self.app.options();
        let store = self.app.store();
        let t = store
            .get(trx_id)
            .ok_or_else(|| Error::invalid_field("trx_id", format!("no transaction {trx_id:?}")))?;
        Ok(return_url::build(&o, t, return_base))
    }

    /// The browser payment page of a transaction (the `redirect_url` Post Data answers).
    pub fn redirect_url(&self, trx_id: &str) -> faspay::Result<String> {
        let bill_no = self
            .app
            .store()
            .get(trx_id)
            .map(|t| t.bill_no.clone())
            .ok_or_else(|| Error::invalid_field("trx_id", format!("no transaction {trx_id:?}")))?;
        Ok(crate::handlers::post_data_redirect_url(
            &self.app, trx_id, &bill_no,
        ))
    }

    /// Stops the server and the notification workers.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        // Both may wait (up to STOP_WAIT) for busy threads: wait for them side by side.
        let notifier = &self.app.notifier;
        std::thread::scope(|scope| {
            scope.spawn(|| notifier.stop());
            self.server.stop();
            self.sweeper.stop();
        });
    }
}

/// A status change's outcome as the library reports it: `INVALID_ARGUMENT` on `trx_id` when
/// the transaction is unknown or not `needs` (pending, paid).
fn refused_move<T>(trx_id: &str, needs: &str, moved: Result<T, Refusal>) -> faspay::Result<()> {
    match moved {
        Ok(_) => Ok(()),
        Err(Refusal::NotFound) => Err(Error::invalid_field(
            "trx_id",
            format!("no transaction {trx_id:?}"),
        )),
        Err(Refusal::NotPending(s)) => Err(Error::invalid_field(
            "trx_id",
            format!("transaction {trx_id} is not {needs} (status {s})"),
        )),
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}
