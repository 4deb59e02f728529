//! RFC 7396 JSON merge patch as `config.patch` applies it: `null` deletes, objects merge
//! recursively, anything else replaces — except that an array of objects that all carry a
//! string `id` is merged entry by entry (`agents.list`, `bindings`), so a patch can change one
//! agent without restating the others. Patch entries with a new or missing `id` are appended.
//! Prototype-polluting keys (`__proto__`, `constructor`, `prototype`) are ignored, as OpenClaw does.

use serde_json::{Map, Value};

/// Applies `patch` to `base` and returns the result.
pub fn merge_patch(base: &Value, patch: &Value) -> Value {
    let Value::Object(patch) = patch else { return patch.clone() };
    let mut result = match base {
        Value::Object(base) => base.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch {
        if is_blocked_key(key) {
            continue;
        }
        if value.is_null() {
            result.remove(key);
            continue;
        }
        if let (Some(Value::Array(current)), Value::Array(entries)) = (result.get(key), value)
            && let Some(merged) = merge_by_id(current, entries)
        {
            result.insert(key.clone(), Value::Array(merged));
            continue;
        }
        if value.is_object() {
            let current = result.get(key).filter(|v| v.is_object()).cloned().unwrap_or(Value::Object(Map::new()));
            result.insert(key.clone(), merge_patch(&current, value));
            continue;
        }
        result.insert(key.clone(), value.clone());
    }
    Value::Object(result)
}

fn is_blocked_key(key: &str) -> bool {
    matches!(key, "__proto__" | "constructor" | "prototype")
}

fn id_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("id")?.as_str().filter(|id| !id.is_empty())
}

/// `None` when `base` is not entirely id-keyed objects: the caller then replaces the array.
fn merge_by_id(base: &[Value], patch: &[Value]) -> Option<Vec<Value>> {
    if !base.iter().all(|v| id_of(v).is_some()) {
        return None;
    }
    let mut merged = base.to_vec();
    for entry in patch {
        let position = id_of(entry).and_then(|id| merged.iter().position(|m| id_of(m) == Some(id)));
        match position {
            Some(index) => merged[index] = merge_patch(&merged[index], entry),
            None => merged.push(entry.clone()),
        }
    }
    Some(merged)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::merge_patch;

    #[test]
    fn null_deletes_objects_merge_scalars_replace() {
        let base = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2]});
        let patch = json!({"a": null, "b": {"c": 9}, "e": [3], "f": "new"});
        assert_eq!(merge_patch(&base, &patch), json!({"b": {"c": 9, "d": 3}, "e": [3], "f": "new"}));
    }

    #[test]
    fn arrays_of_objects_merge_by_id_and_append_new_entries() {
        let base = json!({"agents": {"list": [{"id": "main", "model": "a"}, {"id": "work", "model": "b"}]}});
        let patch = json!({"agents": {"list": [{"id": "work", "model": "c"}, {"id": "new"}, {"name": "no id"}]}});
        assert_eq!(
            merge_patch(&base, &patch),
            json!({"agents": {"list": [
                {"id": "main", "model": "a"}, {"id": "work", "model": "c"}, {"id": "new"}, {"name": "no id"}
            ]}})
        );
    }

    #[test]
    fn arrays_not_fully_id_keyed_are_replaced() {
        let base = json!({"x": [{"id": "a"}, {"name": "b"}]});
        assert_eq!(merge_patch(&base, &json!({"x": [{"id": "a", "v": 1}]})), json!({"x": [{"id": "a", "v": 1}]}));
    }

    #[test]
    fn prototype_keys_are_ignored() {
        assert_eq!(merge_patch(&json!({}), &json!({"__proto__": {"polluted": true}, "ok": 1})), json!({"ok": 1}));
    }
}
