//! Which tools an agent context may call, as far as the config decides it: tool profiles,
//! `tools.allow/alsoAllow/deny` (global and per agent), provider policies and, in sandbox mode
//! `all`, the sandbox tool policy. This is the subset of OpenClaw's tool policy the exposure
//! checks need (`resolveConfiguredToolPolicies` + `isToolAllowedByPolicies`); the runtime's
//! per-session layers (groups, sub-agents) do not apply to configuration audits.

use serde_json::Value;

use super::agents;
use super::tree::{self, get};

/// `(tool id, section, profiles, member of group:openclaw)`, OpenClaw 2026.9's core catalog.
const CORE_TOOLS: &[(&str, &str, &[&str], bool)] = &[
    ("ls", "fs", &["coding"], false),
    ("read", "fs", &["coding"], false),
    ("write", "fs", &["coding"], false),
    ("edit", "fs", &["coding"], false),
    ("apply_patch", "fs", &["coding"], false),
    ("exec", "runtime", &["coding"], false),
    ("process", "runtime", &["coding"], false),
    ("code_execution", "runtime", &["coding"], true),
    ("secrets", "runtime", &["coding", "messaging"], true),
    ("web_search", "web", &["coding"], true),
    ("web_fetch", "web", &["coding"], true),
    ("x_search", "web", &["coding"], true),
    ("memory_search", "memory", &["coding"], true),
    ("memory_get", "memory", &["coding"], true),
    ("sessions", "sessions", &["coding", "messaging"], true),
    ("sessions_list", "sessions", &["coding", "messaging"], true),
    ("sessions_history", "sessions", &["coding", "messaging"], true),
    ("sessions_search", "sessions", &["coding", "messaging"], true),
    ("conversations_list", "sessions", &["coding", "messaging"], true),
    ("conversations_send", "sessions", &["coding", "messaging"], true),
    ("conversations_turn", "sessions", &["coding", "messaging"], true),
    ("sessions_send", "sessions", &["coding", "messaging"], true),
    ("sessions_spawn", "sessions", &["coding", "messaging"], true),
    ("github_identity_status", "sessions", &["coding"], true),
    ("github_publish", "sessions", &["coding"], true),
    ("agents_wait", "sessions", &["coding"], true),
    ("sessions_yield", "sessions", &["coding", "messaging"], true),
    ("subagents", "sessions", &["coding", "messaging"], true),
    ("session_status", "sessions", &["minimal", "coding", "messaging"], true),
    ("suggest_task", "sessions", &["coding"], true),
    ("dismiss_task", "sessions", &["coding"], true),
    ("browser", "ui", &[], true),
    ("screen", "ui", &["coding"], true),
    ("theme", "ui", &["coding", "messaging"], true),
    ("dashboard", "ui", &["coding"], true),
    ("terminal", "ui", &["coding"], true),
    ("portal", "ui", &["coding"], true),
    ("canvas", "ui", &[], false),
    ("show_widget", "ui", &[], true),
    ("message", "messaging", &["messaging"], true),
    ("heartbeat_respond", "automation", &[], true),
    ("automations", "automation", &["coding"], true),
    ("gateway", "automation", &["minimal", "coding", "messaging"], true),
    ("plugins", "automation", &["coding"], true),
    ("openclaw", "automation", &[], true),
    ("nodes", "nodes", &[], true),
    ("computer", "nodes", &[], true),
    ("mobile_ui", "nodes", &[], true),
    ("agents_list", "agents", &[], true),
    ("get_goal", "agents", &["coding"], true),
    ("create_goal", "agents", &["coding"], true),
    ("update_goal", "agents", &["coding"], true),
    ("progress_card", "agents", &["coding"], true),
    ("ask_user", "agents", &["coding", "messaging"], true),
    ("skill_workshop", "agents", &["coding"], true),
    ("view_image", "media", &["coding"], true),
    ("image_generate", "media", &["coding"], true),
    ("music_generate", "media", &["coding"], true),
    ("video_generate", "media", &["coding"], true),
    ("tts", "media", &[], true),
    ("pdf", "media", &[], true),
];

/// Tools a sandboxed (`mode: all`) agent keeps unless `tools.sandbox.tools` says otherwise.
const SANDBOX_DEFAULT_ALLOW: &[&str] = &[
    "exec",
    "process",
    "read",
    "ls",
    "write",
    "edit",
    "apply_patch",
    "view_image",
    "sessions_list",
    "sessions_history",
    "sessions_search",
    "sessions_send",
    "sessions_spawn",
    "sessions_yield",
    "subagents",
    "session_status",
];

/// Tools a sandboxed agent loses by default (OpenClaw also lists channel ids, which name no tool).
const SANDBOX_DEFAULT_DENY: &[&str] =
    &["browser", "canvas", "computer", "mobile_ui", "nodes", "automations", "gateway"];

/// Control-plane tools: scheduling, gateway config/update, plugin management.
pub const CONTROL_PLANE_TOOLS: &[&str] = &["automations", "gateway", "plugins"];

/// One allow/deny layer. `allow: None` (or empty) allows everything not denied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolPolicy {
    pub allow: Option<Vec<String>>,
    pub deny: Option<Vec<String>>,
}

/// Lowercased, with OpenClaw's aliases (`bash` → `exec`, `cron` → `automations`).
pub fn normalize_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    match lower.as_str() {
        "bash" => "exec".to_owned(),
        "apply-patch" => "apply_patch".to_owned(),
        "cron" => "automations".to_owned(),
        _ => lower,
    }
}

/// Members of a `group:<section>` or `group:openclaw`, or `None` for anything else.
fn group_members(name: &str) -> Option<Vec<&'static str>> {
    let section = name.strip_prefix("group:")?;
    let members: Vec<&'static str> = if section == "openclaw" {
        CORE_TOOLS.iter().filter(|t| t.3).map(|t| t.0).collect()
    } else {
        CORE_TOOLS.iter().filter(|t| t.1 == section).map(|t| t.0).collect()
    };
    (!members.is_empty()).then_some(members)
}

fn expand_groups(list: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for entry in list.iter().map(|e| normalize_name(e)).filter(|e| !e.is_empty()) {
        match group_members(&entry) {
            Some(members) => out.extend(members.into_iter().map(str::to_owned)),
            None => out.push(entry),
        }
    }
    tree::unique(out)
}

/// Glob match with `*` as the only wildcard.
pub fn glob_matches(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if !pattern.contains('*') {
        return pattern == value;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts.first().copied().unwrap_or(""), parts.last().copied().unwrap_or(""));
    if value.len() < first.len() + last.len() || !value.starts_with(first) || !value.ends_with(last) {
        return false;
    }
    let mut rest = &value[first.len()..value.len() - last.len()];
    for middle in &parts[1..parts.len().saturating_sub(1)] {
        match rest.find(middle) {
            Some(pos) => rest = &rest[pos + middle.len()..],
            None => return false,
        }
    }
    true
}

fn any_glob(patterns: &[String], value: &str) -> bool {
    patterns.iter().filter(|p| !p.is_empty()).any(|p| glob_matches(p, value))
}

impl ToolPolicy {
    /// Deny wins; an empty allow list allows everything else; `write` also allows `apply_patch`.
    pub fn allows(&self, tool: &str) -> bool {
        let name = normalize_name(tool);
        let deny = expand_groups(self.deny.as_deref().unwrap_or_default());
        if any_glob(&deny, &name) {
            return false;
        }
        let allow = expand_groups(self.allow.as_deref().unwrap_or_default());
        if allow.is_empty() || any_glob(&allow, &name) {
            return true;
        }
        name == "apply_patch" && any_glob(&allow, "write")
    }
}

/// Allowed by every layer.
pub fn allowed(tool: &str, policies: &[ToolPolicy]) -> bool {
    policies.iter().all(|p| p.allows(tool))
}

fn string_list(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

/// OpenClaw's `pickSandboxToolPolicy`: `allow` (+ `alsoAllow`) and `deny` of a tools block;
/// `alsoAllow` alone means "everything, plus these".
pub fn pick(tools: Option<&Value>) -> Option<ToolPolicy> {
    let tools = tools?;
    let allow = string_list(get(tools, "allow"));
    let also = string_list(get(tools, "alsoAllow")).filter(|a| !a.is_empty());
    let allow = match (allow, also) {
        (Some(base), Some(extra)) if base.is_empty() => {
            Some(tree::unique(std::iter::once("*".to_owned()).chain(extra)))
        }
        (Some(base), Some(extra)) => Some(tree::unique(base.into_iter().chain(extra))),
        (Some(base), None) => Some(base),
        (None, Some(extra)) => Some(tree::unique(std::iter::once("*".to_owned()).chain(extra))),
        (None, None) => None,
    };
    let deny = string_list(get(tools, "deny"));
    (allow.is_some() || deny.is_some()).then_some(ToolPolicy { allow, deny })
}

/// The allow list of a built-in profile (`minimal`, `coding`, `messaging`, `full`).
pub fn profile_policy(profile: Option<&str>) -> Option<ToolPolicy> {
    let profile = profile?;
    let allow: Vec<String> = match profile {
        "full" => vec!["*".to_owned()],
        "minimal" | "coding" | "messaging" => {
            let mut allow: Vec<String> =
                CORE_TOOLS.iter().filter(|t| t.2.contains(&profile)).map(|t| t.0.to_owned()).collect();
            if profile != "minimal" {
                allow.push("bundle-mcp".to_owned());
            }
            allow
        }
        _ => return None,
    };
    Some(ToolPolicy { allow: Some(allow), deny: None })
}

/// The sandbox tool policy of an agent (`tools.sandbox.tools`, agent over global, over defaults).
pub fn sandbox_policy(cfg: &Value, agent_id: Option<&str>) -> ToolPolicy {
    let agent = agent_id.and_then(|id| agents::tools_of(cfg, id)).and_then(|t| tree::at(t, "sandbox.tools"));
    let global = tree::at(cfg, "tools.sandbox.tools");
    let pick_list = |key: &str| -> Option<Vec<String>> {
        string_list(agent.and_then(|a| get(a, key))).or_else(|| string_list(global.and_then(|g| get(g, key))))
    };
    let allow_cfg = pick_list("allow");
    let also = pick_list("alsoAllow");
    let deny_cfg = pick_list("deny");
    let explicit: Vec<String> = allow_cfg.iter().chain(also.iter()).flatten().cloned().collect();
    let defaults = || SANDBOX_DEFAULT_ALLOW.iter().map(|s| (*s).to_owned());
    let allow: Vec<String> = match (&allow_cfg, &also) {
        (Some(base), _) if base.is_empty() => Vec::new(),
        (Some(base), Some(extra)) if !extra.is_empty() => tree::unique(base.iter().chain(extra).cloned()),
        (Some(base), _) => base.clone(),
        (None, Some(extra)) if !extra.is_empty() => tree::unique(defaults().chain(extra.iter().cloned())),
        (None, _) => defaults().collect(),
    };
    let deny: Vec<String> = match deny_cfg {
        Some(deny) => deny,
        None => {
            let explicit = expand_groups(&explicit);
            SANDBOX_DEFAULT_DENY
                .iter()
                .filter(|name| !any_glob(&explicit, &normalize_name(name)))
                .map(|s| (*s).to_owned())
                .collect()
        }
    };
    let mut allow = expand_groups(&allow);
    let deny = expand_groups(&deny);
    if !allow.is_empty() && !deny.iter().any(|d| d == "view_image") && !allow.iter().any(|a| a == "view_image") {
        allow.push("view_image".to_owned());
    }
    // An empty allow list here means "nothing": OpenClaw keeps it empty and the matcher then
    // treats it as allow-all, which is what it does too, so the same semantics follow.
    ToolPolicy { allow: Some(allow), deny: Some(deny) }
}

/// A tool context: the defaults, or one agent with its own `tools` block.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub agent_id: Option<&'a str>,
    pub tools: Option<&'a Value>,
}

/// OpenClaw's `resolveConfiguredToolPolicies`: profile (+ `alsoAllow`), global, agent, extra
/// layers, and the sandbox policy when the sandbox mode is `all`.
pub fn configured(cfg: &Value, ctx: Context<'_>, sandbox_mode: &str, extra: &[ToolPolicy]) -> Vec<ToolPolicy> {
    let global = tree::at(cfg, "tools");
    let profile = ctx
        .tools
        .and_then(|t| get(t, "profile"))
        .and_then(Value::as_str)
        .or_else(|| global.and_then(|g| get(g, "profile")).and_then(Value::as_str));
    let also = string_list(ctx.tools.and_then(|t| get(t, "alsoAllow")))
        .or_else(|| string_list(global.and_then(|g| get(g, "alsoAllow"))));
    let mut policies = Vec::new();
    if let Some(mut profile) = profile_policy(profile) {
        if let (Some(allow), Some(also)) = (profile.allow.as_mut(), also.filter(|a| !a.is_empty())) {
            *allow = tree::unique(allow.drain(..).chain(also));
        }
        policies.push(profile);
    }
    policies.extend(pick(global));
    policies.extend(pick(ctx.tools));
    policies.extend(extra.iter().cloned());
    if sandbox_mode == "all" {
        policies.push(sandbox_policy(cfg, ctx.agent_id));
    }
    policies
}

/// `tools.byProvider` entry for a model: `provider/model` first, then `provider`.
pub fn provider_policy(by_provider: Option<&Value>, provider: Option<&str>, model: Option<&str>) -> Option<ToolPolicy> {
    let map = by_provider?.as_object()?;
    let provider = provider?.trim().to_lowercase();
    if provider.is_empty() {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(model) = model.map(|m| m.trim().to_lowercase()).filter(|m| !m.is_empty()) {
        candidates.push(format!("{provider}/{model}"));
    }
    candidates.push(provider);
    for candidate in candidates {
        if let Some((_, value)) = map.iter().find(|(key, v)| v.is_object() && key.trim().to_lowercase() == candidate) {
            // Used as-is (no `alsoAllow` merge), as OpenClaw's extra policy layer is.
            return Some(ToolPolicy { allow: string_list(get(value, "allow")), deny: string_list(get(value, "deny")) });
        }
    }
    None
}

/// Tool names the exposure checks probe for plugin tools: matches only `*`-style allows.
pub const PLUGIN_PROBE_TOOL: &str = "__openclaw_plugin_probe__";
