//! Elevated mode, exec, exposure matrix, trust-model heuristics, tool profiles.

use serde_json::json;

use super::*;
use crate::audit::facts::McporterRegistry;

#[test]
fn elevated_allowlists() {
    let list = |n: usize| (0..n).map(|i| format!("user{i}")).collect::<Vec<_>>();
    check_rows(vec![
        row(
            "wildcard",
            json!({"tools": {"elevated": {"allowFrom": {"telegram": ["*"]}}}}),
            "tools.elevated.allowFrom.telegram.wildcard",
            C,
        ),
        row(
            "wildcard but disabled",
            json!({"tools": {"elevated": {"enabled": false, "allowFrom": {"telegram": ["*"]}}}}),
            "tools.elevated.allowFrom.telegram.wildcard",
            NO,
        ),
        row(
            "26 entries",
            json!({"tools": {"elevated": {"allowFrom": {"discord": list(26)}}}}),
            "tools.elevated.allowFrom.discord.large",
            W,
        ),
        row(
            "25 entries",
            json!({"tools": {"elevated": {"allowFrom": {"discord": list(25)}}}}),
            "tools.elevated.allowFrom.discord.large",
            NO,
        ),
    ]);
}

#[test]
fn exec_runtime() {
    let open = json!({"telegram": {"groupPolicy": "open"}});
    check_rows(vec![
        row(
            "host sandbox, sandbox off",
            json!({"tools": {"exec": {"host": "sandbox"}}}),
            "tools.exec.host_sandbox_no_sandbox_defaults",
            W,
        ),
        row(
            "host sandbox, sandbox on",
            json!({"tools": {"exec": {"host": "sandbox"}}, "agents": {"defaults": {"sandbox": {"mode": "all"}}}}),
            "tools.exec.host_sandbox_no_sandbox_defaults",
            NO,
        ),
        row(
            "agent host sandbox, sandbox off",
            json!({"agents": {"list": [{"id": "a", "tools": {"exec": {"host": "sandbox"}}}]}}),
            "tools.exec.host_sandbox_no_sandbox_agents",
            W,
        ),
        row(
            "agent sandboxed",
            json!({"agents": {"list": [{"id": "a", "sandbox": {"mode": "all"}, "tools": {"exec": {"host": "sandbox"}}}]}}),
            "tools.exec.host_sandbox_no_sandbox_agents",
            NO,
        ),
        row(
            "security full",
            json!({"tools": {"exec": {"security": "full"}}}),
            "tools.exec.security_full_configured",
            W,
        ),
        row(
            "mode full with open groups escalates",
            json!({"tools": {"exec": {"mode": "full"}}, "channels": open.clone()}),
            "tools.exec.security_full_configured",
            C,
        ),
        row(
            "agent full",
            json!({"agents": {"list": [{"id": "a", "tools": {"exec": {"security": "full"}}}]}}),
            "tools.exec.security_full_configured",
            W,
        ),
        row("default deny", json!({}), "tools.exec.security_full_configured", NO),
        row(
            "open channel with allowlist exec",
            json!({"tools": {"exec": {"security": "allowlist"}}, "channels": open.clone()}),
            "security.exposure.open_channels_with_exec",
            W,
        ),
        row(
            "open channel with full exec",
            json!({"tools": {"exec": {"security": "full"}}, "channels": open.clone()}),
            "security.exposure.open_channels_with_exec",
            C,
        ),
        row(
            "nested open group counts",
            json!({"tools": {"exec": {"mode": "ask"}}, "channels": {"discord": {"guilds": {"g1": {"groupPolicy": "open"}}}}}),
            "security.exposure.open_channels_with_exec",
            W,
        ),
        row("open channel, exec denied", json!({"channels": open}), "security.exposure.open_channels_with_exec", NO),
        row(
            "fs denied, exec allowed",
            json!({"tools": {"deny": ["write", "edit", "apply_patch"]}}),
            "tools.exec.fs_tools_disabled_but_exec_enabled",
            W,
        ),
        row(
            "fs and exec denied",
            json!({"tools": {"deny": ["group:fs", "exec"]}}),
            "tools.exec.fs_tools_disabled_but_exec_enabled",
            NO,
        ),
        row(
            "read-only sandbox confines exec",
            json!({"tools": {"deny": ["group:fs"]}, "agents": {"defaults": {"sandbox": {"mode": "all", "workspaceAccess": "ro"}}}}),
            "tools.exec.fs_tools_disabled_but_exec_enabled",
            NO,
        ),
    ]);
}

#[test]
fn safe_bins() {
    check_rows(vec![
        row(
            "interpreter in safeBins",
            json!({"tools": {"exec": {"safeBins": ["jq", "python3"]}}}),
            "tools.exec.safe_bins_interpreter_unprofiled",
            W,
        ),
        row(
            "versioned interpreter",
            json!({"tools": {"exec": {"safeBins": ["python3.11"]}}}),
            "tools.exec.safe_bins_interpreter_unprofiled",
            W,
        ),
        row(
            "profiled interpreter",
            json!({"tools": {"exec": {"safeBins": ["python3"], "safeBinProfiles": {"python3": {}}}}}),
            "tools.exec.safe_bins_interpreter_unprofiled",
            NO,
        ),
        row(
            "agent interpreter",
            json!({"agents": {"list": [{"id": "a", "tools": {"exec": {"safeBins": ["node"]}}}]}}),
            "tools.exec.safe_bins_interpreter_unprofiled",
            W,
        ),
        row(
            "plain filters",
            json!({"tools": {"exec": {"safeBins": ["head", "wc"]}}}),
            "tools.exec.safe_bins_interpreter_unprofiled",
            NO,
        ),
        row(
            "sed is broad",
            json!({"tools": {"exec": {"safeBins": ["sed"]}}}),
            "tools.exec.safe_bins_broad_behavior",
            W,
        ),
        row("jq is broad", json!({"tools": {"exec": {"safeBins": ["jq"]}}}), "tools.exec.safe_bins_broad_behavior", W),
        row(
            "tmp trusted dir",
            json!({"tools": {"exec": {"safeBinTrustedDirs": ["/tmp/bin"]}}}),
            "tools.exec.safe_bin_trusted_dirs_risky",
            W,
        ),
        row(
            "relative trusted dir",
            json!({"tools": {"exec": {"safeBinTrustedDirs": ["bin"]}}}),
            "tools.exec.safe_bin_trusted_dirs_risky",
            W,
        ),
        row(
            "homebrew",
            json!({"tools": {"exec": {"safeBinTrustedDirs": ["/opt/homebrew/bin/"]}}}),
            "tools.exec.safe_bin_trusted_dirs_risky",
            W,
        ),
        row(
            "home local bin",
            json!({"agents": {"list": [{"id": "a", "tools": {"exec": {"safeBinTrustedDirs": ["/home/u/.local/bin"]}}}]}}),
            "tools.exec.safe_bin_trusted_dirs_risky",
            W,
        ),
        row(
            "system dir",
            json!({"tools": {"exec": {"safeBinTrustedDirs": ["/usr/bin"]}}}),
            "tools.exec.safe_bin_trusted_dirs_risky",
            NO,
        ),
    ]);
}

#[test]
fn exec_approvals_store() {
    let mut f = facts(json!({}));
    f.exec_approvals = Some(
        json!({"defaults": {"autoAllowSkills": true}, "agents": {"main": {"allowlist": [{"pattern": "/usr/bin/python3"}, {"pattern": "/usr/bin/git"}]}}}),
    );
    let report = run_audit(&f);
    assert_eq!(severity(&report, "tools.exec.auto_allow_skills_enabled"), W);
    assert_eq!(severity(&report, "tools.exec.allowlist_interpreter_without_strict_inline_eval"), W);
    let mut strict = facts(json!({"tools": {"exec": {"strictInlineEval": true}}}));
    strict.exec_approvals = f.exec_approvals.clone();
    assert_eq!(severity(&run_audit(&strict), "tools.exec.allowlist_interpreter_without_strict_inline_eval"), NO);
    for (pattern, want) in
        [("python3", true), ("/opt/node20/bin/node20", true), ("ruby*", true), ("git", false), ("/usr/bin/ls", false)]
    {
        assert_eq!(crate::audit::exec_is_interpreter_pattern(pattern), want, "{pattern}");
    }
}

#[test]
fn skill_mcp_boundary() {
    let cfg = json!({"agents": {"defaults": {"skills": ["x"]}}, "mcp": {"servers": {"gh": {"command": "x"}}}});
    check_rows(vec![
        row("skills allowlist, host exec, mcp servers", cfg.clone(), "tools.exec.agent_skill_mcp_boundary_drift", W),
        row(
            "exec denied",
            json!({"tools": {"exec": {"security": "deny"}}, "agents": {"defaults": {"skills": ["x"]}}, "mcp": {"servers": {"gh": {}}}}),
            "tools.exec.agent_skill_mcp_boundary_drift",
            NO,
        ),
        row(
            "sandboxed auto host",
            json!({"agents": {"defaults": {"skills": ["x"], "sandbox": {"mode": "all"}}}, "mcp": {"servers": {"gh": {}}}}),
            "tools.exec.agent_skill_mcp_boundary_drift",
            NO,
        ),
        row(
            "no servers",
            json!({"agents": {"defaults": {"skills": ["x"]}}}),
            "tools.exec.agent_skill_mcp_boundary_drift",
            NO,
        ),
        row(
            "disabled server",
            json!({"agents": {"defaults": {"skills": ["x"]}}, "mcp": {"servers": {"gh": {"enabled": false}}}}),
            "tools.exec.agent_skill_mcp_boundary_drift",
            NO,
        ),
    ]);
    let mut registry = facts(json!({"agents": {"list": [{"id": "a", "skills": []}]}}));
    registry.mcporter = McporterRegistry::Servers(vec!["linear".to_owned()]);
    assert_eq!(severity(&run_audit(&registry), "tools.exec.agent_skill_mcp_boundary_drift"), W);
    registry.mcporter = McporterRegistry::Rejected("malformed".to_owned());
    let report = run_audit(&registry);
    assert_eq!(severity(&report, "tools.exec.mcporter_registry_inspection_incomplete"), W);
    assert_eq!(severity(&report, "tools.exec.agent_skill_mcp_boundary_drift"), NO);
    let mut approvals_deny = facts(cfg);
    approvals_deny.exec_approvals = Some(json!({"defaults": {"security": "deny"}}));
    assert_eq!(
        severity(&run_audit(&approvals_deny), "tools.exec.agent_skill_mcp_boundary_drift"),
        NO,
        "approvals cap security"
    );
}

#[test]
fn exposure_matrix() {
    let open_groups = json!({"telegram": {"groupPolicy": "open"}});
    check_rows(vec![
        row(
            "open groups with elevated",
            json!({"channels": open_groups.clone()}),
            "security.exposure.open_groups_with_elevated",
            C,
        ),
        row(
            "elevated disabled",
            json!({"channels": open_groups.clone(), "tools": {"elevated": {"enabled": false}}}),
            "security.exposure.open_groups_with_elevated",
            NO,
        ),
        row(
            "legacy dm.policy open counts",
            json!({"channels": {"discord": {"dm": {"policy": "open"}}}}),
            "security.exposure.open_groups_with_elevated",
            C,
        ),
        row(
            "account-level open",
            json!({"channels": {"slack": {"accounts": {"work": {"groupPolicy": "open"}}}}}),
            "security.exposure.open_groups_with_elevated",
            C,
        ),
        row(
            "allowlist only",
            json!({"channels": {"telegram": {"groupPolicy": "allowlist"}}}),
            "security.exposure.open_groups_with_elevated",
            NO,
        ),
        row(
            "runtime tools unguarded",
            json!({"channels": open_groups.clone()}),
            "security.exposure.open_groups_with_runtime_or_fs",
            C,
        ),
        row(
            "runtime denied, fs unguarded",
            json!({"channels": open_groups.clone(), "tools": {"deny": ["group:runtime"]}}),
            "security.exposure.open_groups_with_runtime_or_fs",
            W,
        ),
        row(
            "runtime denied, workspaceOnly",
            json!({"channels": open_groups.clone(), "tools": {"deny": ["group:runtime"], "fs": {"workspaceOnly": true}}}),
            "security.exposure.open_groups_with_runtime_or_fs",
            NO,
        ),
        row(
            "sandbox all",
            json!({"channels": open_groups.clone(), "agents": {"defaults": {"sandbox": {"mode": "all"}}}}),
            "security.exposure.open_groups_with_runtime_or_fs",
            NO,
        ),
        row(
            "messaging profile",
            json!({"channels": open_groups.clone(), "tools": {"profile": "messaging", "deny": ["gateway"]}}),
            "security.exposure.open_groups_with_runtime_or_fs",
            NO,
        ),
        row(
            "control plane by default",
            json!({"channels": open_groups.clone()}),
            "security.exposure.open_groups_with_control_plane_tools",
            C,
        ),
        row(
            "control plane denied (cron alias)",
            json!({"channels": open_groups.clone(), "tools": {"deny": ["cron", "gateway", "plugins"]}}),
            "security.exposure.open_groups_with_control_plane_tools",
            NO,
        ),
        row(
            "agent context keeps gateway",
            json!({"channels": open_groups, "tools": {"deny": ["automations", "gateway", "plugins"]}, "agents": {"list": [{"id": "ops", "tools": {"allow": ["gateway"]}}]}}),
            "security.exposure.open_groups_with_control_plane_tools",
            NO,
        ),
    ]);
}

#[test]
fn trust_model() {
    check_rows(vec![
        row(
            "open groups are multi-user",
            json!({"channels": {"telegram": {"groupPolicy": "open"}}}),
            "security.trust_model.multi_user_heuristic",
            W,
        ),
        row(
            "allowlist with groups",
            json!({"channels": {"discord": {"groupPolicy": "allowlist", "guilds": {"g": {}}}}}),
            "security.trust_model.multi_user_heuristic",
            W,
        ),
        row(
            "allowlist without targets",
            json!({"channels": {"discord": {"groupPolicy": "allowlist"}}}),
            "security.trust_model.multi_user_heuristic",
            NO,
        ),
        row(
            "wildcard allowFrom",
            json!({"channels": {"whatsapp": {"allowFrom": ["*"]}}}),
            "security.trust_model.multi_user_heuristic",
            W,
        ),
        row(
            "account inherits channel groups",
            json!({"channels": {"slack": {"channels": {"c": {}}, "accounts": {"a": {"groupPolicy": "allowlist"}}}}}),
            "security.trust_model.multi_user_heuristic",
            W,
        ),
        row("group scope main", json!({"session": {"groupScope": "main"}}), "security.trust_model.group_scope_main", W),
        row(
            "binding group scope main",
            json!({"bindings": [{"agentId": "main", "match": {"channel": "telegram", "peer": {"kind": "group", "id": "-100"}}, "session": {"groupScope": "main"}}]}),
            "security.trust_model.group_scope_main",
            W,
        ),
        row(
            "direct binding ignored",
            json!({"bindings": [{"agentId": "main", "match": {"channel": "telegram", "peer": {"kind": "direct", "id": "1"}}, "session": {"groupScope": "main"}}]}),
            "security.trust_model.group_scope_main",
            NO,
        ),
        row("per-group", json!({"session": {"groupScope": "per-group"}}), "security.trust_model.group_scope_main", NO),
    ]);
}

#[test]
fn cross_agent_sessions() {
    let two = json!({"agents": {"list": [{"id": "a", "default": true}, {"id": "b"}]}});
    check_rows(vec![
        row("two plain agents", two.clone(), "security.trust_model.cross_agent_session_access_default", I),
        row("one agent", json!({}), "security.trust_model.cross_agent_session_access_default", NO),
        row(
            "visibility agent",
            json!({"agents": two["agents"].clone(), "tools": {"sessions": {"visibility": "agent"}}}),
            "security.trust_model.cross_agent_session_access_default",
            NO,
        ),
        row(
            "a2a allow list",
            json!({"agents": two["agents"].clone(), "tools": {"agentToAgent": {"allow": ["a"]}}}),
            "security.trust_model.cross_agent_session_access_default",
            NO,
        ),
        row(
            "a2a disabled",
            json!({"agents": two["agents"].clone(), "tools": {"agentToAgent": {"enabled": false}}}),
            "security.trust_model.cross_agent_session_access_default",
            NO,
        ),
        row(
            "sandboxed agent is a trust signal",
            json!({"agents": {"list": [{"id": "a", "default": true}, {"id": "b", "sandbox": {"mode": "all"}}]}}),
            "security.trust_model.cross_agent_session_access_default",
            W,
        ),
        row(
            "agent tool restrictions are a signal",
            json!({"agents": {"list": [{"id": "a", "default": true}, {"id": "b", "tools": {"profile": "coding"}}]}}),
            "security.trust_model.cross_agent_session_access_default",
            W,
        ),
        row(
            "session tools denied everywhere",
            json!({"agents": two["agents"].clone(), "tools": {"deny": ["group:sessions"]}}),
            "security.trust_model.cross_agent_session_access_default",
            NO,
        ),
    ]);
}

#[test]
fn minimal_profile_override() {
    check_rows(vec![
        row(
            "agent widens minimal",
            json!({"tools": {"profile": "minimal"}, "agents": {"list": [{"id": "a", "tools": {"profile": "coding"}}]}}),
            "tools.profile_minimal_overridden",
            W,
        ),
        row(
            "agent keeps minimal",
            json!({"tools": {"profile": "minimal"}, "agents": {"list": [{"id": "a", "tools": {"profile": "minimal"}}]}}),
            "tools.profile_minimal_overridden",
            NO,
        ),
        row(
            "global coding",
            json!({"tools": {"profile": "coding"}, "agents": {"list": [{"id": "a", "tools": {"profile": "full"}}]}}),
            "tools.profile_minimal_overridden",
            NO,
        ),
    ]);
}

#[test]
fn tool_policy_matching() {
    use crate::audit::tool_policy::{ToolPolicy, allowed, glob_matches, profile_policy};
    assert!(glob_matches("sessions_*", "sessions_list"));
    assert!(glob_matches("*_spawn", "sessions_spawn"));
    assert!(glob_matches("a*b*c", "axxbyyc"));
    assert!(!glob_matches("a*b*c", "axxc"));
    let deny = ToolPolicy { allow: None, deny: Some(vec!["group:runtime".to_owned()]) };
    assert!(!allowed("exec", std::slice::from_ref(&deny)));
    assert!(!allowed("bash", std::slice::from_ref(&deny)), "bash is an alias of exec");
    assert!(allowed("read", &[deny]));
    let write_only = ToolPolicy { allow: Some(vec!["write".to_owned()]), deny: None };
    assert!(allowed("apply_patch", &[write_only]), "write allows apply_patch");
    let messaging = profile_policy(Some("messaging")).unwrap_or_default();
    assert!(!messaging.allows("exec") && messaging.allows("message") && messaging.allows("gateway"));
    assert!(profile_policy(Some("full")).is_some_and(|p| p.allows("anything")));
    assert!(profile_policy(Some("nope")).is_none());
}
