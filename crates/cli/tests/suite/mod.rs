mod access_check;
mod agent_chat_cli;
mod agent_events;
mod agent_runs;
mod audit_cli;
mod audit_diff;
mod audit_fix;
mod config_edit;
mod config_validate;
mod crash;
mod doctor;
mod fake_agent;
mod gateway_client;
mod gateway_interop;
mod gateway_run;
mod locations;
mod onboard;
mod pairing_cli;
mod reference;
mod sessions_cli;
mod setup;
mod v1_model_settings;

use openclaw_testkit::{Run, TempHome};

pub const BIN: &str = env!("CARGO_BIN_EXE_openclaw");

pub fn run(home: &TempHome, args: &[&str]) -> Run {
    home.run(BIN, args).expect("run openclaw")
}

/// [`run`] with extra environment variables (ports, secrets, API roots).
pub fn run_env(home: &TempHome, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = home.command(BIN);
    command.args(args).envs(env.iter().copied());
    Run::from(command.output().expect("run openclaw"))
}

pub fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path).expect("stat").permissions().mode() & 0o777
}
