//! Reading a run's settings from the config JSON and the session entry: `maxConcurrent`,
//! `timeoutSeconds`, the session's overrides (model, levels, queue) and the `commands.*`
//! switches, each with OpenClaw's default.

use serde_json::{Map, Value};

use crate::commands::levels::{
    ElevatedLevel, ExecAsk, ExecHost, ExecSecurity, QueueDrop, QueueMode, ReasoningLevel, ThinkLevel, UsageDisplay,
    VerboseLevel,
};
use crate::commands::{CommandSwitches, ExecSettings, QueueSettings, SessionSettings};

/// `agents.defaults.timeoutSeconds` default.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 600;
/// Context window assumed when the model definition does not say.
pub const DEFAULT_CONTEXT_WINDOW: u64 = 128_000;

/// `agents.defaults.maxConcurrent` (default 4).
pub fn max_concurrent(config: &Value) -> usize {
    config
        .pointer("/agents/defaults/maxConcurrent")
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(crate::lanes::DEFAULT_MAX_CONCURRENT)
}

/// `agents.defaults.timeoutSeconds` (default 600).
pub fn timeout_seconds(config: &Value) -> u64 {
    config
        .pointer("/agents/defaults/timeoutSeconds")
        .and_then(Value::as_u64)
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS)
}

/// The agent's `thinkingDefault`, else `agents.defaults.thinkingDefault`: the thinking level of
/// sessions that never set one.
pub fn thinking_default<'a>(config: &'a Value, agent_id: &str) -> Option<&'a str> {
    let agents = config.get("agents");
    let own = crate::models::chain::agent_entry(agents, agent_id).and_then(|a| a.get("thinkingDefault"));
    own.or_else(|| agents?.get("defaults")?.get("thinkingDefault")).and_then(Value::as_str)
}

/// `commands.{config,debug,restart,bash}`.
pub fn command_switches(config: &Value) -> CommandSwitches {
    let flag = |key: &str| config.pointer(&format!("/commands/{key}")).and_then(Value::as_bool);
    CommandSwitches {
        config: flag("config").unwrap_or(false),
        debug: flag("debug").unwrap_or(false),
        restart: flag("restart").unwrap_or(true),
        bash: flag("bash").unwrap_or(false),
    }
}

/// The session's settings as the command planner sees them.
pub fn session_settings(entry: &Map<String, Value>, model: String, default_model: String) -> SessionSettings {
    let text = |key: &str| entry.get(key).and_then(Value::as_str);
    SessionSettings {
        thinking_level: text("thinkingLevel").and_then(ThinkLevel::parse),
        verbose_level: text("verboseLevel").and_then(VerboseLevel::parse),
        reasoning_level: text("reasoningLevel").and_then(ReasoningLevel::parse),
        elevated_level: text("elevatedLevel").and_then(ElevatedLevel::parse),
        response_usage: text("responseUsage").and_then(UsageDisplay::parse),
        queue: QueueSettings {
            mode: text("queueMode").and_then(QueueMode::parse),
            debounce_ms: entry.get("queueDebounceMs").and_then(Value::as_u64),
            cap: entry.get("queueCap").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()),
            drop: text("queueDrop").and_then(QueueDrop::parse),
        },
        exec: ExecSettings {
            host: text("execHost").and_then(ExecHost::parse),
            security: text("execSecurity").and_then(ExecSecurity::parse),
            ask: text("execAsk").and_then(ExecAsk::parse),
            node: text("execNode").map(str::to_owned),
        },
        model,
        default_model,
    }
}
