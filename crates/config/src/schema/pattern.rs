//! JSON-Schema `pattern`s are ECMAScript regexes; the `regex` crate speaks a different dialect and
//! has no lookaround. We translate the constructs the reference schema uses and turn anchored
//! top-level lookaheads into extra regexes that must (not) match, so no pattern silently stops
//! checking. A pattern we cannot translate is treated as always matching and reported through
//! [`super::Schema::unsupported_patterns`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use regex::Regex;

/// One source pattern, compiled on first use: a few reference patterns are large Unicode
/// repetitions that cost tens of milliseconds to build and are rarely exercised.
#[derive(Debug)]
pub(crate) struct Pattern {
    pub source: String,
    compiled: OnceLock<Result<Matcher, String>>,
}

#[derive(Debug)]
struct Matcher {
    main: Regex,
    /// `prefix(?=body)`: each must match too.
    required: Vec<Regex>,
    /// `prefix(?!body)`: none may match.
    forbidden: Vec<Regex>,
}

impl Pattern {
    pub fn new(source: &str) -> Self {
        Self { source: source.to_owned(), compiled: OnceLock::new() }
    }

    /// Whether `text` matches; an untranslatable pattern matches everything.
    pub fn is_match(&self, text: &str) -> bool {
        match self.matcher() {
            Ok(m) => {
                m.main.is_match(text)
                    && m.required.iter().all(|r| r.is_match(text))
                    && !m.forbidden.iter().any(|r| r.is_match(text))
            }
            Err(_) => true,
        }
    }

    /// Why the pattern could not be compiled, if it could not.
    pub fn failure(&self) -> Option<&str> {
        self.matcher().as_ref().err().map(String::as_str)
    }

    fn matcher(&self) -> &Result<Matcher, String> {
        self.compiled.get_or_init(|| build(&self.source))
    }
}

/// Patterns by source, shared by the pieces of one schema so that each regex is built at most
/// once: pieces compile separately, and a few sources recur in over a hundred of them.
#[derive(Debug, Default)]
pub(crate) struct PatternTable(Mutex<HashMap<String, Arc<Pattern>>>);

impl PatternTable {
    pub fn get(&self, source: &str) -> Arc<Pattern> {
        // A panic elsewhere cannot leave the map half-updated, so a poisoned lock is still good.
        let mut table = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pattern) = table.get(source) {
            return Arc::clone(pattern);
        }
        let pattern = Arc::new(Pattern::new(source));
        table.insert(source.to_owned(), Arc::clone(&pattern));
        pattern
    }
}

fn build(source: &str) -> Result<Matcher, String> {
    let plan = translate(source)?;
    let compile = |text: &str| Regex::new(text).map_err(|e| format!("{source}: {e}"));
    Ok(Matcher {
        main: compile(&plan.main)?,
        required: plan.required.iter().map(|t| compile(t)).collect::<Result<_, _>>()?,
        forbidden: plan.forbidden.iter().map(|t| compile(t)).collect::<Result<_, _>>()?,
    })
}

/// A pattern rewritten for the `regex` crate.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub main: String,
    pub required: Vec<String>,
    pub forbidden: Vec<String>,
}

#[derive(Debug)]
enum Piece {
    Text(String),
    Lookahead { negative: bool, body: String },
}

/// Rewrites an ECMAScript pattern (`u` flag semantics) into `regex` syntax.
///
/// A top-level lookahead `P(?!B)R` becomes "`PR` matches and `^P B` does not". That equivalence
/// needs `P` to be anchored and to end at one position for a given input, which holds for every
/// lookahead in the reference schema (`^`, `^https?://`, `^\/`); an unanchored or nested
/// lookahead is rejected instead of being approximated.
pub(crate) fn translate(source: &str) -> Result<Plan, String> {
    let mut parser = Parser { chars: source.chars().collect(), pos: 0, source };
    let (pieces, top_alternation) = parser.sequence(0)?;
    if parser.pos < parser.chars.len() {
        return Err(format!("{source}: unbalanced ')'"));
    }
    let mut main = String::new();
    let mut required = Vec::new();
    let mut forbidden = Vec::new();
    let mut after_lookahead = false;
    for piece in &pieces {
        match piece {
            Piece::Text(text) => {
                if after_lookahead && text.starts_with(['*', '+', '?', '{']) {
                    return Err(format!("{source}: quantified lookahead is not supported"));
                }
                main.push_str(text);
                after_lookahead = false;
            }
            Piece::Lookahead { negative, body } => {
                if top_alternation || !main.starts_with('^') {
                    return Err(format!("{source}: lookahead outside an anchored prefix is not supported"));
                }
                let check = format!("{main}(?:{body})");
                if *negative {
                    forbidden.push(check)
                } else {
                    required.push(check)
                }
                after_lookahead = true;
            }
        }
    }
    Ok(Plan { main, required, forbidden })
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    source: &'a str,
}

impl Parser<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars().enumerate().all(|(i, c)| self.peek(i) == Some(c))
    }

    fn fail(&self, why: &str) -> String {
        format!("{}: {why}", self.source)
    }

    /// Parses until an unmatched `)` or the end. Returns the pieces and whether a `|` occurred at
    /// this level.
    fn sequence(&mut self, depth: usize) -> Result<(Vec<Piece>, bool), String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut alternation = false;
        while let Some(c) = self.peek(0) {
            match c {
                ')' => break,
                '\\' => {
                    self.pos += 1;
                    text.push_str(&self.escape(false)?);
                }
                '[' => text.push_str(&self.class()?),
                '(' => {
                    if self.starts_with("(?![\\s\\S])") || self.starts_with("(?!.)") {
                        // "Nothing follows": the end of input, which `$` is without the m flag.
                        self.pos += if self.starts_with("(?!.)") { 5 } else { 10 };
                        text.push('$');
                    } else if self.starts_with("(?=") || self.starts_with("(?!") {
                        if depth > 0 {
                            return Err(self.fail("lookahead inside a group is not supported"));
                        }
                        let negative = self.starts_with("(?!");
                        self.pos += 3;
                        let (inner, _) = self.sequence(depth + 1)?;
                        self.close()?;
                        let mut body = String::new();
                        for piece in inner {
                            match piece {
                                Piece::Text(t) => body.push_str(&t),
                                Piece::Lookahead { .. } => return Err(self.fail("nested lookahead")),
                            }
                        }
                        if !text.is_empty() {
                            pieces.push(Piece::Text(std::mem::take(&mut text)));
                        }
                        pieces.push(Piece::Lookahead { negative, body });
                    } else if self.starts_with("(?<=") || self.starts_with("(?<!") {
                        return Err(self.fail("lookbehind is not supported"));
                    } else {
                        let opener = if self.starts_with("(?:") {
                            self.pos += 3;
                            "(?:".to_owned()
                        } else if self.starts_with("(?<") {
                            self.pos += 3;
                            let mut name = String::new();
                            while let Some(n) = self.peek(0) {
                                self.pos += 1;
                                if n == '>' {
                                    break;
                                }
                                name.push(n);
                            }
                            format!("(?P<{name}>")
                        } else if self.peek(1) == Some('?') {
                            return Err(self.fail("unknown group syntax"));
                        } else {
                            self.pos += 1;
                            "(".to_owned()
                        };
                        let (inner, _) = self.sequence(depth + 1)?;
                        self.close()?;
                        text.push_str(&opener);
                        for piece in inner {
                            if let Piece::Text(t) = piece {
                                text.push_str(&t);
                            }
                        }
                        text.push(')');
                    }
                }
                '.' => {
                    self.pos += 1;
                    // ECMAScript `.` excludes every line terminator, not just `\n`.
                    text.push_str(r"[^\n\r\u{2028}\u{2029}]");
                }
                '{' => {
                    let quantifier = self.quantifier_len();
                    if quantifier > 0 {
                        text.extend(&self.chars[self.pos..self.pos + quantifier]);
                        self.pos += quantifier;
                    } else {
                        self.pos += 1;
                        text.push_str(r"\{");
                    }
                }
                '}' => {
                    self.pos += 1;
                    text.push_str(r"\}");
                }
                '|' => {
                    self.pos += 1;
                    alternation = true;
                    text.push('|');
                }
                other => {
                    self.pos += 1;
                    text.push(other);
                }
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok((pieces, alternation))
    }

    fn close(&mut self) -> Result<(), String> {
        if self.peek(0) == Some(')') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.fail("unclosed group"))
        }
    }

    /// Length of a `{n}`, `{n,}` or `{n,m}` quantifier at the cursor, 0 if it is a literal brace
    /// (ECMAScript treats a malformed quantifier as text; `regex` rejects it).
    fn quantifier_len(&self) -> usize {
        let mut i = 1;
        let mut digits = 0;
        while self.peek(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            digits += 1;
        }
        if digits == 0 {
            return 0;
        }
        if self.peek(i) == Some(',') {
            i += 1;
            while self.peek(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        if self.peek(i) == Some('}') { i + 1 } else { 0 }
    }

    /// Translates the escape after a `\` (the cursor is past the backslash).
    fn escape(&mut self, in_class: bool) -> Result<String, String> {
        let Some(c) = self.peek(0) else {
            return Err(self.fail("trailing backslash"));
        };
        self.pos += 1;
        let out = match c {
            // ECMAScript classes are ASCII-only; `regex`'s are Unicode-aware by default.
            'd' if in_class => "0-9".to_owned(),
            'd' => "[0-9]".to_owned(),
            'D' if !in_class => "[^0-9]".to_owned(),
            'w' if in_class => "0-9A-Za-z_".to_owned(),
            'w' => "[0-9A-Za-z_]".to_owned(),
            'W' if !in_class => "[^0-9A-Za-z_]".to_owned(),
            'D' | 'W' | 's' | 'S' | 't' | 'n' | 'r' | 'f' | 'v' => format!("\\{c}"),
            'b' if in_class => r"\x08".to_owned(),
            'b' | 'B' => format!("\\{c}"),
            '0' if !self.peek(0).is_some_and(|d| d.is_ascii_digit()) => r"\x00".to_owned(),
            '1'..='9' | 'k' => return Err(self.fail("backreferences are not supported")),
            'c' => {
                let letter = self.peek(0).filter(char::is_ascii_alphabetic).ok_or_else(|| self.fail("bad \\c"))?;
                self.pos += 1;
                format!("\\x{:02X}", (letter as u8) % 32)
            }
            'x' => {
                let hex: String = self.take_hex(2);
                format!("\\x{hex}")
            }
            'u' => {
                if self.peek(0) == Some('{') {
                    let mut hex = String::new();
                    self.pos += 1;
                    while let Some(h) = self.peek(0) {
                        self.pos += 1;
                        if h == '}' {
                            break;
                        }
                        hex.push(h);
                    }
                    format!("\\x{{{hex}}}")
                } else {
                    let hex = self.take_hex(4);
                    let code = u32::from_str_radix(&hex, 16).map_err(|_| self.fail("bad \\u escape"))?;
                    if (0xD800..0xE000).contains(&code) {
                        return Err(self.fail("surrogate escapes are not supported"));
                    }
                    format!("\\x{{{hex}}}")
                }
            }
            'p' | 'P' => {
                let mut name = String::new();
                if self.peek(0) == Some('{') {
                    self.pos += 1;
                    while let Some(n) = self.peek(0) {
                        self.pos += 1;
                        if n == '}' {
                            break;
                        }
                        name.push(n);
                    }
                }
                if is_surrogate_class(&name) {
                    // Rust strings hold no surrogates: `\p{Cs}` matches nothing, `\P{Cs}` anything.
                    let matches_nothing = c == 'p';
                    return Ok(match (in_class, matches_nothing) {
                        (true, true) => String::new(),
                        (true, false) => r"\s\S".to_owned(),
                        (false, true) => r"[^\s\S]".to_owned(),
                        (false, false) => r"[\s\S]".to_owned(),
                    });
                }
                format!("\\{c}{{{name}}}")
            }
            // ECMAScript identity escapes: `\z` is the letter z there, end of text here.
            letter if letter.is_alphanumeric() => letter.to_string(),
            other => regex::escape(&other.to_string()),
        };
        Ok(out)
    }

    fn take_hex(&mut self, n: usize) -> String {
        let mut hex = String::new();
        for _ in 0..n {
            match self.peek(0) {
                Some(h) if h.is_ascii_hexdigit() => {
                    hex.push(h);
                    self.pos += 1;
                }
                _ => break,
            }
        }
        hex
    }

    /// Translates a character class starting at `[`.
    fn class(&mut self) -> Result<String, String> {
        self.pos += 1;
        let negated = self.peek(0) == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut body = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(self.fail("unclosed character class"));
            };
            self.pos += 1;
            match c {
                ']' => break,
                '\\' => body.push_str(&self.escape(true)?),
                // Literal in ECMAScript classes; nesting / set operators in `regex`.
                '[' | '&' | '~' => {
                    body.push('\\');
                    body.push(c);
                }
                '-' if body.ends_with('-') => body.push_str(r"\-"),
                other => body.push(other),
            }
        }
        Ok(match (negated, body.is_empty()) {
            (false, true) => r"[^\s\S]".to_owned(),
            (true, true) => r"[\s\S]".to_owned(),
            (false, false) => format!("[{body}]"),
            (true, false) => format!("[^{body}]"),
        })
    }
}

fn is_surrogate_class(name: &str) -> bool {
    let bare = name.rsplit('=').next().unwrap_or(name);
    matches!(bare, "Cs" | "Surrogate")
}
