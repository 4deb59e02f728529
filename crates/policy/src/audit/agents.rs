//! The agent roster as the audit sees it: `agents.entries.<id>` (keyed) or the legacy
//! `agents.list[]`, the default agent, and each agent's effective sandbox settings.
//!
//! Detail strings always name agents `agents.entries.<id>`, as OpenClaw does after migrating a
//! legacy list in memory.

use serde_json::Value;

use super::tree::{self, get};

pub const MAIN_AGENT_ID: &str = "main";

/// One configured agent.
#[derive(Debug, Clone, Copy)]
pub struct Agent<'a> {
    /// The raw id (the entries key, or `id` of a list entry when it is a string).
    pub id: Option<&'a str>,
    pub entry: &'a Value,
}

impl<'a> Agent<'a> {
    pub fn tools(&self) -> Option<&'a Value> {
        get(self.entry, "tools")
    }
}

/// Whether the config owns a roster (`agents.entries` or `agents.list`, even empty).
pub fn has_roster(cfg: &Value) -> bool {
    let Some(agents) = tree::obj_at(cfg, "agents") else { return false };
    agents.get("entries").is_some_and(|v| !v.is_null()) || agents.get("list").is_some_and(|v| !v.is_null())
}

/// Configured agents in config order. Entries win over a list when both exist.
pub fn entries(cfg: &Value) -> Vec<Agent<'_>> {
    let Some(agents) = tree::obj_at(cfg, "agents") else { return Vec::new() };
    if let Some(entries) = agents.get("entries").filter(|v| !v.is_null()) {
        return entries
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(_, v)| v.is_object())
                    .map(|(k, v)| Agent { id: Some(k.as_str()), entry: v })
                    .collect()
            })
            .unwrap_or_default();
    }
    agents
        .get("list")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|v| v.is_object())
                .map(|v| Agent { id: get(v, "id").and_then(Value::as_str), entry: v })
                .collect()
        })
        .unwrap_or_default()
}

/// Agents whose id is a string (most checks skip the others, as OpenClaw does).
pub fn with_ids(cfg: &Value) -> Vec<(String, Agent<'_>)> {
    entries(cfg).into_iter().filter_map(|a| a.id.map(|id| (id.to_owned(), a))).collect()
}

/// OpenClaw's `normalizeAgentId`; see [`crate::session_key::normalize_agent_id`].
pub fn normalize_id(raw: &str) -> String {
    crate::session_key::normalize_agent_id(raw)
}

/// Unique normalized agent ids; `["main"]` when no roster is configured.
pub fn ids(cfg: &Value) -> Vec<String> {
    let agents = entries(cfg);
    if agents.is_empty() && !has_roster(cfg) {
        return vec![MAIN_AGENT_ID.to_owned()];
    }
    tree::unique(agents.iter().map(|a| normalize_id(a.id.unwrap_or(""))))
}

fn explicit_ownership(cfg: &Value) -> bool {
    tree::str_at(cfg, "agents.ownership") == Some("explicit")
}

/// Number of entries marked `default: true`.
pub fn default_marker_count(cfg: &Value) -> usize {
    entries(cfg).iter().filter(|a| get(a.entry, "default").and_then(Value::as_bool) == Some(true)).count()
}

/// The sole agent, `main` without a roster, or nothing when several agents exist.
pub fn sole_id(cfg: &Value) -> Option<String> {
    let agents = entries(cfg);
    match agents.as_slice() {
        [] if !has_roster(cfg) => Some(MAIN_AGENT_ID.to_owned()),
        [only] => Some(normalize_id(only.id.unwrap_or(""))),
        _ => None,
    }
}

/// OpenClaw's `tryResolveDefaultAgentId`: the one `default: true` entry (unless ownership is
/// explicit), else the sole agent.
pub fn default_id(cfg: &Value) -> Option<String> {
    if !explicit_ownership(cfg) {
        let marked: Vec<_> = entries(cfg)
            .into_iter()
            .filter(|a| get(a.entry, "default").and_then(Value::as_bool) == Some(true))
            .collect();
        if let [only] = marked.as_slice() {
            return Some(normalize_id(only.id.unwrap_or("")));
        }
    }
    sole_id(cfg)
}

/// Whether a default agent can be resolved the way OpenClaw's runtime needs it.
pub fn has_resolvable_default(cfg: &Value) -> bool {
    if explicit_ownership(cfg) {
        return default_marker_count(cfg) == 0;
    }
    default_id(cfg).is_some()
}

/// Agent ids whose state files the filesystem checks and `--fix` cover: `main`, the default
/// agent and every configured agent, normalized and de-duplicated.
pub fn state_ids(cfg: &Value) -> Vec<String> {
    let mut ids = vec![MAIN_AGENT_ID.to_owned()];
    ids.extend(default_id(cfg));
    ids.extend(entries(cfg).iter().filter_map(|a| a.id).map(str::to_owned));
    tree::unique(ids.iter().map(|id| normalize_id(id)))
}

/// The entry of one agent by normalized id; `main` without a roster is an empty entry.
pub fn find<'a>(cfg: &'a Value, agent_id: &str) -> Option<&'a Value> {
    let wanted = normalize_id(agent_id);
    entries(cfg).into_iter().find(|a| normalize_id(a.id.unwrap_or("")) == wanted).map(|a| a.entry)
}

/// `agents.entries.<id>.tools` of an agent, if any.
pub fn tools_of<'a>(cfg: &'a Value, agent_id: &str) -> Option<&'a Value> {
    find(cfg, agent_id).and_then(|entry| get(entry, "tools"))
}

/// Effective sandbox settings of one agent (or of the defaults when `agent_id` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxSettings {
    /// `off`, `non-main` or `all`.
    pub mode: String,
    /// `none`, `ro` or `rw`.
    pub workspace_access: String,
}

pub fn sandbox(cfg: &Value, agent_id: Option<&str>) -> SandboxSettings {
    let defaults = tree::at(cfg, "agents.defaults.sandbox");
    let own = agent_id.and_then(|id| find(cfg, id)).and_then(|entry| get(entry, "sandbox"));
    let pick = |key: &str| -> Option<String> {
        own.and_then(|s| get(s, key))
            .and_then(Value::as_str)
            .or_else(|| defaults.and_then(|s| get(s, key)).and_then(Value::as_str))
            .map(str::to_owned)
    };
    SandboxSettings {
        mode: pick("mode").unwrap_or_else(|| "off".to_owned()),
        workspace_access: pick("workspaceAccess").unwrap_or_else(|| "none".to_owned()),
    }
}

pub fn sandbox_mode(cfg: &Value, agent_id: Option<&str>) -> String {
    sandbox(cfg, agent_id).mode
}

/// `config.agent_roster.invalid_default_count`: agents are configured but none can serve as
/// the default (several agents without exactly one `default: true`, or default markers under
/// `agents.ownership: "explicit"`).
pub fn roster_finding(cfg: &Value) -> Option<super::finding::Finding> {
    use super::finding::{Finding, Severity};
    let agents = entries(cfg);
    if (agents.is_empty() && !has_roster(cfg)) || has_resolvable_default(cfg) {
        return None;
    }
    let markers = default_marker_count(cfg);
    let detail = if explicit_ownership(cfg) {
        format!("agents.ownership is \"explicit\", so no entry may carry default: true; {markers} do.")
    } else {
        format!(
            "{} agents are configured with {markers} default: true markers; exactly one agent (or a sole agent) must be the default.",
            agents.len()
        )
    };
    Some(
        Finding::new(
            "config.agent_roster.invalid_default_count",
            Severity::Warn,
            "No default agent can be determined",
            detail,
        )
        .fix("Mark exactly one agent with default: true (or run `openclaw doctor --fix`)."),
    )
}
