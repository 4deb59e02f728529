//! `openclaw config get|set|unset|validate|file|schema`.

use anyhow::bail;
use openclaw_config::write::{self, Edit};
use openclaw_config::{KeyPath, Severity, Snapshot, syntax};
use serde_json::{Value, json};

use crate::args::ConfigCommand;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::render;

pub fn run(ctx: &RunContext, cmd: ConfigCommand) -> anyhow::Result<()> {
    match cmd {
        ConfigCommand::Get { path, json } => get(ctx, &path, json),
        ConfigCommand::Set { path, value, strict_json, json } => set(ctx, &path, &value, strict_json || json),
        ConfigCommand::Unset { path } => unset(ctx, &path),
        ConfigCommand::Validate { json } => validate(ctx, json),
        ConfigCommand::File => {
            render::out(&ctx.locations.config_path.display().to_string());
            Ok(())
        }
        ConfigCommand::Schema => {
            render::json(openclaw_config::schema::Schema::builtin_json());
            Ok(())
        }
    }
}

fn parse_path(raw: &str) -> anyhow::Result<KeyPath> {
    KeyPath::parse(raw).map_err(|e| anyhow::anyhow!("invalid config path: {e}"))
}

/// A snapshot that must be valid for the command to go on.
fn load_valid(ctx: &RunContext) -> anyhow::Result<&Snapshot> {
    let snap = ctx.snapshot()?;
    if !snap.is_valid() {
        return Err(Failure::invalid_config(snap).into());
    }
    Ok(snap)
}

fn get(ctx: &RunContext, raw_path: &str, as_json: bool) -> anyhow::Result<()> {
    let path = parse_path(raw_path)?;
    let snap = load_valid(ctx)?;
    let mut tree = snap.resolved.clone().unwrap_or_else(|| json!({}));
    openclaw_config::redact::redact_value(&mut tree, &KeyPath::root());
    let Some(value) = write::lookup(&tree, &path) else {
        bail!("config path not found: {raw_path}");
    };
    match value {
        Value::String(s) if !as_json => render::out(s),
        Value::Number(_) | Value::Bool(_) if !as_json => render::out(&value.to_string()),
        other => render::json(other),
    }
    Ok(())
}

/// The value argument: JSON5 if it parses, else the literal text (unless `strict`).
fn parse_value(raw: &str, strict: bool) -> anyhow::Result<Value> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        if strict {
            bail!("value is empty; --strict-json needs a JSON5 value");
        }
        return Ok(Value::String(raw.to_owned()));
    }
    match syntax::parse(trimmed) {
        Ok(parsed) => Ok(parsed.value),
        Err(e) if strict => bail!("value is not JSON5 (column {}): {}", e.column, e.message),
        Err(_) => Ok(Value::String(raw.to_owned())),
    }
}

fn who(source: &'static str) -> write::WriteSource<'static> {
    write::WriteSource { source, pid: std::process::id(), ts: jiff::Timestamp::now().to_string() }
}

fn set(ctx: &RunContext, raw_path: &str, raw_value: &str, strict: bool) -> anyhow::Result<()> {
    let path = parse_path(raw_path)?;
    let value = parse_value(raw_value, strict)?;
    write::apply(&ctx.load, &[Edit::Set(path, value)], &who("cli:config set"), false)?;
    render::out(&format!("Updated {raw_path}. Restart the gateway to apply."));
    Ok(())
}

fn unset(ctx: &RunContext, raw_path: &str) -> anyhow::Result<()> {
    let path = parse_path(raw_path)?;
    write::apply(&ctx.load, &[Edit::Unset(path)], &who("cli:config unset"), false)?;
    render::out(&format!("Removed {raw_path}. Restart the gateway to apply."));
    Ok(())
}

fn validate(ctx: &RunContext, as_json: bool) -> anyhow::Result<()> {
    let snap = ctx.snapshot()?;
    let valid = snap.is_valid();
    let by = |sev: Severity| snap.issues.iter().filter(move |i| i.severity == sev);
    if as_json {
        let mut out = json!({
            "valid": valid,
            "path": snap.path.display().to_string(),
            "exists": snap.exists,
            "issues": by(Severity::Error).map(render::issue_json).collect::<Vec<_>>(),
            "warnings": by(Severity::Warning).map(render::issue_json).collect::<Vec<_>>(),
            "unsupported": snap.unsupported.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        if !valid {
            out["ok"] = false.into();
            out["error"] = json!({"type": "cli_error", "message": format!("OpenClaw config is invalid: {}", ctx.short(&snap.path))});
        }
        render::json(&out);
    } else {
        let short = |p: &std::path::Path| ctx.short(p);
        if valid {
            let note = if snap.exists { "" } else { " (no file yet: defaults apply)" };
            render::out(&format!("Config valid: {}{note}", ctx.short(&snap.path)));
        } else {
            render::out(&format!("OpenClaw config is invalid: {}", ctx.short(&snap.path)));
        }
        for issue in by(Severity::Error).chain(by(Severity::Warning)) {
            render::out(&render::issue_line(ctx.color, issue, short));
        }
        if !snap.unsupported.is_empty() {
            let names: Vec<String> = snap.unsupported.iter().map(ToString::to_string).collect();
            render::out(&format!(
                "  {} accepted, not supported yet (no effect in this gateway): {}",
                render::paint(ctx.color, "2", "·"),
                names.join(", ")
            ));
        }
        if !valid {
            render::out("\nRun `openclaw doctor --fix` to repair, or fix the keys above manually.");
        }
    }
    if valid { Ok(()) } else { Err(Failure::Silent(1).into()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_as_json5_or_fall_back_to_text() {
        let cases = [
            ("19001", json!(19001)),
            ("true", json!(true)),
            ("'x'", json!("x")),
            ("{a: 1}", json!({"a": 1})),
            ("[\"a\", 'b']", json!(["a", "b"])),
            ("hello world", json!("hello world")),
            ("", json!("")),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_value(raw, false).ok(), Some(want), "{raw}");
        }
        assert!(parse_value("hello world", true).is_err());
    }
}
