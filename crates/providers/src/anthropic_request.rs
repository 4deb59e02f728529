//! [`ModelRequest`] → an Anthropic Messages body. The system prompt is the top-level `system`
//! field, assistant tool calls become `tool_use` blocks whose `input` is the parsed arguments
//! object, and tool results travel back as `tool_result` blocks inside a `user` message:
//! consecutive results share one message, because Anthropic expects user and assistant turns
//! to alternate and every result of one assistant turn to answer it together.
//!
//! Extended thinking: a `reasoning_effort` becomes `thinking: {type: "enabled", budget_tokens}`
//! (see [`thinking_budget`]), with `max_tokens` raised above the budget and no `temperature`,
//! which the API rejects alongside thinking. Thinking blocks an assistant turn produced go back
//! first in its content, exactly as received, because Anthropic verifies their signatures when
//! a tool-use turn continues.

use serde_json::{Map, Value, json};

use crate::model::{ChatMessage, ContentPart, ModelRequest, ThinkingBlock};

/// Anthropic requires `max_tokens`; used when the request sets none.
pub const DEFAULT_MAX_TOKENS: u32 = 4096;

/// Room left for the visible answer when `max_tokens` has to be raised above a thinking budget.
pub const ANSWER_TOKENS_AFTER_THINKING: u32 = 4096;

/// The `budget_tokens` for a reasoning effort (pi's defaults; `xhigh` doubles `high`), or
/// `None` for an unknown level, which sends no thinking at all rather than guessing.
pub fn thinking_budget(effort: &str) -> Option<u32> {
    match effort {
        "minimal" => Some(1024),
        "low" => Some(2048),
        "medium" => Some(8192),
        "high" => Some(16384),
        "xhigh" => Some(32768),
        _ => None,
    }
}

/// The request body, including `stream: true`.
pub fn messages_body(request: &ModelRequest) -> Value {
    let mut messages: Vec<Value> = Vec::with_capacity(request.messages.len());
    // The `tool_result` blocks gathered since the last non-result message.
    let mut results: Vec<Value> = Vec::new();
    for message in &request.messages {
        if let ChatMessage::ToolResult { tool_call_id, content, is_error, .. } = message {
            results.push(json!({
                "type": "tool_result",
                "tool_use_id": tool_call_id,
                "content": content,
                "is_error": is_error,
            }));
            continue;
        }
        flush_results(&mut results, &mut messages);
        match message {
            ChatMessage::User { content } => {
                messages.push(json!({"role": "user", "content": user_content(content)}));
            }
            ChatMessage::Assistant { text, tool_calls, thinking } => {
                let mut blocks = Vec::with_capacity(thinking.len() + tool_calls.len() + 1);
                blocks.extend(thinking.iter().filter_map(thinking_content));
                // Anthropic rejects empty text blocks, and a turn that only called tools has none.
                if !text.is_empty() {
                    blocks.push(json!({"type": "text", "text": text}));
                }
                for call in tool_calls {
                    blocks.push(json!({
                        "type": "tool_use",
                        "id": call.id,
                        "name": call.name,
                        "input": tool_input(&call.arguments),
                    }));
                }
                // An empty assistant turn is rejected outright; dropping it loses nothing.
                if !blocks.is_empty() {
                    messages.push(json!({"role": "assistant", "content": blocks}));
                }
            }
            ChatMessage::ToolResult { .. } => {}
        }
    }
    flush_results(&mut results, &mut messages);

    let mut body = Map::new();
    body.insert("model".into(), request.model.clone().into());
    if let Some(system) = request.system.as_deref().filter(|s| !s.is_empty()) {
        body.insert("system".into(), system.into());
    }
    body.insert("messages".into(), Value::Array(messages));
    if !request.tools.is_empty() {
        let tools = request
            .tools
            .iter()
            .map(|tool| json!({"name": tool.name, "description": tool.description, "input_schema": tool.parameters}))
            .collect::<Vec<_>>();
        body.insert("tools".into(), Value::Array(tools));
    }
    let mut max_tokens = request.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS);
    let budget = request.reasoning_effort.as_deref().and_then(thinking_budget);
    if let Some(budget) = budget {
        // The budget counts against `max_tokens`, which must exceed it.
        if max_tokens <= budget {
            max_tokens = budget + ANSWER_TOKENS_AFTER_THINKING;
        }
        body.insert("thinking".into(), json!({"type": "enabled", "budget_tokens": budget}));
    }
    body.insert("max_tokens".into(), max_tokens.into());
    request.sampling.write_anthropic(&mut body, budget.is_some());
    body.insert("stream".into(), true.into());
    Value::Object(body)
}

/// Emits the gathered tool results as one `user` message.
fn flush_results(results: &mut Vec<Value>, messages: &mut Vec<Value>) {
    if !results.is_empty() {
        messages.push(json!({"role": "user", "content": std::mem::take(results)}));
    }
}

/// A stored thinking block as Anthropic content. A block without a signature was not produced
/// by Anthropic (or was cut off) and would be rejected, so it is left out.
fn thinking_content(block: &ThinkingBlock) -> Option<Value> {
    if let Some(data) = &block.redacted {
        return Some(json!({"type": "redacted_thinking", "data": data}));
    }
    let signature = block.signature.as_deref().filter(|s| !s.is_empty())?;
    Some(json!({"type": "thinking", "thinking": block.text, "signature": signature}))
}

fn user_content(content: &[ContentPart]) -> Value {
    let blocks = content
        .iter()
        .map(|part| match part {
            ContentPart::Text(text) => json!({"type": "text", "text": text}),
            ContentPart::Image { mime_type, data } => json!({
                "type": "image",
                "source": {"type": "base64", "media_type": mime_type, "data": data},
            }),
        })
        .collect::<Vec<_>>();
    Value::Array(blocks)
}

/// `tool_use.input` must be an object. Streamed calls are validated as JSON before they are
/// stored, so anything else comes from a hand-edited transcript; an empty input keeps that
/// conversation usable instead of failing every later turn.
fn tool_input(arguments: &str) -> Value {
    match serde_json::from_str::<Value>(arguments) {
        Ok(value @ Value::Object(_)) => value,
        _ => json!({}),
    }
}

#[cfg(test)]
mod tests;
