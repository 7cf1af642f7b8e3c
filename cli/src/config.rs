//! Credentials and client settings from flags or `FASPAY_*` environment variables. Values are
//! read, never echoed: help hides environment values and errors name only the setting.

use std::io::BufRead;
use std::time::Duration;

use clap::Args;
use faspay::{Config, Environment, Format};

use crate::output::{CliError, CliResult};

/// `--user-id`, `--password`, `--password-stdin`.
#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// API user issued by Faspay (usually `bot` + merchant id).
    #[arg(long, env = "FASPAY_USER_ID", hide_env_values = true)]
    pub user_id: Option<String>,
    /// API password. Prefer FASPAY_PASSWORD or --password-stdin: flags show in `ps`.
    // `allow_hyphen_values`: a password starting with `-` is the value, not an unknown flag
    // that clap's error would echo (`unexpected argument '-Z' found` leaked its first letter).
    #[arg(
        long,
        env = "FASPAY_PASSWORD",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub password: Option<String>,
    /// Read the password from the first line of standard input (wins over --password).
    #[arg(long)]
    pub password_stdin: bool,
}

impl CredentialArgs {
    /// The user id, or `INVALID_ARGUMENT` naming the flag and variable.
    pub fn user_id(&self) -> CliResult<String> {
        required(&self.user_id, "user_id", "--user-id", "FASPAY_USER_ID")
    }

    /// The password, from stdin when asked, else the flag / variable.
    pub fn password(&self) -> CliResult<String> {
        if self.password_stdin {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                CliError::invalid(format!("cannot read the password from stdin: {e}"))
            })?;
            let password = line.trim_end_matches(['\r', '\n']).to_string();
            if password.is_empty() {
                return Err(CliError::invalid(
                    "password is required: standard input was empty (--password-stdin)",
                ));
            }
            return Ok(password);
        }
        // Not trimmed: spaces may be part of a password.
        self.password
            .clone()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                CliError::invalid("password is required: pass --password, --password-stdin or set FASPAY_PASSWORD")
            })
    }
}

/// Everything a client needs: merchant, credentials, where and how to talk.
#[derive(Debug, Args)]
pub struct ClientArgs {
    /// The 5-digit merchant code.
    #[arg(long, env = "FASPAY_MERCHANT_ID", hide_env_values = true)]
    pub merchant_id: Option<String>,
    /// The merchant name sent as `merchant`.
    #[arg(long, env = "FASPAY_MERCHANT_NAME", hide_env_values = true)]
    pub merchant_name: Option<String>,
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// `sandbox` (Faspay's public sandbox, the default) or `production`.
    #[arg(long, env = "FASPAY_ENVIRONMENT", hide_env_values = true)]
    pub environment: Option<String>,
    /// Overrides the host, e.g. the URL `faspay sandbox` prints.
    #[arg(long, env = "FASPAY_BASE_URL", hide_env_values = true)]
    pub base_url: Option<String>,
    /// Wire format: `json` (default) or `xml`.
    #[arg(long, env = "FASPAY_FORMAT", hide_env_values = true)]
    pub format: Option<String>,
    /// Whole-call timeout in seconds (also the OVO push timeout, which defaults to 90).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
}

impl ClientArgs {
    /// A validated client configuration. `merchant_name` is optional for commands that never
    /// send it (verifying a notification).
    pub fn config(&self, needs_merchant_name: bool) -> CliResult<Config> {
        let merchant_id = required(
            &self.merchant_id,
            "merchant_id",
            "--merchant-id",
            "FASPAY_MERCHANT_ID",
        )?;
        let merchant_name = if needs_merchant_name {
            required(
                &self.merchant_name,
                "merchant_name",
                "--merchant-name",
                "FASPAY_MERCHANT_NAME",
            )?
        } else {
            // Not sent anywhere by these commands; the config only has to be valid.
            non_blank(&self.merchant_name).unwrap_or_else(|| "merchant".to_string())
        };
        let user_id = self.credentials.user_id()?;
        let password = self.credentials.password()?;
        let mut config = Config::new(merchant_id, merchant_name, user_id, password);
        if let Some(env) = non_blank(&self.environment) {
            config = config.with_environment(Environment::parse(&env)?);
        }
        if let Some(url) = non_blank(&self.base_url) {
            config = config.with_base_url(url);
        }
        if let Some(format) = non_blank(&self.format) {
            config = config.with_format(Format::parse(&format)?);
        }
        if let Some(seconds) = self.timeout {
            config.timeout = Duration::from_secs(seconds);
            config.push_timeout = Duration::from_secs(seconds);
        }
        config.validate()?;
        Ok(config)
    }
}

fn non_blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn required(value: &Option<String>, name: &str, flag: &str, env: &str) -> CliResult<String> {
    non_blank(value)
        .ok_or_else(|| CliError::invalid(format!("{name} is required: pass {flag} or set {env}")))
}
