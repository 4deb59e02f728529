//! What the OpenAI Responses client puts on the wire: `<base>/responses` with a bearer key,
//! the system prompt as `instructions`, and the conversation as a flat list of input items
//! linked by `call_id`.

use openclaw_providers::{
    Cancellation, ChatMessage, ContentPart, Model, ModelRequest, OpenAiResponsesClient, Timeouts, ToolCall, ToolSpec,
};
use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::json;

use super::{CANARY_KEY, client, run};

#[tokio::test]
async fn sends_the_conversation_as_input_items() {
    let server = FakeModelServer::start(vec![Scripted::text("done")]);
    let request = ModelRequest {
        model: "gpt-test".into(),
        system: Some("You are terse.".into()),
        messages: vec![
            ChatMessage::User {
                content: vec![
                    ContentPart::Text("what is this?".into()),
                    ContentPart::Image { mime_type: "image/png".into(), data: "iVBO".into() },
                ],
            },
            ChatMessage::Assistant {
                text: "Looking.".into(),
                tool_calls: vec![ToolCall { id: "call_1".into(), name: "zoom".into(), arguments: r#"{"x":2}"#.into() }],
                thinking: Vec::new(),
            },
            ChatMessage::ToolResult {
                tool_call_id: "call_1".into(),
                tool_name: "zoom".into(),
                content: "a cat".into(),
                is_error: false,
            },
        ],
        tools: vec![ToolSpec {
            name: "zoom".into(),
            description: "Zooms in".into(),
            parameters: json!({"type": "object"}),
        }],
        max_tokens: Some(256),
        sampling: Default::default(),
        reasoning_effort: Some("high".into()),
    };
    let (reply, _) = run(&*client("openai-responses", &server, 1), &request, &Cancellation::new()).await;
    assert_eq!(reply.unwrap().text, "done");
    let recorded = &server.requests()[0];
    assert_eq!(recorded["path"], "/v1/responses");
    assert_eq!(
        recorded["headers"],
        json!({
            "authorization": format!("Bearer {CANARY_KEY}"),
            "content-type": "application/json",
            "accept": "text/event-stream",
        })
    );
    assert_eq!(
        recorded["body"],
        json!({
            "model": "gpt-test",
            "instructions": "You are terse.",
            "input": [
                {"role": "user", "content": [
                    {"type": "input_text", "text": "what is this?"},
                    {"type": "input_image", "image_url": "data:image/png;base64,iVBO"},
                ]},
                {"role": "assistant", "content": [{"type": "output_text", "text": "Looking."}]},
                {"type": "function_call", "call_id": "call_1", "name": "zoom", "arguments": r#"{"x":2}"#},
                {"type": "function_call_output", "call_id": "call_1", "output": "a cat"},
            ],
            "tools": [{"type": "function", "name": "zoom", "description": "Zooms in", "parameters": {"type": "object"}}],
            "max_output_tokens": 256,
            "reasoning": {"effort": "high"},
            "store": false,
            "stream": true,
        })
    );
}

#[tokio::test]
async fn a_bare_host_base_posts_to_slash_responses() {
    let server = FakeModelServer::start(vec![Scripted::text("bare")]);
    let model = OpenAiResponsesClient::new(format!("http://{}/", server.addr()), None, Timeouts::default()).unwrap();
    let reply = model.stream(&super::request(), &Cancellation::new(), &mut |_| {}).await.unwrap();
    assert_eq!(reply.text, "bare");
    assert_eq!(reply.finish_reason.as_deref(), Some("stop"));
    assert_eq!(server.requests()[0]["path"], "/responses");
    assert!(server.requests()[0]["headers"].get("authorization").is_none());
}
