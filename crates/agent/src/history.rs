//! Replaying a transcript as the conversation the model sees. The transcript is a tree (each
//! entry names its parent); the active branch is the path from the last entry back to the
//! root. A `compaction` entry on that path replaces everything before its `firstKeptEntryId`
//! with its summary, so a long session costs the model only the summary plus the recent turns.
//! Entries the model must not see (`custom`, `label`, `session_info`, model changes) are
//! skipped; `custom_message` entries are context by definition and are included as user text.

use std::collections::HashMap;

use openclaw_providers::{ChatMessage, ContentPart, ThinkingBlock, ToolCall};
use serde_json::Value;

/// Prefix of the synthetic user message that carries a compaction summary.
pub const SUMMARY_PREFIX: &str =
    "The conversation history before this point was compacted into the following summary:\n\n";

/// The active branch (root first) of a transcript's entries (header line allowed, ignored).
pub fn active_branch(entries: &[Value]) -> Vec<&Value> {
    let mut by_id: HashMap<&str, &Value> = HashMap::with_capacity(entries.len());
    let mut leaf = None;
    for entry in entries {
        if entry.get("type").and_then(Value::as_str) == Some("session") {
            continue;
        }
        if let Some(id) = entry.get("id").and_then(Value::as_str) {
            by_id.insert(id, entry);
            leaf = Some(entry);
        }
    }
    let mut path = Vec::new();
    let mut current = leaf;
    // Bounded by the entry count, so a corrupt file with a parent cycle cannot loop forever.
    while let Some(entry) = current {
        if path.len() > by_id.len() {
            break;
        }
        path.push(entry);
        current = entry.get("parentId").and_then(Value::as_str).and_then(|parent| by_id.get(parent).copied());
    }
    path.reverse();
    path
}

/// The model conversation for the active branch, with compaction applied.
pub fn conversation(entries: &[Value]) -> Vec<ChatMessage> {
    let branch = active_branch(entries);
    // The last compaction on the branch wins; entries before its first kept entry are covered
    // by its summary.
    let compaction =
        branch.iter().enumerate().rev().find(|(_, e)| e.get("type").and_then(Value::as_str) == Some("compaction"));
    let mut messages = Vec::new();
    let mut start = 0;
    if let Some((index, entry)) = compaction {
        let summary = entry.get("summary").and_then(Value::as_str).unwrap_or_default();
        messages.push(ChatMessage::user_text(format!("{SUMMARY_PREFIX}{summary}")));
        let first_kept = entry.get("firstKeptEntryId").and_then(Value::as_str);
        start = first_kept
            .and_then(|id| branch.iter().position(|e| e.get("id").and_then(Value::as_str) == Some(id)))
            .unwrap_or(index + 1);
    }
    for entry in branch.iter().skip(start) {
        match entry.get("type").and_then(Value::as_str) {
            Some("message") => {
                if let Some(message) = entry.get("message").and_then(to_chat_message) {
                    messages.push(message);
                }
            }
            Some("custom_message") => {
                if let Some(text) = content_text(entry.get("content")) {
                    messages.push(ChatMessage::user_text(text));
                }
            }
            _ => {}
        }
    }
    repair_tool_pairs(messages)
}

/// One transcript `message` payload as a chat message; `None` for roles the model does not take.
pub fn to_chat_message(message: &Value) -> Option<ChatMessage> {
    match message.get("role").and_then(Value::as_str)? {
        "user" => {
            let content = match message.get("content")? {
                Value::String(text) => vec![ContentPart::Text(text.clone())],
                Value::Array(parts) => parts.iter().filter_map(user_part).collect(),
                _ => return None,
            };
            Some(ChatMessage::User { content })
        }
        "assistant" => {
            let mut text = String::new();
            let mut tool_calls = Vec::new();
            let mut thinking = Vec::new();
            for part in message.get("content").and_then(Value::as_array).into_iter().flatten() {
                match part.get("type").and_then(Value::as_str) {
                    Some("text") => text.push_str(part.get("text").and_then(Value::as_str).unwrap_or_default()),
                    Some("thinking") => thinking.push(thinking_block(part)),
                    Some("toolCall") => {
                        let arguments = match part.get("arguments") {
                            Some(Value::String(raw)) => raw.clone(),
                            Some(value) => value.to_string(),
                            None => "{}".to_owned(),
                        };
                        tool_calls.push(ToolCall {
                            id: part.get("id").and_then(Value::as_str).unwrap_or_default().to_owned(),
                            name: part.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
                            arguments,
                        });
                    }
                    _ => {}
                }
            }
            // An aborted or failed reply with nothing in it would only confuse the next call.
            if text.is_empty() && tool_calls.is_empty() {
                return None;
            }
            Some(ChatMessage::Assistant { text, tool_calls, thinking })
        }
        "toolResult" => Some(ChatMessage::ToolResult {
            tool_call_id: message.get("toolCallId").and_then(Value::as_str).unwrap_or_default().to_owned(),
            tool_name: message.get("toolName").and_then(Value::as_str).unwrap_or_default().to_owned(),
            content: content_text(message.get("content")).unwrap_or_default(),
            is_error: message.get("isError").and_then(Value::as_bool).unwrap_or(false),
        }),
        _ => None,
    }
}

/// A pi `thinking` part: `{thinking, thinkingSignature?}`, or with `redacted: true` a redacted
/// block whose opaque data pi keeps in `thinkingSignature`.
fn thinking_block(part: &Value) -> ThinkingBlock {
    let signature = part.get("thinkingSignature").and_then(Value::as_str).map(str::to_owned);
    if part.get("redacted").and_then(Value::as_bool) == Some(true) {
        return ThinkingBlock { text: String::new(), signature: None, redacted: signature };
    }
    ThinkingBlock {
        text: part.get("thinking").and_then(Value::as_str).unwrap_or_default().to_owned(),
        signature,
        redacted: None,
    }
}

fn user_part(part: &Value) -> Option<ContentPart> {
    match part.get("type").and_then(Value::as_str)? {
        "text" => Some(ContentPart::Text(part.get("text")?.as_str()?.to_owned())),
        "image" => Some(ContentPart::Image {
            mime_type: part.get("mimeType")?.as_str()?.to_owned(),
            data: part.get("data")?.as_str()?.to_owned(),
        }),
        _ => None,
    }
}

/// The text of a `content` that is a string or an array of text parts.
pub fn content_text(content: Option<&Value>) -> Option<String> {
    match content? {
        Value::String(text) => Some(text.clone()),
        Value::Array(parts) => Some(
            parts
                .iter()
                .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

/// Providers reject a tool call without a result (and a result without its call). A crash or
/// abort between the two leaves such a gap in the transcript; the replay closes it with an
/// error result and drops orphan results, instead of failing every later turn.
fn repair_tool_pairs(messages: Vec<ChatMessage>) -> Vec<ChatMessage> {
    let mut out: Vec<ChatMessage> = Vec::with_capacity(messages.len());
    let mut open: Vec<(String, String)> = Vec::new();
    for message in messages {
        match &message {
            ChatMessage::ToolResult { tool_call_id, .. } => {
                let Some(at) = open.iter().position(|(id, _)| id == tool_call_id) else { continue };
                open.remove(at);
                out.push(message);
            }
            _ => {
                close_open(&mut out, &mut open);
                if let ChatMessage::Assistant { tool_calls, .. } = &message {
                    open = tool_calls.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
                }
                out.push(message);
            }
        }
    }
    close_open(&mut out, &mut open);
    out
}

fn close_open(out: &mut Vec<ChatMessage>, open: &mut Vec<(String, String)>) {
    for (id, name) in open.drain(..) {
        out.push(ChatMessage::ToolResult {
            tool_call_id: id,
            tool_name: name,
            content: "The tool call did not complete (the run was interrupted).".to_owned(),
            is_error: true,
        });
    }
}

/// A rough token estimate (4 characters per token, as OpenClaw's compaction heuristics use),
/// enough to decide when to compact; providers report the exact numbers afterwards.
pub fn estimate_tokens(messages: &[ChatMessage], system: &str) -> u64 {
    let chars: usize = system.len()
        + messages
            .iter()
            .map(|m| match m {
                ChatMessage::User { content } => content
                    .iter()
                    .map(|p| match p {
                        ContentPart::Text(t) => t.len(),
                        // Images are billed per tile, not per byte; a flat allowance is closer.
                        ContentPart::Image { .. } => 4_000,
                    })
                    .sum(),
                ChatMessage::Assistant { text, tool_calls, thinking } => {
                    text.len()
                        + tool_calls.iter().map(|c| c.name.len() + c.arguments.len()).sum::<usize>()
                        + thinking.iter().map(|t| t.text.len()).sum::<usize>()
                }
                ChatMessage::ToolResult { content, .. } => content.len(),
            })
            .sum::<usize>();
    (chars as u64).div_ceil(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(id: &str, parent: Option<&str>, message: Value) -> Value {
        json!({"type": "message", "id": id, "parentId": parent, "timestamp": "", "message": message})
    }

    #[test]
    fn replays_the_active_branch_with_tool_calls() {
        let entries = vec![
            json!({"type": "session", "version": 3, "id": "s"}),
            entry("a", None, json!({"role": "user", "content": "hi"})),
            entry(
                "b",
                Some("a"),
                json!({"role": "assistant", "content": [{"type": "toolCall", "id": "c1", "name": "now", "arguments": {}}]}),
            ),
            entry(
                "c",
                Some("b"),
                json!({"role": "toolResult", "toolCallId": "c1", "toolName": "now", "content": [{"type": "text", "text": "noon"}], "isError": false}),
            ),
            entry("d", Some("c"), json!({"role": "assistant", "content": [{"type": "text", "text": "It is noon."}]})),
            json!({"type": "custom", "id": "e", "parentId": "d", "customType": "x", "data": {}}),
        ];
        let messages = conversation(&entries);
        assert_eq!(messages.len(), 4);
        assert_eq!(messages[0], ChatMessage::user_text("hi"));
        assert!(matches!(&messages[1], ChatMessage::Assistant { tool_calls, .. } if tool_calls[0].arguments == "{}"));
        assert!(matches!(&messages[2], ChatMessage::ToolResult { content, .. } if content == "noon"));
    }

    #[test]
    fn a_branch_ignores_abandoned_siblings() {
        let entries = vec![
            entry("a", None, json!({"role": "user", "content": "one"})),
            entry("b", Some("a"), json!({"role": "assistant", "content": [{"type": "text", "text": "old"}]})),
            entry("c", Some("a"), json!({"role": "assistant", "content": [{"type": "text", "text": "new"}]})),
        ];
        let messages = conversation(&entries);
        assert_eq!(messages.len(), 2);
        assert_eq!(
            messages[1],
            ChatMessage::Assistant { text: "new".into(), tool_calls: vec![], thinking: Vec::new() }
        );
    }

    #[test]
    fn thinking_parts_replay_with_their_signatures() {
        let message = json!({"role": "assistant", "content": [
            {"type": "thinking", "thinking": "plan", "thinkingSignature": "sig"},
            {"type": "thinking", "thinking": "[Reasoning redacted]", "thinkingSignature": "opaque", "redacted": true},
            {"type": "text", "text": "done"},
        ]});
        assert_eq!(
            to_chat_message(&message),
            Some(ChatMessage::Assistant {
                text: "done".into(),
                tool_calls: vec![],
                thinking: vec![
                    ThinkingBlock { text: "plan".into(), signature: Some("sig".into()), redacted: None },
                    ThinkingBlock { text: String::new(), signature: None, redacted: Some("opaque".into()) },
                ],
            })
        );
    }

    #[test]
    fn compaction_replaces_older_entries_with_the_summary() {
        let entries = vec![
            entry("a", None, json!({"role": "user", "content": "old question"})),
            entry("b", Some("a"), json!({"role": "assistant", "content": [{"type": "text", "text": "old answer"}]})),
            entry("c", Some("b"), json!({"role": "user", "content": "recent"})),
            json!({"type": "compaction", "id": "d", "parentId": "c", "summary": "talked about old things", "firstKeptEntryId": "c", "tokensBefore": 10}),
            entry("e", Some("d"), json!({"role": "assistant", "content": [{"type": "text", "text": "reply"}]})),
        ];
        let messages = conversation(&entries);
        assert_eq!(messages.len(), 3);
        assert!(
            matches!(&messages[0], ChatMessage::User { content } if matches!(&content[0], ContentPart::Text(t) if t.ends_with("talked about old things")))
        );
        assert_eq!(messages[1], ChatMessage::user_text("recent"));
    }

    #[test]
    fn an_interrupted_tool_call_gets_an_error_result_and_orphans_are_dropped() {
        let entries = vec![
            entry("a", None, json!({"role": "user", "content": "go"})),
            entry(
                "b",
                Some("a"),
                json!({"role": "assistant", "content": [{"type": "toolCall", "id": "c1", "name": "slow", "arguments": {}}]}),
            ),
            entry(
                "c",
                Some("b"),
                json!({"role": "toolResult", "toolCallId": "zz", "toolName": "x", "content": "orphan", "isError": false}),
            ),
            entry("d", Some("c"), json!({"role": "user", "content": "again"})),
        ];
        let messages = conversation(&entries);
        assert_eq!(messages.len(), 4);
        assert!(
            matches!(&messages[2], ChatMessage::ToolResult { tool_call_id, is_error: true, .. } if tool_call_id == "c1")
        );
        assert_eq!(messages[3], ChatMessage::user_text("again"));
    }

    #[test]
    fn a_parent_cycle_terminates() {
        let entries = vec![
            entry("a", Some("b"), json!({"role": "user", "content": "x"})),
            entry("b", Some("a"), json!({"role": "user", "content": "y"})),
        ];
        assert!(active_branch(&entries).len() <= 3);
    }
}
