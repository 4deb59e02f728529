//! `summary.attack_surface`: always emitted, so a clean run still says what is exposed.

use serde_json::Value;

use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::plugins;
use super::tree;

/// Whether internal (event) hooks are configured to run.
fn internal_hooks(facts: &AuditFacts) -> bool {
    let cfg = &facts.config;
    if tree::is_false(cfg, "hooks.internal.enabled") {
        return false;
    }
    let entries_on = tree::obj_at(cfg, "hooks.internal.entries")
        .is_some_and(|e| e.values().any(|entry| !tree::is_false(entry, "enabled")));
    let extra_dirs = !tree::string_entries(tree::at(cfg, "hooks.internal.load.extraDirs")).is_empty();
    tree::is_true(cfg, "hooks.internal.enabled")
        || entries_on
        || extra_dirs
        || !facts.extensions.internal_hook_installs.is_empty()
}

pub fn collect(facts: &AuditFacts) -> Finding {
    let cfg = &facts.config;
    let (mut open, mut allowlist) = (0, 0);
    for channel in tree::obj_at(cfg, "channels").into_iter().flat_map(|c| c.values()) {
        match tree::get(channel, "groupPolicy").and_then(Value::as_str) {
            Some("open") => open += 1,
            Some("allowlist") => allowlist += 1,
            _ => {}
        }
    }
    let on_off = |b: bool| if b { "enabled" } else { "disabled" };
    Finding::new(
        "summary.attack_surface",
        Severity::Info,
        "Attack surface",
        format!(
            "groups: open={open}, allowlist={allowlist}\ntools.elevated: {}\nhooks.webhooks: {}\nhooks.internal: {}\nbrowser control: {}\ntrust model: one trusted operator per gateway (a personal assistant), not isolation between users who distrust each other; give each tenant its own gateway.",
            on_off(!tree::is_false(cfg, "tools.elevated.enabled")),
            on_off(tree::is_true(cfg, "hooks.enabled")),
            on_off(internal_hooks(facts)),
            on_off(plugins::browser_enabled(cfg)),
        ),
    )
}
