//! The `openclaw_rs.*` checks and the `--fix` config edits.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::audit::extra::{matches_everything, weak_secret_reason};
use crate::audit::facts::SandboxBackends;
use crate::audit::fix::config_fixes;

#[test]
fn token_placeholders_and_low_entropy() {
    let token = |t: &str| json!({"gateway": {"auth": {"mode": "token", "token": t}}});
    check_rows(vec![
        row("documented example", token("replace-with-long-random-token"), "openclaw_rs.gateway.token_placeholder", C),
        row("your-long-random-token", token("your-long-random-token"), "openclaw_rs.gateway.token_placeholder", C),
        row("changeme", token("ChangeMe"), "openclaw_rs.gateway.token_placeholder", C),
        row("undefined", token("undefined"), "openclaw_rs.gateway.token_placeholder", C),
        row(
            "repeated character",
            token("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            "openclaw_rs.gateway.token_placeholder",
            C,
        ),
        row("short lowercase word", token("hunter2hunter"), "openclaw_rs.gateway.token_placeholder", C),
        row("random hex", token(GOOD_TOKEN), "openclaw_rs.gateway.token_placeholder", NO),
        row(
            "password mode placeholder",
            json!({"gateway": {"auth": {"mode": "password", "password": "password"}}}),
            "openclaw_rs.gateway.token_placeholder",
            C,
        ),
        row("no secret at all", json!({}), "openclaw_rs.gateway.token_placeholder", NO),
        row_with(
            "env token placeholder",
            with_env(facts(json!({})), &[("OPENCLAW_GATEWAY_TOKEN", "change-me-now")]),
            "openclaw_rs.gateway.token_placeholder",
            C,
        ),
    ]);
    assert!(weak_secret_reason("0123456789abcdef0123456789abcdef").is_none(), "32 hex characters pass");
}

#[test]
fn reused_hooks_token() {
    let t = "f00dfeedcafe0123456789abcdefabcdef";
    check_rows(vec![
        row(
            "hooks disabled but same token",
            json!({"gateway": {"auth": {"token": t}}, "hooks": {"token": t}}),
            "openclaw_rs.secrets.reused_gateway_hooks_token",
            W,
        ),
        row(
            "inactive password matches",
            json!({"gateway": {"auth": {"mode": "token", "token": GOOD_TOKEN, "password": t}}, "hooks": {"enabled": true, "token": t}}),
            "openclaw_rs.secrets.reused_gateway_hooks_token",
            W,
        ),
        row(
            "active reuse is reported by the reference check only",
            json!({"gateway": {"auth": {"token": t}}, "hooks": {"enabled": true, "token": t}}),
            "openclaw_rs.secrets.reused_gateway_hooks_token",
            NO,
        ),
        row(
            "distinct",
            json!({"gateway": {"auth": {"token": t}}, "hooks": {"token": GOOD_TOKEN}}),
            "openclaw_rs.secrets.reused_gateway_hooks_token",
            NO,
        ),
    ]);
}

#[test]
fn plaintext_secrets() {
    let mut by_env = facts(json!({"gateway": {"auth": {"token": GOOD_TOKEN}}}));
    by_env.env_ref_paths.insert("gateway.auth.token".to_owned());
    check_rows(vec![
        row(
            "literal token",
            json!({"gateway": {"auth": {"token": GOOD_TOKEN}}}),
            "openclaw_rs.secrets.plaintext_in_config",
            I,
        ),
        row(
            "provider api key",
            json!({"models": {"providers": {"openai": {"apiKey": "sk-x"}}}}),
            "openclaw_rs.secrets.plaintext_in_config",
            I,
        ),
        row(
            "SecretRef",
            json!({"gateway": {"auth": {"token": {"source": "env", "provider": "default", "id": "T"}}}}),
            "openclaw_rs.secrets.plaintext_in_config",
            NO,
        ),
        row_with("${VAR} in the file", by_env, "openclaw_rs.secrets.plaintext_in_config", NO),
        row(
            "password is left to the reference check",
            json!({"gateway": {"auth": {"password": "p"}}}),
            "openclaw_rs.secrets.plaintext_in_config",
            NO,
        ),
        row(
            "maxTokens is not a secret",
            json!({"agents": {"defaults": {"maxTokens": 5}}}),
            "openclaw_rs.secrets.plaintext_in_config",
            NO,
        ),
    ]);
}

#[test]
fn exec_allowlist_matching_everything() {
    for (pattern, want) in [
        ("*", true),
        ("**", true),
        (".*", true),
        ("^.*$", true),
        ("*/*", true),
        ("/usr/bin/*", false),
        ("git", false),
        ("", false),
    ] {
        assert_eq!(matches_everything(pattern), want, "{pattern:?}");
    }
    let mut approvals = facts(json!({}));
    approvals.exec_approvals = Some(json!({"agents": {"main": {"allowlist": [{"pattern": "**"}]}}}));
    check_rows(vec![
        row_with("approvals allowlist **", approvals, "openclaw_rs.tools.exec_allowlist_matches_everything", C),
        row(
            "safeBins *",
            json!({"tools": {"exec": {"safeBins": ["*"]}}}),
            "openclaw_rs.tools.exec_allowlist_matches_everything",
            C,
        ),
        row(
            "specific bins",
            json!({"tools": {"exec": {"safeBins": ["jq"]}}}),
            "openclaw_rs.tools.exec_allowlist_matches_everything",
            NO,
        ),
    ]);
}

#[test]
fn sandbox_backend_availability() {
    let sandboxed = json!({"agents": {"defaults": {"sandbox": {"mode": "all"}}}});
    let with = |cfg: serde_json::Value, bubblewrap: bool, docker: bool| {
        let mut f = facts(cfg);
        f.sandbox_backends = SandboxBackends { bubblewrap, docker };
        f
    };
    check_rows(vec![
        row_with(
            "nothing installed",
            with(sandboxed.clone(), false, false),
            "openclaw_rs.sandbox.backend_unavailable",
            C,
        ),
        row_with(
            "bubblewrap present",
            with(sandboxed.clone(), true, false),
            "openclaw_rs.sandbox.backend_unavailable",
            NO,
        ),
        row_with(
            "docker backend without docker",
            with(json!({"agents": {"defaults": {"sandbox": {"mode": "non-main", "backend": "docker"}}}}), true, false),
            "openclaw_rs.sandbox.backend_unavailable",
            C,
        ),
        row_with(
            "agent-only sandbox",
            with(json!({"agents": {"list": [{"id": "a", "sandbox": {"mode": "all"}}]}}), false, false),
            "openclaw_rs.sandbox.backend_unavailable",
            C,
        ),
        row_with("sandbox off", with(json!({}), false, false), "openclaw_rs.sandbox.backend_unavailable", NO),
    ]);
}

#[test]
fn config_fixes_only_narrow_access() {
    let cfg = json!({
        "channels": {
            "telegram": {"groupPolicy": "open", "accounts": {"alt": {"groupPolicy": "open"}, "ok": {"groupPolicy": "allowlist"}}},
            "whatsapp": {"groupPolicy": "open"},
            "discord": {"dmPolicy": "open", "allowFrom": ["*"]}
        },
        "logging": {"redactSensitive": "off"}
    });
    let mut store = BTreeMap::new();
    store.insert("whatsapp".to_owned(), vec!["+15550001".to_owned()]);
    let fixes = config_fixes(&cfg, &store);
    let changes: Vec<&str> = fixes.iter().map(|f| f.change.as_str()).collect();
    assert_eq!(
        changes,
        [
            "channels.telegram.groupPolicy=open -> allowlist",
            "channels.telegram.accounts.alt.groupPolicy=open -> allowlist",
            "channels.whatsapp.groupPolicy=open -> allowlist",
            "channels.whatsapp.groupAllowFrom=pairing-store",
            "logging.redactSensitive=off -> tools",
        ]
    );
    assert_eq!(fixes[3].value, json!(["+15550001"]));
    assert!(
        config_fixes(
            &json!({"channels": {"telegram": {"groupPolicy": "allowlist"}}, "logging": {"redactSensitive": "tools"}}),
            &BTreeMap::new()
        )
        .is_empty()
    );
    let seeded = config_fixes(&json!({"channels": {"whatsapp": {"groupPolicy": "open", "allowFrom": ["+1"]}}}), &store);
    assert_eq!(seeded.len(), 1, "an account with a sender list is not seeded");
}
