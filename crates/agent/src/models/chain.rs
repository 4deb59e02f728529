//! The model chain of one agent: its primary model and the fallbacks tried after it, resolved the
//! way OpenClaw's `resolveFallbackCandidates` (`src/agents/model-fallback.ts`) does.

use openclaw_config::model::agents::AgentModelConfig;
use openclaw_policy::session_key::normalize_agent_id;
use serde::Deserialize;
use serde_json::Value;

use super::model_ref::{DEFAULT_MODEL, DEFAULT_PROVIDER, ModelRef};
use crate::AgentError;

/// Primary first, then fallbacks, without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelChain {
    pub primary: ModelRef,
    pub fallbacks: Vec<ModelRef>,
}

impl ModelChain {
    pub fn models(&self) -> impl Iterator<Item = &ModelRef> {
        std::iter::once(&self.primary).chain(&self.fallbacks)
    }
}

/// The chain for `agent_id` from the resolved config JSON, or for `override_model` (a session's
/// `/model` choice) when given.
///
/// - primary: `override_model`, else the agent's `model`, else `agents.defaults.model`, else
///   `anthropic/claude-opus-4-6`; a bare id takes the provider of `agents.defaults.model`'s primary
///   (else `anthropic`) unless it is an alias in `agents.defaults.models`.
/// - fallbacks: the agent's `model.fallbacks` when the agent writes that key (an empty list turns
///   fallbacks off); otherwise `agents.defaults.model.fallbacks`, but only if the primary is on the
///   configured primary's provider or is itself one of those fallbacks (a session moved to another
///   vendor should not fall back into the first one's models), followed by the configured primary.
pub fn model_chain(config: &Value, agent_id: &str, override_model: Option<&str>) -> Result<ModelChain, AgentError> {
    ChainConfig::read(config, agent_id)?.chain(override_model)
}

/// What [`model_chain`] reads from the config for one agent, read once so that several chains
/// of that agent (a choice and the agent's own, when the allowlist compares them) walk and parse
/// the config only once.
pub(crate) struct ChainConfig {
    agent_model: Option<AgentModelConfig>,
    defaults_model: Option<AgentModelConfig>,
    aliases: Aliases,
    configured_primary: ModelRef,
}

impl ChainConfig {
    pub(crate) fn read(config: &Value, agent_id: &str) -> Result<Self, AgentError> {
        let agents = config.get("agents");
        let defaults_model =
            read_model(agents.and_then(|a| a.get("defaults")).and_then(|d| d.get("model")), "agents.defaults.model")?;
        let agent_model =
            read_model(agent_entry(agents, agent_id).and_then(|agent| agent.get("model")), "agent model")?;
        let aliases = Aliases::from_config(config);
        let configured_primary = primary_of(defaults_model.as_ref())
            .and_then(|raw| aliases.resolve(raw, DEFAULT_PROVIDER))
            .unwrap_or_else(|| ModelRef::normalized(DEFAULT_PROVIDER, DEFAULT_MODEL));
        Ok(Self { agent_model, defaults_model, aliases, configured_primary })
    }

    /// The chain, or that of `override_model` when given (see [`model_chain`]).
    pub(crate) fn chain(&self, override_model: Option<&str>) -> Result<ModelChain, AgentError> {
        let Self { agent_model, defaults_model, aliases, configured_primary } = self;
        let default_provider = &configured_primary.provider;
        let resolve = |raw: &str| aliases.resolve(raw, default_provider);

        let primary_raw =
            override_model.map(str::trim).filter(|raw| !raw.is_empty()).or_else(|| primary_of(agent_model.as_ref()));
        let primary = match primary_raw {
            Some(raw) => resolve(raw)
                .ok_or_else(|| AgentError::Config { message: format!("invalid model reference {raw:?}") })?,
            None => configured_primary.clone(),
        };

        let agent_fallbacks = match agent_model {
            Some(AgentModelConfig::Chain(chain)) => chain.fallbacks.as_deref(),
            _ => None,
        };
        let mut fallbacks: Vec<ModelRef> = Vec::new();
        match agent_fallbacks {
            Some(list) => fallbacks.extend(list.iter().filter_map(|raw| resolve(raw))),
            None => {
                let configured: Vec<ModelRef> =
                    fallbacks_of(defaults_model.as_ref()).iter().filter_map(|raw| resolve(raw)).collect();
                let same_provider = primary.provider == configured_primary.provider;
                if same_provider || configured.contains(&primary) {
                    fallbacks.extend(configured);
                }
                fallbacks.push(configured_primary.clone());
            }
        }

        let mut seen = vec![primary.clone()];
        fallbacks.retain(|model| {
            let new = !seen.contains(model);
            if new {
                seen.push(model.clone());
            }
            new
        });
        Ok(ModelChain { primary, fallbacks })
    }
}

/// `agents.list[]` entry (or `agents.entries.<id>`) whose normalized id is `agent_id`.
pub(crate) fn agent_entry<'a>(agents: Option<&'a Value>, agent_id: &str) -> Option<&'a Value> {
    let wanted = normalize_agent_id(agent_id);
    let agents = agents?;
    let listed = agents.get("list").and_then(Value::as_array).and_then(|list| {
        list.iter()
            .find(|agent| agent.get("id").and_then(Value::as_str).is_some_and(|id| normalize_agent_id(id) == wanted))
    });
    listed.or_else(|| {
        agents
            .get("entries")
            .and_then(Value::as_object)?
            .iter()
            .find(|(id, _)| normalize_agent_id(id) == wanted)
            .map(|(_, agent)| agent)
    })
}

fn read_model(value: Option<&Value>, what: &str) -> Result<Option<AgentModelConfig>, AgentError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => AgentModelConfig::deserialize(value)
            .map(Some)
            .map_err(|err| AgentError::Config { message: format!("{what}: {err}") }),
    }
}

fn primary_of(model: Option<&AgentModelConfig>) -> Option<&str> {
    let raw = match model? {
        AgentModelConfig::Id(id) => id.as_str(),
        AgentModelConfig::Chain(chain) => chain.primary.as_deref()?,
    };
    Some(raw.trim()).filter(|raw| !raw.is_empty())
}

fn fallbacks_of(model: Option<&AgentModelConfig>) -> &[String] {
    match model {
        Some(AgentModelConfig::Chain(chain)) => chain.fallbacks.as_deref().unwrap_or_default(),
        _ => &[],
    }
}

/// `agents.defaults.models.<provider/model>.alias`: short names for bare model ids.
struct Aliases {
    entries: Vec<(String, ModelRef)>,
}

impl Aliases {
    fn from_config(config: &Value) -> Self {
        let models = config.pointer("/agents/defaults/models").and_then(Value::as_object);
        let entries = models
            .into_iter()
            .flatten()
            .filter_map(|(key, entry)| {
                let alias = entry.get("alias")?.as_str()?.trim().to_lowercase();
                let model = ModelRef::parse(key, DEFAULT_PROVIDER)?;
                (!alias.is_empty()).then_some((alias, model))
            })
            .collect();
        Self { entries }
    }

    fn resolve(&self, raw: &str, default_provider: &str) -> Option<ModelRef> {
        let trimmed = raw.trim();
        if !trimmed.contains('/') {
            let wanted = trimmed.to_lowercase();
            if let Some((_, model)) = self.entries.iter().find(|(alias, _)| *alias == wanted) {
                return Some(model.clone());
            }
        }
        ModelRef::parse(trimmed, default_provider)
    }
}
