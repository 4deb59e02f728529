//! `--fix`: the safe repairs, applied before the audit so the report shows the fixed state.
//!
//! Config edits come from `openclaw_policy::audit::fix` and go through the config writer
//! (lock, re-read, validation, backups, atomic 0600 write, audit record). Permissions are
//! tightened through `openclaw_store::StateDir::tighten`, which only removes group/other bits
//! (never adds a bit, never follows a symlink, re-checks the inode before chmod). Each target is
//! reported, with OpenClaw's skip reasons: `already`, `missing`, `symlink`, `not-a-file`,
//! `not-a-directory`.

use std::path::{Path, PathBuf};

use openclaw_config::write::{self, Edit};
use openclaw_config::{KeyPath, PathSeg, Snapshot};
use openclaw_policy::audit::{self, plan};
use openclaw_store::{PathFacts, PathKind, PathRole, StateDir};
use serde_json::{Value, json};

use crate::audit_facts::{self, ConfigView};
use crate::context::RunContext;

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// One permission action.
#[derive(Debug, Clone)]
pub struct ChmodAction {
    pub path: PathBuf,
    /// The most the path may allow (OpenClaw's `mode`: 448 or 384).
    pub mode: u32,
    pub ok: bool,
    pub skipped: Option<&'static str>,
    pub error: Option<String>,
}

impl ChmodAction {
    pub fn describe(&self) -> String {
        let path = self.path.display();
        match (&self.skipped, &self.error) {
            (Some(reason), _) => format!("skip chmod {:03o} {path} ({reason})", self.mode),
            (None, Some(error)) => format!("chmod {:03o} {path} failed: {error}", self.mode),
            (None, None) => format!("chmod {:03o} {path}", self.mode),
        }
    }
}

/// What `--fix` did.
#[derive(Debug, Clone)]
pub struct FixResult {
    pub state_dir: PathBuf,
    pub config_path: PathBuf,
    pub config_written: bool,
    pub changes: Vec<String>,
    pub actions: Vec<ChmodAction>,
    pub errors: Vec<String>,
}

impl FixResult {
    pub fn is_noop(&self) -> bool {
        self.errors.is_empty() && self.changes.is_empty() && self.actions.iter().all(|a| !a.ok)
    }

    pub fn to_json(&self) -> Value {
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|a| {
                let mut v = json!({"kind": "chmod", "path": a.path.display().to_string(), "mode": a.mode, "ok": a.ok});
                if let Some(skipped) = a.skipped {
                    v["skipped"] = json!(skipped);
                }
                if let Some(error) = &a.error {
                    v["error"] = json!(error);
                }
                v
            })
            .collect();
        json!({
            "ok": self.errors.is_empty(),
            "stateDir": self.state_dir.display().to_string(),
            "configPath": self.config_path.display().to_string(),
            "configWritten": self.config_written,
            "changes": self.changes,
            "actions": actions,
            "errors": self.errors,
        })
    }
}

pub fn apply(ctx: &RunContext, snap: &Snapshot) -> FixResult {
    let mut result = FixResult {
        state_dir: ctx.state_dir().clone(),
        config_path: snap.path.clone(),
        config_written: false,
        changes: Vec::new(),
        actions: Vec::new(),
        errors: Vec::new(),
    };
    let view = ConfigView::from_snapshot(snap);
    apply_config_fixes(ctx, &view.tree, &mut result);
    for (path, dir) in permission_targets(ctx, snap, &view.tree) {
        result.actions.push(tighten(ctx.state_dir(), &path, dir));
    }
    result
}

fn apply_config_fixes(ctx: &RunContext, tree: &Value, result: &mut FixResult) {
    let credentials = ctx
        .load
        .process_env
        .non_empty("OPENCLAW_OAUTH_DIR")
        .map(|d| audit_facts::expand_home(d, &ctx.locations.home, &ctx.load.cwd))
        .unwrap_or_else(|| ctx.state_dir().join("credentials"));
    let store = crate::audit_facts::pairing_allow_from(&credentials);
    let fixes = audit::fix::config_fixes(tree, &store);
    if fixes.is_empty() {
        return;
    }
    let edits: Vec<Edit> = fixes
        .iter()
        .map(|f| Edit::Set(KeyPath(f.path.iter().map(|k| PathSeg::Key(k.clone())).collect()), f.value.clone()))
        .collect();
    let who = write::WriteSource {
        source: "cli:security audit --fix",
        pid: std::process::id(),
        ts: jiff::Timestamp::now().to_string(),
    };
    match write::apply(&ctx.load, &edits, &who, false) {
        Ok(_) => {
            result.config_written = true;
            result.changes.extend(fixes.into_iter().map(|f| f.change));
        }
        Err(err) => result.errors.push(format!("config write failed: {err}")),
    }
}

/// `(path, is directory)` in OpenClaw's order: state dir, config, includes, credentials (and
/// its `*.json`), then per agent its directories, auth-profile stores and session files.
fn permission_targets(ctx: &RunContext, snap: &Snapshot, tree: &Value) -> Vec<(PathBuf, bool)> {
    let state = ctx.state_dir();
    let mut targets = vec![(state.clone(), true), (snap.path.clone(), false)];
    if snap.exists {
        targets.extend(audit_facts::include_files(&snap.path, &snap.raw).into_iter().map(|p| (p, false)));
    }
    let credentials = ctx
        .load
        .process_env
        .non_empty("OPENCLAW_OAUTH_DIR")
        .map(|d| audit_facts::expand_home(d, &ctx.locations.home, &ctx.load.cwd))
        .unwrap_or_else(|| state.join("credentials"));
    targets.push((credentials.clone(), true));
    targets.extend(files_with_suffix(&credentials, ".json").into_iter().map(|p| (p, false)));
    for id in plan::state_agent_ids(tree) {
        let root = state.join("agents").join(&id);
        let agent = root.join("agent");
        let sessions = root.join("sessions");
        targets.push((root.clone(), true));
        targets.push((agent.clone(), true));
        for suffix in ["", "-wal", "-shm", "-journal"] {
            targets.push((agent.join(format!("openclaw-agent.sqlite{suffix}")), false));
        }
        targets.push((agent.join("auth-profiles.json"), false));
        targets.push((sessions.clone(), true));
        targets.push((sessions.join("sessions.json"), false));
        targets.extend(files_with_suffix(&sessions, ".jsonl").into_iter().map(|p| (p, false)));
    }
    targets
}

/// Regular files (not symlinks) directly in `dir` whose name ends with `suffix`, sorted.
fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn tighten(state_dir: &Path, path: &Path, dir: bool) -> ChmodAction {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let cap = if dir { DIR_MODE } else { FILE_MODE };
    let mut action = ChmodAction { path: path.to_path_buf(), mode: cap, ok: false, skipped: None, error: None };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            action.skipped = Some("missing");
            return action;
        }
        Err(err) => {
            action.error = Some(err.to_string());
            return action;
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        action.skipped = Some("symlink");
        return action;
    }
    if dir && !kind.is_dir() {
        action.skipped = Some("not-a-directory");
        return action;
    }
    if !dir && !kind.is_file() {
        action.skipped = Some("not-a-file");
        return action;
    }
    let current = meta.permissions().mode() & 0o777;
    if current & !cap == 0 {
        action.skipped = Some("already");
        return action;
    }
    let facts = PathFacts {
        path: path.to_path_buf(),
        role: PathRole::StateDir,
        kind: if dir { PathKind::Dir } else { PathKind::File },
        mode: current,
        uid: meta.uid(),
        is_symlink: false,
        symlink_target: None,
    };
    match StateDir::new(state_dir).tighten(std::slice::from_ref(&facts)) {
        Ok(changes) if !changes.is_empty() => action.ok = true,
        Ok(_) => action.skipped = Some("already"),
        Err(err) => action.error = Some(err.to_string()),
    }
    action
}
