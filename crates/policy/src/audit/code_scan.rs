//! The `--deep` static scan of plugin and skill sources: line rules (shell execution via
//! `child_process`, `eval`, crypto-mining, WebSockets to odd ports), whole-file rules (file read
//! plus network send, obfuscation, environment harvesting) and `SKILL.md` rules (literal
//! credentials, pipe-to-shell installs, destructive commands). Text in, findings out; the
//! caller walks the directories.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSeverity {
    Warn,
    Critical,
}

/// One rule match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFinding {
    pub rule_id: String,
    pub severity: CodeSeverity,
    /// Path relative to the scanned directory.
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Source files the scan reads.
pub fn is_scannable(path: &str) -> bool {
    let lower = path.to_lowercase();
    [".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", ".jsx", ".tsx"].iter().any(|ext| lower.ends_with(ext))
}

const MAX_PER_RULE: usize = 32;

/// The patterns are constants covered by tests; were one invalid, its rule would match nothing
/// rather than take the audit down.
fn re(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

type Pattern = LazyLock<Option<Regex>>;

static EXEC_CALL: Pattern = LazyLock::new(|| {
    re(
        r#"\b(exec|execSync|spawn|spawnSync|execFile|execFileSync)\s*\(|["'](exec|execSync|spawn|spawnSync|execFile|execFileSync)["']\s*\]\s*\("#,
    )
});
static DYNAMIC_CODE: Pattern = LazyLock::new(|| re(r"\beval\s*\(|new\s+Function\s*\("));
static MINING: Pattern = LazyLock::new(|| re(r"(?i)stratum\+tcp|stratum\+ssl|coinhive|cryptonight|xmrig"));
static WEBSOCKET_PORT: Pattern = LazyLock::new(|| re(r#"new\s+WebSocket\s*\(\s*["']wss?://[^"']*:(\d+)"#));
static NETWORK_SEND: Pattern = LazyLock::new(|| re(r"(?i)\bfetch\s*\(|\bpost\s*\(|\.\s*post\s*\(|http\.request\s*\("));
static FILE_READ: Pattern = LazyLock::new(|| re(r"readFileSync|readFile"));
static HEX_RUN: Pattern = LazyLock::new(|| re(r"(\\x[0-9a-fA-F]{2}){6,}"));
static BASE64_DECODE: Pattern = LazyLock::new(|| re(r#"(?:atob|Buffer\.from)\s*\(\s*["'][A-Za-z0-9+/=]{200,}["']"#));
static PROCESS_ENV: Pattern = LazyLock::new(|| re(r"process\.env"));
static SECRET_TOKEN: Pattern = LazyLock::new(|| {
    re(
        r"\b(?:sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[baprs]-[A-Za-z0-9-]{20,}|AIza[0-9A-Za-z_-]{35})",
    )
});
static PEM: Pattern = LazyLock::new(|| {
    re(r"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)-----END ([A-Z0-9 ]*PRIVATE KEY)-----")
});
static PIPE_TO_SHELL: Pattern = LazyLock::new(|| re(r"(?i)\b(curl|wget)\b[^|\n]{0,120}\|\s*(sh|bash|zsh)\b"));
static ENV_EXFIL: Pattern = LazyLock::new(|| re(r"(?i)\b(process\.env|env)\b.{0,80}\b(fetch|curl|wget|http|https)\b"));
static RM_RF: Pattern = LazyLock::new(|| re(r"(?i)\brm\s+-rf\s+(/|\$HOME|~|\.)"));
static CHMOD_777: Pattern = LazyLock::new(|| re(r"(?i)\bchmod\s+(-R\s+)?777\b"));
static CP_IMPORT: Pattern = LazyLock::new(|| {
    re(
        r#"(?:\bimport\s*\{([^}]*)\}\s*from|\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\()\s*["'](?:node:)?child_process["']"#,
    )
});
static CP_NAMESPACE: Pattern = LazyLock::new(|| {
    re(
        r#"(?:\bimport\s+(\w+)\s+from|\bimport\s*\*\s*as\s+(\w+)\s+from|\b(?:const|let|var)\s+(\w+)\s*=\s*require\s*\()\s*["'](?:node:)?child_process["']"#,
    )
});

/// A recognised credential (API key, token or PEM private key) in `text`.
pub fn has_literal_secret(text: &str) -> bool {
    let boundary_after =
        |end: usize| !text[end..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let mut from = 0;
    let Some(token) = SECRET_TOKEN.as_ref() else { return false };
    while let Some(m) = token.find_at(text, from) {
        if boundary_after(m.end()) {
            return true;
        }
        from = m.start() + 1;
        if from >= text.len() {
            break;
        }
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    PEM.as_ref().is_some_and(|pem| {
        pem.captures_iter(text).any(|c| {
            c.get(1).map(|m| m.as_str()) == c.get(3).map(|m| m.as_str())
                && c.get(2).is_some_and(|body| body.as_str().chars().filter(|ch| !ch.is_whitespace()).count() >= 48)
        })
    })
}

/// Comments removed (strings kept), line structure preserved.
fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let chars: Vec<char> = source.chars().collect();
    let (mut quote, mut escaped, mut block) = (None::<char>, false, false);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        if block {
            if ch == '*' && next == '/' {
                block = false;
                i += 2;
                continue;
            }
            if ch == '\n' {
                out.push('\n');
            }
            i += 1;
            continue;
        }
        if let Some(q) = quote {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match (ch, next) {
            ('\'' | '"' | '`', _) => {
                quote = Some(ch);
                out.push(ch);
            }
            ('/', '/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            ('/', '*') => {
                block = true;
                i += 2;
                continue;
            }
            _ => out.push(ch),
        }
        i += 1;
    }
    out
}

/// Names `child_process` methods were imported under, and namespace aliases of the module.
fn child_process_bindings(source: &str) -> (Vec<(String, String)>, Vec<String>) {
    const METHODS: &[&str] = &["exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync"];
    let mut aliases = Vec::new();
    for caps in CP_IMPORT.iter().flat_map(|r| r.captures_iter(source)) {
        let specs = caps.get(1).or_else(|| caps.get(2)).map_or("", |m| m.as_str());
        for spec in specs.split(',').map(str::trim) {
            let pair = spec.split_once(" as ").or_else(|| spec.split_once(':'));
            if let Some((original, alias)) = pair {
                let (original, alias) = (original.trim(), alias.trim());
                if METHODS.contains(&original) && !alias.is_empty() {
                    aliases.push((alias.to_owned(), original.to_owned()));
                }
            }
        }
    }
    let namespaces = CP_NAMESPACE
        .iter()
        .flat_map(|r| r.captures_iter(source))
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)).map(|m| m.as_str().to_owned()))
        .collect();
    (aliases, namespaces)
}

fn receiver_before(line: &str, end: usize) -> Option<&str> {
    let head = line[..end].trim_end();
    let start = head.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    let word = &head[start..];
    (!word.is_empty()).then_some(word)
}

/// `obj.exec(` or `x["spawn"](` on something that is not `child_process`.
fn benign_member_call(line: &str, start: usize, command: &str, namespaces: &[String]) -> bool {
    let known = |r: &str| namespaces.iter().any(|n| n == r) || matches!(r, "cp" | "childProcess" | "child_process");
    let first = line[start..].chars().next().unwrap_or(' ');
    if first == '"' || first == '\'' {
        let head = line[..start].trim_end();
        let receiver = head.strip_suffix('[').and_then(|h| receiver_before(h, h.len()));
        return !receiver.is_some_and(known);
    }
    if command == "exec" && start > 0 && line.as_bytes()[start - 1] == b'.' {
        return !receiver_before(line, start - 1).is_some_and(known);
    }
    false
}

fn line_rules(source: &str, findings: &mut Vec<CodeFinding>, file: &str) {
    let uses_child_process = source.contains("child_process");
    let (aliases, namespaces) = child_process_bindings(&strip_comments(source));
    let rules: [(&str, CodeSeverity, &str, Option<&Regex>); 4] = [
        (
            "dangerous-exec",
            CodeSeverity::Critical,
            "Shell command execution detected (child_process)",
            EXEC_CALL.as_ref(),
        ),
        ("dynamic-code-execution", CodeSeverity::Critical, "Dynamic code execution detected", DYNAMIC_CODE.as_ref()),
        ("crypto-mining", CodeSeverity::Critical, "Possible crypto-mining reference detected", MINING.as_ref()),
        (
            "suspicious-network",
            CodeSeverity::Warn,
            "WebSocket connection to non-standard port",
            WEBSOCKET_PORT.as_ref(),
        ),
    ];
    for (rule_id, severity, message, pattern) in rules {
        let Some(pattern) = pattern else { continue };
        if rule_id == "dangerous-exec" && !uses_child_process {
            continue;
        }
        let (mut accepted, mut omitted, mut last_omitted) = (0usize, 0usize, 0usize);
        for (index, line) in source.split('\n').enumerate() {
            let mut starts: Vec<usize> = Vec::new();
            for caps in pattern.captures_iter(line) {
                let Some(whole) = caps.get(0) else { continue };
                if rule_id == "dangerous-exec" {
                    let command = caps.get(1).or_else(|| caps.get(2)).map_or("", |m| m.as_str());
                    if benign_member_call(line, whole.start(), command, &namespaces) {
                        continue;
                    }
                }
                if rule_id == "suspicious-network" {
                    let port: u32 = caps.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
                    if [80, 443, 8080, 8443, 3000].contains(&port) {
                        continue;
                    }
                }
                starts.push(whole.start());
            }
            if rule_id == "dangerous-exec" {
                for (alias, _) in &aliases {
                    for (pos, _) in
                        line.match_indices(&format!("{alias}(")).chain(line.match_indices(&format!("{alias} (")))
                    {
                        let before = line[..pos].chars().next_back();
                        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                            && !starts.contains(&pos)
                        {
                            starts.push(pos);
                        }
                    }
                }
            }
            for _ in starts {
                if accepted >= MAX_PER_RULE {
                    omitted += 1;
                    last_omitted = index + 1;
                    continue;
                }
                accepted += 1;
                findings.push(CodeFinding {
                    rule_id: rule_id.to_owned(),
                    severity,
                    file: file.to_owned(),
                    line: index + 1,
                    message: message.to_owned(),
                });
            }
        }
        if omitted > 0 {
            findings.push(CodeFinding {
                rule_id: format!("{rule_id}-truncated"),
                severity,
                file: file.to_owned(),
                line: last_omitted,
                message: format!("{omitted} additional {rule_id} matches omitted after {MAX_PER_RULE} findings"),
            });
        }
    }
}

/// First line matching `pattern` (with `context` somewhere in the file, or within `window` lines).
fn first_match(source: &str, pattern: Option<&Regex>, context: Option<&Regex>, window: Option<usize>) -> Option<usize> {
    let pattern = pattern?;
    let m = pattern.find(source)?;
    if context.is_some_and(|c| !c.is_match(source)) {
        return None;
    }
    let lines: Vec<&str> = source.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if !pattern.is_match(line) {
            continue;
        }
        if let (Some(context), Some(window)) = (context, window) {
            let from = i.saturating_sub(window);
            let to = (i + window + 1).min(lines.len());
            if !context.is_match(&lines[from..to].join("\n")) {
                continue;
            }
        }
        return Some(i + 1);
    }
    if window.is_some() {
        return None;
    }
    Some(source[..m.start()].matches('\n').count() + 1)
}

/// `(rule id, severity, message, pattern, required context, context window in lines)`.
type SourceRule<'a> = (&'a str, CodeSeverity, &'a str, Option<&'a Regex>, Option<&'a Regex>, Option<usize>);

/// Scans one source file.
pub fn scan_source(source: &str, file: &str) -> Vec<CodeFinding> {
    let mut findings = Vec::new();
    line_rules(source, &mut findings, file);
    let stripped = strip_comments(source);
    let rules: [SourceRule<'_>; 4] = [
        (
            "potential-exfiltration",
            CodeSeverity::Warn,
            "File read combined with network send (possible data exfiltration)",
            FILE_READ.as_ref(),
            NETWORK_SEND.as_ref(),
            None,
        ),
        (
            "obfuscated-code",
            CodeSeverity::Warn,
            "Hex-encoded string sequence (possible obfuscation)",
            HEX_RUN.as_ref(),
            None,
            None,
        ),
        (
            "obfuscated-code",
            CodeSeverity::Warn,
            "Large base64 payload decoded at runtime (possible obfuscation)",
            BASE64_DECODE.as_ref(),
            None,
            None,
        ),
        (
            "env-harvesting",
            CodeSeverity::Critical,
            "Environment variables read next to a network send (possible credential harvesting)",
            PROCESS_ENV.as_ref(),
            NETWORK_SEND.as_ref(),
            Some(8),
        ),
    ];
    for (rule_id, severity, message, pattern, context, window) in rules {
        if let Some(line) = first_match(&stripped, pattern, context, window) {
            findings.push(CodeFinding {
                rule_id: rule_id.to_owned(),
                severity,
                file: file.to_owned(),
                line,
                message: message.to_owned(),
            });
        }
    }
    findings
}

/// Scans a `SKILL.md` (its text rules; callers add [`scan_source`] of the same text).
pub fn scan_skill_content(content: &str, file: &str) -> Vec<CodeFinding> {
    let mut findings = Vec::new();
    if has_literal_secret(content) {
        let line = content
            .split('\n')
            .position(|l| has_literal_secret(l) || l.contains("PRIVATE KEY-----"))
            .map_or(1, |i| i + 1);
        findings.push(CodeFinding {
            rule_id: "literal-secret".to_owned(),
            severity: CodeSeverity::Critical,
            file: file.to_owned(),
            line,
            message: "Skill text contains a recognized literal credential".to_owned(),
        });
    }
    let rules: [(&str, CodeSeverity, &str, Option<&Regex>); 4] = [
        (
            "shell-pipe-to-shell",
            CodeSeverity::Critical,
            "Skill text pipes a download into a shell",
            PIPE_TO_SHELL.as_ref(),
        ),
        (
            "secret-exfiltration",
            CodeSeverity::Critical,
            "Skill text may send environment variables out",
            ENV_EXFIL.as_ref(),
        ),
        ("destructive-delete", CodeSeverity::Warn, "Skill text contains a broad rm -rf", RM_RF.as_ref()),
        (
            "unsafe-permissions",
            CodeSeverity::Warn,
            "Skill text makes files world-writable (chmod 777)",
            CHMOD_777.as_ref(),
        ),
    ];
    for (rule_id, severity, message, pattern) in rules {
        if let Some(line) = first_match(content, pattern, None, None) {
            findings.push(CodeFinding {
                rule_id: rule_id.to_owned(),
                severity,
                file: file.to_owned(),
                line,
                message: message.to_owned(),
            });
        }
    }
    findings
}
