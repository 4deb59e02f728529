//! Checks beyond OpenClaw's, in the `openclaw_rs.*` namespace (documented in `docs/compat.md`):
//!
//! - `openclaw_rs.gateway.token_placeholder` (critical): the gateway secret in use is a
//!   documentation example or placeholder, or so low in entropy that it can be guessed;
//! - `openclaw_rs.secrets.reused_gateway_hooks_token` (warn): `hooks.token` equals a gateway
//!   token or password in a way `hooks.token_reuse_gateway_token` does not report (hooks
//!   disabled, or the matching secret is not the active auth mode's);
//! - `openclaw_rs.secrets.plaintext_in_config` (info, like OpenClaw's hooks-token note): secret-bearing keys hold literal values
//!   where a `${VAR}` or SecretRef would keep them out of the file;
//! - `openclaw_rs.tools.exec_allowlist_matches_everything` (critical): an exec allowlist or
//!   `safeBins` entry matches every command, which silently turns approvals off;
//! - `openclaw_rs.sandbox.backend_unavailable` (critical): sandboxing is on but this host has
//!   no runtime for it, so sandboxed exec is refused (or, with a lax host setting, runs on the
//!   host).

use serde_json::Value;

use crate::secret_path::{REDACTED_SENTINEL, is_secret_path};

use super::agents;
use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::gateway_auth::{self as auth, is_secret_ref};
use super::tree::{self, bullets, get};

/// Values seen in docs, examples and `.env.example` files, compared case-insensitively.
const PLACEHOLDERS: &[&str] = &[
    "undefined",
    "null",
    "none",
    "changeme",
    "change-me",
    "change_me",
    "change-me-now",
    "change-me-to-a-long-random-token",
    "change-me-to-a-strong-password",
    "your-token",
    "your_token",
    "yourtoken",
    "your-token-here",
    "your-gateway-token",
    "your-long-random-token",
    "replace-with-long-random-token",
    "replace-me",
    "replaceme",
    "token",
    "password",
    "secret",
    "example",
    "test",
    "testing",
    "default",
    "admin",
    "letmein",
    "xxx",
    "<token>",
    "<your-token>",
    REDACTED_SENTINEL,
];

/// Rough entropy estimate: length × log2(size of the character classes used).
fn estimated_bits(value: &str) -> f64 {
    let mut alphabet = 0u32;
    if value.chars().any(|c| c.is_ascii_lowercase()) {
        alphabet += 26;
    }
    if value.chars().any(|c| c.is_ascii_uppercase()) {
        alphabet += 26;
    }
    if value.chars().any(|c| c.is_ascii_digit()) {
        alphabet += 10;
    }
    if value.chars().any(|c| !c.is_ascii_alphanumeric()) {
        alphabet += 32;
    }
    value.chars().count() as f64 * f64::from(alphabet.max(1)).log2()
}

/// Why a secret is guessable, if it is.
pub fn weak_secret_reason(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let lower = trimmed.to_lowercase();
    if trimmed.is_empty() || PLACEHOLDERS.contains(&lower.as_str()) || (lower.starts_with("${") && lower.ends_with('}'))
    {
        return Some("a known placeholder value".to_owned());
    }
    if lower.contains("change-me")
        || lower.contains("changeme")
        || lower.contains("replace-with")
        || lower.starts_with("your-")
    {
        return Some("an example value from the documentation".to_owned());
    }
    let mut distinct: Vec<char> = trimmed.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 8 {
        return Some(format!("low entropy: only {} distinct characters", distinct.len()));
    }
    let bits = estimated_bits(trimmed);
    if bits < 64.0 {
        return Some(format!("low entropy: about {bits:.0} bits"));
    }
    None
}

pub fn collect(facts: &AuditFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(token_placeholder(facts));
    out.extend(reused_hooks_token(facts));
    out.extend(plaintext_secrets(facts));
    out.extend(exec_allowlist_everything(facts));
    out.extend(backend_unavailable(facts));
    out
}

fn token_placeholder(facts: &AuditFacts) -> Option<Finding> {
    let resolved = auth::resolve(facts, true);
    let (kind, value) = match resolved.mode.as_str() {
        "token" => ("token", resolved.token.clone()?),
        "password" => ("password", resolved.password.clone()?),
        _ => return None,
    };
    let reason = weak_secret_reason(&value)?;
    Some(
        Finding::new(
            "openclaw_rs.gateway.token_placeholder",
            Severity::Critical,
            format!("Gateway {kind} is guessable"),
            format!("The gateway {kind} in use is {reason}; anyone who tries it gets full control of the gateway."),
        )
        .fix("Generate a new secret (`openclaw doctor --generate-gateway-token` writes 256 random bits) and restart the gateway."),
    )
}

fn reused_hooks_token(facts: &AuditFacts) -> Option<Finding> {
    let cfg = &facts.config;
    let hooks = tree::trimmed(tree::at(cfg, "hooks.token"))?;
    let resolved = auth::resolve(facts, false);
    let hooks_enabled = tree::is_true(cfg, "hooks.enabled");
    let active = match resolved.mode.as_str() {
        "token" => resolved.token.as_deref(),
        "password" | "trusted-proxy" => resolved.password.as_deref(),
        _ => None,
    };
    if hooks_enabled && active.map(str::trim) == Some(hooks) {
        return None; // reported as hooks.token_reuse_gateway_token
    }
    let candidates = [
        ("gateway.auth.token", auth::secret_input(facts, "gateway.auth.token").value().map(str::to_owned)),
        ("gateway.auth.password", auth::secret_input(facts, "gateway.auth.password").value().map(str::to_owned)),
        ("gateway.remote.token", auth::secret_input(facts, "gateway.remote.token").value().map(str::to_owned)),
        (auth::ENV_TOKEN, facts.env.get(auth::ENV_TOKEN).map(|s| s.trim().to_owned())),
        (auth::ENV_PASSWORD, facts.env.get(auth::ENV_PASSWORD).map(|s| s.trim().to_owned())),
    ];
    let matches: Vec<&str> =
        candidates.iter().filter(|(_, v)| v.as_deref() == Some(hooks)).map(|(name, _)| *name).collect();
    if matches.is_empty() {
        return None;
    }
    let state = if hooks_enabled { "enabled" } else { "disabled (for now)" };
    Some(
        Finding::new(
            "openclaw_rs.secrets.reused_gateway_hooks_token",
            Severity::Warn,
            "Hooks token doubles as a gateway secret",
            format!("hooks.token has the same value as {}; hooks are {state}, and anyone given the hooks token also holds a gateway credential.", matches.join(", ")),
        )
        .fix("Give hooks.token its own random value."),
    )
}

/// Dotted paths of literal strings under secret-looking keys (arrays included).
fn literal_secret_paths(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if is_secret_ref(value) {
                return;
            }
            for (key, child) in map {
                let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                literal_secret_paths(child, &child_path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                literal_secret_paths(item, path, out);
            }
        }
        Value::String(s) if !s.trim().is_empty() && is_secret_path(path) && !out.iter().any(|p| p == path) => {
            out.push(path.to_owned());
        }
        _ => {}
    }
}

fn plaintext_secrets(facts: &AuditFacts) -> Option<Finding> {
    let mut paths = Vec::new();
    literal_secret_paths(&facts.config, "", &mut paths);
    // Reported by OpenClaw's own checks; `env` holds variables by design.
    let covered = ["gateway.auth.password", "hooks.token"];
    paths.retain(|p| {
        !covered.contains(&p.as_str())
            && !p.starts_with("env.")
            && !facts.env_ref_paths.contains(p)
            && !facts.unresolved_paths.contains(p)
    });
    if paths.is_empty() {
        return None;
    }
    Some(
        Finding::new(
            "openclaw_rs.secrets.plaintext_in_config",
            Severity::Info,
            "Secrets are written into the config",
            format!("These keys hold secret values in the config files (values not shown):\n{}", bullets(&paths)),
        )
        .fix("Reference them instead: \"${MY_VAR}\" (from the environment or ~/.openclaw/.env) or a SecretRef {source, provider, id}."),
    )
}

/// A pattern that every command matches (`*`, `**`, `.*`, `^.*$`, `*/*`…).
pub fn matches_everything(pattern: &str) -> bool {
    let p = pattern.trim();
    let p = p.strip_prefix('^').unwrap_or(p);
    let p = p.strip_suffix('$').unwrap_or(p);
    !p.is_empty() && (p.contains('*') || p == ".+") && p.chars().all(|c| matches!(c, '*' | '/' | '.' | '+' | '?'))
}

fn exec_allowlist_everything(facts: &AuditFacts) -> Option<Finding> {
    let cfg = &facts.config;
    let mut hits = Vec::new();
    if let Some(agents_map) = facts.exec_approvals.as_ref().and_then(|a| tree::obj_at(a, "agents")) {
        for (agent, entry) in agents_map {
            for item in get(entry, "allowlist").and_then(Value::as_array).into_iter().flatten() {
                let pattern = item.as_str().or_else(|| get(item, "pattern").and_then(Value::as_str));
                if let Some(pattern) = pattern.filter(|p| matches_everything(p)) {
                    hits.push(format!("exec approvals agents.{agent}.allowlist: {pattern}"));
                }
            }
        }
    }
    let mut bins = |scope: String, v: Option<&Value>| {
        for bin in tree::string_entries(v).into_iter().filter(|b| matches_everything(b)) {
            hits.push(format!("{scope}.safeBins: {bin}"));
        }
    };
    bins("tools.exec".to_owned(), tree::at(cfg, "tools.exec.safeBins"));
    for (id, agent) in agents::with_ids(cfg) {
        bins(format!("agents.entries.{id}.tools.exec"), agent.tools().and_then(|t| tree::at(t, "exec.safeBins")));
    }
    if hits.is_empty() {
        return None;
    }
    Some(
        Finding::new(
            "openclaw_rs.tools.exec_allowlist_matches_everything",
            Severity::Critical,
            "An exec allowlist entry matches every command",
            format!("These entries approve any command, so exec runs unchecked wherever they apply:\n{}", bullets(&hits)),
        )
        .fix("Replace them with the exact binaries you need (e.g. /usr/bin/git), or set exec security to \"full\" deliberately if that is what you want."),
    )
}

fn backend_unavailable(facts: &AuditFacts) -> Option<Finding> {
    let cfg = &facts.config;
    let backends = facts.sandbox_backends;
    let mut scopes: Vec<(String, Option<String>)> = vec![("agents.defaults".to_owned(), None)];
    scopes.extend(agents::with_ids(cfg).into_iter().map(|(id, _)| (format!("agents.entries.{id}"), Some(id))));
    let mut missing = Vec::new();
    for (label, agent_id) in scopes {
        let mode = agents::sandbox_mode(cfg, agent_id.as_deref());
        if mode == "off" {
            continue;
        }
        let own =
            agent_id.as_deref().and_then(|id| agents::find(cfg, id)).and_then(|e| tree::str_at(e, "sandbox.backend"));
        let backend =
            own.or_else(|| tree::str_at(cfg, "agents.defaults.sandbox.backend")).map(|b| b.trim().to_lowercase());
        let available = match backend.as_deref() {
            None | Some("") => backends.docker || backends.bubblewrap,
            Some("docker") => backends.docker,
            Some("bubblewrap" | "bwrap") => backends.bubblewrap,
            Some(_) => true, // remote backends (ssh, …) cannot be checked from here
        };
        if !available {
            let wanted = backend.unwrap_or_else(|| "docker or bubblewrap".to_owned());
            missing.push(format!("{label}: sandbox.mode=\"{mode}\", backend {wanted}"));
        }
    }
    if missing.is_empty() {
        return None;
    }
    Some(
        Finding::new(
            "openclaw_rs.sandbox.backend_unavailable",
            Severity::Critical,
            "Sandboxing is on but no sandbox runtime is installed",
            format!(
                "These scopes sandbox their tools, but neither the named runtime nor a fallback is available on this host (bwrap on PATH: {}, docker: {}):\n{}\nSandboxed exec will be refused, or run on the host where a setting allows it.",
                backends.bubblewrap,
                backends.docker,
                bullets(&missing)
            ),
        )
        .fix("Install bubblewrap (`apt install bubblewrap`) or Docker, or turn sandboxing off knowingly."),
    )
}
