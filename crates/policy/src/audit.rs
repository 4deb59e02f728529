//! `openclaw security audit` as a pure function: [`AuditFacts`] in, [`AuditReport`] out.
//!
//! The checks and their check ids, severities and escalation rules follow OpenClaw 2026.9.6
//! (`../shared/spec/openclaw-audit.md`); where the security document names checks 2026.9.6
//! dropped (`logging.redact_off`, `gateway.control_ui.insecure_auth`,
//! `gateway.control_ui.device_auth_disabled`, the `gateway.nodes.allowCommands` spelling), the
//! document wins. Checks of our own live under `openclaw_rs.*` ([`extra`]). Findings come in
//! OpenClaw's collector order, not sorted by severity, so two runs diff cleanly.
//!
//! Nothing here reads the disk, the environment or the clock: the caller gathers [`AuditFacts`]
//! (guided by [`plan`]) and carries out [`fix`]'s edits.

pub mod agents;
mod browser;
mod channels;
pub mod code_scan;
mod exec;
mod exposure;
pub mod extra;
pub mod facts;
mod filesystem;
pub mod finding;
pub mod fix;
mod flags;
mod gateway;
pub mod gateway_auth;
mod hooks;
mod logging;
mod models;
mod nodes;
pub mod plan;
pub mod plugins;
mod safe_bins;
mod sandbox;
mod secrets;
mod surface;
pub mod tool_policy;
pub mod tree;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use facts::AuditFacts;
pub use filesystem::chmod_command;
pub use finding::{AuditReport, DeepReport, Finding, Severity, Summary, SuppressedFinding, Suppression};

/// Runs every check on `facts`.
pub fn run_audit(facts: &AuditFacts) -> AuditReport {
    let cfg = &facts.config;
    let mut findings = vec![surface::collect(facts)];
    findings.extend(agents::roster_finding(cfg));
    findings.extend(filesystem::synced_folder(facts));
    findings.extend(gateway::collect(facts));
    if facts.deep.is_some() {
        findings.extend(browser::collect(facts));
    }
    findings.extend(logging::collect(cfg));
    findings.extend(exec::elevated(cfg));
    findings.extend(exec::runtime(facts));
    findings.extend(exec::skill_mcp_boundary(facts));
    findings.extend(hooks::collect(facts));
    findings.extend(gateway::http_no_auth(facts));
    findings.extend(gateway::http_session_key_override(cfg));
    findings.extend(sandbox::docker_noop(cfg));
    findings.extend(sandbox::dangerous(facts));
    findings.extend(nodes::deny_ineffective(cfg));
    findings.extend(nodes::allow_dangerous(cfg));
    findings.extend(exposure::minimal_profile_overridden(cfg));
    findings.extend(secrets::in_config(facts));
    findings.extend(models::hygiene(cfg));
    findings.extend(models::small_params(facts));
    findings.extend(exposure::matrix(cfg));
    findings.extend(exposure::multi_user(cfg));
    findings.extend(exposure::cross_agent_sessions(cfg));
    if let Some(fs) = &facts.filesystem {
        findings.extend(filesystem::state_and_config(fs));
        findings.extend(filesystem::includes(fs));
        findings.extend(filesystem::state_files(fs));
        findings.extend(filesystem::workspace_skills(facts));
        findings.extend(sandbox::browser_containers(facts));
        findings.extend(plugins::trust(facts));
        if let Some(deep) = &facts.deep {
            findings.extend(plugins::code_safety(&deep.code_scans));
        }
    }
    findings.extend(channels::collect(facts));
    findings.extend(deep_probe(facts));
    findings.extend(extra::collect(facts));

    let suppressions = tree::arr_at(cfg, "security.audit.suppressions").cloned().unwrap_or_default();
    let (mut active, suppressed) = suppress(findings, &suppressions);
    if !suppressions.is_empty() {
        active.push(
            Finding::new(
                "security.audit.suppressions.active",
                Severity::Info,
                "Audit suppressions are configured",
                format!(
                    "security.audit.suppressions has {} entr{}; {} finding(s) moved to suppressedFindings.",
                    suppressions.len(),
                    if suppressions.len() == 1 { "y" } else { "ies" },
                    suppressed.len()
                ),
            )
            .fix("Review suppressedFindings and drop suppressions whose accepted risk no longer applies."),
        );
    }
    AuditReport {
        ts: facts.ts_ms,
        summary: Summary::count(&active),
        findings: active,
        suppressed_findings: suppressed,
        deep: facts.deep.as_ref().map(|d| DeepReport { gateway: d.gateway.clone() }),
    }
}

fn deep_probe(facts: &AuditFacts) -> Vec<Finding> {
    let Some(deep) = &facts.deep else { return Vec::new() };
    let mut out = Vec::new();
    if deep.gateway.attempted && !deep.gateway.ok {
        out.push(
            Finding::new(
                "gateway.probe_failed",
                Severity::Warn,
                "Live gateway probe failed (--deep)",
                deep.gateway.error.clone().unwrap_or_else(|| "gateway unreachable".to_owned()),
            )
            .fix("Check that the gateway runs and the credentials match (`openclaw status --all`), then run `openclaw security audit --deep` again."),
        );
    }
    if let Some(warning) = &deep.auth_warning {
        out.push(
            Finding::new(
                "gateway.probe_auth_secretref_unavailable",
                Severity::Warn,
                "Probe credentials come from an unreadable SecretRef",
                warning.clone(),
            )
            .fix("Export OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD in this shell (or make the secret provider reachable) and probe again."),
        );
    }
    out
}

/// Moves findings matched by a suppression (`checkId`, optional case-insensitive
/// `titleIncludes`/`detailIncludes`) out of the active list.
fn suppress(findings: Vec<Finding>, suppressions: &[Value]) -> (Vec<Finding>, Vec<SuppressedFinding>) {
    let mut active = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let rule = suppressions.iter().find(|s| {
            let text = |key: &str| {
                tree::get(s, key).and_then(Value::as_str).map(|t| t.trim().to_lowercase()).unwrap_or_default()
            };
            let check_id = text("checkId");
            let id_matches =
                tree::get(s, "checkId").and_then(Value::as_str).map(str::trim) == Some(finding.check_id.as_str());
            let title = text("titleIncludes");
            let detail = text("detailIncludes");
            !check_id.is_empty()
                && id_matches
                && (title.is_empty() || finding.title.to_lowercase().contains(&title))
                && (detail.is_empty() || finding.detail.to_lowercase().contains(&detail))
        });
        match rule {
            Some(rule) => {
                let reason = tree::trimmed(tree::get(rule, "reason")).map(str::to_owned);
                suppressed.push(SuppressedFinding { finding, suppression: Suppression { reason } });
            }
            None => active.push(finding),
        }
    }
    (active, suppressed)
}

#[cfg(test)]
pub(crate) use safe_bins::is_interpreter_pattern as exec_is_interpreter_pattern;

#[cfg(test)]
pub(crate) fn sandbox_browser_epoch() -> &'static str {
    sandbox::BROWSER_HASH_EPOCH
}
