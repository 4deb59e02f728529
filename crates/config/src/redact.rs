//! Hiding secrets in config shown to clients (`config.get`, `config get`) and putting them back
//! when a client writes the config it was shown: every string under a secret-looking key
//! becomes OpenClaw's sentinel `__OPENCLAW_REDACTED__`, and a write that still carries the
//! sentinel gets the current value restored at the same path — or is refused when there is none,
//! so the sentinel can never become someone's real token.

use openclaw_policy::secret_path::{REDACTED_SENTINEL, is_secret_path};
use serde_json::Value;

use crate::edit;
use crate::key_path::{KeyPath, PathSeg};

/// Replaces every string under a secret-looking key with the sentinel.
pub fn redact_value(value: &mut Value, path: &KeyPath) {
    match value {
        Value::String(s) if is_secret_path(&dotted(path)) => *s = REDACTED_SENTINEL.to_owned(),
        Value::Array(items) => {
            for item in items.iter_mut() {
                // Array items inherit their key's sensitivity (`apiKeys: [...]`).
                redact_value(item, path);
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                redact_value(v, &path.key(k));
            }
        }
        _ => {}
    }
}

/// The config file text with every secret string replaced by the sentinel, comments and
/// layout kept. `parsed` is the file's parsed value (before includes and `${VAR}`).
pub fn redact_text(text: &str, parsed: &Value) -> String {
    let mut paths = Vec::new();
    secret_string_paths(parsed, &KeyPath::root(), &mut paths);
    let mut out = text.to_owned();
    for path in paths {
        if let Ok(next) = edit::set(&out, &path, &Value::String(REDACTED_SENTINEL.to_owned())) {
            out = next;
        } else {
            // A value the CST cannot address is hidden by blanking the whole text instead of
            // risking a leak.
            return String::new();
        }
    }
    out
}

fn secret_string_paths(value: &Value, path: &KeyPath, out: &mut Vec<KeyPath>) {
    match value {
        Value::String(_) if is_secret_path(&dotted(path)) => out.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_string() {
                    if is_secret_path(&dotted(path)) {
                        out.push(path.index(i));
                    }
                } else {
                    secret_string_paths(item, &path.index(i), out);
                }
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj {
                secret_string_paths(v, &path.key(k), out);
            }
        }
        _ => {}
    }
}

/// Puts the current values back wherever `next` still holds the sentinel. Errors name the
/// first sentinel that has no current value to restore.
pub fn restore_redacted(next: &mut Value, current: &Value, path: &KeyPath) -> Result<(), KeyPath> {
    match next {
        Value::String(s) if s == REDACTED_SENTINEL => match current {
            Value::String(original) => {
                *s = original.clone();
                Ok(())
            }
            _ => Err(path.clone()),
        },
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let here = current.get(i).unwrap_or(&Value::Null);
                restore_redacted(item, here, &path.index(i))?;
            }
            Ok(())
        }
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                let here = current.get(k).unwrap_or(&Value::Null);
                restore_redacted(v, here, &path.key(k))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `a.b[0].c` → `a.b.0.c`, the form the secret-path patterns are written against.
fn dotted(path: &KeyPath) -> String {
    path.segments()
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(k) => k.clone(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn text_redaction_keeps_comments_and_hides_tokens() {
        let text = "{\n  // the gateway\n  gateway: { auth: { token: \"abc123secret\" }, port: 1 },\n}\n";
        let parsed = json!({"gateway": {"auth": {"token": "abc123secret"}, "port": 1}});
        let out = redact_text(text, &parsed);
        assert!(out.contains("// the gateway"), "{out}");
        assert!(out.contains(REDACTED_SENTINEL), "{out}");
        assert!(!out.contains("abc123secret"), "{out}");
    }

    #[test]
    fn sentinel_round_trips_to_the_current_value() {
        let current = json!({"gateway": {"auth": {"token": "real"}}});
        let mut next = current.clone();
        redact_value(&mut next, &KeyPath::root());
        assert_eq!(next["gateway"]["auth"]["token"], REDACTED_SENTINEL);
        restore_redacted(&mut next, &current, &KeyPath::root()).unwrap();
        assert_eq!(next, current);
    }

    #[test]
    fn sentinel_without_a_current_value_is_refused() {
        let mut next = json!({"hooks": {"token": REDACTED_SENTINEL}});
        let err = restore_redacted(&mut next, &json!({}), &KeyPath::root()).unwrap_err();
        assert_eq!(err.to_string(), "hooks.token");
    }
}
