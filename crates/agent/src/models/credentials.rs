//! Which credentials a provider's requests carry, in OpenClaw's order (`resolveApiKeyForProvider`
//! in `src/agents/model-auth.ts`): the agent's auth profiles for the provider (explicit `order`
//! first, else OAuth before tokens before keys, least recently used first), then the provider's
//! environment variable, then `models.providers.<id>.apiKey`. Profiles cooling down after a failure
//! are left out; if a provider has profiles but all of them are cooling down, it gets no credential
//! at all (OpenClaw fails over to the next model rather than quietly using a different key).

use openclaw_store::{AuthProfiles, Credential, SecretRef, SecretString};
use serde_json::Value;

use super::EnvLookup;
use super::catalog::{ApiKeyInput, ProviderConfig};
use super::cooldown::bypasses_cooldown;
use super::model_ref::normalize_provider_id;

/// Where a key came from, for logs and `models status` (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Profile(String),
    Env(&'static str),
    /// `models.providers.<id>.apiKey`.
    Config,
    /// A local server that needs no key.
    None,
}

/// One way to authenticate to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderCredential {
    pub api_key: Option<SecretString>,
    pub source: KeySource,
}

impl ProviderCredential {
    pub fn profile_id(&self) -> Option<&str> {
        match &self.source {
            KeySource::Profile(id) => Some(id),
            _ => None,
        }
    }
}

/// What [`provider_credentials`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Candidates to try, in order.
    Available(Vec<ProviderCredential>),
    /// The provider has usable profiles but every one is cooling down or disabled.
    CoolingDown,
    /// Nothing configured and the endpoint is not local.
    Missing,
}

/// The environment variables OpenClaw reads for `provider`, first match wins (`resolveEnvApiKey`).
pub fn env_var_names(provider: &str) -> &'static [&'static str] {
    match normalize_provider_id(provider).as_str() {
        "github-copilot" => &["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"],
        "anthropic" => &["ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"],
        "chutes" => &["CHUTES_OAUTH_TOKEN", "CHUTES_API_KEY"],
        "zai" => &["ZAI_API_KEY", "Z_AI_API_KEY"],
        "opencode" => &["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"],
        "qwen-portal" => &["QWEN_OAUTH_TOKEN", "QWEN_PORTAL_API_KEY"],
        "volcengine" | "volcengine-plan" => &["VOLCANO_ENGINE_API_KEY"],
        "byteplus" | "byteplus-plan" => &["BYTEPLUS_API_KEY"],
        "minimax-portal" => &["MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"],
        "kimi-coding" => &["KIMI_API_KEY", "KIMICODE_API_KEY"],
        "huggingface" => &["HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"],
        "openai" => &["OPENAI_API_KEY"],
        "google" => &["GEMINI_API_KEY"],
        "voyage" => &["VOYAGE_API_KEY"],
        "groq" => &["GROQ_API_KEY"],
        "deepgram" => &["DEEPGRAM_API_KEY"],
        "cerebras" => &["CEREBRAS_API_KEY"],
        "xai" => &["XAI_API_KEY"],
        "openrouter" => &["OPENROUTER_API_KEY"],
        "litellm" => &["LITELLM_API_KEY"],
        "vercel-ai-gateway" => &["AI_GATEWAY_API_KEY"],
        "cloudflare-ai-gateway" => &["CLOUDFLARE_AI_GATEWAY_API_KEY"],
        "moonshot" => &["MOONSHOT_API_KEY"],
        "minimax" => &["MINIMAX_API_KEY"],
        "nvidia" => &["NVIDIA_API_KEY"],
        "xiaomi" => &["XIAOMI_API_KEY"],
        "synthetic" => &["SYNTHETIC_API_KEY"],
        "venice" => &["VENICE_API_KEY"],
        "mistral" => &["MISTRAL_API_KEY"],
        "together" => &["TOGETHER_API_KEY"],
        "qianfan" => &["QIANFAN_API_KEY"],
        "ollama" => &["OLLAMA_API_KEY"],
        "vllm" => &["VLLM_API_KEY"],
        "kilocode" => &["KILOCODE_API_KEY"],
        _ => &[],
    }
}

/// Every credential to try for `provider`, best first.
pub fn provider_credentials(
    provider: &str,
    base_url: &str,
    provider_config: Option<&ProviderConfig>,
    config: &Value,
    profiles: &AuthProfiles,
    env: EnvLookup<'_>,
    now_ms: i64,
) -> Credentials {
    let ordered = profile_order(provider, config, profiles, env, now_ms);
    if !ordered.is_empty() {
        let available: Vec<ProviderCredential> = ordered
            .into_iter()
            .filter(|(id, _)| bypasses_cooldown(provider) || !profiles.usage(id).is_unusable_at(now_ms))
            .map(|(id, api_key)| ProviderCredential { api_key: Some(api_key), source: KeySource::Profile(id) })
            .collect();
        return if available.is_empty() { Credentials::CoolingDown } else { Credentials::Available(available) };
    }
    if let Some(found) = env_key(provider, env) {
        return Credentials::Available(vec![found]);
    }
    if let Some(api_key) = provider_config.and_then(|config| config_key(config.api_key.as_ref(), env)) {
        return Credentials::Available(vec![ProviderCredential { api_key: Some(api_key), source: KeySource::Config }]);
    }
    if is_local(provider, base_url) {
        return Credentials::Available(vec![ProviderCredential { api_key: None, source: KeySource::None }]);
    }
    Credentials::Missing
}

/// The provider's valid profiles and their secrets in OpenClaw's order (`resolveAuthProfileOrder`),
/// cooldowns not yet applied: `order.<provider>` of the store, else `auth.order.<provider>` of the
/// config, taken as written; otherwise every profile of the provider, OAuth before tokens before
/// keys and least recently used first, so keys of one kind are used round-robin.
pub fn profile_order(
    provider: &str,
    config: &Value,
    profiles: &AuthProfiles,
    env: EnvLookup<'_>,
    now_ms: i64,
) -> Vec<(String, SecretString)> {
    let provider = normalize_provider_id(provider);
    let explicit = profiles
        .orders()
        .into_iter()
        .find(|(key, _)| normalize_provider_id(key) == provider)
        .map(|(_, ids)| ids)
        .or_else(|| configured_order(config, &provider));
    let usable = |id: &str| -> Option<(String, SecretString)> {
        let credential = profiles.credential(id)?;
        if normalize_provider_id(credential.provider()) != provider {
            return None;
        }
        profile_secret(&credential, env, now_ms).map(|secret| (id.to_owned(), secret))
    };
    let mut seen = Vec::new();
    let mut ordered = Vec::new();
    match explicit {
        Some(ids) => {
            for id in ids {
                if !seen.contains(&id) {
                    seen.push(id.clone());
                    ordered.extend(usable(&id));
                }
            }
        }
        None => {
            let mut scored: Vec<(u8, i64, String, SecretString)> = profiles
                .credentials()
                .into_iter()
                .filter_map(|(id, credential)| {
                    let (id, secret) = usable(&id)?;
                    let kind = match credential {
                        Credential::OAuth(_) => 0,
                        Credential::Token(_) => 1,
                        Credential::ApiKey(_) => 2,
                    };
                    Some((kind, profiles.usage(&id).last_used.unwrap_or(0), id, secret))
                })
                .collect();
            // Stable, so profiles that tie keep their file order.
            scored.sort_by_key(|(kind, last_used, _, _)| (*kind, *last_used));
            ordered.extend(scored.into_iter().map(|(_, _, id, secret)| (id, secret)));
        }
    }
    ordered
}

fn configured_order(config: &Value, provider: &str) -> Option<Vec<String>> {
    let order = config.pointer("/auth/order")?.as_object()?;
    let (_, ids) = order.iter().find(|(key, _)| normalize_provider_id(key) == provider)?;
    let ids: Vec<String> = ids
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    (!ids.is_empty()).then_some(ids)
}

/// The secret a profile sends, if it is usable at `now_ms`: an API key (inline or through
/// `keyRef`), an unexpired token, or an OAuth access token that has not expired (refreshing one is
/// not done here, so an expired access token makes the profile unusable rather than rejected).
pub fn profile_secret(credential: &Credential, env: EnvLookup<'_>, now_ms: i64) -> Option<SecretString> {
    let live = |expires: Option<i64>| expires.is_none_or(|at| at <= 0 || now_ms < at);
    let present = |secret: &Option<SecretString>| secret.clone().filter(|s| !s.is_blank());
    match credential {
        Credential::ApiKey(c) => present(&c.key).or_else(|| resolve_ref(c.key_ref.as_ref(), env)),
        Credential::Token(c) if live(c.expires) => present(&c.token).or_else(|| resolve_ref(c.token_ref.as_ref(), env)),
        Credential::OAuth(c) if live(c.expires) => present(&c.access),
        _ => None,
    }
}

fn resolve_ref(reference: Option<&SecretRef>, env: EnvLookup<'_>) -> Option<SecretString> {
    let reference = reference?;
    match reference.resolve(env) {
        Ok(secret) => secret,
        Err(err) => {
            // The reference names a file that cannot be read; the profile is skipped like any
            // other unusable one, and the operator learns which file from the log.
            tracing::warn!(error = %err, "auth profile secret reference could not be resolved");
            None
        }
    }
}

fn env_key(provider: &str, env: EnvLookup<'_>) -> Option<ProviderCredential> {
    env_var_names(provider).iter().find_map(|name| {
        let value = env(name).filter(|value| !value.trim().is_empty())?;
        Some(ProviderCredential { api_key: Some(SecretString::new(value.trim())), source: KeySource::Env(name) })
    })
}

fn config_key(input: Option<&ApiKeyInput>, env: EnvLookup<'_>) -> Option<SecretString> {
    match input? {
        ApiKeyInput::Literal(key) => Some(key.clone()).filter(|key| !key.is_blank()),
        ApiKeyInput::Ref(reference) => resolve_ref(Some(reference), env),
    }
}

/// Ollama, or any endpoint on this machine: local servers (vLLM, LM Studio) usually take no key.
pub fn is_local(provider: &str, base_url: &str) -> bool {
    if normalize_provider_id(provider) == "ollama" {
        return true;
    }
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.to_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
