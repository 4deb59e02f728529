//! How values and expectations are spelled in one-line messages.

use serde_json::Value;

/// Longest string shown verbatim; longer ones are cut so a pasted secret cannot flood the line.
const SHOW_CHARS: usize = 60;
/// Longest list of allowed values shown in full.
const SHOW_VALUES: usize = 12;

/// A string as it would appear in JSON, shortened if long.
pub(crate) fn quote(text: &str) -> String {
    if text.chars().count() > SHOW_CHARS {
        let cut: String = text.chars().take(SHOW_CHARS).collect();
        let quoted = serde_json::to_string(&cut).unwrap_or_default();
        format!("{}…\"", quoted.trim_end_matches('"'))
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// The value itself, for messages that already say what kind was expected ("found 0", "found
/// \"public\"").
pub(crate) fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Array(items) => format!("an array of {} item{}", items.len(), plural(items.len())),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

/// The value with its kind, for type mismatches ("found string \"yes\"").
pub(crate) fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {}", quote(s)),
        Value::Array(items) => format!("array ({} item{})", items.len(), plural(items.len())),
        Value::Object(_) => "object".to_owned(),
    }
}

/// "a", "a or b", "a, b or c".
pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `expected "auto"` or `expected one of "a", "b", …`.
pub(crate) fn expected_values(values: &[Value]) -> String {
    let mut shown: Vec<String> = Vec::new();
    for v in values {
        let text = literal(v);
        if !shown.contains(&text) {
            shown.push(text);
        }
    }
    match shown.len() {
        0 => "expected no value at all".to_owned(),
        1 => format!("expected {}", shown[0]),
        n if n > SHOW_VALUES => {
            format!("expected one of {}, … ({} more)", shown[..SHOW_VALUES].join(", "), n - SHOW_VALUES)
        }
        _ => format!("expected one of {}", shown.join(", ")),
    }
}

/// A bound as people write it: `1`, not `1.0`.
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e17 { format!("{}", n as i64) } else { format!("{n}") }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn plural_u64(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
