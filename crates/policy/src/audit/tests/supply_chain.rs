//! Plugins, install records, deep code-safety results, sandbox browser containers, channels.

use serde_json::json;

use super::*;
use crate::audit::code_scan::{CodeFinding, CodeSeverity};
use crate::audit::facts::{
    BrowserContainer, CodeScan, CodeScanKind, DeepFacts, FilesystemFacts, InstallRecord, PublishedPort,
};

fn with_plugins(config: serde_json::Value, dirs: &[&str]) -> AuditFacts {
    let mut f = facts(config);
    f.filesystem = Some(FilesystemFacts::default());
    f.extensions.extensions_dir = "/s/extensions".to_owned();
    f.extensions.plugin_dirs = dirs.iter().map(|d| (*d).to_owned()).collect();
    f
}

#[test]
fn plugin_trust() {
    check_rows(vec![
        row_with(
            "extensions without allowlist",
            with_plugins(json!({}), &["acme"]),
            "plugins.extensions_no_allowlist",
            W,
        ),
        row_with(
            "telegram configured escalates",
            with_env(with_plugins(json!({"channels": {"telegram": {"botToken": "123:abc"}}}), &["acme"]), &[]),
            "plugins.extensions_no_allowlist",
            C,
        ),
        row_with(
            "native skills off keeps warn",
            with_plugins(
                json!({"channels": {"telegram": {"botToken": "123:abc", "commands": {"nativeSkills": false}}}}),
                &["acme"],
            ),
            "plugins.extensions_no_allowlist",
            W,
        ),
        row_with(
            "allowlisted",
            with_plugins(json!({"plugins": {"allow": ["acme"]}}), &["acme"]),
            "plugins.extensions_no_allowlist",
            NO,
        ),
        row_with(
            "no extensions",
            with_plugins(json!({"plugins": {"allow": ["ghost"]}}), &[]),
            "plugins.allow_phantom_entries",
            NO,
        ),
        row_with(
            "phantom allow entry",
            with_plugins(json!({"plugins": {"allow": ["acme", "ghost"]}}), &["acme"]),
            "plugins.allow_phantom_entries",
            W,
        ),
        row_with(
            "permissive default policy",
            with_plugins(json!({}), &["acme"]),
            "plugins.tools_reachable_permissive_policy",
            W,
        ),
        row_with(
            "restrictive profile",
            with_plugins(json!({"tools": {"profile": "coding"}}), &["acme"]),
            "plugins.tools_reachable_permissive_policy",
            NO,
        ),
        row_with(
            "plugin denied",
            with_plugins(json!({"plugins": {"deny": ["acme"]}}), &["acme"]),
            "plugins.tools_reachable_permissive_policy",
            NO,
        ),
        row_with(
            "plugin entry disabled",
            with_plugins(json!({"plugins": {"entries": {"acme": {"enabled": false}}}}), &["acme"]),
            "plugins.tools_reachable_permissive_policy",
            NO,
        ),
        row_with(
            "explicit plugin allow in an agent",
            with_plugins(
                json!({"tools": {"profile": "coding"}, "agents": {"list": [{"id": "a", "tools": {"profile": "full"}}]}}),
                &["acme"],
            ),
            "plugins.tools_reachable_permissive_policy",
            W,
        ),
    ]);
    for (name, keep) in [
        ("acme", true),
        ("node_modules", false),
        (".cache", false),
        ("x.bak", false),
        ("x.backup-1", false),
        ("x.disabled", false),
    ] {
        assert_eq!(crate::audit::plugins::is_plugin_dir_name(name), keep, "{name}");
    }
}

#[test]
fn install_records() {
    let npm = |id: &str, spec: &str, integrity: Option<&str>, recorded: Option<&str>, installed: Option<&str>| {
        InstallRecord {
            id: id.to_owned(),
            source: Some("npm".to_owned()),
            spec: Some(spec.to_owned()),
            integrity: integrity.map(str::to_owned),
            recorded_version: recorded.map(str::to_owned),
            installed_version: installed.map(str::to_owned),
        }
    };
    let mut f = with_plugins(json!({}), &[]);
    f.extensions.plugin_installs = vec![npm("a", "@x/a@^1.0.0", Some("sha512-x"), Some("1.0.0"), Some("1.0.0"))];
    f.extensions.hook_installs = vec![npm("h", "hooks@1.2.3", None, Some("1.2.3"), Some("1.3.0"))];
    let report = run_audit(&f);
    assert_eq!(severity(&report, "plugins.installs_unpinned_npm_specs"), W);
    assert_eq!(severity(&report, "plugins.installs_missing_integrity"), NO);
    assert_eq!(severity(&report, "plugins.installs_version_drift"), NO);
    assert_eq!(severity(&report, "hooks.installs_unpinned_npm_specs"), NO);
    assert_eq!(severity(&report, "hooks.installs_missing_integrity"), W);
    assert_eq!(severity(&report, "hooks.installs_version_drift"), W);
    let mut local = with_plugins(json!({}), &[]);
    local.extensions.plugin_installs =
        vec![InstallRecord { id: "l".to_owned(), source: Some("path".to_owned()), ..InstallRecord::default() }];
    assert_eq!(severity(&run_audit(&local), "plugins.installs_missing_integrity"), NO, "only npm installs are judged");
}

fn finding(rule: &str, severity: CodeSeverity) -> CodeFinding {
    CodeFinding { rule_id: rule.to_owned(), severity, file: "index.js".to_owned(), line: 3, message: "m".to_owned() }
}

fn scan(kind: CodeScanKind, findings: Vec<CodeFinding>) -> CodeScan {
    CodeScan {
        kind,
        name: "x".to_owned(),
        dir: "/s/extensions/x".to_owned(),
        manifest_error: None,
        hidden_entries: Vec::new(),
        escaping_entries: Vec::new(),
        scan_error: None,
        scanned_files: 2,
        findings,
    }
}

#[test]
fn code_safety_results() {
    let mut f = with_plugins(json!({}), &[]);
    let mut broken = scan(CodeScanKind::Plugin, Vec::new());
    broken.manifest_error = Some("bad json".to_owned());
    broken.hidden_entries = vec![".hidden/index.js".to_owned()];
    broken.escaping_entries = vec!["../../etc/x.js".to_owned()];
    let mut failed = scan(CodeScanKind::Skill, Vec::new());
    failed.scan_error = Some("EACCES".to_owned());
    f.deep = Some(DeepFacts {
        code_scans: vec![
            scan(
                CodeScanKind::Plugin,
                vec![finding("dangerous-exec", CodeSeverity::Critical), finding("obfuscated-code", CodeSeverity::Warn)],
            ),
            broken,
            scan(CodeScanKind::Skill, vec![finding("destructive-delete", CodeSeverity::Warn)]),
            failed,
        ],
        ..DeepFacts::default()
    });
    let report = run_audit(&f);
    assert_eq!(severity(&report, "plugins.code_safety"), C);
    assert_eq!(severity(&report, "plugins.code_safety.manifest_parse_error"), W);
    assert_eq!(severity(&report, "plugins.code_safety.entry_path"), W);
    assert_eq!(severity(&report, "plugins.code_safety.entry_escape"), C);
    assert_eq!(severity(&report, "skills.code_safety"), W);
    assert_eq!(severity(&report, "skills.code_safety.scan_failed"), W);
    let mut no_deep = with_plugins(json!({}), &[]);
    no_deep.deep = None;
    assert_eq!(severity(&run_audit(&no_deep), "plugins.code_safety"), NO);
}

#[test]
fn sandbox_browser_containers() {
    let mut f = with_plugins(json!({}), &[]);
    f.browser_containers.containers = vec![
        BrowserContainer { name: "old".to_owned(), config_hash: None, epoch: None, published: Vec::new() },
        BrowserContainer {
            name: "open".to_owned(),
            config_hash: Some("h".to_owned()),
            epoch: Some(crate::audit::sandbox_browser_epoch().to_owned()),
            published: vec![PublishedPort {
                host_ip: "0.0.0.0".to_owned(),
                mapping: "0.0.0.0:9222->9222/tcp".to_owned(),
            }],
        },
    ];
    f.browser_containers.timed_out = Some(5000);
    let report = run_audit(&f);
    assert_eq!(severity(&report, "sandbox.browser_container.hash_label_missing"), W);
    assert_eq!(severity(&report, "sandbox.browser_container.hash_epoch_stale"), W);
    assert_eq!(severity(&report, "sandbox.browser_container.non_loopback_publish"), C);
    assert_eq!(severity(&report, "sandbox.browser_container.docker_probe_timeout"), W);
    assert_eq!(severity(&run_audit(&with_plugins(json!({}), &[])), "sandbox.browser_container.hash_label_missing"), NO);
}

#[test]
fn channel_dm_access() {
    let tg = |extra: serde_json::Value| {
        let mut channel = json!({"botToken": "123:abc"});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            channel[k] = v;
        }
        json!({"channels": {"telegram": channel}})
    };
    check_rows(vec![
        row("open DMs", tg(json!({"dmPolicy": "open", "allowFrom": ["*"]})), "channels.telegram.dm.open", C),
        row("open without star", tg(json!({"dmPolicy": "open"})), "channels.telegram.dm.open_invalid", W),
        row(
            "open with star is consistent",
            tg(json!({"dmPolicy": "open", "allowFrom": ["*"]})),
            "channels.telegram.dm.open_invalid",
            NO,
        ),
        row("disabled", tg(json!({"dmPolicy": "disabled"})), "channels.telegram.dm.disabled", I),
        row("pairing with nobody admitted", tg(json!({})), "channels.telegram.dm.locked", I),
        row("pairing with an admitted sender", tg(json!({"allowFrom": ["12345"]})), "channels.telegram.dm.locked", NO),
        row(
            "no credentials: channel skipped",
            json!({"channels": {"telegram": {"dmPolicy": "open", "allowFrom": ["*"]}}}),
            "channels.telegram.dm.open",
            NO,
        ),
        row(
            "account disabled",
            tg(json!({"dmPolicy": "open", "allowFrom": ["*"], "enabled": false})),
            "channels.telegram.dm.open",
            NO,
        ),
        row(
            "non-numeric telegram entries",
            tg(json!({"allowFrom": ["@alice"]})),
            "channels.telegram.allowFrom.invalid_entries",
            W,
        ),
        row(
            "open groups without sender list",
            tg(json!({"groupPolicy": "open", "allowFrom": ["1"]})),
            "channels.telegram.groups.allowFrom.missing",
            C,
        ),
        row(
            "group wildcard",
            tg(json!({"groupPolicy": "open", "groupAllowFrom": ["*"]})),
            "channels.telegram.groups.allowFrom.wildcard",
            C,
        ),
        row(
            "group sender list",
            tg(json!({"groupPolicy": "open", "groupAllowFrom": ["1"]})),
            "channels.telegram.groups.allowFrom.missing",
            NO,
        ),
        row(
            "name matching",
            json!({"channels": {"discord": {"token": "t", "dangerouslyAllowNameMatching": true, "allowFrom": ["alice#1"]}}}),
            "channels.discord.allowFrom.dangerous_name_matching_enabled",
            I,
        ),
        row(
            "names without name matching",
            json!({"channels": {"discord": {"token": "t", "allowFrom": ["alice", "123456789012345678"]}}}),
            "channels.discord.allowFrom.mutable_entries_inert",
            W,
        ),
        row(
            "two senders share the main DM session",
            tg(json!({"allowFrom": ["1", "2"]})),
            "channels.dm.session_collision.telegram-default.1",
            W,
        ),
        row(
            "per-peer DM scope isolates",
            json!({"session": {"dmScope": "per-channel-peer"}, "channels": {"telegram": {"botToken": "1:a", "allowFrom": ["1", "2"]}}}),
            "channels.dm.session_collision.telegram-default.1",
            NO,
        ),
        row(
            "unreadable SecretRef",
            json!({"channels": {"slack": {"botToken": {"source": "file", "provider": "f", "id": "/x"}}}}),
            "channels.slack.account.read_only_resolution",
            W,
        ),
        row(
            "two agents, no default, no binding",
            json!({"agents": {"entries": {"a": {}, "b": {}}}, "channels": {"telegram": {"botToken": "1:a"}}}),
            "channels.telegram.routing.owner_missing.default",
            W,
        ),
    ]);
    let mut store = with_env(facts(tg(json!({}))), &[]);
    store.pairing_allow_from.insert("telegram".to_owned(), vec!["42".to_owned()]);
    assert_eq!(severity(&run_audit(&store), "channels.telegram.dm.locked"), NO, "pairing store admits senders");
    let env =
        with_env(facts(json!({"channels": {"telegram": {"dmPolicy": "disabled"}}})), &[("TELEGRAM_BOT_TOKEN", "1:a")]);
    assert_eq!(
        severity(&run_audit(&env), "channels.telegram.dm.disabled"),
        I,
        "env token configures the default account"
    );
    let mut whatsapp = facts(json!({"channels": {"whatsapp": {"dmPolicy": "open", "allowFrom": ["*"]}}}));
    whatsapp.channel_credential_files.insert("whatsapp".to_owned());
    assert_eq!(severity(&run_audit(&whatsapp), "channels.whatsapp.dm.open"), C, "linked WhatsApp credentials");
}
