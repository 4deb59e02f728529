//! `/v1/responses` (OpenResponses) request validation: the strict `CreateResponseBody` schema of
//! OpenClaw 2026.9 (`open-responses.schema.ts`), with its item kinds (`message`, `function_call`,
//! `function_call_output`, `reasoning`, `item_reference`) and content parts (`input_text`,
//! `output_text`, `input_image`, `input_file`), then the check that the input holds a message.

use openclaw_providers::Sampling;
use serde_json::{Map, Value};

use super::schema::{Issues, NumberRules, Presence, at};

const TOP_LEVEL_KEYS: &[&str] = &[
    "model",
    "input",
    "instructions",
    "tools",
    "tool_choice",
    "text",
    "stream",
    "max_output_tokens",
    "max_tool_calls",
    "user",
    "temperature",
    "top_p",
    "metadata",
    "store",
    "previous_response_id",
    "reasoning",
    "truncation",
];

const IMAGE_MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif"];

/// The validated parts the agent run will need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsesRequest {
    pub model: String,
    pub stream: bool,
}

/// Checks the body; `Err` carries the message of the 400.
pub fn validate(body: &Value) -> Result<ResponsesRequest, String> {
    let root: Vec<String> = Vec::new();
    let mut issues = Issues::default();
    let Some(payload) = issues.object(&root, Some(body), Presence::Required) else {
        return Err(issues.first_message());
    };
    shape(payload, &mut issues);
    if !issues.is_empty() {
        return Err(issues.first_message());
    }
    Ok(ResponsesRequest {
        model: payload.get("model").and_then(Value::as_str).unwrap_or_default().to_owned(),
        stream: payload.get("stream") == Some(&Value::Bool(true)),
    })
}

/// What a valid request asks of the model: `max_output_tokens`, `temperature` and `top_p`
/// (the settings OpenClaw passes on from this endpoint).
pub fn model_settings(payload: &Map<String, Value>) -> (Option<u32>, Sampling) {
    let number = |key: &str| payload.get(key).and_then(Value::as_f64);
    let sampling = Sampling { temperature: number("temperature"), top_p: number("top_p"), ..Sampling::default() };
    (payload.get("max_output_tokens").and_then(super::chat::token_cap), sampling)
}

/// The check after agent selection: the input must contain something to answer.
pub fn validate_prompt(payload: &Map<String, Value>) -> Result<(), String> {
    let has_prompt = match payload.get("input") {
        Some(Value::String(text)) => !text.is_empty(),
        Some(Value::Array(items)) => items.iter().any(item_has_prompt),
        _ => false,
    };
    if has_prompt { Ok(()) } else { Err("Missing user message in `input`.".to_owned()) }
}

fn item_has_prompt(item: &Value) -> bool {
    match item.get("type").and_then(Value::as_str) {
        Some("message") => {
            let role = item.get("role").and_then(Value::as_str);
            let content = item.get("content");
            let text = match content {
                Some(Value::String(text)) => text.trim().to_owned(),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .to_owned(),
                _ => String::new(),
            };
            let has_media = content.and_then(Value::as_array).is_some_and(|parts| {
                parts
                    .iter()
                    .any(|p| matches!(p.get("type").and_then(Value::as_str), Some("input_image" | "input_file")))
            });
            !matches!(role, Some("system" | "developer")) && (!text.is_empty() || (role == Some("user") && has_media))
        }
        Some("function_call" | "function_call_output") => true,
        _ => false,
    }
}

fn shape(payload: &Map<String, Value>, issues: &mut Issues) {
    let root: Vec<String> = Vec::new();
    let field = |key: &str| (at(&root, key), payload.get(key));
    let positive_int = NumberRules { int: true, positive: true, ..NumberRules::default() };

    let (path, value) = field("model");
    issues.string(&path, value, Presence::Required);
    let (path, value) = field("input");
    issues.union(
        &path,
        value,
        Presence::Required,
        &[&|branch: &mut Issues| branch.string(&path, value, Presence::Required), &|branch: &mut Issues| {
            branch.array(&path, value, Presence::Required);
            for (index, item) in value.and_then(Value::as_array).into_iter().flatten().enumerate() {
                input_item(branch, &at(&path, index), item);
            }
        }],
    );
    let (path, value) = field("instructions");
    issues.string(&path, value, Presence::Optional);
    let (path, value) = field("tools");
    issues.array(&path, value, Presence::Optional);
    for (index, tool) in value.and_then(Value::as_array).into_iter().flatten().enumerate() {
        tool_definition(issues, &at(&path, index), tool);
    }
    let (path, value) = field("tool_choice");
    tool_choice(issues, &path, value);
    let (path, value) = field("text");
    if let Some(text) = issues.object(&path, value, Presence::Optional) {
        let format_path = at(&path, "format");
        if let Some(format) = issues.object(&format_path, text.get("format"), Presence::Required) {
            issues.literal(&at(&format_path, "type"), format.get("type"), "text");
            issues.unknown_keys(&format_path, format, &["type"]);
        }
        issues.unknown_keys(&path, text, &["format"]);
    }
    let (path, value) = field("stream");
    issues.boolean(&path, value, Presence::Optional);
    for key in ["max_output_tokens", "max_tool_calls"] {
        let (path, value) = field(key);
        issues.number(&path, value, Presence::Optional, positive_int);
    }
    let (path, value) = field("user");
    issues.string(&path, value, Presence::Optional);
    let (path, value) = field("temperature");
    issues.number(
        &path,
        value,
        Presence::Optional,
        NumberRules { min: Some(0.0), max: Some(2.0), ..NumberRules::default() },
    );
    let (path, value) = field("top_p");
    issues.number(
        &path,
        value,
        Presence::Optional,
        NumberRules { min: Some(0.0), max: Some(1.0), ..NumberRules::default() },
    );
    let (path, value) = field("metadata");
    issues.string_record(&path, value, Presence::Optional);
    let (path, value) = field("store");
    issues.boolean(&path, value, Presence::Optional);
    let (path, value) = field("previous_response_id");
    issues.string(&path, value, Presence::Optional);
    let (path, value) = field("reasoning");
    if let Some(reasoning) = issues.object(&path, value, Presence::Optional) {
        issues.one_of(&at(&path, "effort"), reasoning.get("effort"), Presence::Optional, &["low", "medium", "high"]);
        issues.one_of(
            &at(&path, "summary"),
            reasoning.get("summary"),
            Presence::Optional,
            &["auto", "concise", "detailed"],
        );
    }
    let (path, value) = field("truncation");
    issues.one_of(&path, value, Presence::Optional, &["auto", "disabled"]);
    issues.unknown_keys(&root, payload, TOP_LEVEL_KEYS);
}

/// One `input` item, dispatched on its `type`.
fn input_item(issues: &mut Issues, path: &[String], item: &Value) {
    let Some(object) = issues.object(path, Some(item), Presence::Required) else { return };
    let field = |key: &str| (at(path, key), object.get(key));
    let status = |issues: &mut Issues| {
        let (p, v) = field("status");
        issues.one_of(&p, v, Presence::Optional, &["in_progress", "completed", "incomplete"]);
    };
    match object.get("type").and_then(Value::as_str) {
        Some("message") => {
            let before = issues.0.len();
            let (p, v) = field("id");
            issues.string(&p, v, Presence::Optional);
            let (p, v) = field("role");
            issues.one_of(&p, v, Presence::Required, &["system", "developer", "user", "assistant"]);
            let (p, v) = field("content");
            issues.union(
                &p,
                v,
                Presence::Required,
                &[&|branch: &mut Issues| branch.string(&p, v, Presence::Required), &|branch: &mut Issues| {
                    branch.array(&p, v, Presence::Required);
                    for (index, part) in v.and_then(Value::as_array).into_iter().flatten().enumerate() {
                        content_part(branch, &at(&p, index), part);
                    }
                }],
            );
            let (p, v) = field("phase");
            issues.one_of(&p, v, Presence::Optional, &["commentary", "final_answer"]);
            status(issues);
            issues.unknown_keys(path, object, &["type", "id", "role", "content", "phase", "status"]);
            // The refinement only runs on an otherwise valid item.
            let clean = issues.0.len() == before;
            if clean && object.contains_key("phase") && object.get("role").and_then(Value::as_str) != Some("assistant")
            {
                issues.push(&at(path, "phase"), "`phase` is only valid on assistant messages.", false);
            }
        }
        Some("function_call") => {
            for key in ["id", "call_id"] {
                let (p, v) = field(key);
                issues.string(&p, v, Presence::Optional);
            }
            for key in ["name", "arguments"] {
                let (p, v) = field(key);
                issues.string(&p, v, Presence::Required);
            }
            status(issues);
            issues.unknown_keys(path, object, &["type", "id", "call_id", "name", "arguments", "status"]);
        }
        Some("function_call_output") => {
            for key in ["call_id", "output"] {
                let (p, v) = field(key);
                issues.string(&p, v, Presence::Required);
            }
            issues.unknown_keys(path, object, &["type", "call_id", "output"]);
        }
        Some("reasoning") => {
            for key in ["content", "encrypted_content", "summary"] {
                let (p, v) = field(key);
                issues.string(&p, v, Presence::Optional);
            }
            issues.unknown_keys(path, object, &["type", "content", "encrypted_content", "summary"]);
        }
        Some("item_reference") => {
            let (p, v) = field("id");
            issues.string(&p, v, Presence::Required);
            issues.unknown_keys(path, object, &["type", "id"]);
        }
        _ => issues.push(&at(path, "type"), "Invalid input", true),
    }
}

fn content_part(issues: &mut Issues, path: &[String], part: &Value) {
    let Some(object) = issues.object(path, Some(part), Presence::Required) else { return };
    let kind = object.get("type").and_then(Value::as_str);
    match kind {
        Some("input_text" | "output_text") => {
            issues.string(&at(path, "text"), object.get("text"), Presence::Required);
            issues.unknown_keys(path, object, &["type", "text"]);
        }
        Some("input_image" | "input_file") => {
            let source_path = at(path, "source");
            if let Some(source) = issues.object(&source_path, object.get("source"), Presence::Required) {
                media_source(issues, &source_path, source, kind == Some("input_image"));
            }
            issues.unknown_keys(path, object, &["type", "source"]);
        }
        _ => issues.push(&at(path, "type"), "Invalid input", true),
    }
}

fn media_source(issues: &mut Issues, path: &[String], source: &Map<String, Value>, image: bool) {
    match source.get("type").and_then(Value::as_str) {
        Some("url") => {
            let url = source.get("url");
            issues.string(&at(path, "url"), url, Presence::Required);
            if url.and_then(Value::as_str).is_some_and(|u| !looks_like_url(u)) {
                issues.push(&at(path, "url"), "Invalid URL", false);
            }
        }
        Some("base64") => {
            if image {
                issues.one_of(&at(path, "media_type"), source.get("media_type"), Presence::Required, IMAGE_MEDIA_TYPES);
            } else {
                issues.non_empty_string(&at(path, "media_type"), source.get("media_type"), Presence::Required, None);
            }
            issues.non_empty_string(&at(path, "data"), source.get("data"), Presence::Required, None);
            if !image {
                issues.string(&at(path, "filename"), source.get("filename"), Presence::Optional);
            }
        }
        _ => issues.push(&at(path, "type"), "Invalid input", true),
    }
}

/// `scheme:rest` with a letter-led scheme, which is what a URL parser minimally accepts.
fn looks_like_url(candidate: &str) -> bool {
    candidate.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn tool_definition(issues: &mut Issues, path: &[String], tool: &Value) {
    let Some(object) = issues.object(path, Some(tool), Presence::Required) else { return };
    issues.literal(&at(path, "type"), object.get("type"), "function");
    issues.non_empty_string(
        &at(path, "name"),
        object.get("name"),
        Presence::Required,
        Some("Tool name cannot be empty"),
    );
    issues.string(&at(path, "description"), object.get("description"), Presence::Optional);
    if let Some(parameters) = object.get("parameters") {
        issues.object(&at(path, "parameters"), Some(parameters), Presence::Required);
    }
    issues.boolean(&at(path, "strict"), object.get("strict"), Presence::Optional);
    issues.unknown_keys(path, object, &["type", "name", "description", "parameters", "strict"]);
}

fn tool_choice(issues: &mut Issues, path: &[String], value: Option<&Value>) {
    issues.union(
        path,
        value,
        Presence::Optional,
        &[
            &|branch: &mut Issues| {
                if !value.and_then(Value::as_str).is_some_and(|v| matches!(v, "auto" | "none" | "required")) {
                    branch.push(path, "Invalid input", true);
                }
            },
            &|branch: &mut Issues| {
                if let Some(choice) = branch.object(path, value, Presence::Required) {
                    branch.literal(&at(path, "type"), choice.get("type"), "function");
                    branch.non_empty_string(&at(path, "name"), choice.get("name"), Presence::Required, None);
                    branch.unknown_keys(path, choice, &["type", "name"]);
                }
            },
            &|branch: &mut Issues| {
                if let Some(choice) = branch.object(path, value, Presence::Required) {
                    branch.literal(&at(path, "type"), choice.get("type"), "function");
                    let function_path = at(path, "function");
                    if let Some(function) = branch.object(&function_path, choice.get("function"), Presence::Required) {
                        branch.non_empty_string(
                            &at(&function_path, "name"),
                            function.get("name"),
                            Presence::Required,
                            None,
                        );
                    }
                    branch.unknown_keys(path, choice, &["type", "function"]);
                }
            },
        ],
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(body: Value) -> Result<(), String> {
        validate(&body)?;
        validate_prompt(body.as_object().ok_or("not an object")?)
    }

    #[test]
    fn openclaw_error_texts() {
        let cases = [
            (json!({}), "model: Invalid input: expected string, received undefined"),
            (json!({"foo": 1, "model": 5}), "model: Invalid input: expected string, received number"),
            (json!({"model": "openclaw", "input": "hi", "foo": 1}), ": Unrecognized key: \"foo\""),
            (json!({"model": "openclaw", "input": "hi", "foo": 1, "bar": 2}), ": Unrecognized keys: \"foo\", \"bar\""),
            (json!({"model": "openclaw", "input": [{"type": "bogus"}]}), "input: Invalid input"),
            (json!({"model": "openclaw", "input": 5}), "input: Invalid input"),
            (
                json!({"model": "openclaw", "input": [{"type": "message", "role": "user", "content": 5}]}),
                "input: Invalid input",
            ),
            (
                json!({"model": "openclaw", "input": [{"type": "message", "role": "user", "content": "hi", "phase": "commentary"}]}),
                "input.0.phase: `phase` is only valid on assistant messages.",
            ),
            (
                json!({"model": "openclaw", "input": [{"type": "message", "role": "user", "content": "x", "extra": 1}]}),
                "input.0: Unrecognized key: \"extra\"",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "temperature": 3}),
                "temperature: Too big: expected number to be <=2",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "temperature": -1}),
                "temperature: Too small: expected number to be >=0",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "truncation": "x"}),
                "truncation: Invalid option: expected one of \"auto\"|\"disabled\"",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "max_output_tokens": 0}),
                "max_output_tokens: Too small: expected number to be >0",
            ),
            (json!({"model": "openclaw", "input": "hi", "tool_choice": "x"}), "tool_choice: Invalid input"),
            (
                json!({"model": "openclaw", "input": "hi", "metadata": {"a": 1}}),
                "metadata.a: Invalid input: expected string, received number",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "text": {"format": {"type": "json"}}}),
                "text.format.type: Invalid input: expected \"text\"",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "tools": [{"type": "function", "name": ""}]}),
                "tools.0.name: Tool name cannot be empty",
            ),
            (
                json!({"model": "openclaw", "input": "hi", "user": null}),
                "user: Invalid input: expected string, received null",
            ),
            (json!({"model": "openclaw", "input": ""}), "Missing user message in `input`."),
            (json!({"model": "openclaw", "input": []}), "Missing user message in `input`."),
        ];
        for (body, expected) in cases {
            assert_eq!(check(body.clone()), Err(expected.to_owned()), "{body}");
        }
    }

    #[test]
    fn a_message_list_passes() {
        let body = json!({"model": "openclaw", "input": [
            {"type": "message", "role": "system", "content": "be brief"},
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}
        ], "stream": true});
        assert_eq!(check(body), Ok(()));
    }
}
