//! Responses streams written by hand, decoded whole and split at every byte boundary.

use super::*;
use crate::test_fixtures::{self, Decoded};
use crate::tool_call::ToolCall;

fn decode_everywhere(body: &str) -> Decoded {
    test_fixtures::decode_everywhere::<ResponsesStreamDecoder>(body)
}

/// `event: <type>\ndata: <json>\n\n`, as the API frames every event.
fn frame(data: &str) -> String {
    let value: Value = serde_json::from_str(data).unwrap();
    format!("event: {}\ndata: {data}\n\n", value["type"].as_str().unwrap())
}

fn body(events: &[&str]) -> String {
    events.iter().map(|data| frame(data)).collect()
}

const CREATED: &str = r#"{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[],"usage":null}}"#;
const MESSAGE_ADDED: &str = r#"{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}"#;
const COMPLETED: &str = r#"{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","status":"completed","usage":{"input_tokens":12,"output_tokens":5,"total_tokens":17}}}"#;

#[test]
fn text_assembles_with_stop_and_usage_at_completed() {
    let body = body(&[
        CREATED,
        MESSAGE_ADDED,
        r#"{"type":"response.content_part.added","output_index":0,"content_index":0,"part":{"type":"output_text","text":""}}"#,
        r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hél"}"#,
        r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"lo 🦀"}"#,
        r#"{"type":"response.output_text.done","output_index":0,"content_index":0,"text":"Héllo 🦀"}"#,
        COMPLETED,
    ]);
    let (events, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(
        events,
        vec![
            StreamEvent::TextDelta("Hél".into()),
            StreamEvent::TextDelta("lo 🦀".into()),
            StreamEvent::Finished {
                finish_reason: Some("stop".into()),
                usage: Some(Usage { input_tokens: 12, output_tokens: 5 }),
            },
        ]
    );
    assert_eq!(reply.text, "Héllo 🦀");
}

#[test]
fn function_call_arguments_assemble_by_output_index() {
    let body = body(&[
        CREATED,
        MESSAGE_ADDED,
        r#"{"type":"response.output_text.delta","output_index":0,"delta":"Checking."}"#,
        r#"{"type":"response.output_item.added","output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_a","name":"read","arguments":""}}"#,
        r#"{"type":"response.function_call_arguments.delta","output_index":1,"item_id":"fc_1","delta":"{\"path\":"}"#,
        r#"{"type":"response.function_call_arguments.delta","output_index":1,"item_id":"fc_1","delta":" \"/a\"}"}"#,
        r#"{"type":"response.function_call_arguments.done","output_index":1,"item_id":"fc_1","arguments":"{\"path\": \"/a\"}"}"#,
        r#"{"type":"response.output_item.done","output_index":1,"item":{"id":"fc_1","type":"function_call","status":"completed","call_id":"call_a","name":"read","arguments":"{\"path\": \"/a\"}"}}"#,
        COMPLETED,
    ]);
    let (_, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(reply.text, "Checking.");
    assert_eq!(
        reply.tool_calls,
        vec![ToolCall { id: "call_a".into(), name: "read".into(), arguments: "{\"path\": \"/a\"}".into() }]
    );
    assert_eq!(reply.finish_reason.as_deref(), Some("tool_calls"));
}

#[test]
fn a_call_sent_whole_in_its_done_item_is_used() {
    let body = body(&[
        r#"{"type":"response.output_item.done","output_index":0,"item":{"type":"function_call","call_id":"call_b","name":"now","arguments":"{}"}}"#,
        COMPLETED,
    ]);
    let (_, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(reply.tool_calls, vec![ToolCall { id: "call_b".into(), name: "now".into(), arguments: "{}".into() }]);
}

#[test]
fn incomplete_means_length() {
    let incomplete = r#"{"type":"response.incomplete","response":{"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":3,"output_tokens":4}}}"#;
    let (_, reply) =
        decode_everywhere(&body(&[r#"{"type":"response.output_text.delta","delta":"cut"}"#, incomplete])).unwrap();
    assert_eq!(reply.finish_reason.as_deref(), Some("length"));
    let completed_incomplete = r#"{"type":"response.completed","response":{"status":"incomplete"}}"#;
    let (_, reply) = decode_everywhere(&body(&[completed_incomplete])).unwrap();
    assert_eq!(reply.finish_reason.as_deref(), Some("length"));
}

#[test]
fn a_missing_completed_is_truncated() {
    let body = body(&[CREATED, r#"{"type":"response.output_text.delta","delta":"half"}"#]);
    assert_eq!(
        decode_everywhere(&body).unwrap_err(),
        ProviderError::Truncated { format: "OpenAI responses", terminator: "response.completed" }
    );
}

#[test]
fn failed_and_error_events_are_api_errors() {
    let failed = r#"{"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"The model crashed"}}}"#;
    assert_eq!(
        decode_everywhere(&body(&[CREATED, failed])).unwrap_err(),
        ProviderError::Api { status: None, kind: "server_error".into(), message: "The model crashed".into() }
    );
    let error = r#"{"type":"error","code":"rate_limit_exceeded","message":"Slow down","param":null}"#;
    assert_eq!(
        decode_everywhere(&body(&[error])).unwrap_err(),
        ProviderError::Api { status: None, kind: "rate_limit_exceeded".into(), message: "Slow down".into() }
    );
}

#[test]
fn malformed_data_is_reported_and_skipped_and_unknown_events_ignored() {
    let body = [
        "event: response.output_text.delta\ndata: {\"type\": not json\n\n".to_owned(),
        frame(r#"{"type":"response.reasoning_summary_text.delta","delta":"thinking"}"#),
        frame(r#"{"type":"response.some_future_event","x":1}"#),
        frame(r#"{"type":"response.output_text.delta","delta":"ok"}"#),
        frame(COMPLETED),
        "data: [DONE]\n\n".to_owned(),
    ]
    .concat();
    let (events, reply) = decode_everywhere(&body).unwrap();
    assert!(matches!(events[0], StreamEvent::Malformed { .. }));
    assert_eq!(reply.text, "ok");
    assert_eq!(reply.malformed, 1);
}

#[test]
fn the_type_falls_back_to_the_sse_event_name() {
    let body = concat!(
        "event: response.output_text.delta\ndata: {\"delta\":\"named\"}\n\n",
        "event: response.completed\ndata: {\"response\":{\"status\":\"completed\"}}\n\n",
    );
    let (_, reply) = decode_everywhere(body).unwrap();
    assert_eq!(reply.text, "named");
    assert_eq!(reply.finish_reason.as_deref(), Some("stop"));
    assert_eq!(reply.usage, None);
}
