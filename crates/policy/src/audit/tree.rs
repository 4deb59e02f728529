//! Reading the config tree the way OpenClaw's checks do: optional chaining over plain JSON.
//!
//! The audit works on the resolved tree rather than the typed `Config` because OpenClaw's checks
//! distinguish "unset" from "set to the default" (`enabled !== false`, `=== true`) and read keys
//! the typed model does not carry.

use serde_json::{Map, Value};

/// The value at a dotted path (`"gateway.auth.mode"`); array indexes are not traversed.
pub fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(root, |v, key| v.as_object()?.get(key))
}

/// The value under `key` of `v` when `v` is an object.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object()?.get(key)
}

pub fn str_at<'a>(root: &'a Value, path: &str) -> Option<&'a str> {
    at(root, path)?.as_str()
}

/// `value === true`.
pub fn is_true(root: &Value, path: &str) -> bool {
    at(root, path).and_then(Value::as_bool) == Some(true)
}

/// `value === false`.
pub fn is_false(root: &Value, path: &str) -> bool {
    at(root, path).and_then(Value::as_bool) == Some(false)
}

pub fn obj_at<'a>(root: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
    at(root, path)?.as_object()
}

pub fn arr_at<'a>(root: &'a Value, path: &str) -> Option<&'a Vec<Value>> {
    at(root, path)?.as_array()
}

/// Trimmed non-empty string (OpenClaw's `normalizeOptionalString`).
pub fn trimmed(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// Trimmed, non-empty string entries of an array (non-strings dropped).
pub fn string_entries(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| match item {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether an array holds `"*"` (numbers stringified, whitespace trimmed).
pub fn has_wildcard(v: Option<&Value>) -> bool {
    string_entries(v).iter().any(|s| s == "*")
}

/// A non-empty object or array.
pub fn non_empty(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    }
}

/// `[a, b, c]` → `"- a\n- b\n- c"`.
pub fn bullets<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("- {}", s.as_ref())).collect::<Vec<_>>().join("\n")
}

/// Removes duplicates, keeping the first occurrence.
pub fn unique(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
