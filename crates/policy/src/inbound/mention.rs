//! Mention gating: in groups that require a mention, the bot only reacts when addressed.
//!
//! A message counts as addressed when the channel saw a native @mention of the bot, when a
//! configured mention pattern matches its text, when it replies to the bot (an implicit mention),
//! or when it is an authorized control command nobody else is mentioned in. Patterns are the
//! operator's JavaScript regex strings, compiled case-insensitively; ones this regex engine cannot
//! compile (lookaround, backreferences) are dropped, as OpenClaw drops invalid ones. Text is
//! matched after removing zero-width and bidi control characters, which would otherwise let
//! `@b\u{200B}ot` slip past a pattern, and lowercasing.
//!
//! Unlike JavaScript without the `u` flag, `\b`, `\w` and case folding are Unicode-aware here, so
//! a pattern for a non-ASCII name matches where OpenClaw's would not.

use regex::{Regex, RegexBuilder};

use super::access::{ChannelAccess, OverrideOrder};

#[cfg(test)]
mod tests;

/// Removes U+200B–U+200F, U+202A–U+202E and U+2060–U+206F, then lowercases.
pub fn normalize_mention_text(text: &str) -> String {
    let is_invisible =
        |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}');
    text.chars().filter(|c| !is_invisible(*c)).collect::<String>().to_lowercase()
}

/// Compiled mention patterns.
#[derive(Debug, Clone, Default)]
pub struct MentionPatterns {
    regexes: Vec<Regex>,
}

impl MentionPatterns {
    /// Compiles case-insensitively and drops what does not compile. A backspace character stands
    /// for `\b`: in a JSON config string `"\b"` is a backspace, which is what users who meant a
    /// word boundary end up with.
    pub fn compile(patterns: &[String]) -> Self {
        let regexes = patterns
            .iter()
            .filter_map(|p| RegexBuilder::new(&p.replace('\u{8}', "\\b")).case_insensitive(true).build().ok())
            .collect();
        Self { regexes }
    }

    /// How many patterns compiled.
    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    /// Whether any pattern matches the normalised text (never for blank text).
    pub fn matches(&self, text: &str) -> bool {
        let cleaned = normalize_mention_text(text);
        !cleaned.is_empty() && self.regexes.iter().any(|re| re.is_match(&cleaned))
    }
}

/// JavaScript's `escapeRegExp` (`. * + ? ^ $ { } ( ) | [ ] \`).
fn escape_js_regex(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '.' | '*' | '+' | '?' | '^' | '$' | '{' | '}' | '(' | ')' | '|' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Patterns derived from the agent's identity: `\b@?<name>\b` (spaces match any whitespace) and
/// the emoji.
pub fn derive_mention_patterns(name: Option<&str>, emoji: Option<&str>) -> Vec<String> {
    let mut patterns = Vec::new();
    if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
        let words: Vec<String> = name.split_whitespace().map(escape_js_regex).collect();
        patterns.push(format!("\\b@?{}\\b", words.join("\\s+")));
    }
    if let Some(emoji) = emoji.map(str::trim).filter(|e| !e.is_empty()) {
        patterns.push(escape_js_regex(emoji));
    }
    patterns
}

/// Which patterns apply: the agent's `groupChat.mentionPatterns` when the key is present (even
/// empty), else `messages.groupChat.mentionPatterns` when present, else ones derived from the
/// agent's identity name and emoji.
pub fn resolve_mention_patterns(
    agent_patterns: Option<&[String]>,
    global_patterns: Option<&[String]>,
    identity_name: Option<&str>,
    identity_emoji: Option<&str>,
) -> Vec<String> {
    agent_patterns
        .or(global_patterns)
        .map(<[String]>::to_vec)
        .unwrap_or_else(|| derive_mention_patterns(identity_name, identity_emoji))
}

/// Whether a group requires a mention: the group's entry, then the `"*"` entry, then the
/// override, then `true` — or the override first when it ranks before config.
pub fn resolve_require_mention(access: &ChannelAccess, group_id: Option<&str>) -> bool {
    let override_value = access.require_mention_override;
    if access.require_mention_override_order == OverrideOrder::BeforeConfig
        && let Some(value) = override_value
    {
        return value;
    }
    let from_config = access
        .group_entry(group_id)
        .and_then(|e| e.require_mention)
        .or_else(|| access.default_group_entry().and_then(|e| e.require_mention));
    from_config.or(override_value).unwrap_or(true)
}

/// The facts mention gating looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionFacts {
    pub is_group: bool,
    pub require_mention: bool,
    /// Native mentions are visible or at least one mention pattern compiled.
    pub can_detect_mention: bool,
    /// A native mention of the bot or a matching mention pattern.
    pub was_mentioned: bool,
    /// The message replies to the bot.
    pub implicit_mention: bool,
    /// Someone (anyone) is mentioned.
    pub has_any_mention: bool,
    pub text_commands_enabled: bool,
    pub is_control_command: bool,
    pub command_authorized: bool,
}

/// The outcome of mention gating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionGate {
    /// Explicit, implicit or bypassed.
    pub effective_mentioned: bool,
    /// An authorized control command stood in for the mention.
    pub bypass: bool,
    /// Drop the message (keep it only as group history).
    pub skip: bool,
}

/// OpenClaw's `resolveMentionGatingWithBypass`. The bypass needs a group that requires a
/// mention, a message that mentions nobody, text commands on, and an authorized control command:
/// an unauthorized command never wakes the bot.
pub fn mention_gate(facts: &MentionFacts) -> MentionGate {
    let bypass = facts.is_group
        && facts.require_mention
        && !facts.was_mentioned
        && !facts.has_any_mention
        && facts.text_commands_enabled
        && facts.command_authorized
        && facts.is_control_command;
    let effective_mentioned = facts.was_mentioned || facts.implicit_mention || bypass;
    let skip = facts.require_mention && facts.can_detect_mention && !effective_mentioned;
    MentionGate { effective_mentioned, bypass, skip }
}
