//! Gathers the facts `openclaw_policy::audit::run_audit` judges: this is the one place the audit
//! reads the disk, the environment and `PATH`. What to look at comes from
//! `openclaw_policy::audit::plan`, so the checks and the gathering agree on paths and names.
//!
//! Everything here is best effort and never fails the audit: an unreadable file is a missing
//! fact (or, where OpenClaw reports it, a "could not inspect" fact), not an error.

mod docker;
mod includes;
mod paths;
mod skills;
mod stores;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openclaw_config::Snapshot;
use openclaw_policy::audit::facts::{AuditFacts, AuthOverride, FilesystemFacts, LabeledPath, SandboxBackends};
use openclaw_policy::audit::plan;
use serde_json::Value;

use crate::context::RunContext;

pub use includes::include_files;
pub use paths::{expand_home, perms};
pub use skills::skill_files;
pub use stores::pairing_allow_from;

/// The config tree the audit runs on, and which of its values are `${VAR}` references.
pub struct ConfigView {
    pub tree: Value,
    pub unresolved: BTreeSet<String>,
    pub env_refs: BTreeSet<String>,
}

/// Dotted path of an issue, object keys only (`agents.list[0].x` → `agents.list.x`).
pub fn dotted(path: &openclaw_config::KeyPath) -> String {
    path.segments()
        .iter()
        .filter_map(|s| match s {
            openclaw_config::PathSeg::Key(k) => Some(k.as_str()),
            openclaw_config::PathSeg::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The message our loader uses for a `${VAR}` whose variable is unset.
pub fn is_missing_env_issue(issue: &openclaw_config::Issue) -> bool {
    issue.message.starts_with("missing env var")
}

impl ConfigView {
    pub fn from_snapshot(snap: &Snapshot) -> Self {
        let tree = snap.resolved.clone().unwrap_or_else(|| Value::Object(Default::default()));
        let unresolved = snap.issues.iter().filter(|i| is_missing_env_issue(i)).map(|i| dotted(&i.path)).collect();
        let mut env_refs = BTreeSet::new();
        if snap.exists {
            for (_, value, prefix) in includes::documents(&snap.path, &snap.raw) {
                collect_env_refs(&value, &prefix, &mut env_refs);
            }
        }
        Self { tree, unresolved, env_refs }
    }
}

fn collect_env_refs(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) if openclaw_config::env::has_var_reference(s) => {
            out.insert(path.to_owned());
        }
        Value::Array(items) => items.iter().for_each(|item| collect_env_refs(item, path, out)),
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$include" {
                    continue;
                }
                let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                collect_env_refs(child, &child_path, out);
            }
        }
        _ => {}
    }
}

/// Whether an executable named `name` is on `PATH`.
fn on_path(env: &openclaw_config::EnvMap, name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    env.get("PATH").unwrap_or_default().split(':').filter(|d| !d.is_empty()).any(|dir| {
        std::fs::metadata(Path::new(dir).join(name)).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// Options that change what is gathered.
pub struct GatherOptions {
    pub ts_ms: u64,
    pub auth_override: Option<AuthOverride>,
}

pub fn gather(ctx: &RunContext, snap: &Snapshot, view: &ConfigView, options: GatherOptions) -> AuditFacts {
    let cfg = &view.tree;
    let state_dir = ctx.state_dir().clone();
    let home = ctx.locations.home.clone();
    let env: BTreeMap<String, String> =
        plan::env_names(cfg).into_iter().filter_map(|name| snap.env.get(&name).map(|v| (name, v.to_owned()))).collect();
    let process_env = &ctx.load.process_env;
    let credentials_dir = process_env
        .non_empty("OPENCLAW_OAUTH_DIR")
        .map(|d| expand_home(d, &home, &ctx.load.cwd))
        .unwrap_or_else(|| state_dir.join("credentials"));
    let filesystem = filesystem_facts(ctx, snap, cfg, &credentials_dir);
    let docker = on_path(process_env, "docker") || docker::socket_path(process_env).is_some_and(|s| s.exists());
    AuditFacts {
        ts_ms: options.ts_ms,
        config: cfg.clone(),
        unresolved_paths: view.unresolved.clone(),
        env_ref_paths: view.env_refs.clone(),
        env,
        state_dir: state_dir.display().to_string(),
        config_path: snap.path.display().to_string(),
        auth_override: options.auth_override,
        filesystem: Some(filesystem),
        sandbox_backends: SandboxBackends { bubblewrap: on_path(process_env, "bwrap"), docker },
        extensions: stores::extensions(&state_dir),
        exec_approvals: stores::read_json(&state_dir.join("exec-approvals.json")),
        mcporter: stores::mcporter(&state_dir),
        pairing_allow_from: stores::pairing_allow_from(&credentials_dir),
        channel_credential_files: stores::channel_credential_files(&credentials_dir),
        bind_source_realpaths: plan::bind_sources(cfg)
            .into_iter()
            .map(|source| {
                let real = paths::resolve_via_existing_ancestor(Path::new(&source));
                (source, real)
            })
            .collect(),
        home_roots: paths::home_roots(&home, process_env),
        workspace_skills: skills::workspace_skills(&workspace_dirs(ctx, cfg)),
        browser_containers: docker::socket_path(process_env)
            .map(|s| docker::browser_containers(&s))
            .unwrap_or_default(),
        deep: None,
    }
}

/// Agent workspaces, `~` expanded.
pub fn workspace_dirs(ctx: &RunContext, cfg: &Value) -> Vec<PathBuf> {
    let state = ctx.state_dir().display().to_string();
    plan::workspace_dirs(cfg, &state).iter().map(|d| expand_home(d, &ctx.locations.home, &ctx.load.cwd)).collect()
}

fn filesystem_facts(ctx: &RunContext, snap: &Snapshot, cfg: &Value, credentials_dir: &Path) -> FilesystemFacts {
    let state_dir = ctx.state_dir();
    let mut auth_profiles = Vec::new();
    let mut session_stores = Vec::new();
    for id in plan::state_agent_ids(cfg) {
        let agent_dir = state_dir.join("agents").join(&id).join("agent");
        if let Some(perms) = perms(&agent_dir.join("auth-profiles.json")) {
            auth_profiles.push(LabeledPath { label: "auth-profiles.json".to_owned(), perms });
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let Some(perms) = perms(&agent_dir.join(format!("openclaw-agent.sqlite{suffix}"))) {
                auth_profiles.push(LabeledPath { label: "Auth-profile SQLite store".to_owned(), perms });
            }
        }
        session_stores.extend(perms(&state_dir.join("agents").join(&id).join("sessions").join("sessions.json")));
    }
    let log_file = plan::log_file(cfg).and_then(|raw| perms(&expand_home(&raw, &ctx.locations.home, &ctx.load.cwd)));
    FilesystemFacts {
        state_dir: perms(state_dir),
        config: perms(&snap.path),
        includes: if snap.exists {
            include_files(&snap.path, &snap.raw).iter().filter_map(|p| perms(p)).collect()
        } else {
            Vec::new()
        },
        credentials_dir: perms(credentials_dir),
        auth_profiles,
        session_stores,
        log_file,
    }
}
