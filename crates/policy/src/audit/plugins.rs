//! Supply chain: installed plugins without an allowlist, allowlist entries naming nothing,
//! plugin tools reachable through permissive tool policies, unpinned or unverified npm installs
//! of plugins and hook packs, and (with `--deep`) what the static code scan found.

use serde_json::Value;

use super::agents;
use super::channels;
use super::code_scan::{CodeFinding, CodeSeverity};
use super::facts::{AuditFacts, CodeScan, CodeScanKind, InstallRecord};
use super::finding::{Finding, Severity};
use super::tool_policy::{self, PLUGIN_PROBE_TOOL};
use super::tree::{self, bullets, get};

/// Whether a directory under `extensions/` is a plugin (not install debris or a backup).
pub fn is_plugin_dir_name(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    !(lower.is_empty()
        || lower == "node_modules"
        || lower == ".openclaw-install-backups"
        || lower.starts_with('.')
        || lower.ends_with(".bak")
        || lower.contains(".backup-")
        || lower.contains(".disabled"))
}

fn lower_list(v: Option<&Value>) -> Vec<String> {
    tree::string_entries(v).iter().map(|s| s.to_lowercase()).collect()
}

/// The bundled browser plugin passes `plugins.enabled/allow/deny/entries` and `browser.enabled`.
pub fn browser_enabled(cfg: &Value) -> bool {
    if tree::is_false(cfg, "browser.enabled") {
        return false;
    }
    plugin_allowed(cfg, "browser")
}

fn plugin_allowed(cfg: &Value, id: &str) -> bool {
    if tree::is_false(cfg, "plugins.enabled") {
        return false;
    }
    let allow = lower_list(tree::at(cfg, "plugins.allow"));
    let deny = lower_list(tree::at(cfg, "plugins.deny"));
    let disabled = tree::obj_at(cfg, "plugins.entries")
        .and_then(|e| e.iter().find(|(k, _)| k.trim().to_lowercase() == id))
        .is_some_and(|(_, entry)| tree::is_false(entry, "enabled"));
    !deny.iter().any(|d| d == id) && !disabled && (allow.is_empty() || allow.iter().any(|a| a == id))
}

/// Installed extension plugins that would load (`plugins.enabled`, allow/deny, entries).
fn enabled_extension_ids(cfg: &Value, dirs: &[String]) -> Vec<String> {
    if tree::is_false(cfg, "plugins.enabled") {
        return Vec::new();
    }
    dirs.iter().map(|d| d.trim().to_lowercase()).filter(|id| !id.is_empty() && plugin_allowed(cfg, id)).collect()
}

fn allow_entries(tools: Option<&Value>) -> Vec<String> {
    let mut out = lower_list(tools.and_then(|t| get(t, "allow")));
    out.extend(lower_list(tools.and_then(|t| get(t, "alsoAllow"))));
    out
}

fn explicit_plugin_allow(entries: &[String], plugins: &[String]) -> bool {
    entries.iter().any(|e| e == "group:plugins" || plugins.contains(e))
}

fn provider_plugin_allow(by_provider: Option<&Value>, plugins: &[String]) -> bool {
    by_provider
        .and_then(Value::as_object)
        .is_some_and(|m| m.values().any(|p| explicit_plugin_allow(&allow_entries(Some(p)), plugins)))
}

pub fn trust(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let ext = &facts.extensions;
    let mut out = Vec::new();
    if !ext.plugin_dirs.is_empty() {
        let allow = tree::arr_at(cfg, "plugins.allow").filter(|a| !a.is_empty());
        if let Some(allow) = allow {
            let installed: Vec<String> = ext.plugin_dirs.iter().map(|d| d.to_lowercase()).collect();
            let indexed: Vec<String> = ext.indexed_plugin_ids.iter().map(|d| d.to_lowercase()).collect();
            let phantom: Vec<&str> = allow
                .iter()
                .filter_map(Value::as_str)
                .filter(|e| *e != "group:plugins")
                .filter(|e| {
                    let lower = e.to_lowercase();
                    !installed.contains(&lower) && !indexed.contains(&lower)
                })
                .collect();
            if !phantom.is_empty() {
                out.push(
                    Finding::new(
                        "plugins.allow_phantom_entries",
                        Severity::Warn,
                        "plugins.allow names plugins that are not installed",
                        format!("No installed plugin matches: {}. A plugin installed later under one of these ids would be trusted at once.", phantom.join(", ")),
                    )
                    .fix("Remove unused ids from plugins.allow, or install the plugins you meant."),
                );
            }
        } else {
            let skills_exposed = channels::configured_channels(facts).into_iter().any(|channel| {
                let setting = tree::at(cfg, &format!("channels.{channel}.commands.nativeSkills"))
                    .or_else(|| tree::at(cfg, "commands.nativeSkills"))
                    .and_then(Value::as_bool);
                setting.unwrap_or(matches!(channel, "telegram" | "discord"))
            });
            let mut detail = format!(
                "{} plugin(s) are installed under {}; without plugins.allow any discovered plugin id may load.",
                ext.plugin_dirs.len(),
                ext.extensions_dir
            );
            if skills_exposed {
                detail.push_str("\nNative skill commands are on for a configured chat channel, so treat unlisted extensions as high risk.");
            }
            out.push(
                Finding::new(
                    "plugins.extensions_no_allowlist",
                    Severity::warn_or_critical(skills_exposed),
                    "Plugins are installed but plugins.allow is not set",
                    detail,
                )
                .fix("Set plugins.allow to the plugin ids you trust."),
            );
        }
        let enabled = enabled_extension_ids(cfg, &ext.plugin_dirs);
        if !enabled.is_empty() {
            let permissive = permissive_contexts(cfg, &enabled);
            if !permissive.is_empty() {
                out.push(
                    Finding::new(
                        "plugins.tools_reachable_permissive_policy",
                        Severity::Warn,
                        "Plugin tools are reachable under permissive tool policies",
                        format!("Enabled plugins: {}.\nContexts whose tool policy admits plugin tools:\n{}", enabled.join(", "), bullets(&permissive)),
                    )
                    .fix("Use a restrictive profile (minimal/coding) or explicit tool allowlists without plugin tools for agents that read untrusted input."),
                );
            }
        }
    }
    out.extend(install_findings("plugins", &ext.plugin_installs));
    out.extend(install_findings("hooks", &ext.hook_installs));
    out
}

fn permissive_contexts(cfg: &Value, enabled: &[String]) -> Vec<String> {
    let mut contexts: Vec<(String, Option<String>, Option<&Value>)> = vec![("default".to_owned(), None, None)];
    for (id, agent) in agents::with_ids(cfg) {
        contexts.push((format!("agents.entries.{id}"), Some(id), agent.tools()));
    }
    let global = tree::at(cfg, "tools");
    let mut out = Vec::new();
    for (label, agent_id, tools) in contexts {
        let profile = tools
            .and_then(|t| get(t, "profile"))
            .and_then(Value::as_str)
            .or_else(|| tree::str_at(cfg, "tools.profile"));
        let restrictive = tool_policy::profile_policy(profile).is_some();
        let mode = agents::sandbox_mode(cfg, agent_id.as_deref());
        let mut policies: Vec<_> = tool_policy::profile_policy(profile).into_iter().collect();
        policies.extend(tool_policy::pick(global));
        policies.extend(tool_policy::pick(tools));
        if mode == "all" {
            policies.push(tool_policy::sandbox_policy(cfg, agent_id.as_deref()));
        }
        let broad = tool_policy::allowed(PLUGIN_PROBE_TOOL, &policies);
        let explicit = !restrictive
            && (explicit_plugin_allow(&allow_entries(global), enabled)
                || provider_plugin_allow(global.and_then(|g| get(g, "byProvider")), enabled)
                || explicit_plugin_allow(&allow_entries(tools), enabled)
                || provider_plugin_allow(tools.and_then(|t| get(t, "byProvider")), enabled));
        if broad || explicit {
            out.push(label);
        }
    }
    out
}

/// `name@x.y.z` (optionally `v`, prerelease and build suffixes).
fn is_pinned(spec: &str) -> bool {
    let value = spec.trim();
    let Some(at) = value.rfind('@').filter(|&at| at > 0 && at < value.len() - 1) else { return false };
    let version = value[at + 1..].trim();
    let version = version.strip_prefix('v').unwrap_or(version);
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn install_findings(kind: &str, records: &[InstallRecord]) -> Vec<Finding> {
    let npm: Vec<&InstallRecord> = records.iter().filter(|r| r.source.as_deref() == Some("npm")).collect();
    if npm.is_empty() {
        return Vec::new();
    }
    let (noun, update) = if kind == "plugins" {
        ("Plugin", "openclaw plugins update --all")
    } else {
        ("Hook pack", "openclaw hooks update --all")
    };
    let unpinned: Vec<String> = npm
        .iter()
        .filter_map(|r| r.spec.as_deref().filter(|s| !is_pinned(s)).map(|s| format!("{} ({s})", r.id)))
        .collect();
    let missing: Vec<String> = npm
        .iter()
        .filter(|r| r.integrity.as_deref().is_none_or(|i| i.trim().is_empty()))
        .map(|r| r.id.clone())
        .collect();
    let drift: Vec<String> = npm
        .iter()
        .filter_map(|r| match (&r.recorded_version, &r.installed_version) {
            (Some(recorded), Some(installed)) if recorded != installed => {
                Some(format!("{} (recorded {recorded}, installed {installed})", r.id))
            }
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if !unpinned.is_empty() {
        out.push(
            Finding::new(
                format!("{kind}.installs_unpinned_npm_specs"),
                Severity::Warn,
                format!("{noun} installs are not pinned to a version"),
                format!("These npm install records follow a range or tag:\n{}", bullets(&unpinned)),
            )
            .fix("Reinstall with an exact version (e.g. @scope/pkg@1.2.3)."),
        );
    }
    if !missing.is_empty() {
        out.push(
            Finding::new(
                format!("{kind}.installs_missing_integrity"),
                Severity::Warn,
                format!("{noun} installs have no integrity hash"),
                format!("These npm install records carry no integrity hash:\n{}", bullets(&missing)),
            )
            .fix("Reinstall or update them so the resolved integrity hash is recorded."),
        );
    }
    if !drift.is_empty() {
        out.push(
            Finding::new(
                format!("{kind}.installs_version_drift"),
                Severity::Warn,
                format!("{noun} installs differ from their records"),
                format!("The installed package version differs from the install record:\n{}", bullets(&drift)),
            )
            .fix(format!("Run `{update}` (or reinstall) to bring the records in line.")),
        );
    }
    out
}

fn format_code_findings(findings: &[&CodeFinding]) -> String {
    findings
        .iter()
        .map(|f| format!("  - [{}] {} ({}:{})", f.rule_id, f.message, f.file, f.line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Findings of the `--deep` static scans, plugins first, then skills.
pub fn code_safety(scans: &[CodeScan]) -> Vec<Finding> {
    let mut out = Vec::new();
    for scan in scans {
        let (prefix, what) = match scan.kind {
            CodeScanKind::Plugin => ("plugins", format!("Plugin \"{}\"", scan.name)),
            CodeScanKind::Skill => ("skills", format!("Skill \"{}\"", scan.name)),
        };
        if let Some(error) = &scan.manifest_error {
            out.push(
                Finding::new(
                    "plugins.code_safety.manifest_parse_error",
                    Severity::Warn,
                    format!("{what} has an unreadable package.json"),
                    format!("{error}. Its declared entry points are unknown; the scan covers the directory only."),
                )
                .fix("Fix the manifest, or remove the plugin if you do not trust it."),
            );
        }
        for entry in &scan.hidden_entries {
            out.push(
                Finding::new(
                    "plugins.code_safety.entry_path",
                    Severity::Warn,
                    format!("{what} loads code from a hidden or node_modules path"),
                    format!("Extension entry \"{entry}\" lives in a hidden or node_modules directory; it was scanned explicitly, but check why."),
                )
                .fix("Prefer entry points under dist/ or src/."),
            );
        }
        if !scan.escaping_entries.is_empty() {
            out.push(
                Finding::new(
                    "plugins.code_safety.entry_escape",
                    Severity::Critical,
                    format!("{what} has entry points outside its directory"),
                    format!(
                        "These openclaw.extensions entries leave the plugin directory:\n{}",
                        scan.escaping_entries.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n")
                    ),
                )
                .fix("Keep every openclaw.extensions entry inside the plugin directory."),
            );
        }
        if let Some(error) = &scan.scan_error {
            out.push(
                Finding::new(
                    format!("{prefix}.code_safety.scan_failed"),
                    Severity::Warn,
                    format!("{what} could not be scanned"),
                    format!("The static code scan did not finish: {error}"),
                )
                .fix("Check the file permissions and layout, then run `openclaw security audit --deep` again."),
            );
            continue;
        }
        let critical: Vec<&CodeFinding> =
            scan.findings.iter().filter(|f| f.severity == CodeSeverity::Critical).collect();
        let warn: Vec<&CodeFinding> = scan.findings.iter().filter(|f| f.severity == CodeSeverity::Warn).collect();
        let location = if scan.kind == CodeScanKind::Skill { format!(" under {}", scan.dir) } else { String::new() };
        if !critical.is_empty() {
            out.push(
                Finding::new(
                    format!("{prefix}.code_safety"),
                    Severity::Critical,
                    format!("{what} contains dangerous code patterns"),
                    format!(
                        "{} critical match(es) in {} scanned file(s){location}:\n{}",
                        critical.len(),
                        scan.scanned_files,
                        format_code_findings(&critical)
                    ),
                )
                .fix(format!("Read the flagged code before using it; remove {} if you do not trust it.", scan.dir)),
            );
        } else if !warn.is_empty() {
            out.push(
                Finding::new(
                    format!("{prefix}.code_safety"),
                    Severity::Warn,
                    format!("{what} contains suspicious code patterns"),
                    format!(
                        "{} warning(s) in {} scanned file(s){location}:\n{}",
                        warn.len(),
                        scan.scanned_files,
                        format_code_findings(&warn)
                    ),
                )
                .fix("Check that the flagged code does what you expect."),
            );
        }
    }
    out
}
