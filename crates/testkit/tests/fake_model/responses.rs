//! OpenAI Responses over the wire: `response` objects, typed SSE events ending in
//! `response.completed`, function-call argument fragments, OpenAI error bodies, and each
//! scripted failure, at both `/v1/responses` and `/responses`.

use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};
use serde_json::{Value, json};

use openclaw_testkit::wire_client::{WireResponse, post};

fn responses(server: &FakeModelServer, body: &Value) -> WireResponse {
    post(&format!("{}/responses", server.base_url()), &[("Authorization", "Bearer sk-test")], body)
}

fn request(stream: bool) -> Value {
    json!({"model": "gpt-test", "stream": stream, "input": [{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}]})
}

/// The JSON events of a complete stream, checking the Responses framing on the way: every
/// event named after its `type`, sequence numbers rising from 0, `response.completed` last.
fn events(response: &WireResponse) -> Vec<Value> {
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    assert!(response.complete, "stream ended early: {}", response.body);
    let events: Vec<Value> = response
        .events()
        .iter()
        .map(|event| {
            let value = event.json();
            assert_eq!(event.event.as_deref(), value["type"].as_str(), "event name matches type");
            value
        })
        .collect();
    for (n, event) in events.iter().enumerate() {
        assert_eq!(event["sequence_number"], n);
    }
    assert_eq!(events[0]["type"], "response.created");
    assert_eq!(events.last().unwrap()["type"], "response.completed");
    events
}

fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

#[test]
fn text_without_streaming_is_one_completed_response() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there")]);
    let body = responses(&server, &request(false)).json();
    assert_eq!(body["object"], "response");
    assert_eq!(body["status"], "completed");
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(body["output"][0]["type"], "message");
    assert_eq!(
        body["output"][0]["content"],
        json!([{"type": "output_text", "text": "Hello there", "annotations": []}])
    );
    let usage = &body["usage"];
    assert_eq!(
        usage["total_tokens"],
        usage["input_tokens"].as_u64().unwrap() + usage["output_tokens"].as_u64().unwrap()
    );
}

#[test]
fn streamed_text_arrives_in_several_deltas_then_completed_with_usage() {
    let server = FakeModelServer::start(vec![Scripted::text("Hello there, streaming world")]);
    let events = events(&responses(&server, &request(true)));
    let deltas = of_type(&events, "response.output_text.delta");
    assert!(deltas.len() >= 2);
    let text: String = deltas.iter().filter_map(|d| d["delta"].as_str()).collect();
    assert_eq!(text, "Hello there, streaming world");
    let completed = &events.last().unwrap()["response"];
    assert_eq!(completed["status"], "completed");
    assert!(completed["usage"]["output_tokens"].as_u64().unwrap() > 0);
    assert_eq!(completed["output"][0]["content"][0]["text"], "Hello there, streaming world");
}

#[test]
fn streamed_function_call_arguments_arrive_as_fragments() {
    let arguments = r#"{"city":"Paris","unit":"celsius","days":3}"#;
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", arguments)]);
    let events = events(&responses(&server, &request(true)));
    let added = of_type(&events, "response.output_item.added");
    assert_eq!(added.len(), 1);
    let item = &added[0]["item"];
    assert_eq!(
        (item["type"].as_str(), item["name"].as_str(), item["arguments"].as_str()),
        (Some("function_call"), Some("get_weather"), Some(""))
    );
    assert!(item["call_id"].as_str().unwrap().starts_with("call_"));
    let fragments = of_type(&events, "response.function_call_arguments.delta");
    assert!(fragments.len() >= 3, "got {}", fragments.len());
    assert!(fragments.iter().all(|f| f["output_index"] == added[0]["output_index"]));
    let joined: String = fragments.iter().filter_map(|f| f["delta"].as_str()).collect();
    assert_eq!(joined, arguments);
    assert_eq!(of_type(&events, "response.output_item.done")[0]["item"]["arguments"], arguments);
}

#[test]
fn function_call_without_streaming_is_a_function_call_item() {
    let server = FakeModelServer::start(vec![Scripted::tool_call("get_weather", r#"{"city":"Paris"}"#)]);
    let item = &responses(&server, &request(false)).json()["output"][0];
    assert_eq!(item["type"], "function_call");
    assert_eq!(item["name"], "get_weather");
    assert_eq!(item["arguments"], r#"{"city":"Paris"}"#);
}

#[test]
fn the_bare_responses_path_is_served_too() {
    let server = FakeModelServer::start(vec![Scripted::text("bare")]);
    let url = format!("http://{}/responses", server.addr());
    let body = post(&url, &[], &request(false)).json();
    assert_eq!(body["output"][0]["content"][0]["text"], "bare");
    assert_eq!(server.requests()[0]["path"], "/responses");
}

#[test]
fn rate_limit_carries_retry_after_and_openai_error_json() {
    let server = FakeModelServer::start(vec![Scripted::rate_limited(7)]);
    let response = responses(&server, &request(true));
    assert_eq!(response.status, 429);
    assert_eq!(response.header("retry-after"), Some("7"));
    assert_eq!(response.header("x-request-id"), Some("req_fake_model_server"));
    let error = &response.json()["error"];
    assert_eq!(error["code"], "rate_limit_exceeded");
    assert!(error["message"].is_string());
}

#[test]
fn malformed_chunk_is_a_non_json_event_followed_by_a_normal_stream() {
    let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
    let response = responses(&server, &request(true));
    let raw = response.events();
    assert!(serde_json::from_str::<Value>(&raw[0].data).is_err());
    let rest: Vec<Value> = raw[1..].iter().map(|e| e.json()).collect();
    let text: String =
        of_type(&rest, "response.output_text.delta").iter().filter_map(|d| d["delta"].as_str()).collect();
    assert_eq!(text, MALFORMED_FOLLOW_UP_TEXT);
    assert_eq!(rest.last().unwrap()["type"], "response.completed");
    assert!(response.complete);
    let plain = responses(&FakeModelServer::start(vec![Scripted::MalformedChunk]), &request(false));
    assert_eq!(plain.status, 200);
    assert!(serde_json::from_str::<Value>(&plain.body).is_err());
}

#[test]
fn disconnect_ends_the_stream_early_without_completed() {
    let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream, Scripted::DisconnectMidStream]);
    let response = responses(&server, &request(true));
    assert_eq!(response.status, 200);
    assert!(!response.complete, "the chunked body must not be terminated");
    let events: Vec<Value> = response.events().iter().map(|e| e.json()).collect();
    assert_eq!(of_type(&events, "response.output_text.delta").len(), 2, "two deltas arrive first");
    assert!(of_type(&events, "response.completed").is_empty());
    let plain = responses(&server, &request(false));
    assert!(!plain.complete);
    assert!(serde_json::from_str::<Value>(&plain.body).is_err());
}
