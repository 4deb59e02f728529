//! Which workspace files a turn injects, in which order, and what reading each one gave.

use std::fs;
use std::path::{Path, PathBuf};

use super::read::{ReadOutcome, read_guarded};
use super::{BOOTSTRAP_FILE, CORE_FILES, MAX_BOOTSTRAP_FILE_BYTES, MEMORY_ALT_FILE, MEMORY_FILE, MINIMAL_FILES};
use crate::prompt::PromptMode;

/// One workspace file as the prompt builder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapFile {
    /// The file name (`AGENTS.md`).
    pub name: String,
    /// Where it is (or was expected), as shown in the prompt heading.
    pub path: PathBuf,
    pub state: BootstrapState,
}

/// What reading a workspace file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapState {
    Loaded(String),
    Missing,
    /// Present but not read (outside the workspace, not a regular file, too large, I/O error).
    Refused(String),
}

/// Loads the workspace files for one turn, in OpenClaw's order: `AGENTS.md`, `SOUL.md`,
/// `TOOLS.md`, `IDENTITY.md`, `USER.md`, `HEARTBEAT.md`, then `BOOTSTRAP.md` and `MEMORY.md` /
/// `memory.md` when they exist. A missing core file is reported as [`BootstrapState::Missing`]
/// (the prompt gets a one-line marker); the optional ones are simply left out, because
/// onboarding deletes `BOOTSTRAP.md` after the first run and memory files appear over time.
/// [`PromptMode::Minimal`] keeps only `AGENTS.md` and `TOOLS.md`.
pub fn load_bootstrap_files(dir: &Path, mode: PromptMode) -> Vec<BootstrapFile> {
    let keep = |name: &str| mode == PromptMode::Full || MINIMAL_FILES.contains(&name);
    let root_real = fs::canonicalize(dir).ok();
    let read = |name: &str| -> ReadOutcome {
        match &root_real {
            Some(root) => read_guarded(root, &dir.join(name), MAX_BOOTSTRAP_FILE_BYTES),
            None => ReadOutcome::Missing,
        }
    };

    let mut files = Vec::new();
    for name in CORE_FILES.into_iter().filter(|n| keep(n)) {
        files.push(to_file(dir, name, read(name)));
    }
    let mut optional = vec![BOOTSTRAP_FILE];
    // On a case-insensitive file system both memory names are one file; inject it once.
    let same_memory_file = match (fs::canonicalize(dir.join(MEMORY_FILE)), fs::canonicalize(dir.join(MEMORY_ALT_FILE)))
    {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    optional.push(MEMORY_FILE);
    if !same_memory_file {
        optional.push(MEMORY_ALT_FILE);
    }
    for name in optional.into_iter().filter(|n| keep(n)) {
        match read(name) {
            ReadOutcome::Missing => {}
            outcome => files.push(to_file(dir, name, outcome)),
        }
    }
    files
}

fn to_file(dir: &Path, name: &str, outcome: ReadOutcome) -> BootstrapFile {
    let state = match outcome {
        ReadOutcome::Text(text) => BootstrapState::Loaded(text),
        ReadOutcome::Missing => BootstrapState::Missing,
        ReadOutcome::Refused(reason) => BootstrapState::Refused(reason),
    };
    BootstrapFile { name: name.to_owned(), path: dir.join(name), state }
}
