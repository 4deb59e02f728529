//! Terminal output helpers: colors only on a terminal, JSON always pretty and stable.

use std::io::Write;

use openclaw_config::{Issue, Severity};

pub fn paint(color: bool, code: &str, text: &str) -> String {
    if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
}

pub fn issue_line(color: bool, issue: &Issue, short: impl Fn(&std::path::Path) -> String) -> String {
    let (mark, code) = match issue.severity {
        Severity::Error => ("×", "31"),
        Severity::Warning => ("!", "33"),
        Severity::Notice => ("·", "2"),
    };
    let at = match &issue.location {
        Some(loc) => format!("{}:{}:{} — ", short(&loc.file), loc.line, loc.column),
        None => String::new(),
    };
    format!("  {} {at}{}: {}", paint(color, code, mark), issue.path, issue.message)
}

pub fn issue_json(issue: &Issue) -> serde_json::Value {
    let mut v = serde_json::json!({
        "path": issue.path.to_string(),
        "message": issue.message,
        "severity": issue.severity,
    });
    if let Some(loc) = &issue.location {
        v["file"] = loc.file.display().to_string().into();
        v["line"] = loc.line.into();
        v["column"] = loc.column.into();
    }
    v
}

/// Writes to stdout, ignoring a closed pipe (`openclaw config get x | head`).
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

pub fn json(value: &serde_json::Value) {
    out(&serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned()));
}
