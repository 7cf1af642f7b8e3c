//! Payment notifications: built and signed exactly as Faspay signs them, POSTed to the
//! merchant's notify URL by background worker threads (API answers never wait for them), the
//! reply parsed and checked for `response_code` `00`, refused ones retried after a delay, and
//! every attempt recorded as a [`Delivery`].

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use faspay::{Format, PaymentStatusCode};

/// Replies larger than this are not a notification reply.
const MAX_REPLY_BYTES: u64 = 64 * 1024;
/// Time allowed for one delivery attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// One notification attempt, as recorded by the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub trx_id: String,
    pub bill_no: String,
    pub payment_status_code: PaymentStatusCode,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub url: String,
    pub format: Format,
    pub request_body: String,
    /// `None` when no HTTP answer came (connection refused, timeout).
    pub http_status: Option<u16>,
    pub reply_body: Option<String>,
    /// The reply parsed and carried `response_code` `00`.
    pub accepted: bool,
    /// Why the attempt was not accepted.
    pub error: Option<String>,
}

/// A notification waiting to be (re)sent.
#[derive(Debug, Clone)]
pub struct Job {
    pub trx_id: String,
    pub bill_no: String,
    pub status: PaymentStatusCode,
    pub url: String,
    pub format: Format,
    pub body: String,
    pub attempt: u32,
    pub max_attempts: u32,
    pub retry_delay: Duration,
}

struct Scheduled {
    due: Instant,
    seq: u64,
    job: Job,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.seq).cmp(&(other.due, other.seq))
    }
}

#[derive(Default)]
struct Queue {
    heap: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    in_flight: usize,
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
    deliveries: Mutex<Vec<Delivery>>,
    recorded: Condvar,
    stopping: AtomicBool,
    agent: ureq::Agent,
}

/// The delivery workers.
pub struct Notifier {
    shared: Arc<Shared>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Notifier {
    /// Starts `workers` delivery threads.
    pub fn start(workers: usize) -> std::io::Result<Notifier> {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(ATTEMPT_TIMEOUT))
            .http_status_as_error(false)
            .max_redirects(0)
            // Notify URLs are the merchant's test servers, usually on loopback: a proxy from
            // the environment (HTTP_PROXY in CI) must not intercept them.
            .proxy(None)
            .build();
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
            deliveries: Mutex::new(Vec::new()),
            recorded: Condvar::new(),
            stopping: AtomicBool::new(false),
            agent: config.into(),
        });
        let mut threads = Vec::new();
        for i in 0..workers.max(1) {
            let s = Arc::clone(&shared);
            threads.push(
                std::thread::Builder::new()
                    .name(format!("sandbox-notify-{i}"))
                    .spawn(move || worker_loop(&s))?,
            );
        }
        Ok(Notifier {
            shared,
            threads: Mutex::new(threads),
        })
    }

    /// Queues a notification for delivery now.
    pub fn enqueue(&self, job: Job) {
        schedule(&self.shared, job, Instant::now());
    }

    /// Every attempt so far, in the order they finished.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared
            .deliveries
            .lock()
            .map(|d| d.clone())
            .unwrap_or_default()
    }

    /// Waits until at least `count` attempts are recorded; `false` on timeout.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> bool {
        // A deadline past the clock's range means "wait forever", not a panic.
        let deadline = Instant::now().checked_add(timeout);
        let Ok(mut deliveries) = self.shared.deliveries.lock() else {
            return false;
        };
        while deliveries.len() < count {
            let left = match deadline {
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(3600),
            };
            if left.is_zero() {
                return false;
            }
            deliveries = match self.shared.recorded.wait_timeout(deliveries, left) {
                Ok((d, _)) => d,
                Err(_) => return false,
            };
        }
        true
    }

    /// Notifications queued or being sent.
    pub fn pending(&self) -> usize {
        self.shared
            .queue
            .lock()
            .map(|q| q.heap.len() + q.in_flight)
            .unwrap_or(0)
    }

    /// Stops the workers (queued notifications are dropped).
    pub fn stop(&self) {
        {
            // Set under the queue's lock: a worker is either before its check of `stopping`
            // or already waiting (and woken below), never in between, where it would sleep on.
            let _queue = self.shared.queue.lock().unwrap_or_else(|e| e.into_inner());
            self.shared.stopping.store(true, Ordering::SeqCst);
        }
        self.shared.ready.notify_all();
        let threads = match self.threads.lock() {
            Ok(mut t) => std::mem::take(&mut *t),
            Err(_) => Vec::new(),
        };
        crate::threads::join_within(threads, crate::threads::STOP_WAIT);
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        self.stop();
    }
}

fn schedule(shared: &Shared, job: Job, due: Instant) {
    if let Ok(mut q) = shared.queue.lock() {
        q.seq += 1;
        let seq = q.seq;
        q.heap.push(Reverse(Scheduled { due, seq, job }));
        shared.ready.notify_one();
    }
}

fn worker_loop(shared: &Shared) {
    loop {
        let job = {
            let Ok(mut q) = shared.queue.lock() else {
                return;
            };
            loop {
                if shared.stopping.load(Ordering::SeqCst) {
                    return;
                }
                let now = Instant::now();
                q = match q.heap.peek() {
                    Some(Reverse(s)) if s.due <= now => break,
                    Some(Reverse(s)) => {
                        let wait = s.due - now;
                        match shared.ready.wait_timeout(q, wait) {
                            Ok((q, _)) => q,
                            Err(_) => return,
                        }
                    }
                    // Nothing queued: sleep until a job is scheduled or the notifier stops
                    // (both notify), instead of waking idle workers on a timer.
                    None => match shared.ready.wait(q) {
                        Ok(q) => q,
                        Err(_) => return,
                    },
                };
            }
            let Some(Reverse(next)) = q.heap.pop() else {
                continue;
            };
            q.in_flight += 1;
            next.job
        };
        let delivery = attempt(&shared.agent, &job);
        let retry = !delivery.accepted && job.attempt < job.max_attempts;
        if retry {
            let next = Job {
                attempt: job.attempt + 1,
                ..job.clone()
            };
            let now = Instant::now();
            // An absurd retry delay saturates to an hour instead of overflowing the clock.
            let due = now
                .checked_add(job.retry_delay)
                .unwrap_or(now + Duration::from_secs(3600));
            schedule(shared, next, due);
        }
        // Record, then stop counting the job in flight: whoever sees `pending() == 0` also
        // sees this attempt and, through the retry scheduled above, anything that follows.
        if let Ok(mut deliveries) = shared.deliveries.lock() {
            deliveries.push(delivery);
            shared.recorded.notify_all();
        }
        if let Ok(mut q) = shared.queue.lock() {
            q.in_flight -= 1;
        }
    }
}

/// Sends one attempt and judges the reply.
fn attempt(agent: &ureq::Agent, job: &Job) -> Delivery {
    let mut delivery = Delivery {
        trx_id: job.trx_id.clone(),
        bill_no: job.bill_no.clone(),
        payment_status_code: job.status,
        attempt: job.attempt,
        url: job.url.clone(),
        format: job.format,
        request_body: job.body.clone(),
        http_status: None,
        reply_body: None,
        accepted: false,
        error: None,
    };
    let sent = agent
        .post(&job.url)
        .header("Content-Type", job.format.content_type())
        .send(job.body.as_bytes());
    let mut response = match sent {
        Ok(r) => r,
        Err(e) => {
            delivery.error = Some(format!("request failed: {e}"));
            return delivery;
        }
    };
    let status = response.status().as_u16();
    delivery.http_status = Some(status);
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_REPLY_BYTES)
        .read_to_vec();
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            delivery.error = Some(format!("reply could not be read: {e}"));
            return delivery;
        }
    };
    delivery.reply_body = Some(String::from_utf8_lossy(&body).into_owned());
    delivery.error = judge_reply(status, &body, job.format).err();
    delivery.accepted = delivery.error.is_none();
    delivery
}

/// Accepts a 2xx reply in the notification's format carrying `response_code` `00`.
pub fn judge_reply(status: u16, body: &[u8], format: Format) -> Result<(), String> {
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let fields = faspay::codec::decode(body, format)
        .map_err(|e| format!("reply is not {}: {}", format.as_str(), e.0))?;
    match fields.text("response_code").map(str::trim) {
        Some("00") => Ok(()),
        Some(code) => Err(format!(
            "reply response_code {code}: {}",
            fields.text_or_empty("response_desc")
        )),
        None => Err("reply has no response_code".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_judged_in_the_notification_format() {
        let ok_json = br#"{"response":"Payment Notification","response_code":"00"}"#;
        assert_eq!(judge_reply(200, ok_json, Format::Json), Ok(()));
        assert!(judge_reply(500, ok_json, Format::Json).is_err());
        assert!(judge_reply(200, ok_json, Format::Xml).is_err());
        let refused = b"<faspay><response_code>99</response_code></faspay>";
        let err = judge_reply(200, refused, Format::Xml).unwrap_err();
        assert!(err.contains("99"), "{err}");
        assert!(judge_reply(200, b"<faspay><a>1</a></faspay>", Format::Xml).is_err());
    }
}
