//! `$include`: splitting a config over several files, resolved like OpenClaw.
//!
//! A string includes one file (it replaces the object holding it); an array deep-merges several
//! in order; sibling keys override what was included. Paths are relative to the including file
//! and must stay inside the top-level config's directory (also after following symlinks), so an
//! include cannot be used to read arbitrary files into the config. Depth is capped at 10 and
//! cycles are reported with the whole chain.

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::syntax::{self, SourceMap};

pub const INCLUDE_KEY: &str = "$include";
pub const MAX_INCLUDE_DEPTH: usize = 10;
pub const MAX_INCLUDE_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Resolves every `$include` in `value` (parsed from `file`), recording include sources in `map`.
pub fn resolve(value: Value, file: &Path, map: &mut SourceMap) -> Result<Value, Issue> {
    let root_dir = lexical_parent(file);
    let real_root = fs::canonicalize(&root_dir).unwrap_or_else(|_| root_dir.clone());
    let mut ctx = Context { root_dir, real_root, map };
    let chain = vec![normalize(file)];
    ctx.process(value, file, &KeyPath::root(), &chain)
}

struct Context<'a> {
    root_dir: PathBuf,
    real_root: PathBuf,
    map: &'a mut SourceMap,
}

impl Context<'_> {
    fn process(&mut self, value: Value, file: &Path, path: &KeyPath, chain: &[PathBuf]) -> Result<Value, Issue> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| self.process(item, file, &path.index(i), chain))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Value::Object(mut obj) => {
                let Some(spec) = obj.remove(INCLUDE_KEY) else {
                    let mut out = Map::with_capacity(obj.len());
                    for (k, v) in obj {
                        let child = path.key(&k);
                        out.insert(k, self.process(v, file, &child, chain)?);
                    }
                    return Ok(Value::Object(out));
                };
                let include_path = path.key(INCLUDE_KEY);
                let included = self.include(spec, file, path, &include_path, chain)?;
                if obj.is_empty() {
                    return Ok(included);
                }
                if !included.is_object() {
                    return Err(Issue::error(include_path, "sibling keys need the included content to be an object"));
                }
                let mut rest = Map::with_capacity(obj.len());
                for (k, v) in obj {
                    let child = path.key(&k);
                    rest.insert(k, self.process(v, file, &child, chain)?);
                }
                Ok(deep_merge(included, Value::Object(rest)))
            }
            other => Ok(other),
        }
    }

    fn include(
        &mut self,
        spec: Value,
        file: &Path,
        target: &KeyPath,
        at: &KeyPath,
        chain: &[PathBuf],
    ) -> Result<Value, Issue> {
        match spec {
            Value::String(rel) => self.load(&rel, file, target, at, chain),
            Value::Array(items) => {
                let mut merged = Value::Object(Map::new());
                for (i, item) in items.into_iter().enumerate() {
                    let Value::String(rel) = item else {
                        return Err(Issue::error(
                            at.index(i),
                            format!("expected a file path string, found {}", kind(&item)),
                        ));
                    };
                    let next = self.load(&rel, file, target, &at.index(i), chain)?;
                    merged = deep_merge(merged, next);
                }
                Ok(merged)
            }
            other => Err(Issue::error(
                at.clone(),
                format!("expected a file path or an array of file paths, found {}", kind(&other)),
            )),
        }
    }

    fn load(
        &mut self,
        rel: &str,
        file: &Path,
        target: &KeyPath,
        at: &KeyPath,
        chain: &[PathBuf],
    ) -> Result<Value, Issue> {
        let base = lexical_parent(file);
        let resolved = normalize(&base.join(rel));
        if !resolved.starts_with(&self.root_dir) {
            return Err(Issue::error(
                at.clone(),
                format!("include {rel:?} escapes the config directory {}", self.root_dir.display()),
            ));
        }
        if let Ok(real) = fs::canonicalize(&resolved)
            && !real.starts_with(&self.real_root)
        {
            return Err(Issue::error(
                at.clone(),
                format!("include {rel:?} resolves outside the config directory through a symlink"),
            ));
        }
        if chain.contains(&resolved) {
            let shown: Vec<String> = chain.iter().chain([&resolved]).map(|p| p.display().to_string()).collect();
            return Err(Issue::error(at.clone(), format!("include cycle: {}", shown.join(" -> "))));
        }
        if chain.len() > MAX_INCLUDE_DEPTH {
            return Err(Issue::error(at.clone(), format!("include depth exceeds {MAX_INCLUDE_DEPTH} at {rel:?}")));
        }
        let meta = fs::metadata(&resolved).map_err(|e| {
            Issue::error(at.clone(), format!("cannot read include {rel:?} ({}): {e}", resolved.display()))
        })?;
        if !meta.is_file() || meta.len() > MAX_INCLUDE_FILE_BYTES {
            return Err(Issue::error(
                at.clone(),
                format!("include {rel:?} must be a regular file of at most {MAX_INCLUDE_FILE_BYTES} bytes"),
            ));
        }
        let text = fs::read_to_string(&resolved).map_err(|e| {
            Issue::error(at.clone(), format!("cannot read include {rel:?} ({}): {e}", resolved.display()))
        })?;
        let parsed = syntax::parse(&text).map_err(|e| {
            Issue::error(at.clone(), format!("{}:{}:{}: {}", resolved.display(), e.line, e.column, e.message))
        })?;
        self.map.add_file(&resolved, &text, parsed.offsets, target);
        let mut next_chain = chain.to_vec();
        next_chain.push(resolved.clone());
        self.process(parsed.value, &resolved, target, &next_chain)
    }
}

/// OpenClaw's merge: arrays concatenate, objects merge recursively, anything else: `over` wins.
pub fn deep_merge(base: Value, over: Value) -> Value {
    match (base, over) {
        (Value::Array(mut a), Value::Array(b)) => {
            a.extend(b);
            Value::Array(a)
        }
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let merged = match a.remove(&k) {
                    Some(existing) => deep_merge(existing, v),
                    None => v,
                };
                a.insert(k, merged);
            }
            Value::Object(a)
        }
        (_, over) => over,
    }
}

/// The JSON type name of a value, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn lexical_parent(file: &Path) -> PathBuf {
    normalize(file).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Removes `.` and `..` without touching the disk (like Node's path.normalize on absolute paths).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for comp in path.components() {
        match comp {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
