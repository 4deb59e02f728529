//! The resolved view as a specification: an empty config resolves to the defaults of spec
//! §3.3, and each resolution rule (inference, inheritance, merging, normalisation) holds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;
use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::model::agents::{
    AgentModelConfig, SandboxMode, SandboxScope, SandboxSessionToolsVisibility, WorkspaceAccess,
};
use crate::model::channels::{ChunkMode, DmPolicy, GroupPolicy};
use crate::model::commands::NativeCommands;
use crate::model::discovery::MdnsMode;
use crate::model::gateway::{AuthMode, BindMode, NodeBrowserMode, ReloadMode, RemoteTransport, TailscaleMode};
use crate::model::logging::{LogLevel, RedactMode};
use crate::model::secret::Secret;
use crate::model::session::{DmScope, PolicyAction, SessionResetMode};
use crate::model::tools::{ExecAsk, ExecHost, ExecSecurity, SessionsVisibility};

fn load(config: Value) -> RawConfig {
    serde_json::from_value(config).expect("config deserializes")
}

fn resolve(config: Value) -> Config {
    Config::resolve(load(config)).expect("config resolves")
}

fn default_gateway() -> Gateway {
    Gateway {
        mode: None,
        port: 18789,
        bind: BindMode::Loopback,
        custom_bind_host: None,
        auth: GatewayAuth {
            mode: AuthMode::Token,
            token: None,
            password: None,
            allow_tailscale: false,
            rate_limit: RateLimit { max_attempts: 10, window_ms: 60_000, lockout_ms: 300_000, exempt_loopback: true },
            trusted_proxy: None,
        },
        trusted_proxies: vec![],
        allow_real_ip_fallback: false,
        control_ui: ControlUi {
            enabled: true,
            base_path: String::new(),
            root: None,
            allowed_origins: vec![],
            allow_insecure_auth: false,
            dangerously_allow_host_header_origin_fallback: false,
            dangerously_disable_device_auth: false,
        },
        tailscale: Tailscale { mode: TailscaleMode::Off, reset_on_exit: false },
        remote: Remote {
            url: None,
            transport: RemoteTransport::Ssh,
            token: None,
            password: None,
            tls_fingerprint: None,
            ssh_target: None,
            ssh_identity: None,
        },
        tls: Tls { enabled: false, auto_generate: true, cert_path: None, key_path: None, ca_path: None },
        http: Http {
            chat_completions_enabled: false,
            responses: Responses {
                enabled: false,
                max_body_bytes: 20 * 1024 * 1024,
                max_url_parts: 8,
                files: None,
                images: None,
            },
            strict_transport_security: None,
        },
        tools: AllowDeny::default(),
        nodes: Nodes {
            allow_commands: vec![],
            deny_commands: vec![],
            browser_mode: NodeBrowserMode::Auto,
            browser_node: None,
        },
        reload: Reload { mode: ReloadMode::Hybrid, debounce_ms: 300 },
        channel_health_check_minutes: 5,
    }
}

fn default_sandbox() -> Sandbox {
    Sandbox {
        mode: SandboxMode::Off,
        scope: SandboxScope::Agent,
        workspace_access: WorkspaceAccess::None,
        session_tools_visibility: SandboxSessionToolsVisibility::Spawned,
        workspace_root: None,
        docker: SandboxDocker {
            image: "openclaw-sandbox:bookworm-slim".to_owned(),
            network: "none".to_owned(),
            user: None,
            read_only_root: true,
            cap_drop: vec!["ALL".to_owned()],
            binds: vec![],
            seccomp_profile: None,
            apparmor_profile: None,
            dangerously_allow_reserved_container_targets: false,
            dangerously_allow_external_bind_sources: false,
            dangerously_allow_container_namespace_join: false,
        },
        browser: SandboxBrowser { enabled: false, network: None, allow_host_control: false },
    }
}

fn plain_agent(id: &str, is_default: bool) -> Agent {
    Agent {
        id: id.to_owned(),
        is_default,
        name: None,
        workspace: None,
        agent_dir: None,
        model: None,
        identity: None,
        group_chat: None,
        sandbox: default_sandbox(),
        tools: None,
        subagents: None,
    }
}

/// The runtime defaults of spec §3.3 for an empty file.
fn default_config() -> Config {
    Config {
        raw: RawConfig::default(),
        warnings: vec![],
        gateway: default_gateway(),
        logging: Logging {
            level: LogLevel::Info,
            file: None,
            console_level: None,
            console_style: None,
            max_file_bytes: 500 * 1024 * 1024,
            redact_sensitive: RedactMode::Tools,
            redact_patterns: None,
        },
        session: Session {
            dm_scope: DmScope::Main,
            identity_links: BTreeMap::new(),
            main_key: "main".to_owned(),
            reset: SessionReset { mode: SessionResetMode::Daily, at_hour: 4, idle_minutes: None },
            reset_by_type: BTreeMap::new(),
            reset_by_channel: BTreeMap::new(),
            reset_triggers: vec!["/new".to_owned(), "/reset".to_owned()],
            send_policy_default: PolicyAction::Allow,
            send_policy_rules: vec![],
        },
        discovery: Discovery { mdns_mode: MdnsMode::Minimal, wide_area_enabled: false, wide_area_domain: None },
        hooks: Hooks {
            enabled: false,
            token: None,
            path: "/hooks".to_owned(),
            max_body_bytes: 262_144,
            default_session_key: None,
            allow_request_session_key: false,
            allowed_session_key_prefixes: None,
            allowed_agent_ids: None,
            presets: vec![],
            transforms_dir: None,
            mappings: vec![],
            gmail: None,
        },
        tools: Tools {
            profile: None,
            allow: None,
            also_allow: vec![],
            deny: vec![],
            by_provider: BTreeMap::new(),
            fs_workspace_only: false,
            exec: Exec {
                host: ExecHost::Sandbox,
                security: ExecSecurity::Deny,
                ask: ExecAsk::OnMiss,
                node: None,
                path_prepend: vec![],
                safe_bins: None,
                safe_bin_trusted_dirs: None,
                safe_bin_profiles: BTreeMap::new(),
                background_ms: 10_000,
                timeout_sec: 1800,
                notify_on_exit: true,
                apply_patch: ApplyPatch { enabled: false, workspace_only: true, allow_models: None },
            },
            elevated: Elevated { enabled: true, allow_from: BTreeMap::new() },
            sessions_visibility: SessionsVisibility::Tree,
            agent_to_agent: AgentToAgent { enabled: false, allow: vec![] },
            subagents: None,
            sandbox: None,
            loop_detection_enabled: false,
            loop_detection: None,
        },
        agents: Agents {
            default_workspace: "~/.openclaw/workspace".to_owned(),
            default_workspace_set: false,
            default_sandbox: default_sandbox(),
            list: vec![plain_agent("main", true)],
            default_agent_id: "main".to_owned(),
        },
        channels: Channels { default_group_policy: GroupPolicy::Allowlist, channels: BTreeMap::new() },
        commands: Commands {
            native: NativeCommands::Auto,
            native_skills: NativeCommands::Auto,
            text: true,
            bash: false,
            bash_foreground_ms: 2000,
            config: false,
            debug: false,
            restart: true,
            use_access_groups: true,
            owner_allow_from: vec![],
            allow_from: None,
        },
        browser: Browser {
            enabled: true,
            evaluate_enabled: true,
            ssrf: BrowserSsrf {
                dangerously_allow_private_network: true,
                allowed_hostnames: vec![],
                hostname_allowlist: vec![],
            },
        },
    }
}

#[test]
fn empty_config_resolves_to_documented_defaults() {
    assert_eq!(resolve(json!({})), default_config());
}

#[test]
fn empty_sections_resolve_like_missing_ones() {
    let config = resolve(json!({
        "gateway": {}, "logging": {}, "session": {}, "discovery": {}, "hooks": {}, "tools": {},
        "agents": {}, "channels": {}, "commands": {}, "browser": {}
    }));
    let expected = default_config();
    assert_eq!(config.gateway, expected.gateway);
    assert_eq!(config.logging, expected.logging);
    assert_eq!(config.session, expected.session);
    assert_eq!(config.discovery, expected.discovery);
    assert_eq!(config.hooks, expected.hooks);
    assert_eq!(config.tools, expected.tools);
    assert_eq!(config.agents, expected.agents);
    assert_eq!(config.channels, expected.channels);
    assert_eq!(config.commands, expected.commands);
    assert_eq!(config.browser, expected.browser);
}

#[test]
fn resolve_refuses_on_errors_and_keeps_warnings() {
    let raw = load(json!({"hooks": {"enabled": true}}));
    let errors = Config::resolve(raw).expect_err("refused");
    assert_eq!(errors.len(), 1);

    let config = resolve(json!({"hooks": {"enabled": true, "token": "t", "path": "in"}}));
    assert_eq!(
        config.warnings(),
        [Issue::warning(KeyPath::parse("hooks.path").unwrap(), "hooks.path should start with \"/\" (read as \"/in\")")]
    );
    assert_eq!(config.hooks.path, "/in");
}

#[test]
fn raw_is_kept_as_written() {
    let raw = load(json!({"gateway": {"port": 19001}}));
    let config = Config::resolve(raw.clone()).expect("resolves");
    assert_eq!(config.raw(), &raw);
    assert_eq!(config.gateway.port, 19001);
}

#[test]
fn auth_mode_follows_openclaw_inference() {
    let mode = |auth: Value| resolve(json!({"gateway": {"auth": auth}})).gateway.auth.mode;
    assert_eq!(mode(json!({})), AuthMode::Token);
    assert_eq!(mode(json!({"token": "t"})), AuthMode::Token);
    assert_eq!(mode(json!({"password": "p"})), AuthMode::Password);
    assert_eq!(mode(json!({"password": "p", "token": "t"})), AuthMode::Password);
    assert_eq!(mode(json!({"password": " "})), AuthMode::Token, "blank password is unset");
    assert_eq!(mode(json!({"mode": "none", "password": "p"})), AuthMode::None);
}

#[test]
fn tailscale_serve_allows_tailscale_identity_by_default() {
    let allow = |gateway: Value| resolve(json!({"gateway": gateway})).gateway.auth.allow_tailscale;
    assert!(allow(json!({"tailscale": {"mode": "serve"}})));
    assert!(!allow(json!({"tailscale": {"mode": "serve"}, "auth": {"mode": "password", "password": "p"}})));
    assert!(!allow(json!({"tailscale": {"mode": "serve"}, "auth": {"allowTailscale": false}})));
    assert!(!allow(json!({})));
}

#[test]
fn gateway_settings_are_normalised() {
    let gateway = resolve(json!({"gateway": {
        "bind": "custom", "customBindHost": " 127.0.0.1 ",
        "trustedProxies": [" 10.0.0.1 ", "", "127.0.0.1"],
        "controlUi": {"basePath": "ui/", "allowedOrigins": ["https://a.example", " "]},
        "nodes": {"allowCommands": ["camera.snap"], "denyCommands": ["system.run"],
                  "commands": {"allow": ["camera.snap", "screen.record"], "deny": ["sms.send"]}},
        "http": {"securityHeaders": {"strictTransportSecurity": false}},
        "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": " x-user "}}
    }}))
    .gateway;
    assert_eq!(gateway.custom_bind_host, Some(std::net::Ipv4Addr::LOCALHOST));
    assert_eq!(gateway.trusted_proxies, vec!["10.0.0.1", "127.0.0.1"]);
    assert_eq!(gateway.control_ui.base_path, "/ui");
    assert_eq!(gateway.control_ui.allowed_origins, vec!["https://a.example"]);
    assert_eq!(gateway.nodes.allow_commands, vec!["camera.snap", "screen.record"]);
    assert_eq!(gateway.nodes.deny_commands, vec!["system.run", "sms.send"]);
    assert_eq!(gateway.http.strict_transport_security, None);
    assert_eq!(
        gateway.auth.trusted_proxy,
        Some(TrustedProxy { user_header: "x-user".to_owned(), required_headers: vec![], allow_users: vec![] })
    );
}

#[test]
fn exec_security_default_depends_on_host() {
    let exec = |value: Value| resolve(json!({"tools": {"exec": value}})).tools.exec;
    assert_eq!(exec(json!({})).security, ExecSecurity::Deny);
    assert_eq!(exec(json!({"host": "gateway"})).security, ExecSecurity::Allowlist);
    assert_eq!(exec(json!({"host": "node"})).security, ExecSecurity::Allowlist);
    assert_eq!(exec(json!({"host": "gateway", "security": "full"})).security, ExecSecurity::Full);
    assert!(!exec(json!({"applyPatch": {"workspaceOnly": false}})).apply_patch.workspace_only);
}

#[test]
fn browser_private_network_is_denied_by_either_spelling() {
    let allowed =
        |ssrf: Value| resolve(json!({"browser": {"ssrfPolicy": ssrf}})).browser.ssrf.dangerously_allow_private_network;
    assert!(allowed(json!({})));
    assert!(!allowed(json!({"allowPrivateNetwork": false})));
    assert!(!allowed(json!({"dangerouslyAllowPrivateNetwork": false})));
    assert!(!allowed(json!({"dangerouslyAllowPrivateNetwork": true, "allowPrivateNetwork": false})));
    assert!(allowed(json!({"allowPrivateNetwork": true})));
}

#[test]
fn redaction_fails_safe() {
    let mode = |value: &str| resolve(json!({"logging": {"redactSensitive": value}})).logging.redact_sensitive;
    assert_eq!(mode("off"), RedactMode::Off);
    assert_eq!(mode("tools"), RedactMode::Tools);
    assert_eq!(mode("everything"), RedactMode::Tools);
}

#[test]
fn agents_merge_list_then_entries_and_pick_the_default() {
    let agents = resolve(json!({"agents": {
        "defaults": {"workspace": "~/ws", "sandbox": {"mode": "non-main", "docker": {"binds": ["/srv/a:/a"]}}},
        "list": [{"id": "Main", "model": "anthropic/claude-opus-4-6"}],
        "entries": {"work": {"default": true, "sandbox": {"scope": "session", "docker": {"binds": ["/srv/w:/w"], "network": "bridge"}}}}
    }}))
    .agents;
    assert_eq!(agents.default_workspace, "~/ws");
    assert_eq!(agents.default_agent_id, "work");
    let ids: Vec<(&str, bool)> = agents.list.iter().map(|a| (a.id.as_str(), a.is_default)).collect();
    assert_eq!(ids, vec![("main", false), ("work", true)]);
    let main = agents.get("MAIN").expect("main");
    assert_eq!(main.model, Some(AgentModelConfig::Id("anthropic/claude-opus-4-6".to_owned())));
    assert_eq!(main.sandbox.mode, SandboxMode::NonMain);
    let work = agents.default_agent().expect("default agent");
    assert_eq!(work.sandbox.scope, SandboxScope::Session);
    assert_eq!(work.sandbox.docker.binds, vec!["/srv/a:/a", "/srv/w:/w"]);
    assert_eq!(work.sandbox.docker.network, "bridge");
}

#[test]
fn first_agent_is_default_when_none_is_marked() {
    let agents = resolve(json!({"agents": {"list": [{"id": "ops"}, {"id": "home"}]}})).agents;
    assert_eq!(agents.default_agent_id, "ops");
    assert_eq!(agents.list, vec![plain_agent("ops", true), plain_agent("home", false)]);
}

#[test]
fn shared_sandbox_ignores_agent_container_settings() {
    let agents = resolve(json!({"agents": {
        "defaults": {"sandbox": {"scope": "shared"}},
        "list": [{"id": "a", "sandbox": {"docker": {"network": "bridge"}}}]
    }}))
    .agents;
    assert_eq!(agents.list[0].sandbox.docker.network, "none");
}

#[test]
fn channels_resolve_policies_groups_and_accounts() {
    let channels = resolve(json!({"channels": {
        "defaults": {"groupPolicy": "open"},
        "whatsapp": {
            "dmPolicy": "open", "allowFrom": ["*", " +15550001 "],
            "groups": {"*": {"requireMention": false}, "family@g.us": {}, "work@g.us": {"requireMention": true}},
            "accounts": {"biz": {"groupPolicy": "disabled"}}
        },
        "telegram": {"botToken": {"source": "file", "provider": "vault", "id": "/telegram/token"}, "allowFrom": [12345],
                     "accounts": {"alerts": {"dmPolicy": "allowlist", "textChunkLimit": 2000}}},
        "discord": {"dm": {"enabled": false, "policy": "open", "allowFrom": ["*"]}}
    }}))
    .channels;
    assert_eq!(channels.default_group_policy, GroupPolicy::Open);

    let whatsapp = channels.get("whatsapp").expect("whatsapp");
    assert_eq!(whatsapp.settings.dm_policy, DmPolicy::Open);
    assert_eq!(whatsapp.settings.allow_from, vec!["*", "+15550001"]);
    assert!(whatsapp.settings.allows_everyone());
    assert_eq!(whatsapp.settings.group_policy, GroupPolicy::Open);
    assert!(!whatsapp.settings.requires_mention("family@g.us"), "falls back to the * entry");
    assert!(whatsapp.settings.requires_mention("work@g.us"));
    assert!(!whatsapp.settings.requires_mention("unknown@g.us"));
    let biz = whatsapp.account("biz");
    assert_eq!(biz.group_policy, GroupPolicy::Disabled);
    assert_eq!(biz.dm_policy, DmPolicy::Pairing, "whatsapp accounts default to pairing");
    assert_eq!(biz.allow_from, vec!["*", "+15550001"], "the allowlist is inherited");
    assert_eq!(biz.groups, whatsapp.settings.groups);

    let telegram = channels.get("telegram").expect("telegram");
    assert!(telegram.settings.bot_token.as_ref().is_some_and(Secret::is_ref));
    assert_eq!(telegram.settings.allow_from, vec!["12345"]);
    assert_eq!(telegram.settings.text_chunk_limit, 4000);
    assert_eq!(telegram.settings.chunk_mode, ChunkMode::Length);
    let alerts = telegram.account("alerts");
    assert_eq!((alerts.dm_policy, alerts.text_chunk_limit), (DmPolicy::Allowlist, 2000));
    assert_eq!(alerts.bot_token, telegram.settings.bot_token);
    assert_eq!(telegram.account("unknown"), &telegram.settings);

    let discord = channels.get("discord").expect("discord");
    assert_eq!(discord.settings.dm_policy, DmPolicy::Disabled, "legacy dm.enabled=false disables DMs");
}

#[test]
fn channels_without_defaults_use_allowlist_groups() {
    let channels = resolve(json!({"channels": {"signal": {}}})).channels;
    let signal = &channels.get("signal").expect("signal").settings;
    assert_eq!((signal.dm_policy, signal.group_policy), (DmPolicy::Pairing, GroupPolicy::Allowlist));
    assert!(signal.enabled && signal.config_writes && !signal.dangerously_allow_name_matching);
}

#[test]
fn hooks_resolution() {
    let hooks = resolve(json!({"hooks": {
        "enabled": true, "token": "t", "path": "/ingress/", "maxBodyBytes": 0,
        "allowedSessionKeyPrefixes": [" Hook:"], "allowedAgentIds": ["main", "*"]
    }}))
    .hooks;
    assert_eq!(hooks.path, "/ingress");
    assert_eq!(hooks.max_body_bytes, 262_144);
    assert_eq!(hooks.allowed_session_key_prefixes, Some(vec!["hook:".to_owned()]));
    assert_eq!(hooks.allowed_agent_ids, None, "* means all agents");
    let none = resolve(json!({"hooks": {"allowedAgentIds": []}})).hooks;
    assert_eq!(none.allowed_agent_ids, Some(vec![]), "[] means no agent");
}

#[test]
fn elevated_and_command_allowlists_normalise_ids() {
    let config = resolve(json!({
        "tools": {"elevated": {"allowFrom": {"telegram": [123, " 456 "], "whatsapp": ["*"]}}},
        "commands": {"ownerAllowFrom": ["telegram:1", 2], "allowFrom": {"*": ["x"]}, "native": false}
    }));
    assert_eq!(
        config.tools.elevated.allow_from,
        BTreeMap::from([
            ("telegram".to_owned(), vec!["123".to_owned(), "456".to_owned()]),
            ("whatsapp".to_owned(), vec!["*".to_owned()])
        ])
    );
    assert_eq!(config.commands.owner_allow_from, vec!["telegram:1", "2"]);
    assert_eq!(config.commands.allow_from, Some(BTreeMap::from([("*".to_owned(), vec!["x".to_owned()])])));
    assert_eq!(config.commands.native, NativeCommands::Off);
}

#[test]
fn resolved_config_debug_never_shows_secrets() {
    let config = resolve(
        json!({"gateway": {"auth": {"token": "hunter2-super-secret"}}, "hooks": {"token": "hook-secret-value"}}),
    );
    let shown = format!("{config:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("hook-secret"), "Debug leaked a secret: {shown}");
}

#[test]
fn agent_workspaces_follow_one_rule() {
    let resolve = |json: &str| {
        let raw: RawConfig = serde_json::from_str(json).unwrap();
        Config::resolve(raw).unwrap().agents
    };
    let plain = resolve(r#"{"agents":{"list":[{"id":"main"},{"id":"ops"},{"id":"web","workspace":"/srv/web"}]}}"#);
    assert_eq!(plain.workspace_of("main", "/s/.openclaw"), "/s/.openclaw/workspace");
    assert_eq!(plain.workspace_of("ops", "/s/.openclaw/"), "/s/.openclaw/workspace-ops");
    assert_eq!(plain.workspace_of("web", "/s/.openclaw"), "/srv/web");
    let based = resolve(r#"{"agents":{"defaults":{"workspace":"~/ws"},"list":[{"id":"main"},{"id":"Ops"}]}}"#);
    assert_eq!(based.workspace_of("main", "/s"), "~/ws");
    assert_eq!(based.workspace_of("ops", "/s"), "~/ws/ops");
}
