//! Assembling streamed tool-call fragments into complete calls. Providers split a call's
//! JSON arguments into arbitrary text pieces (not JSON values), and OpenAI interleaves
//! parallel calls, so fragments are collected per index and only validated at the end.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ProviderError;
use crate::stream_event::ToolCallDelta;

/// A complete tool call, arguments checked to be JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    /// The arguments JSON text exactly as the model wrote it (so transcripts and the provider
    /// see the same bytes back); `{}` when the model sent none.
    pub arguments: String,
}

#[derive(Debug, Clone, Default)]
struct Partial {
    id: Option<String>,
    name: Option<String>,
    arguments: String,
}

/// Collects [`ToolCallDelta`]s by index.
#[derive(Debug, Clone, Default)]
pub struct ToolCallAccumulator {
    calls: BTreeMap<usize, Partial>,
}

impl ToolCallAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    pub fn push(&mut self, delta: &ToolCallDelta) {
        let call = self.calls.entry(delta.index).or_default();
        // Some compatible servers repeat the id and name on every fragment; the first wins,
        // and a repeated name is not appended (unlike arguments, names are not streamed).
        if call.id.is_none() {
            call.id = delta.id.clone().filter(|id| !id.is_empty());
        }
        if call.name.is_none() {
            call.name = delta.name.clone().filter(|name| !name.is_empty());
        }
        call.arguments.push_str(&delta.arguments);
    }

    /// The calls in index order. Fails on the first call without an id or name, or whose
    /// arguments are not valid JSON, naming that call.
    pub fn finish(self) -> Result<Vec<ToolCall>, ProviderError> {
        self.calls
            .into_iter()
            .map(|(index, call)| {
                let id = call.id.ok_or(ProviderError::IncompleteToolCall { index, missing: "id" })?;
                let name = call.name.ok_or(ProviderError::IncompleteToolCall { index, missing: "name" })?;
                // Anthropic sends no `input_json_delta` for an empty input, and some OpenAI
                // servers send "" for a tool without parameters: both mean "no arguments".
                let arguments = if call.arguments.trim().is_empty() { "{}".to_owned() } else { call.arguments };
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&arguments) {
                    return Err(ProviderError::InvalidToolArguments { id, name, reason: error.to_string() });
                }
                Ok(ToolCall { id, name, arguments })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(index: usize, id: Option<&str>, name: Option<&str>, arguments: &str) -> ToolCallDelta {
        ToolCallDelta {
            index,
            id: id.map(str::to_owned),
            name: name.map(str::to_owned),
            arguments: arguments.to_owned(),
        }
    }

    #[test]
    fn interleaved_calls_assemble_by_index_in_index_order() {
        let mut acc = ToolCallAccumulator::new();
        acc.push(&delta(1, Some("b"), Some("second"), ""));
        acc.push(&delta(0, Some("a"), Some("first"), "{\"q\":"));
        acc.push(&delta(1, None, None, "{\"n\": 1"));
        acc.push(&delta(0, None, None, " \"x\"}"));
        acc.push(&delta(1, Some("b"), Some("second"), "}"));
        let calls = acc.finish().unwrap();
        assert_eq!(
            calls,
            vec![
                ToolCall { id: "a".into(), name: "first".into(), arguments: "{\"q\": \"x\"}".into() },
                ToolCall { id: "b".into(), name: "second".into(), arguments: "{\"n\": 1}".into() },
            ]
        );
    }

    #[test]
    fn empty_arguments_mean_an_empty_object() {
        let mut acc = ToolCallAccumulator::new();
        acc.push(&delta(0, Some("a"), Some("now"), ""));
        assert_eq!(acc.finish().unwrap()[0].arguments, "{}");
    }

    #[test]
    fn invalid_arguments_name_the_call() {
        let mut acc = ToolCallAccumulator::new();
        acc.push(&delta(0, Some("call_1"), Some("search"), "{\"q\": "));
        let error = acc.finish().unwrap_err();
        assert!(
            matches!(&error, ProviderError::InvalidToolArguments { id, name, .. } if id == "call_1" && name == "search")
        );
        assert!(error.to_string().contains("search"), "{error}");
    }

    #[test]
    fn a_call_without_id_or_name_is_incomplete() {
        let mut acc = ToolCallAccumulator::new();
        acc.push(&delta(3, None, Some("x"), "{}"));
        assert_eq!(acc.finish().unwrap_err(), ProviderError::IncompleteToolCall { index: 3, missing: "id" });
        let mut acc = ToolCallAccumulator::new();
        acc.push(&delta(0, Some("a"), None, "{}"));
        assert_eq!(acc.finish().unwrap_err(), ProviderError::IncompleteToolCall { index: 0, missing: "name" });
    }
}
