//! Anthropic Messages shapes (`POST /v1/messages`), as the public streaming docs describe
//! them: `message_start`, a `content_block_start` / `content_block_delta`… /
//! `content_block_stop` run per block (`text_delta` or `input_json_delta`), `ping`,
//! `message_delta` with the stop reason and output usage, then `message_stop`. A scripted
//! [`Scripted::Thinking`] streams a `thinking` block first (`thinking_delta`s, then one
//! `signature_delta`), and [`rejection`] refuses requests that break the extended-thinking
//! rules, with the API's 400 messages.

use axum::response::Response;
use serde_json::{Value, json};

use super::stream::{self, Frame};
use super::{MALFORMED_FOLLOW_UP_TEXT, Request, Scripted, Wire, split_pieces};

const ID: &str = "msg_fake0001";
const TOOL_USE_ID: &str = "toolu_fake0001";

pub(super) fn respond(request: &Request, reply: Scripted) -> Response {
    respond_thinking(request, reply, None)
}

fn respond_thinking(request: &Request, reply: Scripted, thinking: Option<&str>) -> Response {
    match (reply, request.stream) {
        (Scripted::Thinking { thinking, then }, _) => respond_thinking(request, *then, Some(&thinking)),
        (Scripted::Status { code, retry_after, body }, _) => stream::status(Wire::Anthropic, code, retry_after, body),
        (Scripted::Text(text), false) => {
            stream::json(Wire::Anthropic, &message(request, thinking, &Reply::Text(&text)))
        }
        (Scripted::Text(text), true) => {
            stream::sse(Wire::Anthropic, events(request, thinking, &Reply::Text(&text), false))
        }
        (Scripted::ToolCall { name, arguments_json }, stream) => {
            let reply = Reply::Tool { name: &name, arguments: &arguments_json };
            if stream {
                stream::sse(Wire::Anthropic, events(request, thinking, &reply, false))
            } else {
                stream::json(Wire::Anthropic, &message(request, thinking, &reply))
            }
        }
        (Scripted::MalformedChunk, false) => stream::not_json(Wire::Anthropic),
        (Scripted::MalformedChunk, true) => {
            let mut frames =
                vec![Frame::Data("event: content_block_delta\ndata: {\"type\": not json at all\n\n".to_owned())];
            frames.extend(events(request, thinking, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT), false));
            stream::sse(Wire::Anthropic, frames)
        }
        (Scripted::DisconnectMidStream, false) => {
            stream::truncated_json(Wire::Anthropic, &message(request, thinking, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT)))
        }
        (Scripted::DisconnectMidStream, true) => {
            stream::sse(Wire::Anthropic, events(request, thinking, &Reply::Text("this reply is cut off"), true))
        }
    }
}

enum Reply<'a> {
    Text(&'a str),
    Tool { name: &'a str, arguments: &'a str },
}

/// A tool call's `input` is an object on this wire; unparseable scripted arguments are kept
/// as a string so the test still sees what it scripted.
fn input(arguments: &str) -> Value {
    serde_json::from_str(arguments).unwrap_or_else(|_| Value::String(arguments.to_owned()))
}

fn message(request: &Request, thinking: Option<&str>, reply: &Reply) -> Value {
    let (mut content, stop_reason, tokens) = match reply {
        Reply::Text(text) => (json!([{"type": "text", "text": text}]), "end_turn", split_pieces(text, 3).len()),
        Reply::Tool { name, arguments } => (
            json!([{"type": "tool_use", "id": TOOL_USE_ID, "name": name, "input": input(arguments)}]),
            "tool_use",
            split_pieces(arguments, 4).len(),
        ),
    };
    if let (Some(thinking), Some(blocks)) = (thinking, content.as_array_mut()) {
        let block = json!({"type": "thinking", "thinking": thinking, "signature": thinking_signature(thinking)});
        blocks.insert(0, block);
    }
    json!({
        "id": ID,
        "type": "message",
        "role": "assistant",
        "model": request.model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": null,
        "usage": {"input_tokens": request.prompt_tokens, "output_tokens": tokens},
    })
}

/// The SSE events for `reply`; `cut` drops the connection after the first two deltas.
fn events(request: &Request, thinking: Option<&str>, reply: &Reply, cut: bool) -> Vec<Frame> {
    let start = json!({
        "type": "message_start",
        "message": {
            "id": ID,
            "type": "message",
            "role": "assistant",
            "model": request.model,
            "content": [],
            "stop_reason": null,
            "stop_sequence": null,
            "usage": {"input_tokens": request.prompt_tokens, "output_tokens": 1},
        },
    });
    let (block, deltas, stop_reason) = match reply {
        Reply::Text(text) => {
            let deltas: Vec<Value> =
                split_pieces(text, 3).into_iter().map(|t| json!({"type": "text_delta", "text": t})).collect();
            (json!({"type": "text", "text": ""}), deltas, "end_turn")
        }
        Reply::Tool { name, arguments } => {
            // `input` starts empty; the arguments arrive only as `partial_json` fragments.
            let deltas: Vec<Value> = split_pieces(arguments, 4)
                .into_iter()
                .map(|p| json!({"type": "input_json_delta", "partial_json": p}))
                .collect();
            (json!({"type": "tool_use", "id": TOOL_USE_ID, "name": name, "input": {}}), deltas, "tool_use")
        }
    };
    let mut output_tokens = deltas.len();
    let mut frames = vec![stream::event("message_start", &start)];
    // The reply's own block follows the thinking block, if any.
    let mut index = 0;
    if let Some(thinking) = thinking {
        let pieces = split_pieces(thinking, 3);
        output_tokens += pieces.len();
        frames.extend(thinking_frames(&pieces, &thinking_signature(thinking)));
        index = 1;
    }
    frames.push(stream::event(
        "content_block_start",
        &json!({"type": "content_block_start", "index": index, "content_block": block}),
    ));
    frames.push(stream::event("ping", &json!({"type": "ping"})));
    for (n, delta) in deltas.into_iter().enumerate() {
        if cut && n == 2 {
            frames.push(Frame::Disconnect);
            return frames;
        }
        frames.push(stream::event(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": index, "delta": delta}),
        ));
    }
    if cut {
        frames.push(Frame::Disconnect);
        return frames;
    }
    frames.push(stream::event("content_block_stop", &json!({"type": "content_block_stop", "index": index})));
    frames.push(stream::event(
        "message_delta",
        &json!({
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": null},
            "usage": {"output_tokens": output_tokens},
        }),
    ));
    frames.push(stream::event("message_stop", &json!({"type": "message_stop"})));
    frames
}

/// A thinking block at index 0: start, one `thinking_delta` per piece, the signature, stop.
fn thinking_frames(pieces: &[String], signature: &str) -> Vec<Frame> {
    let mut frames = vec![stream::event(
        "content_block_start",
        &json!({"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}}),
    )];
    for piece in pieces {
        frames.push(stream::event(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": piece}}),
        ));
    }
    frames.push(stream::event(
        "content_block_delta",
        &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": signature}}),
    ));
    frames.push(stream::event("content_block_stop", &json!({"type": "content_block_stop", "index": 0})));
    frames
}

/// The signature the fake gives a thinking text: opaque to clients, but checkable here, so a
/// block sent back with other text or another signature is refused as the real API refuses it.
pub fn thinking_signature(thinking: &str) -> String {
    // FNV-1a: deterministic across runs and platforms, which `DefaultHasher` does not promise.
    let hash =
        thinking.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("fakesig_{hash:016x}")
}

/// Why the real API would refuse `body` under extended thinking (`None` when it would not):
/// a budget under 1024 or not below `max_tokens`, a `temperature` other than 1, or, when the
/// request continues a tool use, a last assistant turn that does not start with its thinking
/// blocks or carries a thinking block whose signature does not match its text.
pub(super) fn rejection(body: &Value) -> Option<String> {
    let thinking = &body["thinking"];
    if thinking["type"].as_str() != Some("enabled") {
        return None;
    }
    let budget = thinking["budget_tokens"].as_u64().unwrap_or(0);
    if budget < 1024 {
        return Some("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024".to_owned());
    }
    if body["max_tokens"].as_u64().unwrap_or(0) <= budget {
        return Some("`max_tokens` must be greater than `thinking.budget_tokens`".to_owned());
    }
    if body.get("temperature").and_then(Value::as_f64).is_some_and(|t| t != 1.0) {
        return Some("`temperature` may only be set to 1 when thinking is enabled".to_owned());
    }
    let messages = body["messages"].as_array()?;
    let last = messages.last()?;
    let continues_tool_use = last["role"] == "user"
        && last["content"].as_array().is_some_and(|c| c.iter().any(|b| b["type"] == "tool_result"));
    if !continues_tool_use {
        return None;
    }
    let (at, assistant) = messages.iter().enumerate().rev().find(|(_, m)| m["role"] == "assistant")?;
    let blocks = assistant["content"].as_array().map(Vec::as_slice).unwrap_or_default();
    let first = blocks.first().and_then(|b| b["type"].as_str()).unwrap_or("nothing");
    if first != "thinking" && first != "redacted_thinking" {
        return Some(format!(
            "messages.{at}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{first}`. \
             When `thinking` is enabled, a final `assistant` message must start with a thinking block \
             (preceeding the lastmost set of `tool_use` and `tool_result` blocks)."
        ));
    }
    for (n, block) in blocks.iter().enumerate().filter(|(_, b)| b["type"] == "thinking") {
        let text = block["thinking"].as_str().unwrap_or_default();
        if block["signature"].as_str() != Some(thinking_signature(text).as_str()) {
            return Some(format!("messages.{at}.content.{n}: Invalid `signature` in `thinking` block"));
        }
    }
    None
}
