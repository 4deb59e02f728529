//! `/v1/chat/completions` request validation, in OpenClaw 2026.9's order: the body shape, token
//! caps, `response_format`, `stop`, sampling ranges, the agent the `model` (or
//! `x-openclaw-agent-id`) selects, client tools, and finally that there is a message to answer.
//! Each failure is a 400 `invalid_request_error` with OpenClaw's text.

use openclaw_providers::Sampling;
use serde_json::{Map, Value};

use super::schema::{Issues, NumberRules, Presence, at};

/// The validated parts the agent run will need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRequest {
    pub stream: bool,
}

/// Checks the body; `Err` carries the message of the 400.
pub fn validate(body: &Value) -> Result<ChatRequest, String> {
    let root: Vec<String> = Vec::new();
    let mut issues = Issues::default();
    let Some(payload) = issues.object(&root, Some(body), Presence::Required) else {
        return Err(issues.first_message());
    };
    shape(payload, &mut issues);
    if !issues.is_empty() {
        return Err(issues.first_message());
    }
    response_format(payload.get("response_format")).map_err(|e| format!("Invalid response_format: {e}"))?;
    stop(payload.get("stop")).map_err(|e| format!("Invalid stop: {e}"))?;
    sampling(payload)?;
    Ok(ChatRequest { stream: payload.get("stream") == Some(&Value::Bool(true)) })
}

/// What a valid request asks of the model: its token cap (`max_completion_tokens`, else
/// `max_tokens`) and sampling settings, passed to every model call of the run.
pub fn model_settings(payload: &Map<String, Value>) -> (Option<u32>, Sampling) {
    let max_tokens =
        ["max_completion_tokens", "max_tokens"].iter().find_map(|key| payload.get(*key).and_then(token_cap));
    let number = |key: &str| payload.get(key).and_then(Value::as_f64);
    let stop = match payload.get("stop") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let sampling = Sampling {
        temperature: number("temperature"),
        top_p: number("top_p"),
        frequency_penalty: number("frequency_penalty"),
        presence_penalty: number("presence_penalty"),
        // Checked to be an integer; `as` saturates a float beyond i64's range.
        seed: payload.get("seed").and_then(|s| s.as_i64().or_else(|| s.as_f64().map(|f| f as i64))),
        stop,
        response_format: payload.get("response_format").filter(|f| f.is_object()).cloned(),
    };
    (max_tokens, sampling)
}

/// A validated positive integer token cap; beyond `u32` it means "no lower cap than the most".
pub(super) fn token_cap(value: &Value) -> Option<u32> {
    value.as_u64().map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The checks that come after agent selection: client tools, then the message itself.
pub fn validate_conversation(payload: &Map<String, Value>) -> Result<(), String> {
    client_tools(payload.get("tools")).map_err(|e| format!("Invalid tools/tool_choice: {e}"))?;
    if !has_prompt(payload.get("messages")) {
        return Err("Missing user message in `messages`.".to_owned());
    }
    Ok(())
}

fn shape(payload: &Map<String, Value>, issues: &mut Issues) {
    let root: Vec<String> = Vec::new();
    let field = |key: &str| (at(&root, key), payload.get(key));
    let positive_int = NumberRules { int: true, positive: true, ..NumberRules::default() };
    let (path, value) = field("model");
    issues.string(&path, value, Presence::Optional);
    let (path, value) = field("stream");
    issues.boolean(&path, value, Presence::Nullish);
    let (path, value) = field("stream_options");
    if let Some(options) = issues.object(&path, value, Presence::Nullish) {
        issues.boolean(&at(&path, "include_usage"), options.get("include_usage"), Presence::Optional);
    }
    for key in ["tools", "messages"] {
        let (path, value) = field(key);
        issues.array(&path, value, Presence::Optional);
    }
    let (path, value) = field("user");
    issues.string(&path, value, Presence::Optional);
    for key in ["max_tokens", "max_completion_tokens"] {
        let (path, value) = field(key);
        issues.number(&path, value, Presence::Nullish, positive_int);
    }
    for key in ["temperature", "top_p", "frequency_penalty", "presence_penalty", "seed"] {
        let (path, value) = field(key);
        issues.number(&path, value, Presence::Nullish, NumberRules::default());
    }
    let (path, value) = field("stop");
    issues.union(
        &path,
        value,
        Presence::Nullish,
        &[&|branch: &mut Issues| branch.string(&path, value, Presence::Required), &|branch: &mut Issues| {
            branch.array(&path, value, Presence::Required);
            for (index, item) in value.and_then(Value::as_array).into_iter().flatten().enumerate() {
                branch.string(&at(&path, index), Some(item), Presence::Required);
            }
        }],
    );
}

fn response_format(value: Option<&Value>) -> Result<(), &'static str> {
    match value {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(format)) => match format.get("type").and_then(Value::as_str) {
            Some("text" | "json_object" | "json_schema") => Ok(()),
            _ => Err("response_format.type must be text, json_object, or json_schema"),
        },
        Some(_) => Err("response_format must be an object"),
    }
}

fn stop(value: Option<&Value>) -> Result<(), &'static str> {
    let list = match value {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(one)) => vec![Value::String(one.clone())],
        Some(Value::Array(many)) => many.clone(),
        Some(_) => return Err("stop must be a string or array of strings"),
    };
    if list.len() > 4 {
        return Err("stop supports at most 4 sequences");
    }
    if list.iter().any(|item| item.as_str().is_none_or(str::is_empty)) {
        return Err("stop entries must be non-empty strings");
    }
    Ok(())
}

fn sampling(payload: &Map<String, Value>) -> Result<(), String> {
    let ranged = [
        ("temperature", 0.0, 2.0, "between 0 and 2"),
        ("top_p", 0.0, 1.0, "between 0 and 1"),
        ("frequency_penalty", -2.0, 2.0, "between -2.0 and 2.0"),
        ("presence_penalty", -2.0, 2.0, "between -2.0 and 2.0"),
    ];
    for (key, min, max, range) in ranged {
        if let Some(value) = payload.get(key).and_then(Value::as_f64)
            && !(min..=max).contains(&value)
        {
            return Err(format!("`{key}` must be {range}."));
        }
    }
    if payload.get("seed").and_then(Value::as_f64).is_some_and(|seed| seed.fract() != 0.0) {
        return Err("`seed` must be an integer.".to_owned());
    }
    Ok(())
}

fn client_tools(value: Option<&Value>) -> Result<(), &'static str> {
    let tools = match value {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(tools)) => tools,
        Some(_) => return Err("tools must be an array"),
    };
    for tool in tools {
        let Some(tool) = tool.as_object() else { return Err("each tool must be an object") };
        if tool.get("type").and_then(Value::as_str) != Some("function") {
            return Err("only function tools are supported");
        }
        let Some(function) = tool.get("function").and_then(Value::as_object) else {
            return Err("tool.function is required");
        };
        if function.get("name").and_then(Value::as_str).is_none_or(|name| name.trim().is_empty()) {
            return Err("tool.function.name is required");
        }
    }
    Ok(())
}

/// Text of a message `content`: a string, or the `text` parts of a part list.
fn text_content(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|part| {
                let kind = part.get("type").and_then(Value::as_str);
                matches!(kind, Some("text" | "input_text")).then(|| part.get("text").and_then(Value::as_str)).flatten()
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn has_image(content: Option<&Value>) -> bool {
    content
        .and_then(Value::as_array)
        .is_some_and(|parts| parts.iter().any(|part| part.get("type").and_then(Value::as_str) == Some("image_url")))
}

/// Whether the conversation has something for the agent to answer: a non-empty user, assistant
/// or tool turn, or an image in the latest user turn.
fn has_prompt(messages: Option<&Value>) -> bool {
    let messages = messages.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let latest_user_image = messages
        .iter()
        .rev()
        .find(|m| matches!(m.get("role").and_then(Value::as_str), Some("user" | "tool" | "function")))
        .is_some_and(|m| m.get("role").and_then(Value::as_str) == Some("user") && has_image(m.get("content")));
    latest_user_image
        || messages.iter().any(|message| {
            let role = message.get("role").and_then(Value::as_str).map(str::trim).unwrap_or_default();
            let text = text_content(message.get("content"));
            match role {
                "user" | "assistant" => !text.trim().is_empty(),
                "tool" => {
                    !text.trim().is_empty()
                        || message.get("tool_call_id").and_then(Value::as_str).is_some_and(|id| !id.trim().is_empty())
                }
                "function" => {
                    !text.trim().is_empty()
                        || message.get("name").and_then(Value::as_str).is_some_and(|n| !n.trim().is_empty())
                }
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(body: Value) -> Result<(), String> {
        validate(&body)?;
        validate_conversation(body.as_object().ok_or("not an object")?)
    }

    #[test]
    fn openclaw_error_texts() {
        let cases = [
            (json!([]), ": Invalid input: expected object, received array"),
            (json!({"model": 5, "messages": "x"}), "model: Invalid input: expected string, received number"),
            (json!({"messages": "x"}), "messages: Invalid input: expected array, received string"),
            (json!({"max_tokens": -1}), "max_tokens: Too small: expected number to be >0"),
            (json!({"max_tokens": 1.5}), "max_tokens: Invalid input: expected int, received number"),
            (json!({"stream": "x"}), "stream: Invalid input: expected boolean, received string"),
            (json!({"stream_options": 5}), "stream_options: Invalid input: expected object, received number"),
            (json!({"stop": 5}), "stop: Invalid input"),
            (json!({"stop": ["a", "b", "c", "d", "e"]}), "Invalid stop: stop supports at most 4 sequences"),
            (json!({"temperature": 3}), "`temperature` must be between 0 and 2."),
            (json!({"seed": 1.5}), "`seed` must be an integer."),
            (
                json!({"response_format": {"type": "xml"}}),
                "Invalid response_format: response_format.type must be text, json_object, or json_schema",
            ),
            (json!({}), "Missing user message in `messages`."),
            (json!({"messages": [{"role": "system", "content": "x"}]}), "Missing user message in `messages`."),
            (
                json!({"messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "x"}]}),
                "Invalid tools/tool_choice: only function tools are supported",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(check(body.clone()), Err(expected.to_owned()), "{body}");
        }
    }

    #[test]
    fn a_plain_conversation_passes() {
        let body = json!({"model": "openclaw", "stream": null, "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]});
        assert_eq!(check(body), Ok(()));
    }
}
