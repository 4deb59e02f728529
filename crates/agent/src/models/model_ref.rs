//! `provider/model` references as OpenClaw parses them (`parseModelRef` in
//! `src/agents/model-selection.ts`): split on the first `/` (so OpenRouter's
//! `openrouter/anthropic/claude-sonnet-4-5` keeps its inner slash), provider ids normalized, a bare
//! model id taking the provider from context.

use std::fmt;

/// The provider a bare model id belongs to when nothing else says (`DEFAULT_PROVIDER`).
pub const DEFAULT_PROVIDER: &str = "anthropic";
/// The model used when neither the agent nor `agents.defaults.model` names one (`DEFAULT_MODEL`).
pub const DEFAULT_MODEL: &str = "claude-opus-4-6";

/// A model named by provider and the provider's own model id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelRef {
    pub provider: String,
    pub model: String,
}

impl ModelRef {
    /// Parses `provider/model`, or a bare `model` under `default_provider`. `None` for blank input
    /// or an empty side of the slash.
    pub fn parse(raw: &str, default_provider: &str) -> Option<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        let (provider, model) = match trimmed.split_once('/') {
            None => (default_provider, trimmed),
            Some((provider, model)) => (provider.trim(), model.trim()),
        };
        if provider.is_empty() || model.is_empty() {
            return None;
        }
        Some(Self::normalized(provider, model))
    }

    /// OpenClaw's `normalizeModelRef`: canonical provider id, and the model id spellings that
    /// provider's API expects.
    pub fn normalized(provider: &str, model: &str) -> Self {
        let provider = normalize_provider_id(provider);
        let model = normalize_model_id(&provider, model.trim());
        Self { provider, model }
    }

    /// `provider/model`, the key OpenClaw dedupes and allowlists by.
    pub fn key(&self) -> String {
        format!("{}/{}", self.provider, self.model)
    }
}

impl fmt::Display for ModelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.provider, self.model)
    }
}

/// OpenClaw's `normalizeProviderId`: lowercase, with the legacy and alternative names folded.
pub fn normalize_provider_id(provider: &str) -> String {
    let lower = provider.trim().to_lowercase();
    let canonical = match lower.as_str() {
        "z.ai" | "z-ai" => "zai",
        "opencode-zen" => "opencode",
        "qwen" => "qwen-portal",
        "kimi-code" => "kimi-coding",
        "bedrock" | "aws-bedrock" => "amazon-bedrock",
        "bytedance" | "doubao" => "volcengine",
        _ => return lower,
    };
    canonical.to_owned()
}

fn normalize_model_id(provider: &str, model: &str) -> String {
    match provider {
        // Short Anthropic names people type, mapped to the API's ids.
        "anthropic" => match model.to_lowercase().as_str() {
            "opus-4.6" => "claude-opus-4-6".to_owned(),
            "opus-4.5" => "claude-opus-4-5".to_owned(),
            "sonnet-4.6" => "claude-sonnet-4-6".to_owned(),
            "sonnet-4.5" => "claude-sonnet-4-5".to_owned(),
            _ => model.to_owned(),
        },
        // OpenRouter's own models are addressed as `openrouter/<name>` by its API; models of other
        // vendors already carry their vendor prefix.
        "openrouter" if !model.contains('/') => format!("openrouter/{model}"),
        _ => model.to_owned(),
    }
}
