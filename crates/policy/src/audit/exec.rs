//! Elevated mode and host exec: who may run elevated commands, where `exec` runs, how much it
//! is trusted (`security=full`), whether open channels reach it, and allowlist entries that
//! quietly widen it (interpreters in `safeBins`, writable trusted dirs, auto-allowed skills).
//! Also the skill/MCP boundary: a skill allowlist does not stop a host shell from running an
//! MCP client.

use serde_json::Value;

use super::agents;
use super::exposure;
use super::facts::{AuditFacts, McporterRegistry};
use super::finding::{Finding, Severity};
use super::safe_bins;
use super::tool_policy::{self, Context};
use super::tree::{self, bullets, get};

pub fn elevated(cfg: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if tree::is_false(cfg, "tools.elevated.enabled") {
        return out;
    }
    let Some(allow_from) = tree::obj_at(cfg, "tools.elevated.allowFrom") else { return out };
    for (provider, list) in allow_from {
        let entries = tree::string_entries(Some(list));
        if entries.iter().any(|e| e == "*") {
            out.push(
                Finding::new(
                    format!("tools.elevated.allowFrom.{provider}.wildcard"),
                    Severity::Critical,
                    "Anyone may use elevated mode",
                    format!("tools.elevated.allowFrom.{provider} contains \"*\", so every sender on that channel is approved for elevated (host) execution."),
                )
                .fix(format!("Replace \"*\" in tools.elevated.allowFrom.{provider} with the few sender ids you trust.")),
            );
        } else if entries.len() > 25 {
            out.push(Finding::new(
                format!("tools.elevated.allowFrom.{provider}.large"),
                Severity::Warn,
                "Elevated allowlist is long",
                format!("tools.elevated.allowFrom.{provider} has {} entries; elevated access should stay with a handful of people.", entries.len()),
            ));
        }
    }
    out
}

/// Security a mode implies (`deny`, `allowlist`, `ask` → allowlist, `auto` → allowlist, `full`).
fn mode_security(mode: &str) -> Option<&'static str> {
    match mode.trim().to_lowercase().as_str() {
        "deny" => Some("deny"),
        "allowlist" | "ask" | "auto" => Some("allowlist"),
        "full" => Some("full"),
        _ => None,
    }
}

fn mode_ask(mode: &str) -> Option<&'static str> {
    match mode.trim().to_lowercase().as_str() {
        "deny" | "allowlist" | "full" => Some("off"),
        "ask" | "auto" => Some("on-miss"),
        _ => None,
    }
}

/// `(security, ask)` after one layer (`mode` wins over `security`/`ask`).
fn layer(base: (String, String), exec: Option<&Value>) -> (String, String) {
    let Some(exec) = exec else { return base };
    if let Some(mode) = get(exec, "mode").and_then(Value::as_str).filter(|m| !m.is_empty())
        && let (Some(security), Some(ask)) = (mode_security(mode), mode_ask(mode))
    {
        return (security.to_owned(), ask.to_owned());
    }
    let security = get(exec, "security").and_then(Value::as_str).map(str::to_owned).unwrap_or(base.0);
    let ask = get(exec, "ask").and_then(Value::as_str).map(str::to_owned).unwrap_or(base.1);
    (security, ask)
}

/// One exec scope of the open-channel checks.
struct ExecScope {
    id: String,
    security: String,
    host: String,
}

/// Effective exec security per scope as the exposure checks see it (default `deny`).
fn exec_scopes(cfg: &Value) -> Vec<ExecScope> {
    let global = tree::at(cfg, "tools.exec");
    let global_host = global.and_then(|g| get(g, "host")).and_then(Value::as_str);
    let inherited = layer(("deny".to_owned(), "off".to_owned()), global);
    let mut scopes: Vec<ExecScope> = vec![ExecScope {
        id: agents::default_id(cfg).unwrap_or_else(|| "global".to_owned()),
        security: inherited.0.clone(),
        host: global_host.unwrap_or("auto").to_owned(),
    }];
    for (id, agent) in agents::with_ids(cfg) {
        let exec = agent.tools().and_then(|t| get(t, "exec"));
        let (security, _) = layer(inherited.clone(), exec);
        let host =
            exec.and_then(|e| get(e, "host")).and_then(Value::as_str).or(global_host).unwrap_or("auto").to_owned();
        let scope = ExecScope { id: id.clone(), security, host };
        match scopes.iter_mut().find(|s| s.id == id) {
            Some(existing) => *existing = scope,
            None => scopes.push(scope),
        }
    }
    scopes
}

pub fn runtime(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    let global_exec = tree::at(cfg, "tools.exec");
    if tree::str_at(cfg, "tools.exec.host") == Some("sandbox") && agents::sandbox_mode(cfg, None) == "off" {
        out.push(
            Finding::new(
                "tools.exec.host_sandbox_no_sandbox_defaults",
                Severity::Warn,
                "exec is pinned to the sandbox, but sandboxing is off",
                "tools.exec.host is \"sandbox\" while agents.defaults.sandbox.mode is \"off\"; with no sandbox runtime, exec fails closed.",
            )
            .fix("Turn sandboxing on (agents.defaults.sandbox.mode \"non-main\" or \"all\") or set tools.exec.host to \"gateway\" with approvals."),
        );
    }
    let risky: Vec<String> = agents::with_ids(cfg)
        .into_iter()
        .filter(|(id, a)| {
            a.tools().and_then(|t| tree::at(t, "exec.host")).and_then(Value::as_str) == Some("sandbox")
                && agents::sandbox_mode(cfg, Some(id)) == "off"
        })
        .map(|(id, _)| id)
        .take(5)
        .collect();
    if !risky.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.host_sandbox_no_sandbox_agents",
                Severity::Warn,
                "Agents pin exec to a sandbox they do not have",
                format!("tools.exec.host is \"sandbox\" for {} while their sandbox mode is \"off\"; exec fails closed for them.", risky.join(", ")),
            )
            .fix("Enable agents.entries.<id>.sandbox.mode for them, or set their tools.exec.host to \"gateway\"."),
        );
    }
    let scopes = exec_scopes(cfg);
    let full: Vec<&ExecScope> = scopes.iter().filter(|s| s.security == "full").collect();
    let enabled: Vec<&ExecScope> = scopes.iter().filter(|s| s.security != "deny").collect();
    let open_paths = exposure::open_exec_surface_paths(cfg);
    if !full.is_empty() {
        let mut detail = format!(
            "exec runs without approval or allowlist (security=full) for: {}.",
            full.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
        );
        if !open_paths.is_empty() {
            detail.push_str(&format!(" Open channel access exists at:\n{}", bullets(&open_paths)));
        }
        out.push(
            Finding::new("tools.exec.security_full_configured", Severity::warn_or_critical(!open_paths.is_empty()), "exec is fully trusted", detail)
                .fix("Prefer tools.exec.mode \"ask\" or \"allowlist\"; keep \"full\" for narrowly scoped break-glass agents."),
        );
    }
    if !open_paths.is_empty() && !enabled.is_empty() {
        let scope_lines: Vec<String> =
            enabled.iter().map(|s| format!("{}: security={}, host={}", s.id, s.security, s.host)).collect();
        out.push(
            Finding::new(
                "security.exposure.open_channels_with_exec",
                Severity::warn_or_critical(!full.is_empty()),
                "Open channels reach agents that can run commands",
                format!("Open DM/group access at:\n{}\nScopes with exec:\n{}", bullets(&open_paths), bullets(&scope_lines)),
            )
            .fix("Move those dmPolicy/groupPolicy values to pairing or allowlist, or deny exec for agents reachable from shared channels."),
        );
    }
    let drift = fs_policy_drift(cfg);
    if !drift.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.fs_tools_disabled_but_exec_enabled",
                Severity::Warn,
                "Denying file tools does not make exec read-only",
                format!("write, edit and apply_patch are denied but exec is still allowed in:\n{}\nA shell writes files wherever its host or sandbox allows.", bullets(&drift)),
            )
            .fix("For read-only agents deny exec and process too; if a shell is intended, use sandbox mode \"all\" with workspaceAccess \"ro\" or \"none\"."),
        );
    }
    let approvals = facts.exec_approvals.as_ref();
    let auto_allow = auto_allow_skills_hits(approvals);
    if !auto_allow.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.auto_allow_skills_enabled",
                Severity::Warn,
                "Skill binaries are allowlisted automatically",
                format!("autoAllowSkills is on at:\n{}\nEvery skill's binaries become trusted host commands without an explicit entry.", bullets(&auto_allow)),
            )
            .fix("Turn autoAllowSkills off in the exec approvals and keep explicit allowlist entries."),
        );
    }
    let interpreters = interpreter_allowlist_hits(cfg, approvals);
    if !interpreters.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.allowlist_interpreter_without_strict_inline_eval",
                Severity::Warn,
                "Allowlisted interpreters accept inline code",
                format!("These exec allowlist entries name interpreters while strictInlineEval is off:\n{}", bullets(&interpreters)),
            )
            .fix("Set tools.exec.strictInlineEval=true (or per agent) when you allowlist python, node, ruby, perl, php, lua or osascript."),
        );
    }
    out.extend(safe_bins::collect(cfg, global_exec));
    out
}

/// Scopes where write/edit/apply_patch are all denied but exec is allowed and not confined.
fn fs_policy_drift(cfg: &Value) -> Vec<String> {
    let global_host = tree::str_at(cfg, "tools.exec.host");
    let mut contexts: Vec<(String, Option<String>, Option<&Value>)> = vec![("tools".to_owned(), None, None)];
    for (id, agent) in agents::with_ids(cfg) {
        contexts.push((format!("agents.entries.{id}.tools"), Some(id), agent.tools()));
    }
    let mut hits = Vec::new();
    for (label, agent_id, tools) in contexts {
        let sandbox = agents::sandbox(cfg, agent_id.as_deref());
        let host =
            tools.and_then(|t| tree::at(t, "exec.host")).and_then(Value::as_str).or(global_host).unwrap_or("auto");
        let constrained =
            sandbox.mode == "all" && host != "gateway" && host != "node" && sandbox.workspace_access != "rw";
        if constrained {
            continue;
        }
        let policies =
            tool_policy::configured(cfg, Context { agent_id: agent_id.as_deref(), tools }, &sandbox.mode, &[]);
        let runtime: Vec<&str> =
            ["exec", "process"].into_iter().filter(|t| tool_policy::allowed(t, &policies)).collect();
        if !runtime.contains(&"exec") {
            continue;
        }
        let disabled: Vec<&str> =
            ["write", "edit", "apply_patch"].into_iter().filter(|t| !tool_policy::allowed(t, &policies)).collect();
        if disabled.len() != 3 {
            continue;
        }
        hits.push(format!(
            "{label}: runtime=[{}], disabledFs=[{}], exec.host={host}, sandbox={}, workspaceAccess={}",
            runtime.join(", "),
            disabled.join(", "),
            sandbox.mode,
            sandbox.workspace_access
        ));
    }
    hits
}

fn auto_allow_skills_hits(approvals: Option<&Value>) -> Vec<String> {
    let Some(approvals) = approvals else { return Vec::new() };
    let mut hits = Vec::new();
    if tree::is_true(approvals, "defaults.autoAllowSkills") {
        hits.push("defaults.autoAllowSkills".to_owned());
    }
    if let Some(agents) = tree::obj_at(approvals, "agents") {
        for (id, agent) in agents {
            if get(agent, "autoAllowSkills").and_then(Value::as_bool) == Some(true) {
                hits.push(format!("agents.{id}.autoAllowSkills"));
            }
        }
    }
    hits
}

fn interpreter_allowlist_hits(cfg: &Value, approvals: Option<&Value>) -> Vec<String> {
    let Some(agents_map) = approvals.and_then(|a| tree::obj_at(a, "agents")) else { return Vec::new() };
    let global_strict = tree::is_true(cfg, "tools.exec.strictInlineEval");
    let strict_for = |agent_id: &str| -> bool {
        if agent_id.is_empty() || agent_id == "*" {
            return global_strict;
        }
        agents::with_ids(cfg)
            .into_iter()
            .find(|(id, _)| id == agent_id)
            .and_then(|(_, a)| a.tools().and_then(|t| tree::at(t, "exec.strictInlineEval")).and_then(Value::as_bool))
            .unwrap_or(global_strict)
    };
    let mut hits = Vec::new();
    for (agent_id, agent) in agents_map {
        if !agent.is_object() || strict_for(agent_id) {
            continue;
        }
        for entry in get(agent, "allowlist").and_then(Value::as_array).into_iter().flatten() {
            let pattern = match entry {
                Value::String(s) => Some(s.as_str()),
                other => get(other, "pattern").and_then(Value::as_str),
            };
            if let Some(pattern) = pattern.filter(|p| safe_bins::is_interpreter_pattern(p)) {
                hits.push(format!("agents.{agent_id}.allowlist: {pattern}"));
            }
        }
    }
    hits
}

/// Effective exec settings of a scope the way the runtime resolves them (default `full` on the
/// gateway host, capped by the exec approvals).
struct ExecDefaults {
    host: String,
    security: String,
    ask: String,
}

fn rank_security(s: &str) -> u8 {
    match s {
        "deny" => 0,
        "allowlist" => 1,
        _ => 2,
    }
}

fn rank_ask(s: &str) -> u8 {
    match s {
        "off" => 0,
        "on-miss" => 1,
        _ => 2,
    }
}

fn exec_defaults(
    cfg: &Value,
    approvals: Option<&Value>,
    agent_id: Option<&str>,
    sandbox_available: bool,
) -> ExecDefaults {
    let global = tree::at(cfg, "tools.exec");
    let agent_exec = agent_id.and_then(|id| agents::tools_of(cfg, id)).and_then(|t| get(t, "exec"));
    let host = agent_exec
        .and_then(|e| get(e, "host"))
        .or_else(|| global.and_then(|g| get(g, "host")))
        .and_then(Value::as_str)
        .unwrap_or("auto")
        .to_lowercase();
    let effective = match host.as_str() {
        "auto" => if sandbox_available { "sandbox" } else { "gateway" }.to_owned(),
        other => other.to_owned(),
    };
    let default_security = if effective == "sandbox" { "deny" } else { "full" };
    let approval = |key: &str, fallback: &str| -> String {
        let from_agent = agent_id
            .and_then(|id| approvals.and_then(|a| tree::obj_at(a, "agents")).and_then(|m| m.get(id)))
            .and_then(|a| get(a, key))
            .and_then(Value::as_str);
        let from_wildcard = approvals
            .and_then(|a| tree::obj_at(a, "agents"))
            .and_then(|m| m.get("*"))
            .and_then(|a| get(a, key))
            .and_then(Value::as_str);
        let from_defaults = approvals.and_then(|a| tree::at(a, &format!("defaults.{key}"))).and_then(Value::as_str);
        from_agent.or(from_wildcard).or(from_defaults).unwrap_or(fallback).to_owned()
    };
    let approval_security = approval("security", default_security);
    let approval_ask = approval("ask", "off");
    let layered = layer(layer((approval_security.clone(), approval_ask.clone()), global), agent_exec);
    let security =
        if rank_security(&layered.0) <= rank_security(&approval_security) { layered.0 } else { approval_security };
    let ask = if rank_ask(&layered.1) >= rank_ask(&approval_ask) { layered.1 } else { approval_ask };
    ExecDefaults { host: effective, security, ask }
}

pub fn skill_mcp_boundary(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let defaults_have_skills = tree::obj_at(cfg, "agents.defaults").is_some_and(|d| d.contains_key("skills"));
    let mut candidates: Vec<(String, &str, Option<String>)> = Vec::new();
    if defaults_have_skills {
        candidates.push(("agents.defaults".to_owned(), "agents.defaults.skills", None));
    }
    for (id, agent) in agents::with_ids(cfg) {
        let own = agent.entry.as_object().is_some_and(|o| o.contains_key("skills"));
        if own {
            candidates.push((id.clone(), "agents.entries.*.skills", Some(id)));
        } else if defaults_have_skills {
            candidates.push((id.clone(), "agents.defaults.skills (inherited)", Some(id)));
        }
    }
    let scopes: Vec<String> = candidates
        .into_iter()
        .filter_map(|(id, source, agent_id)| {
            let mode = agents::sandbox_mode(cfg, agent_id.as_deref());
            let exec = exec_defaults(cfg, facts.exec_approvals.as_ref(), agent_id.as_deref(), mode != "off");
            (exec.security != "deny" && exec.host != "sandbox").then(|| {
                format!("{id}: {source}, exec.host={}, security={}, ask={}", exec.host, exec.security, exec.ask)
            })
        })
        .collect();
    if scopes.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut sources = Vec::new();
    let mut servers: Vec<String> = tree::obj_at(cfg, "mcp.servers")
        .map(|m| m.iter().filter(|(_, s)| !tree::is_false(s, "enabled")).map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    servers.sort();
    if !servers.is_empty() {
        sources.push(format!("mcp.servers: {}", preview(&servers)));
    }
    match &facts.mcporter {
        McporterRegistry::Rejected(reason) => out.push(
            Finding::new(
                "tools.exec.mcporter_registry_inspection_incomplete",
                Severity::Warn,
                "Global mcporter registry could not be inspected",
                format!("skills/config/mcporter.json exists but is {}; the audit cannot tell which MCP servers a host shell could reach.", describe_rejection(reason)),
            )
            .fix("Keep skills/config/mcporter.json a regular, readable, valid JSON file under 16 MiB, or remove it."),
        ),
        McporterRegistry::Servers(names) if !names.is_empty() => {
            sources.push(format!("skills/config/mcporter.json: {}", preview(names)));
        }
        _ => {}
    }
    if sources.is_empty() {
        return out;
    }
    let mut detail = format!(
        "Agents with a skill allowlist can still run host commands:\n{}",
        bullets(&scopes[..scopes.len().min(8)])
    );
    if scopes.len() > 8 {
        detail.push_str(&format!("\n- +{} more scopes.", scopes.len() - 8));
    }
    detail.push_str(&format!(
        "\nMCP servers visible to them:\n{}\nA skill allowlist only filters which skills the agent sees; a host shell can still start an MCP client.",
        bullets(&sources)
    ));
    out.push(
        Finding::new("tools.exec.agent_skill_mcp_boundary_drift", Severity::Warn, "Skill allowlists do not fence off MCP servers", detail)
            .fix("Deny exec (or use a tight allowlist) for agents that must not reach these MCP servers, sandbox them, or move sensitive servers to another gateway."),
    );
    out
}

fn preview(names: &[String]) -> String {
    let shown = names.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 6 { format!("{shown}, +{} more", names.len() - 6) } else { shown }
}

fn describe_rejection(reason: &str) -> &str {
    match reason {
        "oversized" => "larger than the 16 MiB limit",
        "non-regular" => "not a regular file",
        "malformed" => "not valid JSON",
        "unreadable" => "unreadable",
        other => other,
    }
}
