//! `faspay sign`: computes the signature of any signed message (docs/protocol.md) and prints only
//! the signature (never the pre-image).

use clap::Args;
use faspay::SignedMessage;
use serde_json::json;

use crate::config::CredentialArgs;
use crate::output::{CliError, CliResult, Output};

/// The `--help` text listing every message and the values it takes.
pub fn messages_help() -> String {
    let mut text = String::from("Messages and the values they take (after user_id + password):\n");
    for message in SignedMessage::ALL {
        let params = message.params();
        let params = if params.is_empty() {
            "(none)".to_string()
        } else {
            params.join(" ")
        };
        text.push_str(&format!("  {:<16} {params}\n", message.name()));
    }
    text.push_str(
        "\nExample: faspay sign post_data 20201222024304 --user-id bot99999 --password-stdin",
    );
    text
}

#[derive(Debug, Args)]
#[command(after_help = messages_help())]
pub struct SignArgs {
    /// The message to sign: channel_inquiry, post_data, inquiry, cancel, redirect, ovo_push,
    /// notification or return_url.
    pub message: String,
    /// The message's values in order (see below), e.g. `BILL_NO STATUS` for notification.
    pub values: Vec<String>,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

pub fn run(args: &SignArgs, out: Output) -> CliResult {
    let message = SignedMessage::from_name(&args.message)?;
    let params = message.params();
    if args.values.len() != params.len() {
        let wanted = if params.is_empty() {
            "no values".to_string()
        } else {
            params.join(" ")
        };
        return Err(CliError::invalid(format!(
            "message {} takes {} value(s) ({wanted}), got {}",
            message.name(),
            params.len(),
            args.values.len()
        )));
    }
    let user_id = args.credentials.user_id()?;
    let password = args.credentials.password()?;
    let values: Vec<&str> = args.values.iter().map(String::as_str).collect();
    let signature = message.sign(&user_id, &password, &values)?;
    out.result(
        &signature,
        &json!({ "message": message.name(), "signature": signature }),
    );
    Ok(())
}
