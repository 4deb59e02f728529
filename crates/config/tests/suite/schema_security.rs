//! Our contract is OpenClaw's security document: every key it names, and every config it shows,
//! must be accepted even where OpenClaw 2026.9.6's own schema renamed or retired the key.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use openclaw_config::KeyPath;
use openclaw_config::schema::Schema;
use serde_json::{Value, json};

/// Keys named by spec/security.md and spec/openclaw-core.md §3.3.
const NAMED_KEYS: &[&str] = &[
    "agents.list[0].id",
    "agents.list[0].default",
    "agents.list[0].name",
    "agents.list[0].workspace",
    "agents.list[0].groupChat.mentionPatterns",
    "agents.list[0].groupChat.historyLimit",
    "agents.list[0].sandbox.mode",
    "agents.list[0].tools.profile",
    "agents.list[0].tools.elevated.enabled",
    "agents.list[0].tools.elevated.allowFrom.whatsapp",
    "agents.list[0].tools.exec.host",
    "agents.list[0].tools.sessions.visibility",
    "agents.list[0].tools.loopDetection",
    "agents.list[0].subagents.allowAgents",
    "logging.redactSensitive",
    "logging.redactPatterns",
    "gateway.controlUi.allowInsecureAuth",
    "gateway.nodes.allowCommands",
    "gateway.nodes.denyCommands",
    "gateway.nodes.commands.allow",
    "gateway.nodes.commands.deny",
    "gateway.channelHealthCheckMinutes",
    "hooks.maxBodyBytes",
    "browser.ssrfPolicy.allowPrivateNetwork",
    "commands.useAccessGroups",
    "tools.exec.timeoutSec",
    "channels.whatsapp.dm.enabled",
    "channels.whatsapp.dm.policy",
    "channels.whatsapp.dm.allowFrom",
    "channels.whatsapp.dm.groupEnabled",
    "channels.whatsapp.dm.groupChannels",
    "channels.whatsapp.accounts.work.dm.policy",
    "channels.discord.dm.policy",
    "channels.discord.accounts.main.dm.allowFrom",
    "channels.telegram.dm.policy",
    "channels.slack.dm.policy",
    "channels.signal.dm.policy",
    "channels.twitch.dm.policy",
    "gateway.auth.rateLimit.maxAttempts",
    "gateway.auth.rateLimit.windowMs",
    "gateway.auth.rateLimit.lockoutMs",
    "gateway.auth.rateLimit.exemptLoopback",
    "gateway.auth.trustedProxy.userHeader",
    "gateway.auth.trustedProxy.requiredHeaders",
    "gateway.auth.trustedProxy.allowUsers",
    "gateway.http.securityHeaders.strictTransportSecurity",
    "gateway.tools.allow",
    "gateway.tools.deny",
    "gateway.reload.mode",
    "gateway.reload.debounceMs",
    "session.dmScope",
    "session.identityLinks",
    "tools.fs.workspaceOnly",
    "tools.exec.applyPatch.workspaceOnly",
    "tools.elevated.enabled",
    "tools.elevated.allowFrom",
    "agents.defaults.sandbox.mode",
    "agents.defaults.sandbox.scope",
    "agents.defaults.sandbox.workspaceAccess",
    "agents.defaults.sandbox.docker.network",
    "agents.defaults.sandbox.docker.dangerouslyAllowReservedContainerTargets",
    "agents.defaults.sandbox.docker.dangerouslyAllowExternalBindSources",
    "agents.defaults.sandbox.docker.dangerouslyAllowContainerNamespaceJoin",
    "browser.ssrfPolicy.dangerouslyAllowPrivateNetwork",
    "browser.ssrfPolicy.hostnameAllowlist",
    "browser.ssrfPolicy.allowedHostnames",
    "hooks.mappings[0].allowUnsafeExternalContent",
    "hooks.gmail.allowUnsafeExternalContent",
    "discovery.mdns.mode",
    "plugins.allow",
    "plugins.deny",
    "channels.discord.dangerouslyAllowNameMatching",
    "channels.discord.accounts.main.dangerouslyAllowNameMatching",
    "channels.slack.dangerouslyAllowNameMatching",
    "channels.googlechat.dangerouslyAllowNameMatching",
    "channels.msteams.dangerouslyAllowNameMatching",
    "channels.irc.dangerouslyAllowNameMatching",
    "channels.mattermost.dangerouslyAllowNameMatching",
    "channels.telegram.tokenFile",
];

#[test]
fn every_named_key_can_be_set() {
    let schema = Schema::builtin();
    let missing: Vec<&str> =
        NAMED_KEYS.iter().copied().filter(|p| !schema.path_exists(&KeyPath::parse(p).unwrap())).collect();
    assert_eq!(missing, Vec::<&str>::new());
}

/// The configs security.md shows (its JSON5 blocks, written as JSON), plus the one-liners its
/// prose names.
fn documented_configs() -> Vec<(&'static str, Value)> {
    vec![
        (
            "hardened baseline in 60 seconds",
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
        (
            "secure baseline (copy/paste)",
            json!({
                "gateway": {"mode": "local", "bind": "loopback", "port": 18789, "auth": {"mode": "token", "token": "your-long-random-token"}},
                "channels": {"whatsapp": {"dmPolicy": "pairing", "groups": {"*": {"requireMention": true}}}}
            }),
        ),
        (
            "per-agent: full access",
            json!({"agents": {"list": [{"id": "personal", "workspace": "~/.openclaw/workspace-personal", "sandbox": {"mode": "off"}}]}}),
        ),
        (
            "per-agent: read-only tools + read-only workspace",
            json!({"agents": {"list": [{
                "id": "family",
                "workspace": "~/.openclaw/workspace-family",
                "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "ro"},
                "tools": {"allow": ["read"], "deny": ["write", "edit", "apply_patch", "exec", "process", "browser"]}
            }]}}),
        ),
        (
            "per-agent: no filesystem/shell access",
            json!({"agents": {"list": [{
                "id": "public",
                "workspace": "~/.openclaw/workspace-public",
                "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "none"},
                "tools": {
                    "sessions": {"visibility": "tree"},
                    "allow": ["sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "session_status", "whatsapp", "telegram", "slack", "discord"],
                    "deny": ["read", "write", "edit", "apply_patch", "exec", "process", "browser", "canvas", "nodes", "cron", "gateway", "image"]
                }
            }]}}),
        ),
        (
            "groups: require mention everywhere",
            json!({
                "channels": {"whatsapp": {"groups": {"*": {"requireMention": true}}}},
                "agents": {"list": [{"id": "main", "groupChat": {"mentionPatterns": ["@openclaw", "@mybot"]}}]}
            }),
        ),
        (
            "strict browser SSRF policy",
            json!({"browser": {"ssrfPolicy": {
                "dangerouslyAllowPrivateNetwork": false,
                "hostnameAllowlist": ["*.example.com", "example.com"],
                "allowedHostnames": ["localhost"]
            }}}),
        ),
        (
            "control plane tools denied",
            json!({"tools": {"deny": ["gateway", "cron", "sessions_spawn", "sessions_send"]}}),
        ),
        ("mDNS minimal", json!({"discovery": {"mdns": {"mode": "minimal"}}})),
        ("mDNS off", json!({"discovery": {"mdns": {"mode": "off"}}})),
        ("mDNS full", json!({"discovery": {"mdns": {"mode": "full"}}})),
        ("gateway token auth", json!({"gateway": {"auth": {"mode": "token", "token": "your-token"}}})),
        (
            "reverse proxy",
            json!({"gateway": {"trustedProxies": ["127.0.0.1"], "allowRealIpFallback": false, "auth": {"mode": "password", "password": "x"}}}),
        ),
        ("secure DM mode", json!({"session": {"dmScope": "per-channel-peer"}})),
        ("DMs: pairing by default", json!({"channels": {"whatsapp": {"dmPolicy": "pairing"}}})),
        (
            "legacy spellings the document still names",
            json!({
                "logging": {"redactSensitive": "off"},
                "gateway": {"controlUi": {"allowInsecureAuth": true}, "nodes": {"allowCommands": ["canvas.present"], "denyCommands": ["system.run"]}, "channelHealthCheckMinutes": 0},
                "hooks": {"maxBodyBytes": 1024},
                "browser": {"ssrfPolicy": {"allowPrivateNetwork": true}},
                "commands": {"useAccessGroups": false},
                "tools": {"exec": {"timeoutSec": 60}},
                "channels": {
                    "discord": {"dm": {"enabled": true, "policy": "allowlist", "allowFrom": ["123", 456], "groupEnabled": false, "groupChannels": ["789"]}},
                    "telegram": {"tokenFile": "/run/secrets/tg", "accounts": {"work": {"dm": {"policy": "disabled"}}}}
                },
                "agents": {"list": [{"id": "ops", "default": true, "tools": {"elevated": {"enabled": true, "allowFrom": {"telegram": [42, "alice"]}}, "exec": {"host": "gateway"}}}]}
            }),
        ),
    ]
}

#[test]
fn every_documented_config_validates() {
    let schema = Schema::builtin();
    for (name, doc) in documented_configs() {
        let issues: Vec<String> = schema.validate(&doc).iter().map(ToString::to_string).collect();
        assert_eq!(issues, Vec::<String>::new(), "{name}");
    }
}

#[test]
fn overlay_keys_are_still_checked() {
    let issues: Vec<String> = Schema::builtin()
        .validate(&json!({
            "logging": {"redactSensitive": "all"},
            "hooks": {"maxBodyBytes": 0},
            "channels": {"whatsapp": {"dm": {"policy": "everyone"}}},
            "agents": {"list": [{"id": "ok", "groupChat": {"mentionPatterns": "@bot"}}]}
        }))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        issues,
        vec![
            "logging.redactSensitive: expected one of \"off\", \"tools\", found \"all\"",
            "hooks.maxBodyBytes: must be > 0, found 0",
            "channels.whatsapp.dm.policy: expected one of \"pairing\", \"allowlist\", \"open\", \"disabled\", found \"everyone\"",
            "agents.list[0].groupChat.mentionPatterns: expected array, found string \"@bot\"",
        ]
    );
}
