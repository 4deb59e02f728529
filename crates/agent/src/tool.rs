//! The one interface every agent tool implements, and the registry a turn looks tools up in.
//! A tool declares its arguments as a JSON Schema (sent to the model verbatim); the registry
//! checks a call's arguments against the schema's `required` and property types before the
//! tool runs, so a tool never sees arguments of the wrong shape and the model gets a clear
//! error back instead of a crash.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use openclaw_providers::{BoxFuture, Cancellation, ToolSpec};
use serde_json::Value;

/// What a tool knows about the turn calling it.
#[derive(Debug, Clone)]
pub struct ToolContext {
    pub agent_id: String,
    pub session_key: String,
    pub session_id: String,
    pub run_id: String,
    /// The sender is the owner (owner-only tools refuse others).
    pub sender_is_owner: bool,
    /// Fires when the run is aborted; long-running tools should race it.
    pub cancel: Cancellation,
}

/// A tool's result as fed back to the model and written to the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    pub content: String,
    pub is_error: bool,
    /// Structured details for the transcript (`toolResult.details`), not sent to the model.
    pub details: Option<Value>,
}

impl ToolOutput {
    pub fn text(content: impl Into<String>) -> Self {
        Self { content: content.into(), is_error: false, details: None }
    }

    pub fn error(content: impl Into<String>) -> Self {
        Self { content: content.into(), is_error: true, details: None }
    }
}

/// One tool the model may call.
pub trait Tool: Send + Sync {
    /// Lowercase name as the model sees it (`session_status`, `exec`).
    fn name(&self) -> &str;
    fn description(&self) -> &str;
    /// JSON Schema of the arguments object.
    fn parameters(&self) -> Value;
    /// Runs the call. Failures the model should see are `ToolOutput::error`, not panics.
    fn call<'a>(&'a self, arguments: Value, context: &'a ToolContext) -> BoxFuture<'a, ToolOutput>;
}

/// The tools available to one turn, by name.
#[derive(Clone, Default)]
pub struct ToolRegistry {
    tools: BTreeMap<String, Arc<dyn Tool>>,
}

impl fmt::Debug for ToolRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.tools.keys()).finish()
    }
}

impl ToolRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tool; a later tool with the same name replaces the earlier one.
    pub fn register(&mut self, tool: Arc<dyn Tool>) {
        self.tools.insert(tool.name().to_owned(), tool);
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tools.keys().map(String::as_str)
    }

    /// Keeps only the tools `keep` accepts (tool policy filtering).
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.tools.retain(|name, _| keep(name));
    }

    /// The specs sent to the model, in name order (stable, so prompts cache).
    pub fn specs(&self) -> Vec<ToolSpec> {
        self.tools
            .values()
            .map(|tool| ToolSpec {
                name: tool.name().to_owned(),
                description: tool.description().to_owned(),
                parameters: tool.parameters(),
            })
            .collect()
    }

    /// Runs the call named `name` with `arguments` (the model's JSON text): unknown tools,
    /// unparsable arguments and arguments that do not fit the schema become error outputs.
    pub async fn call(&self, name: &str, arguments: &str, context: &ToolContext) -> ToolOutput {
        let Some(tool) = self.tools.get(name) else {
            return ToolOutput::error(format!("Tool `{name}` is not available in this session."));
        };
        let arguments: Value = match serde_json::from_str(arguments) {
            Ok(value) => value,
            Err(error) => return ToolOutput::error(format!("Arguments for `{name}` are not JSON: {error}")),
        };
        if let Err(problem) = check_arguments(&tool.parameters(), &arguments) {
            return ToolOutput::error(format!("Invalid arguments for `{name}`: {problem}"));
        }
        tool.call(arguments, context).await
    }
}

/// A shallow JSON-Schema check: an object, every `required` property present, each declared
/// property of its declared primitive `type`, and no undeclared ones when
/// `additionalProperties` is false. Deeper validation is each tool's own business.
pub fn check_arguments(schema: &Value, arguments: &Value) -> Result<(), String> {
    let Some(object) = arguments.as_object() else {
        return Err("arguments must be a JSON object".to_owned());
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for key in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(key) {
                return Err(format!("missing required property `{key}`"));
            }
        }
    }
    for (key, value) in object {
        let Some(property) = properties.and_then(|p| p.get(key)) else {
            if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                return Err(format!("unknown property `{key}`"));
            }
            continue;
        };
        let Some(expected) = property.get("type") else { continue };
        let allowed: Vec<&str> = match expected {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        if !allowed.iter().any(|kind| matches_type(kind, value)) {
            return Err(format!("property `{key}` must be of type {}", allowed.join(" or ")));
        }
    }
    Ok(())
}

fn matches_type(kind: &str, value: &Value) -> bool {
    match kind {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_are_checked_against_the_schema() {
        let schema = json!({
            "type": "object",
            "properties": {"path": {"type": "string"}, "limit": {"type": "integer"}},
            "required": ["path"],
            "additionalProperties": false,
        });
        assert!(check_arguments(&schema, &json!({"path": "a"})).is_ok());
        assert!(check_arguments(&schema, &json!({"path": "a", "limit": 3})).is_ok());
        assert_eq!(check_arguments(&schema, &json!({})).unwrap_err(), "missing required property `path`");
        assert_eq!(
            check_arguments(&schema, &json!({"path": 1})).unwrap_err(),
            "property `path` must be of type string"
        );
        assert_eq!(check_arguments(&schema, &json!({"path": "a", "x": 1})).unwrap_err(), "unknown property `x`");
        assert_eq!(check_arguments(&schema, &json!([1])).unwrap_err(), "arguments must be a JSON object");
    }
}
