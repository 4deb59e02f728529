//! What every client does alike, because it is the shared HTTP core's doing: each test runs
//! once per wire format.

use std::time::{Duration, Instant};

use openclaw_providers::{Cancellation, ProviderError, StreamEvent};
use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};
use serde_json::json;

use super::{APIS, CANARY_KEY, assert_no_key, client, client_at, request, run};

#[tokio::test]
async fn streams_text_with_usage() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::text("Hello from the fake model")]);
        let model = client(api, &server, 3);
        assert_eq!(model.api(), api);
        let (reply, events) = run(&*model, &request(), &Cancellation::new()).await;
        let reply = reply.unwrap();
        assert_eq!(reply.text, "Hello from the fake model", "{api}");
        assert!(reply.usage.is_some(), "{api}");
        let deltas = events.iter().filter(|e| matches!(e, StreamEvent::TextDelta(_))).count();
        assert!(deltas > 1, "{api}: text should arrive in pieces, got {deltas}");
        assert_eq!(server.requests()[0]["body"]["stream"], true, "{api}");
    }
}

#[tokio::test]
async fn reassembles_a_tool_call_split_across_chunks() {
    let arguments = r#"{"path":"/tmp/notes.txt","mode":"read","lines":[1,2]}"#;
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::tool_call("read_file", arguments)]);
        let (reply, events) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        let reply = reply.unwrap();
        assert_eq!(reply.tool_calls.len(), 1, "{api}");
        assert_eq!(reply.tool_calls[0].name, "read_file", "{api}");
        assert!(!reply.tool_calls[0].id.is_empty(), "{api}");
        assert_eq!(reply.tool_calls[0].arguments, arguments, "{api}");
        let expected_finish = if api == "anthropic-messages" { "tool_use" } else { "tool_calls" };
        assert_eq!(reply.finish_reason.as_deref(), Some(expected_finish), "{api}");
        let fragments = events
            .iter()
            .filter(|e| matches!(e, StreamEvent::ToolCallDelta(delta) if !delta.arguments.is_empty()))
            .count();
        assert!(fragments > 1, "{api}: arguments should arrive in fragments, got {fragments}");
    }
}

#[tokio::test]
async fn a_malformed_chunk_is_skipped() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
        let (reply, _) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        let reply = reply.unwrap();
        assert_eq!(reply.text, MALFORMED_FOLLOW_UP_TEXT, "{api}");
        assert_eq!(reply.malformed, 1, "{api}");
    }
}

#[tokio::test]
async fn waits_for_retry_after_then_retries() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::rate_limited(1), Scripted::text("after the limit")]);
        let started = Instant::now();
        let (reply, _) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        assert!(started.elapsed() >= Duration::from_secs(1), "{api}: waited only {:?}", started.elapsed());
        assert_eq!(reply.unwrap().text, "after the limit", "{api}");
        assert_eq!(server.requests().len(), 2, "{api}");
    }
}

#[tokio::test]
async fn retries_server_errors_then_succeeds() {
    for api in APIS {
        let server = FakeModelServer::start(vec![
            Scripted::server_error(),
            Scripted::server_error(),
            Scripted::text("third time"),
        ]);
        let (reply, _) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        assert_eq!(reply.unwrap().text, "third time", "{api}");
        assert_eq!(server.requests().len(), 3, "{api}");
    }
}

#[tokio::test]
async fn exhausted_attempts_report_the_status_and_the_providers_error() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::server_error(); 2]);
        let (reply, _) = run(&*client(api, &server, 2), &request(), &Cancellation::new()).await;
        let error = reply.unwrap_err();
        let ProviderError::Api { status, kind, message } = &error else { panic!("{api}: expected Api, got {error:?}") };
        assert_eq!(*status, Some(500), "{api}");
        let expected_kind = if api == "anthropic-messages" { "api_error" } else { "server_error" };
        assert_eq!(kind, expected_kind, "{api}");
        assert!(message.contains("fake model server"), "{api}: {message}");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for api in APIS {
        let server = FakeModelServer::start(vec![
            Scripted::Status { code: 400, retry_after: None, body: None },
            Scripted::text("never reached"),
        ]);
        let (reply, _) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        assert!(matches!(reply, Err(ProviderError::Api { status: Some(400), .. })), "{api}: {reply:?}");
        assert_eq!(server.requests().len(), 1, "{api}");
    }
}

#[tokio::test]
async fn a_mid_stream_disconnect_is_truncated_and_not_retried() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream, Scripted::text("must not be used")]);
        let (reply, events) = run(&*client(api, &server, 3), &request(), &Cancellation::new()).await;
        assert!(matches!(reply, Err(ProviderError::Truncated { .. })), "{api}: {reply:?}");
        assert!(!events.is_empty(), "{api}: the first deltas were handed out before the drop");
        assert_eq!(server.remaining(), 1, "{api}");
    }
}

#[tokio::test]
async fn cancelling_stops_delivery_after_the_first_event() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::text("a reply long enough to arrive in several pieces")]);
        let model = client(api, &server, 3);
        let cancel = Cancellation::new();
        let mut seen = 0;
        let result = model
            .stream(&request(), &cancel, &mut |_| {
                seen += 1;
                cancel.cancel();
            })
            .await;
        assert_eq!(result, Err(ProviderError::Cancelled), "{api}");
        assert_eq!(seen, 1, "{api}: no event may be delivered after cancelling");
    }
}

#[tokio::test]
async fn cancelling_interrupts_a_retry_wait() {
    for api in APIS {
        let server = FakeModelServer::start(vec![Scripted::rate_limited(20), Scripted::text("too late")]);
        let cancel = Cancellation::new();
        let canceller = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            canceller.cancel();
        });
        let started = Instant::now();
        let (reply, _) = run(&*client(api, &server, 3), &request(), &cancel).await;
        assert_eq!(reply, Err(ProviderError::Cancelled), "{api}");
        assert!(started.elapsed() < Duration::from_secs(5), "{api}: took {:?}", started.elapsed());
        assert_eq!(server.requests().len(), 1, "{api}");
    }
}

#[tokio::test]
async fn the_key_never_appears_in_errors_or_debug() {
    for api in APIS {
        // Servers that echo the rejected key, as some proxies do, in each provider's error shape.
        let echo = format!("Incorrect API key provided: {CANARY_KEY}");
        let body = if api == "anthropic-messages" {
            json!({"type": "error", "error": {"type": "authentication_error", "message": echo}})
        } else {
            json!({"error": {"message": echo, "type": "invalid_request_error", "code": "invalid_api_key"}})
        };
        let server = FakeModelServer::start(vec![
            Scripted::Status { code: 401, retry_after: None, body: Some(body) },
            Scripted::Status { code: 503, retry_after: None, body: Some(json!(format!("down; key was {CANARY_KEY}"))) },
            Scripted::DisconnectMidStream,
        ]);
        let model = client(api, &server, 1);
        let debug = format!("{model:?}");
        assert!(!debug.contains(CANARY_KEY) && debug.contains("[redacted]"), "{api}: {debug}");
        let mut errors = Vec::new();
        for _ in 0..3 {
            errors.push(run(&*model, &request(), &Cancellation::new()).await.0.unwrap_err());
        }
        assert!(
            matches!(&errors[0], ProviderError::Api { status: Some(401), message, .. } if message.contains("[redacted]")),
            "{api}: {:?}",
            errors[0]
        );
        // Nothing listens on port 9 of localhost here: a transport error. The key also rides
        // in the URL, where a misconfigured base may carry it.
        let refused = client_at(api, &format!("http://127.0.0.1:9/v1?key={CANARY_KEY}"), 1);
        assert!(!format!("{refused:?}").contains(CANARY_KEY), "{api}");
        errors.push(run(&*refused, &request(), &Cancellation::new()).await.0.unwrap_err());
        assert!(matches!(errors[3], ProviderError::Transport { .. }), "{api}: {:?}", errors[3]);
        for error in &errors {
            assert_no_key(api, error);
        }
        let recorded = server.requests()[0]["headers"].to_string();
        assert!(recorded.contains(CANARY_KEY), "{api}: the key was sent, only never shown");
    }
}
