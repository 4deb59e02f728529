//! Per-model request settings from the config (OpenClaw's "extra params"): `params` objects in
//! `agents.defaults.params`, `agents.defaults.models.<provider/model>.params`, the agent's
//! `models.<provider/model>.params` and the agent's own `params`, merged in that order (later
//! wins, key by key). The settings a request can carry are read: `temperature`, `topP`, the token
//! cap (`maxTokens`, `max_completion_tokens` or `max_tokens`), `frequencyPenalty`,
//! `presencePenalty` (also snake_case), `seed`, `stop` and `responseFormat`
//! (`response_format`). A caller's own settings (the `/v1` endpoints) win over these.

use openclaw_providers::Sampling;
use serde_json::{Map, Value};

use super::chain::agent_entry;

/// What the config asks of every call to one model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelParams {
    pub max_tokens: Option<u32>,
    pub sampling: Sampling,
}

impl ModelParams {
    /// The merged `params` for `provider/model` run by `agent_id`.
    pub fn from_config(config: &Value, agent_id: &str, provider: &str, model: &str) -> Self {
        ParamSources::find(config, agent_id).params(provider, model)
    }

    fn from_merged(params: &Map<String, Value>) -> Self {
        let first = |keys: &[&str]| keys.iter().find_map(|k| params.get(*k)).cloned();
        let number = |keys: &[&str]| first(keys).and_then(|v| v.as_f64()).filter(|n| n.is_finite());
        let stop = match first(&["stop"]) {
            Some(Value::String(one)) if !one.is_empty() => vec![one],
            Some(Value::Array(many)) => {
                many.iter().filter_map(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned).collect()
            }
            _ => Vec::new(),
        };
        Self {
            max_tokens: number(MAX_TOKENS_KEYS)
                .filter(|n| *n >= 1.0)
                // Saturating: a cap beyond u32 is no cap the providers would notice.
                .map(|n| if n >= f64::from(u32::MAX) { u32::MAX } else { n as u32 }),
            sampling: Sampling {
                temperature: number(&["temperature"]),
                top_p: number(&["topP"]),
                frequency_penalty: number(&["frequencyPenalty", "frequency_penalty"]),
                presence_penalty: number(&["presencePenalty", "presence_penalty"]),
                seed: first(&["seed"]).and_then(|v| v.as_i64()),
                stop,
                response_format: first(&["responseFormat", "response_format"]).filter(Value::is_object),
            },
        }
    }

    /// These settings under `caller`'s: each setting the caller gave wins.
    pub fn under(&self, caller_max_tokens: Option<u32>, caller: &Sampling) -> (Option<u32>, Sampling) {
        let base = &self.sampling;
        let sampling = Sampling {
            temperature: caller.temperature.or(base.temperature),
            top_p: caller.top_p.or(base.top_p),
            frequency_penalty: caller.frequency_penalty.or(base.frequency_penalty),
            presence_penalty: caller.presence_penalty.or(base.presence_penalty),
            seed: caller.seed.or(base.seed),
            stop: if caller.stop.is_empty() { base.stop.clone() } else { caller.stop.clone() },
            response_format: caller.response_format.clone().or_else(|| base.response_format.clone()),
        };
        (caller_max_tokens.or(self.max_tokens), sampling)
    }
}

/// Where one agent's `params` live in the config: found once for every model of its chain.
pub(crate) struct ParamSources<'a> {
    defaults: Option<&'a Value>,
    agent: Option<&'a Value>,
}

impl<'a> ParamSources<'a> {
    pub(crate) fn find(config: &'a Value, agent_id: &str) -> Self {
        let agents = config.get("agents");
        Self {
            defaults: agents.and_then(|a| a.get("defaults")),
            // `agent_entry` normalises the id itself, like every other agent lookup.
            agent: agent_entry(agents, agent_id),
        }
    }

    /// The merged `params` for `provider/model`.
    pub(crate) fn params(&self, provider: &str, model: &str) -> ModelParams {
        let Self { defaults, agent } = *self;
        let sources = [
            defaults.and_then(|d| d.get("params")),
            defaults.and_then(|d| model_entry(d.get("models"), provider, model)).and_then(|m| m.get("params")),
            agent.and_then(|a| model_entry(a.get("models"), provider, model)).and_then(|m| m.get("params")),
            agent.and_then(|a| a.get("params")),
        ];
        let mut merged = Map::new();
        for source in sources.into_iter().flatten().filter_map(Value::as_object) {
            for (key, value) in source {
                // An alias replaces its other spelling from an earlier source.
                for alias in aliases(key) {
                    merged.remove(*alias);
                }
                merged.insert(key.clone(), value.clone());
            }
        }
        ModelParams::from_merged(&merged)
    }
}

/// OpenClaw's token-cap spellings, in the order it reads them.
const MAX_TOKENS_KEYS: &[&str] = &["maxTokens", "max_completion_tokens", "max_tokens"];

/// The other spellings of `key`, which a later source's `key` overrides.
fn aliases(key: &str) -> &'static [&'static str] {
    match key {
        "maxTokens" | "max_completion_tokens" | "max_tokens" => MAX_TOKENS_KEYS,
        "frequencyPenalty" | "frequency_penalty" => &["frequencyPenalty", "frequency_penalty"],
        "presencePenalty" | "presence_penalty" => &["presencePenalty", "presence_penalty"],
        "responseFormat" | "response_format" => &["responseFormat", "response_format"],
        _ => &[],
    }
}

/// The `models` map entry for `provider/model`; the provider part is matched case-insensitively
/// (provider ids are normalised to lowercase), the model id exactly.
fn model_entry<'a>(models: Option<&'a Value>, provider: &str, model: &str) -> Option<&'a Value> {
    let models = models?.as_object()?;
    models.get(&format!("{provider}/{model}")).or_else(|| {
        models.iter().find_map(|(key, entry)| {
            let (p, m) = key.split_once('/')?;
            (p.trim().eq_ignore_ascii_case(provider) && m.trim() == model).then_some(entry)
        })
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sources_merge_in_order_and_aliases_replace_each_other() {
        let config = json!({"agents": {
            "defaults": {
                "params": {"temperature": 0.9, "max_tokens": 100, "stop": "A"},
                "models": {"OpenAI/gpt-5": {"alias": "g", "params": {"temperature": 0.5, "frequency_penalty": 1}}},
            },
            "list": [{"id": "work", "models": {"openai/gpt-5": {"params": {"maxTokens": 50, "seed": 4}}},
                      "params": {"topP": 0.3, "responseFormat": {"type": "json_object"}}}],
        }});
        let params = ModelParams::from_config(&config, "work", "openai", "gpt-5");
        assert_eq!(params.max_tokens, Some(50), "maxTokens of a later source replaces max_tokens");
        assert_eq!(
            params.sampling,
            Sampling {
                temperature: Some(0.5),
                top_p: Some(0.3),
                frequency_penalty: Some(1.0),
                presence_penalty: None,
                seed: Some(4),
                stop: vec!["A".into()],
                response_format: Some(json!({"type": "json_object"})),
            }
        );
        // Another agent and another model see only what applies to them.
        let main = ModelParams::from_config(&config, "main", "openai", "gpt-5");
        assert_eq!((main.max_tokens, main.sampling.temperature, main.sampling.seed), (Some(100), Some(0.5), None));
        let other = ModelParams::from_config(&config, "main", "anthropic", "claude");
        assert_eq!((other.max_tokens, other.sampling.temperature), (Some(100), Some(0.9)));
        assert_eq!(ModelParams::from_config(&json!({}), "main", "a", "b"), ModelParams::default());
    }

    #[test]
    fn the_caller_wins_setting_by_setting() {
        let params = ModelParams {
            max_tokens: Some(100),
            sampling: Sampling {
                temperature: Some(0.2),
                top_p: Some(0.9),
                stop: vec!["X".into()],
                ..Sampling::default()
            },
        };
        let caller = Sampling { temperature: Some(1.0), ..Sampling::default() };
        let (max, merged) = params.under(None, &caller);
        assert_eq!(max, Some(100));
        assert_eq!(
            merged,
            Sampling { temperature: Some(1.0), top_p: Some(0.9), stop: vec!["X".into()], ..Sampling::default() }
        );
        assert_eq!(params.under(Some(7), &Sampling::default()).0, Some(7));
    }

    #[test]
    fn unusable_values_are_left_out() {
        let config = json!({"agents": {"defaults": {"params": {
            "temperature": "hot", "maxTokens": 0, "stop": ["", 3], "seed": 1.5, "responseFormat": "json"}}}});
        assert_eq!(ModelParams::from_config(&config, "main", "a", "b"), ModelParams::default());
    }
}
