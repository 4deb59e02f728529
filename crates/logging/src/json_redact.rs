//! Redacting JSON lines without breaking them.
//!
//! Redacting the serialized line is fast and catches rules that need the key (`"token": "…"`),
//! but a mask can cut an escape sequence in half (`…\` before a quote) and JSON escaping hides
//! text from the rules (`\"token\"`, `\n` inside a PEM key). So the raw line is used only when it
//! has no escapes and stays valid JSON; otherwise each decoded string is redacted on its own and
//! the line re-serialized.

use std::borrow::Cow;

use openclaw_policy::redact::{Redactor, mask_token};
use serde_json::{Map, Value};

/// Redacts every line of `text` (normally exactly one), keeping line endings.
pub(crate) fn redact_json_lines<'t>(redactor: &Redactor, text: &'t str) -> Cow<'t, str> {
    if !text.trim_end_matches('\n').contains('\n') {
        return redact_json_line(redactor, text);
    }
    let mut changed = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let redacted = redact_json_line(redactor, line);
        changed |= matches!(redacted, Cow::Owned(_));
        out.push_str(&redacted);
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(text) }
}

fn redact_json_line<'t>(redactor: &Redactor, line: &'t str) -> Cow<'t, str> {
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    if !body.contains('\\') {
        match redactor.redact(body) {
            Cow::Borrowed(_) => return Cow::Borrowed(line),
            Cow::Owned(redacted) if is_json(&redacted) => {
                return Cow::Owned(redacted + ending);
            }
            Cow::Owned(_) => {}
        }
    }
    let Ok(mut value) = serde_json::from_str::<Value>(body) else {
        // Not JSON after all (a foreign writer): redact it as text.
        return redactor.redact(line);
    };
    if !redact_value(redactor, &mut value) {
        return Cow::Borrowed(line);
    }
    match serde_json::to_string(&value) {
        Ok(serialized) => Cow::Owned(serialized + ending),
        Err(_) => redactor.redact(line),
    }
}

fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Redacts every string in `value`; true if anything changed.
fn redact_value(redactor: &Redactor, value: &mut Value) -> bool {
    match value {
        Value::String(text) => redact_string(redactor, text),
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| redact_value(redactor, item) | changed),
        Value::Object(members) => redact_members(redactor, members),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

fn redact_members(redactor: &Redactor, members: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    for (key, member) in members.iter_mut() {
        changed |= match member {
            Value::String(text) => redact_string(redactor, text) || redact_by_key(redactor, key, text),
            other => redact_value(redactor, other),
        };
    }
    changed
}

fn redact_string(redactor: &Redactor, text: &mut String) -> bool {
    match redactor.redact(text) {
        Cow::Borrowed(_) => false,
        Cow::Owned(redacted) => {
            *text = redacted;
            true
        }
    }
}

/// Some rules recognise a secret only by its key (`"token": "…"`). Show the rules the member as
/// it would be serialized; if they object, the whole value is the secret.
fn redact_by_key(redactor: &Redactor, key: &str, text: &mut String) -> bool {
    let member = format!("{}:{}", Value::String(key.to_owned()), Value::String(text.clone()));
    if matches!(redactor.redact(&member), Cow::Borrowed(_)) {
        return false;
    }
    *text = mask_token(text);
    true
}

#[cfg(test)]
mod tests;
