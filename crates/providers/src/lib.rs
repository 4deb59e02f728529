//! Model clients for openclaw, behind one `Model` trait, so the agent loop never knows which
//! provider it is talking to. The HTTP clients and the trait itself arrive with the agent
//! issue; this crate already owns what every client needs underneath them: an incremental
//! Server-Sent-Events parser ([`sse`]), decoders from each provider's streaming wire format to
//! one provider-neutral [`StreamEvent`] vocabulary ([`openai_stream`], [`anthropic_stream`]),
//! and the assembly of streamed fragments into complete text and tool calls ([`tool_call`],
//! [`reply`]). Everything here is pure: bytes in, events out, no I/O and no runtime, so it is
//! tested byte-boundary by byte-boundary. Layer 3: it must not depend on the gateway or the
//! agent, which sit above it.

pub mod anthropic_stream;
pub mod decoder;
pub mod error;
pub mod openai_stream;
pub mod reply;
pub mod sse;
pub mod stream_event;
pub mod tool_call;

pub use anthropic_stream::AnthropicStreamDecoder;
pub use decoder::{EventDecoder, StreamDecoder};
pub use error::ProviderError;
pub use openai_stream::OpenAiStreamDecoder;
pub use reply::{AssembledReply, ReplyAssembler};
pub use sse::{DEFAULT_MAX_EVENT_BYTES, SseEvent, SseParser};
pub use stream_event::{StreamEvent, ToolCallDelta, Usage};
pub use tool_call::{ToolCall, ToolCallAccumulator};
