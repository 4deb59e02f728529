//! The command line, as clap types. Only commands that work are listed.

use clap::{Args, Parser, Subcommand};

mod conversation;

pub use conversation::{AgentArgs, ChatArgs};

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
    Setup(SetupArgs),
    /// Set up a local gateway: state directory, hardened config and the agent workspace.
    Onboard(OnboardArgs),
    /// Read, change and check the config file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check config validity and state-dir permissions; --fix repairs what is safe to repair.
    Doctor(DoctorArgs),
    /// Audit config and local state for security foot-guns.
    #[command(subcommand)]
    Security(SecurityCommand),
    /// Run the gateway (the default), or query a running one over its WebSocket protocol.
    Gateway(GatewayArgs),
    /// Explain what the inbound gate would do with a message (no side effects).
    #[command(subcommand)]
    Access(AccessCommand),
    /// Device pairing and auth tokens on a running gateway.
    #[command(subcommand)]
    Devices(DevicesCommand),
    /// DM pairing: list the senders waiting for a code to be approved, and approve them.
    #[command(subcommand)]
    Pairing(PairingCommand),
    /// List an agent's conversation sessions; `sessions cleanup` drops dangling entries and files.
    Sessions(SessionsArgs),
    /// Run one agent turn through the running gateway and print the reply.
    Agent(AgentArgs),
    /// Chat with a session through the running gateway, one line per message (stdin may be piped).
    Chat(ChatArgs),
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
    /// Accepted for compatibility with OpenClaw's `setup`; setup never prompts.
    #[arg(long, hide = true)]
    pub non_interactive: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OnboardArgs {
    /// Run without prompts (required: interactive onboarding is not available).
    #[arg(long)]
    pub non_interactive: bool,
    /// Agent workspace directory (default: agents.defaults.workspace, else <stateDir>/workspace).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<String>,
    /// Where the gateway runs; only `local` (this machine) can be set up.
    #[arg(long, value_enum, default_value_t = OnboardMode::Local)]
    pub mode: OnboardMode,
    /// Print the result as JSON (the gateway token is never printed).
    #[arg(long)]
    pub json: bool,
    /// Accepted for compatibility with OpenClaw scripts: the config written is the hardened baseline.
    #[arg(long, hide = true)]
    pub accept_risk: bool,
    /// Accepted for compatibility: onboarding starts no gateway, so there is nothing to probe.
    #[arg(long, hide = true)]
    pub skip_health: bool,
    /// Accepted for compatibility: no skills are installed by onboarding.
    #[arg(long, hide = true)]
    pub skip_skills: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnboardMode {
    Local,
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

/// `openclaw gateway [run flags]` runs the gateway; a subcommand does something else.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct GatewayArgs {
    #[command(subcommand)]
    pub command: Option<GatewayCommand>,
    #[command(flatten)]
    pub run: GatewayRunArgs,
}

/// Flags of `gateway run`; they override the config for this run only.
#[derive(Debug, Args, Default)]
pub struct GatewayRunArgs {
    /// Port for the gateway WebSocket and HTTP (default: OPENCLAW_GATEWAY_PORT, gateway.port, 18789).
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Bind mode: loopback, lan, tailnet, auto or custom (default: gateway.bind, loopback).
    #[arg(long, value_name = "MODE")]
    pub bind: Option<String>,
    /// Gateway auth mode: none, token, password or trusted-proxy.
    #[arg(long, value_name = "MODE")]
    pub auth: Option<String>,
    /// Shared token required in connect.params.auth.token (default: OPENCLAW_GATEWAY_TOKEN).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Password for auth mode password.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Read the gateway password from a file.
    #[arg(long, value_name = "PATH")]
    pub password_file: Option<std::path::PathBuf>,
    /// Start even if gateway.mode is not "local" (does not repair the config).
    #[arg(long)]
    pub allow_unconfigured: bool,
    /// Log at debug level on the console (info without it).
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct GatewayDiscoverArgs {
    /// Per-command timeout in ms (default 2000).
    #[arg(long, value_name = "MS")]
    pub timeout: Option<String>,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum GatewayCommand {
    /// Run the WebSocket Gateway in the foreground.
    Run(GatewayRunArgs),
    /// Discover gateways on the local network via mDNS (Bonjour).
    Discover(GatewayDiscoverArgs),
    /// Call a Gateway method.
    Call(GatewayCallArgs),
    /// Fetch Gateway health.
    Health(GatewayRpcArgs),
    /// Show gateway reachability, auth capability, and read-probe summary (local + remote).
    Probe(GatewayProbeArgs),
}

/// Connection flags of the gateway RPC commands.
#[derive(Debug, Args)]
pub struct GatewayRpcArgs {
    /// Gateway WebSocket URL (defaults to gateway.remote.url when configured).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Local Gateway port.
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Gateway token (if required).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gateway password (if required).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Timeout in ms.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout: u64,
    /// Wait for final response (agent).
    #[arg(long)]
    pub expect_final: bool,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GatewayCallArgs {
    /// Method name (health/status/system-presence/cron.*).
    pub method: String,
    /// JSON object string for params.
    #[arg(long, value_name = "JSON", default_value = "{}")]
    pub params: String,
    #[command(flatten)]
    pub rpc: GatewayRpcArgs,
}

#[derive(Debug, Args)]
pub struct GatewayProbeArgs {
    /// Explicit Gateway WebSocket URL (still probes localhost).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Local Gateway port.
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Gateway token (applies to all probes).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gateway password (applies to all probes).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Overall probe budget in ms.
    #[arg(long, value_name = "MS", default_value_t = 3_000)]
    pub timeout: u64,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// List pending and paired devices.
    List(DevicesRpcArgs),
    /// Approve a pending device pairing request.
    Approve {
        /// Pending request id.
        request_id: Option<String>,
        /// Show the most recent pending request to approve explicitly.
        #[arg(long)]
        latest: bool,
        #[command(flatten)]
        rpc: DevicesRpcArgs,
    },
    /// Reject a pending device pairing request.
    Reject {
        /// Pending request id.
        request_id: String,
        #[command(flatten)]
        rpc: DevicesRpcArgs,
    },
    /// Remove a paired device entry.
    Remove {
        /// Paired device id.
        device_id: String,
        #[command(flatten)]
        rpc: DevicesRpcArgs,
    },
    /// Rotate a device token for a role.
    Rotate {
        /// Device id.
        #[arg(long, value_name = "ID")]
        device: String,
        /// Role name.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// Scopes to attach to the token (repeatable).
        #[arg(long = "scope", value_name = "SCOPE", num_args = 1..)]
        scopes: Vec<String>,
        /// Rotate with an empty scope set.
        #[arg(long, conflicts_with = "scopes")]
        no_scopes: bool,
        #[command(flatten)]
        rpc: DevicesRpcArgs,
    },
    /// Revoke a device token for a role.
    Revoke {
        /// Device id.
        #[arg(long, value_name = "ID")]
        device: String,
        /// Role name.
        #[arg(long, value_name = "ROLE")]
        role: String,
        #[command(flatten)]
        rpc: DevicesRpcArgs,
    },
}

/// Connection flags of the `devices` commands.
#[derive(Debug, Args)]
pub struct DevicesRpcArgs {
    /// Gateway WebSocket URL (defaults to gateway.remote.url when configured).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Gateway token (if required).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gateway password (password auth).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Timeout in ms.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout: u64,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// What the gate would do with such a message: allow, block or pairing, and why.
    Check(AccessCheckArgs),
}

#[derive(Debug, Args)]
pub struct AccessCheckArgs {
    /// Channel id (telegram, whatsapp, discord, slack, signal, irc, …).
    #[arg(long)]
    pub channel: String,
    /// Channel account (default: the default account).
    #[arg(long)]
    pub account: Option<String>,
    /// The sender's id as the channel reports it.
    #[arg(long)]
    pub sender: String,
    /// The sender's display name (matched only with dangerouslyAllowNameMatching).
    #[arg(long)]
    pub sender_name: Option<String>,
    /// Group or channel id (implies --chat-type group).
    #[arg(long)]
    pub group: Option<String>,
    /// direct, group or channel.
    #[arg(long, value_name = "TYPE")]
    pub chat_type: Option<String>,
    /// Thread or topic id.
    #[arg(long)]
    pub thread: Option<String>,
    /// The bot was mentioned.
    #[arg(long)]
    pub mentioned: bool,
    /// The message replies to the bot (an implicit mention).
    #[arg(long)]
    pub reply_to_bot: bool,
    /// The message text (commands are detected from it).
    #[arg(long)]
    pub text: Option<String>,
    /// Print the decision as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PairingCommand {
    /// List pending pairing requests of a channel.
    List(PairingListArgs),
    /// Approve a pairing code: the sender joins the channel's allowFrom store.
    Approve(PairingApproveArgs),
}

#[derive(Debug, Args)]
pub struct PairingListArgs {
    /// Channel id (default: the only configured channel).
    #[arg(value_name = "CHANNEL")]
    pub channel_arg: Option<String>,
    /// Channel id (same as the positional argument).
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    /// Only requests of this channel account.
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PairingApproveArgs {
    /// `<channel> <code>`, or only `<code>` with --channel (or when one channel is configured).
    #[arg(value_name = "CHANNEL_OR_CODE", num_args = 1..=2, required = true)]
    pub positional: Vec<String>,
    /// Channel id.
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    /// Approve only a request of this account; the sender goes to this account's allowFrom file.
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Notify the requester on the same channel (Telegram, Discord, Slack).
    #[arg(long)]
    pub notify: bool,
}

/// `openclaw sessions [flags]` lists; `openclaw sessions cleanup` repairs the store.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SessionsArgs {
    #[command(subcommand)]
    pub command: Option<SessionsCommand>,
    /// Only sessions updated within the last N minutes.
    #[arg(long, value_name = "MINUTES")]
    pub active: Option<String>,
    /// Agent whose sessions to list (default: the default agent).
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Remove entries whose transcript is missing and archive transcripts no entry references.
    Cleanup(SessionsCleanupArgs),
}

#[derive(Debug, Args)]
pub struct SessionsCleanupArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Agent whose store to clean (default: the default agent).
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
