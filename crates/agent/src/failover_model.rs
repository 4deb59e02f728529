//! The model a turn talks to: a [`Model`] over the turn's whole candidate list, so the turn
//! loop stays provider-agnostic while every call walks the auth-profile order and the model
//! fallbacks (`models::run_with_failover`), records cooldowns in `auth-profiles.json`, and
//! remembers which candidate answered for the transcript's `provider`/`model` and the cost.
//!
//! An attempt is "committed" once it streamed text or a tool-call fragment: a failure after
//! that ends the call instead of letting a second model answer after half of the first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use openclaw_providers::{
    AssembledReply, BoxFuture, Cancellation, EventSink, Model, ModelRequest, ProviderError, StreamEvent, Timeouts,
    Usage, build_model,
};
use openclaw_store::AuthProfileStore;
use serde_json::{Value, json};

use crate::AgentError;
use crate::models::{AttemptError, Candidate, CooldownPolicy, TokenUsage, cost, record_outcome, run_with_failover};
use crate::turn::ModelMeta;

/// Model clients built so far, by endpoint and credential. Building one sets up a TLS
/// configuration and a connection pool (milliseconds and megabytes); reusing it keeps
/// connections to the provider alive across turns.
#[derive(Default)]
pub struct ModelCache {
    built: Mutex<HashMap<String, Arc<dyn Model>>>,
}

/// More distinct endpoints than any real config has; past it the cache starts over rather than
/// grow with rotating keys.
const MAX_CACHED_MODELS: usize = 64;

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The map keys contain credentials: only the count is shown.
        let count = self.built.lock().unwrap_or_else(PoisonError::into_inner).len();
        f.debug_struct("ModelCache").field("models", &count).finish()
    }
}

impl ModelCache {
    fn get_or_build(&self, candidate: &Candidate, timeouts: Timeouts) -> Result<Arc<dyn Model>, ProviderError> {
        let mut headers: Vec<(String, String)> =
            candidate.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let key = candidate.api_key.as_ref().map(|k| k.expose().to_owned());
        if candidate.auth_header
            && let Some(key) = &key
        {
            headers.push(("authorization".to_owned(), format!("Bearer {key}")));
        }
        // Everything that makes two clients differ; held in memory only, never printed.
        let cache_key =
            format!("{}\n{}\n{}\n{:?}", candidate.api, candidate.base_url, key.as_deref().unwrap_or(""), headers);
        let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(model) = built.get(&cache_key) {
            return Ok(model.clone());
        }
        let model = build_model(&candidate.api, &candidate.base_url, key, &headers, timeouts)?;
        if built.len() >= MAX_CACHED_MODELS {
            built.clear();
        }
        built.insert(cache_key, model.clone());
        Ok(model)
    }
}

/// Candidates plus what recording their outcomes needs.
pub struct FailoverModel {
    cache: Arc<ModelCache>,
    candidates: Vec<Candidate>,
    profiles: AuthProfileStore,
    config: Arc<Value>,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
    timeouts: Timeouts,
    served: Mutex<Option<Candidate>>,
}

impl std::fmt::Debug for FailoverModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FailoverModel").field("candidates", &self.candidates).finish_non_exhaustive()
    }
}

impl FailoverModel {
    /// `candidates` must not be empty (the caller reports "no model" with its reasons first).
    pub fn new(
        cache: Arc<ModelCache>,
        candidates: Vec<Candidate>,
        profiles: AuthProfileStore,
        config: Arc<Value>,
        clock: Arc<dyn Fn() -> i64 + Send + Sync>,
        timeouts: Timeouts,
    ) -> Self {
        Self { cache, candidates, profiles, config, clock, timeouts, served: Mutex::new(None) }
    }

    /// The candidate that answered last, else the first one.
    pub fn current(&self) -> Option<Candidate> {
        self.with_current(Candidate::clone)
    }

    /// `read` over [`Self::current`] without copying the candidate (transcript entries ask for
    /// its label and cost after every model call).
    fn with_current<R>(&self, read: impl FnOnce(&Candidate) -> R) -> Option<R> {
        let served = self.served.lock().unwrap_or_else(PoisonError::into_inner);
        served.as_ref().or_else(|| self.candidates.first()).map(read)
    }
}

impl Model for FailoverModel {
    fn api(&self) -> &'static str {
        "failover"
    }

    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move {
            let sink = Mutex::new(on_event);
            let sink = &sink;
            let attempt = |model: Arc<dyn Model>, candidate: &Candidate| {
                let mut request = request.clone();
                request.model.clone_from(&candidate.model_id);
                // Only models configured as reasoning models get the effort; others reject it.
                if !candidate.reasoning {
                    request.reasoning_effort = None;
                }
                // The caller's settings, else the config's `params` for this model, else (for the
                // token cap) the model definition's `maxTokens`.
                let (max_tokens, sampling) = candidate.params.under(request.max_tokens, &request.sampling);
                request.max_tokens = max_tokens.or_else(|| candidate.max_tokens.and_then(|m| u32::try_from(m).ok()));
                request.sampling = sampling;
                async move {
                    let mut committed = false;
                    let mut forward = |event: &StreamEvent| {
                        if matches!(event, StreamEvent::TextDelta(_) | StreamEvent::ToolCallDelta(_)) {
                            committed = true;
                        }
                        (sink.lock().unwrap_or_else(PoisonError::into_inner))(event);
                    };
                    let result = model.stream(&request, cancel, &mut forward).await;
                    result.map_err(|error| if committed { AttemptError::committed(error) } else { error.into() })
                }
            };
            let record = |candidate: &Candidate, outcome: &crate::models::Outcome<'_>| {
                let policy = CooldownPolicy::from_config(&self.config, &candidate.provider);
                if let Err(error) = record_outcome(&self.profiles, candidate, outcome, &policy, (self.clock)()) {
                    tracing::warn!(%error, "could not record the auth profile outcome");
                }
            };
            match run_with_failover(&self.candidates, |c| self.cache.get_or_build(c, self.timeouts), attempt, record)
                .await
            {
                Ok(success) => {
                    *self.served.lock().unwrap_or_else(PoisonError::into_inner) = Some(success.candidate);
                    Ok(success.value)
                }
                Err(error) => Err(into_provider_error(error)),
            }
        })
    }
}

fn into_provider_error(error: AgentError) -> ProviderError {
    match error {
        AgentError::Provider(error) => error,
        AgentError::ModelsExhausted { attempts, last } => ProviderError::Api {
            status: None,
            kind: "all_models_failed".to_owned(),
            message: format!("every model candidate failed ({attempts}); last error: {last}"),
        },
        other => ProviderError::Config { message: other.to_string() },
    }
}

impl ModelMeta for FailoverModel {
    fn label(&self) -> (String, String, String) {
        self.with_current(|c| (c.provider.clone(), c.model_id.clone(), c.api.clone())).unwrap_or_default()
    }

    fn cost(&self, usage: &Usage) -> Value {
        let table = self.with_current(|c| c.cost).flatten().unwrap_or_default();
        serde_json::to_value(cost(&TokenUsage::from(*usage), &table))
            .unwrap_or_else(|_| json!({"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0, "total": 0}))
    }
}
