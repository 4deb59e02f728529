//! The provider-neutral vocabulary every streaming decoder produces, so the agent loop
//! consumes one shape whether the bytes came from OpenAI, Anthropic or a compatible server.

use serde::{Deserialize, Serialize};

/// One step of a streamed model reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// More assistant text, to append.
    TextDelta(String),
    /// A fragment of a tool call; assemble with [`crate::ToolCallAccumulator`].
    ToolCallDelta(ToolCallDelta),
    /// More extended-thinking text for the thinking block at content `index` (Anthropic).
    /// Not reply text: it is never shown, only kept to send back with the conversation.
    ThinkingDelta { index: usize, text: String },
    /// The signature of the thinking block at `index`, to send back unchanged.
    ThinkingSignature { index: usize, signature: String },
    /// A thinking block the provider encrypted (`redacted_thinking`), with its opaque `data`.
    RedactedThinking { index: usize, data: String },
    /// The reply ended normally. Emitted once, at the format's terminator, because OpenAI
    /// sends its usage totals in a chunk after the one carrying `finish_reason`.
    Finished { finish_reason: Option<String>, usage: Option<Usage> },
    /// A data payload that was not JSON. Decoding carries on: OpenAI-compatible servers
    /// (llama.cpp, some proxies) occasionally emit one garbled chunk and then continue
    /// correctly, so failing the whole reply would be worse than dropping one piece. Callers
    /// should log it and skip it; a payload that was cut off mid-stream also shows up here,
    /// but then the missing terminator still fails the stream as truncated.
    Malformed { data: String, reason: String },
}

/// A fragment of one tool call, keyed by `index`. The first fragment for an index normally
/// carries `id` and `name`; later ones only more `arguments` text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolCallDelta {
    /// OpenAI's `tool_calls[].index`, or Anthropic's content block index.
    pub index: usize,
    pub id: Option<String>,
    pub name: Option<String>,
    /// A piece of the JSON arguments text, to concatenate in arrival order.
    pub arguments: String,
}

/// Token counts as the provider reported them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Prompt tokens (`prompt_tokens` / `input_tokens`).
    pub input_tokens: u64,
    /// Generated tokens (`completion_tokens` / `output_tokens`).
    pub output_tokens: u64,
}
