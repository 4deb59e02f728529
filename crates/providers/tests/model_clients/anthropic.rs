//! What the Anthropic Messages client puts on the wire: `/v1/messages` whatever the base's
//! spelling, `x-api-key` and the pinned version, and the conversation mapped to Messages
//! blocks with parallel tool results in one user turn.

use openclaw_providers::{
    ANTHROPIC_VERSION, AnthropicClient, Cancellation, ChatMessage, ContentPart, Model, ModelRequest, Timeouts,
    ToolCall, ToolSpec,
};
use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::json;

use super::{CANARY_KEY, client, run};

fn result(id: &str, content: &str, is_error: bool) -> ChatMessage {
    ChatMessage::ToolResult { tool_call_id: id.into(), tool_name: "t".into(), content: content.into(), is_error }
}

#[tokio::test]
async fn sends_the_conversation_as_messages_blocks() {
    let server = FakeModelServer::start(vec![Scripted::text("done")]);
    let request = ModelRequest {
        model: "claude-test".into(),
        system: Some("You are terse.".into()),
        messages: vec![
            ChatMessage::User {
                content: vec![
                    ContentPart::Text("compare".into()),
                    ContentPart::Image { mime_type: "image/jpeg".into(), data: "/9j/".into() },
                ],
            },
            ChatMessage::Assistant {
                text: String::new(),
                tool_calls: vec![
                    ToolCall { id: "toolu_1".into(), name: "now".into(), arguments: "{}".into() },
                    ToolCall { id: "toolu_2".into(), name: "read".into(), arguments: r#"{"path":"/a"}"#.into() },
                ],
                thinking: Vec::new(),
            },
            result("toolu_1", "noon", false),
            result("toolu_2", "denied", true),
        ],
        tools: vec![ToolSpec {
            name: "read".into(),
            description: "Reads a file".into(),
            parameters: json!({"type": "object", "properties": {"path": {"type": "string"}}}),
        }],
        max_tokens: None,
        sampling: Default::default(),
        reasoning_effort: None,
    };
    let (reply, _) = run(&*client("anthropic-messages", &server, 1), &request, &Cancellation::new()).await;
    assert_eq!(reply.unwrap().text, "done");
    let recorded = &server.requests()[0];
    assert_eq!(recorded["path"], "/v1/messages");
    assert_eq!(
        recorded["headers"],
        json!({
            "x-api-key": CANARY_KEY,
            "anthropic-version": ANTHROPIC_VERSION,
            "content-type": "application/json",
            "accept": "text/event-stream",
        })
    );
    assert_eq!(
        recorded["body"],
        json!({
            "model": "claude-test",
            "system": "You are terse.",
            "messages": [
                {"role": "user", "content": [
                    {"type": "text", "text": "compare"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/"}},
                ]},
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "toolu_1", "name": "now", "input": {}},
                    {"type": "tool_use", "id": "toolu_2", "name": "read", "input": {"path": "/a"}},
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "noon", "is_error": false},
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": "denied", "is_error": true},
                ]},
            ],
            "tools": [{
                "name": "read",
                "description": "Reads a file",
                "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
            }],
            "max_tokens": 4096,
            "stream": true,
        })
    );
}

#[test]
fn the_endpoint_is_v1_messages_whether_or_not_the_base_ends_in_v1() {
    let cases = [
        ("", "https://api.anthropic.com/v1/messages"),
        ("https://api.anthropic.com", "https://api.anthropic.com/v1/messages"),
        ("https://api.anthropic.com/", "https://api.anthropic.com/v1/messages"),
        ("https://proxy.example/anthropic/v1", "https://proxy.example/anthropic/v1/messages"),
        ("https://proxy.example/anthropic/v1/", "https://proxy.example/anthropic/v1/messages"),
    ];
    for (base, endpoint) in cases {
        assert_eq!(AnthropicClient::new(base, None, Timeouts::default()).unwrap().endpoint(), endpoint, "{base:?}");
    }
}

#[tokio::test]
async fn configured_headers_are_sent_and_can_override_the_version() {
    let server = FakeModelServer::start(vec![Scripted::text("a"), Scripted::text("b")]);
    let headers = [
        ("anthropic-beta".to_owned(), "tools-2024-04-04".to_owned()),
        ("anthropic-version".to_owned(), "2099-01-01".to_owned()),
    ];
    let model =
        AnthropicClient::new(server.base_url(), None, Timeouts::default()).unwrap().with_headers(&headers).unwrap();
    for _ in 0..2 {
        model.stream(&super::request(), &Cancellation::new(), &mut |_| {}).await.unwrap();
    }
    for recorded in server.requests() {
        assert_eq!(recorded["headers"]["anthropic-beta"], "tools-2024-04-04");
        assert_eq!(recorded["headers"]["anthropic-version"], "2099-01-01");
        assert!(recorded["headers"].get("x-api-key").is_none(), "no key configured, none sent");
    }
}
