//! `faspay demo`: one OVO checkout walked end to end against an embedded sandbox and a local
//! merchant endpoint, each step printed as it happens and checked; the exit status says
//! whether the whole flow behaved as expected.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::{Args, ValueEnum};
use faspay::{Amount, Bill, Client, Format, Item, Notification, PaymentStatusCode, Secret};
use faspay_sandbox::{Sandbox, SandboxOptions};
use serde_json::{Value, json};

use crate::merchant_server::{MerchantEvent, MerchantServer};
use crate::output::{CliError, CliResult, Output};

/// How long any one step may take before the demo calls it failed, unless `--step-timeout`
/// says otherwise.
const STEP_TIMEOUT_SECONDS: u64 = 20;
const PRICE: Amount = Amount::rupiah(25_000);

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Outcome {
    /// The customer approves in the OVO app: paid (2).
    Approve,
    /// The customer rejects: failed (3).
    Reject,
    /// The customer never answers and the bill runs out (sandbox clock): expired (7).
    Expire,
}

impl Outcome {
    /// The sandbox's OVO phone-number patterns choose the customer's behaviour.
    fn ovo_number(self) -> &'static str {
        match self {
            Outcome::Approve => "081234567890",
            Outcome::Reject => "081234567000",
            Outcome::Expire => "081234567999",
        }
    }

    fn expected_status(self) -> PaymentStatusCode {
        match self {
            Outcome::Approve => PaymentStatusCode::Success,
            Outcome::Reject => PaymentStatusCode::Failed,
            Outcome::Expire => PaymentStatusCode::Expired,
        }
    }

    fn story(self) -> &'static str {
        match self {
            Outcome::Approve => "the customer approves",
            Outcome::Reject => "the customer rejects",
            Outcome::Expire => "the customer never answers and the bill expires",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Outcome::Approve => "approve",
            Outcome::Reject => "reject",
            Outcome::Expire => "expire",
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
Steps: create transaction (OVO, channel 812) -> OVO push -> the customer decides (sandbox) -> \
Faspay's notification reaches the merchant endpoint -> its signature is verified -> the reply is \
sent and the sandbox records it as accepted -> a status inquiry confirms the outcome.
Exit 0 only when every step behaved as the chosen --outcome expects; otherwise the failing step \
is named and the exit status is its error code's (9 = CHECK_FAILED).")]
pub struct DemoArgs {
    /// Wire format of the API calls and notifications: `json` or `xml`.
    #[arg(long, default_value = "json", value_parser = ["json", "xml"])]
    pub format: String,
    /// What the OVO customer does.
    #[arg(long, value_enum, default_value_t = Outcome::Approve)]
    pub outcome: Outcome,
    /// How long the simulated customer takes to decide, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 300)]
    pub push_delay_ms: u64,
    /// How long any one step may take before the demo calls it failed (CHECK_FAILED), in
    /// seconds (1 to 600).
    #[arg(long, value_name = "SECONDS", default_value_t = STEP_TIMEOUT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub step_timeout: u64,
    /// Also print each request the shop sent with Faspay's answer, the notification body Faspay
    /// sent and the reply bytes the merchant answered.
    #[arg(long)]
    pub show_messages: bool,
    /// Make the merchant endpoint verify with a wrong password, to see a notification refused
    /// (the demo then fails at the signature step with INVALID_SIGNATURE).
    #[arg(long)]
    pub wrong_merchant_password: bool,
}

/// The steps so far: printed as they happen, collected for `--json`.
struct Steps {
    out: Output,
    done: Vec<Value>,
}

impl Steps {
    fn ok(&mut self, step: &str, detail: String) {
        self.out
            .progress(&format!("✓ {}. {detail}", self.done.len() + 1));
        self.done
            .push(json!({ "step": step, "ok": true, "detail": detail }));
    }

    /// Records the failing step and returns its error, carrying the steps for `--json`.
    fn fail(&mut self, step: &str, error: impl Into<CliError>) -> CliError {
        let mut error = error.into();
        error.message = format!("step {step}: {}", error.message);
        self.out
            .progress(&format!("✗ {}. {}", self.done.len() + 1, error.message));
        self.done.push(
            json!({ "step": step, "ok": false, "code": error.code, "detail": error.message }),
        );
        error
            .details
            .insert("steps".into(), Value::Array(self.done.clone()));
        error
    }
}

pub fn run(args: &DemoArgs, out: Output) -> CliResult {
    let format = Format::parse(&args.format)?;
    let outcome = args.outcome;
    let options = SandboxOptions {
        notify_format: format,
        push_delay: Duration::from_millis(args.push_delay_ms),
        notify_retry_delay: Duration::from_millis(200),
        ..SandboxOptions::default()
    };
    let step_timeout = Duration::from_secs(args.step_timeout);
    let sandbox = Sandbox::start(options.clone())?;
    let mut config = sandbox.client_config().with_format(format);
    // Longer than the step: a customer slower than the step fails the step (CHECK_FAILED),
    // not the HTTP call (TIMEOUT).
    config.push_timeout = 2 * step_timeout;
    let client = Arc::new(Client::new(config.clone())?);
    let merchant_client = if args.wrong_merchant_password {
        config.password = Secret::new("not-the-sandbox-password");
        Arc::new(Client::new(config)?)
    } else {
        Arc::clone(&client)
    };
    let (events_tx, events) = mpsc::channel();
    let merchant = MerchantServer::start(merchant_client, events_tx)
        .map_err(|e| CliError::invalid(format!("cannot start the merchant endpoint: {e}")))?;
    sandbox.set_notify_url(Some(merchant.notify_url()));

    out.progress(&format!(
        "faspay demo: one OVO checkout end to end ({} messages; {})\n\
         \x20 Faspay sandbox     {}  (merchant {} {}, user {}: the docs' public sample)\n\
         \x20 merchant endpoint  {}  (stands in for your notification URL)\n",
        format.as_str().to_uppercase(),
        outcome.story(),
        sandbox.base_url(),
        options.merchant_id,
        options.merchant_name,
        options.user_id,
        merchant.notify_url(),
    ));

    let mut steps = Steps {
        out,
        done: Vec::new(),
    };
    let flow = Flow {
        sandbox: &sandbox,
        client: &client,
        events: &events,
        format,
        outcome,
        step_timeout,
    };
    let result = flow.walk(&mut steps);
    drop(merchant);
    let (trx_id, bill_no) = result?;
    let messages = args
        .show_messages
        .then(|| show_messages(&sandbox, &trx_id, out));
    let summary = format!(
        "\nAll {} steps checked out: the {} flow behaved as expected.",
        steps.done.len(),
        outcome.name()
    );
    out.progress(&summary);
    if out.json {
        out.result(
            "",
            &json!({
                "ok": true,
                "outcome": outcome.name(),
                "format": format.as_str(),
                "trx_id": trx_id,
                "bill_no": bill_no,
                "steps": steps.done,
                "messages": messages,
            }),
        );
    }
    Ok(())
}

struct Flow<'a> {
    sandbox: &'a Sandbox,
    client: &'a Arc<Client>,
    events: &'a Receiver<MerchantEvent>,
    format: Format,
    outcome: Outcome,
    step_timeout: Duration,
}

impl Flow<'_> {
    /// Runs every step; returns `(trx_id, bill_no)`.
    fn walk(&self, steps: &mut Steps) -> CliResult<(String, String)> {
        let expected = self.outcome.expected_status();
        let ovo_number = self.outcome.ovo_number();

        // 1. Create the OVO transaction.
        let bill = demo_bill(ovo_number);
        let created = self
            .client
            .create_transaction(&bill)
            .map_err(|e| steps.fail("create_transaction", e))?;
        let trx_id = created.trx_id.clone();
        steps.ok(
            "create_transaction",
            format!(
                "transaction created: trx_id {trx_id}, bill_no {}, Rp {PRICE} on OVO (812)",
                bill.bill_no
            ),
        );

        // 2. OVO push-to-pay. It blocks while the customer decides, so it runs aside.
        let pushed = self.push(&trx_id, ovo_number);
        let answered = match pushed {
            Ok(Some(code)) => format!(" (response_code {code})"),
            Ok(None) => String::new(),
            Err(e) => return Err(steps.fail("ovo_push", e)),
        };
        let push_detail = if self.outcome == Outcome::Expire {
            format!("OVO push delivered to {ovo_number}{answered}; the customer does not answer")
        } else {
            format!("OVO push sent to {ovo_number}{answered}")
        };
        steps.ok("ovo_push", push_detail);

        // 3. The customer's decision, as the sandbox records it.
        if self.outcome == Outcome::Expire {
            let view = self.sandbox.transaction(&trx_id).ok_or_else(|| {
                steps.fail(
                    "customer",
                    CliError::check("the sandbox does not know the transaction"),
                )
            })?;
            let wait = self.sandbox.now().seconds_until(view.bill_expired).max(0) as u64 + 60;
            self.sandbox.advance_clock(Duration::from_secs(wait));
        }
        let view = self
            .wait_for_status(&trx_id, expected)
            .map_err(|e| steps.fail("customer", e))?;
        let decision = match self.outcome {
            Outcome::Approve => "the customer approved in the OVO app".to_string(),
            Outcome::Reject => "the customer rejected in the OVO app".to_string(),
            Outcome::Expire => format!(
                "nobody answered; the sandbox clock passed bill_expired {}",
                view.bill_expired
            ),
        };
        steps.ok(
            "customer",
            format!(
                "{decision} (sandbox status {} {})",
                view.status.value(),
                view.status.description()
            ),
        );

        // 4. The notification reaches the merchant endpoint.
        let bytes = self
            .next_event(|e| match e {
                MerchantEvent::Received { format, bytes } => Some((format, bytes)),
                _ => None,
            })
            .and_then(|(format, bytes)| {
                if format == Some(self.format) {
                    Ok(bytes)
                } else {
                    Err(CliError::check(format!(
                        "expected a {} notification, got {:?}",
                        self.format.as_str(),
                        format.map(Format::as_str)
                    )))
                }
            })
            .map_err(|e| steps.fail("notification", e))?;
        steps.ok(
            "notification",
            format!(
                "Faspay's notification arrived at the merchant endpoint ({}, {bytes} bytes)",
                self.format.as_str().to_uppercase()
            ),
        );

        // 5. Its signature verifies, and it says what we expect.
        let notification = self
            .next_event(|e| match e {
                MerchantEvent::Verified(n) => Some(Ok(n)),
                MerchantEvent::Rejected(e) => Some(Err(e)),
                _ => None,
            })
            .and_then(|r| r.map_err(CliError::from))
            .and_then(|n| check_notification(&n, &trx_id, &bill.bill_no, expected).map(|_| n))
            .map_err(|e| steps.fail("verify_signature", e))?;
        let paid = notification
            .payment_total
            .filter(|_| expected.is_paid())
            .map(|a| format!(", payment_total Rp {a} checked against the order"))
            .unwrap_or_default();
        steps.ok(
            "verify_signature",
            format!(
                "signature verified (status included): payment_status_code {} {}{paid}",
                notification.payment_status_code.value(),
                notification.payment_status_desc
            ),
        );

        // 6. The reply went back and the sandbox accepted it.
        self.next_event(|e| match e {
            MerchantEvent::Replied { body } => Some(body),
            _ => None,
        })
        .and_then(|_| self.wait_for_accepted_delivery(&trx_id))
        .map_err(|e| steps.fail("reply", e))?;
        steps.ok(
            "reply",
            "reply 00 Success sent; the sandbox recorded the delivery as accepted".into(),
        );

        // 7. A status inquiry confirms the outcome.
        let status = self
            .client
            .payment_status(&trx_id, &bill.bill_no)
            .map_err(CliError::from)
            .and_then(|s| {
                if s.payment_status_code == expected {
                    Ok(s)
                } else {
                    Err(CliError::check(format!(
                        "status inquiry says {} {}, expected {} {}",
                        s.payment_status_code.value(),
                        s.payment_status_desc,
                        expected.value(),
                        expected.description()
                    )))
                }
            })
            .map_err(|e| steps.fail("payment_status", e))?;
        let word = match self.outcome {
            Outcome::Approve => "paid",
            Outcome::Reject => "failed",
            Outcome::Expire => "expired",
        };
        steps.ok(
            "payment_status",
            format!(
                "status inquiry says {word}: {} {}",
                status.payment_status_code.value(),
                status.payment_status_desc
            ),
        );
        Ok((trx_id, bill.bill_no))
    }

    /// Sends the push on a helper thread. `Ok(Some(code))` when Faspay answered, `Ok(None)`
    /// when the push was delivered but is still waiting for a customer who never answers.
    fn push(&self, trx_id: &str, ovo_number: &str) -> CliResult<Option<String>> {
        let (tx, rx) = mpsc::channel();
        let client = Arc::clone(self.client);
        let (trx, number) = (trx_id.to_string(), ovo_number.to_string());
        std::thread::spawn(move || {
            let _ = tx.send(client.ovo_push(&trx, &number));
        });
        let patience = if self.outcome == Outcome::Expire {
            Duration::from_secs(2)
        } else {
            self.step_timeout
        };
        match rx.recv_timeout(patience) {
            Ok(Ok(result)) => Ok(Some(
                result
                    .response
                    .map(|r| format!("{} {}", r.response_code, r.response_desc))
                    .unwrap_or_else(|| "none".into()),
            )),
            Ok(Err(e)) => Err(e.into()),
            Err(_) if self.outcome == Outcome::Expire => {
                let delivered = self
                    .sandbox
                    .transaction(trx_id)
                    .is_some_and(|t| t.ovo_number.is_some());
                if delivered {
                    Ok(None)
                } else {
                    Err(CliError::check("the sandbox never received the OVO push"))
                }
            }
            Err(_) => Err(CliError::check(format!(
                "no answer to the OVO push within {} s",
                self.step_timeout.as_secs()
            ))),
        }
    }

    fn wait_for_status(
        &self,
        trx_id: &str,
        expected: PaymentStatusCode,
    ) -> CliResult<faspay_sandbox::TransactionView> {
        let deadline = Instant::now() + self.step_timeout;
        loop {
            let view = self
                .sandbox
                .transaction(trx_id)
                .ok_or_else(|| CliError::check("the sandbox does not know the transaction"))?;
            if view.status == expected {
                return Ok(view);
            }
            if view.status.is_final() || Instant::now() >= deadline {
                return Err(CliError::check(format!(
                    "the transaction is {} {}, expected {} {}",
                    view.status.value(),
                    view.status.description(),
                    expected.value(),
                    expected.description()
                )));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The next merchant event `pick` accepts; silence is an error.
    fn next_event<T>(&self, pick: impl Fn(MerchantEvent) -> Option<T>) -> CliResult<T> {
        let deadline = Instant::now() + self.step_timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    if let Some(found) = pick(event) {
                        return Ok(found);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(CliError::check(format!(
                        "nothing reached the merchant endpoint within {} s",
                        self.step_timeout.as_secs()
                    )));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(CliError::check("the merchant endpoint stopped"));
                }
            }
        }
    }

    fn wait_for_accepted_delivery(&self, trx_id: &str) -> CliResult {
        let deadline = Instant::now() + self.step_timeout;
        loop {
            self.sandbox
                .wait_for_deliveries(1, Duration::from_millis(200));
            let deliveries = self.sandbox.deliveries();
            let mine: Vec<_> = deliveries.iter().filter(|d| d.trx_id == trx_id).collect();
            if mine.iter().any(|d| d.accepted) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                let why = mine
                    .last()
                    .and_then(|d| d.error.clone())
                    .unwrap_or_else(|| "no delivery recorded".into());
                return Err(CliError::check(format!(
                    "the sandbox did not accept the reply: {why}"
                )));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Prints (text mode) and returns the requests the shop sent to Faspay with Faspay's answers,
/// the accepted notification's body and the merchant's reply, exactly as they crossed the wire.
fn show_messages(sandbox: &Sandbox, trx_id: &str, out: Output) -> Value {
    let requests = sandbox.received_requests();
    for r in &requests {
        out.progress(&format!(
            "\nThe shop sent {} {}:\n  {}\nFaspay answered (HTTP {}):\n  {}",
            r.method,
            r.path,
            indent(&String::from_utf8_lossy(&r.body)),
            r.response_status.unwrap_or_default(),
            indent(&String::from_utf8_lossy(&r.response_body)),
        ));
    }
    let requests: Vec<Value> = requests.iter().map(faspay_sandbox::received_json).collect();
    let Some(delivery) = sandbox
        .deliveries()
        .into_iter()
        .find(|d| d.trx_id == trx_id && d.accepted)
    else {
        return json!({ "requests": requests, "notification": null, "reply": null });
    };
    let reply = delivery.reply_body.unwrap_or_default();
    out.progress(&format!(
        "\nThe notification Faspay sent ({}, {} bytes):\n  {}\nThe merchant's reply (HTTP {}):\n  {}",
        delivery.format.as_str().to_uppercase(),
        delivery.request_body.len(),
        indent(&delivery.request_body),
        delivery.http_status.unwrap_or_default(),
        indent(&reply),
    ));
    json!({ "requests": requests, "notification": delivery.request_body, "reply": reply })
}

/// A message's text indented under its heading.
fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n  ")
}

/// The notification must be about our transaction and carry the expected outcome; a paid one
/// must carry the full amount.
fn check_notification(
    n: &Notification,
    trx_id: &str,
    bill_no: &str,
    expected: PaymentStatusCode,
) -> CliResult {
    if n.trx_id != trx_id || n.bill_no != bill_no {
        return Err(CliError::check(format!(
            "notification is for trx_id {} / bill_no {}, not ours",
            n.trx_id, n.bill_no
        )));
    }
    if n.payment_status_code != expected {
        return Err(CliError::check(format!(
            "notification says {} {}, expected {} {}",
            n.payment_status_code.value(),
            n.payment_status_desc,
            expected.value(),
            expected.description()
        )));
    }
    if expected.is_paid() {
        // What every merchant must do: the signature does not cover amounts.
        n.check_total(PRICE)?;
    }
    Ok(())
}

/// A small OVO order with a unique bill number (16 characters at most).
fn demo_bill(ovo_number: &str) -> Bill {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Bill {
        bill_no: format!("DEMO{seconds}"),
        bill_desc: "faspay demo: 1 x Kopi Susu".into(),
        bill_total: Some(PRICE),
        payment_channel: "812".into(),
        cust_no: "42".into(),
        cust_name: "Budi Santoso".into(),
        billing_name: Some("Budi Santoso".into()),
        msisdn: ovo_number.into(),
        email: "budi@example.com".into(),
        item: vec![Item {
            product: "Kopi Susu".into(),
            qty: "1".into(),
            amount: Some(PRICE),
            ..Item::default()
        }],
        ..Bill::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::CHECK_FAILED;

    const TRX: &str = "9999981200000001";

    fn paid_notification() -> Notification {
        let config = faspay::Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
        let body = json!({
            "request": "Payment Notification", "trx_id": TRX, "merchant_id": "99999",
            "merchant": "Sophia Store", "bill_no": "DEMO1", "payment_reff": "1",
            "payment_date": "2026-01-01 10:00:00", "payment_status_code": "2",
            "payment_status_desc": "Payment Sukses", "bill_total": "2500000",
            "payment_total": "2500000", "payment_channel_uid": "812", "payment_channel": "OVO",
            "signature": faspay::notification_signature("bot99999", "p@ssw0rd", "DEMO1", "2"),
        });
        let client = Client::new(config).unwrap();
        client
            .parse_notification(body.to_string().as_bytes())
            .unwrap()
    }

    /// The demo's own checks fail with CHECK_FAILED, exit status 9, when a notification is
    /// not the one the step expects.
    #[test]
    fn an_unexpected_notification_is_a_check_failure_with_exit_status_9() {
        let n = paid_notification();
        check_notification(&n, TRX, "DEMO1", PaymentStatusCode::Success).unwrap();
        for (trx_id, bill_no, expected, why) in [
            (
                "9999981200000002",
                "DEMO1",
                PaymentStatusCode::Success,
                "not ours",
            ),
            (TRX, "DEMO2", PaymentStatusCode::Success, "not ours"),
            (TRX, "DEMO1", PaymentStatusCode::Failed, "expected 3"),
        ] {
            let err = check_notification(&n, trx_id, bill_no, expected).unwrap_err();
            assert_eq!((err.code, err.exit_code()), (CHECK_FAILED, 9));
            assert!(err.message.contains(why), "{}", err.message);
        }
    }
}
