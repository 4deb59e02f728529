//! The Messages body for whole conversations, compared as whole values.

use serde_json::json;

use super::*;
use crate::model::ThinkingBlock;
use crate::test_fixtures::{assistant, call, now_tool, result, text_and_image};

#[test]
fn parallel_tool_results_share_one_user_message() {
    let request = ModelRequest {
        model: "claude-test".into(),
        system: Some("be brief".into()),
        messages: vec![
            text_and_image("what is here?"),
            assistant("Checking.", vec![call("t1", "now", ""), call("t2", "read", r#"{"path":"/a"}"#)]),
            result("t1", "noon", false),
            result("t2", "no such file", true),
            ChatMessage::user_text("thanks"),
        ],
        tools: vec![now_tool()],
        ..ModelRequest::default()
    };
    assert_eq!(
        messages_body(&request),
        json!({
            "model": "claude-test",
            "system": "be brief",
            "messages": [
                {"role": "user", "content": [
                    {"type": "text", "text": "what is here?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}},
                ]},
                {"role": "assistant", "content": [
                    {"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "t1", "name": "now", "input": {}},
                    {"type": "tool_use", "id": "t2", "name": "read", "input": {"path": "/a"}},
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": "noon", "is_error": false},
                    {"type": "tool_result", "tool_use_id": "t2", "content": "no such file", "is_error": true},
                ]},
                {"role": "user", "content": [{"type": "text", "text": "thanks"}]},
            ],
            "tools": [{"name": "now", "description": "time", "input_schema": {"type": "object"}}],
            "max_tokens": DEFAULT_MAX_TOKENS,
            "stream": true,
        })
    );
}

#[test]
fn tool_only_turns_have_no_text_block_and_empty_turns_are_dropped() {
    let request = ModelRequest {
        model: "m".into(),
        messages: vec![
            ChatMessage::user_text("go"),
            assistant("", vec![call("t1", "now", "{}")]),
            result("t1", "noon", false),
            assistant("", Vec::new()),
        ],
        max_tokens: Some(10),
        ..ModelRequest::default()
    };
    let body = messages_body(&request);
    assert_eq!(body["messages"][1]["content"], json!([{"type": "tool_use", "id": "t1", "name": "now", "input": {}}]));
    assert_eq!(body["messages"].as_array().map(Vec::len), Some(3));
    assert_eq!(body["max_tokens"], 10);
    assert!(body.get("system").is_none() && body.get("tools").is_none());
}

#[test]
fn arguments_that_are_not_an_object_become_an_empty_input() {
    assert_eq!(tool_input("[1, 2]"), json!({}));
    assert_eq!(tool_input("{\"a\":"), json!({}));
    assert_eq!(tool_input("{\"a\": 1}"), json!({"a": 1}));
}

#[test]
fn reasoning_effort_sets_a_thinking_budget_below_max_tokens_and_drops_temperature() {
    // (effort, requested max_tokens, expected budget, expected max_tokens)
    let cases = [
        ("minimal", None, 1024, DEFAULT_MAX_TOKENS),
        ("low", None, 2048, DEFAULT_MAX_TOKENS),
        ("medium", None, 8192, 8192 + ANSWER_TOKENS_AFTER_THINKING),
        ("high", Some(64_000), 16384, 64_000),
        ("high", Some(16384), 16384, 16384 + ANSWER_TOKENS_AFTER_THINKING),
        ("xhigh", Some(1000), 32768, 32768 + ANSWER_TOKENS_AFTER_THINKING),
    ];
    for (effort, max_tokens, budget, expected_max) in cases {
        let request = ModelRequest {
            model: "m".into(),
            messages: vec![ChatMessage::user_text("hi")],
            max_tokens,
            sampling: crate::Sampling { temperature: Some(0.2), ..Default::default() },
            reasoning_effort: Some(effort.into()),
            ..ModelRequest::default()
        };
        let body = messages_body(&request);
        assert_eq!(body["thinking"], json!({"type": "enabled", "budget_tokens": budget}), "{effort}");
        assert_eq!(body["max_tokens"], expected_max, "{effort} {max_tokens:?}");
        assert!(body.get("temperature").is_none(), "{effort}");
    }
}

#[test]
fn without_a_known_effort_there_is_no_thinking_and_temperature_stays() {
    for effort in [None, Some("turbo")] {
        let request = ModelRequest {
            model: "m".into(),
            messages: vec![ChatMessage::user_text("hi")],
            sampling: crate::Sampling { temperature: Some(0.5), ..Default::default() },
            reasoning_effort: effort.map(str::to_owned),
            ..ModelRequest::default()
        };
        let body = messages_body(&request);
        assert!(body.get("thinking").is_none(), "{effort:?}");
        assert_eq!(body["temperature"], json!(0.5));
        assert_eq!(body["max_tokens"], DEFAULT_MAX_TOKENS);
    }
}

#[test]
fn thinking_blocks_go_first_in_the_assistant_turn_as_received() {
    let request = ModelRequest {
        model: "m".into(),
        messages: vec![
            ChatMessage::user_text("weather?"),
            ChatMessage::Assistant {
                text: "Checking.".into(),
                tool_calls: vec![call("t1", "weather", "{}")],
                thinking: vec![
                    ThinkingBlock { text: "think".into(), signature: Some("sig1".into()), redacted: None },
                    ThinkingBlock { text: String::new(), signature: None, redacted: Some("opaque".into()) },
                    // Unsigned thinking (another provider, or cut off) would be refused.
                    ThinkingBlock { text: "unsigned".into(), signature: None, redacted: None },
                ],
            },
            result("t1", "rain", false),
        ],
        reasoning_effort: Some("low".into()),
        ..ModelRequest::default()
    };
    assert_eq!(
        messages_body(&request)["messages"][1],
        json!({"role": "assistant", "content": [
            {"type": "thinking", "thinking": "think", "signature": "sig1"},
            {"type": "redacted_thinking", "data": "opaque"},
            {"type": "text", "text": "Checking."},
            {"type": "tool_use", "id": "t1", "name": "weather", "input": {}},
        ]})
    );
}
