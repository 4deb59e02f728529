//! `models.providers` and the built-in providers: where a model lives (base URL), which wire format
//! it speaks (`api`) and what it costs. Read from the resolved config JSON with small serde structs,
//! because the typed config does not model `models.*`.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use openclaw_store::{SecretRef, SecretString};
use serde::Deserialize;
use serde_json::Value;

use super::model_ref::{ModelRef, normalize_provider_id};
use crate::AgentError;

/// The wire format a configured provider without `api` speaks: any OpenAI-compatible server.
pub const DEFAULT_API: &str = "openai-completions";

/// `models`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelsConfig {
    pub mode: Option<ModelsMode>,
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderConfig>,
}

/// `models.mode`: whether configured providers add to the built-in ones or replace them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelsMode {
    #[default]
    Merge,
    Replace,
}

/// `models.providers.<id>`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderConfig {
    pub base_url: Option<String>,
    pub api_key: Option<ApiKeyInput>,
    /// `api-key`, `aws-sdk`, `oauth` or `token`.
    pub auth: Option<String>,
    pub api: Option<String>,
    #[serde(default)]
    pub headers: Headers,
    /// Send the key as `Authorization: Bearer` even where the format has its own header.
    pub auth_header: Option<bool>,
    #[serde(default)]
    pub models: Vec<ModelDefinition>,
}

/// `apiKey`: the key itself, or where to find it (OpenClaw's `SecretInput`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ApiKeyInput {
    Literal(SecretString),
    Ref(SecretRef),
}

/// One entry of `models.providers.<id>.models`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelDefinition {
    pub id: String,
    pub name: Option<String>,
    pub api: Option<String>,
    pub reasoning: Option<bool>,
    /// `text` and/or `image`.
    pub input: Option<Vec<String>>,
    pub cost: Option<ModelCost>,
    pub context_window: Option<u64>,
    pub max_tokens: Option<u64>,
    #[serde(default)]
    pub headers: Headers,
}

/// Extra request headers. Configs put keys in them (`X-Api-Key`, `Authorization`), so `Debug`
/// shows only the names.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Headers(BTreeMap<String, String>);

impl Headers {
    pub fn new(headers: BTreeMap<String, String>) -> Self {
        Self(headers)
    }
}

impl Deref for Headers {
    type Target = BTreeMap<String, String>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Headers {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.keys().map(|name| (name, "<redacted>"))).finish()
    }
}

/// USD per million tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCost {
    #[serde(default)]
    pub input: f64,
    #[serde(default)]
    pub output: f64,
    #[serde(default)]
    pub cache_read: f64,
    #[serde(default)]
    pub cache_write: f64,
}

/// A model reference resolved to an endpoint; credentials are added later.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedModel {
    pub model: ModelRef,
    pub api: String,
    pub base_url: String,
    /// Provider headers, overridden by the model's.
    pub headers: Headers,
    pub auth_header: bool,
    pub context_window: Option<u64>,
    pub max_tokens: Option<u64>,
    pub cost: Option<ModelCost>,
    /// The model takes a reasoning effort (`reasoning: true` in its definition).
    pub reasoning: bool,
}

/// A provider this port knows without configuration: its base URL and wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinProvider {
    pub id: &'static str,
    pub base_url: &'static str,
    pub api: &'static str,
}

const BUILTIN_PROVIDERS: &[BuiltinProvider] = &[
    BuiltinProvider { id: "openai", base_url: "https://api.openai.com/v1", api: "openai-responses" },
    BuiltinProvider { id: "anthropic", base_url: "https://api.anthropic.com", api: "anthropic-messages" },
    BuiltinProvider { id: "openrouter", base_url: "https://openrouter.ai/api/v1", api: "openai-completions" },
    BuiltinProvider { id: "ollama", base_url: "http://127.0.0.1:11434/v1", api: "openai-completions" },
];

/// The built-in provider `id` (already normalized), if there is one.
pub fn builtin_provider(id: &str) -> Option<&'static BuiltinProvider> {
    BUILTIN_PROVIDERS.iter().find(|builtin| builtin.id == id)
}

impl ModelsConfig {
    /// `models` of the resolved config JSON; absent is the default (merge, no providers).
    pub fn from_config(config: &Value) -> Result<Self, AgentError> {
        match config.get("models") {
            None | Some(Value::Null) => Ok(Self::default()),
            Some(models) => {
                Self::deserialize(models).map_err(|err| AgentError::Config { message: format!("models: {err}") })
            }
        }
    }

    /// The configured provider whose normalized id is `provider` (config keys may be spelled
    /// `OpenAI` or `z.ai`).
    pub fn provider(&self, provider: &str) -> Option<(&str, &ProviderConfig)> {
        self.providers
            .get_key_value(provider)
            .or_else(|| self.providers.iter().find(|(key, _)| normalize_provider_id(key) == provider))
            .map(|(key, config)| (key.as_str(), config))
    }

    /// Resolves `model` to an endpoint. A configured provider overrides the built-in of the same
    /// id field by field (so `models.providers.openai = {apiKey}` keeps OpenAI's URL); with
    /// `mode: replace` only configured providers exist. A model id the provider does not list is
    /// still allowed, without metadata, as OpenClaw does for configured providers.
    pub fn resolve(&self, model: &ModelRef) -> Result<ResolvedModel, AgentError> {
        let configured = self.provider(&model.provider).map(|(_, config)| config);
        let builtin = match self.mode.unwrap_or_default() {
            ModelsMode::Merge => builtin_provider(&model.provider),
            ModelsMode::Replace => None,
        };
        if configured.is_none() && builtin.is_none() {
            return Err(AgentError::Config {
                message: format!(
                    "unknown model provider {:?} for {model} (add it under models.providers)",
                    model.provider
                ),
            });
        }
        let base_url = configured
            .and_then(|c| c.base_url.as_deref())
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .or(builtin.map(|b| b.base_url))
            .ok_or_else(|| AgentError::Config {
                message: format!("models.providers.{}.baseUrl is required", model.provider),
            })?;
        let definition = configured.and_then(|c| c.models.iter().find(|m| m.id == model.model));
        let api = definition
            .and_then(|d| d.api.clone())
            .or_else(|| configured.and_then(|c| c.api.clone()))
            .or_else(|| builtin.map(|b| b.api.to_owned()))
            .unwrap_or_else(|| DEFAULT_API.to_owned());
        let mut headers = configured.map(|c| c.headers.clone()).unwrap_or_default();
        if let Some(definition) = definition {
            headers.extend(definition.headers.iter().map(|(name, value)| (name.clone(), value.clone())));
        }
        Ok(ResolvedModel {
            model: model.clone(),
            api,
            base_url: base_url.trim_end_matches('/').to_owned(),
            headers,
            auth_header: configured.and_then(|c| c.auth_header).unwrap_or(false),
            context_window: definition.and_then(|d| d.context_window),
            max_tokens: definition.and_then(|d| d.max_tokens),
            cost: definition.and_then(|d| d.cost),
            reasoning: definition.and_then(|d| d.reasoning).unwrap_or(false),
        })
    }
}
