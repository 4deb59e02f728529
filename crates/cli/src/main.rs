//! The `openclaw` binary: parses the command line, sets up logging, runs one command and turns
//! its outcome into an exit status. Business rules live in the library crates; this crate only
//! wires them together and renders results (text for people, `--json` for scripts).

mod args;
mod commands;
mod context;
mod failure;
mod logging_setup;
mod render;
mod secrets;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::RunContext;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color_hint = !cli.no_color;
    let ctx = match RunContext::from_cli(&cli) {
        Ok(ctx) => ctx,
        Err(err) => return ExitCode::from(failure::report(&err, color_hint)),
    };
    let _log_guard = logging_setup::init(&ctx);
    let result = match cli.command {
        Command::Setup(args) => commands::setup::run(&ctx, args),
        Command::Config(cmd) => commands::config_cmd::run(&ctx, cmd),
        Command::Doctor(args) => commands::doctor::run(&ctx, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(failure::report(&err, ctx.color)),
    }
}
