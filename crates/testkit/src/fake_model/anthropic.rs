//! Anthropic Messages shapes (`POST /v1/messages`), as the public streaming docs describe
//! them: `message_start`, a `content_block_start` / `content_block_delta`… /
//! `content_block_stop` run per block (`text_delta` or `input_json_delta`), `ping`,
//! `message_delta` with the stop reason and output usage, then `message_stop`.

use axum::response::Response;
use serde_json::{Value, json};

use super::stream::{self, Frame};
use super::{MALFORMED_FOLLOW_UP_TEXT, Request, Scripted, Wire, split_pieces};

const ID: &str = "msg_fake0001";
const TOOL_USE_ID: &str = "toolu_fake0001";

pub(super) fn respond(request: &Request, reply: Scripted) -> Response {
    match (reply, request.stream) {
        (Scripted::Status { code, retry_after, body }, _) => stream::status(Wire::Anthropic, code, retry_after, body),
        (Scripted::Text(text), false) => stream::json(Wire::Anthropic, &message(request, &Reply::Text(&text))),
        (Scripted::Text(text), true) => stream::sse(Wire::Anthropic, events(request, &Reply::Text(&text), false)),
        (Scripted::ToolCall { name, arguments_json }, stream) => {
            let reply = Reply::Tool { name: &name, arguments: &arguments_json };
            if stream {
                stream::sse(Wire::Anthropic, events(request, &reply, false))
            } else {
                stream::json(Wire::Anthropic, &message(request, &reply))
            }
        }
        (Scripted::MalformedChunk, false) => stream::not_json(Wire::Anthropic),
        (Scripted::MalformedChunk, true) => {
            let mut frames =
                vec![Frame::Data("event: content_block_delta\ndata: {\"type\": not json at all\n\n".to_owned())];
            frames.extend(events(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT), false));
            stream::sse(Wire::Anthropic, frames)
        }
        (Scripted::DisconnectMidStream, false) => {
            stream::truncated_json(Wire::Anthropic, &message(request, &Reply::Text(MALFORMED_FOLLOW_UP_TEXT)))
        }
        (Scripted::DisconnectMidStream, true) => {
            stream::sse(Wire::Anthropic, events(request, &Reply::Text("this reply is cut off"), true))
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

fn message(request: &Request, reply: &Reply) -> Value {
    let (content, stop_reason, tokens) = match reply {
        Reply::Text(text) => (json!([{"type": "text", "text": text}]), "end_turn", split_pieces(text, 3).len()),
        Reply::Tool { name, arguments } => (
            json!([{"type": "tool_use", "id": TOOL_USE_ID, "name": name, "input": input(arguments)}]),
            "tool_use",
            split_pieces(arguments, 4).len(),
        ),
    };
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
fn events(request: &Request, reply: &Reply, cut: bool) -> Vec<Frame> {
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
    let output_tokens = deltas.len();
    let mut frames = vec![
        stream::event("message_start", &start),
        stream::event(
            "content_block_start",
            &json!({"type": "content_block_start", "index": 0, "content_block": block}),
        ),
        stream::event("ping", &json!({"type": "ping"})),
    ];
    for (n, delta) in deltas.into_iter().enumerate() {
        if cut && n == 2 {
            frames.push(Frame::Disconnect);
            return frames;
        }
        frames.push(stream::event(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": 0, "delta": delta}),
        ));
    }
    if cut {
        frames.push(Frame::Disconnect);
        return frames;
    }
    frames.push(stream::event("content_block_stop", &json!({"type": "content_block_stop", "index": 0})));
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
