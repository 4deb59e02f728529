//! The typed model as a specification: the security document's examples load without unused
//! keys and resolve, unmodelled keys are reported rather than rejected, and a raw config
//! serializes back to what was written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::RawConfig;
use super::channels::DmPolicy;
use super::gateway::{AuthMode, GatewayMode};
use super::resolved::Config;
use super::secret::Secret;
use super::session::DmScope;
use super::tools::{ExecAsk, ExecSecurity, ToolProfile};

/// Deserializes like the loader does, also returning the keys the model does not act on.
fn load(config: Value) -> (RawConfig, Vec<String>) {
    let mut ignored = Vec::new();
    let raw = serde_ignored::deserialize(config, |path| ignored.push(dotted(&path))).expect("config deserializes");
    (raw, ignored)
}

/// `a.b[0].c`, without serde_ignored's `?` markers for `Option` levels.
fn dotted(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", dotted(parent)),
        Path::Map { parent, key } => match dotted(parent) {
            prefix if prefix.is_empty() => key.clone(),
            prefix => format!("{prefix}.{key}"),
        },
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => dotted(parent),
    }
}

fn resolve(config: Value) -> Config {
    let (raw, _) = load(config);
    Config::resolve(raw).expect("config resolves")
}

/// Every JSON example of the security document (the YAML reverse-proxy one transcribed, its
/// `${OPENCLAW_GATEWAY_PASSWORD}` already substituted).
fn security_examples() -> Vec<(&'static str, Value)> {
    vec![
        (
            "hardened baseline",
            json!({
                "gateway": {"mode": "local", "bind": "loopback", "auth": {"mode": "token", "token": "replace-with-long-random-token"}},
                "session": {"dmScope": "per-channel-peer"},
                "tools": {
                    "profile": "messaging",
                    "deny": ["group:automation", "group:runtime", "group:fs", "sessions_spawn", "sessions_send"],
                    "fs": {"workspaceOnly": true},
                    "exec": {"security": "deny", "ask": "always"},
                    "elevated": {"enabled": false}
                },
                "channels": {"whatsapp": {"dmPolicy": "pairing", "groups": {"*": {"requireMention": true}}}}
            }),
        ),
        ("dm pairing", json!({"channels": {"whatsapp": {"dmPolicy": "pairing"}}})),
        (
            "groups require mention",
            json!({
                "channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}},
                "agents": {"list": [{"id": "main", "groupChat": {"mentionPatterns": ["@openclaw", "@mybot"]}}]}
            }),
        ),
        (
            "secure baseline",
            json!({
                "gateway": {"mode": "local", "bind": "loopback", "port": 18789, "auth": {"mode": "token", "token": "your-long-random-token"}},
                "channels": {"whatsapp": {"dmPolicy": "pairing", "groups": {"*": {"requireMention": true}}}}
            }),
        ),
        (
            "browser strict ssrf",
            json!({"browser": {"ssrfPolicy": {
                "dangerouslyAllowPrivateNetwork": false,
                "hostnameAllowlist": ["*.example.com", "example.com"],
                "allowedHostnames": ["localhost"]
            }}}),
        ),
        (
            "agent with full access",
            json!({"agents": {"list": [{"id": "personal", "workspace": "~/.openclaw/workspace-personal", "sandbox": {"mode": "off"}}]}}),
        ),
        (
            "read-only agent",
            json!({"agents": {"list": [{
                "id": "family",
                "workspace": "~/.openclaw/workspace-family",
                "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "ro"},
                "tools": {"allow": ["read"], "deny": ["write", "edit", "apply_patch", "exec", "process", "browser"]}
            }]}}),
        ),
        (
            "public agent without fs/shell",
            json!({"agents": {"list": [{
                "id": "public",
                "workspace": "~/.openclaw/workspace-public",
                "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "none"},
                "tools": {
                    "sessions": {"visibility": "tree"},
                    "allow": ["sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "session_status",
                              "whatsapp", "telegram", "slack", "discord"],
                    "deny": ["read", "write", "edit", "apply_patch", "exec", "process", "browser", "canvas", "nodes",
                             "cron", "gateway", "image"]
                }
            }]}}),
        ),
        (
            "control plane tools denied",
            json!({"tools": {"deny": ["gateway", "cron", "sessions_spawn", "sessions_send"]}}),
        ),
        ("secure dm mode", json!({"session": {"dmScope": "per-channel-peer"}})),
        ("mdns minimal", json!({"discovery": {"mdns": {"mode": "minimal"}}})),
        ("mdns off", json!({"discovery": {"mdns": {"mode": "off"}}})),
        ("mdns full", json!({"discovery": {"mdns": {"mode": "full"}}})),
        ("gateway token", json!({"gateway": {"auth": {"mode": "token", "token": "your-token"}}})),
        (
            "reverse proxy",
            json!({"gateway": {
                "trustedProxies": ["127.0.0.1"],
                "allowRealIpFallback": false,
                "auth": {"mode": "password", "password": "from-OPENCLAW_GATEWAY_PASSWORD"}
            }}),
        ),
    ]
}

#[test]
fn security_examples_load_fully_and_resolve() {
    for (name, example) in security_examples() {
        let (raw, ignored) = load(example);
        assert_eq!(ignored, Vec::<String>::new(), "{name}: every key of the example is modelled");
        let issues = super::check_rules(&raw);
        assert_eq!(issues, vec![], "{name}: no rule fires");
        assert!(Config::resolve(raw).is_ok(), "{name} resolves");
    }
}

#[test]
fn hardened_baseline_resolves_to_its_settings() {
    let config = resolve(security_examples()[0].1.clone());
    assert_eq!(config.gateway.mode, Some(GatewayMode::Local));
    assert_eq!(config.gateway.auth.mode, AuthMode::Token);
    assert_eq!(config.gateway.auth.token.as_ref().and_then(Secret::literal), Some("replace-with-long-random-token"));
    assert_eq!(config.session.dm_scope, DmScope::PerChannelPeer);
    assert_eq!(config.tools.profile, Some(ToolProfile::Messaging));
    assert!(config.tools.fs_workspace_only);
    assert_eq!((config.tools.exec.security, config.tools.exec.ask), (ExecSecurity::Deny, ExecAsk::Always));
    assert!(!config.tools.elevated.enabled);
    let whatsapp = &config.channels.get("whatsapp").expect("whatsapp").settings;
    assert_eq!(whatsapp.dm_policy, DmPolicy::Pairing);
    assert!(whatsapp.requires_mention("12345@g.us"));
}

#[test]
fn unmodelled_keys_are_reported_not_rejected() {
    let (raw, ignored) = load(json!({
        "gateway": {"port": 1234, "futureKnob": true},
        "channels": {"modelByChannel": {"telegram": {"x": "y"}}, "telegram": {"streamMode": "partial", "dmPolicy": "pairing"}},
        "hooks": {"token": {"source": "env", "provider": "default", "id": "T", "extra": 1}},
        "models": {"providers": {}},
        "env": {"OPENAI_API_KEY": "sk-x", "vars": {"A": "b"}}
    }));
    assert_eq!(
        ignored,
        vec![
            "gateway.futureKnob",
            "channels.modelByChannel",
            "channels.telegram.streamMode",
            "hooks.token.extra",
            "models"
        ]
    );
    let env = raw.env.expect("env");
    assert_eq!(env.variables(), BTreeMap::from([("A", "b"), ("OPENAI_API_KEY", "sk-x")]));
    assert!(raw.channels.expect("channels").get("modelByChannel").is_none(), "modelByChannel is not a channel");
}

#[test]
fn serialization_round_trips_without_nulls() {
    let written = json!({
        "$schema": "https://openclaw.ai/config.json",
        "meta": {"lastTouchedVersion": "2026.2.1", "lastTouchedAt": "2026-02-01T00:00:00.000Z"},
        "env": {"shellEnv": {"enabled": true}, "FOO": "bar"},
        "gateway": {"mode": "local", "auth": {"token": {"source": "env", "provider": "default", "id": "GW"}},
                    "http": {"securityHeaders": {"strictTransportSecurity": "max-age=31536000"}}},
        "channels": {"defaults": {"groupPolicy": "allowlist"}, "telegram": {"allowFrom": ["1"], "dm": {"policy": "pairing"}}},
        "agents": {"entries": {"b": {"model": {"primary": "x", "fallbacks": ["y"]}}, "a": {}}},
        "session": {"maintenance": {"pruneAfter": "30d", "resetArchiveRetention": false, "maxEntries": 500}},
        "commands": {"native": "auto", "nativeSkills": true},
        "bindings": [{"agentId": "a", "match": {"channel": "telegram", "peer": {"kind": "direct", "id": "1"}}}]
    });
    let (raw, ignored) = load(written.clone());
    assert_eq!(ignored, Vec::<String>::new());
    let back = serde_json::to_value(&raw).unwrap();
    assert_eq!(back, written);
    let keys: Vec<&str> = raw.agents.as_ref().unwrap().entries.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, vec!["b", "a"], "entries keep file order");
}
