//! The request parts an agent run through [`crate::agent_port::RunRequest`] cannot carry yet,
//! refused with a 400 `invalid_request_error` instead of being dropped silently: images and files
//! (a run is text only), URL inputs (fetching them needs the SSRF-guarded fetcher, which this
//! gateway does not have), and client tools (the port cannot hand tool calls back to the caller).
//! Where OpenClaw itself refuses a request (URL inputs switched off, too many URL parts, a
//! `tool_choice` without tools, a malformed `image_url`), its own text is kept.

use openclaw_config::model::resolved::Responses;
use serde_json::{Map, Value};

pub const URL_INPUTS_UNSUPPORTED: &str =
    "URL inputs (`input_image`/`input_file` with a `url` source) are not supported by this gateway yet.";
pub const MEDIA_INPUTS_UNSUPPORTED: &str = "Image and file inputs are not supported by this gateway yet.";
pub const CHAT_IMAGES_UNSUPPORTED: &str = "Image inputs (`image_url`) are not supported by this gateway yet.";
pub const CLIENT_TOOLS_UNSUPPORTED: &str = "Client tools (`tools`) are not supported by this gateway yet.";

/// OpenClaw's answer to any image part it cannot use in a chat completion.
const INVALID_IMAGE_URL: &str = "Invalid image_url content in `messages`.";
/// OpenClaw's answer to a responses input it refuses to fetch or parse.
const INVALID_REQUEST: &str = "invalid request";
/// At most this many `image_url` parts in the active chat turn, as OpenClaw.
const MAX_CHAT_IMAGE_PARTS: usize = 8;

/// Chat completions: refuses what the run cannot carry. `Err` is the 400 message.
pub fn check_chat(payload: &Map<String, Value>) -> Result<(), String> {
    chat_images(payload.get("messages"))?;
    let named = payload.get("tools").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let names: Vec<&str> = named.iter().filter_map(|tool| tool.get("function")?.get("name")?.as_str()).collect();
    let selected = chat_tool_choice(payload.get("tool_choice"))
        .and_then(|choice| apply_tool_choice(&names, &choice))
        .map_err(|e| format!("Invalid tools/tool_choice: {e}"))?;
    refuse_client_tools(&selected)
}

/// `/v1/responses`: refuses what the run cannot carry. `Err` is the 400 message.
pub fn check_responses(config: &Responses, payload: &Map<String, Value>) -> Result<(), String> {
    responses_media(config, payload.get("input"))?;
    let tools = payload.get("tools").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let names: Vec<&str> = tools.iter().filter_map(|tool| tool.get("name")?.as_str()).collect();
    let selected = responses_tool_choice(payload.get("tool_choice"))
        .and_then(|choice| apply_tool_choice(&names, &choice))
        .map_err(|_| "invalid tool configuration".to_owned())?;
    refuse_client_tools(&selected)
}

fn refuse_client_tools(selected: &[&str]) -> Result<(), String> {
    if selected.is_empty() { Ok(()) } else { Err(CLIENT_TOOLS_UNSUPPORTED.to_owned()) }
}

fn chat_images(messages: Option<&Value>) -> Result<(), String> {
    let messages = messages.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    // Only the active turn's images reach the model; a tool result starts a turn without any.
    let active = messages
        .iter()
        .rev()
        .find(|m| matches!(m.get("role").and_then(Value::as_str).map(str::trim), Some("user" | "tool" | "function")));
    let Some(active) = active.filter(|m| m.get("role").and_then(Value::as_str).map(str::trim) == Some("user")) else {
        return Ok(());
    };
    let parts = active.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut urls = Vec::new();
    for part in parts.iter().filter(|p| p.get("type").and_then(Value::as_str) == Some("image_url")) {
        let url = match part.get("image_url") {
            Some(Value::String(url)) => Some(url.as_str()),
            Some(Value::Object(image)) => image.get("url").and_then(Value::as_str),
            _ => None,
        };
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => urls.push(url),
            None => return Err(INVALID_IMAGE_URL.to_owned()),
        }
    }
    if urls.is_empty() {
        return Ok(());
    }
    if urls.len() > MAX_CHAT_IMAGE_PARTS {
        return Err(INVALID_IMAGE_URL.to_owned());
    }
    for url in urls {
        // Remote image URLs are off for chat completions in OpenClaw (no config switch).
        let Some(data_uri) = url.get(..5).filter(|s| s.eq_ignore_ascii_case("data:")).map(|_| &url[5..]) else {
            return Err(INVALID_IMAGE_URL.to_owned());
        };
        let Some((meta, data)) = data_uri.split_once(',') else { return Err(INVALID_IMAGE_URL.to_owned()) };
        let base64 = meta.split(';').any(|p| p.trim().eq_ignore_ascii_case("base64"));
        if !base64 || data.trim().is_empty() {
            return Err(INVALID_IMAGE_URL.to_owned());
        }
    }
    Err(CHAT_IMAGES_UNSUPPORTED.to_owned())
}

fn responses_media(config: &Responses, input: Option<&Value>) -> Result<(), String> {
    let items = input.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    // The last user message, unless a tool result came after it.
    let active = items
        .iter()
        .rev()
        .take_while(|item| item.get("type").and_then(Value::as_str) != Some("function_call_output"))
        .position(|item| {
            item.get("type").and_then(Value::as_str) == Some("message")
                && item.get("role").and_then(Value::as_str) == Some("user")
        })
        .map(|from_end| items.len() - 1 - from_end);
    let images_allow_url = config.images.as_ref().and_then(|i| i.allow_url).unwrap_or(true);
    let files_allow_url = config.files.as_ref().and_then(|f| f.allow_url).unwrap_or(true);
    let mut url_parts = 0u64;
    for (index, item) in items.iter().enumerate() {
        if item.get("type").and_then(Value::as_str) != Some("message") {
            continue;
        }
        let parts = item.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for part in parts {
            let image = match part.get("type").and_then(Value::as_str) {
                Some("input_image") => true,
                Some("input_file") => false,
                _ => continue,
            };
            let is_url = part.get("source").and_then(|s| s.get("type")).and_then(Value::as_str) == Some("url");
            if is_url {
                url_parts += 1;
                if url_parts > config.max_url_parts {
                    return Err(INVALID_REQUEST.to_owned());
                }
            }
            // Media in earlier turns is never fetched or decoded.
            if Some(index) != active {
                continue;
            }
            if !is_url {
                return Err(MEDIA_INPUTS_UNSUPPORTED.to_owned());
            }
            let allowed = if image { images_allow_url } else { files_allow_url };
            return Err(if allowed { URL_INPUTS_UNSUPPORTED } else { INVALID_REQUEST }.to_owned());
        }
    }
    Ok(())
}

/// What `tool_choice` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ToolChoice {
    Auto,
    None,
    Required,
    Function(String),
}

fn chat_tool_choice(value: Option<&Value>) -> Result<ToolChoice, String> {
    match value {
        None | Some(Value::Null) => Ok(ToolChoice::Auto),
        Some(Value::String(s)) if s == "auto" => Ok(ToolChoice::Auto),
        Some(Value::String(s)) if s == "none" => Ok(ToolChoice::None),
        Some(Value::String(s)) if s == "required" => Ok(ToolChoice::Required),
        Some(Value::Object(choice)) => match choice.get("type") {
            Some(Value::String(kind)) if kind == "function" => {
                let name = choice.get("function").and_then(|f| f.get("name")).and_then(Value::as_str);
                match name.map(str::trim).filter(|n| !n.is_empty()) {
                    Some(name) => Ok(ToolChoice::Function(name.to_owned())),
                    None => Err("tool_choice.function.name is required".to_owned()),
                }
            }
            Some(Value::String(kind)) => Err(format!("tool_choice {kind} is not supported")),
            _ => Err("unsupported tool_choice type".to_owned()),
        },
        Some(_) => Err("tool_choice must be a string or object".to_owned()),
    }
}

fn responses_tool_choice(value: Option<&Value>) -> Result<ToolChoice, String> {
    match value {
        Some(Value::String(s)) if s == "none" => Ok(ToolChoice::None),
        Some(Value::String(s)) if s == "required" => Ok(ToolChoice::Required),
        Some(Value::Object(choice)) if choice.get("type").and_then(Value::as_str) == Some("function") => {
            let name = choice
                .get("name")
                .or_else(|| choice.get("function").and_then(|f| f.get("name")))
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or_default();
            if name.is_empty() {
                return Err("tool_choice.name is required".to_owned());
            }
            Ok(ToolChoice::Function(name.to_owned()))
        }
        _ => Ok(ToolChoice::Auto),
    }
}

/// OpenClaw's `applyToolChoice`: the tools the model would be offered.
fn apply_tool_choice<'n>(names: &[&'n str], choice: &ToolChoice) -> Result<Vec<&'n str>, String> {
    let selected: Vec<&str> = match choice {
        ToolChoice::None => Vec::new(),
        ToolChoice::Function(name) => names.iter().copied().filter(|n| n == name).collect(),
        ToolChoice::Auto | ToolChoice::Required => names.to_vec(),
    };
    match choice {
        ToolChoice::Function(name) if selected.is_empty() => Err(format!("tool_choice requested unknown tool: {name}")),
        ToolChoice::Required if selected.is_empty() => {
            Err("tool_choice=required but no tools were provided".to_owned())
        }
        _ => Ok(selected),
    }
}

#[cfg(test)]
mod tests;
