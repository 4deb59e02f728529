//! `session_status`: a status card for the current session (model, token counters, settings,
//! the current time), so the model can answer "which model are you?" or "what time is it?"
//! from facts instead of guessing. Read-only; reads the session's `sessions.json` entry.

use std::sync::Arc;

use openclaw_providers::BoxFuture;
use openclaw_store::{AgentId, SessionStore, StateDir};
use serde_json::{Value, json};

use crate::tool::{Tool, ToolContext, ToolOutput};

/// Entry fields worth showing, with their labels.
const SHOWN: &[(&str, &str)] = &[
    ("modelProvider", "Provider"),
    ("model", "Model"),
    ("thinkingLevel", "Thinking"),
    ("verboseLevel", "Verbose"),
    ("reasoningLevel", "Reasoning"),
    ("queueMode", "Queue"),
    ("inputTokens", "Input tokens (last turn)"),
    ("outputTokens", "Output tokens (last turn)"),
    ("totalTokens", "Context tokens"),
    ("contextTokens", "Context window"),
];

/// The `session_status` tool over one state directory.
pub struct SessionStatusTool {
    state_dir: StateDir,
    /// Wall clock in ms and the IANA zone name, injected so tests are deterministic.
    now: Arc<dyn Fn() -> (i64, String) + Send + Sync>,
}

impl SessionStatusTool {
    pub fn new(state_dir: StateDir, now: Arc<dyn Fn() -> (i64, String) + Send + Sync>) -> Self {
        Self { state_dir, now }
    }
}

impl Tool for SessionStatusTool {
    fn name(&self) -> &str {
        "session_status"
    }

    fn description(&self) -> &str {
        "Show the current session's status: model, token usage, settings and the current date and time."
    }

    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {}, "additionalProperties": false})
    }

    fn call<'a>(&'a self, _arguments: Value, context: &'a ToolContext) -> BoxFuture<'a, ToolOutput> {
        Box::pin(async move {
            let (now_ms, zone) = (self.now)();
            let entry = AgentId::new(&context.agent_id)
                .ok()
                .and_then(|agent| SessionStore::new(&self.state_dir, &agent).get(&context.session_key).ok().flatten())
                .map(|record| record.entry);
            let mut lines = vec![
                format!("Agent: {}", context.agent_id),
                format!("Session: {}", context.session_key),
                format!("Session id: {}", context.session_id),
            ];
            for (field, label) in SHOWN {
                if let Some(value) = entry.as_ref().and_then(|e| e.get(*field)) {
                    let shown = match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    lines.push(format!("{label}: {shown}"));
                }
            }
            let time = jiff::Timestamp::from_millisecond(now_ms)
                .ok()
                .and_then(|ts| jiff::tz::TimeZone::get(&zone).ok().map(|tz| tz.to_datetime(ts)))
                .map_or_else(
                    || format!("{now_ms} ms since the epoch"),
                    |t| t.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                );
            lines.push(format!("Time: {time} ({zone})"));
            let mut output = ToolOutput::text(lines.join("\n"));
            output.details = entry.map(Value::Object);
            output
        })
    }
}

#[cfg(test)]
mod tests {
    use openclaw_providers::Cancellation;

    use super::*;

    #[tokio::test]
    async fn reports_the_session_entry_and_the_time() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path().to_path_buf());
        let store = SessionStore::new(&state, &AgentId::new("main").unwrap());
        store
            .upsert_entry("agent:main:main", |e| {
                e.insert("sessionId".into(), "s1".into());
                e.insert("model".into(), "m1".into());
                e.insert("totalTokens".into(), 42.into());
            })
            .unwrap();
        let tool = SessionStatusTool::new(state, Arc::new(|| (1_800_000_000_000, "UTC".to_owned())));
        let context = ToolContext {
            agent_id: "main".into(),
            session_key: "agent:main:main".into(),
            session_id: "s1".into(),
            run_id: "r".into(),
            sender_is_owner: true,
            cancel: Cancellation::new(),
        };
        let output = tool.call(json!({}), &context).await;
        assert!(!output.is_error);
        assert!(output.content.contains("Model: m1"), "{}", output.content);
        assert!(output.content.contains("Context tokens: 42"));
        assert!(output.content.contains("Time: 2027-01-15 08:00:00 (UTC)"), "{}", output.content);
    }
}
