//! [`ModelRequest`] → an OpenAI Responses body. The system prompt is `instructions`; the
//! conversation is a flat `input` list in which messages, the model's earlier
//! `function_call`s and their `function_call_output`s are separate items linked by
//! `call_id`. Every turn is sent whole, so the server never needs to keep state for us.

use serde_json::{Map, Value, json};

use crate::model::{ChatMessage, ContentPart, ModelRequest};

/// The request body, including `stream: true`.
pub fn responses_body(request: &ModelRequest) -> Value {
    let mut input = Vec::with_capacity(request.messages.len());
    for message in &request.messages {
        match message {
            ChatMessage::User { content } => {
                input.push(json!({"role": "user", "content": user_content(content)}));
            }
            ChatMessage::Assistant { text, tool_calls, .. } => {
                if !text.is_empty() {
                    input.push(json!({"role": "assistant", "content": [{"type": "output_text", "text": text}]}));
                }
                for call in tool_calls {
                    // Arguments stay the text the model wrote, as it expects to see them.
                    input.push(json!({
                        "type": "function_call",
                        "call_id": call.id,
                        "name": call.name,
                        "arguments": call.arguments,
                    }));
                }
            }
            // The format has no error flag for a result; the text itself says what failed.
            ChatMessage::ToolResult { tool_call_id, content, .. } => {
                input.push(json!({"type": "function_call_output", "call_id": tool_call_id, "output": content}));
            }
        }
    }
    let mut body = Map::new();
    body.insert("model".into(), request.model.clone().into());
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        body.insert("instructions".into(), system.into());
    }
    body.insert("input".into(), Value::Array(input));
    if !request.tools.is_empty() {
        let tools = request
            .tools
            .iter()
            .map(|tool| {
                json!({
                    "type": "function",
                    "name": tool.name,
                    "description": tool.description,
                    "parameters": tool.parameters,
                })
            })
            .collect::<Vec<_>>();
        body.insert("tools".into(), Value::Array(tools));
    }
    if let Some(max) = request.max_tokens {
        body.insert("max_output_tokens".into(), max.into());
    }
    if let Some(effort) = &request.reasoning_effort {
        body.insert("reasoning".into(), serde_json::json!({"effort": effort}));
    }
    request.sampling.write_responses(&mut body);
    // The whole conversation is sent each turn, so a stored copy on the provider's side would
    // only be a retained duplicate of the user's data (and Codex endpoints refuse storing).
    body.insert("store".into(), false.into());
    body.insert("stream".into(), true.into());
    Value::Object(body)
}

fn user_content(content: &[ContentPart]) -> Value {
    let parts = content
        .iter()
        .map(|part| match part {
            ContentPart::Text(text) => json!({"type": "input_text", "text": text}),
            ContentPart::Image { mime_type, data } => {
                json!({"type": "input_image", "image_url": format!("data:{mime_type};base64,{data}")})
            }
        })
        .collect::<Vec<_>>();
    Value::Array(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{text_and_image, tool_round_trip};

    #[test]
    fn a_tool_round_trip_maps_to_input_items() {
        let request = tool_round_trip(text_and_image("what is this?"), "Let me look.");
        assert_eq!(
            responses_body(&request),
            json!({
                "model": "gpt-test",
                "instructions": "be brief",
                "input": [
                    {"role": "user", "content": [
                        {"type": "input_text", "text": "what is this?"},
                        {"type": "input_image", "image_url": "data:image/png;base64,AAAA"},
                    ]},
                    {"role": "assistant", "content": [{"type": "output_text", "text": "Let me look."}]},
                    {"type": "function_call", "call_id": "c1", "name": "now", "arguments": "{}"},
                    {"type": "function_call_output", "call_id": "c1", "output": "noon"},
                ],
                "tools": [{"type": "function", "name": "now", "description": "time", "parameters": {"type": "object"}}],
                "max_output_tokens": 100,
                "store": false,
                "stream": true,
            })
        );
    }

    #[test]
    fn optional_fields_are_omitted() {
        let body = responses_body(&ModelRequest {
            model: "m".into(),
            messages: vec![ChatMessage::user_text("hi")],
            ..ModelRequest::default()
        });
        for key in ["instructions", "tools", "max_output_tokens", "temperature"] {
            assert!(body.get(key).is_none(), "{key}");
        }
    }
}
