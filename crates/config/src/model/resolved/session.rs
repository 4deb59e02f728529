//! Resolved `session.*` (`src/config/sessions/*.ts`, `src/routing/session-key.ts`).

use std::collections::BTreeMap;

use crate::model::session::{
    DmScope, PolicyAction, SendPolicyRuleConfig, SessionConfig, SessionResetConfig, SessionResetMode,
};

pub const DEFAULT_MAIN_KEY: &str = "main";
pub const DEFAULT_RESET_AT_HOUR: u32 = 4;
pub const DEFAULT_RESET_TRIGGERS: [&str; 2] = ["/new", "/reset"];

/// `session.*` with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub dm_scope: DmScope,
    pub identity_links: BTreeMap<String, Vec<String>>,
    /// Lowercased.
    pub main_key: String,
    pub reset: SessionReset,
    /// Per chat type overrides (`direct`, `group`, `thread`; legacy `dm` read as `direct`).
    pub reset_by_type: BTreeMap<String, SessionReset>,
    pub reset_by_channel: BTreeMap<String, SessionReset>,
    pub reset_triggers: Vec<String>,
    pub send_policy_default: PolicyAction,
    pub send_policy_rules: Vec<SendPolicyRuleConfig>,
}

/// When a session starts afresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionReset {
    pub mode: SessionResetMode,
    /// Local hour of the daily reset.
    pub at_hour: u32,
    pub idle_minutes: Option<u64>,
}

impl SessionReset {
    fn resolve(raw: Option<&SessionResetConfig>, base: &SessionReset) -> Self {
        Self {
            mode: raw.and_then(|r| r.mode).unwrap_or(base.mode),
            at_hour: raw.and_then(|r| r.at_hour).unwrap_or(base.at_hour),
            idle_minutes: raw.and_then(|r| r.idle_minutes).or(base.idle_minutes),
        }
    }
}

impl Session {
    pub(super) fn resolve(raw: Option<&SessionConfig>) -> Self {
        let builtin =
            SessionReset { mode: SessionResetMode::Daily, at_hour: DEFAULT_RESET_AT_HOUR, idle_minutes: None };
        let legacy_idle = raw.and_then(|s| s.idle_minutes);
        let reset = SessionReset::resolve(
            raw.and_then(|s| s.reset.as_ref()),
            &SessionReset { idle_minutes: legacy_idle, ..builtin },
        );
        let by_type = raw.and_then(|s| s.reset_by_type.as_ref());
        let reset_by_type = [
            ("direct", by_type.and_then(|t| t.direct.as_ref().or(t.dm.as_ref()))),
            ("group", by_type.and_then(|t| t.group.as_ref())),
            ("thread", by_type.and_then(|t| t.thread.as_ref())),
        ]
        .into_iter()
        .filter_map(|(kind, value)| Some((kind.to_owned(), SessionReset::resolve(Some(value?), &reset))))
        .collect();
        let reset_by_channel = raw
            .map(|s| {
                s.reset_by_channel
                    .iter()
                    .map(|(channel, value)| (channel.clone(), SessionReset::resolve(Some(value), &reset)))
                    .collect()
            })
            .unwrap_or_default();
        let send_policy = raw.and_then(|s| s.send_policy.as_ref());
        Self {
            dm_scope: raw.and_then(|s| s.dm_scope).unwrap_or(DmScope::Main),
            identity_links: raw.map(|s| s.identity_links.clone()).unwrap_or_default(),
            main_key: raw
                .and_then(|s| s.main_key.as_deref())
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| DEFAULT_MAIN_KEY.to_owned()),
            reset,
            reset_by_type,
            reset_by_channel,
            reset_triggers: raw
                .and_then(|s| s.reset_triggers.clone())
                .unwrap_or_else(|| DEFAULT_RESET_TRIGGERS.map(str::to_owned).to_vec()),
            send_policy_default: send_policy.and_then(|p| p.default).unwrap_or(PolicyAction::Allow),
            send_policy_rules: send_policy.map(|p| p.rules.clone()).unwrap_or_default(),
        }
    }
}
