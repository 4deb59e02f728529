//! The resolved config: every setting the gateway acts on, with OpenClaw's runtime defaults
//! filled in, built only from a [`RawConfig`] that passed [`check_rules`].
//!
//! Values that OpenClaw computes from the environment or the host (env tokens, the state
//! directory, `~` expansion, the port override) are not applied here; callers fold them into the
//! raw config before resolving, or apply them afterwards.

mod agents;
mod browser;
mod channels;
mod commands;
mod discovery;
mod gateway;
mod hooks;
mod logging;
mod session;
mod tools;

#[cfg(test)]
mod tests;

pub use agents::{
    Agent, Agents, DEFAULT_SANDBOX_IMAGE, DEFAULT_SANDBOX_NETWORK, DEFAULT_WORKSPACE, Sandbox, SandboxBrowser,
    SandboxDocker,
};
pub use browser::{Browser, BrowserSsrf};
pub use channels::{Channel, ChannelSettings, Channels, DEFAULT_TEXT_CHUNK_LIMIT, Group};
pub use commands::{Commands, DEFAULT_BASH_FOREGROUND_MS};
pub use discovery::Discovery;
pub use gateway::{
    AllowDeny, ControlUi, DEFAULT_CHANNEL_HEALTH_CHECK_MINUTES, DEFAULT_PORT, DEFAULT_RATE_LIMIT_LOCKOUT_MS,
    DEFAULT_RATE_LIMIT_MAX_ATTEMPTS, DEFAULT_RATE_LIMIT_WINDOW_MS, DEFAULT_RELOAD_DEBOUNCE_MS,
    DEFAULT_RESPONSES_MAX_BODY_BYTES, DEFAULT_RESPONSES_MAX_URL_PARTS, Gateway, GatewayAuth, Http, Nodes, RateLimit,
    Reload, Remote, Responses, Tailscale, Tls, TrustedProxy,
};
pub use hooks::{DEFAULT_HOOKS_MAX_BODY_BYTES, Hooks};
pub use logging::{DEFAULT_MAX_LOG_FILE_BYTES, Logging};
pub use session::{DEFAULT_MAIN_KEY, DEFAULT_RESET_AT_HOUR, DEFAULT_RESET_TRIGGERS, Session, SessionReset};
pub use tools::{
    AgentToAgent, ApplyPatch, DEFAULT_EXEC_BACKGROUND_MS, DEFAULT_EXEC_TIMEOUT_SEC, Elevated, Exec, Tools,
    default_exec_security,
};

use crate::issue::{Issue, Severity};

use super::RawConfig;
use super::rules::check_rules;

/// A config that passed the cross-field rules, with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub(in crate::model) raw: RawConfig,
    pub(in crate::model) warnings: Vec<Issue>,
    pub gateway: Gateway,
    pub logging: Logging,
    pub session: Session,
    pub discovery: Discovery,
    pub hooks: Hooks,
    pub tools: Tools,
    pub agents: Agents,
    pub channels: Channels,
    pub commands: Commands,
    pub browser: Browser,
}

impl Config {
    /// Runs [`check_rules`]; any error refuses the config (all issues are returned, warnings
    /// included). Otherwise fills in the defaults and keeps the warnings for display.
    pub fn resolve(raw: RawConfig) -> Result<Config, Vec<Issue>> {
        let issues = check_rules(&raw);
        if issues.iter().any(|issue| issue.severity == Severity::Error) {
            return Err(issues);
        }
        Ok(Config {
            gateway: Gateway::resolve(raw.gateway.as_ref()),
            logging: Logging::resolve(raw.logging.as_ref()),
            session: Session::resolve(raw.session.as_ref()),
            discovery: Discovery::resolve(raw.discovery.as_ref()),
            hooks: Hooks::resolve(raw.hooks.as_ref()),
            tools: Tools::resolve(raw.tools.as_ref()),
            agents: Agents::resolve(raw.agents.as_ref()),
            channels: Channels::resolve(raw.channels.as_ref()),
            commands: Commands::resolve(raw.commands.as_ref()),
            browser: Browser::resolve(raw.browser.as_ref()),
            raw,
            warnings: issues,
        })
    }

    /// The config as written (for keys not resolved here, and for writing back).
    pub fn raw(&self) -> &RawConfig {
        &self.raw
    }

    /// Rule findings that did not refuse the config (severity warning or notice).
    pub fn warnings(&self) -> &[Issue] {
        &self.warnings
    }
}

/// A trimmed, non-empty string, else `None`.
fn non_blank(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Entries trimmed, blanks dropped; an absent list is empty.
fn trimmed_list(values: Option<&[String]>) -> Vec<String> {
    values.into_iter().flatten().map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}
