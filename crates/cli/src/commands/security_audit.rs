//! `openclaw security audit [--deep] [--fix] [--json] [--auth M] [--token T] [--password P]`.
//!
//! Loads the config (an invalid one stops the audit with exit 1, like OpenClaw), optionally
//! applies the safe fixes, gathers the facts (`crate::audit_facts`), optionally probes the live
//! gateway and scans plugins and skills (`--deep`), then runs the pure checks of
//! `openclaw_policy::audit` and renders the report. The exit status is 0 whenever the audit ran,
//! whatever it found: scripts read `summary`.

mod deep;
mod fix;
mod output;
mod scan;

use openclaw_config::{Severity as IssueSeverity, Snapshot};
use openclaw_policy::audit::facts::AuthOverride;
use openclaw_policy::audit::{self, AuditReport};
use serde_json::{Value, json};

use crate::args::{SecurityAuditArgs, SecurityCommand};
use crate::audit_facts::{self, ConfigView, GatherOptions};
use crate::context::RunContext;
use crate::failure::Failure;

pub fn run(ctx: &RunContext, cmd: SecurityCommand) -> anyhow::Result<()> {
    match cmd {
        SecurityCommand::Audit(args) => audit_command(ctx, args),
    }
}

/// A usage problem reported as OpenClaw's `cli_error`.
fn cli_error(ctx: &RunContext, json_out: bool, message: &str) -> anyhow::Error {
    if json_out {
        crate::render::json(&json!({"ok": false, "error": {"type": "cli_error", "message": message}}));
    }
    eprintln!("{}", crate::render::paint(ctx.color, "31", &format!("error: {message}")));
    Failure::Silent(1).into()
}

/// OpenClaw's `--auth` parsing: one of four modes, with the matching secret.
fn auth_override(args: &SecurityAuditArgs) -> Result<Option<AuthOverride>, String> {
    let token = args.token.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let password = args.password.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
    let mode = match args.auth.as_deref().map(|m| m.trim().to_lowercase()).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) if matches!(m.as_str(), "none" | "token" | "password" | "trusted-proxy") => Some(m),
        Some(_) => {
            return Err(
                "Invalid --auth value. Expected \"none\", \"token\", \"password\", or \"trusted-proxy\".".to_owned()
            );
        }
    };
    match mode.as_deref() {
        None => Ok(None),
        Some("token") if token.is_none() => {
            Err("Invalid --auth token: pass --token <token> for the audit auth override.".to_owned())
        }
        Some("password") if password.is_none() => {
            Err("Invalid --auth password: pass --password <password> for the audit auth override.".to_owned())
        }
        Some(_) => Ok(Some(AuthOverride { mode, token, password })),
    }
}

/// Loads the config; `Err` when the audit must not run (the failure was already printed).
fn load(ctx: &RunContext, json_out: bool) -> anyhow::Result<Snapshot> {
    let snap = match openclaw_config::load(&ctx.load) {
        Ok(snap) => snap,
        Err(err) => {
            let issue = json!({"path": "<root>", "message": format!("read failed: {err}")});
            output::invalid_config(ctx, json_out, &ctx.load.config_path, &[issue], &[format!("read failed: {err}")]);
            return Err(Failure::Silent(1).into());
        }
    };
    let blocking: Vec<&openclaw_config::Issue> = snap
        .issues
        .iter()
        .filter(|i| i.severity == IssueSeverity::Error && !audit_facts::is_missing_env_issue(i))
        .collect();
    if !blocking.is_empty() || snap.resolved.is_none() {
        let issues: Vec<Value> =
            blocking.iter().map(|i| json!({"path": i.path.to_string(), "message": i.message})).collect();
        let lines: Vec<String> = blocking
            .iter()
            .map(|i| match &i.location {
                Some(loc) => format!(
                    "{}:{} — {}: {}",
                    loc.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    loc.line,
                    i.path,
                    i.message
                ),
                None => format!("{}: {}", i.path, i.message),
            })
            .collect();
        output::invalid_config(ctx, json_out, &snap.path, &issues, &lines);
        return Err(Failure::Silent(1).into());
    }
    let warnings: Vec<String> = snap
        .issues
        .iter()
        .filter(|i| i.severity == IssueSeverity::Warning || audit_facts::is_missing_env_issue(i))
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect();
    if !warnings.is_empty() {
        eprintln!("[config] warnings: {}", warnings.join("; "));
    }
    Ok(snap)
}

fn audit_command(ctx: &RunContext, args: SecurityAuditArgs) -> anyhow::Result<()> {
    let mut snap = load(ctx, args.json)?;
    let over = auth_override(&args).map_err(|message| cli_error(ctx, args.json, &message))?;
    let fix_result = if args.fix {
        let result = fix::apply(ctx, &snap);
        snap = load(ctx, args.json)?;
        Some(result)
    } else {
        None
    };
    let view = ConfigView::from_snapshot(&snap);
    let ts_ms = u64::try_from(jiff::Timestamp::now().as_millisecond()).unwrap_or_default();
    let mut facts = audit_facts::gather(ctx, &snap, &view, GatherOptions { ts_ms, auth_override: over });
    if args.deep {
        facts.deep = Some(deep::run(ctx, &facts, args.token.as_deref(), args.password.as_deref()));
    }
    let report = audit::run_audit(&facts);
    let diagnostics = secret_diagnostics(&view.tree);
    if args.json {
        crate::render::json(&json_document(&report, fix_result.as_ref(), &diagnostics));
    } else {
        output::text(ctx, &report, fix_result.as_ref(), &diagnostics, args.fix);
    }
    Ok(())
}

fn json_document(report: &AuditReport, fix: Option<&fix::FixResult>, diagnostics: &[String]) -> Value {
    let report_value = serde_json::to_value(report).unwrap_or(Value::Null);
    match fix {
        Some(fix) => json!({"fix": fix.to_json(), "report": report_value, "secretDiagnostics": diagnostics}),
        None => {
            let mut doc = report_value;
            if let Value::Object(map) = &mut doc {
                map.insert("secretDiagnostics".to_owned(), json!(diagnostics));
            }
            doc
        }
    }
}

/// SecretRefs this audit could not resolve (file and exec providers need the gateway).
fn secret_diagnostics(tree: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if audit::gateway_auth::is_secret_ref(v) {
                    let source = map.get("source").and_then(Value::as_str).unwrap_or("");
                    if source != "env" {
                        out.push(format!(
                            "{path}: {source} SecretRef not resolved by the audit; treated as configured."
                        ));
                    }
                    return;
                }
                for (key, child) in map {
                    walk(child, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, path, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(tree, "", &mut out);
    out
}
