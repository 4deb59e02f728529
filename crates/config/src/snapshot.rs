//! Reading a config: the whole pipeline from file bytes to a typed, validated [`Config`].
//!
//! The result is a [`Snapshot`] that keeps every stage a caller may need: the raw text and its
//! SHA-256 (the `baseHash` of `config.get`/`config.patch`), the resolved tree (after includes and
//! `${VAR}`, before defaults, which is what `config set` edits and writes back), the typed
//! config, and every issue found, with locations.

use std::path::PathBuf;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::env::{self, EnvMap};
use crate::error::{ConfigError, Result};
use crate::include;
use crate::issue::{Issue, Severity};
use crate::key_path::{KeyPath, PathSeg};
use crate::model::{Config, RawConfig};
use crate::raw_keys;
use crate::schema::Schema;
use crate::syntax::{self, SourceMap};

/// What a load needs from the outside world.
#[derive(Debug, Clone)]
pub struct LoadContext {
    pub config_path: PathBuf,
    pub state_dir: PathBuf,
    pub cwd: PathBuf,
    /// The process environment at start.
    pub process_env: EnvMap,
}

/// Everything known about one config file.
#[derive(Debug)]
pub struct Snapshot {
    pub path: PathBuf,
    pub exists: bool,
    pub raw: String,
    /// Hex SHA-256 of the file bytes (empty string's hash when the file is missing).
    pub hash: String,
    /// After `$include` and `${VAR}`, before runtime defaults; `None` if parsing failed.
    pub resolved: Option<Value>,
    pub config: Option<Config>,
    pub env: EnvMap,
    /// Errors, warnings and notices, errors first.
    pub issues: Vec<Issue>,
    /// Keys OpenClaw accepts that this gateway does not act on yet: neither the typed model nor
    /// a raw reader ([`crate::raw_keys`]) reads them.
    pub unsupported: Vec<KeyPath>,
}

impl Snapshot {
    pub fn is_valid(&self) -> bool {
        self.config.is_some() && !self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The typed config, or every error that stands in the way.
    pub fn into_config(self) -> Result<Config> {
        let errors: Vec<Issue> = self.errors().cloned().collect();
        match self.config {
            Some(config) if errors.is_empty() => Ok(config),
            _ => Err(ConfigError::Invalid { path: self.path, issues: errors }),
        }
    }
}

/// Loads the config file named by `ctx`. Only failing to read the file itself is an `Err`;
/// anything wrong with its content is reported in the snapshot's issues.
pub fn load(ctx: &LoadContext) -> Result<Snapshot> {
    let (exists, raw) = match std::fs::read_to_string(&ctx.config_path) {
        Ok(text) => (true, text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, String::new()),
        Err(source) => return Err(ConfigError::Io { op: "read", path: ctx.config_path.clone(), source }),
    };
    Ok(load_text(ctx, exists, raw))
}

/// Runs the pipeline on `raw` as if it were the content of `ctx.config_path` (used to check an
/// edit before it is written).
pub fn load_text(ctx: &LoadContext, exists: bool, raw: String) -> Snapshot {
    let hash = hex::encode(Sha256::digest(raw.as_bytes()));
    let mut snap = Snapshot {
        path: ctx.config_path.clone(),
        exists,
        raw,
        hash,
        resolved: None,
        config: None,
        env: ctx.process_env.clone(),
        issues: Vec::new(),
        unsupported: Vec::new(),
    };
    let file = &ctx.config_path;

    let parsed = match syntax::parse(&snap.raw) {
        Ok(parsed) => parsed,
        Err(e) => {
            let mut issue = Issue::error(KeyPath::root(), format!("JSON5 syntax error: {}", e.message));
            issue.location = Some(crate::SourceLocation { file: file.clone(), line: e.line, column: e.column });
            snap.issues.push(issue);
            return snap;
        }
    };
    let mut map = SourceMap::default();
    map.add_file(file, &snap.raw, parsed.offsets, &KeyPath::root());

    let mut value = match include::resolve(parsed.value, file, &mut map) {
        Ok(v) => v,
        Err(issue) => {
            snap.issues.push(locate(issue, &map));
            return snap;
        }
    };
    if !value.is_object() {
        snap.issues.push(locate(
            Issue::error(
                KeyPath::root(),
                format!("expected an object at the top of the config, found {}", include::kind(&value)),
            ),
            &map,
        ));
        return snap;
    }

    let mut env = ctx.process_env.clone();
    for dotenv in [ctx.cwd.join(".env"), ctx.state_dir.join(".env")] {
        if let Err(issue) = env.fill_from_dotenv(&dotenv) {
            snap.issues.push(Issue::warning(issue.path, issue.message));
        }
    }
    let env_warnings = env.fill_from_config_block(value.get("env"));
    snap.issues.extend(env_warnings.into_iter().map(|i| locate(i, &map)));

    let mut subst_issues = Vec::new();
    env::substitute(&mut value, &env, &KeyPath::root(), &mut subst_issues);
    snap.env = env;
    let substitution_failed = !subst_issues.is_empty();
    snap.issues.extend(subst_issues.into_iter().map(|i| locate(i, &map)));

    let schema_issues = Schema::builtin().validate(&value);
    let schema_failed = !schema_issues.is_empty();
    snap.issues.extend(schema_issues.into_iter().map(|i| locate(i, &map)));
    snap.resolved = Some(value.clone());
    if substitution_failed || schema_failed {
        sort(&mut snap.issues);
        return snap;
    }

    let mut ignored = Vec::new();
    let raw_config: RawConfig = match serde_ignored::deserialize(value, |path| ignored.push(to_key_path(&path))) {
        Ok(raw) => raw,
        Err(e) => {
            snap.issues.push(Issue::error(KeyPath::root(), format!("cannot read config: {e}")));
            return snap;
        }
    };
    // Keys the runtime reads from the resolved tree are not unsupported, though the model skips them.
    let ignored = match &snap.resolved {
        Some(tree) => raw_keys::unread(ignored, tree),
        None => ignored,
    };
    for path in &ignored {
        snap.issues.push(locate(
            Issue::notice(
                path.clone(),
                "accepted (OpenClaw setting), not supported yet by this gateway: it has no effect",
            ),
            &map,
        ));
    }
    snap.unsupported = ignored;

    match Config::resolve(raw_config) {
        Ok(config) => {
            snap.issues.extend(config.warnings().iter().cloned().map(|i| locate(i, &map)));
            snap.config = Some(config);
        }
        Err(issues) => snap.issues.extend(issues.into_iter().map(|i| locate(i, &map))),
    }
    sort(&mut snap.issues);
    snap
}

fn locate(mut issue: Issue, map: &SourceMap) -> Issue {
    if issue.location.is_none() {
        issue.location = map.locate(&issue.path);
    }
    issue
}

fn sort(issues: &mut [Issue]) {
    issues.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.path.cmp(&b.path)));
}

pub(crate) fn to_key_path(path: &serde_ignored::Path<'_>) -> KeyPath {
    use serde_ignored::Path as P;
    fn walk(path: &P<'_>, out: &mut Vec<PathSeg>) {
        match path {
            P::Root => {}
            P::Seq { parent, index } => {
                walk(parent, out);
                out.push(PathSeg::Index(*index));
            }
            P::Map { parent, key } => {
                walk(parent, out);
                out.push(PathSeg::Key(key.clone()));
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => walk(parent, out),
        }
    }
    let mut segs = Vec::new();
    walk(path, &mut segs);
    KeyPath(segs)
}
