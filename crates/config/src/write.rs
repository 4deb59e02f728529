//! Writing the config: one edit at a time, all or nothing.
//!
//! Every write takes the config's lock, re-reads the file (so concurrent writers never lose each
//! other's changes), applies the edit to the text (comments kept), checks that the result is a
//! valid config, rotates the five backups, replaces the file atomically with mode 0600 and appends
//! a record to `logs/config-audit.jsonl`. The record holds hashes and changed key paths, never
//! values, so secrets cannot leak into it.

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::edit;
use crate::error::{ConfigError, Result};
use crate::issue::Severity;
use crate::key_path::KeyPath;
use crate::snapshot::{self, LoadContext, Snapshot};

/// How many backups OpenClaw keeps (`.bak`, `.bak.1` … `.bak.4`).
pub const BACKUP_COUNT: usize = 5;

/// One change to the config file.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Set(KeyPath, Value),
    Unset(KeyPath),
}

impl Edit {
    fn path(&self) -> &KeyPath {
        match self {
            Edit::Set(p, _) | Edit::Unset(p) => p,
        }
    }
}

/// Who asked for the write, for the audit record (e.g. `cli:config set`, `cli:doctor --fix`).
#[derive(Debug, Clone)]
pub struct WriteSource<'a> {
    pub source: &'a str,
    pub pid: u32,
    /// Wall-clock timestamp (RFC 3339) supplied by the caller; this crate reads no clock.
    pub ts: String,
}

/// What a successful write did.
#[derive(Debug)]
pub struct WriteOutcome {
    pub previous_hash: Option<String>,
    pub snapshot: Snapshot,
}

/// Applies `edits` in order as one write. With `allow_invalid_base`, the current file may be
/// invalid (doctor repairs it); the result must always be valid or nothing is written.
pub fn apply(
    ctx: &LoadContext,
    edits: &[Edit],
    who: &WriteSource<'_>,
    allow_invalid_base: bool,
) -> Result<WriteOutcome> {
    let path = &ctx.config_path;
    let _lock = openclaw_durable::lock_exclusive(path)?;
    let current = snapshot::load(ctx)?;
    if !allow_invalid_base && !current.is_valid() {
        let issues = current.errors().cloned().collect();
        return Err(ConfigError::Invalid { path: path.clone(), issues });
    }

    let mut text =
        if current.exists && !current.raw.trim().is_empty() { current.raw.clone() } else { "{\n}\n".to_owned() };
    for change in edits {
        text = match change {
            Edit::Set(p, v) => edit::set(&text, p, v).map_err(|e| ConfigError::Edit(e.0))?,
            Edit::Unset(p) => match edit::unset(&text, p).map_err(|e| ConfigError::Edit(e.0))? {
                Some(next) => next,
                None => return Err(not_found_message(&current, p)),
            },
        };
    }

    let next = snapshot::load_text(ctx, true, text);
    if !next.is_valid() {
        let issues = next.issues.into_iter().filter(|i| i.severity == Severity::Error).collect();
        return Err(ConfigError::Invalid { path: path.clone(), issues });
    }

    if let Some(parent) = path.parent() {
        openclaw_durable::ensure_private_dir(parent)?;
    }
    openclaw_durable::rotate_backups(path, BACKUP_COUNT)?;
    openclaw_durable::write_atomic(path, next.raw.as_bytes(), openclaw_durable::PRIVATE_FILE_MODE)?;
    let previous_hash = current.exists.then(|| current.hash.clone());
    append_audit(&ctx.state_dir, path, who, &current, &next, edits)?;
    Ok(WriteOutcome { previous_hash, snapshot: next })
}

/// Unsetting a key that only an included file defines cannot be done in the main file.
fn not_found_message(current: &Snapshot, path: &KeyPath) -> ConfigError {
    let in_resolved = current.resolved.as_ref().is_some_and(|v| lookup(v, path).is_some());
    if in_resolved {
        ConfigError::Edit(format!("{path} comes from an $include file; edit that file instead"))
    } else {
        ConfigError::NotFound(path.to_string())
    }
}

/// Reads a value at `path`, treating numeric keys as array indexes like the CLI does.
pub fn lookup<'v>(value: &'v Value, path: &KeyPath) -> Option<&'v Value> {
    path.segments().iter().try_fold(value, |v, seg| match (v, seg) {
        (Value::Object(o), crate::PathSeg::Key(k)) => o.get(k),
        (Value::Array(a), crate::PathSeg::Index(i)) => a.get(*i),
        (Value::Array(a), crate::PathSeg::Key(k)) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

fn append_audit(
    state_dir: &Path,
    config_path: &Path,
    who: &WriteSource<'_>,
    before: &Snapshot,
    after: &Snapshot,
    edits: &[Edit],
) -> Result<()> {
    let mode = |s: &Snapshot| {
        s.resolved.as_ref().and_then(|v| v.pointer("/gateway/mode")).and_then(Value::as_str).map(str::to_owned)
    };
    let record = json!({
        "ts": who.ts,
        "source": who.source,
        "event": "config.write",
        "result": "rename",
        "configPath": config_path.display().to_string(),
        "pid": who.pid,
        "existsBefore": before.exists,
        "previousHash": before.exists.then(|| before.hash.clone()),
        "nextHash": hex::encode(Sha256::digest(after.raw.as_bytes())),
        "previousBytes": before.exists.then_some(before.raw.len()),
        "nextBytes": after.raw.len(),
        "changedPaths": edits.iter().map(|e| e.path().to_string()).collect::<Vec<_>>(),
        "changedPathCount": edits.len(),
        "gatewayModeBefore": mode(before),
        "gatewayModeAfter": mode(after),
    });
    let line =
        serde_json::to_vec(&record).map_err(|e| ConfigError::Edit(format!("cannot encode audit record: {e}")))?;
    openclaw_durable::append_line(&state_dir.join("logs").join("config-audit.jsonl"), &line)?;
    Ok(())
}

/// Replaces the whole config file with `text` (`config.apply`, `config.patch`). When the file
/// exists, `base_hash` must equal its current SHA-256 (optimistic concurrency: a client that
/// edited a stale copy is told to reload). `changed_paths` only feed the audit record.
pub fn replace(
    ctx: &LoadContext,
    text: &str,
    base_hash: Option<&str>,
    changed_paths: &[KeyPath],
    who: &WriteSource<'_>,
) -> Result<WriteOutcome> {
    let path = &ctx.config_path;
    if let Some(parent) = path.parent() {
        openclaw_durable::ensure_private_dir(parent)?;
    }
    let _lock = openclaw_durable::lock_exclusive(path)?;
    let current = snapshot::load(ctx)?;
    if current.exists {
        match base_hash.map(str::trim).filter(|h| !h.is_empty()) {
            None => return Err(ConfigError::BaseHashRequired),
            Some(hash) if hash != current.hash => {
                return Err(ConfigError::Conflict { current_hash: current.hash.clone() });
            }
            Some(_) => {}
        }
    }
    let next = snapshot::load_text(ctx, true, text.to_owned());
    if !next.is_valid() {
        let issues = next.issues.into_iter().filter(|i| i.severity == Severity::Error).collect();
        return Err(ConfigError::Invalid { path: path.clone(), issues });
    }
    if current.exists {
        openclaw_durable::rotate_backups(path, BACKUP_COUNT)?;
    }
    openclaw_durable::write_atomic(path, next.raw.as_bytes(), openclaw_durable::PRIVATE_FILE_MODE)?;
    let edits: Vec<Edit> = changed_paths.iter().map(|p| Edit::Unset(p.clone())).collect();
    append_audit(&ctx.state_dir, path, who, &current, &next, &edits)?;
    let previous_hash = current.exists.then(|| current.hash.clone());
    Ok(WriteOutcome { previous_hash, snapshot: next })
}

/// Writes a brand-new config file from `text` (used by `setup`). Refuses to replace an existing
/// file and refuses text that is not a valid config.
pub fn create(ctx: &LoadContext, text: &str, who: &WriteSource<'_>) -> Result<Snapshot> {
    let path = &ctx.config_path;
    if let Some(parent) = path.parent() {
        openclaw_durable::ensure_private_dir(parent)?;
    }
    let _lock = openclaw_durable::lock_exclusive(path)?;
    if path.exists() {
        return Err(ConfigError::Edit(format!("{} already exists; not replacing it", path.display())));
    }
    let next = snapshot::load_text(ctx, true, text.to_owned());
    if !next.is_valid() {
        let issues = next.issues.into_iter().filter(|i| i.severity == Severity::Error).collect();
        return Err(ConfigError::Invalid { path: path.clone(), issues });
    }
    openclaw_durable::write_atomic(path, next.raw.as_bytes(), openclaw_durable::PRIVATE_FILE_MODE)?;
    let before = snapshot::load_text(ctx, false, String::new());
    append_audit(&ctx.state_dir, path, who, &before, &next, &[])?;
    Ok(next)
}
