//! The `/tools/invoke` deny list: defaults (reference and project additions), aliases,
//! `gateway.tools.allow/deny`, and owner-only tools.

use super::*;

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

#[test]
fn the_issue_and_reference_tools_are_denied_by_default() {
    for tool in [
        "exec",
        "apply_patch",
        "write",
        "edit",
        "sessions_spawn",
        "sessions_send",
        "cron",
        "gateway",
        "nodes",
        "whatsapp_login",
        "spawn",
        "shell",
        "fs_write",
        "fs_delete",
        "fs_move",
        "terminal",
        "portal",
        "conversations_list",
        "conversations_send",
        "conversations_turn",
        "automations",
        "plugins",
        "computer",
        "mobile_ui",
        "openclaw",
    ] {
        assert_eq!(
            http_tool_allowed(tool, &[], &[]),
            Err(ToolDenied { tool: tool.to_owned(), reason: ToolDenyReason::DefaultHttpDeny }),
            "{tool}"
        );
    }
}

#[test]
fn aliases_and_case_do_not_bypass_the_default_list() {
    for tool in ["bash", "BASH", " Exec ", "apply-patch", "CRON", "Gateway"] {
        assert!(http_tool_allowed(tool, &[], &[]).is_err(), "{tool}");
    }
}

#[test]
fn harmless_tools_are_allowed() {
    for tool in ["read", "web_search", "web_fetch", "sessions_list", "message", "session_status"] {
        assert_eq!(http_tool_allowed(tool, &[], &[]), Ok(HttpToolPermit { tool: tool.to_owned() }), "{tool}");
    }
}

#[test]
fn gateway_tools_allow_removes_a_tool_from_the_default_list() {
    assert_eq!(http_tool_allowed("exec", &list(&["exec"]), &[]), Ok(HttpToolPermit { tool: "exec".to_owned() }));
    // Allow entries are normalised too: `bash` re-enables `exec`, `cron` re-enables `automations`.
    assert!(http_tool_allowed("exec", &list(&["BASH"]), &[]).is_ok());
    assert!(http_tool_allowed("cron", &list(&["automations"]), &[]).is_ok());
    // Allowing one tool leaves the rest denied.
    assert!(http_tool_allowed("write", &list(&["exec"]), &[]).is_err());
}

#[test]
fn gateway_tools_deny_extends_the_list_and_wins_over_allow() {
    let deny = list(&["browser", "web_*"]);
    for (tool, expected) in
        [("browser", false), ("web_fetch", false), ("web_search", false), ("read", true), ("webhook", true)]
    {
        assert_eq!(http_tool_allowed(tool, &[], &deny).is_ok(), expected, "{tool}");
    }
    assert_eq!(
        http_tool_allowed("exec", &list(&["exec"]), &list(&["exec"])),
        Err(ToolDenied { tool: "exec".to_owned(), reason: ToolDenyReason::ConfigDeny })
    );
    assert!(http_tool_allowed("anything", &[], &list(&["*"])).is_err());
}

#[test]
fn owner_only_tools_stay_denied_for_non_owners_even_when_allowed() {
    let allow = list(&["gateway", "nodes", "exec"]);
    assert_eq!(
        http_tool_allowed_for("gateway", &allow, &[], HttpToolCaller::NonOwner),
        Err(ToolDenied { tool: "gateway".to_owned(), reason: ToolDenyReason::OwnerOnly })
    );
    assert!(http_tool_allowed_for("sessions", &[], &[], HttpToolCaller::NonOwner).is_err());
    assert!(http_tool_allowed_for("exec", &allow, &[], HttpToolCaller::NonOwner).is_ok());
    assert!(http_tool_allowed_for("gateway", &allow, &[], HttpToolCaller::Owner).is_ok());
}

#[test]
fn the_refusal_message_does_not_reveal_the_policy() {
    let denied = http_tool_allowed("exec", &[], &[]).unwrap_err();
    assert_eq!(denied.message(), "Tool not available: exec");
    assert_eq!(
        denied.to_string(),
        "tool exec refused over HTTP: denied over HTTP by default (re-enable with gateway.tools.allow)"
    );
}

#[test]
fn globs() {
    for (pattern, name, expected) in [
        ("exec", "exec", true),
        ("exec", "exec2", false),
        ("*", "x", true),
        ("web_*", "web_fetch", true),
        ("*_send", "sessions_send", true),
        ("s*s*d", "sessions_send", true),
        ("s*x*d", "sessions_send", false),
        ("a*a", "a", false),
        ("", "", false),
    ] {
        assert_eq!(glob_matches(pattern, name), expected, "{pattern} ~ {name}");
    }
}
