//! Which gateway auth is in force, from config, environment and `--auth/--token/--password`,
//! following OpenClaw's `resolveGatewayAuthForConfig` and credential plan: the resolved mode
//! (explicit, else `password` when a password exists, else `token`), the secret values that
//! would be compared, and whether any credential is configured at all. The mode and Tailscale
//! defaults are the runtime's ([`crate::gateway::auth`]); the credential sources differ on
//! purpose: the audit reports what OpenClaw would do, including its `gateway.remote.*` fallback.

use serde_json::Value;

use super::facts::{AuditFacts, AuthOverride};
use super::tree::{self, get};
use crate::gateway::auth::{AuthMode, TailscaleMode, default_allow_tailscale, implied_mode};

pub const ENV_TOKEN: &str = "OPENCLAW_GATEWAY_TOKEN";
pub const ENV_PASSWORD: &str = "OPENCLAW_GATEWAY_PASSWORD";

/// What a secret-bearing config value holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretInput {
    Absent,
    /// A string (trimmed); empty when blank.
    Literal(String),
    /// A `${VAR}` reference to an unset variable.
    Unresolved,
    /// A SecretRef whose value this process cannot read (file/exec provider, unset env var).
    Opaque,
}

impl SecretInput {
    pub fn value(&self) -> Option<&str> {
        match self {
            SecretInput::Literal(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
    /// A SecretRef the gateway would resolve at startup.
    pub fn is_opaque(&self) -> bool {
        matches!(self, SecretInput::Opaque)
    }
}

/// A SecretRef object `{source, provider?, id}`.
pub fn is_secret_ref(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.get("source").is_some_and(Value::is_string) && o.get("id").is_some_and(Value::is_string))
}

/// Classifies the value at a dotted config path. Env SecretRefs are read from `facts.env`.
pub fn secret_input(facts: &AuditFacts, path: &str) -> SecretInput {
    if facts.unresolved_paths.contains(path) {
        return SecretInput::Unresolved;
    }
    match tree::at(&facts.config, path) {
        Some(Value::String(s)) => SecretInput::Literal(s.trim().to_owned()),
        Some(v) if is_secret_ref(v) => {
            let source = get(v, "source").and_then(Value::as_str);
            let id = get(v, "id").and_then(Value::as_str).unwrap_or("");
            match (source, facts.env.get(id).map(|s| s.trim()).filter(|s| !s.is_empty())) {
                (Some("env"), Some(value)) => SecretInput::Literal(value.to_owned()),
                _ => SecretInput::Opaque,
            }
        }
        _ => SecretInput::Absent,
    }
}

fn env_value<'a>(facts: &'a AuditFacts, name: &str) -> Option<&'a str> {
    facts.env.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The gateway auth in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedAuth {
    /// `none`, `token`, `password` or `trusted-proxy`.
    pub mode: String,
    pub token: Option<String>,
    pub password: Option<String>,
    pub allow_tailscale: bool,
}

/// OpenClaw's `resolveGatewayAuthForConfig`, optionally with the command-line override.
pub fn resolve(facts: &AuditFacts, with_override: bool) -> ResolvedAuth {
    let over = if with_override { facts.auth_override.as_ref() } else { None };
    let cfg = &facts.config;
    let config_mode = tree::str_at(cfg, "gateway.auth.mode");
    let merged_mode = over.and_then(|o| o.mode.as_deref()).or(config_mode);
    let literal = |s: &Option<String>| s.as_ref().map(|s| SecretInput::Literal(s.trim().to_owned()));
    let local_token = over.and_then(|o| literal(&o.token)).unwrap_or_else(|| secret_input(facts, "gateway.auth.token"));
    let local_password =
        over.and_then(|o| literal(&o.password)).unwrap_or_else(|| secret_input(facts, "gateway.auth.password"));
    let remote_token = secret_input(facts, "gateway.remote.token");
    let remote_password = secret_input(facts, "gateway.remote.password");
    let token = if local_token.is_opaque() {
        None
    } else {
        local_token.value().or_else(|| env_value(facts, ENV_TOKEN)).or_else(|| remote_token.value()).map(str::to_owned)
    };
    let password = if local_password.is_opaque() {
        None
    } else {
        local_password
            .value()
            .or_else(|| env_value(facts, ENV_PASSWORD))
            .or_else(|| if merged_mode == Some("trusted-proxy") { None } else { remote_password.value() })
            .map(str::to_owned)
    };
    let mode = merged_mode.unwrap_or_else(|| implied_mode(password.is_some()).as_str()).to_owned();
    // An unrecognised mode string (rejected by config validation) is judged like token mode.
    let default_tailscale = default_allow_tailscale(
        TailscaleMode::parse(tailscale_mode(cfg)).unwrap_or_default(),
        AuthMode::parse(&mode).unwrap_or(AuthMode::Token),
    );
    let allow_tailscale =
        tree::at(cfg, "gateway.auth.allowTailscale").and_then(Value::as_bool).unwrap_or(default_tailscale);
    ResolvedAuth { mode, token, password, allow_tailscale }
}

pub fn tailscale_mode(cfg: &Value) -> &str {
    tree::str_at(cfg, "gateway.tailscale.mode").unwrap_or("off")
}

/// `gateway.bind` when it is a string, else `loopback`.
pub fn bind(cfg: &Value) -> &str {
    tree::str_at(cfg, "gateway.bind").unwrap_or("loopback")
}

/// Reachable beyond this host: a non-loopback bind, or Tailscale serve/funnel.
pub fn remotely_exposed(cfg: &Value) -> bool {
    bind(cfg) != "loopback" || matches!(tailscale_mode(cfg), "serve" | "funnel")
}

/// Whether any shared secret guards the gateway (OpenClaw's `hasGatewayAuth` of the gateway
/// config checks): judged per explicit mode, with trusted-proxy counting as auth.
pub fn has_gateway_auth(facts: &AuditFacts, auth: &ResolvedAuth) -> bool {
    let unresolved = |p: &str| facts.unresolved_paths.contains(p);
    let has_token = auth.token.as_deref().is_some_and(|t| !t.trim().is_empty()) && !unresolved("gateway.auth.token");
    let has_password =
        auth.password.as_deref().is_some_and(|p| !p.trim().is_empty()) && !unresolved("gateway.auth.password");
    let local_token = secret_input(facts, "gateway.auth.token");
    let local_password = secret_input(facts, "gateway.auth.password");
    let remote_token = secret_input(facts, "gateway.remote.token");
    let explicit = facts
        .auth_override
        .as_ref()
        .and_then(|o: &AuthOverride| o.mode.as_deref())
        .or_else(|| tree::str_at(&facts.config, "gateway.auth.mode"));
    let configured = |input: &SecretInput| input.value().is_some() || input.is_opaque();
    let token_configured =
        has_token || env_value(facts, ENV_TOKEN).is_some() || configured(&local_token) || configured(&remote_token);
    let password_source = env_value(facts, ENV_PASSWORD).is_some() || configured(&local_password);
    let password_configured = has_password
        || ((explicit == Some("password")
            || (!matches!(explicit, Some("token" | "none" | "trusted-proxy")) && !token_configured))
            && password_source);
    let by_mode = match explicit {
        Some("token") => token_configured,
        Some("password") => password_configured,
        Some("none" | "trusted-proxy") => false,
        _ => token_configured || password_configured,
    };
    by_mode || auth.mode == "trusted-proxy"
}

/// Whether the HTTP endpoints require a secret (token/password present, or trusted-proxy).
pub fn http_auth_resolved(auth: &ResolvedAuth) -> bool {
    match auth.mode.as_str() {
        "token" => auth.token.as_deref().is_some_and(|t| !t.trim().is_empty()),
        "password" => auth.password.as_deref().is_some_and(|p| !p.trim().is_empty()),
        "trusted-proxy" => true,
        _ => false,
    }
}

/// The value the placeholder and length checks judge for `credential` (`token`/`password`).
pub fn judged_secret(facts: &AuditFacts, auth: &ResolvedAuth, credential: &str) -> Option<String> {
    let path = format!("gateway.auth.{credential}");
    let resolved = if credential == "token" { auth.token.clone() } else { auth.password.clone() };
    let over = facts
        .auth_override
        .as_ref()
        .and_then(|o| if credential == "token" { o.token.clone() } else { o.password.clone() });
    let raw = tree::at(&facts.config, &path);
    let input = secret_input(facts, &path);
    if over.is_none() && matches!(input, SecretInput::Unresolved | SecretInput::Opaque) {
        // A reference the gateway resolves at startup: nothing to judge here.
        return None;
    }
    if over.is_none() && raw.is_some_and(is_secret_ref) {
        // An env SecretRef that resolved: judge its value.
        return input.value().map(str::to_owned);
    }
    resolved.or(over).or_else(|| raw.and_then(Value::as_str).map(str::to_owned))
}

/// Blank or the literal `undefined`/`null` left by string coercion.
pub fn is_placeholder(value: &str) -> bool {
    matches!(value.trim(), "" | "undefined" | "null")
}
