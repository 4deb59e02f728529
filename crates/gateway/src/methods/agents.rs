//! `agents.list`: the configured agents with their workspaces and the session defaults
//! (`defaultId`, `mainKey`, `scope`).

use std::sync::Arc;

use serde_json::{Value, json};

use super::MethodResult;
use crate::state::GatewayState;

pub fn list(state: &Arc<GatewayState>) -> MethodResult {
    let runtime = state.runtime();
    let config = &runtime.config;
    let agents: Vec<Value> = config
        .agents
        .list
        .iter()
        .map(|agent| {
            let workspace = config.agents.workspace_of(&agent.id, &state.state_dir.root().display().to_string());
            let mut entry = json!({"id": agent.id, "workspace": workspace});
            if let Some(name) = &agent.name {
                entry["name"] = json!(name);
            }
            entry
        })
        .collect();
    Ok(json!({
        "defaultId": config.agents.default_agent_id,
        "mainKey": config.session.main_key,
        "scope": serde_json::to_value(config.session.dm_scope).unwrap_or(Value::Null),
        "agents": agents,
    }))
}
