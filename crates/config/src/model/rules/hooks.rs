//! Webhook ingress rules. The token, path and session-key checks are what OpenClaw's
//! `resolveHooksConfig` (`src/gateway/hooks.ts`) throws on when hooks are enabled; the transform
//! module check is the `SafeRelativeModulePathSchema` refine of `src/config/zod-schema.hooks.ts`.

use crate::issue::Issue;
use crate::model::RawConfig;
use crate::model::hooks::{HooksConfig, normalize_hooks_path, normalized_prefixes};

use super::keys;

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(hooks) = &raw.hooks else { return };
    if hooks.enabled == Some(true) {
        check_token(hooks, issues);
        check_path(hooks, issues);
        check_session_keys(hooks, issues);
    }
    check_transform_modules(hooks, issues);
}

fn check_token(hooks: &HooksConfig, issues: &mut Vec<Issue>) {
    if !hooks.token.as_ref().is_some_and(|t| t.is_set()) {
        issues.push(Issue::error(
            keys(&["hooks", "token"]),
            "hooks.enabled requires hooks.token (a long random secret callers send as a bearer token)",
        ));
    }
}

fn check_path(hooks: &HooksConfig, issues: &mut Vec<Issue>) {
    let Some(written) = hooks.path.as_deref() else { return };
    let trimmed = written.trim();
    if !trimmed.is_empty() && !trimmed.starts_with('/') {
        issues.push(Issue::warning(
            keys(&["hooks", "path"]),
            format!("hooks.path should start with \"/\" (read as \"/{trimmed}\")"),
        ));
    }
    if normalize_hooks_path(written) == "/" {
        issues.push(Issue::error(
            keys(&["hooks", "path"]),
            "hooks.path may not be '/' (it would shadow every other route); use a prefix such as \"/hooks\"",
        ));
    }
}

/// A fixed default session key must itself be allowed, and generated keys (`hook:<uuid>`) must
/// be allowed when there is no default.
fn check_session_keys(hooks: &HooksConfig, issues: &mut Vec<Issue>) {
    let Some(prefixes) = normalized_prefixes(hooks.allowed_session_key_prefixes.as_deref()) else {
        return;
    };
    let default_key = hooks.default_session_key.as_deref().map(str::trim).filter(|k| !k.is_empty());
    match default_key {
        Some(key) if !key_allowed(key, &prefixes) => issues.push(Issue::error(
            keys(&["hooks", "defaultSessionKey"]),
            "hooks.defaultSessionKey must match hooks.allowedSessionKeyPrefixes",
        )),
        None if !key_allowed("hook:example", &prefixes) => issues.push(Issue::error(
            keys(&["hooks", "allowedSessionKeyPrefixes"]),
            "hooks.allowedSessionKeyPrefixes must include 'hook:' when hooks.defaultSessionKey is unset",
        )),
        _ => {}
    }
}

fn check_transform_modules(hooks: &HooksConfig, issues: &mut Vec<Issue>) {
    for (index, mapping) in hooks.mappings.iter().enumerate() {
        let Some(module) = mapping.transform.as_ref().and_then(|t| t.module.as_deref()) else { continue };
        if !is_safe_relative_module_path(module) {
            issues.push(Issue::error(
                keys(&["hooks", "mappings"]).index(index).key("transform").key("module"),
                "module must be a safe relative path inside hooks.transformsDir (no absolute paths, '~', ':' or '..')",
            ));
        }
    }
}

fn key_allowed(key: &str, prefixes: &[String]) -> bool {
    let key = key.trim().to_lowercase();
    !key.is_empty() && prefixes.iter().any(|prefix| key.starts_with(prefix.as_str()))
}

/// Transform modules are imported by path; keep them relative to `transformsDir`.
fn is_safe_relative_module_path(raw: &str) -> bool {
    let value = raw.trim();
    if value.is_empty() || value.starts_with('/') || value.starts_with('\\') || value.starts_with('~') {
        return false;
    }
    if value.contains(':') {
        return false;
    }
    !value.split(['/', '\\']).any(|part| part == "..")
}
