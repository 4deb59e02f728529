//! Decoding OpenAI Chat Completions streams (`stream: true`): each SSE `data:` is a
//! `chat.completion.chunk` whose `choices[0].delta` carries `content` text and `tool_calls`
//! fragments keyed by `index`; `finish_reason` arrives on a late chunk, usage (with
//! `stream_options.include_usage`) on an extra chunk with empty `choices`, and `data: [DONE]`
//! ends the stream. Compatible servers (llama.cpp, vLLM, Ollama, proxies) follow the same
//! shape loosely, so missing fields are tolerated rather than rejected.

use serde_json::Value;

use crate::decoder::{EventDecoder, text_field};
use crate::error::ProviderError;
use crate::sse::SseEvent;
use crate::stream_event::{StreamEvent, ToolCallDelta, Usage};

/// State across one Chat Completions stream.
#[derive(Debug, Clone, Default)]
pub struct OpenAiStreamDecoder {
    finish_reason: Option<String>,
    usage: Option<Usage>,
    done: bool,
}

impl OpenAiStreamDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `[DONE]` has arrived.
    pub fn is_done(&self) -> bool {
        self.done
    }

    fn chunk(&mut self, chunk: &Value) -> Result<Vec<StreamEvent>, ProviderError> {
        // Servers report failures after the 200 as an `{"error": …}` chunk.
        if let Some(error) = chunk.get("error").filter(|e| !e.is_null()) {
            return Err(ProviderError::Api {
                status: None,
                kind: text_field(error, "type").or_else(|| text_field(error, "code")).unwrap_or_default(),
                message: text_field(error, "message").unwrap_or_else(|| error.to_string()),
            });
        }
        if let Some(usage) = chunk.get("usage").filter(|u| u.is_object()) {
            self.usage = Some(Usage {
                input_tokens: usage["prompt_tokens"].as_u64().unwrap_or(0),
                output_tokens: usage["completion_tokens"].as_u64().unwrap_or(0),
            });
        }
        let mut out = Vec::new();
        let choices = chunk.get("choices").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        // We always request one choice (`n` unset); others would be alternative replies.
        for choice in choices.iter().filter(|c| c.get("index").and_then(Value::as_u64).unwrap_or(0) == 0) {
            let delta = &choice["delta"];
            if let Some(text) = delta.get("content").and_then(Value::as_str).filter(|t| !t.is_empty()) {
                out.push(StreamEvent::TextDelta(text.to_owned()));
            }
            let calls = delta.get("tool_calls").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for (position, call) in calls.iter().enumerate() {
                let function = &call["function"];
                out.push(StreamEvent::ToolCallDelta(ToolCallDelta {
                    // Some compatible servers omit `index` when sending whole calls at once.
                    index: call.get("index").and_then(Value::as_u64).map_or(position, |i| i as usize),
                    id: text_field(call, "id"),
                    name: text_field(function, "name"),
                    arguments: function.get("arguments").and_then(Value::as_str).unwrap_or_default().to_owned(),
                }));
            }
            if let Some(reason) = text_field(choice, "finish_reason") {
                self.finish_reason = Some(reason);
            }
        }
        Ok(out)
    }
}

impl EventDecoder for OpenAiStreamDecoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamEvent>, ProviderError> {
        // Anything after the terminator is not part of this reply.
        if self.done {
            return Ok(Vec::new());
        }
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(Vec::new());
        }
        if data == "[DONE]" {
            self.done = true;
            return Ok(vec![StreamEvent::Finished { finish_reason: self.finish_reason.clone(), usage: self.usage }]);
        }
        match serde_json::from_str::<Value>(data) {
            Ok(chunk) => self.chunk(&chunk),
            Err(error) => Ok(vec![StreamEvent::Malformed { data: event.data.clone(), reason: error.to_string() }]),
        }
    }

    fn finish(&mut self) -> Result<(), ProviderError> {
        if self.done {
            Ok(())
        } else {
            Err(ProviderError::Truncated { format: "OpenAI chat completions", terminator: "data: [DONE]" })
        }
    }
}

#[cfg(test)]
mod tests;
