//! The command line, as clap types. Only commands that work are listed.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "openclaw",
    version,
    about = "Self-hosted personal AI-assistant gateway (OpenClaw-compatible)",
    propagate_version = true
)]
pub struct Cli {
    /// Use the named profile: state in ~/.openclaw-<name> (unless OPENCLAW_STATE_DIR is set).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Development profile: state in ~/.openclaw-dev, gateway port 19001.
    #[arg(long, global = true)]
    pub dev: bool,
    /// Disable colored output (also NO_COLOR=1, and whenever stdout is not a terminal).
    #[arg(long, global = true)]
    pub no_color: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the state directory and a hardened config (token auth, loopback, pairing DMs).
    #[command(alias = "onboard")]
    Setup(SetupArgs),
    /// Read, change and check the config file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check config validity and state-dir permissions; --fix repairs what is safe to repair.
    Doctor(DoctorArgs),
    /// Audit config and local state for security foot-guns.
    #[command(subcommand)]
    Security(SecurityCommand),
}

#[derive(Debug, Subcommand)]
pub enum SecurityCommand {
    /// Audit config and local state: exposure, auth, tools, permissions (exit 0 whenever it ran).
    Audit(SecurityAuditArgs),
}

#[derive(Debug, Args)]
pub struct SecurityAuditArgs {
    /// Also probe the running gateway, scan installed plugins and skills, run browser checks.
    #[arg(long)]
    pub deep: bool,
    /// Apply safe fixes first (tighten permissions, close open group policies, redaction on).
    #[arg(long)]
    pub fix: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Gateway auth mode for this audit only: none, token, password or trusted-proxy.
    #[arg(long, value_name = "MODE")]
    pub auth: Option<String>,
    /// Gateway token for this audit (and the --deep probe); never written to the config.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gateway password for this audit (and the --deep probe); never written to the config.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Agent workspace directory to record in the config (default: <stateDir>/workspace).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<String>,
    /// Accepted for compatibility with `openclaw onboard`; setup never prompts.
    #[arg(long, hide = true)]
    pub non_interactive: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a config value by dot path (secrets are shown as __OPENCLAW_REDACTED__).
    Get {
        /// Config path, dot or bracket notation (e.g. gateway.auth.mode, agents.list[0].id).
        path: String,
        /// Output JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set a config value by dot path; the value is JSON5, or a plain string if it does not parse.
    Set {
        path: String,
        value: String,
        /// Require the value to parse as JSON5 (no plain-string fallback).
        #[arg(long)]
        strict_json: bool,
        /// Legacy alias for --strict-json.
        #[arg(long, hide = true)]
        json: bool,
    },
    /// Remove a config value by dot path.
    Unset { path: String },
    /// Validate the config without starting the gateway (exit 1 when invalid).
    Validate {
        #[arg(long)]
        json: bool,
    },
    /// Print the path of the active config file.
    File,
    /// Print the JSON Schema of the config this gateway accepts.
    Schema,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Repair what is safe: tighten permissions, remove unknown config keys (after a backup).
    #[arg(long, visible_alias = "repair")]
    pub fix: bool,
    /// Write a new random 256-bit token to gateway.auth.token.
    #[arg(long)]
    pub generate_gateway_token: bool,
    /// Accepted for compatibility; doctor never prompts.
    #[arg(long, hide = true)]
    pub yes: bool,
    /// Accepted for compatibility; doctor never prompts.
    #[arg(long, hide = true)]
    pub non_interactive: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}
