//! The Chat Completions client's own API (`stream_chat`, taking a raw request body) against
//! the fake model server: streamed text and tool calls, retry on 429 (honouring
//! `Retry-After`) and 5xx, no retry once the body started, malformed chunks skipped,
//! cancellation, timeouts, and the API key never leaking into an error message or `Debug`
//! output.

use std::time::{Duration, Instant};

use openclaw_providers::{Cancellation, OpenAiClient, ProviderError, RetryPolicy, StreamEvent, Timeouts};
use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};
use serde_json::{Value, json};

use super::{CANARY_KEY, assert_no_key, fast_retry};

const API: &str = "openai-completions";

fn client(server: &FakeModelServer, max_attempts: u32) -> OpenAiClient {
    OpenAiClient::new(server.base_url(), Some(CANARY_KEY.to_owned()), Timeouts::default())
        .unwrap()
        .with_retry(fast_retry(max_attempts))
}

fn request() -> Value {
    json!({
        "model": "fake-model",
        "messages": [{"role": "user", "content": "hi"}],
        "stream_options": {"include_usage": true},
    })
}

#[tokio::test]
async fn streams_text_with_bearer_key() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello from the fake model")]);
    let reply = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert_eq!(reply.text, "Hello from the fake model");
    assert_eq!(reply.finish_reason.as_deref(), Some("stop"));
    assert!(reply.usage.is_some());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["path"], "/v1/chat/completions");
    assert_eq!(requests[0]["headers"]["authorization"], format!("Bearer {CANARY_KEY}"));
    assert_eq!(requests[0]["body"]["stream"], true);
}

#[tokio::test]
async fn no_authorization_header_without_key() {
    let server = FakeModelServer::start(vec![Scripted::text("local")]);
    let client = OpenAiClient::new(server.base_url(), Some(String::new()), Timeouts::default()).unwrap();
    let reply = client.stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert_eq!(reply.text, "local");
    assert!(server.requests()[0]["headers"].get("authorization").is_none());
}

#[tokio::test]
async fn reassembles_a_tool_call() {
    let arguments = r#"{"path":"/tmp/notes.txt","mode":"read"}"#;
    let server = FakeModelServer::start(vec![Scripted::tool_call("read_file", arguments)]);
    let reply = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert_eq!(reply.tool_calls.len(), 1);
    assert_eq!(reply.tool_calls[0].name, "read_file");
    assert_eq!(reply.finish_reason.as_deref(), Some("tool_calls"));
    let events = std::sync::Mutex::new(Vec::new());
    let server = FakeModelServer::start(vec![Scripted::tool_call("read_file", arguments)]);
    client(&server, 3)
        .stream_chat_with(&request(), &Cancellation::new(), |event| events.lock().unwrap().push(event.clone()))
        .await
        .unwrap();
    let fragments = events.lock().unwrap().iter().filter(|e| matches!(e, StreamEvent::ToolCallDelta(_))).count();
    assert!(fragments > 1, "arguments should arrive in fragments, got {fragments}");
}

#[tokio::test]
async fn waits_for_retry_after_then_retries_once() {
    let server = FakeModelServer::start(vec![Scripted::rate_limited(1), Scripted::text("after the limit")]);
    let started = Instant::now();
    let reply = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(reply.text, "after the limit");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retries_server_errors_with_backoff() {
    let server =
        FakeModelServer::start(vec![Scripted::server_error(), Scripted::server_error(), Scripted::text("third time")]);
    let reply = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert_eq!(reply.text, "third time");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn exhausted_attempts_report_the_status_and_provider_error() {
    let server = FakeModelServer::start(vec![Scripted::server_error(); 3]);
    let error = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap_err();
    let ProviderError::Api { status, kind, message } = &error else { panic!("expected Api, got {error:?}") };
    assert_eq!(*status, Some(500));
    assert_eq!(kind, "server_error");
    assert!(message.contains("fake model server"), "{message}");
    assert!(error.to_string().contains("HTTP 500"), "{error}");
    assert_eq!(server.requests().len(), 3);
    assert_no_key(API, &error);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = FakeModelServer::start(vec![
        Scripted::Status { code: 401, retry_after: None, body: None },
        Scripted::text("never reached"),
    ]);
    let error = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap_err();
    assert!(matches!(&error, ProviderError::Api { status: Some(401), kind, .. } if kind == "invalid_request_error"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn mid_stream_disconnect_is_truncated_and_not_retried() {
    let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream, Scripted::text("must not be used")]);
    let error = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap_err();
    assert!(matches!(error, ProviderError::Truncated { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.remaining(), 1);
}

#[tokio::test]
async fn malformed_chunk_is_skipped() {
    let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
    let reply = client(&server, 3).stream_chat(&request(), &Cancellation::new()).await.unwrap();
    assert_eq!(reply.text, MALFORMED_FOLLOW_UP_TEXT);
    assert_eq!(reply.malformed, 1);
}

#[tokio::test]
async fn cancellation_stops_reading_after_the_first_event() {
    let server = FakeModelServer::start(vec![Scripted::text("a reply long enough to arrive in several pieces")]);
    let cancel = Cancellation::new();
    let mut seen = 0;
    let error = client(&server, 3)
        .stream_chat_with(&request(), &cancel, |_| {
            seen += 1;
            cancel.cancel();
        })
        .await
        .unwrap_err();
    assert_eq!(error, ProviderError::Cancelled);
    assert_eq!(seen, 1, "no event may be delivered after cancelling");
}

#[tokio::test]
async fn cancellation_interrupts_a_retry_wait() {
    let server = FakeModelServer::start(vec![Scripted::rate_limited(20), Scripted::text("too late")]);
    let cancel = Cancellation::new();
    let canceller = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        canceller.cancel();
    });
    let started = Instant::now();
    let error = client(&server, 3).stream_chat(&request(), &cancel).await.unwrap_err();
    assert_eq!(error, ProviderError::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn already_cancelled_sends_nothing() {
    let server = FakeModelServer::start(vec![Scripted::text("unused")]);
    let cancel = Cancellation::new();
    cancel.cancel();
    let error = client(&server, 3).stream_chat(&request(), &cancel).await.unwrap_err();
    assert_eq!(error, ProviderError::Cancelled);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn key_never_appears_in_errors_or_debug() {
    // A server that echoes the rejected key, as some proxies do.
    let echo = json!({"error": {"message": format!("Incorrect API key provided: {CANARY_KEY}"), "type": "invalid_request_error", "code": "invalid_api_key"}});
    let server = FakeModelServer::start(vec![
        Scripted::Status { code: 401, retry_after: None, body: Some(echo) },
        Scripted::Status { code: 503, retry_after: None, body: Some(json!(format!("down; key was {CANARY_KEY}"))) },
        Scripted::DisconnectMidStream,
    ]);
    let client = client(&server, 1);
    let debug = format!("{client:?}");
    assert!(!debug.contains(CANARY_KEY), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    let mut errors = Vec::new();
    for _ in 0..3 {
        errors.push(client.stream_chat(&request(), &Cancellation::new()).await.unwrap_err());
    }
    assert!(
        matches!(&errors[0], ProviderError::Api { status: Some(401), message, .. } if message.contains("[redacted]"))
    );
    // Nothing listens on port 9 of localhost here: a transport error.
    let refused = OpenAiClient::new("http://127.0.0.1:9/v1", Some(CANARY_KEY.to_owned()), Timeouts::default())
        .unwrap()
        .with_retry(fast_retry(2));
    errors.push(refused.stream_chat(&request(), &Cancellation::new()).await.unwrap_err());
    assert!(matches!(errors[3], ProviderError::Transport { .. }), "{:?}", errors[3]);
    // A key smuggled into the base URL is redacted too.
    let in_url = OpenAiClient::new(
        format!("http://127.0.0.1:9/v1?key={CANARY_KEY}"),
        Some(CANARY_KEY.to_owned()),
        Timeouts::default(),
    )
    .unwrap()
    .with_retry(RetryPolicy::none());
    assert!(!format!("{in_url:?}").contains(CANARY_KEY));
    errors.push(in_url.stream_chat(&request(), &Cancellation::new()).await.unwrap_err());
    for error in &errors {
        assert_no_key(API, error);
    }
}

#[tokio::test]
async fn read_timeout_fails_a_stalled_connection() {
    // A listener that accepts and never answers: the response-headers timeout must fire.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let _hold = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let timeouts = Timeouts { response: Duration::from_millis(200), ..Timeouts::default() };
    let client = OpenAiClient::new(format!("http://{addr}/v1"), None, timeouts).unwrap();
    let error = client.stream_chat(&request(), &Cancellation::new()).await.unwrap_err();
    assert!(matches!(error, ProviderError::Timeout { .. }), "{error:?}");
}

#[test]
fn invalid_base_url_is_a_config_error() {
    let error = OpenAiClient::new("not a url", Some(CANARY_KEY.to_owned()), Timeouts::default()).unwrap_err();
    assert!(matches!(error, ProviderError::Config { .. }));
    assert_no_key(API, &error);
}
