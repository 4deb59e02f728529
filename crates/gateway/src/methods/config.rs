//! `config.get`, `config.schema`, `config.set`/`config.apply` and `config.patch`.
//!
//! Reads return the file with every secret replaced by the redaction sentinel and `hash` =
//! SHA-256 of the raw file, which writes must echo back as `baseHash` (optimistic
//! concurrency: a client editing a stale copy is told to reload). Writes put redacted secrets
//! back from the current file, are validated like any other config write, are limited to 3
//! per minute per device and IP, and schedule an in-process restart when a restart-required
//! key changed.

use std::sync::Arc;

use openclaw_config::key_path::KeyPath;
use openclaw_config::redact::{redact_text, redact_value, restore_redacted};
use openclaw_config::{ConfigError, Issue, Severity, WriteSource};
use openclaw_protocol::ErrorShape;
use openclaw_protocol::methods::config::{ConfigApplyParams, ConfigSetParams};
use serde_json::{Value, json};

use super::{MethodResult, invalid, params, unavailable};
use crate::reload::{ChangeKind, changed_paths, classify};
use crate::state::{GatewayState, Stop};
use crate::ws::session::Session;

/// Default delay before the restart a config write schedules, so the response (and the
/// client's follow-up) can land first.
const DEFAULT_RESTART_DELAY_MS: u64 = 2000;

pub fn get(state: &Arc<GatewayState>) -> MethodResult {
    let snapshot = openclaw_config::load(&state.load).map_err(|e| unavailable(format!("cannot read config: {e}")))?;
    let parsed = openclaw_config::syntax::parse(&snapshot.raw).map(|p| p.value).unwrap_or(Value::Null);
    let raw = if snapshot.exists { Some(redact_text(&snapshot.raw, &parsed)) } else { None };
    let mut parsed_redacted = parsed.clone();
    redact_value(&mut parsed_redacted, &KeyPath::root());
    let mut resolved = snapshot.resolved.clone().unwrap_or(Value::Null);
    redact_value(&mut resolved, &KeyPath::root());
    let (errors, warnings): (Vec<&Issue>, Vec<&Issue>) =
        snapshot.issues.iter().partition(|i| i.severity == Severity::Error);
    Ok(json!({
        "path": snapshot.path.display().to_string(),
        "exists": snapshot.exists,
        "raw": raw,
        "parsed": parsed_redacted,
        "resolved": resolved,
        "valid": snapshot.is_valid(),
        "config": resolved,
        "hash": snapshot.exists.then(|| snapshot.hash.clone()),
        "issues": errors.iter().map(|i| issue_json(i)).collect::<Vec<_>>(),
        "warnings": warnings.iter().map(|i| issue_json(i)).collect::<Vec<_>>(),
        "legacyIssues": [],
    }))
}

fn issue_json(issue: &Issue) -> Value {
    json!({"path": issue.path.to_string(), "message": issue.message})
}

pub fn schema(raw_params: Option<Value>) -> MethodResult {
    let _: Value = params("config.schema", raw_params)?;
    Ok(json!({
        "schema": openclaw_config::schema::Schema::builtin_json(),
        "uiHints": {},
        "version": env!("CARGO_PKG_VERSION"),
        "generatedAt": "",
    }))
}

/// `config.set` / `config.apply`: the whole file from `raw` (JSON5).
pub fn apply(state: &Arc<GatewayState>, session: &Session, method: &str, raw_params: Option<Value>) -> MethodResult {
    let (raw, base_hash, restart_delay) = if method == "config.set" {
        let p: ConfigSetParams = params(method, raw_params)?;
        (p.raw, p.base_hash, None)
    } else {
        let p: ConfigApplyParams = params(method, raw_params)?;
        (p.raw, p.base_hash, p.restart_delay_ms)
    };
    take_budget(state, session)?;
    let next = parse_raw(method, &raw)?;
    write(state, session, method, next, base_hash.as_deref(), restart_delay)
}

/// `config.patch`: an RFC 7396 merge patch (arrays of objects merged by `id`) applied to the
/// current file.
pub fn patch(state: &Arc<GatewayState>, session: &Session, raw_params: Option<Value>) -> MethodResult {
    let p: ConfigApplyParams = params("config.patch", raw_params)?;
    take_budget(state, session)?;
    let patch = parse_raw("config.patch", &p.raw)?;
    if !patch.is_object() {
        return Err(invalid("config.patch raw must be a JSON5 object"));
    }
    let current = openclaw_config::load(&state.load).map_err(|e| unavailable(format!("cannot read config: {e}")))?;
    let base = openclaw_config::syntax::parse(&current.raw).map(|p| p.value).unwrap_or_else(|_| json!({}));
    let merged = openclaw_config::merge_patch::merge_patch(&base, &patch);
    write(state, session, "config.patch", merged, p.base_hash.as_deref(), p.restart_delay_ms)
}

fn parse_raw(method: &str, raw: &str) -> Result<Value, ErrorShape> {
    openclaw_config::syntax::parse(raw).map(|p| p.value).map_err(|e| {
        invalid(format!("{method}: raw is not valid JSON5 (line {}, column {}): {}", e.line, e.column, e.message))
    })
}

fn take_budget(state: &Arc<GatewayState>, session: &Session) -> Result<(), ErrorShape> {
    let now = state.now_ms();
    let verdict = match state.write_budget.lock() {
        Ok(mut budget) => budget.take(&session.budget_key(), now),
        Err(_) => Ok(()),
    };
    verdict.map_err(|retry_ms| {
        unavailable(format!("rate limit exceeded for config writes; retry after {}s", (retry_ms + 999) / 1000))
            .retry_after(retry_ms)
    })
}

fn write(
    state: &Arc<GatewayState>,
    session: &Session,
    method: &str,
    mut next: Value,
    base_hash: Option<&str>,
    restart_delay_ms: Option<i64>,
) -> MethodResult {
    let current = openclaw_config::load(&state.load).map_err(|e| unavailable(format!("cannot read config: {e}")))?;
    let current_parsed = openclaw_config::syntax::parse(&current.raw).map(|p| p.value).unwrap_or(Value::Null);
    restore_redacted(&mut next, &current_parsed, &KeyPath::root()).map_err(|path| {
        invalid(format!(
            "{method}: {path} holds the redaction placeholder but has no current value to keep; send the real value"
        ))
    })?;
    let text =
        serde_json::to_string_pretty(&next).map_err(|e| invalid(format!("{method}: cannot encode config: {e}")))?;
    let changed = changed_paths(&current_parsed, &next);
    let who = WriteSource {
        source: &format!("gateway:{method}"),
        pid: std::process::id(),
        ts: jiff::Timestamp::from_millisecond(state.now_ms()).map(|t| t.to_string()).unwrap_or_default(),
    };
    let outcome = openclaw_config::write::replace(&state.load, &format!("{text}\n"), base_hash, &changed, &who)
        .map_err(|err| write_error(method, err))?;
    tracing::info!(method, changed = changed.len(), device = ?session.device_id, "config written");
    let restart = classify(&changed) == ChangeKind::Restart;
    let delay = restart_delay_ms.and_then(|d| u64::try_from(d).ok()).unwrap_or(DEFAULT_RESTART_DELAY_MS);
    if restart {
        state.request_stop(Stop::Restart { reason: method.to_owned(), delay_ms: delay });
    }
    let mut config = outcome.snapshot.resolved.clone().unwrap_or(Value::Null);
    redact_value(&mut config, &KeyPath::root());
    Ok(json!({
        "ok": true,
        "path": outcome.snapshot.path.display().to_string(),
        "config": config,
        "hash": outcome.snapshot.hash,
        "restart": restart.then(|| json!({"scheduled": true, "delayMs": delay, "reason": method})),
    }))
}

fn write_error(method: &str, err: ConfigError) -> ErrorShape {
    match err {
        ConfigError::Conflict { .. } | ConfigError::BaseHashRequired => invalid(err.to_string()),
        ConfigError::Invalid { issues, .. } => {
            let details: Vec<Value> = issues.iter().map(issue_json).collect();
            let first = issues.first().map(|i| format!("{}: {}", i.path, i.message)).unwrap_or_default();
            invalid(format!("{method}: invalid config: {first}")).with_details(json!({"issues": details}))
        }
        other => unavailable(format!("{method}: {other}")),
    }
}
