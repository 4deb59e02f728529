//! Rejects user patterns whose shape backtracks catastrophically (`(a+)+`, `(a|aa)*`).
//!
//! Rust's `regex` cannot backtrack, so these patterns are harmless here; we still reject them so
//! a config behaves the same under OpenClaw (`src/security/safe-regex.ts`) and under us: a
//! pattern that OpenClaw drops must not silently start redacting here, and the operator gets the
//! same warning from both. The analysis is deliberately syntactic and conservative, exactly like
//! the reference: it tokenizes the source and tracks, per group, whether it already repeats and
//! how long its alternatives can be.

/// A length bound in characters; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Len(Option<u64>);

impl Len {
    const ZERO: Len = Len(Some(0));
    const ONE: Len = Len(Some(1));
    const UNBOUNDED: Len = Len(None);

    fn add(self, other: Len) -> Len {
        match (self.0, other.0) {
            (Some(a), Some(b)) => Len(Some(a.saturating_add(b))),
            _ => Len::UNBOUNDED,
        }
    }

    fn times(self, factor: u64) -> Len {
        match self.0 {
            Some(a) => Len(Some(a.saturating_mul(factor))),
            None if factor == 0 => Len::ZERO,
            None => Len::UNBOUNDED,
        }
    }

    fn min(self, other: Len) -> Len {
        match (self.0, other.0) {
            (Some(a), Some(b)) => Len(Some(a.min(b))),
            (Some(a), None) | (None, Some(a)) => Len(Some(a)),
            (None, None) => Len::UNBOUNDED,
        }
    }

    fn max(self, other: Len) -> Len {
        match (self.0, other.0) {
            (Some(a), Some(b)) => Len(Some(a.max(b))),
            _ => Len::UNBOUNDED,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quantifier {
    min: u64,
    max: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Simple,
    GroupOpen,
    GroupClose,
    Alternation,
    Quantifier(Quantifier),
}

/// What the analyzer knows about the last atom of a branch: the thing a quantifier applies to.
#[derive(Debug, Clone, Copy)]
struct Atom {
    repeats: bool,
    ambiguous_alternation: bool,
    min: Len,
    max: Len,
}

#[derive(Debug)]
struct Frame {
    last: Option<Atom>,
    repeats: bool,
    has_alternation: bool,
    branch_min: Len,
    branch_max: Len,
    alt_min: Option<Len>,
    alt_max: Option<Len>,
}

impl Frame {
    fn new() -> Frame {
        Frame {
            last: None,
            repeats: false,
            has_alternation: false,
            branch_min: Len::ZERO,
            branch_max: Len::ZERO,
            alt_min: None,
            alt_max: None,
        }
    }

    fn record_alternative(&mut self) {
        self.alt_min = Some(match self.alt_min {
            Some(current) => current.min(self.branch_min),
            None => self.branch_min,
        });
        self.alt_max = Some(match self.alt_max {
            Some(current) => current.max(self.branch_max),
            None => self.branch_max,
        });
    }

    fn push(&mut self, atom: Atom) {
        self.repeats |= atom.repeats;
        self.branch_min = self.branch_min.add(atom.min);
        self.branch_max = self.branch_max.add(atom.max);
        self.last = Some(atom);
    }
}

/// True when `source` repeats something that already repeats, or repeats without bound a group
/// whose alternatives have different lengths.
pub(crate) fn has_nested_repetition(source: &str) -> bool {
    analyze(&tokenize(source))
}

fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if in_class {
            match ch {
                '\\' => i += 1,
                ']' => in_class = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match ch {
            '\\' => {
                i += 1;
                tokens.push(Token::Simple);
            }
            '[' => {
                in_class = true;
                tokens.push(Token::Simple);
            }
            '(' => tokens.push(Token::GroupOpen),
            ')' => tokens.push(Token::GroupClose),
            '|' => tokens.push(Token::Alternation),
            _ => match read_quantifier(&chars, i) {
                Some((quantifier, consumed)) => {
                    tokens.push(Token::Quantifier(quantifier));
                    i += consumed - 1;
                }
                None => tokens.push(Token::Simple),
            },
        }
        i += 1;
    }
    tokens
}

/// Reads `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}` (each optionally lazy) at `at`, returning the
/// quantifier and how many characters it spans. A `{` that is not a valid bound is a literal.
fn read_quantifier(chars: &[char], at: usize) -> Option<(Quantifier, usize)> {
    let lazy_suffix = |next: usize| usize::from(chars.get(next) == Some(&'?'));
    let simple = |min, max| Some((Quantifier { min, max }, 1 + lazy_suffix(at + 1)));
    match chars.get(at)? {
        '*' => return simple(0, None),
        '+' => return simple(1, None),
        '?' => return simple(0, Some(1)),
        '{' => {}
        _ => return None,
    }
    let digits = |from: usize| {
        let end = (from..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
        let value = chars[from..end].iter().collect::<String>().parse::<u64>().ok();
        (end, value)
    };
    let (mut i, min) = digits(at + 1);
    let min = match min {
        Some(min) if i > at + 1 => min,
        _ => return None,
    };
    let mut max = Some(min);
    if chars.get(i) == Some(&',') {
        let (end, value) = digits(i + 1);
        max = if end == i + 1 { None } else { value };
        if end > i + 1 && value.is_none() {
            return None;
        }
        i = end;
    }
    if chars.get(i) != Some(&'}') {
        return None;
    }
    i += 1;
    i += lazy_suffix(i);
    if max.is_some_and(|max| max < min) {
        return None;
    }
    Some((Quantifier { min, max }, i - at))
}

fn analyze(tokens: &[Token]) -> bool {
    let mut frames = vec![Frame::new()];
    for token in tokens {
        match *token {
            Token::Simple => {
                if let Some(frame) = frames.last_mut() {
                    frame.push(Atom { repeats: false, ambiguous_alternation: false, min: Len::ONE, max: Len::ONE });
                }
            }
            Token::GroupOpen => frames.push(Frame::new()),
            Token::GroupClose => {
                // An unbalanced `)` is left for the regex compiler to reject.
                if frames.len() < 2 {
                    continue;
                }
                let Some(mut group) = frames.pop() else {
                    continue;
                };
                if group.has_alternation {
                    group.record_alternative();
                }
                let (min, max) = if group.has_alternation {
                    (group.alt_min.unwrap_or(Len::ZERO), group.alt_max.unwrap_or(Len::ZERO))
                } else {
                    (group.branch_min, group.branch_max)
                };
                let ambiguous_alternation =
                    group.has_alternation && matches!((group.alt_min, group.alt_max), (Some(lo), Some(hi)) if lo != hi);
                if let Some(frame) = frames.last_mut() {
                    frame.push(Atom { repeats: group.repeats, ambiguous_alternation, min, max });
                }
            }
            Token::Alternation => {
                if let Some(frame) = frames.last_mut() {
                    frame.has_alternation = true;
                    frame.record_alternative();
                    frame.branch_min = Len::ZERO;
                    frame.branch_max = Len::ZERO;
                    frame.last = None;
                }
            }
            Token::Quantifier(quantifier) => {
                let Some(frame) = frames.last_mut() else {
                    continue;
                };
                let Some(atom) = frame.last.as_mut() else {
                    continue;
                };
                if atom.repeats {
                    return true;
                }
                if atom.ambiguous_alternation && quantifier.max.is_none() {
                    return true;
                }
                let (old_min, old_max) = (atom.min, atom.max);
                atom.min = atom.min.times(quantifier.min);
                atom.max = match quantifier.max {
                    Some(max) => atom.max.times(max),
                    None => Len::UNBOUNDED,
                };
                atom.repeats = true;
                let (new_min, new_max) = (atom.min, atom.max);
                frame.repeats = true;
                frame.branch_min = Len(match (frame.branch_min.0, old_min.0) {
                    (Some(branch), Some(old)) => Some(branch.saturating_sub(old)),
                    _ => None,
                })
                .add(new_min);
                frame.branch_max = match (frame.branch_max.0, old_max.0) {
                    (Some(branch), Some(old)) => Len(Some(branch.saturating_sub(old))),
                    _ => Len::UNBOUNDED,
                }
                .add(new_max);
            }
        }
    }
    false
}
