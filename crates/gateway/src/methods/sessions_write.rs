//! `sessions.patch` and `sessions.reset`: an operator changing a session's settings (thinking,
//! verbosity, model, send policy…) or starting it afresh. Both write `sessions.json` through the
//! store's lock; a reset also aborts the session's active runs and archives the old transcript
//! (`*.reset.<ts>`), as `/new` and `/reset` do from chat.

use std::sync::Arc;

use openclaw_policy::inbound::reset::keep_explicit_settings;
use openclaw_protocol::methods::{SessionsPatchParams, SessionsResetParams};
use openclaw_store::sessions::{NewSession, set_model_override};
use openclaw_store::{AgentId, SessionStore};
use serde_json::{Map, Value, json};

use super::{MethodResult, invalid, params, unavailable};
use crate::sessions_view::resolve_key;
use crate::state::GatewayState;

fn store_for(
    state: &GatewayState,
    key: &str,
    agent: Option<&str>,
) -> Result<(SessionStore, String), openclaw_protocol::ErrorShape> {
    let runtime = state.runtime();
    let (agent_id, store_key) = resolve_key(key, &runtime.config.agents.default_agent_id);
    if let Some(agent) = agent
        && agent.trim().to_lowercase() != agent_id
    {
        return Err(invalid(format!("agentId \"{agent}\" does not match the agent of session \"{store_key}\"")));
    }
    let agent = AgentId::new(&agent_id).map_err(|e| invalid(e.to_string()))?;
    Ok((SessionStore::new(&state.state_dir, &agent), store_key))
}

pub fn patch(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: SessionsPatchParams = params("sessions.patch", raw)?;
    let (store, key) = store_for(state, &p.key, p.agent_id.as_deref())?;
    let current = store.get(&key).map_err(|e| unavailable(e.to_string()))?;
    if let Some(expected) = &p.expected_session_id
        && current.as_ref().and_then(|r| r.session_id()) != Some(expected.as_str())
    {
        return Err(invalid(format!("session \"{key}\" was reset or replaced; re-read it and retry")));
    }
    // A model the allowlist (`agents.defaults.models`) refuses is refused here, not at the
    // session's next run.
    let model = p.fields.iter().find(|(field, _)| field == "model").and_then(|(_, value)| value.as_deref());
    if let Some(model) = model {
        let (agent_id, _) = resolve_key(&key, &state.runtime().config.agents.default_agent_id);
        state.check_model(&agent_id, model).map_err(invalid)?;
    }
    let now = state.now_ms();
    let (record, ()) = store
        .upsert_entry(&key, |entry| {
            for (field, value) in &p.fields {
                apply_field(entry, field, value.as_deref());
            }
            entry.insert("updatedAt".into(), now.into());
        })
        .map_err(|e| unavailable(e.to_string()))?;
    Ok(json!({"ok": true, "key": key, "entry": Value::Object(record.entry)}))
}

/// `model` is stored split, as OpenClaw's `modelOverride` + `providerOverride`.
fn apply_field(entry: &mut Map<String, Value>, field: &str, value: Option<&str>) {
    if field == "model" {
        set_model_override(entry, value);
        return;
    }
    match value {
        Some(value) => entry.insert(field.to_owned(), value.into()),
        None => entry.remove(field),
    };
}

pub fn reset(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: SessionsResetParams = params("sessions.reset", raw)?;
    let (store, key) = store_for(state, &p.key, p.agent_id.as_deref())?;
    if let Some(expected) = &p.expected_session_id {
        let current = store.get(&key).map_err(|e| unavailable(e.to_string()))?;
        if current.as_ref().and_then(|r| r.session_id()) != Some(expected.as_str()) {
            return Err(invalid(format!("session \"{key}\" was already reset or replaced")));
        }
    }
    let aborted = state.runs.abort(&key, None);
    let options = NewSession { cwd: state.load.cwd.display().to_string(), topic_id: None, archive_previous: true };
    let started = store
        .new_session(&key, state.now_ms(), &options, keep_explicit_settings)
        .map_err(|e| unavailable(e.to_string()))?;
    tracing::info!(session = %key, reason = %p.reason, aborted = aborted.len(), "session reset");
    Ok(json!({"ok": true, "key": key, "entry": Value::Object(started.record.entry)}))
}
