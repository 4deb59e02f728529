//! How a matched secret is shown: enough to recognise which key it was, never enough to use it.

/// Secrets shorter than this are replaced entirely: a 6+4 preview would reveal most of them.
const MIN_PREVIEW_CHARS: usize = 18;
const KEEP_START_CHARS: usize = 6;
const KEEP_END_CHARS: usize = 4;
const FULL_MASK: &str = "***";
const ELLIPSIS: char = '…';
const PEM_MARKER: &str = "…redacted…";
const PEM_MARKER_LINE: &str = "PRIVATE KEY-----";

/// Masks one secret: `***` when shorter than 18 characters, else its first 6 characters, `…`,
/// and its last 4. Lengths count Unicode scalar values (OpenClaw counts UTF-16 units; the two
/// agree for every token shape the default patterns match).
pub fn mask_token(token: &str) -> String {
    let count = token.chars().count();
    if count < MIN_PREVIEW_CHARS {
        return FULL_MASK.to_owned();
    }
    let start: String = token.chars().take(KEEP_START_CHARS).collect();
    let end: String = token.chars().skip(count - KEEP_END_CHARS).collect();
    format!("{start}{ELLIPSIS}{end}")
}

/// A PEM block keeps its armour lines so a reader sees which kind of key it was.
///
/// Text glued to the armour on the same line (key material without its line break) is dropped:
/// OpenClaw keeps the whole first and last line, which would print that material.
pub(crate) fn mask_pem(block: &str) -> String {
    let lines: Vec<&str> =
        block.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).filter(|line| !line.is_empty()).collect();
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return FULL_MASK.to_owned();
    };
    if lines.len() < 2 {
        return FULL_MASK.to_owned();
    }
    format!("{}\n{PEM_MARKER}\n{}", armour_head(first), armour_tail(last))
}

pub(crate) fn is_pem(matched: &str) -> bool {
    matched.contains(PEM_MARKER_LINE)
}

fn armour_head(line: &str) -> &str {
    const BEGIN: &str = "-----BEGIN";
    if let Some(begin) = line.find(BEGIN) {
        let after = begin + BEGIN.len();
        if let Some(close) = line[after..].find("-----") {
            return &line[..after + close + "-----".len()];
        }
    }
    line
}

fn armour_tail(line: &str) -> &str {
    line.rfind("-----END").map_or(line, |end| &line[end..])
}

/// True when `haystack[start..end]` is (part of) what [`mask_token`] produced, so a second pass
/// leaves it alone: redacting already-redacted text must be a no-op.
pub(crate) fn is_already_masked(haystack: &str, start: usize, end: usize) -> bool {
    let token = &haystack[start..end];
    if token == FULL_MASK {
        return true;
    }
    let count = token.chars().count();
    // The whole preview, `abcdef…wxyz`, captured by a rule whose value class admits `…`.
    if count == KEEP_START_CHARS + 1 + KEEP_END_CHARS && token.chars().nth(KEEP_START_CHARS) == Some(ELLIPSIS) {
        return true;
    }
    // Its head or tail alone, captured by a rule whose value class stops at `…`.
    (count == KEEP_START_CHARS && haystack[end..].starts_with(ELLIPSIS))
        || (count == KEEP_END_CHARS && haystack[..start].ends_with(ELLIPSIS))
}
