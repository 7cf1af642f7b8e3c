//! `faspay verify-notification`: verifies a captured payment notification (XML or JSON) with
//! the core's checks and prints its fields and the exact reply Faspay should get.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use faspay::{Amount, Client, Notification};
use serde_json::{Value, json};

use crate::config::ClientArgs;
use crate::output::{CliError, CliResult, Output, opt_json};

/// What the signature (and the merchant check) covers, and what it does not.
const SIGNED_FIELDS: [&str; 3] = ["merchant_id", "bill_no", "payment_status_code"];
const UNSIGNED_FIELDS: [&str; 10] = [
    "trx_id",
    "payment_total",
    "bill_total",
    "payment_channel_uid",
    "payment_channel",
    "payment_reff",
    "payment_date",
    "payment_status_desc",
    "merchant",
    "request",
];

/// Notifications larger than this are not Faspay's (theirs are well under 2 KiB).
const MAX_BODY_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Args)]
#[command(
    after_help = "Needs the merchant id, user id and password (flags or FASPAY_MERCHANT_ID, \
FASPAY_USER_ID, FASPAY_PASSWORD). The signature must include payment_status_code: the \
status-less form of Faspay's docs sample is refused (INVALID_SIGNATURE, exit 3)."
)]
pub struct VerifyArgs {
    /// The raw notification body as captured; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// The order's total in rupiah: fail (exit 2) unless `payment_total` is exactly this.
    /// The signature does not cover amounts.
    #[arg(long, value_name = "RUPIAH", allow_hyphen_values = true)]
    pub expect_total: Option<String>,
    #[command(flatten)]
    pub client: ClientArgs,
}

pub fn run(args: &VerifyArgs, out: Output) -> CliResult {
    let body_from_stdin = args.file.as_ref().is_none_or(|f| f.as_os_str() == "-");
    if body_from_stdin && args.client.credentials.password_stdin {
        return Err(CliError::invalid(
            "--password-stdin needs the notification in a FILE: standard input carries the password",
        ));
    }
    let body = read_body(args.file.as_ref())?;
    let client = Client::new(args.client.config(false)?)?;
    let notification = client.parse_notification(&body)?;
    let expected = match &args.expect_total {
        Some(text) => {
            let expected = Amount::parse(text).map_err(|e| {
                CliError::invalid(format!(
                    "--expect-total: {}",
                    e.message().trim_start_matches("amount: ")
                ))
            })?;
            notification.check_total(expected)?;
            Some(expected)
        }
        None => None,
    };
    let reply = client.notification_reply(&notification, true);
    let reply = String::from_utf8_lossy(&reply).into_owned();
    out.result(
        &human(&notification, &reply, expected),
        &json!({ "verified": true, "notification": notification_json(&notification),
                 "signed_fields": SIGNED_FIELDS, "unsigned_fields": UNSIGNED_FIELDS,
                 "total_checked": expected.map(|a| a.to_string()), "reply": reply }),
    );
    Ok(())
}

fn read_body(file: Option<&PathBuf>) -> CliResult<Vec<u8>> {
    let mut body = Vec::new();
    let result = match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(MAX_BODY_BYTES + 1).read_to_end(&mut body))
            .map_err(|e| CliError::invalid(format!("cannot read {}: {e}", path.display()))),
        None => std::io::stdin()
            .lock()
            .take(MAX_BODY_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| CliError::invalid(format!("cannot read standard input: {e}"))),
    };
    result?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(CliError::invalid("the notification is larger than 1 MiB"));
    }
    Ok(body)
}

/// The verified notification's fields (the ones Faspay documents, plus `raw`).
pub fn notification_json(n: &Notification) -> Value {
    json!({
        "format": n.format.as_str(),
        "trx_id": n.trx_id,
        "merchant_id": n.merchant_id,
        "merchant": n.merchant,
        "bill_no": n.bill_no,
        "payment_reff": opt_json(n.payment_reff.as_deref()),
        "payment_date": opt_json(n.payment_date.as_deref()),
        "payment_status_code": n.payment_status_code.value(),
        "payment_status_desc": n.payment_status_desc,
        "bill_total": n.bill_total.map(|a| a.to_string()),
        "payment_total": n.payment_total.map(|a| a.to_string()),
        "payment_channel_uid": n.payment_channel_uid,
        "payment_channel": n.payment_channel,
        "dedupe_key": n.dedupe_key(),
        "raw": n.raw.to_json_value(),
    })
}

fn human(n: &Notification, reply: &str, expected: Option<Amount>) -> String {
    let none = || "-".to_string();
    let rupiah = |a: Option<Amount>| a.map_or_else(none, |a| format!("Rp {a}"));
    // What Faspay's signature (and the merchant check) vouches for...
    let verified = [
        ("merchant_id", format!("{} (yours)", n.merchant_id)),
        ("bill_no", n.bill_no.clone()),
        (
            "status",
            format!(
                "{} {}",
                n.payment_status_code.value(),
                n.payment_status_code.name()
            ),
        ),
        ("dedupe_key", n.dedupe_key()),
    ];
    // ...and what anyone who has seen one genuine signature can change.
    let unsigned = [
        ("trx_id", n.trx_id.clone()),
        ("payment_total", rupiah(n.payment_total)),
        ("bill_total", rupiah(n.bill_total)),
        (
            "channel",
            format!("{} {}", n.payment_channel_uid, n.payment_channel),
        ),
        ("payment_reff", n.payment_reff.clone().unwrap_or_else(none)),
        ("payment_date", n.payment_date.clone().unwrap_or_else(none)),
        ("status_desc", n.payment_status_desc.clone()),
        ("merchant", n.merchant.clone()),
        ("format", n.format.as_str().to_string()),
    ];
    let mut text = String::from(
        "✓ verified: signed with your credentials (bill_no and payment_status_code)\n",
    );
    for (name, value) in verified {
        text.push_str(&format!("  {name:<14} {value}\n"));
    }
    text.push_str(
        "! unsigned, check against your order (a replayed signature can carry any of these):\n",
    );
    for (name, value) in unsigned {
        text.push_str(&format!("  {name:<14} {value}\n"));
    }
    text.push_str(&match expected {
        Some(total) => format!("✓ payment_total is the expected Rp {total}\n"),
        None => "! amounts are not signed: compare payment_total with the order \
                 (--expect-total RUPIAH)\n"
            .to_string(),
    });
    text.push_str("\nReply to send (HTTP 200, same format):\n");
    text.push_str(reply.trim_end());
    text
}
