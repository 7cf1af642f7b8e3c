//! The `faspay` command: an end-to-end OVO demo, the offline sandbox, signing and
//! notification tools, and the Debit API calls. Each command group lives in its own module.

mod api;
mod config;
mod demo;
mod merchant_server;
mod output;
mod sandbox_cmd;
mod sign;
mod verify;

use clap::{Parser, Subcommand, error::ErrorKind};

use crate::output::{CliError, CliResult, Output};

const ABOUT: &str = "Faspay Debit API tools: a runnable OVO checkout demo, an offline sandbox, \
signatures, notification verification and API calls.";

const AFTER_HELP: &str = "\
Start here:  faspay demo

Configuration for API commands comes from flags or environment variables, never echoed:
  FASPAY_MERCHANT_ID, FASPAY_MERCHANT_NAME, FASPAY_USER_ID, FASPAY_PASSWORD,
  FASPAY_ENVIRONMENT (sandbox|production), FASPAY_BASE_URL, FASPAY_FORMAT (json|xml)

Output: human text by default; --json prints one JSON document (or
{\"error\":{\"code\":..,\"message\":..}}). Errors go to stderr as `error[CODE]: message`.

Exit status:
  0  success
  2  INVALID_ARGUMENT     bad input, flag or configuration (also usage errors)
  3  INVALID_SIGNATURE    a notification failed verification
  4  API_ERROR            Faspay answered response_code != 00
  5  TRANSPORT            connection failed, reset, or HTTP status not 2xx
  6  TIMEOUT              a timeout
  7  MALFORMED_RESPONSE   an answer that is not Faspay XML/JSON
  8  INTERNAL             a bug
  9  CHECK_FAILED         a demo step did not behave as expected";

#[derive(Debug, Parser)]
#[command(name = "faspay", version, about = ABOUT, after_help = AFTER_HELP)]
struct Cli {
    /// Print one machine-readable JSON document instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Walk one OVO checkout end to end against an embedded sandbox and a local merchant
    /// endpoint, checking every step.
    Demo(demo::DemoArgs),
    /// Run the offline Faspay sandbox in the foreground until Ctrl-C.
    Sandbox(sandbox_cmd::SandboxArgs),
    /// Print the signature of a message of the Debit API.
    Sign(sign::SignArgs),
    /// Verify a captured payment notification and print the reply it should get.
    VerifyNotification(verify::VerifyArgs),
    /// List the merchant's payment channels (Payment Channel Inquiry).
    Channels(api::ChannelsArgs),
    /// Create a transaction (Post Data Transaction) from a bill file and/or flags.
    Create(Box<api::CreateArgs>),
    /// Ask the status of a transaction (Inquiry Payment Status).
    Status(api::StatusArgs),
    /// Cancel an unpaid transaction.
    Cancel(api::CancelArgs),
    /// Send an OVO push-to-pay request to the customer's OVO app.
    Push(api::PushArgs),
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => std::process::exit(usage_error(e, &args, Output { json })),
    };
    let out = Output { json: cli.json };
    if let Err(error) = run_guarded(cli.command, out) {
        out.error(&error);
        std::process::exit(error.exit_code());
    }
}

/// [`run`], with a panic (a bug) turned into `INTERNAL` (exit status 8) instead of Rust's
/// panic message and status 101. The panic's own message is not printed: it may quote the
/// data being handled, and the CLI never echoes secrets; its location is enough to report it.
fn run_guarded(command: Command, out: Output) -> CliResult {
    let location = std::sync::Arc::new(std::sync::Mutex::new(None));
    let seen = std::sync::Arc::clone(&location);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut slot) = seen.lock() {
            *slot = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
        }
    }));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Test builds only: lets the CLI tests provoke a panic to check this boundary.
        #[cfg(debug_assertions)]
        if std::env::var_os("FASPAY_CLI_TEST_PANIC").is_some() {
            panic!("deliberate test panic");
        }
        run(command, out)
    }))
    .unwrap_or_else(|_| {
        let place = location
            .lock()
            .ok()
            .and_then(|l| l.clone())
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        Err(CliError::internal(format!(
            "internal error in faspay{place} (a bug: please report it)"
        )))
    })
}

fn run(command: Command, out: Output) -> CliResult {
    match command {
        Command::Demo(args) => demo::run(&args, out),
        Command::Sandbox(args) => sandbox_cmd::run(&args, out),
        Command::Sign(args) => sign::run(&args, out),
        Command::VerifyNotification(args) => verify::run(&args, out),
        Command::Channels(args) => api::channels(&args, out),
        Command::Create(args) => api::create(&args, out),
        Command::Status(args) => api::status(&args, out),
        Command::Cancel(args) => api::cancel(&args, out),
        Command::Push(args) => api::push(&args, out),
    }
}

/// Help and version go to stdout with status 0; a usage error becomes INVALID_ARGUMENT, with
/// any value that may be the password redacted (clap quotes the value it refuses, e.g. one
/// given to `--password-stdin=...`).
fn usage_error(e: clap::Error, args: &[String], out: Output) -> i32 {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return 0;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand && !out.json {
        let _ = e.print();
        return CliError::invalid("").exit_code();
    }
    let rendered = e.render().to_string();
    let message = tidy_usage(&redact_passwords(
        &rendered
            .trim()
            .trim_start_matches("error: ")
            .replace("\n\n", "\n"),
        args,
    ));
    let error = CliError::invalid(message);
    out.error(&error);
    error.exit_code()
}

/// `message` with every quoted value that may be a password (the value of `--password`, of a
/// `--password...=` flag, or of `FASPAY_PASSWORD`) replaced by `[redacted]`.
fn redact_passwords(message: &str, args: &[String]) -> String {
    let mut secrets: Vec<String> = std::env::var("FASPAY_PASSWORD").into_iter().collect();
    let mut after_flag = false;
    for arg in args {
        if after_flag {
            secrets.push(arg.clone());
        }
        after_flag = arg == "--password";
        if let Some((flag, value)) = arg.split_once('=')
            && flag.starts_with("--pass")
        {
            secrets.push(value.to_string());
        }
    }
    let mut message = message.to_string();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        message = message.replace(&format!("'{secret}'"), "'[redacted]'");
    }
    message
}

/// The options a `FASPAY_*` variable can supply. clap lists such an option in the usage line of
/// an error once it has a value, as if it were missing; for a person it is noise (or a wrong
/// hint that it must be typed), so the usage line folds them into `[OPTIONS]`.
const ENV_BACKED_OPTIONS: [&str; 7] = [
    "--merchant-id",
    "--merchant-name",
    "--user-id",
    "--password",
    "--environment",
    "--base-url",
    "--format",
];

fn tidy_usage(message: &str) -> String {
    message
        .lines()
        .map(|line| match line.strip_prefix("Usage: ") {
            Some(usage) => format!("Usage: {}", tidy_usage_line(usage)),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn tidy_usage_line(usage: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut folded = false;
    let mut tokens = usage.split(' ').peekable();
    while let Some(token) = tokens.next() {
        if ENV_BACKED_OPTIONS.contains(&token) && tokens.peek().is_some_and(|v| v.starts_with('<'))
        {
            tokens.next();
            folded = true;
            continue;
        }
        kept.push(token);
    }
    if folded && !kept.contains(&"[OPTIONS]") {
        // After `faspay <command>`.
        kept.insert(kept.len().min(2), "[OPTIONS]");
    }
    kept.join(" ")
}
