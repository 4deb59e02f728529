//! `models.list`: the models configured under `models.providers` (and the agents' primary
//! and fallback model refs), as `{models: [{id, name, provider, …}]}`. No provider is queried:
//! listing is a read of the config, as the catalogue view needs.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Value, json};

use super::MethodResult;
use crate::state::GatewayState;

pub fn list(state: &Arc<GatewayState>) -> MethodResult {
    let runtime = state.runtime();
    let resolved = runtime.snapshot.resolved.clone().unwrap_or(Value::Null);
    let mut models = Vec::new();
    let mut seen = BTreeSet::new();
    if let Some(providers) = resolved.pointer("/models/providers").and_then(Value::as_object) {
        for (provider, entry) in providers {
            for model in entry.get("models").and_then(Value::as_array).into_iter().flatten() {
                let Some(id) = model.get("id").and_then(Value::as_str) else { continue };
                if !seen.insert(format!("{provider}/{id}")) {
                    continue;
                }
                let mut item = json!({
                    "id": id,
                    "name": model.get("name").and_then(Value::as_str).unwrap_or(id),
                    "provider": provider,
                });
                for key in ["contextWindow", "maxTokens", "reasoning", "input"] {
                    if let Some(v) = model.get(key) {
                        item[key] = v.clone();
                    }
                }
                models.push(item);
            }
        }
    }
    Ok(json!({"models": models}))
}
