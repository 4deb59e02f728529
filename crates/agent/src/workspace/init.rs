//! Creating a workspace with our starter files, never touching what the user already has.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{
    AGENTS_FILE, BOOTSTRAP_FILE, CORE_FILES, HEARTBEAT_FILE, IDENTITY_FILE, MEMORY_FILE, SOUL_FILE, TOOLS_FILE,
    USER_FILE,
};
use crate::error::{AgentError, Result};

const DIR_MODE: u32 = 0o700;
/// Workspace notes can be personal (`USER.md`, `MEMORY.md`): owner-only, like the state directory.
const FILE_MODE: u32 = 0o600;

const TEMPLATES: [(&str, &str); 6] = [
    (AGENTS_FILE, include_str!("../../templates/AGENTS.md")),
    (SOUL_FILE, include_str!("../../templates/SOUL.md")),
    (TOOLS_FILE, include_str!("../../templates/TOOLS.md")),
    (IDENTITY_FILE, include_str!("../../templates/IDENTITY.md")),
    (USER_FILE, include_str!("../../templates/USER.md")),
    (HEARTBEAT_FILE, include_str!("../../templates/HEARTBEAT.md")),
];
const BOOTSTRAP_TEMPLATE: &str = include_str!("../../templates/BOOTSTRAP.md");

/// What [`ensure_workspace`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceInit {
    pub dir: PathBuf,
    /// The directory did not exist and was created (mode 0700).
    pub created_dir: bool,
    /// No starter file, `memory/`, `MEMORY.md` or `.git` existed: the first-run `BOOTSTRAP.md`
    /// was seeded.
    pub brand_new: bool,
    /// File names written, in order; existing files are never in this list.
    pub written: Vec<&'static str>,
}

/// Creates `dir` (0700, parents too) if needed and writes each starter file that is missing
/// (0600). `BOOTSTRAP.md`, the first-run script the agent deletes when done, is only written to
/// a brand-new workspace (OpenClaw's rule), so it never comes back once the user has started.
/// Idempotent: a second call writes nothing.
pub fn ensure_workspace(dir: &Path) -> Result<WorkspaceInit> {
    let created_dir = match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => false,
        Ok(_) => return Err(io_error(dir, "exists and is not a directory")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir).map_err(|e| io_err(dir, &e))?;
            true
        }
        Err(e) => return Err(io_err(dir, &e)),
    };
    let brand_new = is_brand_new(dir)?;
    let mut written = Vec::new();
    for (name, text) in TEMPLATES {
        if write_if_missing(&dir.join(name), text)? {
            written.push(name);
        }
    }
    if brand_new && write_if_missing(&dir.join(BOOTSTRAP_FILE), BOOTSTRAP_TEMPLATE)? {
        written.push(BOOTSTRAP_FILE);
    }
    Ok(WorkspaceInit { dir: dir.to_path_buf(), created_dir, brand_new, written })
}

/// A workspace is new when nothing a user (or an earlier onboarding) would have left exists.
fn is_brand_new(dir: &Path) -> Result<bool> {
    let markers = CORE_FILES.into_iter().chain(["memory", MEMORY_FILE, ".git"]);
    for name in markers {
        let path = dir.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&path, &e)),
        }
    }
    Ok(true)
}

/// `create_new` (O_EXCL) also refuses an existing symlink, so a planted link cannot redirect
/// the write.
fn write_if_missing(path: &Path, text: &str) -> Result<bool> {
    let mut file = match OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(io_err(path, &e)),
    };
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| io_err(path, &e))?;
    Ok(true)
}

fn io_err(path: &Path, err: &io::Error) -> AgentError {
    io_error(path, &err.to_string())
}

fn io_error(path: &Path, message: &str) -> AgentError {
    AgentError::Io { path: path.display().to_string(), message: message.to_owned() }
}
