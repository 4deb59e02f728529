//! Decoding Anthropic Messages streams (`stream: true`): `message_start` (input usage), per
//! content block a `content_block_start` (`text`, `tool_use` with id and name, `thinking`, or
//! `redacted_thinking` with its opaque `data`), its `content_block_delta`s (`text_delta`,
//! `input_json_delta` pieces of the tool input, `thinking_delta` and `signature_delta`) and
//! `content_block_stop`, then `message_delta` (stop reason, output usage) and `message_stop`.
//! `ping` is a keep-alive and `error` reports a failure after the 200. The type is read from
//! the JSON `type` field, falling back to the SSE `event:` name, and unknown event or block
//! types are skipped, as Anthropic's versioning policy asks of clients.

use serde_json::Value;

use crate::decoder::{EventDecoder, event_type};
use crate::error::ProviderError;
use crate::sse::SseEvent;
use crate::stream_event::{StreamEvent, ToolCallDelta, Usage};

/// State across one Messages stream.
#[derive(Debug, Clone, Default)]
pub struct AnthropicStreamDecoder {
    stop_reason: Option<String>,
    usage: Option<Usage>,
    done: bool,
}

impl AnthropicStreamDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `message_stop` has arrived.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Usage fields are cumulative and may come in either event; keep the latest of each.
    fn merge_usage(&mut self, usage: &Value) {
        if !usage.is_object() {
            return;
        }
        let current = self.usage.get_or_insert_with(Usage::default);
        if let Some(input) = usage.get("input_tokens").and_then(Value::as_u64) {
            current.input_tokens = input;
        }
        if let Some(output) = usage.get("output_tokens").and_then(Value::as_u64) {
            current.output_tokens = output;
        }
    }

    fn event(&mut self, kind: &str, event: &Value) -> Result<Vec<StreamEvent>, ProviderError> {
        let index = event.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
        match kind {
            "message_start" => self.merge_usage(&event["message"]["usage"]),
            "content_block_start" => {
                let block = &event["content_block"];
                match block["type"].as_str() {
                    Some("text") => {
                        if let Some(text) = block["text"].as_str().filter(|t| !t.is_empty()) {
                            return Ok(vec![StreamEvent::TextDelta(text.to_owned())]);
                        }
                    }
                    Some("tool_use") => {
                        // `input` is documented as `{}` here with the real input streamed as
                        // deltas; a non-empty one (seen from some proxies) is used as-is.
                        let arguments = match &block["input"] {
                            Value::Object(map) if !map.is_empty() => block["input"].to_string(),
                            _ => String::new(),
                        };
                        return Ok(vec![StreamEvent::ToolCallDelta(ToolCallDelta {
                            index,
                            id: block["id"].as_str().map(str::to_owned),
                            name: block["name"].as_str().map(str::to_owned),
                            arguments,
                        })]);
                    }
                    Some("thinking") => {
                        let mut events = Vec::new();
                        if let Some(text) = block["thinking"].as_str().filter(|t| !t.is_empty()) {
                            events.push(StreamEvent::ThinkingDelta { index, text: text.to_owned() });
                        }
                        if let Some(signature) = block["signature"].as_str().filter(|s| !s.is_empty()) {
                            events.push(StreamEvent::ThinkingSignature { index, signature: signature.to_owned() });
                        }
                        return Ok(events);
                    }
                    Some("redacted_thinking") => {
                        let data = block["data"].as_str().unwrap_or_default().to_owned();
                        return Ok(vec![StreamEvent::RedactedThinking { index, data }]);
                    }
                    _ => {}
                }
            }
            "content_block_delta" => {
                let delta = &event["delta"];
                match delta["type"].as_str() {
                    Some("text_delta") => {
                        if let Some(text) = delta["text"].as_str().filter(|t| !t.is_empty()) {
                            return Ok(vec![StreamEvent::TextDelta(text.to_owned())]);
                        }
                    }
                    Some("input_json_delta") => {
                        let piece = delta["partial_json"].as_str().unwrap_or_default();
                        return Ok(vec![StreamEvent::ToolCallDelta(ToolCallDelta {
                            index,
                            id: None,
                            name: None,
                            arguments: piece.to_owned(),
                        })]);
                    }
                    Some("thinking_delta") => {
                        if let Some(text) = delta["thinking"].as_str().filter(|t| !t.is_empty()) {
                            return Ok(vec![StreamEvent::ThinkingDelta { index, text: text.to_owned() }]);
                        }
                    }
                    Some("signature_delta") => {
                        if let Some(signature) = delta["signature"].as_str().filter(|s| !s.is_empty()) {
                            return Ok(vec![StreamEvent::ThinkingSignature { index, signature: signature.to_owned() }]);
                        }
                    }
                    // citations_delta: not surfaced yet.
                    _ => {}
                }
            }
            "message_delta" => {
                if let Some(reason) = event["delta"]["stop_reason"].as_str() {
                    self.stop_reason = Some(reason.to_owned());
                }
                self.merge_usage(&event["usage"]);
            }
            "message_stop" => {
                self.done = true;
                return Ok(vec![StreamEvent::Finished { finish_reason: self.stop_reason.clone(), usage: self.usage }]);
            }
            "error" => {
                let error = &event["error"];
                return Err(ProviderError::Api {
                    status: None,
                    kind: error["type"].as_str().unwrap_or_default().to_owned(),
                    message: error["message"].as_str().map_or_else(|| error.to_string(), str::to_owned),
                });
            }
            // content_block_stop and ping carry nothing to surface; unknown types are skipped.
            _ => {}
        }
        Ok(Vec::new())
    }
}

impl EventDecoder for AnthropicStreamDecoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamEvent>, ProviderError> {
        if self.done {
            return Ok(Vec::new());
        }
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(Vec::new());
        }
        let value = match serde_json::from_str::<Value>(data) {
            Ok(value) => value,
            Err(error) => {
                return Ok(vec![StreamEvent::Malformed { data: event.data.clone(), reason: error.to_string() }]);
            }
        };
        self.event(event_type(&value, event), &value)
    }

    fn finish(&mut self) -> Result<(), ProviderError> {
        if self.done {
            Ok(())
        } else {
            Err(ProviderError::Truncated { format: "Anthropic messages", terminator: "message_stop" })
        }
    }
}

#[cfg(test)]
mod tests;
