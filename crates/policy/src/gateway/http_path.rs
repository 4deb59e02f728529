//! The security view of an HTTP request path, and which paths must pass gateway auth before any
//! plugin route sees them. `/api/channels/*` is where channel plugins mount their routes (a Nostr
//! profile page, a webhook callback); plugin code must not have to get auth right itself, so the
//! gateway authenticates everything under that prefix first.
//!
//! The prefix check runs on the canonical path, not the raw one: the path is lowercased, `.` and
//! `..` segments are resolved (backslashes count as slashes), slashes collapsed, and
//! percent-decoding is applied repeatedly (up to 32 times), each stage being a candidate. So
//! `/API/%63hannels/x`, `/x/../api/channels/x` and double-encoded variants are all recognised. A
//! path whose encoding is malformed, or still decodes after 32 passes, is treated as needing auth
//! too (fail closed). Rules follow OpenClaw 2026.9 (`security-path.ts`). The decoders of
//! `decodeURIComponent` and `URLSearchParams` live here as well because the same byte rules decide
//! what a path or a query parameter means to the rest of the gateway.

#[cfg(test)]
mod tests;

/// Path prefixes whose plugin routes always require gateway auth.
pub const PROTECTED_PREFIXES: &[&str] = &["/api/channels"];

/// Enough for any honest client; past it a path is refused the benefit of the doubt.
const MAX_DECODE_PASSES: usize = 32;

/// The security view of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalPath {
    /// Every normalised decoding stage, raw first, without duplicates.
    pub candidates: Vec<String>,
    /// A `%` sequence did not decode (not hex, or not UTF-8).
    pub malformed_encoding: bool,
    /// The path still changed after the last allowed decoding pass.
    pub decode_pass_limit_reached: bool,
    /// The raw path lowercased with slashes collapsed (no decoding, no dot resolution).
    pub raw_normalized: String,
}

impl CanonicalPath {
    /// The fully decoded, normalised path.
    pub fn canonical(&self) -> &str {
        self.candidates.last().map_or("/", String::as_str)
    }

    /// Whether a candidate falls under a protected prefix.
    pub fn is_protected(&self) -> bool {
        let hit = |path: &str| PROTECTED_PREFIXES.iter().any(|prefix| prefix_matches(path, prefix));
        self.candidates.iter().any(|c| hit(c))
            || self.decode_pass_limit_reached
            || (self.malformed_encoding && hit(&self.raw_normalized))
    }

    /// Protected, or not decodable with certainty (which could hide a protected path).
    pub fn requires_gateway_auth(&self) -> bool {
        self.malformed_encoding || self.decode_pass_limit_reached || self.is_protected()
    }
}

/// `path` is `prefix` itself or lies below it; a `%` continuation counts as below because it may
/// still decode to a slash.
fn prefix_matches(path: &str, prefix: &str) -> bool {
    path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/') || rest.starts_with('%'))
}

/// Canonicalises `path` for security decisions.
pub fn canonicalize(path: &str) -> CanonicalPath {
    let mut candidates: Vec<String> = Vec::new();
    let mut push = |value: &str| {
        let normalized = normalize_for_security(value);
        if !candidates.contains(&normalized) {
            candidates.push(normalized);
        }
    };
    push(path);
    let mut decoded = path.to_owned();
    let mut malformed_encoding = false;
    for _ in 0..MAX_DECODE_PASSES {
        match decode_uri_component(&decoded) {
            None => {
                malformed_encoding = true;
                break;
            }
            Some(next) if next == decoded => break,
            Some(next) => {
                decoded = next;
                push(&decoded);
            }
        }
    }
    let decode_pass_limit_reached = !malformed_encoding
        && match decode_uri_component(&decoded) {
            Some(next) => next != decoded,
            None => {
                malformed_encoding = true;
                false
            }
        };
    CanonicalPath {
        candidates,
        malformed_encoding,
        decode_pass_limit_reached,
        raw_normalized: collapse_slashes(&path.to_lowercase()),
    }
}

fn normalize_for_security(path: &str) -> String {
    let normalized = collapse_slashes(&resolve_dot_segments(path).to_lowercase());
    if normalized.is_empty() { "/".to_owned() } else { normalized }
}

/// Collapses runs of `/` and drops a trailing `/` (except for the root).
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// Resolves `.` and `..` segments the way a URL parser does for an http URL: backslashes count
/// as slashes and `%2e` counts as a dot.
fn resolve_dot_segments(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let is_dot = |segment: &str| segment == "." || segment.eq_ignore_ascii_case("%2e");
    let is_dot_dot = |segment: &str| {
        let lower = segment.to_ascii_lowercase();
        matches!(lower.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = unified.trim_start_matches('/').split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate() {
        if is_dot_dot(segment) {
            out.pop();
            if index == last {
                out.push("");
            }
        } else if is_dot(segment) {
            if index == last {
                out.push("");
            }
        } else {
            out.push(segment);
        }
    }
    format!("/{}", out.join("/"))
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// JavaScript's `decodeURIComponent`: every `%XX` decoded; `None` when a `%` is not followed by
/// two hex digits or the result is not UTF-8.
pub fn decode_uri_component(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let high = hex_value(*bytes.get(i + 1)?)?;
            let low = hex_value(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A query-string component as `URLSearchParams` reads it: `+` is a space, valid `%XX` sequences
/// are decoded, anything else is kept as written.
pub fn decode_form_component(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| Some(hex_value(*bytes.get(i + 1)?)? << 4 | hex_value(*bytes.get(i + 2)?)?))
            .flatten();
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
