//! `system-presence`: the gateway's own entry plus one per connected client, as the Control
//! UI's instances view shows them.

use std::sync::Arc;

use serde_json::{Value, json};

use super::MethodResult;
use crate::state::GatewayState;

/// The gateway's own presence entry.
pub fn self_entry(state: &Arc<GatewayState>) -> Value {
    let text = format!("Gateway: {} · app {} · mode gateway · reason self", state.boot.host, state.boot.version);
    json!({
        "host": state.boot.host,
        "version": state.boot.version,
        "platform": std::env::consts::OS,
        "mode": "gateway",
        "reason": "self",
        "instanceId": state.boot.boot_id,
        "text": text,
        "ts": state.boot.started_at_ms,
    })
}

pub fn entries(state: &Arc<GatewayState>) -> Vec<Value> {
    let mut all = vec![self_entry(state)];
    all.extend(state.registry.presence());
    all
}

pub fn list(state: &Arc<GatewayState>) -> MethodResult {
    Ok(Value::Array(entries(state)))
}
