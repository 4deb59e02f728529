//! Surgical edits of JSON5 text: change one value, keep every comment and all other formatting.
//!
//! jsonc-parser's concrete syntax tree lets us replace or remove a single property in place, so
//! `openclaw config set` does not rewrite the user's hand-formatted file. New keys are appended
//! at the end of their object (jsonc-parser writes their names quoted).

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstArray, CstInputValue, CstObject, CstRootNode};
use serde_json::Value;

use crate::key_path::{KeyPath, PathSeg};

/// Why an edit could not be made; the message is one line for the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

enum Container {
    Object(CstObject),
    Array(CstArray),
}

/// Sets `path` to `value` in `text`, creating missing objects (or arrays, before an index).
pub fn set(text: &str, path: &KeyPath, value: &Value) -> Result<String, EditError> {
    let root = parse(text)?;
    let segs = path.segments();
    let Some((last, parents)) = segs.split_last() else {
        return Err(EditError("cannot replace the whole config with `set`; name a key".to_owned()));
    };
    let mut current = Container::Object(root.object_value_or_set());
    for (i, seg) in parents.iter().enumerate() {
        let next_is_index = matches!(segs.get(i + 1), Some(PathSeg::Index(_)));
        current = step_create(current, seg, next_is_index, path)?;
    }
    match current {
        Container::Object(obj) => {
            let key = key_name(last);
            match obj.get(&key) {
                Some(prop) => prop.set_value(to_input(value)),
                None => {
                    obj.append(&key, to_input(value));
                }
            }
        }
        Container::Array(arr) => {
            let index = as_index(last, path)?;
            let elements = arr.elements();
            if index < elements.len() {
                if let Some(old) = elements.into_iter().nth(index) {
                    old.remove();
                }
                arr.insert(index, to_input(value));
            } else if index == elements.len() {
                arr.append(to_input(value));
            } else {
                return Err(out_of_range(index, elements.len(), path));
            }
        }
    }
    Ok(root.to_string())
}

/// Removes `path` from `text`. `Ok(None)` when the path is not in this file.
pub fn unset(text: &str, path: &KeyPath) -> Result<Option<String>, EditError> {
    let root = parse(text)?;
    let segs = path.segments();
    let Some((last, parents)) = segs.split_last() else {
        return Err(EditError("cannot remove the whole config; name a key".to_owned()));
    };
    let Some(obj) = root.object_value() else { return Ok(None) };
    let mut current = Container::Object(obj);
    for seg in parents {
        match step_existing(current, seg) {
            Some(next) => current = next,
            None => return Ok(None),
        }
    }
    match current {
        Container::Object(obj) => match obj.get(&key_name(last)) {
            Some(prop) => prop.remove(),
            None => return Ok(None),
        },
        Container::Array(arr) => {
            let Some(index) = index_of(last) else { return Ok(None) };
            match arr.elements().into_iter().nth(index) {
                Some(node) => node.remove(),
                None => return Ok(None),
            }
        }
    }
    Ok(Some(root.to_string()))
}

fn parse(text: &str) -> Result<CstRootNode, EditError> {
    CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| {
        EditError(format!("config file does not parse at {}:{}: {}", e.line_display(), e.column_display(), e.kind()))
    })
}

fn step_create(current: Container, seg: &PathSeg, next_is_index: bool, path: &KeyPath) -> Result<Container, EditError> {
    match current {
        Container::Object(obj) => {
            let key = key_name(seg);
            let existing = obj.get(&key).and_then(|p| p.value());
            if let Some(node) = existing {
                if let Some(o) = node.as_object() {
                    return Ok(Container::Object(o));
                }
                if let Some(a) = node.as_array() {
                    return Ok(Container::Array(a));
                }
            }
            // Like OpenClaw, a scalar in the way is replaced by a fresh container.
            Ok(if next_is_index {
                Container::Array(obj.array_value_or_set(&key))
            } else {
                Container::Object(obj.object_value_or_set(&key))
            })
        }
        Container::Array(arr) => {
            let index = as_index(seg, path)?;
            let elements = arr.elements();
            let len = elements.len();
            if let Some(node) = elements.into_iter().nth(index) {
                if let Some(o) = node.as_object() {
                    return Ok(Container::Object(o));
                }
                if let Some(a) = node.as_array() {
                    return Ok(Container::Array(a));
                }
                node.remove();
                let fresh = arr.insert(index, empty(next_is_index));
                return container_of(fresh.as_object(), fresh.as_array(), path);
            }
            if index == len {
                let fresh = arr.append(empty(next_is_index));
                return container_of(fresh.as_object(), fresh.as_array(), path);
            }
            Err(out_of_range(index, len, path))
        }
    }
}

fn container_of(obj: Option<CstObject>, arr: Option<CstArray>, path: &KeyPath) -> Result<Container, EditError> {
    obj.map(Container::Object)
        .or_else(|| arr.map(Container::Array))
        .ok_or_else(|| EditError(format!("cannot create a container at {path}")))
}

fn step_existing(current: Container, seg: &PathSeg) -> Option<Container> {
    let node = match current {
        Container::Object(obj) => obj.get(&key_name(seg))?.value()?,
        Container::Array(arr) => arr.elements().into_iter().nth(index_of(seg)?)?,
    };
    node.as_object().map(Container::Object).or_else(|| node.as_array().map(Container::Array))
}

fn empty(array: bool) -> CstInputValue {
    if array { CstInputValue::Array(Vec::new()) } else { CstInputValue::Object(Vec::new()) }
}

fn key_name(seg: &PathSeg) -> String {
    match seg {
        PathSeg::Key(k) => k.clone(),
        PathSeg::Index(i) => i.to_string(),
    }
}

/// `a.0` addresses an array element too, as in OpenClaw's CLI.
fn index_of(seg: &PathSeg) -> Option<usize> {
    match seg {
        PathSeg::Index(i) => Some(*i),
        PathSeg::Key(k) => k.parse().ok(),
    }
}

fn as_index(seg: &PathSeg, path: &KeyPath) -> Result<usize, EditError> {
    index_of(seg)
        .ok_or_else(|| EditError(format!("{path}: expected a numeric index for an array, found {:?}", key_name(seg))))
}

fn out_of_range(index: usize, len: usize, path: &KeyPath) -> EditError {
    EditError(format!("{path}: index {index} is past the end of the array ({len} items)"))
}

pub fn to_input(value: &Value) -> CstInputValue {
    match value {
        Value::Null => CstInputValue::Null,
        Value::Bool(b) => CstInputValue::Bool(*b),
        Value::Number(n) => CstInputValue::Number(n.to_string()),
        Value::String(s) => CstInputValue::String(s.clone()),
        Value::Array(items) => CstInputValue::Array(items.iter().map(to_input).collect()),
        Value::Object(obj) => CstInputValue::Object(obj.iter().map(|(k, v)| (k.clone(), to_input(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    const TEXT: &str = "// my gateway\n{\n  gateway: {\n    port: 18789, // default port\n    bind: 'loopback',\n  },\n  /* tools */\n  tools: { deny: ['exec'] },\n}\n";

    fn p(s: &str) -> KeyPath {
        KeyPath::parse(s).unwrap()
    }

    fn value_of(text: &str) -> Value {
        crate::syntax::parse(text).unwrap().value
    }

    #[test]
    fn set_existing_value_keeps_comments() {
        let out = set(TEXT, &p("gateway.port"), &json!(19000)).unwrap();
        assert!(
            out.contains("// my gateway") && out.contains("// default port") && out.contains("/* tools */"),
            "{out}"
        );
        assert!(out.contains("port: 19000"), "{out}");
        assert_eq!(value_of(&out)["gateway"]["bind"], "loopback");
    }

    #[test]
    fn set_creates_missing_objects() {
        let out = set(TEXT, &p("gateway.auth.token"), &json!("abc")).unwrap();
        assert_eq!(value_of(&out)["gateway"]["auth"], json!({"token": "abc"}));
        assert!(out.contains("// default port"));
    }

    #[test]
    fn set_into_arrays() {
        let out = set(TEXT, &p("tools.deny[1]"), &json!("cron")).unwrap();
        assert_eq!(value_of(&out)["tools"]["deny"], json!(["exec", "cron"]));
        let out = set(&out, &p("tools.deny.0"), &json!("gateway")).unwrap();
        assert_eq!(value_of(&out)["tools"]["deny"], json!(["gateway", "cron"]));
        let err = set(&out, &p("tools.deny[5]"), &json!("x")).unwrap_err();
        assert!(err.0.contains("index 5 is past the end"), "{err:?}");
        let out = set("{}", &p("agents.list[0].id"), &json!("main")).unwrap();
        assert_eq!(value_of(&out), json!({"agents": {"list": [{"id": "main"}]}}));
    }

    #[test]
    fn set_whole_objects() {
        let out = set(
            "{}",
            &p("channels.whatsapp"),
            &json!({"dmPolicy": "pairing", "groups": {"*": {"requireMention": true}}}),
        )
        .unwrap();
        assert_eq!(value_of(&out)["channels"]["whatsapp"]["groups"]["*"]["requireMention"], json!(true));
    }

    #[test]
    fn unset_removes_only_that_key() {
        let out = unset(TEXT, &p("gateway.bind")).unwrap().unwrap();
        assert_eq!(value_of(&out)["gateway"], json!({"port": 18789}));
        assert!(out.contains("// default port"));
        assert_eq!(unset(TEXT, &p("gateway.nope")).unwrap(), None);
        assert_eq!(unset(TEXT, &p("nope.deeper")).unwrap(), None);
        let out = unset(TEXT, &p("tools.deny[0]")).unwrap().unwrap();
        assert_eq!(value_of(&out)["tools"]["deny"], json!([]));
    }

    #[test]
    fn empty_file_gets_an_object() {
        let out = set("", &p("gateway.mode"), &json!("local")).unwrap();
        assert_eq!(value_of(&out), json!({"gateway": {"mode": "local"}}));
    }
}
