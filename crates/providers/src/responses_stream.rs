//! Decoding OpenAI Responses streams (`stream: true`): typed SSE events, each with a JSON
//! `type` equal to its `event:` name. Text arrives as `response.output_text.delta`; a function
//! call opens with `response.output_item.added` (its `call_id` and `name`, keyed by
//! `output_index`) and its arguments follow as `response.function_call_arguments.delta`
//! pieces. `response.completed` (or `response.incomplete`, when a limit cut the reply) ends
//! the stream with status and usage; `response.failed` and `error` report failures after the
//! 200. The many other event types (lifecycle, reasoning, annotations) are skipped, so new
//! ones the API adds do not break the client.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::decoder::{EventDecoder, event_type, text_field};
use crate::error::ProviderError;
use crate::sse::SseEvent;
use crate::stream_event::{StreamEvent, ToolCallDelta, Usage};

/// State across one Responses stream.
#[derive(Debug, Clone, Default)]
pub struct ResponsesStreamDecoder {
    /// Per function call's `output_index`: whether any arguments text was handed out, so the
    /// complete arguments in `response.output_item.done` are used only when none streamed.
    calls: BTreeMap<usize, bool>,
    done: bool,
}

impl ResponsesStreamDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the terminating `response.completed` / `response.incomplete` has arrived.
    pub fn is_done(&self) -> bool {
        self.done
    }

    fn event(&mut self, kind: &str, event: &Value) -> Result<Vec<StreamEvent>, ProviderError> {
        let index = event.get("output_index").and_then(Value::as_u64).unwrap_or(0) as usize;
        match kind {
            // A refusal is the model's answer in place of text; shown the same way so the
            // user sees why nothing else came back.
            "response.output_text.delta" | "response.refusal.delta" => {
                if let Some(text) = event["delta"].as_str().filter(|t| !t.is_empty()) {
                    return Ok(vec![StreamEvent::TextDelta(text.to_owned())]);
                }
            }
            "response.output_item.added" => return Ok(self.function_call(index, &event["item"], false)),
            "response.function_call_arguments.delta" => {
                let piece = event["delta"].as_str().unwrap_or_default();
                if !piece.is_empty() {
                    self.calls.insert(index, true);
                }
                return Ok(vec![StreamEvent::ToolCallDelta(ToolCallDelta {
                    index,
                    id: None,
                    name: None,
                    arguments: piece.to_owned(),
                })]);
            }
            // Some compatible servers send a call whole, only in its `done` item.
            "response.output_item.done" => return Ok(self.function_call(index, &event["item"], true)),
            "response.completed" | "response.incomplete" => {
                self.done = true;
                let response = &event["response"];
                return Ok(vec![StreamEvent::Finished {
                    finish_reason: self.finish_reason(response, kind),
                    usage: usage(&response["usage"]),
                }]);
            }
            "response.failed" => return Err(api_error(&event["response"]["error"])),
            // Documented flat (`code`, `message` on the event); some proxies nest an `error`.
            "error" => return Err(api_error(event.get("error").filter(|e| e.is_object()).unwrap_or(event))),
            _ => {}
        }
        Ok(Vec::new())
    }

    /// A function-call output item as a [`ToolCallDelta`]; other item types (messages,
    /// reasoning) yield nothing, their content streams through their own events. From a
    /// `done` item the arguments are taken only if no delta carried any.
    fn function_call(&mut self, index: usize, item: &Value, done: bool) -> Vec<StreamEvent> {
        if item["type"].as_str() != Some("function_call") {
            return Vec::new();
        }
        let streamed = self.calls.entry(index).or_insert(false);
        let arguments =
            if done && *streamed { String::new() } else { item["arguments"].as_str().unwrap_or_default().to_owned() };
        if !arguments.is_empty() {
            *streamed = true;
        }
        vec![StreamEvent::ToolCallDelta(ToolCallDelta {
            index,
            id: text_field(item, "call_id"),
            name: text_field(item, "name"),
            arguments,
        })]
    }

    /// Chat Completions' vocabulary, which the agent loop already understands: `stop`, or
    /// `tool_calls` when the model called any; `length` when a limit cut the reply short.
    fn finish_reason(&self, response: &Value, kind: &str) -> Option<String> {
        let status = response["status"].as_str().unwrap_or(if kind == "response.incomplete" {
            "incomplete"
        } else {
            "completed"
        });
        let reason = match status {
            "completed" if !self.calls.is_empty() => "tool_calls",
            "completed" => "stop",
            "incomplete" => "length",
            other => other,
        };
        Some(reason.to_owned())
    }
}

fn usage(usage: &Value) -> Option<Usage> {
    usage.is_object().then(|| Usage {
        input_tokens: usage["input_tokens"].as_u64().unwrap_or(0),
        output_tokens: usage["output_tokens"].as_u64().unwrap_or(0),
    })
}

fn api_error(error: &Value) -> ProviderError {
    ProviderError::Api {
        status: None,
        kind: text_field(error, "code")
            .or_else(|| text_field(error, "type"))
            .unwrap_or_else(|| "response_failed".to_owned()),
        message: text_field(error, "message").unwrap_or_else(|| error.to_string()),
    }
}

impl EventDecoder for ResponsesStreamDecoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamEvent>, ProviderError> {
        // Anything after the terminator is not part of this reply.
        if self.done {
            return Ok(Vec::new());
        }
        let data = event.data.trim();
        // `[DONE]` is Chat Completions' terminator, which some proxies append here too; the
        // Responses terminator is `response.completed`, so it carries nothing.
        if data.is_empty() || data == "[DONE]" {
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
            Err(ProviderError::Truncated { format: "OpenAI responses", terminator: "response.completed" })
        }
    }
}

#[cfg(test)]
mod tests;
