//! Inline directives (`/think high`, `/model x`, `/queue steer debounce:2s`, …) found anywhere in a
//! message, as OpenClaw's `parseInlineDirectives` finds them: each kind is looked for once (its
//! first occurrence, preceded by the start or whitespace, followed by the end, whitespace or `:`),
//! removed together with its arguments, and the rest of the text is rejoined with single spaces.
//! Values are kept raw beside the parsed value so a reply can name what was wrong.

use super::levels::parse_duration_ms;
use super::levels::{
    ElevatedLevel, ExecAsk, ExecHost, ExecSecurity, QueueDrop, QueueMode, ReasoningLevel, ThinkLevel, VerboseLevel,
};

/// A level directive: `raw` is the word after the name, `None` when the name stood alone (a
/// request to show the current value). `level` is `None` when `raw` is not a valid value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelDirective<T> {
    pub raw: Option<String>,
    pub level: Option<T>,
}

/// One `key=value` (or `key:value`) option: the raw text and its parsed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawOption<T> {
    pub raw: String,
    pub value: Option<T>,
}

/// `/exec host=… security=… ask=… node=…`; no options means "show the current defaults".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecDirective {
    pub host: Option<RawOption<ExecHost>>,
    pub security: Option<RawOption<ExecSecurity>>,
    pub ask: Option<RawOption<ExecAsk>>,
    pub node: Option<RawOption<String>>,
}

impl ExecDirective {
    pub fn has_options(&self) -> bool {
        self.host.is_some() || self.security.is_some() || self.ask.is_some() || self.node.is_some()
    }
}

/// `/queue [mode] [debounce:…] [cap:…] [drop:…]` or `/queue reset`; nothing means "show".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueDirective {
    pub reset: bool,
    /// The last mode word given (raw) and its value; an unknown word ends the arguments instead.
    pub mode: Option<RawOption<QueueMode>>,
    pub debounce_ms: Option<RawOption<u64>>,
    pub cap: Option<RawOption<u32>>,
    pub drop: Option<RawOption<QueueDrop>>,
}

impl QueueDirective {
    pub fn is_status_request(&self) -> bool {
        !self.reset && self.mode.is_none() && self.debounce_ms.is_none() && self.cap.is_none() && self.drop.is_none()
    }
}

/// Every directive kind found in one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directives {
    pub think: Option<LevelDirective<ThinkLevel>>,
    pub verbose: Option<LevelDirective<VerboseLevel>>,
    pub reasoning: Option<LevelDirective<ReasoningLevel>>,
    pub elevated: Option<LevelDirective<ElevatedLevel>>,
    pub exec: Option<ExecDirective>,
    /// `/model` with its argument (`None` when bare).
    pub model: Option<Option<String>>,
    pub queue: Option<QueueDirective>,
}

impl Directives {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Finds the directives in `body` and returns them with the text that remains.
pub fn extract(body: &str) -> (Directives, String) {
    let mut d = Directives::default();
    let mut text = body.to_owned();
    if let Some((level, rest)) = extract_level(&text, &["thinking", "think", "t"], ThinkLevel::parse) {
        d.think = Some(level);
        text = rest;
    }
    if let Some((level, rest)) = extract_level(&text, &["verbose", "v"], VerboseLevel::parse) {
        d.verbose = Some(level);
        text = rest;
    }
    if let Some((level, rest)) = extract_level(&text, &["reasoning", "reason"], ReasoningLevel::parse) {
        d.reasoning = Some(level);
        text = rest;
    }
    if let Some((level, rest)) = extract_level(&text, &["elevated", "elev"], ElevatedLevel::parse) {
        d.elevated = Some(level);
        text = rest;
    }
    if let Some((exec, rest)) = extract_exec(&text) {
        d.exec = Some(exec);
        text = rest;
    }
    if let Some((model, rest)) = extract_model(&text) {
        d.model = Some(model);
        text = rest;
    }
    if let Some((queue, rest)) = extract_queue(&text) {
        d.queue = Some(queue);
        text = rest;
    }
    let remaining = if d.is_empty() { body.trim().to_owned() } else { collapse(&text) };
    (d, remaining)
}

/// Whitespace runs become one space, as OpenClaw rejoins the text around a removed directive.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(start of '/', end of the name)` of the first `/name` that starts the text or follows
/// whitespace and is followed by the end, whitespace or `:`; names compare case-insensitively.
fn find_name(body: &str, names: &[&str]) -> Option<(usize, usize)> {
    let mut prev: Option<char> = None;
    for (at, c) in body.char_indices() {
        let boundary = prev.is_none_or(char::is_whitespace);
        prev = Some(c);
        if c != '/' || !boundary {
            continue;
        }
        let after = &body[at + 1..];
        for name in names {
            let Some(head) = after.get(..name.len()) else { continue };
            if !head.eq_ignore_ascii_case(name) {
                continue;
            }
            let end = at + 1 + name.len();
            if body[end..].chars().next().is_none_or(|n| n.is_whitespace() || n == ':') {
                return Some((at, end));
            }
        }
    }
    None
}

/// OpenClaw's `skipDirectiveArgPrefix`: whitespace, then an optional `:` and more whitespace.
fn skip_arg_prefix(raw: &str) -> usize {
    let after_ws = raw.len() - raw.trim_start().len();
    match raw[after_ws..].strip_prefix(':') {
        Some(rest) => raw.len() - rest.trim_start().len(),
        None => after_ws,
    }
}

fn splice(body: &str, start: usize, end: usize) -> String {
    format!("{} {}", &body[..start], &body[end..])
}

fn extract_level<T>(body: &str, names: &[&str], parse: fn(&str) -> Option<T>) -> Option<(LevelDirective<T>, String)> {
    let (start, name_end) = find_name(body, names)?;
    let arg_start = name_end + skip_arg_prefix(&body[name_end..]);
    let word_len =
        body[arg_start..].find(|c: char| !c.is_ascii_alphabetic() && c != '-').unwrap_or(body.len() - arg_start);
    let raw = (word_len > 0).then(|| body[arg_start..arg_start + word_len].to_owned());
    let level = raw.as_deref().and_then(parse);
    Some((LevelDirective { raw, level }, splice(body, start, arg_start + word_len)))
}

/// Whitespace-separated tokens after `args_start`, each with the offset just past it and the
/// whitespace that follows (what OpenClaw counts as consumed).
fn tokens(body: &str, args_start: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut at = args_start;
    loop {
        let rest = &body[at..];
        let token_start = at + (rest.len() - rest.trim_start().len());
        let rest = &body[token_start..];
        let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if token_len == 0 {
            return out;
        }
        let after = &body[token_start + token_len..];
        let next = token_start + token_len + (after.len() - after.trim_start().len());
        out.push((&body[token_start..token_start + token_len], next));
        at = next;
    }
}

fn extract_exec(body: &str) -> Option<(ExecDirective, String)> {
    let (start, name_end) = find_name(body, &["exec"])?;
    let mut consumed = name_end + skip_arg_prefix(&body[name_end..]);
    let mut exec = ExecDirective::default();
    for (token, next) in tokens(body, consumed) {
        let Some(split) = token.find(['=', ':']) else { break };
        let key = token[..split].trim().to_lowercase();
        let value = token[split + 1..].trim().to_owned();
        match key.as_str() {
            "host" => exec.host = Some(RawOption { value: ExecHost::parse(&value), raw: value }),
            "security" => exec.security = Some(RawOption { value: ExecSecurity::parse(&value), raw: value }),
            "ask" => exec.ask = Some(RawOption { value: ExecAsk::parse(&value), raw: value }),
            "node" => exec.node = Some(RawOption { value: (!value.is_empty()).then(|| value.clone()), raw: value }),
            _ => break,
        }
        consumed = next;
    }
    Some((exec, splice(body, start, consumed)))
}

/// Characters of one segment of a model reference (`provider/model`, `name@profile`).
fn is_model_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '@' | '-')
}

/// Length of the reference at the start of `text`: segments joined by single `/`s, never
/// starting or ending with one (OpenClaw's `seg(/seg)*`).
fn model_ref_len(text: &str) -> usize {
    let segment = |from: usize| text[from..].find(|c: char| !is_model_char(c)).unwrap_or(text.len() - from);
    let mut end = segment(0);
    if end == 0 {
        return 0;
    }
    while text[end..].starts_with('/') {
        let next = segment(end + 1);
        if next == 0 {
            break;
        }
        end += 1 + next;
    }
    end
}

fn extract_model(body: &str) -> Option<(Option<String>, String)> {
    let (start, name_end) = find_name(body, &["model"])?;
    let arg_start = name_end + skip_arg_prefix(&body[name_end..]);
    let len = model_ref_len(&body[arg_start..]);
    let raw = (len > 0).then(|| body[arg_start..arg_start + len].to_owned());
    Some((raw, splice(body, start, arg_start + len)))
}

fn extract_queue(body: &str) -> Option<(QueueDirective, String)> {
    let (start, name_end) = find_name(body, &["queue"])?;
    let mut consumed = name_end + skip_arg_prefix(&body[name_end..]);
    let mut queue = QueueDirective::default();
    for (token, next) in tokens(body, consumed) {
        let lowered = token.trim().to_lowercase();
        if matches!(lowered.as_str(), "default" | "reset" | "clear") {
            queue.reset = true;
            consumed = next;
            break;
        }
        // The value is what lies between the first separator and the next one.
        let value = || token.split([':', '=']).nth(1).unwrap_or_default().to_owned();
        if lowered.starts_with("debounce:") || lowered.starts_with("debounce=") {
            let raw = value();
            let ms = parse_duration_ms(&raw).filter(|ms| *ms > 0);
            queue.debounce_ms = Some(RawOption { raw, value: ms });
        } else if lowered.starts_with("cap:") || lowered.starts_with("cap=") {
            let raw = value();
            queue.cap = Some(RawOption { value: parse_cap(&raw), raw });
        } else if lowered.starts_with("drop:") || lowered.starts_with("drop=") {
            let raw = value();
            queue.drop = Some(RawOption { value: QueueDrop::parse(&raw), raw });
        } else if let Some(mode) = QueueMode::parse(token) {
            queue.mode = Some(RawOption { raw: token.to_owned(), value: Some(mode) });
        } else {
            break;
        }
        consumed = next;
    }
    Some((queue, splice(body, start, consumed)))
}

/// A positive whole number (fractions are floored, as OpenClaw does).
fn parse_cap(raw: &str) -> Option<u32> {
    let value: f64 = raw.trim().parse().ok()?;
    let floored = value.floor();
    // The range check keeps the cast exact.
    (floored.is_finite() && (1.0..=f64::from(u32::MAX)).contains(&floored)).then_some(floored as u32)
}
