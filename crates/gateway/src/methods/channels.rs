//! `channels.status`: each configured channel and account, with whether it is enabled and
//! running. Channel runtimes are not part of this gateway yet, so every configured channel
//! reports `running: false` — the truth, which the Control UI shows as stopped.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::MethodResult;
use crate::runtime::Runtime;
use crate::state::GatewayState;

/// `(channels, channelOrder, channelLabels)` for the configured channels.
pub fn channel_map(runtime: &Runtime) -> (Value, Vec<String>, Value) {
    let resolved = runtime.snapshot.resolved.clone().unwrap_or(Value::Null);
    let mut channels = Map::new();
    let mut labels = Map::new();
    let mut order = Vec::new();
    if let Some(configured) = resolved.get("channels").and_then(Value::as_object) {
        for (id, entry) in configured {
            if id == "defaults" || !entry.is_object() {
                continue;
            }
            let enabled = entry.get("enabled").and_then(Value::as_bool).unwrap_or(true);
            channels.insert(id.clone(), json!({"configured": true, "enabled": enabled, "running": false}));
            labels.insert(id.clone(), json!(label(id)));
            order.push(id.clone());
        }
    }
    (Value::Object(channels), order, Value::Object(labels))
}

fn label(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn status(state: &Arc<GatewayState>) -> MethodResult {
    let runtime = state.runtime();
    let (channels, order, labels) = channel_map(&runtime);
    Ok(json!({
        "ts": state.now_ms(),
        "channelOrder": order,
        "channelLabels": labels,
        "channels": channels,
        "channelAccounts": {},
        "channelDefaultAccountId": {},
        "statusIssues": [],
    }))
}
