//! Folding a stream of [`StreamEvent`]s into the finished reply: concatenated text, complete
//! tool calls, the finish reason and usage. Clients that render deltas live still use this to
//! build the message they append to the transcript.

use crate::error::ProviderError;
use crate::model::ThinkingBlock;
use crate::stream_event::{StreamEvent, Usage};
use crate::tool_call::{ToolCall, ToolCallAccumulator};

/// A whole streamed reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssembledReply {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    /// Extended-thinking blocks in stream order; never part of `text`.
    pub thinking: Vec<ThinkingBlock>,
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
    /// Thinking blocks keyed by their content index, in order of first appearance.
    thinking: Vec<(usize, ThinkingBlock)>,
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
            StreamEvent::ThinkingDelta { index, text } => self.thinking_block(*index).text.push_str(text),
            StreamEvent::ThinkingSignature { index, signature } => {
                self.thinking_block(*index).signature.get_or_insert_with(String::new).push_str(signature);
            }
            StreamEvent::RedactedThinking { index, data } => {
                self.thinking_block(*index).redacted = Some(data.clone());
            }
            StreamEvent::Malformed { .. } => self.malformed += 1,
        }
    }

    fn thinking_block(&mut self, index: usize) -> &mut ThinkingBlock {
        let at = match self.thinking.iter().position(|(i, _)| *i == index) {
            Some(at) => at,
            None => {
                self.thinking.push((index, ThinkingBlock::default()));
                self.thinking.len() - 1
            }
        };
        &mut self.thinking[at].1
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
            thinking: self.thinking.into_iter().map(|(_, block)| block).collect(),
            finish_reason: self.finish_reason,
            usage: self.usage,
            malformed: self.malformed,
        })
    }
}
