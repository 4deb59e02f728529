//! How the audit prints: the invalid-config refusal (JSON on stdout, the human block on
//! stderr) and the text report grouped CRITICAL → WARN → INFO, coloured only on a terminal.

use std::path::Path;

use openclaw_policy::audit::{AuditReport, Severity};
use serde_json::{Value, json};

use super::fix::FixResult;
use crate::context::RunContext;
use crate::render::{out, paint};

pub fn invalid_config(ctx: &RunContext, json_out: bool, path: &Path, issues: &[Value], lines: &[String]) {
    let shown = ctx.short(path);
    if json_out {
        crate::render::json(&json!({
            "ok": false,
            "error": {"type": "cli_error", "message": format!("OpenClaw config is invalid: {shown}")},
            "issues": issues,
        }));
    }
    eprintln!("{}", paint(ctx.color, "31", "OpenClaw config is invalid"));
    eprintln!("File: {shown}");
    eprintln!("Problem:");
    for line in lines {
        eprintln!("  - {line}");
    }
    eprintln!();
    eprintln!("The security audit does not run on an invalid config.");
    eprintln!("Fix: openclaw doctor --fix   Inspect: openclaw config validate");
}

fn heading(ctx: &RunContext, text: &str) -> String {
    paint(ctx.color, "1", text)
}

fn muted(ctx: &RunContext, text: &str) -> String {
    paint(ctx.color, "2", text)
}

/// Home directory shown as `~`.
fn short_text(ctx: &RunContext, text: &str) -> String {
    let home = ctx.locations.home.display().to_string();
    if home.len() > 1 { text.replace(&home, "~") } else { text.to_owned() }
}

pub fn text(
    ctx: &RunContext,
    report: &AuditReport,
    fix: Option<&FixResult>,
    diagnostics: &[String],
    fix_requested: bool,
) {
    let mut lines = vec![heading(ctx, "OpenClaw security audit")];
    let summary = &report.summary;
    let counts = [
        paint(ctx.color, "31", &format!("{} critical", summary.critical)),
        paint(ctx.color, "33", &format!("{} warn", summary.warn)),
        muted(ctx, &format!("{} info", summary.info)),
    ];
    lines.push(format!("{} {}", muted(ctx, "Summary:"), counts.join(" · ")));
    if !report.suppressed_findings.is_empty() {
        lines.push(muted(ctx, &format!("Suppressed: {} configured", report.suppressed_findings.len())));
    }
    lines.push(muted(ctx, "Run deeper: openclaw security audit --deep"));
    for diagnostic in diagnostics {
        lines.push(muted(ctx, &format!("[secrets] {diagnostic}")));
    }
    if fix_requested {
        lines.push(muted(ctx, "Fix: openclaw security audit --fix"));
        if let Some(fix) = fix {
            if fix.is_noop() {
                lines.push(muted(ctx, "Fixes: no changes applied"));
            } else {
                lines.push(String::new());
                lines.push(heading(ctx, "FIX"));
                for change in &fix.changes {
                    lines.push(muted(ctx, &format!("  {}", short_text(ctx, change))));
                }
                for action in &fix.actions {
                    lines.push(muted(ctx, &format!("  {}", short_text(ctx, &action.describe()))));
                }
                for error in &fix.errors {
                    lines.push(muted(ctx, &format!("  error: {}", short_text(ctx, error))));
                }
            }
        }
    }
    for (severity, label, color) in
        [(Severity::Critical, "CRITICAL", "1;31"), (Severity::Warn, "WARN", "1;33"), (Severity::Info, "INFO", "1;2")]
    {
        let group: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        lines.push(String::new());
        lines.push(paint(ctx.color, color, label));
        for finding in group {
            lines.push(format!("{} {}", muted(ctx, &finding.check_id), finding.title));
            lines.push(format!("  {}", finding.detail));
            if let Some(fix) = finding.remediation.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                lines.push(format!("  {}", muted(ctx, &format!("Fix: {fix}"))));
            }
        }
    }
    out(&lines.join("\n"));
}
