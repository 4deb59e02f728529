//! One table per rule: each case is a config and the exact issues it must produce.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;

use super::check_rules;

fn check(config: Value) -> Vec<Issue> {
    let raw: RawConfig = serde_json::from_value(config).expect("config deserializes");
    check_rules(&raw)
}

fn error(path: &str, message: &str) -> Issue {
    Issue::error(KeyPath::parse(path).expect("valid path"), message)
}

fn warning(path: &str, message: &str) -> Issue {
    Issue::warning(KeyPath::parse(path).expect("valid path"), message)
}

/// A start-up check: the config loads, the gateway refuses to start.
fn refusal(path: &str, message: &str) -> Issue {
    warning(path, &format!("the gateway will refuse to start: {message}"))
}

fn run(cases: Vec<(&str, Value, Vec<Issue>)>) {
    for (name, config, expected) in cases {
        assert_eq!(check(config), expected, "case: {name}");
    }
}

#[test]
fn empty_config_has_no_issues() {
    assert_eq!(check(json!({})), vec![]);
}

#[test]
fn dm_open_requires_wildcard_in_allow_from() {
    run(vec![
        (
            "open without *",
            json!({"channels": {"telegram": {"dmPolicy": "open", "allowFrom": ["123"]}}}),
            vec![error(
                "channels.telegram.allowFrom",
                r#"channels.telegram.dmPolicy="open" requires channels.telegram.allowFrom to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "open without any list",
            json!({"channels": {"whatsapp": {"dmPolicy": "open"}}}),
            vec![error(
                "channels.whatsapp.allowFrom",
                r#"channels.whatsapp.dmPolicy="open" requires channels.whatsapp.allowFrom to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "open with * (trimmed)",
            json!({"channels": {"telegram": {"dmPolicy": "open", "allowFrom": [" * "]}}}),
            vec![],
        ),
        ("pairing needs nothing", json!({"channels": {"telegram": {"dmPolicy": "pairing"}}}), vec![]),
        ("extension channel", json!({"channels": {"matrix": {"dmPolicy": "open", "allowFrom": ["*"]}}}), vec![]),
    ]);
}

#[test]
fn dm_allowlist_requires_an_entry() {
    run(vec![
        (
            "empty list",
            json!({"channels": {"whatsapp": {"dmPolicy": "allowlist", "allowFrom": []}}}),
            vec![error(
                "channels.whatsapp.allowFrom",
                r#"channels.whatsapp.dmPolicy="allowlist" requires channels.whatsapp.allowFrom to contain at least one sender ID"#,
            )],
        ),
        (
            "only blanks",
            json!({"channels": {"signal": {"dmPolicy": "allowlist", "allowFrom": [" "]}}}),
            vec![error(
                "channels.signal.allowFrom",
                r#"channels.signal.dmPolicy="allowlist" requires channels.signal.allowFrom to contain at least one sender ID"#,
            )],
        ),
        (
            "numeric id counts",
            json!({"channels": {"telegram": {"dmPolicy": "allowlist", "allowFrom": [12345]}}}),
            vec![],
        ),
    ]);
}

#[test]
fn legacy_dm_block_is_checked_at_its_own_path() {
    run(vec![
        (
            "discord dm.policy open",
            json!({"channels": {"discord": {"dm": {"policy": "open", "allowFrom": ["123"]}}}}),
            vec![error(
                "channels.discord.dm.allowFrom",
                r#"channels.discord.dm.policy="open" requires channels.discord.allowFrom (or channels.discord.dm.allowFrom) to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "discord dmPolicy open without any list reports the legacy path like OpenClaw",
            json!({"channels": {"discord": {"dmPolicy": "open"}}}),
            vec![error(
                "channels.discord.dm.allowFrom",
                r#"channels.discord.dmPolicy="open" requires channels.discord.allowFrom (or channels.discord.dm.allowFrom) to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "discord dm block with *",
            json!({"channels": {"discord": {"dm": {"policy": "open", "allowFrom": ["*"]}}}}),
            vec![],
        ),
        (
            "top-level allowFrom wins over dm.allowFrom",
            json!({"channels": {"slack": {"dmPolicy": "open", "allowFrom": ["*"], "dm": {"allowFrom": []}}}}),
            vec![],
        ),
        (
            "google chat has only the dm block",
            json!({"channels": {"googlechat": {"dm": {"policy": "allowlist"}}}}),
            vec![error(
                "channels.googlechat.dm.allowFrom",
                r#"channels.googlechat.dm.policy="allowlist" requires channels.googlechat.dm.allowFrom to contain at least one sender ID"#,
            )],
        ),
    ]);
}

#[test]
fn accounts_inherit_the_channel_allow_list() {
    run(vec![
        (
            "account open inherits channel *",
            json!({"channels": {"telegram": {"allowFrom": ["*"], "accounts": {"work": {"dmPolicy": "open"}}}}}),
            vec![],
        ),
        (
            "account open without * anywhere",
            json!({"channels": {"telegram": {"allowFrom": ["1"], "accounts": {"work": {"dmPolicy": "open"}}}}}),
            vec![error(
                "channels.telegram.accounts.work.allowFrom",
                r#"channels.telegram.accounts.work.dmPolicy="open" requires channels.telegram.accounts.work.allowFrom (or channels.telegram.allowFrom) to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "account allowlist inherits channel entries",
            json!({"channels": {"discord": {"allowFrom": ["42"], "accounts": {"a": {"dmPolicy": "allowlist"}}}}}),
            vec![],
        ),
        (
            "whatsapp accounts default to pairing, not the channel's open",
            json!({"channels": {"whatsapp": {"dmPolicy": "open", "allowFrom": ["*"], "accounts": {"biz": {"allowFrom": ["+15550001"]}}}}}),
            vec![],
        ),
        (
            "discord accounts inherit the channel's open",
            json!({"channels": {"discord": {"dmPolicy": "open", "allowFrom": ["*"], "accounts": {"a": {"allowFrom": ["42"]}}}}}),
            vec![error(
                "channels.discord.accounts.a.allowFrom",
                r#"channels.discord.accounts.a.dmPolicy="open" requires channels.discord.accounts.a.allowFrom (or channels.discord.allowFrom) to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
        (
            "channel and account both report an empty allowlist",
            json!({"channels": {"discord": {"dmPolicy": "allowlist", "accounts": {"a": {}}}}}),
            vec![
                error(
                    "channels.discord.dm.allowFrom",
                    r#"channels.discord.dmPolicy="allowlist" requires channels.discord.allowFrom (or channels.discord.dm.allowFrom) to contain at least one sender ID"#,
                ),
                error(
                    "channels.discord.accounts.a.allowFrom",
                    r#"channels.discord.accounts.a.dmPolicy="allowlist" requires channels.discord.accounts.a.allowFrom (or channels.discord.allowFrom) to contain at least one sender ID"#,
                ),
            ],
        ),
        (
            "disabled slack accounts are skipped",
            json!({"channels": {"slack": {"accounts": {"old": {"enabled": false, "dmPolicy": "open"}}}}}),
            vec![],
        ),
        (
            "google chat account checks its own dm block",
            json!({"channels": {"googlechat": {"accounts": {"team": {"dm": {"policy": "open", "allowFrom": ["users/1"]}}}}}}),
            vec![error(
                "channels.googlechat.accounts.team.dm.allowFrom",
                r#"channels.googlechat.accounts.team.dm.policy="open" requires channels.googlechat.accounts.team.dm.allowFrom to include "*" (or choose dmPolicy "pairing" or "allowlist")"#,
            )],
        ),
    ]);
}

#[test]
fn channel_webhooks_require_secrets() {
    run(vec![
        (
            "telegram webhook without secret",
            json!({"channels": {"telegram": {"webhookUrl": "https://bot.example.com/tg"}}}),
            vec![error(
                "channels.telegram.webhookSecret",
                "channels.telegram.webhookUrl requires channels.telegram.webhookSecret",
            )],
        ),
        (
            "telegram webhook with secret ref",
            json!({"channels": {"telegram": {"webhookUrl": "https://x", "webhookSecret": {"source": "env", "provider": "default", "id": "TG_SECRET"}}}}),
            vec![],
        ),
        (
            "telegram account webhook",
            json!({"channels": {"telegram": {"accounts": {"a": {"webhookUrl": "https://x"}, "off": {"enabled": false, "webhookUrl": "https://y"}}}}}),
            vec![error(
                "channels.telegram.accounts.a.webhookSecret",
                "channels.telegram.accounts.a.webhookUrl requires channels.telegram.webhookSecret or channels.telegram.accounts.a.webhookSecret",
            )],
        ),
        (
            "slack http mode without signing secret",
            json!({"channels": {"slack": {"mode": "http"}}}),
            vec![error(
                "channels.slack.signingSecret",
                r#"channels.slack.mode="http" requires channels.slack.signingSecret"#,
            )],
        ),
        (
            "slack account in http mode",
            json!({"channels": {"slack": {"accounts": {"w": {"mode": "http"}}}}}),
            vec![error(
                "channels.slack.accounts.w.signingSecret",
                r#"channels.slack.accounts.w.mode="http" requires channels.slack.signingSecret or channels.slack.accounts.w.signingSecret"#,
            )],
        ),
        ("slack http with secret", json!({"channels": {"slack": {"mode": "http", "signingSecret": "s3cret"}}}), vec![]),
    ]);
}

#[test]
fn hooks_enabled_requires_token() {
    let message = "hooks.enabled requires hooks.token (a long random secret callers send as a bearer token)";
    run(vec![
        ("no token", json!({"hooks": {"enabled": true}}), vec![error("hooks.token", message)]),
        ("blank token", json!({"hooks": {"enabled": true, "token": "  "}}), vec![error("hooks.token", message)]),
        ("token ref", json!({"hooks": {"enabled": true, "token": {"source": "env", "id": "HOOK_TOKEN"}}}), vec![]),
        ("disabled", json!({"hooks": {"path": "/"}}), vec![]),
    ]);
}

#[test]
fn hooks_path_must_not_be_root() {
    let root = "hooks.path may not be '/' (it would shadow every other route); use a prefix such as \"/hooks\"";
    run(vec![
        ("root", json!({"hooks": {"enabled": true, "token": "t", "path": "/"}}), vec![error("hooks.path", root)]),
        (
            "slashes only",
            json!({"hooks": {"enabled": true, "token": "t", "path": "///"}}),
            vec![error("hooks.path", root)],
        ),
        (
            "missing leading slash is read as one",
            json!({"hooks": {"enabled": true, "token": "t", "path": "hooks"}}),
            vec![warning("hooks.path", "hooks.path should start with \"/\" (read as \"/hooks\")")],
        ),
        ("prefix", json!({"hooks": {"enabled": true, "token": "t", "path": "/ingress/"}}), vec![]),
    ]);
}

#[test]
fn hooks_session_keys_must_fit_the_allowed_prefixes() {
    run(vec![
        (
            "generated keys not allowed",
            json!({"hooks": {"enabled": true, "token": "t", "allowedSessionKeyPrefixes": ["agent:"]}}),
            vec![error(
                "hooks.allowedSessionKeyPrefixes",
                "hooks.allowedSessionKeyPrefixes must include 'hook:' when hooks.defaultSessionKey is unset",
            )],
        ),
        (
            "hook: allowed",
            json!({"hooks": {"enabled": true, "token": "t", "allowedSessionKeyPrefixes": ["HOOK:"]}}),
            vec![],
        ),
        (
            "default key outside the prefixes",
            json!({"hooks": {"enabled": true, "token": "t", "defaultSessionKey": "agent:main:x", "allowedSessionKeyPrefixes": ["hook:"]}}),
            vec![error(
                "hooks.defaultSessionKey",
                "hooks.defaultSessionKey must match hooks.allowedSessionKeyPrefixes",
            )],
        ),
        (
            "blank prefixes mean no restriction",
            json!({"hooks": {"enabled": true, "token": "t", "allowedSessionKeyPrefixes": [" "]}}),
            vec![],
        ),
    ]);
}

#[test]
fn hook_transform_modules_stay_relative() {
    let message =
        "module must be a safe relative path inside hooks.transformsDir (no absolute paths, '~', ':' or '..')";
    run(vec![(
        "absolute, parent and url-ish modules",
        json!({"hooks": {"mappings": [
            {"transform": {"module": "/etc/x.js"}},
            {"transform": {"module": "lib/../../x.js"}},
            {"transform": {"module": "file:x.js"}},
            {"transform": {"module": "lib/gmail.js"}}
        ]}}),
        vec![
            error("hooks.mappings[0].transform.module", message),
            error("hooks.mappings[1].transform.module", message),
            error("hooks.mappings[2].transform.module", message),
        ],
    )]);
}

#[test]
fn gateway_port_must_be_a_tcp_port() {
    run(vec![
        (
            "too large",
            json!({"gateway": {"port": 70000}}),
            vec![error("gateway.port", "gateway.port must be between 1 and 65535 (got 70000)")],
        ),
        ("valid", json!({"gateway": {"port": 19001}}), vec![]),
    ]);
}

#[test]
fn custom_bind_requires_an_ipv4_host() {
    run(vec![
        (
            "missing host",
            json!({"gateway": {"bind": "custom"}}),
            vec![refusal(
                "gateway.customBindHost",
                "gateway.bind=custom requires gateway.customBindHost (the IPv4 address to listen on)",
            )],
        ),
        (
            "not an IPv4 address",
            json!({"gateway": {"bind": "custom", "customBindHost": "example.com"}}),
            vec![refusal(
                "gateway.customBindHost",
                "gateway.bind=custom requires a valid IPv4 customBindHost (got example.com)",
            )],
        ),
        ("loopback custom host", json!({"gateway": {"bind": "custom", "customBindHost": "127.0.0.1"}}), vec![]),
        ("host ignored without custom bind", json!({"gateway": {"customBindHost": "nonsense"}}), vec![]),
    ]);
}

#[test]
fn trusted_proxy_auth_requires_user_header_and_proxies() {
    let header = "trusted-proxy auth requires gateway.auth.trustedProxy.userHeader (the header your proxy puts the authenticated user in)";
    let loopback = "gateway auth mode=trusted-proxy with bind=loopback requires gateway.trustedProxies to include 127.0.0.1, ::1, or a loopback CIDR";
    run(vec![
        (
            "no trustedProxy block, no proxies",
            json!({"gateway": {"auth": {"mode": "trusted-proxy"}}}),
            vec![
                refusal("gateway.auth.trustedProxy.userHeader", header),
                refusal(
                    "gateway.trustedProxies",
                    "gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP",
                ),
            ],
        ),
        (
            "blank header even outside trusted-proxy mode",
            json!({"gateway": {"auth": {"trustedProxy": {"userHeader": " "}}}}),
            vec![error("gateway.auth.trustedProxy.userHeader", header)],
        ),
        (
            "loopback bind needs a loopback proxy",
            json!({"gateway": {"trustedProxies": ["10.0.0.5"], "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}}),
            vec![refusal("gateway.trustedProxies", loopback)],
        ),
        (
            "loopback CIDR",
            json!({"gateway": {"trustedProxies": ["127.0.0.0/8"], "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}}),
            vec![],
        ),
        (
            "IPv6 loopback",
            json!({"gateway": {"trustedProxies": ["::1"], "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}}),
            vec![],
        ),
        (
            "lan bind with a LAN proxy",
            json!({"gateway": {"bind": "lan", "trustedProxies": ["10.0.0.5"],
                "controlUi": {"allowedOrigins": ["https://gw.example.com"]},
                "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user"}}}}),
            vec![],
        ),
    ]);
}

#[test]
fn tailscale_exposure_rules() {
    run(vec![
        (
            "funnel with token auth",
            json!({"gateway": {"tailscale": {"mode": "funnel"}, "auth": {"mode": "token", "token": "t"}}}),
            vec![refusal(
                "gateway.tailscale.mode",
                "tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)",
            )],
        ),
        (
            "funnel with a password",
            json!({"gateway": {"tailscale": {"mode": "funnel"}, "auth": {"password": "p"}}}),
            vec![],
        ),
        ("funnel, mode left to the environment", json!({"gateway": {"tailscale": {"mode": "funnel"}}}), vec![]),
        (
            "serve without auth is refused by the schema",
            json!({"gateway": {"tailscale": {"mode": "serve"}, "auth": {"mode": "none"}}}),
            vec![error(
                "gateway.auth.mode",
                "tailscale serve/funnel cannot be combined with gateway.auth.mode=none; use token or password auth",
            )],
        ),
        (
            "serve on a LAN bind",
            json!({"gateway": {"bind": "lan", "tailscale": {"mode": "serve"}, "controlUi": {"enabled": false}}}),
            vec![refusal("gateway.bind", "tailscale serve/funnel requires gateway bind=loopback (127.0.0.1)")],
        ),
    ]);
}

#[test]
fn exposed_gateway_needs_auth_and_origins() {
    let origins = "non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true";
    run(vec![
        (
            "lan without auth or origins",
            json!({"gateway": {"bind": "lan", "auth": {"mode": "none"}}}),
            vec![
                refusal(
                    "gateway.auth.mode",
                    "refusing to bind the gateway beyond loopback without auth; set gateway.auth.mode to token, password or trusted-proxy",
                ),
                refusal("gateway.controlUi.allowedOrigins", origins),
            ],
        ),
        (
            "custom non-loopback host",
            json!({"gateway": {"bind": "custom", "customBindHost": "192.168.1.10", "auth": {"token": "t"}}}),
            vec![refusal("gateway.controlUi.allowedOrigins", origins)],
        ),
        (
            "tailnet with origins",
            json!({"gateway": {"bind": "tailnet", "controlUi": {"allowedOrigins": ["https://gw.tail.ts.net"]}}}),
            vec![],
        ),
        (
            "host-header fallback accepted explicitly",
            json!({"gateway": {"bind": "lan", "controlUi": {"dangerouslyAllowHostHeaderOriginFallback": true}}}),
            vec![],
        ),
        ("loopback without auth is the operator's choice", json!({"gateway": {"auth": {"mode": "none"}}}), vec![]),
    ]);
}

#[test]
fn agent_ids_are_unique_ignoring_case() {
    run(vec![
        (
            "same id twice in the list",
            json!({"agents": {"list": [{"id": "Main"}, {"id": "main"}]}}),
            vec![error(
                "agents.list[1].id",
                r#"duplicate agent id "main" (same as agents.list[0]); agent ids must be unique, ignoring case"#,
            )],
        ),
        (
            "list and entries collide",
            json!({"agents": {"list": [{"id": "work"}], "entries": {"Work": {}}}}),
            vec![error(
                "agents.entries.Work",
                r#"agent id "work" is defined in both agents.list[0] and agents.entries; keep only one of them"#,
            )],
        ),
        ("distinct ids", json!({"agents": {"list": [{"id": "main"}], "entries": {"work": {}}}}), vec![]),
    ]);
}

#[test]
fn at_most_one_default_agent() {
    run(vec![
        (
            "two defaults across list and entries",
            json!({"agents": {"list": [{"id": "a", "default": true}], "entries": {"b": {"default": true}}}}),
            vec![error(
                "agents.entries.b.default",
                "only one agent may be marked default: true (agents.list[0] already is); remove this one",
            )],
        ),
        ("one default", json!({"agents": {"list": [{"id": "a"}, {"id": "b", "default": true}]}}), vec![]),
    ]);
}

#[test]
fn agents_do_not_share_agent_dirs() {
    run(vec![
        (
            "same explicit dir",
            json!({"agents": {"list": [{"id": "a", "agentDir": "/srv/agent"}, {"id": "b", "agentDir": "/srv/agent/"}]}}),
            vec![error(
                "agents.list",
                r#"agents "a" and "b" share agentDir "/srv/agent"; give each agent its own agentDir (copy auth-profiles.json to share credentials)"#,
            )],
        ),
        (
            "different dirs",
            json!({"agents": {"list": [{"id": "a", "agentDir": "/a"}, {"id": "b", "agentDir": "/b"}]}}),
            vec![],
        ),
    ]);
}

#[test]
fn bindings_name_configured_agents() {
    run(vec![
        (
            "unknown agent",
            json!({"agents": {"list": [{"id": "main"}], "entries": {"work": {}}},
                "bindings": [{"agentId": "ghost", "match": {"channel": "telegram"}}]}),
            vec![warning(
                "bindings[0].agentId",
                r#"unknown agent id "ghost"; messages matching this binding go to the default agent. Bindings should name an agent from agents.list or agents.entries (known: main, work)"#,
            )],
        ),
        (
            "case-insensitive match",
            json!({"agents": {"list": [{"id": "work"}]}, "bindings": [{"agentId": "WORK", "match": {"channel": "slack"}}]}),
            vec![],
        ),
        ("no agents configured", json!({"bindings": [{"agentId": "anything", "match": {"channel": "slack"}}]}), vec![]),
    ]);
}

#[test]
fn sandbox_network_modes_are_restricted() {
    run(vec![
        (
            "host network",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"network": "HOST"}}}}}),
            vec![error(
                "agents.defaults.sandbox.docker.network",
                "Sandbox security: network mode \"host\" is blocked. Use \"bridge\" or \"none\" instead.",
            )],
        ),
        (
            "container namespace join",
            json!({"agents": {"list": [{"id": "a", "sandbox": {"docker": {"network": "container:db"}}}]}}),
            vec![error(
                "agents.list[0].sandbox.docker.network",
                "Sandbox security: network mode \"container:*\" is blocked by default. Use a custom bridge network, or set dangerouslyAllowContainerNamespaceJoin=true only when you fully trust this runtime.",
            )],
        ),
        (
            "namespace join opted into",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"network": "container:db", "dangerouslyAllowContainerNamespaceJoin": true}}}}}),
            vec![],
        ),
        (
            "browser on the host network",
            json!({"agents": {"defaults": {"sandbox": {"browser": {"network": "host"}}}}}),
            vec![error(
                "agents.defaults.sandbox.browser.network",
                "Sandbox security: browser network mode \"host\" is blocked. Use \"bridge\" or a custom bridge network instead.",
            )],
        ),
        ("bridge", json!({"agents": {"defaults": {"sandbox": {"docker": {"network": "bridge"}}}}}), vec![]),
    ]);
}

#[test]
fn sandbox_binds_and_profiles_are_restricted() {
    run(vec![
        (
            "relative and empty binds",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"binds": ["data:/data", " ", "/srv/data:/data:ro"]}}}}}),
            vec![
                error(
                    "agents.defaults.sandbox.docker.binds[0]",
                    "Sandbox security: bind mount \"data:/data\" uses a non-absolute source path \"data\". Only absolute POSIX paths are supported for sandbox binds.",
                ),
                error(
                    "agents.defaults.sandbox.docker.binds[1]",
                    "Sandbox security: bind mount entry must be a non-empty string.",
                ),
            ],
        ),
        (
            "unconfined profiles",
            json!({"agents": {"entries": {"a": {"sandbox": {"docker": {"seccompProfile": "unconfined", "apparmorProfile": "Unconfined"}}}}}}),
            vec![
                error(
                    "agents.entries.a.sandbox.docker.seccompProfile",
                    "Sandbox security: seccomp profile \"unconfined\" is blocked. Use a named profile or omit this setting.",
                ),
                error(
                    "agents.entries.a.sandbox.docker.apparmorProfile",
                    "Sandbox security: apparmor profile \"unconfined\" is blocked. Use a named profile or omit this setting.",
                ),
            ],
        ),
    ]);
}

#[test]
fn allow_and_also_allow_do_not_mix_in_one_scope() {
    let fix = "(merge alsoAllow into allow, or remove allow and use profile + alsoAllow)";
    run(vec![
        (
            "global, byProvider, agent and group scopes",
            json!({
                "tools": {"allow": ["read"], "alsoAllow": ["exec"],
                    "byProvider": {"openai/gpt-5": {"allow": ["read"], "alsoAllow": ["web_fetch"]}}},
                "agents": {"list": [{"id": "a", "tools": {"allow": ["read"], "alsoAllow": ["exec"]}}]},
                "channels": {"whatsapp": {"groups": {"*": {"tools": {"allow": ["read"], "alsoAllow": ["exec"]}}}}}
            }),
            vec![
                error("tools", &format!("tools cannot set both allow and alsoAllow in the same scope {fix}")),
                error(
                    "tools.byProvider[\"openai/gpt-5\"]",
                    &format!("tools.byProvider policy cannot set both allow and alsoAllow in the same scope {fix}"),
                ),
                error(
                    "agents.list[0].tools",
                    &format!("agent tools cannot set both allow and alsoAllow in the same scope {fix}"),
                ),
                error(
                    "channels.whatsapp.groups[\"*\"].tools",
                    &format!("tools policy cannot set both allow and alsoAllow in the same scope {fix}"),
                ),
            ],
        ),
        (
            "profile plus alsoAllow",
            json!({"tools": {"profile": "messaging", "alsoAllow": ["exec"], "allow": []}}),
            vec![],
        ),
    ]);
}

#[test]
fn exec_secret_providers_run_absolute_safe_commands() {
    run(vec![(
        "bare name, shell syntax and relative trusted dir",
        json!({"secrets": {"providers": {
            "vault": {"source": "exec", "command": "vault"},
            "evil": {"source": "exec", "command": "/usr/bin/vault; rm -rf /", "trustedDirs": ["bin"]},
            "ok": {"source": "exec", "command": "/usr/local/bin/vault", "trustedDirs": ["/usr/local/bin"]},
            "env": {"source": "env"}
        }}}),
        vec![
            error(
                "secrets.providers.evil.command",
                "secrets.providers.*.command is unsafe (no shell metacharacters, quotes or newlines)",
            ),
            error("secrets.providers.evil.trustedDirs[0]", "trustedDirs entries must be absolute paths."),
            error("secrets.providers.vault.command", "secrets.providers.*.command must be an absolute path."),
        ],
    )]);
}
