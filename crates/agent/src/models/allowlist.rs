//! `agents.defaults.models` as the list of models a session may switch to, as OpenClaw reads
//! it: with no entries every model may be chosen; with entries, only the listed ones
//! (`provider/*` for all of a provider's models) and the agent's own configured chain. The rule
//! applies to every choice made at run time: `/model`, `sessions.patch`'s `model`, the `agent`
//! method's `model` and `/v1`'s `x-openclaw-model`.

use serde_json::Value;

use super::chain::ChainConfig;
use super::model_ref::{DEFAULT_PROVIDER, ModelRef, normalize_provider_id};
use crate::AgentError;

/// Refuses `raw` (a `provider/model`, bare id or alias) when the allowlist does not admit it
/// for `agent_id`, with an error naming the model, the agent and the key to change.
pub fn check_model_choice(config: &Value, agent_id: &str, raw: &str) -> Result<(), AgentError> {
    let Some(entries) = entries(config) else { return Ok(()) };
    check(&entries, &ChainConfig::read(config, agent_id)?, agent_id, raw)
}

/// [`check_model_choice`]'s answer for many choices of one agent (`/models` lists every
/// configured model), with the allowlist and the agent's model settings read once.
pub(crate) fn choice_allowed(config: &Value, agent_id: &str) -> impl Fn(&str) -> bool {
    let allowlist = entries(config).map(|entries| (entries, ChainConfig::read(config, agent_id).ok()));
    move |raw| match &allowlist {
        None => true,
        Some((entries, Some(chains))) => check(entries, chains, agent_id, raw).is_ok(),
        Some((_, None)) => false,
    }
}

fn check(entries: &[Entry], chains: &ChainConfig, agent_id: &str, raw: &str) -> Result<(), AgentError> {
    let chosen = chains.chain(Some(raw))?.primary;
    let listed = entries.iter().any(|entry| match entry {
        Entry::Provider(provider) => *provider == chosen.provider,
        Entry::Model(model) => *model == chosen,
    });
    if listed || chains.chain(None)?.models().any(|m| *m == chosen) {
        return Ok(());
    }
    Err(AgentError::Config {
        message: format!("Model \"{chosen}\" is not allowed for agent \"{agent_id}\" (not in agents.defaults.models)."),
    })
}

/// The exact `provider/model` keys of the allowlist, in config order; `None` when every model
/// is allowed.
pub fn listed_models(config: &Value) -> Option<Vec<String>> {
    let entries = entries(config)?;
    Some(
        entries
            .into_iter()
            .filter_map(|entry| match entry {
                Entry::Model(model) => Some(model.key()),
                Entry::Provider(_) => None,
            })
            .collect(),
    )
}

enum Entry {
    Provider(String),
    Model(ModelRef),
}

fn entries(config: &Value) -> Option<Vec<Entry>> {
    let map = config.pointer("/agents/defaults/models")?.as_object()?;
    let entries: Vec<Entry> = map
        .keys()
        .filter_map(|key| {
            let key = key.trim();
            match key.strip_suffix("/*") {
                Some(provider) if !provider.trim().is_empty() => Some(Entry::Provider(normalize_provider_id(provider))),
                Some(_) => None,
                None => ModelRef::parse(key, DEFAULT_PROVIDER).map(Entry::Model),
            }
        })
        .collect();
    (!entries.is_empty()).then_some(entries)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn config(models: Value) -> Value {
        json!({"agents": {"defaults": {"model": {"primary": "openai/gpt-5", "fallbacks": ["anthropic/claude-sonnet-4-5"]},
                                       "models": models}}})
    }

    #[test]
    fn without_entries_every_model_may_be_chosen() {
        assert!(check_model_choice(&config(json!({})), "main", "ollama/llama3").is_ok());
        assert!(check_model_choice(&json!({}), "main", "ollama/llama3").is_ok());
        assert_eq!(listed_models(&config(json!({}))), None);
    }

    #[test]
    fn with_entries_only_they_and_the_configured_chain_may() {
        let config = config(json!({"openai/gpt-5-mini": {"alias": "mini"}, "ollama/*": {}}));
        for allowed in
            ["openai/gpt-5-mini", "mini", "ollama/llama3", "OLLAMA/qwen", "openai/gpt-5", "anthropic/claude-sonnet-4-5"]
        {
            assert!(check_model_choice(&config, "main", allowed).is_ok(), "{allowed}");
        }
        let refused = check_model_choice(&config, "main", "openai/o3").unwrap_err().to_string();
        assert!(refused.contains("Model \"openai/o3\" is not allowed for agent \"main\""), "{refused}");
        assert!(check_model_choice(&config, "main", "gpt-4o").is_err(), "a bare id takes the default provider");
        assert_eq!(listed_models(&config), Some(vec!["openai/gpt-5-mini".to_owned()]));
    }
}
