//! Agent identity rules. Agent ids name directories, session keys and binding targets, so two
//! agents must never end up with the same normalised id or the same `agentDir`
//! (`findDuplicateAgentDirs` in `src/config/agent-dirs.ts`, checked by `src/config/validation.ts`).
//! OpenClaw silently keeps the first of duplicate ids, warns on several `default: true` and
//! routes bindings to unknown agents to the default one; those silent fallbacks are refused here
//! so a typo cannot send conversations to the wrong agent.

use std::collections::BTreeMap;

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::model::agents::{AgentOrigin, AgentSlot, AgentsConfig, normalize_agent_id};

use super::keys;

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    if let Some(agents) = &raw.agents {
        check_ids(agents, issues);
        check_single_default(agents, issues);
        check_agent_dirs(agents, issues);
    }
    check_bindings(raw, issues);
}

/// Path of an agent's own object.
pub(super) fn agent_path(origin: AgentOrigin<'_>) -> KeyPath {
    match origin {
        AgentOrigin::List(index) => keys(&["agents", "list"]).index(index),
        AgentOrigin::Entries(key) => keys(&["agents", "entries", key]),
    }
}

/// Human spelling of where an agent was defined, for messages.
fn describe(origin: AgentOrigin<'_>) -> String {
    agent_path(origin).to_string()
}

fn check_ids(agents: &AgentsConfig, issues: &mut Vec<Issue>) {
    let mut seen: BTreeMap<String, AgentOrigin<'_>> = BTreeMap::new();
    for slot in agents.agents() {
        let Some(id) = slot.id else { continue };
        let normalized = normalize_agent_id(id);
        match seen.get(&normalized) {
            None => {
                seen.insert(normalized, slot.origin);
            }
            Some(first) => {
                let (path, message) = match (first, slot.origin) {
                    (AgentOrigin::List(_), AgentOrigin::Entries(_)) => (
                        agent_path(slot.origin),
                        format!(
                            "agent id \"{normalized}\" is defined in both {} and agents.entries; keep only one of them",
                            describe(*first)
                        ),
                    ),
                    _ => (
                        id_path(slot.origin),
                        format!(
                            "duplicate agent id \"{id}\" (same as {}); agent ids must be unique, ignoring case",
                            describe(*first)
                        ),
                    ),
                };
                issues.push(Issue::error(path, message));
            }
        }
    }
}

fn id_path(origin: AgentOrigin<'_>) -> KeyPath {
    match origin {
        AgentOrigin::List(_) => agent_path(origin).key("id"),
        AgentOrigin::Entries(_) => agent_path(origin),
    }
}

fn check_single_default(agents: &AgentsConfig, issues: &mut Vec<Issue>) {
    let mut first: Option<AgentOrigin<'_>> = None;
    for slot in agents.agents().filter(|slot| slot.config.default == Some(true)) {
        match first {
            None => first = Some(slot.origin),
            Some(first) => issues.push(Issue::error(
                agent_path(slot.origin).key("default"),
                format!("only one agent may be marked default: true ({} already is); remove this one", describe(first)),
            )),
        }
    }
}

/// Explicit `agentDir`s must differ. Defaults (`<stateDir>/agents/<id>/agent`) depend on the
/// state directory and differ whenever ids do, which `check_ids` covers.
fn check_agent_dirs(agents: &AgentsConfig, issues: &mut Vec<Issue>) {
    let mut seen: BTreeMap<String, AgentSlot<'_>> = BTreeMap::new();
    for slot in agents.agents() {
        let Some(dir) = slot.config.agent_dir.as_deref().map(normalize_dir).filter(|d| !d.is_empty()) else {
            continue;
        };
        if let Some(first) = seen.get(&dir) {
            let path = match slot.origin {
                AgentOrigin::List(_) => keys(&["agents", "list"]),
                AgentOrigin::Entries(_) => agent_path(slot.origin).key("agentDir"),
            };
            issues.push(Issue::error(
                path,
                format!(
                    "agents {} and {} share agentDir \"{dir}\"; give each agent its own agentDir (copy auth-profiles.json to share credentials)",
                    agent_label(first),
                    agent_label(&slot)
                ),
            ));
        } else {
            seen.insert(dir, slot);
        }
    }
}

fn agent_label(slot: &AgentSlot<'_>) -> String {
    match slot.id {
        Some(id) => format!("\"{}\"", normalize_agent_id(id)),
        None => describe(slot.origin),
    }
}

/// Trailing separators do not make a different directory.
fn normalize_dir(dir: &str) -> String {
    let trimmed = dir.trim();
    let stripped = trimmed.trim_end_matches('/');
    if stripped.is_empty() && !trimmed.is_empty() { "/".to_owned() } else { stripped.to_owned() }
}

/// When agents are configured, every binding must target one of them.
fn check_bindings(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(agents) = raw.agents.as_ref().filter(|a| a.has_agents()) else { return };
    let known: Vec<String> = agents.agents().filter_map(|slot| slot.id).map(normalize_agent_id).collect();
    for (index, binding) in raw.bindings.iter().enumerate() {
        let Some(agent_id) = binding.agent_id.as_deref() else { continue };
        if !known.contains(&normalize_agent_id(agent_id)) {
            issues.push(Issue::warning(
                keys(&["bindings"]).index(index).key("agentId"),
                format!(
                    "unknown agent id \"{agent_id}\"; messages matching this binding go to the default agent. Bindings should name an agent from agents.list or agents.entries (known: {})",
                    known.join(", ")
                ),
            ));
        }
    }
}
