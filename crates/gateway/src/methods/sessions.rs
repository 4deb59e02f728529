//! `sessions.list`, `sessions.preview` and `chat.history`: reads of the session stores. Any
//! operator with `operator.read` may read any session of this gateway — the personal-assistant
//! trust model of the security document (one trusted operator boundary per gateway).

use std::sync::Arc;

use openclaw_protocol::methods::chat::{CHAT_HISTORY_MAX_BYTES, ChatHistoryParams};
use openclaw_protocol::methods::sessions::{SessionsListParams, SessionsPreviewParams};
use openclaw_store::AgentId;
use openclaw_store::sessions::{list_sessions, transcript_messages};
use serde_json::{Value, json};

use super::{MethodResult, invalid, params, unavailable};
use crate::sessions_view::{find, resolve_key};
use crate::state::GatewayState;

const DEFAULT_LIST_LIMIT: usize = 100;
const DEFAULT_HISTORY_LIMIT: usize = 200;
const MAX_HISTORY_LIMIT: usize = 1000;
const DEFAULT_PREVIEW_LIMIT: usize = 12;
const DEFAULT_PREVIEW_CHARS: usize = 240;

pub fn list(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: SessionsListParams = params("sessions.list", raw)?;
    let runtime = state.runtime();
    let now = state.now_ms();
    let agents: Vec<String> = match &p.agent_id {
        Some(id) => vec![id.trim().to_lowercase()],
        None => runtime.config.agents.list.iter().map(|a| a.id.clone()).collect(),
    };
    let search = p.search.as_deref().map(str::to_lowercase).filter(|s| !s.is_empty());
    let mut rows = Vec::new();
    for agent in &agents {
        let Ok(agent_id) = AgentId::new(agent) else { continue };
        let records = list_sessions(&state.state_dir, &agent_id).map_err(|e| unavailable(e.to_string()))?;
        for record in records {
            if let Some(minutes) = p.active_minutes
                && now - record.updated_at() > minutes.saturating_mul(60_000)
            {
                continue;
            }
            let label = record.entry.get("label").and_then(Value::as_str);
            if p.label.as_deref().is_some_and(|want| Some(want) != label) {
                continue;
            }
            let spawned_by = record.entry.get("spawnedBy").and_then(Value::as_str);
            if p.spawned_by.as_deref().is_some_and(|want| Some(want) != spawned_by) {
                continue;
            }
            if let Some(needle) = &search {
                let hay = format!(
                    "{} {} {}",
                    record.key,
                    label.unwrap_or(""),
                    record.entry.get("displayName").and_then(Value::as_str).unwrap_or("")
                )
                .to_lowercase();
                if !hay.contains(needle) {
                    continue;
                }
            }
            let mut row = Value::Object(record.entry.clone());
            row["key"] = json!(record.key);
            row["agentId"] = json!(agent);
            row["age"] = json!(now - record.updated_at());
            rows.push(row);
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r["updatedAt"].as_i64().unwrap_or(0)));
    let total = rows.len();
    let limit = p.limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(DEFAULT_LIST_LIMIT);
    rows.truncate(limit);
    Ok(json!({"ts": now, "count": rows.len(), "totalCount": total, "sessions": rows}))
}

pub fn preview(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: SessionsPreviewParams = params("sessions.preview", raw)?;
    if p.keys.is_empty() {
        return Err(invalid("invalid sessions.preview params: keys must have at least 1 item"));
    }
    let runtime = state.runtime();
    let limit = p.limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(DEFAULT_PREVIEW_LIMIT);
    let max_chars = p.max_chars.and_then(|c| usize::try_from(c).ok()).unwrap_or(DEFAULT_PREVIEW_CHARS).max(20);
    let previews: Vec<Value> = p
        .keys
        .iter()
        .map(|key| {
            let (agent, store_key) = resolve_key(key, &runtime.config.agents.default_agent_id);
            let Some(record) = find(&state.state_dir, &agent, &store_key) else {
                return json!({"key": key, "status": "missing", "items": []});
            };
            let dir = AgentId::new(&agent).map(|a| state.state_dir.sessions_dir(&a)).ok();
            let messages = dir
                .and_then(|d| record.transcript_path(&d))
                .and_then(|path| transcript_messages(&path).ok())
                .unwrap_or_default();
            let items: Vec<Value> = messages
                .iter()
                .rev()
                .filter_map(|m| preview_item(m, max_chars))
                .take(limit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let status = if items.is_empty() { "empty" } else { "ok" };
            json!({"key": key, "status": status, "items": items})
        })
        .collect();
    Ok(json!({"ts": state.now_ms(), "previews": previews}))
}

fn preview_item(message: &Value, max_chars: usize) -> Option<Value> {
    let role = message.get("role")?.as_str()?;
    let text = message_text(message);
    if text.is_empty() {
        return None;
    }
    let clipped: String = if text.chars().count() > max_chars {
        let mut s: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        text
    };
    Some(json!({"role": role, "text": clipped}))
}

fn message_text(message: &Value) -> String {
    match message.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

pub fn chat_history(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: ChatHistoryParams = params("chat.history", raw)?;
    let runtime = state.runtime();
    let (agent, store_key) = resolve_key(&p.session_key, &runtime.config.agents.default_agent_id);
    let limit =
        p.limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(DEFAULT_HISTORY_LIMIT).clamp(1, MAX_HISTORY_LIMIT);
    let Some(record) = find(&state.state_dir, &agent, &store_key) else {
        return Ok(json!({"sessionKey": p.session_key, "messages": []}));
    };
    let dir = AgentId::new(&agent).map(|a| state.state_dir.sessions_dir(&a)).map_err(|e| invalid(e.to_string()))?;
    let messages = record
        .transcript_path(&dir)
        .map(|path| transcript_messages(&path))
        .transpose()
        .map_err(|e| unavailable(e.to_string()))?
        .unwrap_or_default();
    // Newest `limit` messages, then trimmed from the oldest end to the 6 MiB response cap.
    let start = messages.len().saturating_sub(limit);
    let mut kept: Vec<Value> = messages[start..].to_vec();
    let mut bytes: usize = kept.iter().map(|m| m.to_string().len()).sum();
    while bytes > CHAT_HISTORY_MAX_BYTES && !kept.is_empty() {
        bytes -= kept.remove(0).to_string().len();
    }
    let mut out = json!({"sessionKey": p.session_key, "sessionId": record.session_id(), "messages": kept});
    for (field, key) in [("thinkingLevel", "thinkingLevel"), ("verboseLevel", "verboseLevel")] {
        if let Some(v) = record.entry.get(key) {
            out[field] = v.clone();
        }
    }
    Ok(out)
}
