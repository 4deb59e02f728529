//! `$include` files of the config, found by walking the raw files (not the merged tree), so
//! their permissions can be judged and tightened. Same rules as the loader: paths relative to the
//! including file, at most 10 levels deep.

use std::path::{Path, PathBuf};

use serde_json::Value;

const MAX_DEPTH: usize = 10;

/// Include targets named in one parsed document, with the dotted path they are merged at.
fn direct_includes(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            match map.get("$include") {
                Some(Value::String(s)) => out.push((s.clone(), path.to_owned())),
                Some(Value::Array(items)) => {
                    out.extend(items.iter().filter_map(Value::as_str).map(|s| (s.to_owned(), path.to_owned())));
                }
                _ => {}
            }
            for (key, child) in map.iter().filter(|(k, _)| k.as_str() != "$include") {
                let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                direct_includes(child, &child_path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| direct_includes(item, path, out)),
        _ => {}
    }
}

/// The config document and every include document: `(file, parsed value, merge path)`.
pub fn documents(config_path: &Path, raw: &str) -> Vec<(PathBuf, Value, String)> {
    let mut out = Vec::new();
    let Ok(parsed) = openclaw_config::syntax::parse(raw) else { return out };
    let mut queue = vec![(config_path.to_path_buf(), parsed.value, String::new(), 0usize)];
    let mut seen: Vec<PathBuf> = vec![config_path.to_path_buf()];
    while let Some((file, value, prefix, depth)) = queue.pop() {
        if depth < MAX_DEPTH {
            let mut targets = Vec::new();
            direct_includes(&value, &prefix, &mut targets);
            let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
            for (target, at) in targets {
                let path = normalize(&base.join(target.trim()));
                if seen.contains(&path) {
                    continue;
                }
                seen.push(path.clone());
                let parsed = std::fs::read_to_string(&path).ok().and_then(|t| openclaw_config::syntax::parse(&t).ok());
                match parsed {
                    Some(parsed) => queue.push((path, parsed.value, at, depth + 1)),
                    None => out.push((path, Value::Null, at)),
                }
            }
        }
        out.push((file, value, prefix));
    }
    out
}

/// Include files (not the config itself), in discovery order.
pub fn include_files(config_path: &Path, raw: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        documents(config_path, raw).into_iter().map(|(file, _, _)| file).filter(|f| f != config_path).collect();
    files.reverse();
    files
}

/// `.` and `..` removed without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
