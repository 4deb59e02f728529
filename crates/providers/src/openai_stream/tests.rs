//! Chat Completions streams written by hand, decoded whole and split at every byte boundary.

use super::*;
use crate::decoder::StreamDecoder;
use crate::test_fixtures::{self, Decoded};
use crate::tool_call::ToolCall;

fn decode_everywhere(body: &str) -> Decoded {
    test_fixtures::decode_everywhere::<OpenAiStreamDecoder>(body)
}

const TEXT: &str = concat!(
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
    ": keep-alive\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hél\"},\"finish_reason\":null}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo 🦀\"},\"finish_reason\":null}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n",
    "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n",
    "data: [DONE]\n\n",
);

#[test]
fn text_assembles_with_finish_reason_and_usage_at_done() {
    let (events, reply) = decode_everywhere(TEXT).unwrap();
    assert_eq!(events[0], StreamEvent::TextDelta("Hél".into()));
    assert_eq!(
        events.last(),
        Some(&StreamEvent::Finished {
            finish_reason: Some("stop".into()),
            usage: Some(Usage { input_tokens: 9, output_tokens: 2 })
        })
    );
    assert_eq!(reply.text, "Héllo 🦀");
    assert_eq!(reply.malformed, 0);
}

#[test]
fn crlf_framing_decodes_the_same() {
    let (_, reply) = decode_everywhere(&TEXT.replace('\n', "\r\n")).unwrap();
    assert_eq!(reply.text, "Héllo 🦀");
}

const PARALLEL_TOOLS: &str = concat!(
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[",
    "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\": \\\"ru\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[",
    "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"read\",\"arguments\":\"{\\\"path\\\"\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"st\\\"}\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\": \\\"/a b\\\"}\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
    "data: [DONE]\n\n",
);

#[test]
fn parallel_tool_calls_reassemble_by_index() {
    let (_, reply) = decode_everywhere(PARALLEL_TOOLS).unwrap();
    assert_eq!(
        reply.tool_calls,
        vec![
            ToolCall { id: "call_a".into(), name: "search".into(), arguments: "{\"q\": \"rust\"}".into() },
            ToolCall { id: "call_b".into(), name: "read".into(), arguments: "{\"path\": \"/a b\"}".into() },
        ]
    );
    assert_eq!(reply.finish_reason.as_deref(), Some("tool_calls"));
    assert_eq!(reply.text, "");
}

#[test]
fn invalid_tool_arguments_fail_naming_the_call() {
    let body = PARALLEL_TOOLS.replace("st\\\"}", "st");
    assert_ne!(body, PARALLEL_TOOLS, "the fixture edit applied");
    let error = decode_everywhere(&body).unwrap_err();
    assert!(
        matches!(&error, ProviderError::InvalidToolArguments { id, name, .. } if id == "call_a" && name == "search"),
        "{error:?}"
    );
}

#[test]
fn a_data_line_that_is_not_json_is_reported_and_skipped() {
    let body = format!("data: {{\"id\": not json\n\n{TEXT}");
    let (events, reply) = decode_everywhere(&body).unwrap();
    assert!(matches!(&events[0], StreamEvent::Malformed { data, .. } if data == "{\"id\": not json"));
    assert_eq!(reply.text, "Héllo 🦀");
    assert_eq!(reply.malformed, 1);
}

#[test]
fn a_stream_without_done_is_truncated_wherever_it_is_cut() {
    let cut = TEXT.trim_end_matches("data: [DONE]\n\n");
    for end in 0..cut.len() {
        if !cut.is_char_boundary(end) {
            continue;
        }
        assert!(
            matches!(
                StreamDecoder::decode_all(OpenAiStreamDecoder::new(), &cut.as_bytes()[..end]),
                Err(ProviderError::Truncated { .. })
            ),
            "cut at {end}"
        );
    }
}

#[test]
fn done_without_trailing_blank_line_still_finishes() {
    let body = TEXT.trim_end();
    let (_, reply) = decode_everywhere(body).unwrap();
    assert_eq!(reply.finish_reason.as_deref(), Some("stop"));
}

#[test]
fn an_error_chunk_is_an_api_error() {
    let body = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
    assert_eq!(
        StreamDecoder::decode_all(OpenAiStreamDecoder::new(), body.as_bytes()),
        Err(ProviderError::Api { status: None, kind: "server_error".into(), message: "overloaded".into() })
    );
}

#[test]
fn events_after_done_are_ignored() {
    let body = format!("{TEXT}data: {{\"choices\":[{{\"delta\":{{\"content\":\"late\"}}}}]}}\n\n");
    let (_, reply) = decode_everywhere(&body).unwrap();
    assert_eq!(reply.text, "Héllo 🦀");
}
