//! Fixtures the unit tests of the three wire formats share: decoding a stream split at every
//! byte boundary, and the conversations the request mappings are checked against, so each
//! format is tested on the same input and a fixture fix lands in all of them at once.

use serde_json::json;

use crate::decoder::{EventDecoder, StreamDecoder};
use crate::error::ProviderError;
use crate::model::{ChatMessage, ContentPart, ModelRequest, ToolSpec};
use crate::reply::{AssembledReply, ReplyAssembler};
use crate::stream_event::StreamEvent;
use crate::tool_call::ToolCall;

/// What [`decode_everywhere`] returns: every event, and the reply they assemble into.
pub(crate) type Decoded = Result<(Vec<StreamEvent>, AssembledReply), ProviderError>;

/// Decodes `body` with a fresh `D`, whole and split at every byte boundary, asserts all
/// agree, and assembles the reply.
pub(crate) fn decode_everywhere<D: EventDecoder + Default>(body: &str) -> Decoded {
    let whole = StreamDecoder::decode_all(D::default(), body.as_bytes());
    for at in 0..=body.len() {
        assert_eq!(decode_split::<D>(body.as_bytes(), at), whole, "split at {at}");
    }
    let events = whole?;
    let mut reply = ReplyAssembler::new();
    reply.extend(&events);
    Ok((events, reply.finish()?))
}

fn decode_split<D: EventDecoder + Default>(body: &[u8], at: usize) -> Result<Vec<StreamEvent>, ProviderError> {
    let mut decoder = StreamDecoder::new(D::default());
    let (a, b) = body.split_at(at);
    let mut events = decoder.push(a)?;
    events.extend(decoder.push(b)?);
    events.extend(decoder.finish()?);
    Ok(events)
}

pub(crate) fn call(id: &str, name: &str, arguments: &str) -> ToolCall {
    ToolCall { id: id.into(), name: name.into(), arguments: arguments.into() }
}

/// The result of tool call `id`; its tool name is on no wire format, so it is fixed.
pub(crate) fn result(id: &str, content: &str, is_error: bool) -> ChatMessage {
    ChatMessage::ToolResult { tool_call_id: id.into(), tool_name: "tool".into(), content: content.into(), is_error }
}

/// An assistant turn without thinking.
pub(crate) fn assistant(text: &str, tool_calls: Vec<ToolCall>) -> ChatMessage {
    ChatMessage::Assistant { text: text.into(), tool_calls, thinking: Vec::new() }
}

/// A user turn of `text` and a PNG, to check both content kinds map.
pub(crate) fn text_and_image(text: &str) -> ChatMessage {
    ChatMessage::User {
        content: vec![
            ContentPart::Text(text.into()),
            ContentPart::Image { mime_type: "image/png".into(), data: "AAAA".into() },
        ],
    }
}

/// The one tool the fixtures offer.
pub(crate) fn now_tool() -> ToolSpec {
    ToolSpec { name: "now".into(), description: "time".into(), parameters: json!({"type": "object"}) }
}

/// One tool round trip: system prompt `be brief`, `user`, an assistant turn saying
/// `assistant_text` and calling `now` as `c1` with `{}`, its result `noon`; `max_tokens` 100.
pub(crate) fn tool_round_trip(user: ChatMessage, assistant_text: &str) -> ModelRequest {
    ModelRequest {
        model: "gpt-test".into(),
        system: Some("be brief".into()),
        messages: vec![user, assistant(assistant_text, vec![call("c1", "now", "{}")]), result("c1", "noon", false)],
        tools: vec![now_tool()],
        max_tokens: Some(100),
        ..ModelRequest::default()
    }
}
