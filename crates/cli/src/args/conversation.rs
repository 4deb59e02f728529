//! Flags of the commands that talk to an agent through a running gateway: `agent` (one turn)
//! and `chat` (a line-based conversation). Flag names and defaults follow OpenClaw 2026.9's
//! `openclaw agent` and `openclaw tui`.

use std::path::PathBuf;

use clap::Args;

/// Where the gateway is and how to prove who we are; resolved like `gateway call`.
#[derive(Debug, Args)]
pub struct GatewayConnArgs {
    /// Gateway WebSocket URL (defaults to gateway.remote.url when configured).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Gateway token (if required).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gateway password (if required).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
}

impl GatewayConnArgs {
    /// The flags as the gateway client's target (no `--port` on these commands).
    pub fn target(&self) -> crate::gateway_client::TargetFlags {
        crate::gateway_client::TargetFlags {
            url: self.url.clone(),
            port: None,
            token: self.token.clone(),
            password: self.password.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct AgentArgs {
    /// Message body for the agent.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Read the agent message body from a UTF-8 file (max 4 MiB).
    #[arg(long, value_name = "PATH", conflicts_with = "message")]
    pub message_file: Option<PathBuf>,
    /// Agent id (default: the default agent).
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,
    /// Use an explicit session id (looked up among the agent's sessions).
    #[arg(long, value_name = "ID")]
    pub session_id: Option<String>,
    /// Explicit session key (agent:<id>:<key>, or scoped to --agent).
    #[arg(long, value_name = "KEY")]
    pub session_key: Option<String>,
    /// Recipient the session is derived from (passed to the gateway).
    #[arg(short = 't', long, value_name = "DEST")]
    pub to: Option<String>,
    /// Thinking level: off | minimal | low | medium | high | xhigh where supported.
    #[arg(long, value_name = "LEVEL")]
    pub thinking: Option<String>,
    /// Send the agent's reply back to a channel (not available in this build).
    #[arg(long)]
    pub deliver: bool,
    /// Delivery channel (only meaningful with --deliver).
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    /// Delivery channel override (only meaningful with --deliver).
    #[arg(long, value_name = "CHANNEL")]
    pub reply_channel: Option<String>,
    /// Delivery target override (only meaningful with --deliver).
    #[arg(long, value_name = "TARGET")]
    pub reply_to: Option<String>,
    /// Delivery account id override (only meaningful with --deliver).
    #[arg(long, value_name = "ID")]
    pub reply_account: Option<String>,
    /// Agent timeout in seconds (default: agents.defaults.timeoutSeconds, else 600; 0 = none).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<String>,
    /// Run the agent in this process instead of the gateway (not available in this build).
    #[arg(long)]
    pub local: bool,
    /// Output the final gateway response as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub conn: GatewayConnArgs,
}

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Session key (default: main, the default agent's main session).
    #[arg(long, value_name = "KEY", default_value = "main")]
    pub session: String,
    /// Show the last N messages of the session first.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub history: u16,
    /// Thinking level for every message sent.
    #[arg(long, value_name = "LEVEL")]
    pub thinking: Option<String>,
    #[command(flatten)]
    pub conn: GatewayConnArgs,
}
