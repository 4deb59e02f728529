//! Compaction: when a session's conversation nears the model's context window, the older part
//! is summarised by the model and a `compaction` entry (pi's shape: `summary`,
//! `firstKeptEntryId`, `tokensBefore`) is appended; replays then send the summary plus the
//! recent entries only (see `history::conversation`). Nothing is deleted from the transcript.
//!
//! Thresholds follow pi's defaults: compact once the estimate exceeds the window minus a
//! reserve of 16,384 tokens, keeping the most recent ~20,000 tokens verbatim (both scaled down
//! for small windows so a 8k-token local model still gets room to answer).

use openclaw_providers::{Cancellation, ChatMessage, ContentPart, Model, ModelRequest};
use serde_json::{Value, json};

use super::session::StoreTranscript;
use crate::AgentError;
use crate::history::{active_branch, conversation, estimate_tokens, to_chat_message};

const RESERVE_TOKENS: u64 = 16_384;
const KEEP_RECENT_TOKENS: u64 = 20_000;
/// What the summariser is told; the caller may add instructions (`/compact <instr>`).
const SUMMARY_PROMPT: &str = "You compact conversation histories. Summarise the conversation below so the assistant can \
continue it without the original: the user's goals and preferences, decisions made, facts learned, files and commands \
involved, open questions and the current state of the work. Be concise and factual; do not invent anything. Write \
plain text, no preamble.";

/// What a compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compacted {
    pub tokens_before: u64,
    pub first_kept_entry_id: String,
}

/// Whether a conversation of `tokens` should be compacted for a `window`-token model.
pub fn is_due(tokens: u64, window: u64) -> bool {
    window > 0 && tokens > window.saturating_sub((window / 4).min(RESERVE_TOKENS))
}

/// The model that writes the summary.
pub struct Summariser<'a> {
    pub model: &'a dyn Model,
    pub model_id: &'a str,
    pub cancel: &'a Cancellation,
}

/// What a compaction will summarise and keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub tokens_before: u64,
    /// The first entry kept verbatim (a user message).
    pub first_kept_entry_id: String,
    /// The conversation before it, for the summariser.
    pub older: Vec<ChatMessage>,
}

/// Decides over the transcript's current lines (and the conversation they replay to): `None` when nothing is to be done (not due,
/// unless `force`, as `/compact` is; or too little history to summarise).
pub fn plan(
    entries: &[Value],
    conversation_now: &[ChatMessage],
    system: &str,
    window: u64,
    force: bool,
) -> Option<Plan> {
    let tokens = estimate_tokens(conversation_now, system);
    if !force && !is_due(tokens, window) {
        return None;
    }
    let keep_budget = (window / 4).clamp(1, KEEP_RECENT_TOKENS);
    let branch = active_branch(entries);
    // Walk back from the leaf over message entries until the kept part would exceed the
    // budget; cut only before a user message so a tool call never loses its result.
    let mut kept_tokens = 0u64;
    let mut first_kept: Option<&str> = None;
    for entry in branch.iter().rev() {
        if entry.get("type").and_then(Value::as_str) != Some("message") {
            continue;
        }
        let Some(message) = entry.get("message").and_then(to_chat_message) else { continue };
        kept_tokens += estimate_tokens(std::slice::from_ref(&message), "");
        if kept_tokens > keep_budget && first_kept.is_some() {
            break;
        }
        if matches!(message, ChatMessage::User { .. }) {
            first_kept = entry.get("id").and_then(Value::as_str);
        }
    }
    let first_kept = first_kept?.to_owned();
    let cut = branch.iter().position(|e| e.get("id").and_then(Value::as_str) == Some(first_kept.as_str()));
    let older: Vec<Value> = branch.iter().take(cut.unwrap_or(0)).map(|e| (*e).clone()).collect();
    let older = conversation(&older);
    (!older.is_empty()).then_some(Plan { tokens_before: tokens, first_kept_entry_id: first_kept, older })
}

/// Has the older part summarised and appends the `compaction` entry. `instructions` are a
/// `/compact` caller's additions. `None` when the model returned no summary.
pub async fn compact(
    summariser: &Summariser<'_>,
    transcript: &StoreTranscript,
    plan: Plan,
    instructions: Option<&str>,
) -> Result<Option<Compacted>, AgentError> {
    let Plan { tokens_before: tokens, first_kept_entry_id: first_kept, older: older_messages } = plan;
    let mut prompt = String::from(SUMMARY_PROMPT);
    if let Some(extra) = instructions.filter(|s| !s.trim().is_empty()) {
        prompt.push_str("\n\nAdditional instructions: ");
        prompt.push_str(extra.trim());
    }
    let request = ModelRequest {
        model: summariser.model_id.to_owned(),
        system: Some(prompt),
        messages: vec![ChatMessage::user_text(render(&older_messages))],
        tools: Vec::new(),
        max_tokens: Some(2_048),
        sampling: Default::default(),
        reasoning_effort: None,
    };
    let reply = summariser.model.stream(&request, summariser.cancel, &mut |_| {}).await?;
    let summary = reply.text.trim().to_owned();
    if summary.is_empty() {
        return Ok(None);
    }
    let entry =
        json!({"type": "compaction", "summary": summary, "firstKeptEntryId": first_kept, "tokensBefore": tokens});
    let transcript = transcript.clone();
    tokio::task::spawn_blocking(move || transcript.append_blocking(&entry))
        .await
        .map_err(|e| AgentError::Config { message: format!("compaction writer stopped: {e}") })??;
    Ok(Some(Compacted { tokens_before: tokens, first_kept_entry_id: first_kept }))
}

/// The older conversation as plain text for the summariser.
fn render(messages: &[ChatMessage]) -> String {
    let mut out = String::new();
    for message in messages {
        match message {
            ChatMessage::User { content } => {
                out.push_str("User: ");
                for part in content {
                    match part {
                        ContentPart::Text(text) => out.push_str(text),
                        ContentPart::Image { .. } => out.push_str("[image]"),
                    }
                }
            }
            ChatMessage::Assistant { text, tool_calls, .. } => {
                out.push_str("Assistant: ");
                out.push_str(text);
                for call in tool_calls {
                    out.push_str(&format!(" [called {} {}]", call.name, call.arguments));
                }
            }
            ChatMessage::ToolResult { tool_name, content, is_error, .. } => {
                let kind = if *is_error { "error" } else { "result" };
                // Tool output can be huge; the gist is enough for a summary.
                let shown: String = content.chars().take(2_000).collect();
                out.push_str(&format!("Tool {tool_name} {kind}: {shown}"));
            }
        }
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_due;

    #[test]
    fn due_near_the_window() {
        assert!(!is_due(10_000, 128_000));
        assert!(is_due(120_000, 128_000));
        assert!(!is_due(5_000, 8_000));
        assert!(is_due(6_500, 8_000));
        assert!(!is_due(1_000_000, 0));
    }
}
