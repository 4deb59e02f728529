//! The one error type of this crate. Only conditions that make a streamed reply unusable are
//! errors; a single garbled chunk is not (see [`crate::StreamEvent::Malformed`]), because
//! OpenAI-compatible servers occasionally emit one and then carry on correctly. Messages that
//! carry text from the network pass through the client's redaction first, so an API key a
//! server echoes back never reaches a log line through this type.

/// Why a provider request or its streamed reply could not produce a usable reply.
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

    /// The provider reported an error: as an HTTP error status (`status` set, after any
    /// retries were spent), or inside the stream after the 200 was sent (`status: None`;
    /// Anthropic's `error` event, or an OpenAI-style `{"error": …}` chunk).
    #[error("provider error{}: {kind}: {message}", http_status_suffix(*.status))]
    Api { status: Option<u16>, kind: String, message: String },

    /// The request never got a usable response: connection refused, TLS failure, reset
    /// before the headers. `message` is the transport's own description, redacted.
    #[error("transport error: {message}")]
    Transport { message: String },

    /// A configured timeout elapsed; `phase` says which wait it bounded.
    #[error("timed out {phase} after {millis} ms")]
    Timeout { phase: &'static str, millis: u64 },

    /// The caller cancelled the request; whatever was streamed so far is discarded.
    #[error("request cancelled")]
    Cancelled,

    /// The client could not be built from its settings (bad base URL, TLS setup).
    #[error("invalid client configuration: {message}")]
    Config { message: String },
}

fn http_status_suffix(status: Option<u16>) -> String {
    status.map(|code| format!(" (HTTP {code})")).unwrap_or_default()
}
