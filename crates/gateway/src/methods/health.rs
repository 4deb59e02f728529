//! `health` (cheap liveness summary, also sent in `hello-ok.snapshot.health`) and `status`
//! (what the gateway runs: version, agents, channels, sessions). Both report only what this
//! process really has: channels configured but not running say so.

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

use super::MethodResult;
use crate::sessions_view;
use crate::state::GatewayState;
use crate::ws::session::Session;

/// The `health` payload.
pub fn snapshot(state: &Arc<GatewayState>) -> Value {
    let started = Instant::now();
    let runtime = state.runtime();
    let agents = &runtime.config.agents;
    let mut all_sessions = Vec::new();
    let agent_entries: Vec<Value> = agents
        .list
        .iter()
        .map(|agent| {
            let summary = sessions_view::summary(&state.state_dir, &agent.id, 5);
            all_sessions.push(summary.clone());
            json!({"agentId": agent.id, "isDefault": agent.id == agents.default_agent_id, "sessions": summary})
        })
        .collect();
    let default_sessions = agents
        .list
        .iter()
        .position(|a| a.id == agents.default_agent_id)
        .and_then(|i| all_sessions.get(i).cloned())
        .unwrap_or_else(|| json!({"path": Value::Null, "count": 0, "recent": []}));
    let channels = crate::methods::channels::channel_map(&runtime);
    json!({
        "ok": true,
        "ts": state.now_ms(),
        "durationMs": u64::try_from(started.elapsed().as_millis()).unwrap_or(0),
        "channels": channels.0,
        "channelOrder": channels.1,
        "channelLabels": channels.2,
        "defaultAgentId": agents.default_agent_id,
        "agents": agent_entries,
        "sessions": default_sessions,
    })
}

pub fn health(state: &Arc<GatewayState>) -> MethodResult {
    Ok(snapshot(state))
}

pub fn status(state: &Arc<GatewayState>, session: &Session) -> MethodResult {
    let runtime = state.runtime();
    let agents = &runtime.config.agents;
    let by_agent: Vec<Value> = agents
        .list
        .iter()
        .map(|agent| {
            let mut summary = sessions_view::summary(&state.state_dir, &agent.id, 5);
            // Paths on the gateway host are admin-only detail.
            if !session.has_scope("operator.admin") {
                summary["path"] = json!("[redacted]");
            }
            summary["agentId"] = json!(agent.id);
            summary
        })
        .collect();
    let count: u64 = by_agent.iter().filter_map(|a| a["count"].as_u64()).sum();
    let channels = crate::methods::channels::channel_map(&runtime);
    Ok(json!({
        "runtimeVersion": state.boot.version,
        "uptimeMs": state.uptime_ms(),
        "channelSummary": channels.1,
        "queuedSystemEvents": [],
        "sessions": {"count": count, "recent": [], "byAgent": by_agent},
        "connections": state.registry.len(),
    }))
}
