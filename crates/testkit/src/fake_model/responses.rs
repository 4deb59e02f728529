//! OpenAI Responses shapes (`POST /v1/responses`), as the public API reference documents
//! them: `response` objects, and typed SSE events (`event:` name equal to the JSON `type`,
//! each with a rising `sequence_number`): `response.created`, `response.in_progress`, per
//! output item an `response.output_item.added` … `response.output_item.done` run (text as
//! `response.output_text.delta`s, function-call arguments as
//! `response.function_call_arguments.delta`s), then `response.completed` with usage.
//! Errors use the OpenAI error body.

use axum::response::Response;
use serde_json::{Value, json};

use super::stream::{self, Frame};
use super::{MALFORMED_FOLLOW_UP_TEXT, Request, Scripted, Wire, split_pieces};

/// Fixed so that recorded output is reproducible; real servers send the current Unix time.
const CREATED_AT: u64 = 1_700_000_000;
const ID: &str = "resp_fake0001";
const MESSAGE_ID: &str = "msg_fake0001";
const FUNCTION_CALL_ID: &str = "fc_fake0001";
const CALL_ID: &str = "call_fake0001";

pub(super) fn respond(request: &Request, reply: Scripted) -> Response {
    match (reply, request.stream) {
        // Thinking is an Anthropic block; these wires answer without it.
        (Scripted::Thinking { then, .. }, _) => respond(request, *then),
        (Scripted::Status { code, retry_after, body }, _) => stream::status(Wire::Responses, code, retry_after, body),
        (Scripted::Text(text), false) => stream::json(Wire::Responses, &response(request, &Reply::Text(&text))),
        (Scripted::Text(text), true) => stream::sse(Wire::Responses, events(request, &Reply::Text(&text), false)),
        (Scripted::ToolCall { name, arguments_json }, stream) => {
            let reply = Reply::Tool { name: &name, arguments: &arguments_json };
            if stream {
                stream::sse(Wire::Responses, events(request, &reply, false))
            } else {
                stream::json(Wire::Responses, &response(request, &reply))
            }
        }
        (Scripted::MalformedChunk, false) => stream::not_json(Wire::Responses),
        (Scripted::MalformedChunk, true) => {
            let mut frames =
                vec![Frame::Data("event: response.output_text.delta\ndata: {\"type\": not json at all\n\n".to_owned())];
            frames.extend(events(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT), false));
            stream::sse(Wire::Responses, frames)
        }
        (Scripted::DisconnectMidStream, false) => {
            stream::truncated_json(Wire::Responses, &response(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT)))
        }
        (Scripted::DisconnectMidStream, true) => {
            stream::sse(Wire::Responses, events(request, &Reply::Text("this reply is cut off"), true))
        }
    }
}

enum Reply<'a> {
    Text(&'a str),
    Tool { name: &'a str, arguments: &'a str },
}

impl Reply<'_> {
    /// The finished output item.
    fn item(&self) -> Value {
        match self {
            Reply::Text(text) => json!({
                "id": MESSAGE_ID,
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }),
            Reply::Tool { name, arguments } => json!({
                "id": FUNCTION_CALL_ID,
                "type": "function_call",
                "status": "completed",
                "call_id": CALL_ID,
                "name": name,
                "arguments": arguments,
            }),
        }
    }

    /// The streamed pieces: text deltas, or argument fragments.
    fn pieces(&self) -> Vec<String> {
        match self {
            Reply::Text(text) => split_pieces(text, 3),
            Reply::Tool { arguments, .. } => split_pieces(arguments, 4),
        }
    }
}

/// The `response` object; `output` and `usage` only once it is finished.
fn response_object(request: &Request, status: &str, output: Value, usage: Value) -> Value {
    json!({
        "id": ID,
        "object": "response",
        "created_at": CREATED_AT,
        "status": status,
        "error": null,
        "incomplete_details": null,
        "model": request.model,
        "output": output,
        "usage": usage,
    })
}

fn usage(request: &Request, output_tokens: u64) -> Value {
    json!({
        "input_tokens": request.prompt_tokens,
        "output_tokens": output_tokens,
        "total_tokens": request.prompt_tokens + output_tokens,
    })
}

fn response(request: &Request, reply: &Reply) -> Value {
    response_object(request, "completed", json!([reply.item()]), usage(request, reply.pieces().len() as u64))
}

/// The SSE frames for `reply`; `cut` drops the connection after the first two deltas.
fn events(request: &Request, reply: &Reply, cut: bool) -> Vec<Frame> {
    let mut events: Vec<Value> = vec![
        json!({"type": "response.created", "response": response_object(request, "in_progress", json!([]), Value::Null)}),
        json!({"type": "response.in_progress", "response": response_object(request, "in_progress", json!([]), Value::Null)}),
    ];
    let pieces = reply.pieces();
    match reply {
        Reply::Text(text) => {
            let added = json!({"id": MESSAGE_ID, "type": "message", "status": "in_progress", "role": "assistant", "content": []});
            events.push(json!({"type": "response.output_item.added", "output_index": 0, "item": added}));
            events.push(json!({
                "type": "response.content_part.added",
                "item_id": MESSAGE_ID,
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "output_text", "text": "", "annotations": []},
            }));
            for piece in &pieces {
                events.push(json!({
                    "type": "response.output_text.delta",
                    "item_id": MESSAGE_ID,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": piece,
                }));
            }
            events.push(json!({
                "type": "response.output_text.done",
                "item_id": MESSAGE_ID,
                "output_index": 0,
                "content_index": 0,
                "text": text,
            }));
            events.push(json!({
                "type": "response.content_part.done",
                "item_id": MESSAGE_ID,
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "output_text", "text": text, "annotations": []},
            }));
        }
        Reply::Tool { name, arguments } => {
            // The item opens with empty arguments; they arrive only as delta fragments.
            let added = json!({
                "id": FUNCTION_CALL_ID,
                "type": "function_call",
                "status": "in_progress",
                "call_id": CALL_ID,
                "name": name,
                "arguments": "",
            });
            events.push(json!({"type": "response.output_item.added", "output_index": 0, "item": added}));
            for piece in &pieces {
                events.push(json!({
                    "type": "response.function_call_arguments.delta",
                    "item_id": FUNCTION_CALL_ID,
                    "output_index": 0,
                    "delta": piece,
                }));
            }
            events.push(json!({
                "type": "response.function_call_arguments.done",
                "item_id": FUNCTION_CALL_ID,
                "output_index": 0,
                "arguments": arguments,
            }));
        }
    }
    events.push(json!({"type": "response.output_item.done", "output_index": 0, "item": reply.item()}));
    events.push(json!({"type": "response.completed", "response": response(request, reply)}));
    if cut {
        // Through the item's opening and two deltas (created, in_progress, added, and for
        // text the content part), then nothing more.
        let keep = events.iter().position(is_delta).map_or(events.len(), |first| first + 2);
        events.truncate(keep);
    }
    let mut frames: Vec<Frame> = events
        .into_iter()
        .enumerate()
        .map(|(sequence, mut event)| {
            event["sequence_number"] = json!(sequence);
            let name = event["type"].as_str().unwrap_or_default().to_owned();
            stream::event(&name, &event)
        })
        .collect();
    if cut {
        frames.push(Frame::Disconnect);
    }
    frames
}

fn is_delta(event: &Value) -> bool {
    event["type"].as_str().is_some_and(|kind| kind.ends_with(".delta"))
}
