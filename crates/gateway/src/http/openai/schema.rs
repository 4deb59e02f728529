//! Request-shape checks for the OpenAI-compatible endpoints that report the first problem the way
//! OpenClaw does (its schemas are zod 4's): `"<dotted.path>: <message>"`, e.g. `model: Invalid
//! input: expected string, received number`. Clients and tests see these texts, so the wording,
//! the order (schema key order, then unknown keys) and the collapse of a failed union into
//! `Invalid input` are kept.
//!
//! An issue is *aborting* when the value has the wrong type; range checks, unknown keys and
//! refinements are not. A union whose branches all fail reports `Invalid input` at its own path,
//! unless exactly one branch failed only softly, in which case that branch's issues are reported
//! (zod's rule, which is why an unknown key inside an `input` item is reported precisely).

use serde_json::{Map, Value};

/// One problem with a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: Vec<String>,
    pub message: String,
    /// A type mismatch (as opposed to a range, key or refinement problem).
    pub aborting: bool,
}

impl Issue {
    /// `path: message` (an empty path still gets its `: `).
    pub fn render(&self) -> String {
        format!("{}: {}", self.path.join("."), self.message)
    }
}

/// Issues collected in schema order.
#[derive(Debug, Default)]
pub struct Issues(pub Vec<Issue>);

/// zod's name for the type of `value` (`undefined` when absent).
pub fn type_name(value: Option<&Value>) -> &'static str {
    match value {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

fn child(path: &[String], key: impl Into<String>) -> Vec<String> {
    let mut next = path.to_vec();
    next.push(key.into());
    next
}

/// Whether a value may be absent (`optional`) or also `null` (`nullish`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    Nullish,
}

impl Presence {
    fn skips(self, value: Option<&Value>) -> bool {
        matches!((self, value), (Self::Optional | Self::Nullish, None) | (Self::Nullish, Some(Value::Null)))
    }
}

/// Numeric refinements.
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberRules {
    pub int: bool,
    pub positive: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Issues {
    pub fn first(&self) -> Option<&Issue> {
        self.0.first()
    }

    /// The first issue as the 400's message (both endpoints report only the first).
    pub fn first_message(&self) -> String {
        self.first().map_or_else(|| "Invalid request body".to_owned(), Issue::render)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn all_soft(&self) -> bool {
        self.0.iter().all(|issue| !issue.aborting)
    }

    pub fn push(&mut self, path: &[String], message: impl Into<String>, aborting: bool) {
        self.0.push(Issue { path: path.to_vec(), message: message.into(), aborting });
    }

    fn wrong_type(&mut self, path: &[String], expected: &str, value: Option<&Value>) {
        self.push(path, format!("Invalid input: expected {expected}, received {}", type_name(value)), true);
    }

    pub fn string(&mut self, path: &[String], value: Option<&Value>, presence: Presence) {
        if presence.skips(value) || value.is_some_and(Value::is_string) {
            return;
        }
        self.wrong_type(path, "string", value);
    }

    /// A string of at least one character; `message` replaces zod's default for the length.
    pub fn non_empty_string(
        &mut self,
        path: &[String],
        value: Option<&Value>,
        presence: Presence,
        message: Option<&str>,
    ) {
        match value {
            Some(Value::String(text)) if text.is_empty() => {
                self.push(path, message.unwrap_or("Too small: expected string to have >=1 characters"), false);
            }
            _ => self.string(path, value, presence),
        }
    }

    pub fn boolean(&mut self, path: &[String], value: Option<&Value>, presence: Presence) {
        if presence.skips(value) || value.is_some_and(Value::is_boolean) {
            return;
        }
        self.wrong_type(path, "boolean", value);
    }

    pub fn array(&mut self, path: &[String], value: Option<&Value>, presence: Presence) {
        if presence.skips(value) || value.is_some_and(Value::is_array) {
            return;
        }
        self.wrong_type(path, "array", value);
    }

    pub fn number(&mut self, path: &[String], value: Option<&Value>, presence: Presence, rules: NumberRules) {
        if presence.skips(value) {
            return;
        }
        let Some(number) = value.and_then(Value::as_f64) else {
            return self.wrong_type(path, "number", value);
        };
        if rules.int && number.fract() != 0.0 {
            return self.wrong_type(path, "int", value);
        }
        if rules.positive && number <= 0.0 {
            self.push(path, "Too small: expected number to be >0", false);
        }
        if let Some(min) = rules.min.filter(|min| number < *min) {
            self.push(path, format!("Too small: expected number to be >={min}"), false);
        }
        if let Some(max) = rules.max.filter(|max| number > *max) {
            self.push(path, format!("Too big: expected number to be <={max}"), false);
        }
    }

    pub fn one_of(&mut self, path: &[String], value: Option<&Value>, presence: Presence, options: &[&str]) {
        if presence.skips(value) || value.and_then(Value::as_str).is_some_and(|v| options.contains(&v)) {
            return;
        }
        let listed: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
        self.push(path, format!("Invalid option: expected one of {}", listed.join("|")), true);
    }

    pub fn literal(&mut self, path: &[String], value: Option<&Value>, expected: &str) {
        if value.and_then(Value::as_str) != Some(expected) {
            self.push(path, format!("Invalid input: expected \"{expected}\""), true);
        }
    }

    /// Checks that `value` is an object; returns it for field checks.
    pub fn object<'v>(
        &mut self,
        path: &[String],
        value: Option<&'v Value>,
        presence: Presence,
    ) -> Option<&'v Map<String, Value>> {
        if presence.skips(value) {
            return None;
        }
        match value {
            Some(Value::Object(map)) => Some(map),
            other => {
                self.wrong_type(path, "object", other);
                None
            }
        }
    }

    /// A `.strict()` object: keys outside `known` are reported (after the field checks).
    pub fn unknown_keys(&mut self, path: &[String], object: &Map<String, Value>, known: &[&str]) {
        let unknown: Vec<String> =
            object.keys().filter(|k| !known.contains(&k.as_str())).map(|k| format!("\"{k}\"")).collect();
        match unknown.len() {
            0 => {}
            1 => self.push(path, format!("Unrecognized key: {}", unknown.join(", ")), false),
            _ => self.push(path, format!("Unrecognized keys: {}", unknown.join(", ")), false),
        }
    }

    /// A `record(string, string)`.
    pub fn string_record(&mut self, path: &[String], value: Option<&Value>, presence: Presence) {
        if presence.skips(value) {
            return;
        }
        let Some(Value::Object(map)) = value else {
            return self.wrong_type(path, "record", value);
        };
        for (key, entry) in map {
            self.string(&child(path, key.clone()), Some(entry), Presence::Required);
        }
    }

    /// A union of alternatives, each checked into its own [`Issues`].
    pub fn union(
        &mut self,
        path: &[String],
        value: Option<&Value>,
        presence: Presence,
        branches: &[&dyn Fn(&mut Issues)],
    ) {
        if presence.skips(value) {
            return;
        }
        let mut failed: Vec<Issues> = Vec::new();
        for branch in branches {
            let mut issues = Issues::default();
            branch(&mut issues);
            if issues.is_empty() {
                return;
            }
            failed.push(issues);
        }
        let mut soft = failed.into_iter().filter(Issues::all_soft);
        match (soft.next(), soft.next()) {
            (Some(only), None) => self.0.extend(only.0),
            _ => self.push(path, "Invalid input", true),
        }
    }
}

/// `path` extended with `key` (object key or array index).
pub fn at(path: &[String], key: impl ToString) -> Vec<String> {
    child(path, key.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn messages_follow_zod() {
        let mut issues = Issues::default();
        let root = json!({"a": 5, "n": 1.5, "p": -1, "t": 3, "e": "x"});
        let map = root.as_object().cloned().unwrap_or_default();
        issues.string(&at(&[], "a"), map.get("a"), Presence::Optional);
        issues.string(&at(&[], "m"), map.get("m"), Presence::Required);
        issues.number(
            &at(&[], "n"),
            map.get("n"),
            Presence::Nullish,
            NumberRules { int: true, positive: true, ..NumberRules::default() },
        );
        issues.number(
            &at(&[], "p"),
            map.get("p"),
            Presence::Nullish,
            NumberRules { int: true, positive: true, ..NumberRules::default() },
        );
        issues.number(
            &at(&[], "t"),
            map.get("t"),
            Presence::Optional,
            NumberRules { min: Some(0.0), max: Some(2.0), ..NumberRules::default() },
        );
        issues.one_of(&at(&[], "e"), map.get("e"), Presence::Optional, &["auto", "disabled"]);
        issues.unknown_keys(&[], &map, &["a", "n", "p", "t"]);
        let rendered: Vec<String> = issues.0.iter().map(Issue::render).collect();
        assert_eq!(
            rendered,
            [
                "a: Invalid input: expected string, received number",
                "m: Invalid input: expected string, received undefined",
                "n: Invalid input: expected int, received number",
                "p: Too small: expected number to be >0",
                "t: Too big: expected number to be <=2",
                "e: Invalid option: expected one of \"auto\"|\"disabled\"",
                ": Unrecognized key: \"e\"",
            ]
        );
    }
}
