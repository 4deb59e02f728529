//! Folding a stream of [`StreamEvent`]s into the finished reply: concatenated text, complete
//! tool calls, the finish reason and usage. Clients that render deltas live still use this to
//! build the message they append to the transcript.

use crate::error::ProviderError;
use crate::stream_event::{StreamEvent, Usage};
use crate::tool_call::{ToolCall, ToolCallAccumulator};

/// A whole streamed reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssembledReply {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub finish_reason: Option<String>,
    pub usage: Option<Usage>,
    /// How many malformed payloads were skipped; worth a log line, not a failure.
    pub malformed: usize,
}

/// Accumulates events into an [`AssembledReply`].
#[derive(Debug, Clone, Default)]
pub struct ReplyAssembler {
    text: String,
    tools: ToolCallAccumulator,
    finish_reason: Option<String>,
    usage: Option<Usage>,
    malformed: usize,
    finished: bool,
}

impl ReplyAssembler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, event: &StreamEvent) {
        match event {
            StreamEvent::TextDelta(text) => self.text.push_str(text),
            StreamEvent::ToolCallDelta(delta) => self.tools.push(delta),
            StreamEvent::Finished { finish_reason, usage } => {
                self.finish_reason.clone_from(finish_reason);
                self.usage = *usage;
                self.finished = true;
            }
            StreamEvent::Malformed { .. } => self.malformed += 1,
        }
    }

    pub fn extend<'a>(&mut self, events: impl IntoIterator<Item = &'a StreamEvent>) {
        for event in events {
            self.push(event);
        }
    }

    /// Whether a [`StreamEvent::Finished`] was seen.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The reply, with tool calls validated (see [`ToolCallAccumulator::finish`]).
    pub fn finish(self) -> Result<AssembledReply, ProviderError> {
        Ok(AssembledReply {
            text: self.text,
            tool_calls: self.tools.finish()?,
            finish_reason: self.finish_reason,
            usage: self.usage,
            malformed: self.malformed,
        })
    }
}
