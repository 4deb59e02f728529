//! Webhook ingress (`hooks.*`, only when `hooks.enabled` is true): token strength and reuse,
//! the base path, and how far a hook caller can steer session keys and agent routing.

use serde_json::Value;

use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::gateway_auth::{self as auth, ResolvedAuth};
use super::tree;

pub fn collect(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    if !tree::is_true(cfg, "hooks.enabled") {
        return out;
    }
    let token = tree::trimmed(tree::at(cfg, "hooks.token")).unwrap_or("");
    let len = token.chars().count();
    if (1..24).contains(&len) {
        out.push(Finding::new(
            "hooks.token_too_short",
            Severity::Warn,
            "Hooks token is short",
            format!("hooks.token has {len} characters; use at least 24 random characters."),
        ));
    }
    if !token.is_empty() {
        out.extend(token_reuse(facts, token));
    }
    if tree::trimmed(tree::at(cfg, "hooks.path")) == Some("/") {
        out.push(
            Finding::new(
                "hooks.path_root",
                Severity::Critical,
                "Hooks are mounted at '/'",
                "hooks.path=\"/\" shadows every other HTTP endpoint of the gateway.",
            )
            .fix("Use a dedicated path such as /hooks."),
        );
    }
    let remote = auth::remotely_exposed(cfg);
    if tree::trimmed(tree::at(cfg, "hooks.defaultSessionKey")).is_none() {
        out.push(
            Finding::new(
                "hooks.default_session_key_unset",
                Severity::Warn,
                "Hook runs have no default session",
                "hooks.defaultSessionKey is not set, so hook runs without a sessionKey get a fresh generated key each time instead of one known session.",
            )
            .fix("Set hooks.defaultSessionKey (e.g. \"hook:ingress\")."),
        );
    }
    if allowed_agent_ids_unrestricted(tree::at(cfg, "hooks.allowedAgentIds")) {
        out.push(
            Finding::new(
                "hooks.allowed_agent_ids_unrestricted",
                Severity::warn_or_critical(remote),
                "Hook callers may target any agent",
                "hooks.allowedAgentIds is unset or contains \"*\", so an authenticated hook caller can route to every configured agent, the default one included.",
            )
            .fix("Set hooks.allowedAgentIds to an explicit list (e.g. [\"hooks\"]), or [] to forbid agent routing."),
        );
    }
    if tree::is_true(cfg, "hooks.allowRequestSessionKey") {
        out.push(
            Finding::new(
                "hooks.request_session_key_enabled",
                Severity::warn_or_critical(remote),
                "Hook payloads may choose the session",
                "hooks.allowRequestSessionKey=true lets /hooks/agent callers pick the session key; hook token holders can write into any session.",
            )
            .fix("Set hooks.allowRequestSessionKey=false, or restrict hooks.allowedSessionKeyPrefixes."),
        );
        let prefixes = tree::string_entries(tree::at(cfg, "hooks.allowedSessionKeyPrefixes"));
        if prefixes.is_empty() {
            out.push(
                Finding::new(
                    "hooks.request_session_key_prefixes_missing",
                    Severity::warn_or_critical(remote),
                    "Hook session keys are not limited by prefix",
                    "hooks.allowRequestSessionKey=true and hooks.allowedSessionKeyPrefixes is empty, so payloads can name any session key.",
                )
                .fix("Set hooks.allowedSessionKeyPrefixes (e.g. [\"hook:\"]) or turn the override off."),
            );
        }
    }
    out
}

/// `undefined` (all agents) unless an array without `"*"` is configured.
fn allowed_agent_ids_unrestricted(v: Option<&Value>) -> bool {
    match v.and_then(Value::as_array) {
        None => true,
        Some(items) => items.iter().filter_map(Value::as_str).any(|s| s.trim() == "*"),
    }
}

/// The active shared secret of a resolved auth, with its display name.
fn shared_secret(resolved: &ResolvedAuth) -> Option<(&'static str, Option<&str>)> {
    match resolved.mode.as_str() {
        "token" => Some(("token", resolved.token.as_deref())),
        "password" | "trusted-proxy" => Some(("password", resolved.password.as_deref())),
        _ => None,
    }
}

fn token_reuse(facts: &AuditFacts, hooks_token: &str) -> Option<Finding> {
    let matching = |resolved: ResolvedAuth| -> Option<&'static str> {
        let (label, value) = shared_secret(&resolved)?;
        (value.map(str::trim) == Some(hooks_token)).then_some(label)
    };
    let (label, from_override) = match matching(auth::resolve(facts, false)) {
        Some(label) => (label, false),
        None if facts.auth_override.is_some() => (matching(auth::resolve(facts, true))?, true),
        None => return None,
    };
    let fix = if from_override {
        "Rotate hooks.token or the gateway secret given for this audit; `openclaw doctor --fix` only repairs reuse stored in config or the environment."
    } else {
        "Give hooks.token its own random value (then update the services that call your hooks)."
    };
    Some(
        Finding::new(
            "hooks.token_reuse_gateway_token",
            Severity::Critical,
            format!("Hooks token is the gateway {label}"),
            format!(
                "hooks.token equals the gateway {label}; whoever can call your hooks can also operate the gateway."
            ),
        )
        .fix(fix),
    )
}
