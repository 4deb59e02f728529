//! [`ModelRequest`] → an OpenAI Chat Completions body. The system prompt becomes the first
//! `system` message, assistant tool calls carry their arguments text unchanged (so the model
//! sees exactly what it wrote), and each tool result is a `tool` message tied to its call id.

use serde_json::{Map, Value, json};

use crate::model::{ChatMessage, ContentPart, ModelRequest};

/// The request body, without `stream` (the client sets it).
pub fn chat_completions_body(request: &ModelRequest) -> Value {
    let mut messages = Vec::with_capacity(request.messages.len() + 1);
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        messages.push(json!({"role": "system", "content": system}));
    }
    for message in &request.messages {
        messages.push(match message {
            ChatMessage::User { content } => json!({"role": "user", "content": user_content(content)}),
            ChatMessage::Assistant { text, tool_calls, .. } => {
                let mut object = Map::new();
                object.insert("role".into(), "assistant".into());
                // OpenAI requires `content` to be present; null is the documented value for
                // a message that only calls tools.
                object.insert("content".into(), if text.is_empty() { Value::Null } else { text.clone().into() });
                if !tool_calls.is_empty() {
                    let calls = tool_calls
                        .iter()
                        .map(|call| {
                            json!({
                                "id": call.id,
                                "type": "function",
                                "function": {"name": call.name, "arguments": call.arguments},
                            })
                        })
                        .collect::<Vec<_>>();
                    object.insert("tool_calls".into(), Value::Array(calls));
                }
                Value::Object(object)
            }
            ChatMessage::ToolResult { tool_call_id, content, .. } => {
                json!({"role": "tool", "tool_call_id": tool_call_id, "content": content})
            }
        });
    }
    let mut body = Map::new();
    body.insert("model".into(), request.model.clone().into());
    body.insert("messages".into(), Value::Array(messages));
    if !request.tools.is_empty() {
        let tools = request
            .tools
            .iter()
            .map(|tool| {
                json!({
                    "type": "function",
                    "function": {"name": tool.name, "description": tool.description, "parameters": tool.parameters},
                })
            })
            .collect::<Vec<_>>();
        body.insert("tools".into(), Value::Array(tools));
    }
    if let Some(max) = request.max_tokens {
        body.insert("max_tokens".into(), max.into());
    }
    if let Some(effort) = &request.reasoning_effort {
        body.insert("reasoning_effort".into(), effort.clone().into());
    }
    request.sampling.write_chat_completions(&mut body);
    // Usage arrives in a final chunk only when asked for; cost accounting needs it.
    body.insert("stream_options".into(), json!({"include_usage": true}));
    Value::Object(body)
}

/// A plain string when the content is text only (what every compatible server accepts),
/// else the array-of-parts form.
fn user_content(content: &[ContentPart]) -> Value {
    if let [ContentPart::Text(text)] = content {
        return text.clone().into();
    }
    let parts = content
        .iter()
        .map(|part| match part {
            ContentPart::Text(text) => json!({"type": "text", "text": text}),
            ContentPart::Image { mime_type, data } => {
                json!({"type": "image_url", "image_url": {"url": format!("data:{mime_type};base64,{data}")}})
            }
        })
        .collect::<Vec<_>>();
    Value::Array(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::tool_round_trip;

    #[test]
    fn a_tool_round_trip_maps_to_chat_completions_messages() {
        let request = ModelRequest {
            reasoning_effort: Some("low".into()),
            ..tool_round_trip(ChatMessage::user_text("time?"), "")
        };
        let body = chat_completions_body(&request);
        assert_eq!(body["messages"][0], json!({"role": "system", "content": "be brief"}));
        assert_eq!(body["messages"][1], json!({"role": "user", "content": "time?"}));
        assert_eq!(body["messages"][2]["content"], Value::Null);
        assert_eq!(body["messages"][2]["tool_calls"][0]["function"]["name"], "now");
        assert_eq!(body["messages"][3], json!({"role": "tool", "tool_call_id": "c1", "content": "noon"}));
        assert_eq!(body["tools"][0]["function"]["name"], "now");
        assert_eq!(body["max_tokens"], 100);
        assert_eq!(body["reasoning_effort"], "low");
    }

    #[test]
    fn images_use_data_urls() {
        let content = vec![
            ContentPart::Text("look".into()),
            ContentPart::Image { mime_type: "image/png".into(), data: "AAAA".into() },
        ];
        let value = user_content(&content);
        assert_eq!(value[1]["image_url"]["url"], "data:image/png;base64,AAAA");
    }
}
