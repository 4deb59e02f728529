//! The typed config: [`RawConfig`] mirrors `openclaw.json` as written, [`check_rules`] finds what
//! no single key can say alone, and [`Config`] is the resolved view with runtime defaults filled in.
//!
//! Parse, then resolve: every raw field is optional, exactly like the file, so a raw value can
//! always be built from anything the schema validator accepted. [`Config::resolve`] runs the
//! cross-field rules and only then fills in OpenClaw's defaults, so code that reads a [`Config`]
//! never meets an unset security switch or a combination OpenClaw would refuse.
//!
//! Only the keys this gateway acts on are modelled (the security keys of the spec, `env`, `meta`,
//! `$schema`); the rest of OpenClaw's schema is left out on purpose so the loader's
//! `serde_ignored` pass can list it as "accepted, not supported yet" (less the keys other crates
//! read from the resolved JSON themselves, listed in [`crate::raw_keys`]). Strictness is the schema
//! validator's job, so no struct denies unknown fields. No struct uses `#[serde(flatten)]`,
//! untagged or internally tagged enums either: those buffer the input, and `serde_ignored` cannot
//! see unused keys inside a buffer. Values of more than one JSON shape get small hand-written
//! visitors instead.
//!
//! This module is pure: no environment, no filesystem, no clock. Env overrides such as
//! `OPENCLAW_GATEWAY_PORT` are the caller's to apply.

pub mod agents;
pub mod bindings;
pub mod browser;
pub mod channels;
pub mod commands;
pub mod discovery;
pub mod env;
pub mod gateway;
pub mod hooks;
pub mod id_list;
pub mod logging;
pub mod meta;
pub mod ordered_map;
pub mod plugins;
pub mod resolved;
pub mod rules;
pub mod secret;
pub mod session;
pub mod tools;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

pub use agents::{AgentConfig, AgentsConfig, SandboxConfig};
pub use bindings::BindingConfig;
pub use browser::BrowserConfig;
pub use channels::{ChannelAccountConfig, ChannelConfig, ChannelsConfig, DmPolicy, GroupPolicy};
pub use commands::CommandsConfig;
pub use discovery::DiscoveryConfig;
pub use env::EnvConfig;
pub use gateway::GatewayConfig;
pub use hooks::HooksConfig;
pub use id_list::IdList;
pub use logging::LoggingConfig;
pub use meta::MetaConfig;
pub use plugins::PluginsConfig;
pub use resolved::Config;
pub use rules::check_rules;
pub use secret::{Secret, SecretRef, SecretSource, SecretsConfig};
pub use session::SessionConfig;
pub use tools::ToolsConfig;

/// `openclaw.json` as written, limited to the keys this gateway acts on.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawConfig {
    /// Editor hint (`$schema` URL); carried, never interpreted.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// Written by OpenClaw tools on every edit; informational.
    pub meta: Option<MetaConfig>,
    /// Variables applied to the process environment before `${VAR}` substitution.
    pub env: Option<EnvConfig>,
    /// Where SecretRef values (`{source, provider, id}`) are fetched from.
    pub secrets: Option<SecretsConfig>,
    /// Listener, authentication and exposure of the gateway itself.
    pub gateway: Option<GatewayConfig>,
    /// How conversations map to sessions (DM isolation between senders).
    pub session: Option<SessionConfig>,
    /// Global tool policy: which tools exist for agents, exec approvals, filesystem guards.
    pub tools: Option<ToolsConfig>,
    /// Agent defaults (sandbox) and the configured agents.
    pub agents: Option<AgentsConfig>,
    /// Routing of inbound messages to agents, first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<BindingConfig>,
    /// Per-channel inbound access (DM/group policies, allowlists) and credentials.
    pub channels: Option<ChannelsConfig>,
    /// Log level, file and redaction of secrets in logs.
    pub logging: Option<LoggingConfig>,
    /// The `/hooks` webhook ingress.
    pub hooks: Option<HooksConfig>,
    /// mDNS / wide-area advertisement of the gateway.
    pub discovery: Option<DiscoveryConfig>,
    /// Browser tool and its SSRF policy.
    pub browser: Option<BrowserConfig>,
    /// In-process plugins (trusted code) and their allow/deny lists.
    pub plugins: Option<PluginsConfig>,
    /// Slash-command switches and who may run commands.
    pub commands: Option<CommandsConfig>,
}
