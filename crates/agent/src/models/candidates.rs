//! The flat list of (model, credential) pairs a turn may try, in order: the primary model with
//! each usable credential, then each fallback model likewise.

use openclaw_store::{AuthProfiles, SecretString};
use serde_json::Value;

use super::EnvLookup;
use super::catalog::{Headers, ModelCost, ModelsConfig};
use super::chain::model_chain;
use super::credentials::{Credentials, KeySource, provider_credentials};
use super::params::{ModelParams, ParamSources};
use crate::AgentError;

/// One model endpoint with one credential. `Debug` is safe to log: the key and header values
/// print as `<redacted>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub provider: String,
    pub model_id: String,
    /// The wire format (`openai-completions`, `openai-responses`, `anthropic-messages`, …).
    pub api: String,
    pub base_url: String,
    pub headers: Headers,
    /// Send the key as `Authorization: Bearer` even where the format has its own header.
    pub auth_header: bool,
    pub api_key: Option<SecretString>,
    pub key_source: KeySource,
    /// The auth profile the key came from; failures and successes are recorded against it.
    pub profile_id: Option<String>,
    pub context_window: Option<u64>,
    pub max_tokens: Option<u64>,
    pub cost: Option<ModelCost>,
    /// Send the session's thinking level as a reasoning effort.
    pub reasoning: bool,
    /// The config's `params` for this model (token cap, sampling), under the caller's own.
    pub params: ModelParams,
}

impl Candidate {
    /// `provider/model`.
    pub fn model_key(&self) -> String {
        format!("{}/{}", self.provider, self.model_id)
    }
}

/// Every candidate for a turn of `agent_id` (or of `override_model`, a session's `/model`), given
/// the resolved config JSON, the agent's auth profiles, an environment lookup and the time.
/// Models whose provider is unknown or has no usable credential are skipped; if that leaves
/// nothing, the error says why for each model.
pub fn candidates(
    config_json: &Value,
    agent_id: &str,
    override_model: Option<&str>,
    profiles: &AuthProfiles,
    env: EnvLookup<'_>,
    now_ms: i64,
) -> Result<Vec<Candidate>, AgentError> {
    let models = ModelsConfig::from_config(config_json)?;
    let chain = model_chain(config_json, agent_id, override_model)?;
    let param_sources = ParamSources::find(config_json, agent_id);
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for model in chain.models() {
        let resolved = match models.resolve(model) {
            Ok(resolved) => resolved,
            Err(err) => {
                skipped.push(format!("{model}: {err}"));
                continue;
            }
        };
        let provider_config = models.provider(&model.provider).map(|(_, config)| config);
        let credentials = provider_credentials(
            &model.provider,
            &resolved.base_url,
            provider_config,
            config_json,
            profiles,
            env,
            now_ms,
        );
        let credentials = match credentials {
            Credentials::Available(credentials) => credentials,
            Credentials::CoolingDown => {
                skipped.push(format!("{model}: every auth profile is cooling down"));
                continue;
            }
            Credentials::Missing => {
                // Say where a key can come from, so the fix is in the message.
                let env = super::credentials::env_var_names(&model.provider);
                let env_hint = env.last().map(|name| format!("set {name}, ")).unwrap_or_default();
                skipped.push(format!(
                    "{model}: no API key for provider {:?} ({env_hint}add a profile to agents/{agent_id}/agent/auth-profiles.json, or set models.providers.{}.apiKey)",
                    model.provider, model.provider
                ));
                continue;
            }
        };
        let params = param_sources.params(&model.provider, &model.model);
        for credential in credentials {
            found.push(Candidate {
                provider: model.provider.clone(),
                model_id: model.model.clone(),
                api: resolved.api.clone(),
                base_url: resolved.base_url.clone(),
                headers: resolved.headers.clone(),
                auth_header: resolved.auth_header,
                profile_id: credential.profile_id().map(str::to_owned),
                api_key: credential.api_key,
                key_source: credential.source,
                context_window: resolved.context_window,
                max_tokens: resolved.max_tokens,
                cost: resolved.cost,
                reasoning: resolved.reasoning,
                params: params.clone(),
            });
        }
    }
    if found.is_empty() {
        return Err(AgentError::Config { message: format!("no usable model: {}", skipped.join("; ")) });
    }
    Ok(found)
}
