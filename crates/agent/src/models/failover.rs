//! Trying candidates in order until one answers, as OpenClaw's `runWithModelFallback` and the
//! embedded runner's profile rotation do: a failure that another key or model might not have (rate
//! limit, rejected key, billing, server error, timeout, unreachable server) moves on to the next
//! candidate; a cancellation, a malformed reply, or any failure after the user already saw part of
//! the reply ends the run, because a second answer would be shown after half of the first.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use openclaw_providers::{Model, ProviderError};
use openclaw_store::{AuthProfileStore, FailureReason};

use super::candidates::Candidate;
use super::cooldown::{CooldownPolicy, after_failure, after_success, bypasses_cooldown};
use crate::AgentError;

/// How one attempt failed, and whether the run may still move on.
#[derive(Debug)]
pub struct AttemptError {
    error: ProviderError,
    committed: bool,
}

impl AttemptError {
    /// Part of the reply already reached the user (streamed text, a tool that ran): the run
    /// ends here whatever the error was.
    pub fn committed(error: ProviderError) -> Self {
        Self { error, committed: true }
    }

    pub fn error(&self) -> &ProviderError {
        &self.error
    }

    pub fn is_committed(&self) -> bool {
        self.committed
    }
}

/// Nothing was shown yet, so the error is classified and may move the run on.
impl From<ProviderError> for AttemptError {
    fn from(error: ProviderError) -> Self {
        Self { error, committed: false }
    }
}

/// What happened to one candidate, handed to the caller's recorder.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    Succeeded,
    Failed { reason: FailureReason, error: &'a ProviderError },
}

/// A candidate that failed before the one that answered (or before the run gave up).
#[derive(Debug, Clone, PartialEq)]
pub struct FailedAttempt {
    /// `provider/model`.
    pub model: String,
    pub profile_id: Option<String>,
    /// `None` when the candidate could not even be built (unsupported `api`, bad URL).
    pub reason: Option<FailureReason>,
    pub error: ProviderError,
}

/// The answer and who gave it.
#[derive(Debug)]
pub struct FailoverSuccess<T> {
    pub value: T,
    pub candidate: Candidate,
    pub failed: Vec<FailedAttempt>,
}

/// Whether `error` is worth trying another candidate for, and why (OpenClaw's
/// `resolveFailoverReasonFromError`): 402 billing, 429 rate limit, 401/403 auth, 408 and 5xx
/// timeouts, 400 format, 404 unknown model; errors inside a stream are classified by their text.
/// `None` means stop: the caller cancelled, or the reply itself was unusable.
pub fn classify_failure(error: &ProviderError) -> Option<FailureReason> {
    match error {
        ProviderError::Api { status: Some(status), kind, message } => match status {
            402 => Some(FailureReason::Billing),
            429 => Some(FailureReason::RateLimit),
            401 | 403 => Some(FailureReason::Auth),
            408 | 500..=599 => Some(FailureReason::Timeout),
            400 => Some(FailureReason::Format),
            404 => Some(FailureReason::ModelNotFound),
            _ => classify_text(&format!("{kind} {message}")),
        },
        ProviderError::Api { status: None, kind, message } => classify_text(&format!("{kind} {message}")),
        ProviderError::Transport { .. } | ProviderError::Timeout { .. } => Some(FailureReason::Timeout),
        // Cut off mid-stream with nothing shown yet: the connection, not the reply, was bad.
        ProviderError::Truncated { .. } => Some(FailureReason::Timeout),
        ProviderError::Cancelled
        | ProviderError::EventTooLarge { .. }
        | ProviderError::InvalidToolArguments { .. }
        | ProviderError::IncompleteToolCall { .. }
        | ProviderError::Config { .. } => None,
    }
}

/// The message patterns of OpenClaw's `classifyFailoverReason`, for errors that arrive inside a
/// stream with no HTTP status (Anthropic's `overloaded_error`, OpenAI's `insufficient_quota`).
fn classify_text(text: &str) -> Option<FailureReason> {
    let text = text.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|needle| text.contains(needle));
    if has(&["model_not_found", "model not found", "does not exist", "unknown model"]) {
        Some(FailureReason::ModelNotFound)
    } else if has(&["rate_limit", "rate limit", "too many requests", "overloaded", "resource_exhausted"]) {
        Some(FailureReason::RateLimit)
    } else if has(&["insufficient_quota", "billing", "credit balance", "payment required"]) {
        Some(FailureReason::Billing)
    } else if has(&[
        "timeout",
        "timed out",
        "server_error",
        "internal server error",
        "service unavailable",
        "bad gateway",
    ]) {
        Some(FailureReason::Timeout)
    } else if has(&[
        "invalid_api_key",
        "invalid api key",
        "authentication",
        "unauthorized",
        "permission_denied",
        "forbidden",
    ]) {
        Some(FailureReason::Auth)
    } else {
        None
    }
}

/// These failures belong to the key, not the model: once a profile had one, later candidates
/// using the same profile (a fallback model of the same provider) are skipped in this run.
fn is_profile_failure(reason: FailureReason) -> bool {
    matches!(
        reason,
        FailureReason::Auth | FailureReason::AuthPermanent | FailureReason::Billing | FailureReason::RateLimit
    )
}

/// Tries `candidates` in order: `build` makes a model client for one (a candidate that cannot be
/// built is passed over), `attempt` runs the request on it, and `on_outcome` hears every success
/// and every classified failure (to record them with [`record_outcome`]). Returns the first
/// success; a failure that does not allow moving on is returned as it is; when every candidate
/// failed, [`AgentError::ModelsExhausted`] lists them. `attempt`'s future may not borrow the
/// candidate; clone what it needs.
pub async fn run_with_failover<T, B, A, F, O>(
    candidates: &[Candidate],
    build: B,
    mut attempt: A,
    mut on_outcome: O,
) -> Result<FailoverSuccess<T>, AgentError>
where
    B: Fn(&Candidate) -> Result<Arc<dyn Model>, ProviderError>,
    A: FnMut(Arc<dyn Model>, &Candidate) -> F,
    F: Future<Output = Result<T, AttemptError>>,
    O: FnMut(&Candidate, &Outcome<'_>),
{
    let mut failed: Vec<FailedAttempt> = Vec::new();
    let mut failed_profiles: HashSet<String> = HashSet::new();
    for candidate in candidates {
        if candidate.profile_id.as_ref().is_some_and(|id| failed_profiles.contains(id)) {
            continue;
        }
        let model = match build(candidate) {
            Ok(model) => model,
            Err(error) => {
                tracing::warn!(model = %candidate.model_key(), %error, "model candidate cannot be built; trying the next");
                failed.push(FailedAttempt {
                    model: candidate.model_key(),
                    profile_id: candidate.profile_id.clone(),
                    reason: None,
                    error,
                });
                continue;
            }
        };
        let failure = match attempt(model, candidate).await {
            Ok(value) => {
                on_outcome(candidate, &Outcome::Succeeded);
                return Ok(FailoverSuccess { value, candidate: candidate.clone(), failed });
            }
            Err(failure) => failure,
        };
        let reason = classify_failure(&failure.error);
        if let Some(reason) = reason {
            on_outcome(candidate, &Outcome::Failed { reason, error: &failure.error });
        }
        let Some(reason) = reason.filter(|_| !failure.committed) else {
            return Err(AgentError::Provider(failure.error));
        };
        tracing::warn!(model = %candidate.model_key(), profile = ?candidate.profile_id, %reason, "model candidate failed; trying the next");
        if is_profile_failure(reason)
            && let Some(id) = &candidate.profile_id
        {
            failed_profiles.insert(id.clone());
        }
        failed.push(FailedAttempt {
            model: candidate.model_key(),
            profile_id: candidate.profile_id.clone(),
            reason: Some(reason),
            error: failure.error,
        });
    }
    let attempts = failed
        .iter()
        .map(|attempt| {
            let profile = attempt.profile_id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default();
            let reason = attempt.reason.map_or("unavailable", FailureReason::as_str);
            format!("{}{profile}: {reason}", attempt.model)
        })
        .collect::<Vec<_>>()
        .join("; ");
    match failed.pop() {
        Some(last) => Err(AgentError::ModelsExhausted { attempts, last: last.error }),
        None => Err(AgentError::Config { message: "no model candidates to try".to_owned() }),
    }
}

/// Writes `outcome` to the candidate's auth profile, under the store's lock: a success marks the
/// profile used and last good for its provider and clears its failures; a failure counts it and
/// sets the cooldown or disable window. Candidates without a profile (environment or config keys)
/// and OpenRouter profiles (see [`bypasses_cooldown`]) leave the file alone, as does a profile
/// that was removed meanwhile. The write is small blocking file I/O under an advisory lock; it
/// runs once per attempt, next to a network round trip.
pub fn record_outcome(
    store: &AuthProfileStore,
    candidate: &Candidate,
    outcome: &Outcome<'_>,
    policy: &CooldownPolicy,
    now_ms: i64,
) -> Result<(), AgentError> {
    let Some(profile_id) = candidate.profile_id.as_deref() else { return Ok(()) };
    store.update(|profiles| {
        if profiles.credential(profile_id).is_none() {
            return;
        }
        let existing = profiles.usage(profile_id);
        match outcome {
            Outcome::Succeeded => {
                profiles.set_usage(profile_id, &after_success(&existing, now_ms));
                profiles.set_last_good(&candidate.provider, profile_id);
            }
            Outcome::Failed { reason, .. } => {
                if !bypasses_cooldown(&candidate.provider) {
                    profiles.set_usage(profile_id, &after_failure(&existing, *reason, now_ms, policy));
                }
            }
        }
    })?;
    Ok(())
}
