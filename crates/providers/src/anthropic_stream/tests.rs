//! Messages streams written by hand, decoded whole and split at every byte boundary.

use super::*;
use crate::decoder::StreamDecoder;
use crate::model::ThinkingBlock;
use crate::reply::AssembledReply;
use crate::test_fixtures::{self, Decoded};
use crate::tool_call::ToolCall;

fn decode_everywhere(body: &str) -> Decoded {
    test_fixtures::decode_everywhere::<AnthropicStreamDecoder>(body)
}

const START: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n";
const END: &str = concat!(
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n",
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
);

fn text_and_tool() -> String {
    [
        START,
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me \"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"check ✓\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"San Fra\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ncisco\\\"}\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
        END,
    ]
    .concat()
}

#[test]
fn text_and_tool_use_assemble_with_stop_reason_and_usage() {
    let (events, reply) = decode_everywhere(&text_and_tool()).unwrap();
    assert_eq!(reply.text, "Let me check ✓");
    assert_eq!(
        reply.tool_calls,
        vec![ToolCall {
            id: "toolu_1".into(),
            name: "get_weather".into(),
            arguments: "{\"location\": \"San Francisco\"}".into()
        }]
    );
    assert_eq!(
        events.last(),
        Some(&StreamEvent::Finished {
            finish_reason: Some("tool_use".into()),
            usage: Some(Usage { input_tokens: 25, output_tokens: 15 })
        })
    );
}

#[test]
fn a_tool_use_without_input_deltas_has_empty_object_arguments() {
    let body = [
        START,
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"now\",\"input\":{}}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        END,
    ]
    .concat();
    let (_, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(reply.tool_calls[0].arguments, "{}");
}

#[test]
fn invalid_input_json_fails_naming_the_call() {
    let body = text_and_tool().replace("ncisco\\\"}", "ncisco");
    assert_ne!(body, text_and_tool(), "the fixture edit applied");
    let error = decode_everywhere(&body).unwrap_err();
    assert!(
        matches!(&error, ProviderError::InvalidToolArguments { id, name, .. } if id == "toolu_1" && name == "get_weather"),
        "{error:?}"
    );
}

#[test]
fn missing_message_stop_is_truncated() {
    let body = text_and_tool();
    let cut = body.trim_end_matches("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    for end in (0..cut.len()).filter(|&e| cut.is_char_boundary(e)) {
        assert!(
            matches!(
                StreamDecoder::decode_all(AnthropicStreamDecoder::new(), &cut.as_bytes()[..end]),
                Err(ProviderError::Truncated { .. })
            ),
            "cut at {end}"
        );
    }
}

#[test]
fn an_error_event_is_an_api_error() {
    let body = format!(
        "{START}event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}}}\n\n"
    );
    assert_eq!(
        decode_everywhere(&body).unwrap_err(),
        ProviderError::Api { status: None, kind: "overloaded_error".into(), message: "Overloaded".into() }
    );
}

#[test]
fn malformed_data_is_reported_and_skipped_and_unknown_events_ignored() {
    let body = format!(
        "event: content_block_delta\ndata: {{\"type\": not json\n\nevent: future_thing\ndata: {{\"type\":\"future_thing\"}}\n\n{}",
        text_and_tool()
    );
    let (events, reply) = decode_everywhere(&body).unwrap();
    assert!(matches!(&events[0], StreamEvent::Malformed { .. }));
    assert_eq!(reply.malformed, 1);
    assert_eq!(reply.text, "Let me check ✓");
}

#[test]
fn the_type_falls_back_to_the_sse_event_name() {
    let body = format!("{START}event: message_stop\ndata: {{}}\n\n");
    let (_, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(reply.usage, Some(Usage { input_tokens: 25, output_tokens: 1 }));
}

fn thinking_then_tool() -> String {
    [
        START,
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Need the \"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"weather ☂\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3h\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4a\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n",
        END,
    ]
    .concat()
}

#[test]
fn thinking_signature_and_redacted_blocks_are_events_apart_from_the_text() {
    let (events, reply) = decode_everywhere(&thinking_then_tool()).unwrap();
    assert_eq!(
        events[..4],
        [
            StreamEvent::ThinkingDelta { index: 0, text: "Need the ".into() },
            StreamEvent::ThinkingDelta { index: 0, text: "weather ☂".into() },
            StreamEvent::ThinkingSignature { index: 0, signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h".into() },
            StreamEvent::RedactedThinking { index: 1, data: "EmwKAhgBEgy3va3pzix/LafPsn4a".into() },
        ]
    );
    assert_eq!(
        reply,
        AssembledReply {
            text: String::new(),
            tool_calls: vec![ToolCall { id: "toolu_1".into(), name: "get_weather".into(), arguments: "{}".into() }],
            thinking: vec![
                ThinkingBlock {
                    text: "Need the weather ☂".into(),
                    signature: Some("EqQBCgIYAhIM1gbcDa9GJwZA2b3h".into()),
                    redacted: None,
                },
                ThinkingBlock {
                    text: String::new(),
                    signature: None,
                    redacted: Some("EmwKAhgBEgy3va3pzix/LafPsn4a".into())
                },
            ],
            finish_reason: Some("tool_use".into()),
            usage: Some(Usage { input_tokens: 25, output_tokens: 15 }),
            malformed: 0,
        }
    );
}
