//! Read-only views of the session stores for the control plane (`sessions.list`,
//! `sessions.preview`, `chat.history`, the session counts in `health`/`status`). Writes to
//! sessions belong to the inbound pipeline; this module only reads through `openclaw-store`.

use openclaw_policy::session_key::{agent_id_from_session_key, to_store_session_key};
use openclaw_store::sessions::{SessionRecord, list_sessions, sessions_file};
use openclaw_store::{AgentId, StateDir};
use serde_json::{Value, json};

/// `{path, count, recent:[{key, updatedAt, age}]}` for one agent.
pub fn summary(state: &StateDir, agent: &str, recent: usize) -> Value {
    let Ok(agent_id) = AgentId::new(agent) else {
        return json!({"path": Value::Null, "count": 0, "recent": []});
    };
    let path = sessions_file(state, &agent_id).display().to_string();
    let records = list_sessions(state, &agent_id).unwrap_or_default();
    let recent: Vec<Value> =
        records.iter().take(recent).map(|r| json!({"key": r.key, "updatedAt": r.updated_at()})).collect();
    json!({"path": path, "count": records.len(), "recent": recent})
}

/// Splits a request session key into (agent, store key) with the session-key rules of
/// `openclaw-policy`: `agent:<id>:<rest>` names its agent, `main` (or nothing) is the default
/// agent's main session, any other key belongs to the default agent; keys are case-folded.
pub fn resolve_key(key: &str, default_agent: &str) -> (String, String) {
    let store_key = to_store_session_key(default_agent, Some(key));
    (agent_id_from_session_key(&store_key), store_key)
}

/// The stored record for `key`, if any.
pub fn find(state: &StateDir, agent: &str, store_key: &str) -> Option<SessionRecord> {
    let agent = AgentId::new(agent).ok()?;
    list_sessions(state, &agent).ok()?.into_iter().find(|r| r.key == store_key)
}

#[cfg(test)]
mod tests {
    use super::resolve_key;

    #[test]
    fn keys_resolve_to_their_agent() {
        assert_eq!(resolve_key("agent:Work:main", "main"), ("work".into(), "agent:work:main".into()));
        assert_eq!(resolve_key("main", "main"), ("main".into(), "agent:main:main".into()));
        assert_eq!(resolve_key("hook:abc", "ops"), ("ops".into(), "agent:ops:hook:abc".into()));
    }
}
