//! Not available yet: this command needs the `faspay-sandbox` library, which has not landed.

#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

pub fn run(_: &DemoArgs, _: crate::output::Output) -> crate::output::CliResult {
    Err(crate::output::CliError::check(
        "this build has no sandbox yet (faspay-sandbox has not landed)",
    ))
}
