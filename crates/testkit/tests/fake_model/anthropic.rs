//! Anthropic Messages over the wire: JSON messages, the named SSE event sequence with
//! `text_delta` / `input_json_delta`, and each scripted failure in Anthropic's error shape.

use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};
use serde_json::{Value, json};

use openclaw_testkit::wire_client::{SseEvent, WireResponse, post};

fn messages(server: &FakeModelServer, body: &Value) -> WireResponse {
    post(
        &format!("{}/messages", server.base_url()),
        &[("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")],
        body,
    )
}

fn request(stream: bool) -> Value {
    json!({"model": "claude-test", "max_tokens": 256, "stream": stream, "messages": [{"role": "user", "content": "hi"}]})
}

/// Checks the Anthropic framing: every event is named, and its name matches `data.type`.
fn events(response: &WireResponse) -> Vec<(String, Value)> {
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    response
        .events()
        .iter()
        .map(|SseEvent { event, data }| {
            let name = event.clone().expect("every Anthropic event is named");
            let value: Value = serde_json::from_str(data).unwrap();
            assert_eq!(value["type"], name.as_str());
            (name, value)
        })
        .collect()
}

fn names(events: &[(String, Value)]) -> Vec<&str> {
    events.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn text_without_streaming_is_one_message() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there")]);
    let body = messages(&server, &request(false)).json();
    assert_eq!(body["type"], "message");
    assert_eq!(body["role"], "assistant");
    assert_eq!(body["model"], "claude-test");
    assert_eq!(body["content"], json!([{"type": "text", "text": "Hello there"}]));
    assert_eq!(body["stop_reason"], "end_turn");
    assert_eq!(body["stop_sequence"], Value::Null);
    assert!(body["usage"]["input_tokens"].as_u64().unwrap() > 0);
}

#[test]
fn streamed_text_follows_the_documented_event_sequence() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there, streaming world")]);
    let response = messages(&server, &request(true));
    assert!(response.complete);
    let events = events(&response);
    assert_eq!(
        names(&events),
        [
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop",
        ]
    );
    let start = &events[0].1["message"];
    assert_eq!((start["content"].clone(), start["stop_reason"].clone()), (json!([]), Value::Null));
    assert_eq!(events[1].1["content_block"], json!({"type": "text", "text": ""}));
    let text: String = events
        .iter()
        .filter(|(n, _)| n == "content_block_delta")
        .map(|(_, v)| {
            assert_eq!(v["delta"]["type"], "text_delta");
            v["delta"]["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(text, "Hello there, streaming world");
    let delta = &events[7].1;
    assert_eq!(delta["delta"], json!({"stop_reason": "end_turn", "stop_sequence": null}));
    assert_eq!(delta["usage"]["output_tokens"], 3);
}

#[test]
fn streamed_tool_use_input_json_deltas_reassemble_into_the_arguments() {
    let arguments = r#"{"city":"Paris","unit":"celsius","days":3}"#;
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", arguments)]);
    let events = events(&messages(&server, &request(true)));
    let block = &events[1].1["content_block"];
    assert_eq!(block["type"], "tool_use");
    assert_eq!(block["name"], "get_weather");
    assert_eq!(block["input"], json!({}));
    assert!(block["id"].as_str().unwrap().starts_with("toolu_"));
    let fragments: Vec<&str> = events
        .iter()
        .filter(|(n, _)| n == "content_block_delta")
        .map(|(_, v)| {
            assert_eq!(v["delta"]["type"], "input_json_delta");
            v["delta"]["partial_json"].as_str().unwrap()
        })
        .collect();
    assert!(fragments.len() >= 3);
    assert_eq!(fragments.concat(), arguments);
    let (_, delta) = events.iter().find(|(n, _)| n == "message_delta").unwrap();
    assert_eq!(delta["delta"]["stop_reason"], "tool_use");
    assert_eq!(names(&events).last(), Some(&"message_stop"));
}

#[test]
fn tool_use_without_streaming_has_parsed_input() {
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", r#"{"city":"Paris"}"#)]);
    let body = messages(&server, &request(false)).json();
    assert_eq!(body["stop_reason"], "tool_use");
    let block = &body["content"][0];
    assert_eq!((block["type"].clone(), block["name"].clone()), (json!("tool_use"), json!("get_weather")));
    assert_eq!(block["input"], json!({"city": "Paris"}));
}

#[test]
fn rate_limit_carries_retry_after_and_anthropic_error_json() {
    let server = FakeModelServer::start(vec![Scripted::rate_limited(30), Scripted::server_error()]);
    let limited = messages(&server, &request(true));
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("30"));
    let body = limited.json();
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["type"], "rate_limit_error");
    assert!(body["error"]["message"].is_string());
    let failed = messages(&server, &request(false));
    assert_eq!(failed.status, 500);
    assert_eq!(failed.json()["error"]["type"], "api_error");
}

#[test]
fn malformed_chunk_is_followed_by_a_complete_message() {
    let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
    let response = messages(&server, &request(true));
    assert!(response.complete);
    let raw = response.events();
    assert!(serde_json::from_str::<Value>(&raw[0].data).is_err());
    let text: String = raw[1..]
        .iter()
        .map(SseEvent::json)
        .filter(|v| v["type"] == "content_block_delta")
        .map(|v| v["delta"]["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(text, MALFORMED_FOLLOW_UP_TEXT);
    assert_eq!(raw.last().unwrap().event.as_deref(), Some("message_stop"));
}

#[test]
fn disconnect_ends_the_stream_before_message_stop() {
    let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream]);
    let response = messages(&server, &request(true));
    assert!(!response.complete);
    let events = events(&response);
    let names = names(&events);
    assert_eq!(names[..2], ["message_start", "content_block_start"]);
    assert!(names.contains(&"content_block_delta"));
    assert!(!names.contains(&"message_stop") && !names.contains(&"message_delta"));
}
