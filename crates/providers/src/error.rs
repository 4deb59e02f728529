//! The one error type of this crate. Only conditions that make a streamed reply unusable are
//! errors; a single garbled chunk is not (see [`crate::StreamEvent::Malformed`]), because
//! OpenAI-compatible servers occasionally emit one and then carry on correctly.

/// Why a provider stream could not be decoded into a usable reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// One server-sent event (or one unterminated line) grew past the parser's limit. The
    /// limit exists so a server that never sends a line break cannot exhaust memory.
    #[error("server-sent event exceeds the {max}-byte limit")]
    EventTooLarge { max: usize },

    /// The byte stream ended before the format's terminator, so the reply may be cut short.
    #[error("{format} stream ended before {terminator}; the reply is truncated")]
    Truncated { format: &'static str, terminator: &'static str },

    /// A tool call's assembled arguments are not JSON; running it would guess at intent.
    #[error("tool call `{name}` (id {id}) has arguments that are not valid JSON: {reason}")]
    InvalidToolArguments { id: String, name: String, reason: String },

    /// Fragments arrived for a tool call that never received its id or name.
    #[error("tool call at index {index} never received its {missing}")]
    IncompleteToolCall { index: usize, missing: &'static str },

    /// The provider reported an error inside the stream (Anthropic's `error` event, or an
    /// OpenAI-style `{"error": …}` chunk), e.g. `overloaded_error` after the 200 was sent.
    #[error("provider error in stream: {kind}: {message}")]
    Api { kind: String, message: String },
}
