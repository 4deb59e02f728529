//! OpenAI Chat Completions shapes (`POST /v1/chat/completions`), as the public API reference
//! documents them: `chat.completion` objects, and `chat.completion.chunk` SSE events ending
//! in `data: [DONE]`, with tool-call arguments arriving as fragments keyed by `index`.

use axum::response::Response;
use serde_json::{Value, json};

use super::stream::{self, Frame};
use super::{MALFORMED_FOLLOW_UP_TEXT, Request, Scripted, Wire, split_pieces};

/// Fixed so that recorded output is reproducible; real servers send the current Unix time.
const CREATED: u64 = 1_700_000_000;
const ID: &str = "chatcmpl-fake0001";
const TOOL_CALL_ID: &str = "call_fake0001";

pub(super) fn respond(request: &Request, reply: Scripted) -> Response {
    match (reply, request.stream) {
        // Thinking is an Anthropic block; these wires answer without it.
        (Scripted::Thinking { then, .. }, _) => respond(request, *then),
        (Scripted::Status { code, retry_after, body }, _) => stream::status(Wire::OpenAi, code, retry_after, body),
        (Scripted::Text(text), false) => stream::json(Wire::OpenAi, &completion(request, &Reply::Text(&text))),
        (Scripted::Text(text), true) => stream::sse(Wire::OpenAi, chunks(request, &Reply::Text(&text), false)),
        (Scripted::ToolCall { name, arguments_json }, stream) => {
            let reply = Reply::Tool { name: &name, arguments: &arguments_json };
            if stream {
                stream::sse(Wire::OpenAi, chunks(request, &reply, false))
            } else {
                stream::json(Wire::OpenAi, &completion(request, &reply))
            }
        }
        (Scripted::MalformedChunk, false) => stream::not_json(Wire::OpenAi),
        (Scripted::MalformedChunk, true) => {
            let mut frames = vec![Frame::Data("data: {\"id\": not json at all\n\n".to_owned())];
            frames.extend(chunks(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT), false));
            stream::sse(Wire::OpenAi, frames)
        }
        (Scripted::DisconnectMidStream, false) => {
            stream::truncated_json(Wire::OpenAi, &completion(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT)))
        }
        (Scripted::DisconnectMidStream, true) => {
            stream::sse(Wire::OpenAi, chunks(request, &Reply::Text("this reply is cut off"), true))
        }
    }
}

enum Reply<'a> {
    Text(&'a str),
    Tool { name: &'a str, arguments: &'a str },
}

fn usage(request: &Request, completion_tokens: u64) -> Value {
    json!({
        "prompt_tokens": request.prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": request.prompt_tokens + completion_tokens,
    })
}

fn completion(request: &Request, reply: &Reply) -> Value {
    let (message, finish_reason, tokens) = match reply {
        Reply::Text(text) => {
            (json!({"role": "assistant", "content": text, "refusal": null}), "stop", split_pieces(text, 3).len() as u64)
        }
        Reply::Tool { name, arguments } => (
            json!({
                "role": "assistant",
                "content": null,
                "refusal": null,
                "tool_calls": [{
                    "id": TOOL_CALL_ID,
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }],
            }),
            "tool_calls",
            split_pieces(arguments, 4).len() as u64,
        ),
    };
    json!({
        "id": ID,
        "object": "chat.completion",
        "created": CREATED,
        "model": request.model,
        "choices": [{"index": 0, "message": message, "logprobs": null, "finish_reason": finish_reason}],
        "usage": usage(request, tokens),
        "system_fingerprint": null,
    })
}

/// One `chat.completion.chunk`. With `include_usage`, every chunk carries `"usage": null`
/// and only the extra last chunk (empty `choices`) carries the totals, as documented.
fn chunk(request: &Request, delta: Value, finish_reason: Option<&str>) -> Value {
    let mut value = json!({
        "id": ID,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": request.model,
        "system_fingerprint": null,
        "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish_reason}],
    });
    if request.include_usage {
        value["usage"] = Value::Null;
    }
    value
}

/// The SSE frames for `reply`; `cut` stops after the first two content chunks and drops the
/// connection instead of finishing.
fn chunks(request: &Request, reply: &Reply, cut: bool) -> Vec<Frame> {
    let mut frames = Vec::new();
    let (pieces, finish_reason) = match reply {
        Reply::Text(text) => {
            frames.push(stream::data(&chunk(request, json!({"role": "assistant", "content": ""}), None)));
            let pieces = split_pieces(text, 3);
            for piece in &pieces {
                frames.push(stream::data(&chunk(request, json!({"content": piece}), None)));
            }
            (pieces.len() as u64, "stop")
        }
        Reply::Tool { name, arguments } => {
            // The first delta names the call; later ones carry only `index` and an
            // arguments fragment, which clients must concatenate per index.
            let head = json!({
                "role": "assistant",
                "content": null,
                "tool_calls": [{
                    "index": 0,
                    "id": TOOL_CALL_ID,
                    "type": "function",
                    "function": {"name": name, "arguments": ""},
                }],
            });
            frames.push(stream::data(&chunk(request, head, None)));
            let pieces = split_pieces(arguments, 4);
            for piece in &pieces {
                let delta = json!({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]});
                frames.push(stream::data(&chunk(request, delta, None)));
            }
            (pieces.len() as u64, "tool_calls")
        }
    };
    if cut {
        frames.truncate(3);
        frames.push(Frame::Disconnect);
        return frames;
    }
    frames.push(stream::data(&chunk(request, json!({}), Some(finish_reason))));
    if request.include_usage {
        let mut last = chunk(request, json!({}), None);
        last["choices"] = json!([]);
        last["usage"] = usage(request, pieces);
        frames.push(stream::data(&last));
    }
    frames.push(Frame::Data("data: [DONE]\n\n".to_owned()));
    frames
}
