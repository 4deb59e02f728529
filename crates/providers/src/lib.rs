//! Model clients for openclaw, behind one `Model` trait, so the agent loop never knows which
//! provider it is talking to ([`model`]), chosen by configured `api` name ([`model_factory`]).
//! Implementations: OpenAI-compatible Chat Completions ([`openai_client`]), OpenAI Responses
//! ([`responses_client`]) and Anthropic Messages ([`anthropic_client`]), each a request
//! mapping plus a decoder over one shared HTTP core ([`http_stream`], with its [`retry`]
//! policy and [`cancel`] signal), and what every client needs underneath: an incremental
//! Server-Sent-Events parser ([`sse`]), decoders from each provider's streaming wire format to
//! one provider-neutral [`StreamEvent`] vocabulary ([`openai_stream`], [`responses_stream`], [`anthropic_stream`]),
//! and the assembly of streamed fragments into complete text and tool calls ([`tool_call`],
//! [`reply`]). The decoders are pure (bytes in, events out, no I/O), so they are tested
//! byte-boundary by byte-boundary; the clients are tested over real HTTP against the testkit's
//! fake model server. Layer 3: it must not depend on the gateway or the agent, which sit above
//! it.

pub mod anthropic_client;
pub mod anthropic_request;
pub mod anthropic_stream;
pub mod cancel;
pub mod decoder;
pub mod error;
pub mod http_stream;
pub mod model;
pub mod model_factory;
pub mod openai_client;
pub mod openai_request;
pub mod openai_stream;
pub mod reply;
pub mod responses_client;
pub mod responses_request;
pub mod responses_stream;
pub mod retry;
pub mod sampling;
pub mod sse;
pub mod stream_event;
#[cfg(test)]
mod test_fixtures;
pub mod tool_call;

pub use anthropic_client::{ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_VERSION, AnthropicClient};
pub use anthropic_stream::AnthropicStreamDecoder;
pub use cancel::Cancellation;
pub use decoder::{EventDecoder, StreamDecoder};
pub use error::ProviderError;
pub use http_stream::Timeouts;
pub use model::{BoxFuture, ChatMessage, ContentPart, EventSink, Model, ModelRequest, ThinkingBlock, ToolSpec};
pub use model_factory::{OPENAI_DEFAULT_BASE_URL, SUPPORTED_APIS, build_model};
pub use openai_client::OpenAiClient;
pub use openai_stream::OpenAiStreamDecoder;
pub use reply::{AssembledReply, ReplyAssembler};
pub use responses_client::OpenAiResponsesClient;
pub use responses_stream::ResponsesStreamDecoder;
pub use retry::RetryPolicy;
pub use sampling::Sampling;
pub use sse::{DEFAULT_MAX_EVENT_BYTES, SseEvent, SseParser};
pub use stream_event::{StreamEvent, ToolCallDelta, Usage};
pub use tool_call::{ToolCall, ToolCallAccumulator};
