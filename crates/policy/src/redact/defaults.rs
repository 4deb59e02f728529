//! The built-in redaction patterns, in the order they are applied.
//!
//! They follow OpenClaw's `src/logging/redact.ts`, translated to Rust `regex` syntax. Where the
//! JavaScript used a feature Rust lacks (a `\1` back-reference to a matching quote), the
//! pattern spells out the quoted and unquoted forms as alternatives, which match the same text.
//! `\b` is written `(?-u:\b)` because JavaScript word boundaries are ASCII-only; it also keeps
//! the prefilter `RegexSet` on its fast DFA path for non-ASCII log lines.

/// One built-in pattern: a stable name (used in tests and diagnostics) and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DefaultPattern {
    pub name: &'static str,
    pub source: &'static str,
    /// OpenClaw compiles plain pattern strings with the `i` flag; only the ENV-style
    /// assignment is written as a `/…/g` literal there, so it alone is case-sensitive.
    pub case_insensitive: bool,
}

/// A pattern OpenClaw compiles with the `i` flag. The case-insensitive parts are written as
/// `(?i:…)` groups around the letters (every character class already lists both cases), so the
/// regex compiler never case-folds a large Unicode class: that folding cost ~10 ms at every
/// process start, for the same set of matches.
const fn ci(name: &'static str, source: &'static str) -> DefaultPattern {
    DefaultPattern { name, source, case_insensitive: false }
}

/// PEM blocks run first: the ENV rule would otherwise mask only `-----BEGIN` in
/// `KEY=-----BEGIN … PRIVATE KEY-----` and leave the key body for no later rule to find.
pub(crate) const DEFAULT_PATTERNS: &[DefaultPattern] = &[
    ci(
        "pem_private_key",
        r"-----(?i:BEGIN) [A-Za-z ]*(?i:PRIVATE KEY)-----[\s\S]+?-----(?i:END) [A-Za-z ]*(?i:PRIVATE KEY)-----",
    ),
    DefaultPattern {
        name: "env_assignment",
        source: r#"(?-u:\b)[A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD)(?-u:\b)\s*[=:]\s*(?:"([^\s"'\\]+)"|'([^\s"'\\]+)'|([^\s"'\\]+))"#,
        case_insensitive: false,
    },
    ci("json_field", r#""(?i:apiKey|token|secret|password|passwd|accessToken|refreshToken)"\s*:\s*"([^"]+)""#),
    ci(
        "cli_flag",
        r#"--(?i:api[-_]?key|token|secret|password|passwd)(?:\s+|=)(?:"([^\s"']+)"|'([^\s"']+)'|([^\s"']+))"#,
    ),
    // The optional (escaped) quotes let it see `"Authorization": "Bearer …"` in JSON, and the
    // credential class is OpenClaw's current one: it takes `123456789:AA…` whole, where the older
    // `[A-Za-z0-9._\-+=]+` stopped at the colon and left the rest visible.
    ci(
        "authorization_bearer",
        r#"(?i:Authorization)(?:\\["']|["']|)\s*[:=]\s*(?:\\["']|["']|)(?i:Bearer)\s+([^\s\\"',;&#?<>)}\]]+)"#,
    ),
    ci("bearer", r"(?-u:\b)(?i:Bearer)\s+([A-Za-z0-9._~+/=\-]{18,})(?-u:\b)"),
    ci("openai_key", r"(?-u:\b)((?i:sk-)[A-Za-z0-9_-]{8,})(?-u:\b)"),
    ci("github_pat_classic", r"((?i:ghp_)[A-Za-z0-9]{10,})"),
    ci("github_pat_fine_grained", r"((?i:github_pat_)[A-Za-z0-9_]{10,})"),
    ci("slack_token", r"((?i:xox[baprs]-)[A-Za-z0-9-]{10,})"),
    ci("slack_app_token", r"((?i:xapp-)[A-Za-z0-9-]{10,})"),
    ci("groq_key", r"((?i:gsk_)[A-Za-z0-9_-]{10,})"),
    ci("google_api_key", r"((?i:AIza)[0-9A-Za-z\-_]{20,})"),
    ci("perplexity_key", r"((?i:pplx-)[A-Za-z0-9_-]{10,})"),
    ci("npm_token", r"((?i:npm_)[A-Za-z0-9]{10,})"),
    ci("telegram_bot_url_token", r"(?-u:\b)(?i:bot)([0-9]{6,}:[A-Za-z0-9_-]{20,})(?-u:\b)"),
    ci("telegram_token", r"(?-u:\b)([0-9]{6,}:[A-Za-z0-9_-]{20,})(?-u:\b)"),
];
