//! The "Project Context" budget: how much of each workspace file reaches the prompt.
//!
//! Each file is cut to `agents.defaults.bootstrapMaxChars` (keeping its head and its tail, with
//! a marker between, as OpenClaw does) and all files together to `bootstrapTotalMaxChars`.
//! Characters are Unicode scalar values; OpenClaw counts UTF-16 units, so text outside the
//! Basic Multilingual Plane (emoji) may be cut a little later here than there.

use serde_json::Value;

use crate::workspace::{BootstrapFile, BootstrapState};

pub const DEFAULT_BOOTSTRAP_MAX_CHARS: usize = 20_000;
pub const DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS: usize = 150_000;
/// Below this many characters of budget a file would be a useless fragment; stop instead.
const MIN_FILE_BUDGET_CHARS: usize = 64;
/// A cut file keeps 70% of its budget from the start and 20% from the end: instructions tend to
/// sit at the top, recent notes at the bottom.
const HEAD_PERCENT: usize = 70;
const TAIL_PERCENT: usize = 20;

/// Character caps for the injected workspace files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BootstrapLimits {
    pub max_chars: usize,
    pub total_max_chars: usize,
}

impl Default for BootstrapLimits {
    fn default() -> Self {
        Self { max_chars: DEFAULT_BOOTSTRAP_MAX_CHARS, total_max_chars: DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS }
    }
}

/// Reads `agents.defaults.bootstrapMaxChars` and `bootstrapTotalMaxChars` from a resolved config
/// tree; a missing, non-numeric or non-positive value means the default (fractions round down).
pub fn bootstrap_limits(config: &Value) -> BootstrapLimits {
    let read = |key: &str, default: usize| {
        config
            .pointer(&format!("/agents/defaults/{key}"))
            .and_then(Value::as_f64)
            .filter(|n| n.is_finite() && *n >= 1.0)
            // Saturates for absurdly large values, which is the intent of a huge cap.
            .map_or(default, |n| n.floor() as usize)
    };
    BootstrapLimits {
        max_chars: read("bootstrapMaxChars", DEFAULT_BOOTSTRAP_MAX_CHARS),
        total_max_chars: read("bootstrapTotalMaxChars", DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS),
    }
}

/// One file as injected: its heading and the (possibly cut) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextFile {
    pub name: String,
    pub path: String,
    pub content: String,
    /// The text was cut to fit a cap.
    pub truncated: bool,
}

/// Applies the caps to `files` in order. Blank files are skipped; a missing or unreadable file
/// becomes a one-line marker; once the total budget is spent, later files are left out.
pub fn project_context(files: &[BootstrapFile], limits: BootstrapLimits) -> Vec<ContextFile> {
    let mut remaining = limits.total_max_chars.max(1);
    let mut out = Vec::new();
    for file in files {
        if remaining == 0 {
            break;
        }
        let path = file.path.display().to_string();
        let text = match &file.state {
            BootstrapState::Missing => Some(format!("[MISSING] Expected at: {path}")),
            BootstrapState::Refused(reason) => Some(format!("[SKIPPED] {path}: {reason}")),
            BootstrapState::Loaded(_) => None,
        };
        if let Some(marker) = text {
            let (content, _) = clamp(&marker, remaining);
            if content.is_empty() {
                break;
            }
            remaining -= char_len(&content);
            out.push(ContextFile { name: file.name.clone(), path, content, truncated: false });
            continue;
        }
        let BootstrapState::Loaded(raw) = &file.state else { continue };
        if remaining < MIN_FILE_BUDGET_CHARS {
            break;
        }
        let (cut, truncated) = head_and_tail(raw.trim_end(), &file.name, limits.max_chars.clamp(1, remaining));
        let (content, clamped) = clamp(&cut, remaining);
        if content.is_empty() {
            continue;
        }
        remaining -= char_len(&content);
        out.push(ContextFile { name: file.name.clone(), path, content, truncated: truncated || clamped });
    }
    out
}

/// Keeps the head and tail of `text` when it is longer than `max` characters.
fn head_and_tail(text: &str, name: &str, max: usize) -> (String, bool) {
    let len = char_len(text);
    if len <= max {
        return (text.to_owned(), false);
    }
    let head = max * HEAD_PERCENT / 100;
    let tail = max * TAIL_PERCENT / 100;
    let head_text: String = text.chars().take(head).collect();
    let tail_text: String = text.chars().skip(len - tail).collect();
    let marker = format!(
        "\n[... {name} is cut here to fit the prompt: kept the first {head} and last {tail} of {len} characters; read the file for the rest ...]\n"
    );
    (format!("{head_text}\n{marker}\n{tail_text}"), true)
}

/// Cuts `text` to `budget` characters, ending with `…` when something was dropped.
fn clamp(text: &str, budget: usize) -> (String, bool) {
    if char_len(text) <= budget {
        return (text.to_owned(), false);
    }
    if budget <= 3 {
        return (text.chars().take(budget).collect(), true);
    }
    let mut cut: String = text.chars().take(budget - 1).collect();
    cut.push('…');
    (cut, true)
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}
