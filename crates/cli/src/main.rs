//! The `openclaw` binary: parses the command line, sets up logging, runs one command and turns
//! its outcome into an exit status. Business rules live in the library crates; this crate only
//! wires them together and renders results (text for people, `--json` for scripts).

mod agent_host;
mod args;
mod audit_facts;
mod commands;
mod context;
mod failure;
mod gateway_client;
mod logging_setup;
mod render;
mod secrets;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::RunContext;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version are successes; a bad command line exits 1, as OpenClaw's CLI does.
            let code = if err.use_stderr() { 1 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let color_hint = !cli.no_color;
    let ctx = match RunContext::from_cli(&cli) {
        Ok(ctx) => ctx,
        Err(err) => return ExitCode::from(failure::report(&err, color_hint)),
    };
    // A running gateway logs its progress to the console; one-shot commands keep stdout clean.
    let serving = match &cli.command {
        Command::Gateway(g) => match &g.command {
            None => Some(g.run.verbose),
            Some(args::GatewayCommand::Run(run)) => Some(run.verbose),
            Some(_) => None,
        },
        _ => None,
    };
    let log_guard = logging_setup::init(&ctx, serving);
    let log_file = log_guard.as_ref().and_then(|g| g.file_path());
    let result = match cli.command {
        Command::Setup(args) => commands::setup::run(&ctx, args),
        Command::Onboard(args) => commands::onboard::run(&ctx, args),
        Command::Config(cmd) => commands::config_cmd::run(&ctx, cmd),
        Command::Doctor(args) => commands::doctor::run(&ctx, args),
        Command::Security(cmd) => commands::security_audit::run(&ctx, cmd),
        Command::Gateway(cmd) => commands::gateway_cmd::run(&ctx, cmd, log_file),
        Command::Devices(cmd) => commands::devices::run(&ctx, cmd),
        Command::Access(args::AccessCommand::Check(args)) => commands::access_check::run(&ctx, args),
        Command::Pairing(cmd) => commands::pairing::run(&ctx, cmd),
        Command::Sessions(args) => commands::sessions::run(&ctx, args),
        Command::Agent(args) => commands::agent::run(&ctx, args),
        Command::Chat(args) => commands::chat::run(&ctx, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(failure::report(&err, ctx.color)),
    }
}
