//! What an agent run through [`crate::agent_port::RunRequest`] can carry of a request's inputs.
//! Inline images of the current turn (data-URI `image_url` parts, base64 `input_image` parts)
//! are checked against the endpoint's limits here and refused with a 400 naming the part; the
//! current turn's URL images and files are listed for [`media`](super::media) to fetch and
//! extract once the request is valid. Client tools are refused with a 400 instead of being
//! dropped silently (the port cannot hand tool calls back to the caller). Where OpenClaw itself
//! refuses a request (URL inputs switched off, too many URL parts, a `tool_choice` without
//! tools, a remote or missing `image_url`), its own text is kept.

use openclaw_config::model::resolved::Responses;
use serde_json::{Map, Value};

use super::media::{FileSource, Media};
use crate::agent_port::{ImageInput, ImageLimits, check_image};

pub const CLIENT_TOOLS_UNSUPPORTED: &str = "Client tools (`tools`) are not supported by this gateway yet.";

/// OpenClaw's answer to an image part it cannot use in a chat completion.
const INVALID_IMAGE_URL: &str = "Invalid image_url content in `messages`.";
/// OpenClaw's answer to a responses input it refuses to fetch or parse.
const INVALID_REQUEST: &str = "invalid request";
/// OpenClaw's chat completion image limits: parts in the active turn, bytes per image, and
/// bytes of all images together.
const MAX_CHAT_IMAGE_PARTS: usize = 8;
const CHAT_IMAGE_MAX_BYTES: u64 = 10 * 1024 * 1024;
const CHAT_IMAGES_MAX_TOTAL_BYTES: u64 = 20 * 1024 * 1024;
/// The type OpenClaw assumes for base64 image data that declares none.
const DEFAULT_IMAGE_MIME: &str = "image/png";

/// Chat completions: the active turn's images, or the 400 message.
pub fn check_chat(payload: &Map<String, Value>) -> Result<Vec<ImageInput>, String> {
    let images = chat_images(payload.get("messages"))?;
    let named = payload.get("tools").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let names: Vec<&str> = named.iter().filter_map(|tool| tool.get("function")?.get("name")?.as_str()).collect();
    let selected = chat_tool_choice(payload.get("tool_choice"))
        .and_then(|choice| apply_tool_choice(&names, &choice))
        .map_err(|e| format!("Invalid tools/tool_choice: {e}"))?;
    refuse_client_tools(&selected)?;
    Ok(images)
}

/// `/v1/responses`: the active turn's media in input order, or the 400 message.
pub fn check_responses(config: &Responses, payload: &Map<String, Value>) -> Result<Vec<Media>, String> {
    let media = responses_media(config, payload.get("input"))?;
    let tools = payload.get("tools").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let names: Vec<&str> = tools.iter().filter_map(|tool| tool.get("name")?.as_str()).collect();
    let selected = responses_tool_choice(payload.get("tool_choice"))
        .and_then(|choice| apply_tool_choice(&names, &choice))
        .map_err(|_| "invalid tool configuration".to_owned())?;
    refuse_client_tools(&selected)?;
    Ok(media)
}

fn refuse_client_tools(selected: &[&str]) -> Result<(), String> {
    if selected.is_empty() { Ok(()) } else { Err(CLIENT_TOOLS_UNSUPPORTED.to_owned()) }
}

/// Index of the chat message whose images reach the model: the last user message, unless a
/// tool result came after it (a tool result starts a turn without any).
pub fn active_chat_user(messages: &[Value]) -> Option<usize> {
    let role = |m: &Value| m.get("role").and_then(Value::as_str).map(str::trim).map(str::to_owned);
    let index = messages.iter().rposition(|m| matches!(role(m).as_deref(), Some("user" | "tool" | "function")))?;
    (role(&messages[index]).as_deref() == Some("user")).then_some(index)
}

fn chat_images(messages: Option<&Value>) -> Result<Vec<ImageInput>, String> {
    let messages = messages.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let Some(index) = active_chat_user(messages) else { return Ok(Vec::new()) };
    let parts = messages[index].get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut urls = Vec::new();
    for (at, part) in
        parts.iter().enumerate().filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("image_url"))
    {
        let url = match part.get("image_url") {
            Some(Value::String(url)) => Some(url.as_str()),
            Some(Value::Object(image)) => image.get("url").and_then(Value::as_str),
            _ => None,
        };
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => urls.push((at, url)),
            None => return Err(INVALID_IMAGE_URL.to_owned()),
        }
    }
    if urls.len() > MAX_CHAT_IMAGE_PARTS {
        return Err(format!(
            "messages[{index}].content: too many image_url parts ({}; limit {MAX_CHAT_IMAGE_PARTS})",
            urls.len()
        ));
    }
    let limits = ImageLimits::new(CHAT_IMAGE_MAX_BYTES);
    let mut total = 0u64;
    let mut images = Vec::new();
    for (at, url) in urls {
        let path = format!("messages[{index}].content[{at}].image_url");
        // Remote image URLs are off for chat completions in OpenClaw (no config switch).
        let Some(data_uri) = url.get(..5).filter(|s| s.eq_ignore_ascii_case("data:")).and_then(|_| url.get(5..)) else {
            return Err(INVALID_IMAGE_URL.to_owned());
        };
        let Some((meta, data)) = data_uri.split_once(',') else {
            return Err(format!("{path}: data URI has no payload"));
        };
        let mut meta = meta.split(';').map(str::trim);
        if !meta.clone().any(|p| p.eq_ignore_ascii_case("base64")) {
            return Err(format!("{path}: data URI must be base64 encoded"));
        }
        let mime = meta.find(|p| p.contains('/')).unwrap_or(DEFAULT_IMAGE_MIME);
        let image = check_image(mime, data, &limits).map_err(|refusal| format!("{path}: {refusal}"))?;
        total = total.saturating_add(image.decoded_bytes());
        if total > CHAT_IMAGES_MAX_TOTAL_BYTES {
            return Err(format!(
                "messages[{index}].content: total image payload too large ({total} bytes; limit {CHAT_IMAGES_MAX_TOTAL_BYTES})"
            ));
        }
        images.push(image);
    }
    Ok(images)
}

/// Index of the responses input item whose media reaches the model: the last user message,
/// unless a tool result came after it.
pub fn active_responses_user(items: &[Value]) -> Option<usize> {
    let kind = |item: &Value| item.get("type").and_then(Value::as_str).map(str::to_owned);
    items
        .iter()
        .rev()
        .take_while(|item| kind(item).as_deref() != Some("function_call_output"))
        .position(|item| {
            kind(item).as_deref() == Some("message") && item.get("role").and_then(Value::as_str) == Some("user")
        })
        .map(|from_end| items.len() - 1 - from_end)
}

fn responses_media(config: &Responses, input: Option<&Value>) -> Result<Vec<Media>, String> {
    let items = input.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let active = active_responses_user(items);
    let image_config = config.images.as_ref();
    let images_allow_url = image_config.and_then(|i| i.allow_url).unwrap_or(true);
    let files_allow_url = config.files.as_ref().and_then(|f| f.allow_url).unwrap_or(true);
    let limits = ImageLimits::allowing(
        image_config.and_then(|i| i.allowed_mimes.as_deref()),
        image_config.and_then(|i| i.max_bytes).unwrap_or(super::DEFAULT_RESPONSES_IMAGE_BYTES),
    );
    let mut url_parts = 0u64;
    let mut media = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if item.get("type").and_then(Value::as_str) != Some("message") {
            continue;
        }
        let parts = item.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (at, part) in parts.iter().enumerate() {
            let image = match part.get("type").and_then(Value::as_str) {
                Some("input_image") => true,
                Some("input_file") => false,
                _ => continue,
            };
            let source = part.get("source");
            let is_url = source.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("url");
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
            // The request schema already made `url`, `media_type`, `data` and `filename` strings.
            let field = |key: &str| source.and_then(|s| s.get(key)).and_then(Value::as_str);
            let path = format!("input[{index}].content[{at}].source");
            if is_url {
                // OpenClaw answers a switched-off URL kind with its generic refusal.
                if !(if image { images_allow_url } else { files_allow_url }) {
                    return Err(INVALID_REQUEST.to_owned());
                }
                let url = field("url").unwrap_or_default().to_owned();
                media.push(if image {
                    Media::ImageUrl { path, url }
                } else {
                    Media::File { path, filename: None, source: FileSource::Url(url) }
                });
                continue;
            }
            let data = field("data").unwrap_or_default();
            let media_type = field("media_type").filter(|m| !m.is_empty());
            if !image {
                let source = FileSource::Base64 { data: data.to_owned(), media_type: media_type.map(str::to_owned) };
                media.push(Media::File { path, filename: field("filename").map(str::to_owned), source });
                continue;
            }
            let checked = check_image(media_type.unwrap_or(DEFAULT_IMAGE_MIME), data, &limits)
                .map_err(|refusal| format!("{path}: {refusal}"))?;
            media.push(Media::Image(checked));
        }
    }
    Ok(media)
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
