//! Turning an OpenAI-style conversation into one agent turn, as OpenClaw's `buildAgentPrompt`
//! does: system and developer messages become the extra system prompt; the latest user (or tool)
//! entry is the message to answer, and the entries before it are prepended as a history block
//! (`[Chat messages since your last reply - for context]` … `[Current message - respond to this]`).
//! The agent keeps its own transcript per session, so this block is only context the caller
//! chose to resend; it is never replayed as real turns.

use serde_json::{Map, Value};

use super::inputs::{active_chat_user, active_responses_user};

const HISTORY_CONTEXT_MARKER: &str = "[Chat messages since your last reply - for context]";
const CURRENT_MESSAGE_MARKER: &str = "[Current message - respond to this]";
/// OpenClaw's text for a current user message that is only images.
const IMAGE_ONLY_USER_MESSAGE: &str = "User sent image(s) with no text.";
/// … and for one that is only files (images win when there are both).
const FILE_ONLY_USER_MESSAGE: &str = "User sent file(s) with no text.";

/// The text of one agent turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub message: String,
    pub extra_system_prompt: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    User,
    Assistant,
    Tool,
}

#[derive(Debug)]
struct Entry {
    role: Role,
    sender: String,
    body: String,
}

/// OpenClaw's `buildAgentMessageFromConversationEntries`.
fn message_from_entries(entries: &[Entry]) -> String {
    let Some(current) = entries.iter().rposition(|e| matches!(e.role, Role::User | Role::Tool)).or_else(|| {
        // No user or tool entry: the last entry is what there is to answer.
        entries.len().checked_sub(1)
    }) else {
        return String::new();
    };
    let entry = &entries[current];
    let history: Vec<String> = entries[..current].iter().map(|e| format!("{}: {}", e.sender, e.body)).collect();
    if history.is_empty() && entry.role != Role::Tool {
        return entry.body.clone();
    }
    let history = history.join("\n");
    let current_message = format!("{}: {}", entry.sender, entry.body);
    if history.trim().is_empty() {
        return current_message;
    }
    [HISTORY_CONTEXT_MARKER, &history, "", CURRENT_MESSAGE_MARKER, &current_message].join("\n")
}

fn system_prompt(parts: Vec<String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn tool_call_line(id: &str, name: &str, arguments: &str) -> String {
    format!("tool_call id={id} name={name} arguments={arguments}")
}

fn trimmed_str<'v>(object: &'v Map<String, Value>, key: &str) -> &'v str {
    object.get(key).and_then(Value::as_str).map(str::trim).unwrap_or_default()
}

/// Text of a chat `content`: a string, or the text parts joined by newlines. `None` when a part
/// list holds parts without text and no text at all (OpenClaw's "absent" as opposed to empty).
fn chat_text(content: Option<&Value>) -> Option<String> {
    match content {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Array(parts)) => {
            let texts: Vec<Option<&str>> = parts
                .iter()
                .map(|part| {
                    let kind = part.get("type").and_then(Value::as_str);
                    let text = part.get("text").and_then(Value::as_str);
                    match (kind, text) {
                        (Some("text" | "input_text"), Some(text)) => Some(text),
                        _ => part.get("input_text").and_then(Value::as_str),
                    }
                })
                .collect();
            let joined = texts.iter().flatten().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>().join("\n");
            (!joined.trim().is_empty() || texts.iter().all(Option::is_some)).then_some(joined)
        }
        _ => None,
    }
}

/// The `tool_calls` of an assistant chat message, rendered one per line.
fn assistant_tool_calls(value: Option<&Value>) -> String {
    let calls = value.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    calls
        .iter()
        .filter_map(|call| {
            let call = call.as_object()?;
            let id = trimmed_str(call, "id");
            let function = call.get("function")?.as_object()?;
            let name = trimmed_str(function, "name");
            if id.is_empty() || name.is_empty() {
                return None;
            }
            let arguments = match function.get("arguments") {
                Some(Value::String(text)) => text.clone(),
                None | Some(Value::Null) => String::new(),
                Some(other) => other.to_string(),
            };
            Some(tool_call_line(id, name, &arguments))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/v1/chat/completions` `messages` → the agent turn.
pub fn from_chat(messages: Option<&Value>) -> Prompt {
    let mut system = Vec::new();
    let mut entries = Vec::new();
    let messages = messages.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let active_user = active_chat_user(messages);
    for (index, message) in messages.iter().enumerate() {
        let Some(message) = message.as_object() else { continue };
        let role = trimmed_str(message, "role");
        let content = if role == "function" && message.get("content") == Some(&Value::Null) {
            Some(String::new())
        } else {
            chat_text(message.get("content"))
        }
        .map(|text| text.trim().to_owned());
        match role {
            "" => continue,
            "system" | "developer" => {
                system.extend(content);
                continue;
            }
            _ => {}
        }
        let role = match role {
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "tool" | "function" => Role::Tool,
            _ => continue,
        };
        let calls =
            if role == Role::Assistant { assistant_tool_calls(message.get("tool_calls")) } else { String::new() };
        let mut text = content.clone().unwrap_or_default();
        if text.is_empty() && Some(index) == active_user && has_part(message.get("content"), "image_url") {
            IMAGE_ONLY_USER_MESSAGE.clone_into(&mut text);
        }
        let body = [text, calls].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>();
        let body = body.join("\n");
        let name = trimmed_str(message, "name");
        let call_id = trimmed_str(message, "tool_call_id");
        let is_function = trimmed_str(message, "role") == "function";
        let is_tool_result = role == Role::Tool
            && !(if is_function { name } else { call_id }).is_empty()
            && content.is_some()
            && (!is_function || matches!(message.get("content"), Some(Value::String(_) | Value::Null)));
        if body.is_empty() && !is_tool_result {
            continue;
        }
        let sender = match role {
            Role::Assistant => "Assistant".to_owned(),
            Role::User => "User".to_owned(),
            Role::Tool if !call_id.is_empty() => format!("Tool:{call_id}"),
            Role::Tool if !name.is_empty() => format!("Tool:{name}"),
            Role::Tool => "Tool".to_owned(),
        };
        entries.push(Entry { role, sender, body });
    }
    Prompt { message: message_from_entries(&entries), extra_system_prompt: system_prompt(system) }
}

/// Text of a responses message `content`: a string, or its `input_text`/`output_text` parts.
fn responses_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|p| matches!(p.get("type").and_then(Value::as_str), Some("input_text" | "output_text")))
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// `/v1/responses` `instructions` and `input` → the agent turn.
pub fn from_responses(instructions: Option<&str>, input: Option<&Value>) -> Prompt {
    let mut system: Vec<String> = instructions.map(str::to_owned).into_iter().collect();
    let items = match input {
        Some(Value::String(text)) => {
            return Prompt { message: text.clone(), extra_system_prompt: system_prompt(system) };
        }
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let mut conversation = Vec::new();
    let mut entries = Vec::new();
    let active_user = active_responses_user(items);
    for (index, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else { continue };
        match item.get("type").and_then(Value::as_str) {
            Some("message") => {
                let mut body = responses_text(item.get("content")).trim().to_owned();
                if body.is_empty() && Some(index) == active_user {
                    if has_part(item.get("content"), "input_image") {
                        IMAGE_ONLY_USER_MESSAGE.clone_into(&mut body);
                    } else if has_part(item.get("content"), "input_file") {
                        FILE_ONLY_USER_MESSAGE.clone_into(&mut body);
                    }
                }
                if body.is_empty() {
                    continue;
                }
                match item.get("role").and_then(Value::as_str) {
                    Some("system" | "developer") => conversation.push(body),
                    Some("assistant") => {
                        entries.push(Entry { role: Role::Assistant, sender: "Assistant".into(), body })
                    }
                    _ => entries.push(Entry { role: Role::User, sender: "User".into(), body }),
                }
            }
            Some("function_call") => {
                let id = item.get("call_id").or_else(|| item.get("id")).and_then(Value::as_str).unwrap_or_default();
                let body = tool_call_line(id, item_str(item, "name"), item_str(item, "arguments"));
                entries.push(Entry { role: Role::Assistant, sender: "Assistant".into(), body });
            }
            Some("function_call_output") => {
                let sender = format!("Tool:{}", item_str(item, "call_id"));
                entries.push(Entry { role: Role::Tool, sender, body: item_str(item, "output").to_owned() });
            }
            _ => {}
        }
    }
    // OpenClaw joins the message-level system parts first, then puts `instructions` before them.
    if let Some(joined) = system_prompt(conversation) {
        system.push(joined);
    }
    Prompt { message: message_from_entries(&entries), extra_system_prompt: system_prompt(system) }
}

/// Whether a part list holds a part of type `kind`.
fn has_part(content: Option<&Value>, kind: &str) -> bool {
    let parts = content.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    parts.iter().any(|part| part.get("type").and_then(Value::as_str) == Some(kind))
}

fn item_str<'v>(item: &'v Map<String, Value>, key: &str) -> &'v str {
    item.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests;
