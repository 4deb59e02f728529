//! Log redaction (`logging.redactSensitive`, `logging.redactPatterns`), after OpenClaw's
//! `src/logging/redact.ts`.
//!
//! A [`Redactor`] is built once from config and then applied to every log line, so the common
//! case (a line with no secret in it) costs one `RegexSet` scan and returns the input borrowed.
//! Within a match, the last non-empty capture group is the secret and only it is masked; a PEM
//! private key block keeps its armour lines.
//!
//! Where we differ from OpenClaw it is to redact more, never less:
//! - PEM blocks are matched first (OpenClaw's order masks `KEY=-----BEGIN` and leaves the key
//!   body readable), and key material glued to an armour line is not kept with it;
//! - if every custom pattern is rejected, the defaults apply instead of nothing;
//! - rules repeat until the text is stable, so redacting twice equals redacting once;
//! - a custom pattern's empty matches are skipped instead of inserting `***` everywhere;
//! - custom patterns use Rust `regex` syntax: look-around and back-references are rejected as
//!   invalid (with a warning) instead of being honoured.

mod defaults;
mod known_secret;
mod mask;
mod mode;
mod nested_repetition;
mod pattern;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;

use regex::{Captures, Regex, RegexSet, SetMatches};

pub use known_secret::{REDACTED, error_chain, without_secret};
pub use mask::mask_token;
pub use mode::RedactMode;

use defaults::DEFAULT_PATTERNS;
use mask::{is_already_masked, is_pem, mask_pem};
use pattern::{compile_custom, compile_default};

/// Which patterns a [`Redactor`] ended up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternSource {
    /// No custom patterns were configured.
    Defaults,
    /// `logging.redactPatterns` entries were added after the defaults.
    Custom,
    /// Custom patterns were configured but none could be used. OpenClaw would then redact
    /// nothing; we keep the defaults instead so a broken config fails closed.
    DefaultsBecauseCustomUnusable,
}

/// Why a `logging.redactPatterns` entry was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternRejection {
    /// A repetition of something that already repeats (`(a+)+`), or an unbounded repetition of
    /// alternatives of different lengths (`(a|aa)*`): catastrophic backtracking in OpenClaw.
    NestedRepetition,
    /// Not a valid pattern here (bad syntax, bad flags, or a JavaScript feature such as
    /// look-around or back-references that Rust's `regex` does not have).
    Invalid(String),
}

impl fmt::Display for PatternRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternRejection::NestedRepetition => {
                f.write_str("unsafe: nested repetition can backtrack catastrophically")
            }
            PatternRejection::Invalid(message) => write!(f, "invalid: {message}"),
        }
    }
}

/// One dropped `logging.redactPatterns` entry and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternWarning {
    pub pattern: String,
    pub reason: PatternRejection,
}

impl fmt::Display for PatternWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "logging.redactPatterns entry {:?} ignored ({})", self.pattern, self.reason)
    }
}

/// A later rule's mask can complete a match for an earlier rule (a JSON value masked to `***`
/// right after `API_KEY=***`), which a second `redact` would then change. Passes repeat until
/// the text is stable, so redacting redacted text is a no-op; real text settles in two passes.
const MAX_PASSES: usize = 4;

#[derive(Debug, Clone)]
struct Rule {
    /// The default pattern's name, or the custom entry as configured.
    name: String,
    regex: Regex,
    /// Custom patterns may match the empty string; such a match hides nothing and is skipped
    /// (OpenClaw would insert `***` at every position).
    skip_empty: bool,
}

/// Applies the configured redaction rules to text. Cheap to share (`Arc`) across sinks.
#[derive(Debug, Clone)]
pub struct Redactor {
    mode: RedactMode,
    source: PatternSource,
    rules: Vec<Rule>,
    /// Same patterns as `rules`, index for index. `None` only if the set could not be built
    /// (it always can when every rule compiled); then every rule is simply tried.
    prefilter: Option<RegexSet>,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new(RedactMode::Tools, &[]).0
    }
}

impl Redactor {
    /// Builds a redactor. Non-blank `custom_patterns` are added after the defaults; each is `/re/flags`
    /// (`g` implied) or a plain pattern (compiled case-insensitively). Entries that are invalid
    /// or unsafe are dropped and reported; if that leaves none, the defaults apply instead.
    pub fn new(mode: RedactMode, custom_patterns: &[String]) -> (Redactor, Vec<PatternWarning>) {
        let mut warnings = Vec::new();
        let mut custom = Vec::new();
        for raw in custom_patterns {
            match compile_custom(raw) {
                None => {}
                Some(Ok(compiled)) => custom.push(rule(raw.clone(), compiled, true)),
                Some(Err(reason)) => warnings.push(PatternWarning { pattern: raw.clone(), reason }),
            }
        }
        let (source, rules) = match (custom.is_empty(), warnings.is_empty()) {
            // The security document says to "add" patterns, and OpenClaw 2026.9 appends them to
            // the defaults: a custom list can only widen what is masked, never switch it off.
            (false, _) => (PatternSource::Custom, default_rules().into_iter().chain(custom).collect()),
            (true, true) => (PatternSource::Defaults, default_rules()),
            (true, false) => (PatternSource::DefaultsBecauseCustomUnusable, default_rules()),
        };
        let prefilter = RegexSet::new(rules.iter().map(|rule| rule.regex.as_str())).ok();
        let redactor = Redactor { mode, source, rules, prefilter };
        (redactor, warnings)
    }

    /// A redactor that returns every input untouched (`logging.redactSensitive: "off"`).
    pub fn off() -> Redactor {
        Redactor { mode: RedactMode::Off, source: PatternSource::Defaults, rules: Vec::new(), prefilter: None }
    }

    pub fn mode(&self) -> RedactMode {
        self.mode
    }

    pub fn pattern_source(&self) -> PatternSource {
        self.source
    }

    /// Names of the active rules, in the order they are applied: the default pattern names, or
    /// the custom entries as configured.
    pub fn rule_names(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|rule| rule.name.as_str())
    }

    /// Masks every secret the rules find. Returns the input borrowed when nothing matched, and
    /// always when the mode is `Off`. Redacting already-redacted text leaves it unchanged.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.mode == RedactMode::Off || text.is_empty() || self.rules.is_empty() {
            return Cow::Borrowed(text);
        }
        if let Some(set) = &self.prefilter
            && !set.is_match(text)
        {
            return Cow::Borrowed(text);
        }
        let mut current = Cow::Borrowed(text);
        for _ in 0..MAX_PASSES {
            match self.pass(&current) {
                Some(next) => current = Cow::Owned(next),
                None => break,
            }
        }
        current
    }

    /// One application of every rule in order, or `None` when nothing changed.
    fn pass(&self, text: &str) -> Option<String> {
        let mut current: Option<String> = None;
        let mut candidates = self.candidates(text);
        for (index, rule) in self.rules.iter().enumerate() {
            if candidates.as_ref().is_some_and(|set| !set.matched(index)) {
                continue;
            }
            let haystack = current.as_deref().unwrap_or(text);
            if let Some(next) = rule.apply(haystack) {
                // A replacement changes the text the later rules see, as in OpenClaw.
                candidates = self.candidates(&next);
                current = Some(next);
            }
        }
        current
    }

    fn candidates(&self, text: &str) -> Option<SetMatches> {
        self.prefilter.as_ref().map(|set| set.matches(text))
    }
}

fn rule(name: String, regex: Regex, skip_empty: bool) -> Rule {
    Rule { name, regex, skip_empty }
}

fn default_rules() -> Vec<Rule> {
    DEFAULT_PATTERNS
        .iter()
        .filter_map(|pattern| {
            compile_default(pattern).ok().map(|compiled| rule(pattern.name.to_owned(), compiled, false))
        })
        .collect()
}

impl Rule {
    /// The text with this rule's matches masked, or `None` when nothing changed.
    fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut copied_up_to = 0;
        let mut changed = false;
        for caps in self.regex.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if self.skip_empty && whole.is_empty() {
                continue;
            }
            let Some((start, end, replacement)) = mask_match(text, &caps) else {
                continue;
            };
            if text[start..end] == replacement {
                continue;
            }
            out.push_str(&text[copied_up_to..start]);
            out.push_str(&replacement);
            copied_up_to = end;
            changed = true;
        }
        if !changed {
            return None;
        }
        out.push_str(&text[copied_up_to..]);
        Some(out)
    }
}

/// The span to replace and its replacement: the whole block for a PEM key, else the last
/// non-empty capture (the whole match when there is none). `None` when it is already masked.
fn mask_match(text: &str, caps: &Captures<'_>) -> Option<(usize, usize, String)> {
    let whole = caps.get(0)?;
    if is_pem(whole.as_str()) {
        return Some((whole.start(), whole.end(), mask_pem(whole.as_str())));
    }
    let secret = caps.iter().skip(1).flatten().filter(|group| !group.is_empty()).last().unwrap_or(whole);
    if is_already_masked(text, secret.start(), secret.end()) {
        return None;
    }
    Some((secret.start(), secret.end(), mask_token(secret.as_str())))
}
