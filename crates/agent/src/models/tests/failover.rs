use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use openclaw_providers::{AssembledReply, BoxFuture, Cancellation, EventSink, Model, ModelRequest, ProviderError};
use openclaw_store::{AuthProfileStore, FailureReason};
use serde_json::{Value, json};

use crate::AgentError;
use crate::models::credentials::KeySource;
use crate::models::{AttemptError, Candidate, CooldownPolicy, classify_failure, record_outcome, run_with_failover};

const NOW: i64 = 1_700_000_000_000;

/// A model that answers every request with one scripted result.
#[derive(Debug)]
struct Scripted(Result<AssembledReply, ProviderError>);

impl Model for Scripted {
    fn api(&self) -> &'static str {
        "openai-completions"
    }

    fn stream<'a>(
        &'a self,
        _request: &'a ModelRequest,
        _cancel: &'a Cancellation,
        _on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move { self.0.clone() })
    }
}

fn reply(text: &str) -> Result<AssembledReply, ProviderError> {
    Ok(AssembledReply { text: text.to_owned(), ..Default::default() })
}

fn http(status: u16) -> Result<AssembledReply, ProviderError> {
    Err(ProviderError::Api { status: Some(status), kind: "error".to_owned(), message: format!("status {status}") })
}

fn candidate(model: &str, profile: Option<&str>) -> Candidate {
    let (provider, model_id) = model.split_once('/').unwrap();
    Candidate {
        provider: provider.to_owned(),
        model_id: model_id.to_owned(),
        api: "openai-completions".to_owned(),
        base_url: "http://fake".to_owned(),
        headers: Default::default(),
        auth_header: false,
        api_key: None,
        key_source: profile.map_or(KeySource::None, |id| KeySource::Profile(id.to_owned())),
        profile_id: profile.map(str::to_owned),
        context_window: None,
        max_tokens: None,
        cost: None,
        reasoning: false,
        params: Default::default(),
    }
}

fn label(c: &Candidate) -> String {
    format!("{}@{}", c.model_key(), c.profile_id.as_deref().unwrap_or("-"))
}

/// A store file holding profiles `openai:a`, `openai:b` and `openrouter:x`.
fn store() -> (tempfile::TempDir, AuthProfileStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = AuthProfileStore::at(dir.path().join("auth-profiles.json"));
    std::fs::write(
        store.file(),
        serde_json::to_vec(&json!({"version": 1, "profiles": {
            "openai:a": {"type": "api_key", "provider": "openai", "key": "sk-a"},
            "openai:b": {"type": "api_key", "provider": "openai", "key": "sk-b"},
            "openrouter:x": {"type": "api_key", "provider": "openrouter", "key": "sk-x"}
        }}))
        .unwrap(),
    )
    .unwrap();
    (dir, store)
}

fn file(store: &AuthProfileStore) -> Value {
    serde_json::from_slice(&std::fs::read(store.file()).unwrap()).unwrap()
}

/// Runs `candidates` against models scripted per `label`, recording outcomes into `store`;
/// returns the result and the labels of the candidates that were attempted.
async fn run(
    candidates: &[Candidate],
    script: &[(&str, Result<AssembledReply, ProviderError>)],
    committed: bool,
    store: &AuthProfileStore,
) -> (Result<String, AgentError>, Vec<String>) {
    let script: BTreeMap<String, Result<AssembledReply, ProviderError>> =
        script.iter().map(|(label, result)| ((*label).to_owned(), result.clone())).collect();
    let tried = Arc::new(Mutex::new(Vec::new()));
    let result = run_with_failover(
        candidates,
        |c| match script.get(&label(c)) {
            Some(result) => Ok(Arc::new(Scripted(result.clone())) as Arc<dyn Model>),
            None => Err(ProviderError::Config { message: format!("no script for {}", label(c)) }),
        },
        |model, c| {
            tried.lock().unwrap().push(label(c));
            async move {
                let request = ModelRequest::default();
                let cancel = Cancellation::new();
                let mut sink = |_: &openclaw_providers::StreamEvent| {};
                let reply = model.stream(&request, &cancel, &mut sink).await;
                match reply {
                    Ok(reply) => Ok(reply.text),
                    Err(error) if committed => Err(AttemptError::committed(error)),
                    Err(error) => Err(AttemptError::from(error)),
                }
            }
        },
        |c, outcome| record_outcome(store, c, outcome, &CooldownPolicy::default(), NOW).unwrap(),
    )
    .await;
    let tried = tried.lock().unwrap().clone();
    (result.map(|success| format!("{} from {}", success.value, label(&success.candidate))), tried)
}

#[tokio::test]
async fn rate_limited_profile_cools_down_and_the_next_profile_answers() {
    let (_dir, store) = store();
    let candidates = [candidate("openai/gpt", Some("openai:a")), candidate("openai/gpt", Some("openai:b"))];
    let (result, tried) =
        run(&candidates, &[("openai/gpt@openai:a", http(429)), ("openai/gpt@openai:b", reply("hi"))], false, &store)
            .await;
    assert_eq!(result.unwrap(), "hi from openai/gpt@openai:b");
    assert_eq!(tried, ["openai/gpt@openai:a", "openai/gpt@openai:b"]);
    let written = file(&store);
    assert_eq!(
        written["usageStats"],
        json!({
            "openai:a": {"cooldownUntil": NOW + 60_000, "errorCount": 1, "failureCounts": {"rate_limit": 1}, "lastFailureAt": NOW},
            "openai:b": {"lastUsed": NOW, "errorCount": 0}
        })
    );
    assert_eq!(written["lastGood"], json!({"openai": "openai:b"}));
    assert_eq!(written["profiles"]["openai:a"]["key"], "sk-a", "credentials untouched");
}

#[tokio::test]
async fn server_errors_fall_back_to_the_next_model_and_billing_disables_the_profile() {
    let (_dir, store) = store();
    let candidates = [
        candidate("openai/gpt", Some("openai:a")),
        candidate("openai/gpt", Some("openai:b")),
        candidate("anthropic/claude", None),
    ];
    let script =
        [("openai/gpt@openai:a", http(503)), ("openai/gpt@openai:b", http(402)), ("anthropic/claude@-", reply("ok"))];
    let (result, tried) = run(&candidates, &script, false, &store).await;
    assert_eq!(result.unwrap(), "ok from anthropic/claude@-");
    assert_eq!(tried.len(), 3);
    let stats = &file(&store)["usageStats"];
    assert_eq!(stats["openai:a"]["failureCounts"], json!({"timeout": 1}));
    assert_eq!(stats["openai:b"]["disabledUntil"], json!(NOW + 5 * 3_600_000));
    assert_eq!(stats["openai:b"]["disabledReason"], "billing");
    assert!(file(&store).get("lastGood").is_none(), "an env/config key has no profile to mark");
}

#[tokio::test]
async fn a_profile_that_failed_for_its_key_is_not_retried_with_a_fallback_model() {
    let (_dir, store) = store();
    let candidates = [
        candidate("openai/big", Some("openai:a")),
        candidate("openai/small", Some("openai:a")),
        candidate("openai/small", Some("openai:b")),
    ];
    let script = [
        ("openai/big@openai:a", http(401)),
        ("openai/small@openai:a", reply("no")),
        ("openai/small@openai:b", reply("yes")),
    ];
    let (result, tried) = run(&candidates, &script, false, &store).await;
    assert_eq!(result.unwrap(), "yes from openai/small@openai:b");
    assert_eq!(tried, ["openai/big@openai:a", "openai/small@openai:b"]);
}

#[tokio::test]
async fn cancellation_and_committed_output_stop_the_run() {
    let (_dir, store) = store();
    let candidates = [candidate("openai/gpt", Some("openai:a")), candidate("openai/gpt", Some("openai:b"))];
    let script = [("openai/gpt@openai:a", Err(ProviderError::Cancelled)), ("openai/gpt@openai:b", reply("late"))];
    let (result, tried) = run(&candidates, &script, false, &store).await;
    assert!(matches!(result, Err(AgentError::Provider(ProviderError::Cancelled))));
    assert_eq!(tried.len(), 1);
    assert!(file(&store).get("usageStats").is_none(), "a cancellation says nothing about the key");

    let script = [("openai/gpt@openai:a", http(429)), ("openai/gpt@openai:b", reply("late"))];
    let (result, tried) = run(&candidates, &script, true, &store).await;
    assert!(matches!(result, Err(AgentError::Provider(ProviderError::Api { status: Some(429), .. }))));
    assert_eq!(tried.len(), 1, "text was already shown, so no second answer");
    assert_eq!(file(&store)["usageStats"]["openai:a"]["errorCount"], 1, "the failure is still recorded");
}

#[tokio::test]
async fn exhausting_every_candidate_lists_the_attempts() {
    let (_dir, store) = store();
    let candidates = [
        candidate("openai/gpt", Some("openai:a")),
        candidate("mystery/m", None),
        candidate("openrouter/x/y", Some("openrouter:x")),
    ];
    let script = [("openai/gpt@openai:a", http(429)), ("openrouter/x/y@openrouter:x", http(500))];
    let (result, tried) = run(&candidates, &script, false, &store).await;
    let err = result.unwrap_err();
    assert!(matches!(err, AgentError::ModelsExhausted { .. }));
    assert_eq!(
        err.to_string(),
        "all models failed (openai/gpt (openai:a): rate_limit; mystery/m: unavailable; openrouter/x/y (openrouter:x): timeout): provider error (HTTP 500): error: status 500"
    );
    assert_eq!(
        tried,
        ["openai/gpt@openai:a", "openrouter/x/y@openrouter:x"],
        "the unbuildable candidate is passed over"
    );
    assert!(file(&store)["usageStats"].get("openrouter:x").is_none(), "OpenRouter profiles never cool down");
}

#[test]
fn failures_are_classified_like_openclaw() {
    let api = |status: Option<u16>, kind: &str, message: &str| ProviderError::Api {
        status,
        kind: kind.to_owned(),
        message: message.to_owned(),
    };
    let cases = [
        (api(Some(429), "", ""), Some(FailureReason::RateLimit)),
        (api(Some(401), "", ""), Some(FailureReason::Auth)),
        (api(Some(403), "", ""), Some(FailureReason::Auth)),
        (api(Some(402), "", ""), Some(FailureReason::Billing)),
        (api(Some(500), "", ""), Some(FailureReason::Timeout)),
        (api(Some(529), "", ""), Some(FailureReason::Timeout)),
        (api(Some(408), "", ""), Some(FailureReason::Timeout)),
        (api(Some(400), "", ""), Some(FailureReason::Format)),
        (api(Some(404), "", ""), Some(FailureReason::ModelNotFound)),
        (api(Some(418), "", "teapot"), None),
        (api(None, "overloaded_error", "Overloaded"), Some(FailureReason::RateLimit)),
        (api(None, "insufficient_quota", "You exceeded your quota"), Some(FailureReason::Billing)),
        (api(None, "invalid_request_error", "messages: bad"), None),
        (ProviderError::Transport { message: "connection refused".to_owned() }, Some(FailureReason::Timeout)),
        (ProviderError::Timeout { phase: "waiting for headers", millis: 1 }, Some(FailureReason::Timeout)),
        (ProviderError::Cancelled, None),
        (ProviderError::IncompleteToolCall { index: 0, missing: "id" }, None),
    ];
    for (error, expected) in cases {
        assert_eq!(classify_failure(&error), expected, "{error}");
    }
}
