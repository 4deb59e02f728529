//! Which model answers a turn, with which credential, and what happens when it fails.
//!
//! A turn's model chain is the agent's `model` (a `provider/model` string or `{primary,
//! fallbacks}`) over `agents.defaults.model` ([`chain`]); each reference resolves against
//! `models.providers` and the built-in providers to an endpoint and wire format ([`catalog`]); each
//! endpoint gets credentials in OpenClaw's order — auth profiles not cooling down, then the
//! provider's environment variable, then `models.providers.<id>.apiKey` ([`credentials`]). The
//! result is a flat list of [`Candidate`]s ([`candidates`]) that [`run_with_failover`] walks,
//! moving on after rate limits, auth and billing failures, server errors and timeouts, and writing
//! each profile's cooldown back to `auth-profiles.json` ([`cooldown`] holds the pure backoff math).
//! [`cost`] prices a reply's token usage from the model's cost table; [`params`] reads the config's
//! per-model request settings (OpenClaw's `params`).
//!
//! The configuration arrives as the resolved JSON of the whole config, because `models.*` and most
//! of `agents.defaults.model` are not part of the typed config; the environment arrives as a lookup
//! closure and the clock as `now_ms`, so every rule here is tested without touching the process.

pub mod allowlist;
pub mod candidates;
pub mod catalog;
pub mod chain;
pub mod cooldown;
pub mod cost;
pub mod credentials;
pub mod failover;
pub mod model_ref;
pub mod params;

#[cfg(test)]
mod tests;

pub use allowlist::{check_model_choice, listed_models};
pub use candidates::{Candidate, candidates};
pub use catalog::{
    ApiKeyInput, Headers, ModelCost, ModelDefinition, ModelsConfig, ModelsMode, ProviderConfig, ResolvedModel,
};
pub use chain::{ModelChain, model_chain};
pub use cooldown::CooldownPolicy;
pub use cost::{TokenUsage, UsageCost, cost};
pub use credentials::{KeySource, ProviderCredential};
pub use failover::{
    AttemptError, FailedAttempt, FailoverSuccess, Outcome, classify_failure, record_outcome, run_with_failover,
};
pub use model_ref::{DEFAULT_MODEL, DEFAULT_PROVIDER, ModelRef, normalize_provider_id};
pub use params::ModelParams;

/// Looks up an environment variable; the caller decides whether that is the process environment,
/// the config's `env` block or a test table.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;
