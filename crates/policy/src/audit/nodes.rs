//! Node command policy: `gateway.nodes.commands.deny` entries that can never match (patterns,
//! unknown names) and `commands.allow` entries that switch on high-impact device commands. The
//! older `gateway.nodes.allowCommands`/`denyCommands` spellings the security document uses are
//! read too, merged before the newer lists.

use serde_json::Value;

use super::finding::{Finding, Severity};
use super::gateway_auth as auth;
use super::tree;

/// Commands that act on the device or read private data; off unless allowed explicitly.
pub const DANGEROUS_COMMANDS: &[&str] = &[
    "camera.snap",
    "camera.clip",
    "camera.ptz.control",
    "screen.record",
    "contacts.add",
    "calendar.add",
    "reminders.add",
    "sms.send",
    "sms.search",
    "health.summary",
];

const SYSTEM_COMMANDS: &[&str] = &[
    "system.run.prepare",
    "system.run",
    "system.which",
    "system.execApprovals.get",
    "system.execApprovals.set",
    "fs.listDir",
    "terminal.upload",
    "system.notify",
    "browser.proxy",
    "browser.proxy.upload.v1",
    "mcp.tools.call.v1",
    "agent.cli.claude.run.v1",
];

const DESKTOP_SCREEN: &[&str] = &["screen.snapshot", "desktop.stream"];
const COMPUTER: &[&str] = &["computer.act"];
const TALK: &[&str] = &["talk.ptt.start", "talk.ptt.stop", "talk.ptt.cancel", "talk.ptt.once"];
const WATCH_RELAY: &[&str] = &["watch.status", "watch.notify"];

/// Default allowlists per platform, in OpenClaw's order (iOS, Android, macOS, Linux, Windows,
/// unknown).
fn platform_defaults() -> Vec<Vec<&'static str>> {
    let location = ["location.get"];
    let device = ["device.info", "device.status"];
    let ios: Vec<&str> = ["camera.list"]
        .into_iter()
        .chain(location)
        .chain(device)
        .chain([
            "contacts.search",
            "calendar.events",
            "reminders.list",
            "photos.latest",
            "motion.activity",
            "motion.pedometer",
            "system.notify",
        ])
        .chain(WATCH_RELAY.iter().copied())
        .collect();
    let android: Vec<&str> = ["camera.list"]
        .into_iter()
        .chain(location)
        .chain(["notifications.list", "notifications.actions", "system.notify"])
        .chain(device)
        .chain(["device.permissions", "device.health", "device.apps"])
        .chain([
            "contacts.search",
            "calendar.events",
            "callLog.search",
            "reminders.list",
            "photos.latest",
            "motion.activity",
            "motion.pedometer",
        ])
        .chain(["mobile.ui.observe", "mobile.ui.act"])
        .collect();
    let macos: Vec<&str> = ["camera.list", "camera.ptz.status"]
        .into_iter()
        .chain(location)
        .chain(device)
        .chain([
            "device.apps",
            "contacts.search",
            "calendar.events",
            "reminders.list",
            "photos.latest",
            "motion.activity",
            "motion.pedometer",
        ])
        .chain(SYSTEM_COMMANDS.iter().copied())
        .chain(DESKTOP_SCREEN.iter().copied())
        .chain(COMPUTER.iter().copied())
        .collect();
    let linux: Vec<&str> =
        SYSTEM_COMMANDS.iter().copied().chain(DESKTOP_SCREEN.iter().copied()).chain(COMPUTER.iter().copied()).collect();
    let windows: Vec<&str> = ["camera.list"]
        .into_iter()
        .chain(location)
        .chain(device)
        .chain(SYSTEM_COMMANDS.iter().copied())
        .chain(DESKTOP_SCREEN.iter().copied())
        .chain(COMPUTER.iter().copied())
        .collect();
    let unknown = vec!["camera.list", "location.get", "system.notify"];
    vec![ios, android, macos, linux, windows, unknown]
}

/// `allowCommands` then `commands.allow` (or the deny pair), trimmed, de-duplicated.
pub fn command_list(cfg: &Value, kind: &str) -> Vec<String> {
    let legacy = if kind == "allow" { "gateway.nodes.allowCommands" } else { "gateway.nodes.denyCommands" };
    let mut out = tree::string_entries(tree::at(cfg, legacy));
    out.extend(tree::string_entries(tree::at(cfg, &format!("gateway.nodes.commands.{kind}"))));
    tree::unique(out)
}

/// Every command some platform may be granted, plus the configured extras.
fn known_commands(cfg: &Value) -> Vec<String> {
    let mut known: Vec<String> = Vec::new();
    let mut add = |c: &str| {
        if !c.is_empty() && !known.iter().any(|k| k == c) {
            known.push(c.to_owned());
        }
    };
    let extras = command_list(cfg, "allow");
    let no_apps = tree::is_false(cfg, "wizard.appRecommendations");
    for platform in platform_defaults() {
        for cmd in platform.iter().copied().chain(extras.iter().map(String::as_str)) {
            if !(cmd.starts_with("worker.") || (no_apps && cmd == "device.apps")) {
                add(cmd);
            }
        }
    }
    for cmd in TALK.iter().chain(DANGEROUS_COMMANDS) {
        add(cmd);
    }
    known
}

fn looks_like_pattern(value: &str) -> bool {
    value.contains(['?', '*', '[', ']', '{', '}', '(', ')', ',', '|'])
        || value.starts_with('/')
        || value.ends_with('/')
        || value.starts_with('^')
        || value.ends_with('$')
        || value.chars().any(char::is_whitespace)
        || value.contains("group:")
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let temp = row[j];
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (row[j] + 1).min(row[j - 1] + 1).min(prev + cost);
            prev = temp;
        }
    }
    row[b.len()]
}

fn suggestions(unknown: &str, known: &[String]) -> Vec<String> {
    let needle = unknown.trim();
    let prefix =
        if needle.contains('.') { needle.split('.').take(2).collect::<Vec<_>>().join(".") } else { needle.to_owned() };
    let by_prefix: Vec<String> = known.iter().filter(|k| k.starts_with(&prefix)).take(3).cloned().collect();
    if !by_prefix.is_empty() {
        return by_prefix;
    }
    let mut ranked: Vec<(usize, &String)> = known.iter().map(|k| (edit_distance(needle, k), k)).collect();
    ranked.sort();
    let best = ranked.first().map_or(usize::MAX, |r| r.0);
    let threshold = best.clamp(2, 4);
    ranked.into_iter().filter(|r| r.0 <= threshold).take(3).map(|r| r.1.clone()).collect()
}

pub fn deny_ineffective(cfg: &Value) -> Vec<Finding> {
    let deny = command_list(cfg, "deny");
    if deny.is_empty() {
        return Vec::new();
    }
    let known = known_commands(cfg);
    let patterns: Vec<&String> = deny.iter().filter(|d| looks_like_pattern(d)).collect();
    let unknown: Vec<&String> = deny.iter().filter(|d| !looks_like_pattern(d) && !known.contains(d)).collect();
    if patterns.is_empty() && unknown.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    if !patterns.is_empty() {
        parts.push(format!(
            "patterns are not supported (exact names only): {}",
            patterns.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if !unknown.is_empty() {
        let described: Vec<String> = unknown
            .iter()
            .map(|entry| {
                let hints = suggestions(entry, &known);
                if hints.is_empty() {
                    (*entry).clone()
                } else {
                    format!("{entry} (did you mean: {})", hints.join(", "))
                }
            })
            .collect();
        parts.push(format!("no node command has this name: {}", described.join(", ")));
    }
    let examples: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
    vec![
        Finding::new(
            "gateway.nodes.deny_commands_ineffective",
            Severity::Warn,
            "Some node command deny entries match nothing",
            format!(
                "gateway.nodes.commands.deny compares exact command names (e.g. system.run); it does not filter command text.\n{}",
                tree::bullets(&parts)
            ),
        )
        .fix(format!(
            "Use exact command names (for example {}); for broader limits, drop risky commands from gateway.nodes.commands.allow and tighten tools.exec.",
            examples.join(", ")
        )),
    ]
}

pub fn allow_dangerous(cfg: &Value) -> Vec<Finding> {
    let allow = command_list(cfg, "allow");
    if allow.is_empty() {
        return Vec::new();
    }
    let deny = command_list(cfg, "deny");
    let enabled: Vec<&str> = DANGEROUS_COMMANDS
        .iter()
        .copied()
        .filter(|c| allow.iter().any(|a| a == c) && !deny.iter().any(|d| d == c))
        .collect();
    if enabled.is_empty() {
        return Vec::new();
    }
    vec![
        Finding::new(
            "gateway.nodes.allow_commands_dangerous",
            Severity::warn_or_critical(auth::remotely_exposed(cfg)),
            "High-impact node commands are switched on",
            format!(
                "gateway.nodes.commands.allow enables {}: they use cameras, record screens or read and change contacts, calendars, reminders, health data and SMS on paired devices.",
                enabled.join(", ")
            ),
        )
        .fix("Remove them from gateway.nodes.commands.allow; if you keep them, treat gateway auth as full device access and keep the gateway local or tailnet-only."),
    ]
}
