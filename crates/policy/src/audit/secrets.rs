//! Secrets written into the config file (`config.secrets.*`): the gateway password and the
//! hooks token. Values that came from `${VAR}` count too, as in OpenClaw (the resolved tree is
//! what the gateway holds); SecretRef objects do not.

use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::tree;

pub fn in_config(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    let literal = |path: &str| tree::trimmed(tree::at(cfg, path)).is_some() && !facts.unresolved_paths.contains(path);
    if literal("gateway.auth.password") {
        out.push(
            Finding::new(
                "config.secrets.gateway_password_in_config",
                Severity::Warn,
                "Gateway password is stored in the config",
                "gateway.auth.password holds the password itself; anyone who can read the config (or a backup of it) can log in.",
            )
            .fix("Move it to OPENCLAW_GATEWAY_PASSWORD (or a SecretRef) and delete gateway.auth.password."),
        );
    }
    if tree::is_true(cfg, "hooks.enabled") && literal("hooks.token") {
        out.push(Finding::new(
            "config.secrets.hooks_token_in_config",
            Severity::Info,
            "Hooks token is stored in the config",
            "hooks.token is in the config file; keep its permissions tight and treat it like an API key.",
        ));
    }
    out
}
