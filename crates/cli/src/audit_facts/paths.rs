//! Path facts: lstat (a symlink's own kind) with the target's mode, `~` expansion, and
//! resolving a path through its deepest existing ancestor.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use openclaw_config::EnvMap;
use openclaw_policy::audit::facts::PathPerms;

/// Facts of `path`, or `None` when it does not exist. For a symlink the mode and kind are the
/// target's when it resolves, as OpenClaw reports them.
pub fn perms(path: &Path) -> Option<PathPerms> {
    let lstat = std::fs::symlink_metadata(path).ok()?;
    let is_symlink = lstat.file_type().is_symlink();
    let effective = if is_symlink { std::fs::metadata(path).unwrap_or(lstat) } else { lstat };
    Some(PathPerms {
        path: path.display().to_string(),
        is_symlink,
        is_dir: effective.is_dir(),
        is_file: effective.is_file(),
        mode: effective.permissions().mode() & 0o777,
    })
}

/// `~` and `~/x` against `home`; relative paths against `cwd`.
pub fn expand_home(raw: &str, home: &Path, cwd: &Path) -> PathBuf {
    let raw = raw.trim();
    if raw == "~" {
        return home.to_path_buf();
    }
    if let Some(rest) = raw.strip_prefix("~/") {
        return home.join(rest);
    }
    let path = Path::new(raw);
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

/// The real path of the deepest existing ancestor, with the rest appended (normalized string).
pub fn resolve_via_existing_ancestor(path: &Path) -> String {
    let mut existing = path.to_path_buf();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out.display().to_string();
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent().map(Path::to_path_buf)) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return path.display().to_string(),
        }
    }
}

/// Home directories whose credential folders bind mounts must not expose.
pub fn home_roots(home: &Path, env: &EnvMap) -> Vec<String> {
    let mut roots = Vec::new();
    let candidates = [
        Some(home.to_path_buf()),
        env.non_empty("OPENCLAW_HOME").map(PathBuf::from),
        env.non_empty("USERPROFILE").map(PathBuf::from),
    ];
    for candidate in candidates.into_iter().flatten() {
        roots.push(candidate.display().to_string());
        roots.push(resolve_via_existing_ancestor(&candidate));
    }
    roots.sort();
    roots.dedup();
    roots.retain(|r| r != "/");
    roots
}
