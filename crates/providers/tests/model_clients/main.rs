//! Every `Model` implementation over real HTTP against the testkit's fake model server: the
//! behaviour they share through one HTTP core (streaming, retries, truncation, cancellation,
//! the API key never leaking), checked for each wire format alike, then what each format
//! puts on the wire (endpoint, headers, body mapping), the Chat Completions client's raw-body
//! API, and the `build_model` factory.

// Helpers outside #[test] fns are test code too: a failed fixture step should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod anthropic;
mod behaviour;
mod factory;
mod openai;
mod responses;

use std::time::Duration;

use openclaw_providers::{
    AnthropicClient, AssembledReply, Cancellation, ChatMessage, Model, ModelRequest, OpenAiClient,
    OpenAiResponsesClient, ProviderError, RetryPolicy, StreamEvent, Timeouts,
};
use openclaw_testkit::fake_model::FakeModelServer;

pub const CANARY_KEY: &str = "sk-canary-1a2b3c4d5e6f7a8b9c0d";

/// The `api` names of every client, each tested alike.
pub const APIS: [&str; 3] = ["openai-completions", "openai-responses", "anthropic-messages"];

/// Fast back-off so the 5xx tests take milliseconds; `Retry-After` still overrides it.
pub fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(30),
    }
}

/// The client for `api` against `base_url`, keyed with [`CANARY_KEY`].
pub fn client_at(api: &str, base_url: &str, max_attempts: u32) -> Box<dyn Model> {
    let key = Some(CANARY_KEY.to_owned());
    let timeouts = Timeouts::default();
    let retry = fast_retry(max_attempts);
    match api {
        "openai-completions" => Box::new(OpenAiClient::new(base_url, key, timeouts).unwrap().with_retry(retry)),
        "openai-responses" => Box::new(OpenAiResponsesClient::new(base_url, key, timeouts).unwrap().with_retry(retry)),
        "anthropic-messages" => Box::new(AnthropicClient::new(base_url, key, timeouts).unwrap().with_retry(retry)),
        other => panic!("no client for {other}"),
    }
}

pub fn client(api: &str, server: &FakeModelServer, max_attempts: u32) -> Box<dyn Model> {
    client_at(api, &server.base_url(), max_attempts)
}

pub fn request() -> ModelRequest {
    ModelRequest { model: "fake-model".into(), messages: vec![ChatMessage::user_text("hi")], ..ModelRequest::default() }
}

/// Streams `request` and collects the events handed out on the way.
pub async fn run(
    model: &dyn Model,
    request: &ModelRequest,
    cancel: &Cancellation,
) -> (Result<AssembledReply, ProviderError>, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let result = model.stream(request, cancel, &mut |event| events.push(event.clone())).await;
    (result, events)
}

pub fn assert_no_key(api: &str, error: &ProviderError) {
    let shown = format!("{error} / {error:?}");
    assert!(!shown.contains(CANARY_KEY), "{api}: key leaked: {shown}");
}
