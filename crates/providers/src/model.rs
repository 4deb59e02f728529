//! The one seam between the agent loop and every model API: a provider-neutral request
//! ([`ModelRequest`]: system prompt, conversation, tool specs) and the [`Model`] trait that
//! streams a reply for it. Each wire format (OpenAI Chat Completions, OpenAI Responses,
//! Anthropic Messages) implements the trait by translating the request into its own body and
//! its stream into [`StreamEvent`]s, so the loop never branches on the provider.
//!
//! The trait returns a boxed future rather than using `async fn` so that a configured model
//! can be held as `Arc<dyn Model>` and chosen at run time from `models.providers`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use crate::cancel::Cancellation;
use crate::error::ProviderError;
use crate::reply::AssembledReply;
use crate::sampling::Sampling;
use crate::stream_event::StreamEvent;
use crate::tool_call::ToolCall;

/// A `Send` future borrowed for `'a`, as the trait methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Receives each decoded event while a reply streams (for live deltas).
pub type EventSink<'a> = &'a mut (dyn FnMut(&StreamEvent) + Send);

/// One piece of user content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentPart {
    Text(String),
    /// Base64 image data, as transcripts store it.
    Image {
        mime_type: String,
        data: String,
    },
}

/// One turn of the conversation as the model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatMessage {
    User {
        content: Vec<ContentPart>,
    },
    /// What the model said before: its thinking (replayed to the provider that produced it,
    /// which checks the signatures), text and the tool calls it made.
    Assistant {
        text: String,
        tool_calls: Vec<ToolCall>,
        thinking: Vec<ThinkingBlock>,
    },
    /// The outcome of one tool call, fed back so the model can continue.
    ToolResult {
        tool_call_id: String,
        tool_name: String,
        content: String,
        is_error: bool,
    },
}

impl ChatMessage {
    pub fn user_text(text: impl Into<String>) -> Self {
        Self::User { content: vec![ContentPart::Text(text.into())] }
    }
}

/// One block of a model's extended thinking, kept as received: Anthropic rejects a tool-use
/// continuation whose assistant turn does not start with its thinking blocks, signatures intact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThinkingBlock {
    /// The thinking text (empty for a redacted block).
    pub text: String,
    /// The provider's signature over `text`.
    pub signature: Option<String>,
    /// A redacted block's opaque `data`; when set, `text` and `signature` are unused.
    pub redacted: Option<String>,
}

/// A tool the model may call: its name, what it does, and a JSON Schema for its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: Value,
}

/// Everything one model call needs, independent of the wire format.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelRequest {
    /// The provider's own model id (after the `provider/` prefix was split off).
    pub model: String,
    pub system: Option<String>,
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
    /// Upper bound on generated tokens; formats that require one (Anthropic) use a default.
    pub max_tokens: Option<u32>,
    /// Caller-chosen sampling (`/v1` requests); each format sends what it has a place for.
    pub sampling: Sampling,
    /// Reasoning effort (`minimal`, `low`, `medium`, `high`, `xhigh`) for models configured with
    /// `reasoning: true`; `None` sends nothing, which every server accepts.
    pub reasoning_effort: Option<String>,
}

/// A streaming model endpoint.
pub trait Model: Send + Sync + fmt::Debug {
    /// The `api` name of the wire format (`openai-completions`, `openai-responses`,
    /// `anthropic-messages`), as OpenClaw records it in transcripts.
    fn api(&self) -> &'static str;

    /// Streams one reply for `request`, handing each event to `on_event` as it arrives, and
    /// returns the assembled reply. Must stop promptly once `cancel` fires.
    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>>;
}
