//! Whether an inbound message continues its session or starts a new one (`session.reset`,
//! `resetByType`, `resetByChannel`, `resetTriggers`). Evaluated when a message arrives, never in
//! the background: a session goes stale at the daily boundary (`atHour`, gateway-local) and/or
//! after an idle window, whichever expires first, and an authorized `/new` or `/reset` starts
//! afresh at once.
//!
//! The policy has no clock and no time zone: the caller passes `now` and a function answering
//! "the latest instant ≤ now at which the gateway's local time read `hour`:00", so daylight-saving
//! days are the caller's (time-zone library's) business and tests pin any instant they like.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// OpenClaw's `DEFAULT_RESET_AT_HOUR`.
pub const DEFAULT_AT_HOUR: u32 = 4;
/// Idle window when `mode: "idle"` names none (`DEFAULT_IDLE_MINUTES`).
pub const DEFAULT_IDLE_MINUTES: u64 = 60;

/// What the model is asked after a bare `/new` or `/reset`, whichever path performed the reset
/// (the agent's command path, or the inbound pipeline for channel messages).
pub const NEW_SESSION_GREETING_PROMPT: &str =
    "A new session was just started at the user's request. Greet the user briefly and ask what they would like to do.";

/// Session-entry fields a user set on purpose (thinking, verbosity, the model…). An explicit
/// reset (`/new`, `/reset`, `sessions.reset`) keeps them, as OpenClaw does, so the user does not
/// have to switch them back on after every reset; a session that merely went stale keeps nothing.
pub const KEPT_ON_EXPLICIT_RESET: &[&str] =
    &["thinkingLevel", "verboseLevel", "reasoningLevel", "ttsAuto", "modelOverride", "providerOverride", "label"];

/// Copies the [`KEPT_ON_EXPLICIT_RESET`] fields of the previous entry into the new one.
pub fn keep_explicit_settings(previous: Option<&Map<String, Value>>, next: &mut Map<String, Value>) {
    let Some(previous) = previous else { return };
    for key in KEPT_ON_EXPLICIT_RESET {
        if let Some(value) = previous.get(*key) {
            next.insert((*key).to_owned(), value.clone());
        }
    }
}

const MINUTE_MS: i64 = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResetMode {
    #[default]
    Daily,
    Idle,
}

/// One reset rule, overrides already merged over the base by the config resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetPolicy {
    pub mode: ResetMode,
    /// Gateway-local hour of the daily reset, 0–23 (larger values count as 23).
    pub at_hour: u32,
    /// Idle window; applies in either mode when set (daily + idle: first to expire wins).
    pub idle_minutes: Option<u64>,
}

impl Default for ResetPolicy {
    fn default() -> Self {
        Self { mode: ResetMode::Daily, at_hour: DEFAULT_AT_HOUR, idle_minutes: None }
    }
}

/// Which `resetByType` entry applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResetType {
    Direct,
    Group,
    Thread,
}

impl ResetType {
    /// From the session key (threads and topics first, then groups and channels), as OpenClaw's
    /// `resolveSessionResetType` does; `is_group`/`is_thread` come from the message itself.
    pub fn of(session_key: &str, is_group: bool, is_thread: bool) -> Self {
        let key = session_key.to_lowercase();
        if is_thread || key.contains(":thread:") || key.contains(":topic:") {
            Self::Thread
        } else if is_group || key.contains(":group:") || key.contains(":channel:") {
            Self::Group
        } else {
            Self::Direct
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "direct" | "dm" => Some(Self::Direct),
            "group" => Some(Self::Group),
            "thread" => Some(Self::Thread),
            _ => None,
        }
    }
}

/// `session.reset*` for the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetSettings {
    pub base: ResetPolicy,
    pub by_type: BTreeMap<ResetType, ResetPolicy>,
    /// Keyed by lowercased channel id; replaces both the base and the type override.
    pub by_channel: BTreeMap<String, ResetPolicy>,
    /// Commands that start a new session (`/new`, `/reset`), matched case-insensitively.
    pub triggers: Vec<String>,
}

impl Default for ResetSettings {
    fn default() -> Self {
        Self {
            base: ResetPolicy::default(),
            by_type: BTreeMap::new(),
            by_channel: BTreeMap::new(),
            triggers: vec!["/new".to_owned(), "/reset".to_owned()],
        }
    }
}

impl ResetSettings {
    /// The rule for a message: the channel's override, else the chat type's, else the base.
    pub fn policy_for(&self, channel: &str, reset_type: ResetType) -> ResetPolicy {
        self.by_channel
            .get(&channel.trim().to_lowercase())
            .or_else(|| self.by_type.get(&reset_type))
            .copied()
            .unwrap_or(self.base)
    }
}

/// Why a new session starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetReason {
    /// The key has no session yet.
    NoSession,
    /// An authorized reset command; `rest` is the text after it (the message to run, if any).
    Command { trigger: String, rest: String },
    /// The last update was before the most recent daily boundary.
    Daily { boundary_ms: i64 },
    /// The session was idle past its window.
    Idle { expired_at_ms: i64 },
}

/// The reset command `text` starts with, if any: the whole message or the command followed by a
/// space. Only senders authorized for commands may reset (the caller checks that first).
pub fn reset_trigger(text: &str, triggers: &[String]) -> Option<ResetReason> {
    let trimmed = text.trim();
    triggers.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).find_map(|trigger| {
        // Compared by the trigger's own length so the rest keeps the sender's casing.
        let head = trimmed.get(..trigger.len())?;
        if head.to_lowercase() != trigger.to_lowercase() {
            return None;
        }
        let tail = trimmed.get(trigger.len()..)?;
        let rest = match tail.strip_prefix(' ') {
            Some(rest) => rest.trim_start().to_owned(),
            None if tail.is_empty() => String::new(),
            None => return None,
        };
        Some(ResetReason::Command { trigger: trigger.to_owned(), rest })
    })
}

/// Whether the session last updated at `entry_updated_at_ms` (`None`: no session) is stale at
/// `now_ms` under `policy`. `local_hour_boundary_ms(h)` is the latest instant ≤ `now_ms` at which
/// local time was `h`:00. Of the daily and idle expiries, the earlier is reported.
pub fn reset_due(
    entry_updated_at_ms: Option<i64>,
    now_ms: i64,
    local_hour_boundary_ms: impl Fn(u32) -> i64,
    policy: &ResetPolicy,
) -> Option<ResetReason> {
    let Some(updated_at) = entry_updated_at_ms else { return Some(ResetReason::NoSession) };
    let daily = (policy.mode == ResetMode::Daily)
        .then(|| local_hour_boundary_ms(policy.at_hour.min(23)))
        .filter(|boundary| updated_at < *boundary)
        .map(|boundary_ms| ResetReason::Daily { boundary_ms });
    let idle_minutes = match (policy.idle_minutes, policy.mode) {
        (Some(minutes), _) => Some(minutes.max(1)),
        (None, ResetMode::Idle) => Some(DEFAULT_IDLE_MINUTES),
        (None, ResetMode::Daily) => None,
    };
    let idle = idle_minutes
        .map(|minutes| updated_at.saturating_add(i64::try_from(minutes).unwrap_or(i64::MAX).saturating_mul(MINUTE_MS)))
        .filter(|expires| now_ms > *expires)
        .map(|expired_at_ms| ResetReason::Idle { expired_at_ms });
    match (daily, idle) {
        (Some(ResetReason::Daily { boundary_ms }), Some(ResetReason::Idle { expired_at_ms }))
            if expired_at_ms < boundary_ms =>
        {
            Some(ResetReason::Idle { expired_at_ms })
        }
        (Some(daily), _) => Some(daily),
        (None, idle) => idle,
    }
}

#[cfg(test)]
mod tests;
