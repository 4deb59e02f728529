//! OpenAI Chat Completions over the wire: JSON completions, `chat.completion.chunk` SSE with
//! `data: [DONE]`, tool-call fragments, usage chunks, and each scripted failure.

use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};
use serde_json::{Value, json};

use openclaw_testkit::wire_client::{WireResponse, post};

fn chat(server: &FakeModelServer, body: &Value) -> WireResponse {
    post(&format!("{}/chat/completions", server.base_url()), &[("Authorization", "Bearer sk-test")], body)
}

fn request(stream: bool) -> Value {
    json!({"model": "gpt-test", "stream": stream, "messages": [{"role": "user", "content": "hi"}]})
}

/// The JSON chunks of a complete stream, checking the OpenAI framing on the way: only
/// `data:` lines, and `[DONE]` last.
fn chunks(response: &WireResponse) -> Vec<Value> {
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    assert!(response.complete, "stream ended early: {}", response.body);
    let events = response.events();
    assert!(events.iter().all(|e| e.event.is_none()), "OpenAI streams carry no event names");
    assert_eq!(events.last().unwrap().data, "[DONE]");
    let chunks: Vec<Value> = events[..events.len() - 1].iter().map(|e| e.json()).collect();
    for chunk in &chunks {
        assert_eq!(chunk["object"], "chat.completion.chunk");
        assert_eq!(chunk["id"], chunks[0]["id"]);
        assert_eq!(chunk["model"], "gpt-test");
        assert!(chunk["created"].is_u64());
    }
    chunks
}

fn content(chunks: &[Value]) -> String {
    chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect()
}

#[test]
fn text_without_streaming_is_one_chat_completion() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there")]);
    let response = chat(&server, &request(false));
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(
        body["choices"],
        json!([{
            "index": 0,
            "message": {"role": "assistant", "content": "Hello there", "refusal": null},
            "logprobs": null,
            "finish_reason": "stop",
        }])
    );
    let usage = &body["usage"];
    assert_eq!(
        usage["total_tokens"],
        usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
    );
}

#[test]
fn streamed_text_arrives_in_several_deltas_then_stop_and_done() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there, streaming world")]);
    let chunks = chunks(&chat(&server, &request(true)));
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    assert!(
        chunks.iter().filter(|c| c["choices"][0]["delta"]["content"].as_str().is_some_and(|s| !s.is_empty())).count()
            >= 2
    );
    assert_eq!(content(&chunks), "Hello there, streaming world");
    let last = chunks.last().unwrap();
    assert_eq!(last["choices"][0]["finish_reason"], "stop");
    assert_eq!(last["choices"][0]["delta"], json!({}));
    assert!(chunks[..chunks.len() - 1].iter().all(|c| c["choices"][0]["finish_reason"].is_null()));
    assert!(chunks.iter().all(|c| c.get("usage").is_none()), "usage only when asked for");
}

#[test]
fn include_usage_adds_a_last_chunk_with_usage_and_no_choices() {
    let server = FakeModelServer::start(vec![Scripted::text("counted")]);
    let mut body = request(true);
    body["stream_options"] = json!({"include_usage": true});
    let chunks = chunks(&chat(&server, &body));
    let (last, rest) = chunks.split_last().unwrap();
    assert_eq!(last["choices"], json!([]));
    assert!(last["usage"]["completion_tokens"].as_u64().unwrap() > 0);
    assert!(rest.iter().all(|c| c["usage"].is_null()));
    assert_eq!(rest.last().unwrap()["choices"][0]["finish_reason"], "stop");
}

#[test]
fn streamed_tool_call_fragments_reassemble_into_the_arguments() {
    let arguments = r#"{"city":"Paris","unit":"celsius","days":3}"#;
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", arguments)]);
    let chunks = chunks(&chat(&server, &request(true)));
    // Reassemble the way a client must: per `index`, id and name from the first delta,
    // arguments concatenated from all of them.
    let (mut id, mut name, mut joined, mut fragments) = (None, None, String::new(), 0);
    for chunk in &chunks {
        for call in chunk["choices"][0]["delta"]["tool_calls"].as_array().into_iter().flatten() {
            assert_eq!(call["index"], 0);
            if let Some(v) = call["id"].as_str() {
                id = Some(v.to_owned());
            }
            if let Some(v) = call["function"]["name"].as_str() {
                name = Some(v.to_owned());
            }
            let piece = call["function"]["arguments"].as_str().unwrap();
            if !piece.is_empty() {
                fragments += 1;
            }
            joined.push_str(piece);
        }
    }
    assert!(id.is_some_and(|id| id.starts_with("call_")));
    assert_eq!(name.as_deref(), Some("get_weather"));
    assert!(fragments >= 3, "arguments should arrive in several fragments, got {fragments}");
    assert_eq!(joined, arguments);
    assert_eq!(chunks.last().unwrap()["choices"][0]["finish_reason"], "tool_calls");
}

#[test]
fn tool_call_without_streaming_is_a_whole_tool_calls_message() {
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", r#"{"city":"Paris"}"#)]);
    let body = chat(&server, &request(false)).json();
    let choice = &body["choices"][0];
    assert_eq!(choice["finish_reason"], "tool_calls");
    assert_eq!(choice["message"]["content"], Value::Null);
    let call = &choice["message"]["tool_calls"][0];
    assert_eq!(call["type"], "function");
    assert_eq!(call["function"], json!({"name": "get_weather", "arguments": r#"{"city":"Paris"}"#}));
}

#[test]
fn rate_limit_carries_retry_after_and_openai_error_json() {
    let server = FakeModelServer::start(vec![Scripted::rate_limited(7)]);
    let response = chat(&server, &request(true));
    assert_eq!(response.status, 429);
    assert_eq!(response.header("retry-after"), Some("7"));
    let error = &response.json()["error"];
    assert_eq!(error["type"], "requests");
    assert_eq!(error["code"], "rate_limit_exceeded");
    assert!(error["message"].is_string());
}

#[test]
fn scripted_status_sends_the_given_body_or_a_server_error() {
    let custom = json!({"error": {"message": "nope", "type": "invalid_request_error", "code": "bad"}});
    let server = FakeModelServer::start(vec![
        Scripted::Status { code: 400, retry_after: None, body: Some(custom.clone()) },
        Scripted::server_error(),
    ]);
    let first = chat(&server, &request(false));
    assert_eq!((first.status, first.json()), (400, custom));
    assert_eq!(first.header("retry-after"), None);
    let second = chat(&server, &request(false));
    assert_eq!(second.status, 500);
    assert_eq!(second.json()["error"]["type"], "server_error");
}

#[test]
fn malformed_chunk_is_a_non_json_data_line_followed_by_a_normal_stream() {
    let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
    let response = chat(&server, &request(true));
    let events = response.events();
    assert!(events[0].data.starts_with('{'));
    assert!(serde_json::from_str::<Value>(&events[0].data).is_err());
    let rest: Vec<Value> = events[1..events.len() - 1].iter().map(|e| e.json()).collect();
    assert_eq!(content(&rest), MALFORMED_FOLLOW_UP_TEXT);
    assert_eq!(events.last().unwrap().data, "[DONE]");
    assert!(response.complete);
}

#[test]
fn malformed_without_streaming_is_a_200_that_is_not_json() {
    let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
    let response = chat(&server, &request(false));
    assert_eq!(response.status, 200);
    assert!(serde_json::from_str::<Value>(&response.body).is_err());
}

#[test]
fn disconnect_ends_the_stream_early_without_done() {
    let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream]);
    let response = chat(&server, &request(true));
    assert_eq!(response.status, 200);
    assert!(!response.complete, "the chunked body must not be terminated");
    let events = response.events();
    assert!(events.len() >= 2, "a couple of chunks arrive first: {events:?}");
    assert!(events.iter().all(|e| e.data != "[DONE]"));
    assert!(events.iter().all(|e| e.json()["choices"][0]["finish_reason"].is_null()));
}

#[test]
fn disconnect_without_streaming_truncates_the_declared_body() {
    let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream]);
    let response = chat(&server, &request(false));
    assert_eq!(response.status, 200);
    assert!(!response.complete);
    assert!(serde_json::from_str::<Value>(&response.body).is_err());
}
