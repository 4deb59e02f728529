//! How a session's own model choice is stored in its `sessions.json` entry: OpenClaw splits
//! `provider/model` into `providerOverride` + `modelOverride` (a bare model has no provider
//! override). One reading and one writing of that format for every caller (`sessions.patch`,
//! `/new <model>`, the runtime choosing a model).

use serde_json::{Map, Value};

/// The entry's model override as `provider/model` (or a bare model id).
pub fn model_override(entry: &Map<String, Value>) -> Option<String> {
    let model = entry.get("modelOverride").and_then(Value::as_str).filter(|s| !s.is_empty())?;
    Some(match entry.get("providerOverride").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        Some(provider) => format!("{provider}/{model}"),
        None => model.to_owned(),
    })
}

/// Sets (or, with `None` or an empty string, clears) the entry's model override.
pub fn set_model_override(entry: &mut Map<String, Value>, model: Option<&str>) {
    entry.remove("providerOverride");
    entry.remove("modelOverride");
    let Some(model) = model.filter(|m| !m.is_empty()) else { return };
    match model.split_once('/') {
        Some((provider, id)) => {
            entry.insert("providerOverride".into(), provider.into());
            entry.insert("modelOverride".into(), id.into());
        }
        None => {
            entry.insert("modelOverride".into(), model.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_round_trips_and_a_bare_one_drops_the_provider() {
        let mut entry = Map::new();
        set_model_override(&mut entry, Some("anthropic/claude"));
        assert_eq!(entry["providerOverride"], "anthropic");
        assert_eq!(model_override(&entry).as_deref(), Some("anthropic/claude"));
        set_model_override(&mut entry, Some("llama3"));
        assert!(!entry.contains_key("providerOverride"));
        assert_eq!(model_override(&entry).as_deref(), Some("llama3"));
        set_model_override(&mut entry, None);
        assert!(entry.is_empty());
        assert_eq!(model_override(&entry), None);
    }
}
