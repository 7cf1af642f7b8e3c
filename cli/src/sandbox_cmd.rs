//! `faspay sandbox`: runs the offline Faspay Debit simulator in the foreground and prints its
//! URL and credentials, so a merchant app (or `faspay create ...`) can talk to it.

use std::collections::HashMap;
use std::time::Duration;

use clap::Args;
use faspay::{Format, PaymentStatusCode};
use faspay_sandbox::{Sandbox, SandboxOptions, Warning};
use serde_json::json;

use crate::output::{CliResult, Output};

/// How often the activity log looks at the sandbox's state.
const FOLLOW_INTERVAL: Duration = Duration::from_millis(250);

#[derive(Debug, Args)]
#[command(after_help = "\
The defaults are Faspay's public sample merchant (99999 / bot99999 / p@ssw0rd), which is not a \
secret. OVO push-to-pay outcome by phone number: ending in 000 = the customer rejects (status 3), \
ending in 999 = the customer never answers (pending until expired), anything else = approved \
after --push-delay-ms. Stop with Ctrl-C.")]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Where payment notifications are POSTed (your app's notification URL).
    #[arg(long, value_name = "URL")]
    pub notify_url: Option<String>,
    /// Format of the notifications: `json` (default) or `xml`.
    #[arg(long, default_value = "json", value_parser = ["json", "xml"])]
    pub format: String,
    /// How long the simulated OVO customer takes to decide, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub push_delay_ms: u64,
    /// The simulated merchant's code.
    #[arg(long, default_value = "99999")]
    pub merchant_id: String,
    /// The simulated merchant's name.
    #[arg(long, default_value = "Sophia Store")]
    pub merchant_name: String,
    /// The API user clients must sign with.
    #[arg(long, default_value = "bot99999")]
    pub user_id: String,
    /// The API password clients must sign with (only the public sample one is printed).
    #[arg(long, default_value = "p@ssw0rd")]
    pub password: String,
    /// Answer like the letter of Faspay's docs: refuse (84, 85, 30, 14, 13) what the sandbox
    /// otherwise accepts with a warning (fields outside the docs, missing bill_currency or
    /// merchant, cust_no over 32, a reused bill_no, amounts with a decimal point).
    #[arg(long)]
    pub strict: bool,
    /// Refuse a bill_no an earlier transaction used (14), even without --strict.
    #[arg(long)]
    pub unique_bill_no: bool,
}

pub fn run(args: &SandboxArgs, out: Output) -> CliResult {
    let defaults = SandboxOptions::default();
    let options = SandboxOptions {
        merchant_id: args.merchant_id.clone(),
        merchant_name: args.merchant_name.clone(),
        user_id: args.user_id.clone(),
        password: args.password.clone(),
        port: args.port,
        notify_url: args.notify_url.clone(),
        notify_format: Format::parse(&args.format)?,
        push_delay: Duration::from_millis(args.push_delay_ms),
        strict: args.strict,
        unique_bill_no: args.unique_bill_no,
        ..defaults.clone()
    };
    let sandbox = Sandbox::start(options.clone())?;
    let base_url = sandbox.base_url();
    // The public sample password is printed like the sandbox's docs print it; one the user
    // chose is theirs to know, and is not echoed.
    let password_shown =
        (options.password == defaults.password).then_some(options.password.as_str());
    out.result(
        &banner(&base_url, &options, password_shown),
        &json!({
            "base_url": base_url,
            "merchant_id": options.merchant_id,
            "merchant_name": options.merchant_name,
            "user_id": options.user_id,
            "password": password_shown,
            "notify_url": options.notify_url,
            "notify_format": options.notify_format.as_str(),
            "push_delay_ms": args.push_delay_ms,
            "strict": options.strict,
            "unique_bill_no": options.unique_bill_no,
        }),
    );
    // Serve until the process is interrupted (Ctrl-C ends it; the sandbox dies with it).
    if out.json {
        // One JSON document only: no activity lines after it.
        loop {
            std::thread::park();
        }
    }
    out.progress("\nActivity:");
    follow(&sandbox, out)
}

/// Prints what happens in the sandbox (new transactions, status changes, notification
/// attempts, what requests carried beyond Faspay's docs), polling its state, so a developer
/// sees their app's traffic.
fn follow(sandbox: &Sandbox, out: Output) -> ! {
    let mut statuses: HashMap<String, PaymentStatusCode> = HashMap::new();
    let mut deliveries_seen = 0;
    let mut warnings_seen = 0;
    loop {
        std::thread::sleep(FOLLOW_INTERVAL);
        let warnings = sandbox.warnings();
        for line in warning_lines(&warnings[warnings_seen.min(warnings.len())..]) {
            out.progress(&format!("  {} {line}", sandbox.now()));
        }
        warnings_seen = warnings.len();
        for t in sandbox.transactions() {
            let previous = statuses.insert(t.trx_id.clone(), t.status);
            if previous == Some(t.status) {
                continue;
            }
            let what = if previous.is_none() {
                "created"
            } else {
                "is now"
            };
            out.progress(&format!(
                "  {} trx {} (bill {}, channel {}, Rp {}) {what} {} {}",
                sandbox.now(),
                t.trx_id,
                t.bill_no,
                t.payment_channel,
                t.bill_total,
                t.status.value(),
                t.status.description()
            ));
        }
        let deliveries = sandbox.deliveries();
        for d in deliveries.iter().skip(deliveries_seen) {
            let verdict = if d.accepted {
                "accepted".to_string()
            } else {
                format!("refused: {}", d.error.as_deref().unwrap_or("no reply"))
            };
            out.progress(&format!(
                "  {} notification for trx {} (status {}) attempt {} -> {}: {verdict}",
                sandbox.now(),
                d.trx_id,
                d.payment_status_code.value(),
                d.attempt,
                d.url
            ));
        }
        deliveries_seen = deliveries_seen.max(deliveries.len());
    }
}

/// One log line per warning: what was accepted, and what strict mode would answer.
fn warning_lines(warnings: &[Warning]) -> Vec<String> {
    warnings
        .iter()
        .map(|w| {
            let trx = w
                .trx_id
                .as_deref()
                .map(|t| format!(" trx {t}"))
                .unwrap_or_default();
            format!(
                "warning ({}{trx}): {} [{}; --strict answers {}]",
                w.operation.name(),
                w.message,
                w.kind.name(),
                w.code
            )
        })
        .collect()
}

fn banner(base_url: &str, o: &SandboxOptions, password: Option<&str>) -> String {
    let notify = match &o.notify_url {
        Some(url) => format!("{url} ({})", o.notify_format.as_str().to_uppercase()),
        None => "(none: pass --notify-url to receive notifications)".into(),
    };
    let password_env = password.map_or_else(
        || "FASPAY_PASSWORD=<the password you gave>".to_string(),
        |p| format!("FASPAY_PASSWORD='{p}'"),
    );
    format!(
        "Faspay sandbox listening on {base_url}  (Ctrl-C to stop)\n\
         \x20 merchant_id    {mid}\n\
         \x20 merchant_name  {name}\n\
         \x20 user_id        {user}\n\
         \x20 password       {pw}\n\
         \x20 notify_url     {notify}\n\
         \x20 OVO numbers    ending 000: customer rejects; 999: never answers; \
         else approved after {delay} ms\n\
         \x20 fidelity       {fidelity}\n\n\
         Point the faspay command (or your app) at it:\n\
         \x20 export FASPAY_BASE_URL={base_url} FASPAY_MERCHANT_ID={mid} \
         FASPAY_MERCHANT_NAME='{name}' FASPAY_USER_ID={user} {password_env}\n\
         \x20 faspay channels",
        mid = o.merchant_id,
        name = o.merchant_name,
        user = o.user_id,
        pw = password.unwrap_or("(as given by --password)"),
        delay = o.push_delay.as_millis(),
        fidelity = if o.strict {
            "strict: refuses what Faspay's docs refuse"
        } else if o.unique_bill_no {
            "lenient (reused bill_no refused); what the docs would refuse is logged as a warning"
        } else {
            "lenient: what the docs would refuse is accepted and logged as a warning"
        },
    )
}
