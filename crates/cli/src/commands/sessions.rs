//! `openclaw sessions`: an agent's conversation sessions as `sessions.json` records them, newest
//! first, in the reference's text and JSON shapes; `openclaw sessions cleanup` (see [`cleanup`])
//! repairs the store. Reading and writing the store is `openclaw_store::SessionStore`'s; this
//! module picks the agent, filters by age and renders.

mod cleanup;

use anyhow::{Context as _, bail};
use openclaw_store::sessions::SessionRecord;
use openclaw_store::{AgentId, SessionStore, StateDir};
use serde_json::{Map, Value, json};

use crate::args::{SessionsArgs, SessionsCommand};
use crate::commands::pairing::{age, aligned};
use crate::context::RunContext;
use crate::gateway_client::now_ms;
use crate::render;

/// Rows shown at most, as the reference caps its listing.
const LIST_LIMIT: usize = 100;

pub fn run(ctx: &RunContext, args: SessionsArgs) -> anyhow::Result<()> {
    match args.command {
        Some(SessionsCommand::Cleanup(cleanup_args)) => cleanup::run(ctx, &cleanup_args),
        None => list(ctx, &args),
    }
}

/// The store of `--agent`, else of the configured default agent.
fn store_for(ctx: &RunContext, agent: Option<&str>) -> anyhow::Result<SessionStore> {
    let id = match agent.map(str::trim).filter(|a| !a.is_empty()) {
        Some(id) => id.to_owned(),
        None => {
            let snapshot = ctx.snapshot()?;
            let Some(config) = snapshot.config.as_ref() else {
                bail!(
                    "config {} is invalid; pass --agent <id> or run `openclaw config validate`",
                    snapshot.path.display()
                );
            };
            config.agents.default_agent_id.clone()
        }
    };
    let agent = AgentId::new(&id).with_context(|| format!("invalid agent id {id:?}"))?;
    Ok(SessionStore::new(&StateDir::new(ctx.state_dir()), &agent))
}

fn list(ctx: &RunContext, args: &SessionsArgs) -> anyhow::Result<()> {
    let active = match args.active.as_deref().map(str::trim) {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(minutes) if minutes > 0 => Some(minutes),
            _ => bail!("--active must be a positive integer"),
        },
    };
    let store = store_for(ctx, args.agent.as_deref())?;
    let now = now_ms();
    let records: Vec<SessionRecord> = store
        .list()
        .with_context(|| format!("reading {}", store.file().display()))?
        .into_iter()
        .filter(|record| active.is_none_or(|minutes| now - record.updated_at() <= minutes.saturating_mul(60_000)))
        .collect();
    let total = records.len();
    let shown = &records[..total.min(LIST_LIMIT)];
    let path = store.file().display().to_string();
    if args.json {
        let sessions: Vec<Value> = shown.iter().map(|record| session_json(record, now)).collect();
        render::json(&json!({
            "path": path,
            "count": shown.len(),
            "totalCount": total,
            "limitApplied": LIST_LIMIT,
            "hasMore": total > shown.len(),
            "activeMinutes": active,
            "sessions": sessions,
        }));
        return Ok(());
    }
    let mut lines = vec![format!("Session store: {path}"), format!("Sessions listed: {}", shown.len())];
    if let Some(minutes) = active {
        lines.push(format!("Filtered to last {minutes} minute(s)"));
    }
    if shown.is_empty() {
        lines.push("No sessions found.".to_owned());
        render::out(&lines.join("\n"));
        return Ok(());
    }
    let mut rows = vec![["Key", "Age", "Model", "Tokens", "Session"].map(str::to_owned).to_vec()];
    rows.extend(shown.iter().map(|record| session_row(record, now)));
    lines.extend(aligned(&rows, ctx.color));
    if total > shown.len() {
        lines.push(format!("… and {} more (use --active to narrow the list)", total - shown.len()));
    }
    render::out(&lines.join("\n"));
    Ok(())
}

/// The stored entry with `key` and `ageMs` added; `updatedAt` and `ageMs` are null when the
/// entry has no time, rather than 1970.
fn session_json(record: &SessionRecord, now: i64) -> Value {
    let updated = Some(record.updated_at()).filter(|at| *at > 0);
    let mut out = Map::new();
    out.insert("key".into(), record.key.clone().into());
    out.insert("updatedAt".into(), updated.into());
    out.insert("ageMs".into(), updated.map(|at| (now - at).max(0)).into());
    for (field, value) in &record.entry {
        if !out.contains_key(field) {
            out.insert(field.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn session_row(record: &SessionRecord, now: i64) -> Vec<String> {
    let text = |field: &str| record.entry.get(field).and_then(Value::as_str).unwrap_or("-").to_owned();
    let updated = record.updated_at();
    let when = if updated > 0 { age(now - updated) } else { "-".to_owned() };
    let tokens = match record.entry.get("totalTokens").and_then(Value::as_u64) {
        Some(total) => match record.entry.get("contextTokens").and_then(Value::as_u64) {
            Some(context) if context > 0 => format!("{total}/{context}"),
            _ => total.to_string(),
        },
        None => "-".to_owned(),
    };
    vec![record.key.clone(), when, text("model"), tokens, text("sessionId")]
}
