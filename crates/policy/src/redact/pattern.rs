//! Turns a `logging.redactPatterns` entry into a compiled rule, or says why it cannot be one.

use regex::{Regex, RegexBuilder};

use super::PatternRejection;
use super::defaults::DefaultPattern;
use super::nested_repetition::has_nested_repetition;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Flags {
    case_insensitive: bool,
    multi_line: bool,
    dot_matches_new_line: bool,
}

impl Flags {
    fn inline_prefix(self) -> String {
        let mut letters = String::new();
        for (on, letter) in [(self.case_insensitive, 'i'), (self.multi_line, 'm'), (self.dot_matches_new_line, 's')] {
            if on {
                letters.push(letter);
            }
        }
        if letters.is_empty() { letters } else { format!("(?{letters})") }
    }
}

pub(crate) fn compile_default(pattern: &DefaultPattern) -> Result<Regex, regex::Error> {
    let flags = Flags { case_insensitive: pattern.case_insensitive, ..Flags::default() };
    compile(pattern.source, flags)
}

/// `None` for a blank entry (skipped silently, as OpenClaw does); otherwise the compiled rule or
/// the reason it was dropped.
pub(crate) fn compile_custom(raw: &str) -> Option<Result<Regex, PatternRejection>> {
    let (source, flags) = match split_literal(raw) {
        Some((source, flag_letters)) => match parse_flags(flag_letters) {
            Ok(flags) => (source, flags),
            Err(rejection) => return Some(Err(rejection)),
        },
        // A plain string is compiled with `gi`: global is implied for every rule here.
        None => (raw, Flags { case_insensitive: true, ..Flags::default() }),
    };
    let source = source.trim();
    if source.is_empty() {
        return None;
    }
    if has_nested_repetition(source) {
        return Some(Err(PatternRejection::NestedRepetition));
    }
    Some(compile(source, flags).map_err(|err| PatternRejection::Invalid(err.to_string())))
}

/// Recognises `/source/flags` the way OpenClaw's `^\/(.+)\/([gimsuy]*)$` does: the last `/`
/// closes the source when everything after it is a flag letter, and the source is one line.
fn split_literal(raw: &str) -> Option<(&str, &str)> {
    let body = raw.strip_prefix('/')?;
    let close = body.rfind('/')?;
    let (source, flags) = (&body[..close], &body[close + 1..]);
    let source_ok = !source.is_empty() && !source.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
    let flags_ok = flags.chars().all(|c| "gimsuy".contains(c));
    (source_ok && flags_ok).then_some((source, flags))
}

/// `g` is implied anyway; `u` changes nothing for Rust's always-Unicode regexes; `y` (sticky) is
/// ignored, which can only make a rule match more, never less. A repeated letter is an error in
/// JavaScript, so it is one here.
fn parse_flags(letters: &str) -> Result<Flags, PatternRejection> {
    let mut flags = Flags::default();
    let mut seen = String::new();
    for letter in letters.chars() {
        if seen.contains(letter) {
            return Err(PatternRejection::Invalid(format!("flag `{letter}` given twice")));
        }
        seen.push(letter);
        match letter {
            'i' => flags.case_insensitive = true,
            'm' => flags.multi_line = true,
            's' => flags.dot_matches_new_line = true,
            _ => {}
        }
    }
    Ok(flags)
}

/// Flags are inlined into the source rather than set on the builder, so `Regex::as_str` is the
/// exact pattern the prefilter `RegexSet` compiles and the two can never disagree.
fn compile(source: &str, flags: Flags) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&format!("{}{source}", flags.inline_prefix())).build()
}
