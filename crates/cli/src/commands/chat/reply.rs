//! Following one run's `chat` events: each `delta` carries the reply's whole text so far, so
//! only the new suffix is printed; `final` completes the line, `aborted` and `error` end it.
//! Pure: payloads in, text to write out.

use serde_json::Value;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    Final,
    Aborted,
    Error(String),
}

/// What one event asks for: text for stdout, and whether the run is over.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Update {
    pub stdout: String,
    pub end: Option<End>,
}

#[derive(Debug)]
pub struct Reply {
    run_id: String,
    printed: String,
}

impl Reply {
    pub fn new(run_id: String) -> Self {
        Self { run_id, printed: String::new() }
    }

    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// Applies a `chat` event payload; events of other runs (other clients, earlier runs) are
    /// not ours to print and yield `None`.
    pub fn on_event(&mut self, payload: &Value) -> Option<Update> {
        if payload.get("runId").and_then(Value::as_str) != Some(self.run_id.as_str()) {
            return None;
        }
        let text = payload.get("message").map(message_text);
        let update = match payload.get("state").and_then(Value::as_str)? {
            "delta" => Update { stdout: self.advance(text.as_deref().unwrap_or("")), end: None },
            "final" => {
                let mut stdout = self.advance(text.as_deref().unwrap_or(""));
                if !self.printed.is_empty() {
                    stdout.push('\n');
                }
                Update { stdout, end: Some(End::Final) }
            }
            "aborted" => Update { stdout: self.close_line(), end: Some(End::Aborted) },
            "error" => {
                let message = payload.get("errorMessage").and_then(Value::as_str).unwrap_or("unknown error");
                Update { stdout: self.close_line(), end: Some(End::Error(message.to_owned())) }
            }
            _ => return None,
        };
        Some(update)
    }

    /// The part of `text` not printed yet. A text that does not extend what was printed (the
    /// reply was rewritten) starts over on a new line rather than garbling the old one.
    fn advance(&mut self, text: &str) -> String {
        if let Some(suffix) = text.strip_prefix(self.printed.as_str()) {
            let out = suffix.to_owned();
            self.printed = text.to_owned();
            return out;
        }
        self.printed = text.to_owned();
        format!("\n{text}")
    }

    /// Ends a partly printed line so a marker on stderr starts on its own line.
    fn close_line(&self) -> String {
        if self.printed.is_empty() { String::new() } else { "\n".to_owned() }
    }
}

/// The text of a transcript message: `content` is a string or a list of parts, of which the
/// `text` ones are shown.
pub fn message_text(message: &Value) -> String {
    match message.get("content") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|part| part.get("type").and_then(Value::as_str).is_none_or(|t| t == "text"))
            .filter_map(|part| part.get("text").and_then(Value::as_str))
            .collect(),
        _ => message.get("text").and_then(Value::as_str).unwrap_or("").to_owned(),
    }
}

/// `chat.history` as lines `role: text`, oldest first; messages without text are skipped.
pub fn history_lines(history: &Value) -> Vec<String> {
    let messages = history.get("messages").and_then(Value::as_array);
    messages
        .into_iter()
        .flatten()
        .filter_map(|message| {
            let role = message.get("role").and_then(Value::as_str).unwrap_or("?");
            let text = message_text(message);
            let text = text.trim();
            (!text.is_empty()).then(|| format!("{role}: {text}"))
        })
        .collect()
}
