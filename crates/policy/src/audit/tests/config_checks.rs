//! Hooks, dangerous flags, secrets in config, logging, roster, nodes, sandbox, models.

use serde_json::json;

use super::*;

fn hooks(extra: serde_json::Value) -> serde_json::Value {
    let mut hooks =
        json!({"enabled": true, "token": GOOD_TOKEN, "defaultSessionKey": "hook:x", "allowedAgentIds": ["main"]});
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        hooks[k] = v;
    }
    json!({"gateway": {"auth": {"mode": "token", "token": "f00dfeedcafe0123456789abcdefabcdef"}}, "hooks": hooks})
}

#[test]
fn hooks_hardening() {
    check_rows(vec![
        row("short token", hooks(json!({"token": "short"})), "hooks.token_too_short", W),
        row(
            "hooks disabled: nothing",
            json!({"hooks": {"enabled": false, "token": "short", "path": "/"}}),
            "hooks.token_too_short",
            NO,
        ),
        row("root path", hooks(json!({"path": " / "})), "hooks.path_root", C),
        row("dedicated path", hooks(json!({"path": "/hooks"})), "hooks.path_root", NO),
        row("no default session key", hooks(json!({"defaultSessionKey": ""})), "hooks.default_session_key_unset", W),
        row("agent ids unset", hooks(json!({"allowedAgentIds": null})), "hooks.allowed_agent_ids_unrestricted", W),
        row(
            "agent ids wildcard on lan escalates",
            {
                let mut c = hooks(json!({"allowedAgentIds": ["*"]}));
                c["gateway"]["bind"] = json!("lan");
                c
            },
            "hooks.allowed_agent_ids_unrestricted",
            C,
        ),
        row(
            "agent ids empty list denies routing",
            hooks(json!({"allowedAgentIds": []})),
            "hooks.allowed_agent_ids_unrestricted",
            NO,
        ),
        row(
            "request session key",
            hooks(json!({"allowRequestSessionKey": true})),
            "hooks.request_session_key_enabled",
            W,
        ),
        row(
            "prefixes missing",
            hooks(json!({"allowRequestSessionKey": true, "allowedSessionKeyPrefixes": [" "]})),
            "hooks.request_session_key_prefixes_missing",
            W,
        ),
        row(
            "prefixes set",
            hooks(json!({"allowRequestSessionKey": true, "allowedSessionKeyPrefixes": ["hook:"]})),
            "hooks.request_session_key_prefixes_missing",
            NO,
        ),
        row(
            "serve escalates",
            {
                let mut c = hooks(json!({"allowRequestSessionKey": true}));
                c["gateway"]["tailscale"] = json!({"mode": "serve"});
                c
            },
            "hooks.request_session_key_enabled",
            C,
        ),
    ]);
}

#[test]
fn hooks_token_reuse() {
    let same = "f00dfeedcafe0123456789abcdefabcdef";
    check_rows(vec![
        row("same as gateway token", hooks(json!({"token": same})), "hooks.token_reuse_gateway_token", C),
        row("different", hooks(json!({})), "hooks.token_reuse_gateway_token", NO),
        row(
            "same as gateway password in password mode",
            json!({"gateway": {"auth": {"mode": "password", "password": "pw-0123456789abcdef01234"}}, "hooks": {"enabled": true, "token": "pw-0123456789abcdef01234"}}),
            "hooks.token_reuse_gateway_token",
            C,
        ),
        row_with(
            "same as env token",
            with_env(
                facts(json!({"hooks": {"enabled": true, "token": "envtok-0123456789abcdef0123"}})),
                &[("OPENCLAW_GATEWAY_TOKEN", "envtok-0123456789abcdef0123")],
            ),
            "hooks.token_reuse_gateway_token",
            C,
        ),
        row_with(
            "same as --token override",
            with_override(
                facts(json!({"hooks": {"enabled": true, "token": "cli-0123456789abcdef012345"}})),
                "token",
                Some("cli-0123456789abcdef012345"),
                None,
            ),
            "hooks.token_reuse_gateway_token",
            C,
        ),
    ]);
}

#[test]
fn dangerous_flags_one_finding_each() {
    let cfg = json!({
        "hooks": {"gmail": {"allowUnsafeExternalContent": true}, "mappings": [{}, {"allowUnsafeExternalContent": true}], "allowRequestSessionKey": true},
        "tools": {"exec": {"applyPatch": {"workspaceOnly": false}}, "fs": {"workspaceOnly": false}},
        "browser": {"ssrfPolicy": {"dangerouslyAllowPrivateNetwork": true}},
        "agents": {"defaults": {"sandbox": {"docker": {"dangerouslyAllowExternalBindSources": true}}},
                   "list": [{"id": "w", "sandbox": {"docker": {"dangerouslyAllowContainerNamespaceJoin": true}}}]},
        "plugins": {"entries": {"imap": {"config": {"accounts": {"main": {"senderAuth": {"min": "unverified"}}}}}}}
    });
    let report = run_audit(&facts(cfg));
    let flags: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.check_id == "config.insecure_or_dangerous_flags")
        .map(|f| f.detail.trim_start_matches("Detected enabled flag: ").trim_end_matches('.').to_owned())
        .collect();
    assert_eq!(
        flags,
        [
            "hooks.gmail.allowUnsafeExternalContent=true",
            "hooks.mappings[1].allowUnsafeExternalContent=true",
            "tools.exec.applyPatch.workspaceOnly=false",
            "hooks.allowRequestSessionKey=true",
            "browser.ssrfPolicy.dangerouslyAllowPrivateNetwork=true",
            "tools.fs.workspaceOnly=false",
            "agents.defaults.sandbox.docker.dangerouslyAllowExternalBindSources=true",
            "agents.entries.w.sandbox.docker.dangerouslyAllowContainerNamespaceJoin=true",
            "plugins.entries.imap.config.accounts.main.senderAuth.min=unverified",
        ]
    );
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.check_id == "config.insecure_or_dangerous_flags")
            .all(|f| f.severity == Severity::Warn)
    );
    assert_eq!(
        severity(
            &run_audit(&facts(json!({"tools": {"fs": {"workspaceOnly": true}}}))),
            "config.insecure_or_dangerous_flags"
        ),
        NO
    );
}

#[test]
fn secrets_in_config_and_logging() {
    check_rows(vec![
        row(
            "password literal",
            json!({"gateway": {"auth": {"password": "p"}}}),
            "config.secrets.gateway_password_in_config",
            W,
        ),
        row(
            "password SecretRef",
            json!({"gateway": {"auth": {"password": {"source": "env", "provider": "default", "id": "X"}}}}),
            "config.secrets.gateway_password_in_config",
            NO,
        ),
        row(
            "hooks token with hooks on",
            json!({"hooks": {"enabled": true, "token": "t"}}),
            "config.secrets.hooks_token_in_config",
            I,
        ),
        row(
            "hooks token with hooks off",
            json!({"hooks": {"enabled": false, "token": "t"}}),
            "config.secrets.hooks_token_in_config",
            NO,
        ),
        row("redaction off", json!({"logging": {"redactSensitive": "off"}}), "logging.redact_off", W),
        row("redaction tools", json!({"logging": {"redactSensitive": "tools"}}), "logging.redact_off", NO),
    ]);
}

#[test]
fn agent_roster() {
    check_rows(vec![
        row("no roster", json!({}), "config.agent_roster.invalid_default_count", NO),
        row("one agent", json!({"agents": {"entries": {"a": {}}}}), "config.agent_roster.invalid_default_count", NO),
        row(
            "two agents, one default",
            json!({"agents": {"list": [{"id": "a", "default": true}, {"id": "b"}]}}),
            "config.agent_roster.invalid_default_count",
            NO,
        ),
        row(
            "two agents, no default",
            json!({"agents": {"entries": {"a": {}, "b": {}}}}),
            "config.agent_roster.invalid_default_count",
            W,
        ),
        row(
            "explicit ownership with a marker",
            json!({"agents": {"ownership": "explicit", "entries": {"a": {"default": true}, "b": {}}}}),
            "config.agent_roster.invalid_default_count",
            W,
        ),
        row(
            "explicit ownership without markers",
            json!({"agents": {"ownership": "explicit", "entries": {"a": {}, "b": {}}}}),
            "config.agent_roster.invalid_default_count",
            NO,
        ),
    ]);
}

#[test]
fn node_commands() {
    check_rows(vec![
        row(
            "dangerous allow on loopback",
            json!({"gateway": {"nodes": {"commands": {"allow": ["camera.snap"]}}}}),
            "gateway.nodes.allow_commands_dangerous",
            W,
        ),
        row(
            "legacy allowCommands spelling",
            json!({"gateway": {"nodes": {"allowCommands": ["sms.send"]}}}),
            "gateway.nodes.allow_commands_dangerous",
            W,
        ),
        row(
            "remote exposure escalates",
            json!({"gateway": {"bind": "lan", "nodes": {"commands": {"allow": ["screen.record"]}}}}),
            "gateway.nodes.allow_commands_dangerous",
            C,
        ),
        row(
            "also denied",
            json!({"gateway": {"nodes": {"commands": {"allow": ["camera.snap"], "deny": ["camera.snap"]}}}}),
            "gateway.nodes.allow_commands_dangerous",
            NO,
        ),
        row(
            "benign allow",
            json!({"gateway": {"nodes": {"commands": {"allow": ["camera.list"]}}}}),
            "gateway.nodes.allow_commands_dangerous",
            NO,
        ),
        row(
            "pattern deny",
            json!({"gateway": {"nodes": {"commands": {"deny": ["system.*"]}}}}),
            "gateway.nodes.deny_commands_ineffective",
            W,
        ),
        row(
            "legacy denyCommands unknown",
            json!({"gateway": {"nodes": {"denyCommands": ["system.runn"]}}}),
            "gateway.nodes.deny_commands_ineffective",
            W,
        ),
        row(
            "exact known deny",
            json!({"gateway": {"nodes": {"commands": {"deny": ["system.run", "camera.snap", "talk.ptt.start"]}}}}),
            "gateway.nodes.deny_commands_ineffective",
            NO,
        ),
        row(
            "configured extra command is known",
            json!({"gateway": {"nodes": {"commands": {"allow": ["custom.cmd"], "deny": ["custom.cmd"]}}}}),
            "gateway.nodes.deny_commands_ineffective",
            NO,
        ),
    ]);
    let report = run_audit(&facts(json!({"gateway": {"nodes": {"commands": {"deny": ["system.runn"]}}}})));
    let detail = report
        .findings
        .iter()
        .find(|f| f.check_id == "gateway.nodes.deny_commands_ineffective")
        .map(|f| f.detail.clone())
        .unwrap_or_default();
    assert!(detail.contains("did you mean: system.run"), "{detail}");
}

#[test]
fn sandbox_settings() {
    check_rows(vec![
        row(
            "docker settings with mode off",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"image": "x"}}}}}),
            "sandbox.docker_config_mode_off",
            W,
        ),
        row(
            "docker settings with mode all",
            json!({"agents": {"defaults": {"sandbox": {"mode": "all", "docker": {"image": "x"}}}}}),
            "sandbox.docker_config_mode_off",
            NO,
        ),
        row(
            "defaults docker used by a sandboxed agent",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"image": "x"}}}, "list": [{"id": "a", "sandbox": {"mode": "all"}}]}}),
            "sandbox.docker_config_mode_off",
            NO,
        ),
        row(
            "agent docker with agent mode off",
            json!({"agents": {"list": [{"id": "a", "sandbox": {"docker": {"image": "x"}}}]}}),
            "sandbox.docker_config_mode_off",
            W,
        ),
        row(
            "host network",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"network": "host"}}}}}),
            "sandbox.dangerous_network_mode",
            C,
        ),
        row(
            "container join",
            json!({"agents": {"list": [{"id": "a", "sandbox": {"docker": {"network": "container:db"}}}]}}),
            "sandbox.dangerous_network_mode",
            C,
        ),
        row(
            "bridge network",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"network": "bridge"}}}}}),
            "sandbox.dangerous_network_mode",
            NO,
        ),
        row(
            "seccomp unconfined",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"seccompProfile": "Unconfined"}}}}}),
            "sandbox.dangerous_seccomp_profile",
            C,
        ),
        row(
            "apparmor unconfined",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"apparmorProfile": "unconfined"}}}}}),
            "sandbox.dangerous_apparmor_profile",
            C,
        ),
        row(
            "docker socket bind",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/var/run/docker.sock:/var/run/docker.sock"]}}}}}),
            "sandbox.dangerous_bind_mount",
            C,
        ),
        row(
            "root bind covers everything",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/:/host:ro"]}}}}}),
            "sandbox.dangerous_bind_mount",
            C,
        ),
        row(
            "etc subdirectory",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/etc/ssl:/ssl:ro"]}}}}}),
            "sandbox.dangerous_bind_mount",
            C,
        ),
        row(
            "project bind",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/srv/project:/project"]}}}}}),
            "sandbox.dangerous_bind_mount",
            NO,
        ),
        row(
            "relative bind",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["data:/data"]}}}}}),
            "sandbox.bind_mount_non_absolute",
            W,
        ),
    ]);
    let mut home = facts(json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/home/u/.ssh:/ssh:ro"]}}}}}));
    home.home_roots = vec!["/home/u".to_owned()];
    assert_eq!(severity(&run_audit(&home), "sandbox.dangerous_bind_mount"), C, "credential folders of the home");
    let mut linked = facts(json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["/srv/link:/x"]}}}}}));
    linked.bind_source_realpaths.insert("/srv/link".to_owned(), "/etc".to_owned());
    assert_eq!(severity(&run_audit(&linked), "sandbox.dangerous_bind_mount"), C, "symlinked source resolved");
}

#[test]
fn models() {
    let model = |m: &str| json!({"agents": {"defaults": {"model": {"primary": m}}}});
    check_rows(vec![
        row("gpt-3.5", model("openai/gpt-3.5-turbo"), "models.legacy", W),
        row("claude-2", model("anthropic/claude-2.1"), "models.legacy", W),
        row("modern", model("openai/gpt-5.1"), "models.legacy", NO),
        row("haiku", model("anthropic/claude-haiku-4-5"), "models.weak_tier", W),
        row("gpt-4o below GPT-5", model("openai/gpt-4o"), "models.weak_tier", W),
        row("claude sonnet 4 below 4.5", model("anthropic/claude-sonnet-4-20250514"), "models.weak_tier", W),
        row("claude opus 4.5", model("anthropic/claude-opus-4-5"), "models.weak_tier", NO),
        row("gpt-5", model("gpt-5"), "models.weak_tier", NO),
        row(
            "agent model string",
            json!({"agents": {"list": [{"id": "a", "model": "gpt-3.5-turbo"}]}}),
            "models.legacy",
            W,
        ),
        row(
            "alias resolves",
            json!({"agents": {"defaults": {"model": "old", "models": {"openai/gpt-3.5-turbo": {"alias": "old"}}}}}),
            "models.legacy",
            W,
        ),
        row("small model with web fetch", model("ollama/llama3.1:8b"), "models.small_params", C),
        row(
            "small model, web tools off",
            json!({"agents": {"defaults": {"model": "ollama/llama3.1:8b"}}, "tools": {"web": {"fetch": {"enabled": false}}}, "browser": {"enabled": false}}),
            "models.small_params",
            I,
        ),
        row(
            "small model, web denied by provider policy",
            json!({"agents": {"defaults": {"model": "ollama/llama3.1:8b"}}, "tools": {"byProvider": {"ollama/llama3.1:8b": {"deny": ["group:web", "browser"]}}}}),
            "models.small_params",
            I,
        ),
        row(
            "sandbox does not make it safe",
            json!({"agents": {"defaults": {"model": "ollama/qwen2.5:7b", "sandbox": {"mode": "all"}}}}),
            "models.small_params",
            I,
        ),
        row("large model", model("meta/llama-3.1-405b"), "models.small_params", NO),
        row(
            "image model only",
            json!({"agents": {"defaults": {"imageModel": "x/llava-7b"}}}),
            "models.small_params",
            NO,
        ),
    ]);
    assert_eq!(crate::audit::models::param_b("llama3.1:8b"), Some(8.0));
    assert_eq!(crate::audit::models::param_b("mixtral-8x7b"), None, "like OpenClaw, 8x7b is not read");
    assert_eq!(crate::audit::models::param_b("x/llama-3.1-70b-instruct"), Some(70.0));
    assert_eq!(crate::audit::models::param_b("qwen2.5-0.5b-instruct"), Some(0.5));
    assert_eq!(crate::audit::models::param_b("gpt-4o"), None);
}

#[test]
fn web_search_keys_enable_web_search_for_small_models() {
    let cfg = json!({"agents": {"defaults": {"model": "ollama/llama3.1:8b"}}, "tools": {"web": {"fetch": {"enabled": false}}}, "browser": {"enabled": false}});
    assert_eq!(severity(&run_audit(&facts(cfg.clone())), "models.small_params"), I);
    assert_eq!(severity(&run_audit(&with_env(facts(cfg), &[("GEMINI_API_KEY", "k")])), "models.small_params"), C);
}
