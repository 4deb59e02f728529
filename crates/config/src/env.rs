//! The environment a config is resolved against, and `${VAR}` substitution.
//!
//! Sources, first one wins for each name (OpenClaw never lets a later source override an
//! existing, non-empty variable): the process environment, `./.env`, `<stateDir>/.env`, then the
//! config's own `env` block (`env.vars` and string entries of `env`). The result is a plain map
//! handed to whoever spawns processes later; this crate never mutates the process environment.

use std::collections::BTreeMap;
use std::path::Path;

use openclaw_policy::host_env::{EnvNameVerdict, classify_env_name};
use serde_json::Value;

use crate::issue::Issue;
use crate::key_path::KeyPath;

/// Variables visible to `${VAR}` substitution and, later, to spawned processes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvMap {
    vars: BTreeMap<String, String>,
}

impl EnvMap {
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self { vars: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// A value that is set and not blank, as OpenClaw treats "set".
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Adds `name=value` unless a non-empty value is already present.
    fn fill(&mut self, name: &str, value: &str) {
        if self.non_empty(name).is_none() {
            self.vars.insert(name.to_owned(), value.to_owned());
        }
    }

    /// Fills from a dotenv file; a missing file is fine, a malformed one is reported.
    pub fn fill_from_dotenv(&mut self, path: &Path) -> Result<(), Issue> {
        let iter = match dotenvy::from_path_iter(path) {
            Ok(iter) => iter,
            Err(dotenvy::Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Issue::error(KeyPath::root(), format!("cannot read {}: {e}", path.display()))),
        };
        for item in iter {
            let (k, v) = item.map_err(|e| Issue::error(KeyPath::root(), format!("{}: {e}", path.display())))?;
            self.fill(&k, &v);
        }
        Ok(())
    }

    /// Applies the config's `env` block. Dangerous names (LD_PRELOAD, NODE_OPTIONS, HOME, …) are
    /// skipped with a warning rather than set, as in OpenClaw.
    pub fn fill_from_config_block(&mut self, block: Option<&Value>) -> Vec<Issue> {
        let mut warnings = Vec::new();
        let Some(Value::Object(env)) = block else { return warnings };
        let base = KeyPath::root().key("env");
        let mut entries: Vec<(KeyPath, &str, &str)> = Vec::new();
        if let Some(Value::Object(vars)) = env.get("vars") {
            for (k, v) in vars {
                if let Value::String(s) = v {
                    entries.push((base.key("vars").key(k), k, s));
                }
            }
        }
        for (k, v) in env {
            if k == "vars" || k == "shellEnv" {
                continue;
            }
            if let Value::String(s) = v {
                entries.push((base.key(k), k, s));
            }
        }
        for (path, name, value) in entries {
            if value.trim().is_empty() {
                continue;
            }
            match classify_env_name(name) {
                EnvNameVerdict::Allowed => self.fill(name.trim(), value),
                EnvNameVerdict::NotPortable => {
                    warnings.push(Issue::warning(path, format!("{name:?} is not a valid variable name; ignored")))
                }
                EnvNameVerdict::Dangerous | EnvNameVerdict::DangerousOverride => warnings.push(Issue::warning(
                    path,
                    format!("{name} can change what code other processes run; it is never set from config"),
                )),
            }
        }
        warnings
    }
}

fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_uppercase())
        && chars.all(|c| c == '_' || c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Replaces `${VAR}` in every string of `value`; `$${VAR}` yields a literal `${VAR}`.
/// Only upper-case names are variables, so `${lower}` stays as written. A missing or empty
/// variable is an error naming where it was referenced; all of them are reported.
pub fn substitute(value: &mut Value, env: &EnvMap, path: &KeyPath, issues: &mut Vec<Issue>) {
    match value {
        Value::String(s) if s.contains('$') => match substitute_str(s, env) {
            Ok(out) => *s = out,
            Err(missing) => issues.push(Issue::error(
                path.clone(),
                format!("missing env var \"{missing}\" (set it, or write $${{{missing}}} for a literal)"),
            )),
        },
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                substitute(item, env, &path.index(i), issues);
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                substitute(v, env, &path.key(k), issues);
            }
        }
        _ => {}
    }
}

/// Whether a string holds a `${VAR}` reference (used to keep references when writing back).
pub fn has_var_reference(s: &str) -> bool {
    substitute_str(s, &EnvMap::default()).is_err()
}

fn substitute_str(s: &str, env: &EnvMap) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(name) = braced_name(tail.strip_prefix("$$")) {
            out.push_str("${");
            out.push_str(name);
            out.push('}');
            rest = &tail[3 + name.len() + 1..];
            continue;
        }
        if let Some(name) = braced_name(tail.strip_prefix('$')) {
            let value = env.non_empty(name).ok_or_else(|| name.to_owned())?;
            out.push_str(value);
            rest = &tail[2 + name.len() + 1..];
            continue;
        }
        out.push('$');
        rest = &tail[1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `{NAME}...` → `NAME` when NAME is a variable name.
fn braced_name(s: Option<&str>) -> Option<&str> {
    let inner = s?.strip_prefix('{')?;
    let end = inner.find('}')?;
    let name = &inner[..end];
    is_var_name(name).then_some(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn env() -> EnvMap {
        EnvMap::from_pairs([("TOKEN", "t0k"), ("BASE", "http://h"), ("EMPTY", "")])
    }

    #[test]
    fn substitution_rules() {
        let cases = [
            ("${TOKEN}", Ok("t0k")),
            ("${BASE}/v1", Ok("http://h/v1")),
            ("$${TOKEN}", Ok("${TOKEN}")),
            ("a$b", Ok("a$b")),
            ("${lower}", Ok("${lower}")),
            ("${UNCLOSED", Ok("${UNCLOSED")),
            ("$$", Ok("$$")),
            ("${MISSING}", Err("MISSING")),
            ("${EMPTY}", Err("EMPTY")),
        ];
        for (input, want) in cases {
            let got = substitute_str(input, &env());
            assert_eq!(got.as_deref().map_err(String::as_str), want, "{input}");
        }
    }

    #[test]
    fn every_missing_variable_is_reported_with_its_path() {
        let mut value = json!({"gateway": {"auth": {"token": "${NOPE}"}}, "list": ["${ALSO_NOPE}", "${TOKEN}"]});
        let mut issues = Vec::new();
        substitute(&mut value, &env(), &KeyPath::root(), &mut issues);
        let shown: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "gateway.auth.token: missing env var \"NOPE\" (set it, or write $${NOPE} for a literal)",
                "list[0]: missing env var \"ALSO_NOPE\" (set it, or write $${ALSO_NOPE} for a literal)",
            ]
        );
        assert_eq!(value["list"][1], "t0k");
    }

    #[test]
    fn config_block_never_overrides_and_skips_dangerous_names() {
        let mut env = EnvMap::from_pairs([("EXISTING", "keep")]);
        let block = json!({"EXISTING": "new", "FOO": "1", "LD_PRELOAD": "/x.so", "vars": {"BAR": "2", "HOME": "/tmp"}, "shellEnv": {"enabled": false}});
        let warnings = env.fill_from_config_block(Some(&block));
        assert_eq!(env.get("EXISTING"), Some("keep"));
        assert_eq!(env.get("FOO"), Some("1"));
        assert_eq!(env.get("BAR"), Some("2"));
        assert_eq!(env.get("LD_PRELOAD"), None);
        assert_eq!(env.get("HOME"), None);
        let paths: Vec<String> = warnings.iter().map(|w| w.path.to_string()).collect();
        assert_eq!(paths, ["env.vars.HOME", "env.LD_PRELOAD"]);
    }

    #[test]
    fn dotenv_fills_without_overriding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "TOKEN=other\nNEW_ONE=\"quoted value\"\n").unwrap();
        let mut env = env();
        env.fill_from_dotenv(&path).unwrap();
        env.fill_from_dotenv(&dir.path().join("missing.env")).unwrap();
        assert_eq!(env.get("TOKEN"), Some("t0k"));
        assert_eq!(env.get("NEW_ONE"), Some("quoted value"));
    }
}
