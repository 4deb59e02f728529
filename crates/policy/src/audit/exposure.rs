//! The exposure matrix: open DMs or groups combined with what the reachable agents can do
//! (elevated mode, shell and file tools, control-plane tools), and the signs that one personal
//! gateway is being shared by people who do not trust each other.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::agents;
use super::finding::{Finding, Severity};
use super::tool_policy::{self, CONTROL_PLANE_TOOLS, Context, ToolPolicy};
use super::tree::{self, bullets, get};

/// Every `groupPolicy`/`dmPolicy` equal to `open` anywhere under `channels` (accounts, groups,
/// nested blocks), as sorted dotted paths.
pub fn open_exec_surface_paths(cfg: &Value) -> Vec<String> {
    fn visit(value: &Value, scope: &str, hits: &mut BTreeSet<String>) {
        let Some(record) = value.as_object() else { return };
        if record.get("groupPolicy").and_then(Value::as_str) == Some("open") {
            hits.insert(format!("{scope}.groupPolicy"));
        }
        if record.get("dmPolicy").and_then(Value::as_str) == Some("open") {
            hits.insert(format!("{scope}.dmPolicy"));
        }
        for (key, nested) in record {
            if nested.is_object() {
                visit(nested, &format!("{scope}.{key}"), hits);
            }
        }
    }
    let mut hits = BTreeSet::new();
    if let Some(channels) = tree::obj_at(cfg, "channels") {
        for (id, channel) in channels {
            visit(channel, &format!("channels.{id}"), &mut hits);
        }
    }
    hits.into_iter().collect()
}

/// Open DM/group policies of channels and their accounts (legacy `dm.policy` included).
pub fn open_inbound_policies(cfg: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let inspect = |section: &Map<String, Value>, base: &str, out: &mut Vec<String>| {
        if section.get("groupPolicy").and_then(Value::as_str) == Some("open") {
            out.push(format!("{base}.groupPolicy"));
        }
        let dm_policy = section.get("dmPolicy").filter(|v| !v.is_null());
        let legacy = section.get("dm").and_then(|dm| get(dm, "policy"));
        if dm_policy.or(legacy).and_then(Value::as_str) == Some("open") {
            out.push(format!("{base}.{}", if dm_policy.is_none() { "dm.policy" } else { "dmPolicy" }));
        }
    };
    for (id, channel) in tree::obj_at(cfg, "channels").into_iter().flatten() {
        let Some(section) = channel.as_object() else { continue };
        let base = format!("channels.{id}");
        inspect(section, &base, &mut out);
        for (account, value) in section.get("accounts").and_then(Value::as_object).into_iter().flatten() {
            if let Some(account_section) = value.as_object() {
                inspect(account_section, &format!("{base}.accounts.{account}"), &mut out);
            }
        }
    }
    out
}

fn has_group_targets(section: &Map<String, Value>) -> bool {
    ["groups", "guilds", "channels", "rooms"]
        .iter()
        .any(|k| section.get(*k).and_then(Value::as_object).is_some_and(|o| !o.is_empty()))
}

/// Heuristic signs that several people can reach the gateway.
pub fn multi_user_signals(cfg: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    let mut inspect = |section: &Map<String, Value>, base: &str| {
        match section.get("groupPolicy").and_then(Value::as_str) {
            Some("open") => add(format!("{base}.groupPolicy=\"open\"")),
            Some("allowlist") if has_group_targets(section) => {
                add(format!("{base}.groupPolicy=\"allowlist\" with configured group targets"))
            }
            _ => {}
        }
        if section.get("dmPolicy").and_then(Value::as_str) == Some("open") {
            add(format!("{base}.dmPolicy=\"open\""));
        }
        if tree::has_wildcard(section.get("allowFrom")) {
            add(format!("{base}.allowFrom includes \"*\""));
        }
        if tree::has_wildcard(section.get("groupAllowFrom")) {
            add(format!("{base}.groupAllowFrom includes \"*\""));
        }
        if let Some(dm) = section.get("dm").and_then(Value::as_object) {
            if dm.get("policy").and_then(Value::as_str) == Some("open") {
                add(format!("{base}.dm.policy=\"open\""));
            }
            if tree::has_wildcard(dm.get("allowFrom")) {
                add(format!("{base}.dm.allowFrom includes \"*\""));
            }
        }
    };
    for (id, channel) in tree::obj_at(cfg, "channels").into_iter().flatten() {
        let Some(section) = channel.as_object() else { continue };
        let base = format!("channels.{id}");
        inspect(section, &base);
        for (account, value) in section.get("accounts").and_then(Value::as_object).into_iter().flatten() {
            let Some(account_section) = value.as_object() else { continue };
            let mut merged: Map<String, Value> =
                section.iter().filter(|(k, _)| k.as_str() != "accounts").map(|(k, v)| (k.clone(), v.clone())).collect();
            merged.extend(account_section.iter().map(|(k, v)| (k.clone(), v.clone())));
            inspect(&merged, &format!("{base}.accounts.{account}"));
        }
    }
    out
}

/// `agents.defaults` and every agent with an id, as tool contexts.
fn tool_contexts(cfg: &Value) -> Vec<(String, Option<String>, Option<&Value>)> {
    let mut contexts = vec![("agents.defaults".to_owned(), None, None)];
    for (id, agent) in agents::with_ids(cfg) {
        contexts.push((format!("agents.entries.{id}"), Some(id), agent.tools()));
    }
    contexts
}

/// Contexts where shell or file tools run without the sandbox (and, for files, without
/// `workspaceOnly`), and whether any of them exposes a shell.
pub fn risky_tool_contexts(cfg: &Value) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut runtime_risk = false;
    for (label, agent_id, tools) in tool_contexts(cfg) {
        let mode = agents::sandbox_mode(cfg, agent_id.as_deref());
        let policies = tool_policy::configured(cfg, Context { agent_id: agent_id.as_deref(), tools }, &mode, &[]);
        let runtime: Vec<&str> =
            ["exec", "process"].into_iter().filter(|t| tool_policy::allowed(t, &policies)).collect();
        let fs: Vec<&str> = ["read", "write", "edit", "apply_patch"]
            .into_iter()
            .filter(|t| tool_policy::allowed(t, &policies))
            .collect();
        let workspace_only = tools
            .and_then(|t| tree::at(t, "fs.workspaceOnly"))
            .or_else(|| tree::at(cfg, "tools.fs.workspaceOnly"))
            .and_then(Value::as_bool)
            == Some(true);
        let runtime_unguarded = !runtime.is_empty() && mode != "all";
        let fs_unguarded = !fs.is_empty() && mode != "all" && !workspace_only;
        if !runtime_unguarded && !fs_unguarded {
            continue;
        }
        runtime_risk |= runtime_unguarded;
        let list = |items: &[&str]| if items.is_empty() { "off".to_owned() } else { items.join(", ") };
        lines.push(format!(
            "{label} (sandbox={mode}; runtime=[{}]; fs=[{}]; fs.workspaceOnly={workspace_only})",
            list(&runtime),
            list(&fs)
        ));
    }
    (lines, runtime_risk)
}

fn control_plane_contexts(cfg: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for (label, agent_id, tools) in tool_contexts(cfg) {
        let mode = agents::sandbox_mode(cfg, agent_id.as_deref());
        let policies = tool_policy::configured(cfg, Context { agent_id: agent_id.as_deref(), tools }, &mode, &[]);
        let allowed: Vec<&str> =
            CONTROL_PLANE_TOOLS.iter().copied().filter(|t| tool_policy::allowed(t, &policies)).collect();
        if allowed.is_empty() {
            continue;
        }
        let profile = tools
            .and_then(|t| get(t, "profile"))
            .and_then(Value::as_str)
            .or_else(|| tree::str_at(cfg, "tools.profile"))
            .unwrap_or("none");
        lines.push(format!("{label} (profile={profile}; controlPlane=[{}])", allowed.join(", ")));
    }
    lines
}

pub fn matrix(cfg: &Value) -> Vec<Finding> {
    let open = open_inbound_policies(cfg);
    if open.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !tree::is_false(cfg, "tools.elevated.enabled") {
        out.push(
            Finding::new(
                "security.exposure.open_groups_with_elevated",
                Severity::Critical,
                "Open DMs/groups while elevated mode is available",
                format!("Inbound policy is \"open\" at:\n{}\nWith elevated mode on, a prompt injection from anyone there can become host command execution.", bullets(&open)),
            )
            .fix("Set those policies to \"allowlist\" (or pairing) and keep tools.elevated.allowFrom tiny, or set tools.elevated.enabled=false."),
        );
    }
    let (risky, runtime_risk) = risky_tool_contexts(cfg);
    if !risky.is_empty() {
        out.push(
            Finding::new(
                "security.exposure.open_groups_with_runtime_or_fs",
                if runtime_risk { Severity::Critical } else { Severity::Warn },
                "Open DMs/groups can reach shell or file tools",
                format!(
                    "Inbound policy is \"open\" at:\n{}\nUnguarded tool contexts:\n{}\nA prompt injection in an open conversation can run commands or touch files there.",
                    bullets(&open),
                    bullets(&risky)
                ),
            )
            .fix("For open conversations use tools.profile=\"messaging\" (or deny group:runtime and group:fs), tools.fs.workspaceOnly=true and sandbox mode \"all\"."),
        );
    }
    let control = control_plane_contexts(cfg);
    if !control.is_empty() {
        out.push(
            Finding::new(
                "security.exposure.open_groups_with_control_plane_tools",
                Severity::Critical,
                "Open DMs/groups can reach control-plane tools",
                format!(
                    "Inbound policy is \"open\" at:\n{}\nContexts with control-plane tools:\n{}\nA prompt injection there could schedule jobs, change plugins or update the gateway.",
                    bullets(&open),
                    bullets(&control)
                ),
            )
            .fix("Deny automations, gateway and plugins for agents reachable from open conversations, or tighten dmPolicy/groupPolicy."),
        );
    }
    out
}

/// Bindings whose `session.groupScope` is `main` and that route group traffic.
fn main_scope_bindings(cfg: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for binding in tree::arr_at(cfg, "bindings").into_iter().flatten() {
        if tree::str_at(binding, "session.groupScope") != Some("main") {
            continue;
        }
        let Some(matcher) = get(binding, "match") else { continue };
        let peer_kind = tree::str_at(matcher, "peer.kind");
        if matches!(peer_kind, Some("direct" | "dm")) {
            continue;
        }
        let mut parts = vec![tree::str_at(matcher, "channel").unwrap_or("").to_owned()];
        if let Some(account) = tree::str_at(matcher, "accountId") {
            parts.push(format!("accountId={account}"));
        }
        if let (Some(kind), Some(id)) = (peer_kind, tree::at(matcher, "peer.id").and_then(|v| v.as_str())) {
            parts.push(format!("peer={kind}:{id}"));
        }
        if let Some(guild) = tree::str_at(matcher, "guildId") {
            parts.push(format!("guild={guild}"));
        }
        if let Some(team) = tree::str_at(matcher, "teamId") {
            parts.push(format!("team={team}"));
        }
        let agent = tree::str_at(binding, "agentId").unwrap_or("main");
        lines.push(format!("bindings[].session.groupScope=\"main\": {} (agent={agent})", parts.join(" ")));
    }
    lines
}

pub fn multi_user(cfg: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut scopes = main_scope_bindings(cfg);
    if tree::str_at(cfg, "session.groupScope") == Some("main") {
        scopes.insert(0, "session.groupScope=\"main\" (every group room, unless a binding overrides it)".to_owned());
    }
    if !scopes.is_empty() {
        out.push(
            Finding::new(
                "security.trust_model.group_scope_main",
                Severity::Warn,
                "Group rooms share the agent's main session",
                format!("These routing scopes put group conversations into the main session:\n{}\nEveryone in those rooms shares the main session's context.", bullets(&scopes)),
            )
            .fix("Use session.groupScope=\"per-group\", or keep \"main\" only for rooms of people you trust."),
        );
    }
    let signals = multi_user_signals(cfg);
    if signals.is_empty() {
        return out;
    }
    let (risky, runtime_risk) = risky_tool_contexts(cfg);
    let impact = if runtime_risk {
        "At least one context exposes shell tools without full sandboxing."
    } else {
        "No unguarded shell tools were found."
    };
    let contexts = if risky.is_empty() {
        "No unguarded shell/file contexts found.".to_owned()
    } else {
        format!("Contexts with high-impact tools:\n{}", bullets(&risky))
    };
    out.push(
        Finding::new(
            "security.trust_model.multi_user_heuristic",
            Severity::Warn,
            "This gateway looks shared by several people",
            format!(
                "Signals that more than one person can reach it:\n{}\n{impact}\n{contexts}\nOne gateway is one trusted operator boundary; it does not isolate users from each other.",
                bullets(&signals)
            ),
        )
        .fix("If the users do not trust each other, give each their own gateway and credentials; otherwise sandbox everything (mode \"all\"), keep tools.fs.workspaceOnly=true and deny shell/file/web tools that are not needed."),
    );
    out
}

const SESSION_TOOLS: &[&str] =
    &["sessions_list", "sessions_history", "sessions_search", "sessions_send", "session_status"];

pub fn cross_agent_sessions(cfg: &Value) -> Vec<Finding> {
    let ids = agents::ids(cfg);
    let visibility = tree::str_at(cfg, "tools.sessions.visibility").map(str::to_lowercase);
    let visibility_all = !matches!(visibility.as_deref(), Some("self" | "tree" | "agent"));
    let a2a_enabled = !tree::is_false(cfg, "tools.agentToAgent.enabled");
    let a2a_allow = tree::arr_at(cfg, "tools.agentToAgent.allow").map_or(0, Vec::len);
    if ids.len() < 2 || !visibility_all || !a2a_enabled || a2a_allow > 0 {
        return Vec::new();
    }
    let clamp_all = tree::str_at(cfg, "agents.defaults.sandbox.sessionToolsVisibility").unwrap_or("spawned") == "all";
    let mut reachers = Vec::new();
    let mut others = Vec::new();
    let mut signals = Vec::new();
    for id in &ids {
        let mode = agents::sandbox_mode(cfg, Some(id));
        if mode != "off" {
            signals.push(format!("{id}: sandbox.mode=\"{mode}\""));
        }
        let tools = agents::tools_of(cfg, id);
        let policies: Vec<ToolPolicy> = tool_policy::configured(cfg, Context { agent_id: Some(id), tools }, &mode, &[]);
        let allowed: Vec<&str> = SESSION_TOOLS.iter().copied().filter(|t| tool_policy::allowed(t, &policies)).collect();
        let unclamped = mode != "all" || clamp_all;
        if unclamped && !allowed.is_empty() {
            let context = match mode.as_str() {
                "off" => "unsandboxed sessions",
                "non-main" => "unsandboxed main session",
                _ => "sandboxed sessions (clamp disabled)",
            };
            reachers.push(format!("{id}: {context}; session tools: {}.", allowed.join(", ")));
        } else {
            let reason = if unclamped {
                "session tools removed by its tool policy"
            } else {
                "sandboxed sessions limited to their own spawn tree"
            };
            others.push(format!("{id}: {reason}; its transcripts stay readable by the agents above."));
        }
        let restrictions: Vec<String> = ["profile", "allow", "deny"]
            .iter()
            .filter(|k| tools.and_then(|t| get(t, k)).is_some())
            .map(|k| format!("tools.{k}"))
            .collect();
        if !restrictions.is_empty() {
            signals.push(format!("{id}: agent-level tool restrictions ({})", restrictions.join(", ")));
        }
    }
    if reachers.is_empty() {
        return Vec::new();
    }
    signals.extend(multi_user_signals(cfg));
    let mut detail = format!(
        "Agents: {}\ntools.sessions.visibility is \"all\" and agent-to-agent access is on with no allow list.\nAgents that can read other agents' sessions (other users' transcripts included):\n{}",
        ids.join(", "),
        bullets(
            &reachers
                .iter()
                .chain(others.iter())
                .cloned()
                .chain(std::iter::once("Incognito sessions stay hidden.".to_owned()))
                .collect::<Vec<_>>()
        )
    );
    if !signals.is_empty() {
        detail.push_str(&format!(
            "\nSigns of different trust levels:\n{}\nSession access is still gateway-wide.",
            bullets(&signals)
        ));
    }
    vec![
        Finding::new(
            "security.trust_model.cross_agent_session_access_default",
            if signals.is_empty() { Severity::Info } else { Severity::Warn },
            "Every agent can read every agent's sessions",
            detail,
        )
        .fix("Set tools.sessions.visibility to \"agent\", \"tree\" or \"self\", restrict tools.agentToAgent.allow, or set tools.agentToAgent.enabled=false."),
    ]
}

/// `tools.profile_minimal_overridden`: a global minimal profile that agents widen again.
pub fn minimal_profile_overridden(cfg: &Value) -> Vec<Finding> {
    if tree::str_at(cfg, "tools.profile") != Some("minimal") {
        return Vec::new();
    }
    let overrides: Vec<String> = agents::with_ids(cfg)
        .into_iter()
        .filter_map(|(id, agent)| {
            let profile = agent.tools().and_then(|t| get(t, "profile")).and_then(Value::as_str)?;
            (!profile.is_empty() && profile != "minimal").then(|| format!("agents.entries.{id}={profile}"))
        })
        .collect();
    if overrides.is_empty() {
        return Vec::new();
    }
    vec![
        Finding::new(
            "tools.profile_minimal_overridden",
            Severity::Warn,
            "Agents override the global minimal tool profile",
            format!("tools.profile is \"minimal\", but these agents use a wider profile:\n{}", bullets(&overrides)),
        )
        .fix("Set those agents to tools.profile=\"minimal\" (or drop their override) if minimal tools should apply everywhere."),
    ]
}
