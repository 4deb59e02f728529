//! File-mode facts about the sensitive parts of the state directory, and the one repair this crate
//! performs on request (stripping group/other bits). Judging the facts is the caller's job.

use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use openclaw_durable::{PRIVATE_DIR_MODE, PRIVATE_FILE_MODE};

use crate::{Result, StateDir, StoreError};

/// What a path is, seen with lstat: a symlink is reported as itself, never as its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    File,
    Dir,
    Symlink,
    /// Sockets, FIFOs, devices: reported, never changed.
    Other,
}

/// Why a path was inspected, so a caller can map facts to its checks without matching path strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRole {
    /// The state directory itself.
    StateDir,
    /// The config file (wherever `$OPENCLAW_CONFIG_PATH` put it).
    Config,
    /// `credentials/` or anything under it.
    Credentials,
    /// `agents/<id>/agent/auth-profiles.json`.
    AuthProfiles,
    /// `agents/<id>/sessions/` or one of its entries.
    Sessions,
    /// `logs/` or anything under it.
    Logs,
}

/// Facts about one path, gathered without following a final symlink. No judgement: whether a mode is
/// acceptable is decided by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFacts {
    pub path: PathBuf,
    pub role: PathRole,
    pub kind: PathKind,
    /// Permission bits (`st_mode & 0o777`) of the path itself.
    pub mode: u32,
    pub uid: u32,
    pub is_symlink: bool,
    /// Where a symlink points, as stored in the link (may be relative or dangling).
    pub symlink_target: Option<PathBuf>,
}

/// One mode [`StateDir::tighten`] changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionChange {
    pub path: PathBuf,
    pub from: u32,
    pub to: u32,
}

impl StateDir {
    /// Facts for the state dir, the config file, every file/dir under `credentials/`,
    /// `agents/*/agent/auth-profiles.json`, `agents/*/sessions` and its entries, and everything under
    /// `logs/`. Missing paths are left out. Directories are listed only when lstat says they are real
    /// directories, so a symlink can neither loop the walk nor pull outside paths into the report; it
    /// is reported as a symlink instead. Entries come in a stable (sorted) order.
    pub fn inspect(&self, config_path: &Path) -> Result<Vec<PathFacts>> {
        let mut facts = Vec::new();
        push_facts(&mut facts, self.root(), PathRole::StateDir)?;
        push_facts(&mut facts, config_path, PathRole::Config)?;
        walk(&mut facts, &self.credentials_dir(), PathRole::Credentials)?;
        for agent in sorted_entries(&self.agents_dir())? {
            let agent_root = self.agents_dir().join(&agent);
            push_facts(&mut facts, &agent_root.join("agent").join("auth-profiles.json"), PathRole::AuthProfiles)?;
            let sessions = agent_root.join("sessions");
            if let Some(dir) = push_facts(&mut facts, &sessions, PathRole::Sessions)?
                && dir.kind == PathKind::Dir
            {
                for entry in sorted_entries(&sessions)? {
                    push_facts(&mut facts, &sessions.join(entry), PathRole::Sessions)?;
                }
            }
        }
        walk(&mut facts, &self.logs_dir(), PathRole::Logs)?;
        Ok(facts)
    }

    /// Strips group/other bits so directories end at most 0700 and files at most 0600. Never adds a
    /// bit (a 0400 file stays 0400), never touches symlinks or their targets, skips paths that are
    /// gone or whose kind changed since `facts` were taken. Returns what changed; running it again
    /// returns nothing.
    ///
    /// The chmod goes through a handle whose inode is checked against a fresh lstat, so a path
    /// swapped for a symlink after inspection is not followed.
    pub fn tighten(&self, facts: &[PathFacts]) -> Result<Vec<PermissionChange>> {
        let mut changes = Vec::new();
        for fact in facts {
            let allowed = match fact.kind {
                PathKind::File => PRIVATE_FILE_MODE,
                PathKind::Dir => PRIVATE_DIR_MODE,
                PathKind::Symlink | PathKind::Other => continue,
            };
            let Some(meta) = lstat(&fact.path)? else {
                continue;
            };
            if kind_of(&meta) != fact.kind {
                continue;
            }
            let from = meta.permissions().mode() & 0o777;
            let to = from & allowed;
            if from == to {
                continue;
            }
            chmod_same_inode(&fact.path, &meta, to)?;
            changes.push(PermissionChange { path: fact.path.clone(), from, to });
        }
        Ok(changes)
    }
}

/// Adds the facts for `path` if it exists and returns them.
fn push_facts<'a>(facts: &'a mut Vec<PathFacts>, path: &Path, role: PathRole) -> Result<Option<&'a PathFacts>> {
    let Some(meta) = lstat(path)? else {
        return Ok(None);
    };
    let kind = kind_of(&meta);
    let symlink_target = match kind {
        PathKind::Symlink => Some(fs::read_link(path).map_err(|err| StoreError::io("read symlink", path, err))?),
        _ => None,
    };
    facts.push(PathFacts {
        path: path.to_path_buf(),
        role,
        kind,
        mode: meta.permissions().mode() & 0o777,
        uid: meta.uid(),
        is_symlink: kind == PathKind::Symlink,
        symlink_target,
    });
    Ok(facts.last())
}

/// `dir` and everything below it, depth first, without descending into symlinks.
fn walk(facts: &mut Vec<PathFacts>, dir: &Path, role: PathRole) -> Result<()> {
    let is_dir = push_facts(facts, dir, role)?.is_some_and(|found| found.kind == PathKind::Dir);
    if is_dir {
        for entry in sorted_entries(dir)? {
            walk(facts, &dir.join(entry), role)?;
        }
    }
    Ok(())
}

/// Entry names of a directory, sorted; empty if it does not exist or is not a directory.
fn sorted_entries(dir: &Path) -> Result<Vec<std::ffi::OsString>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if absent(&err) => return Ok(Vec::new()),
        Err(err) => return Err(StoreError::io("list", dir, err)),
    };
    let mut names = entries
        .map(|entry| entry.map(|entry| entry.file_name()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(|err| StoreError::io("list", dir, err))?;
    names.sort();
    Ok(names)
}

fn lstat(path: &Path) -> Result<Option<Metadata>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(err) if absent(&err) => Ok(None),
        Err(err) => Err(StoreError::io("inspect", path, err)),
    }
}

/// Gone, or a file sits where the layout expects a directory (`agents/<file>/agent/...`).
fn absent(err: &io::Error) -> bool {
    matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

fn kind_of(meta: &Metadata) -> PathKind {
    let file_type = meta.file_type();
    if file_type.is_symlink() {
        PathKind::Symlink
    } else if file_type.is_dir() {
        PathKind::Dir
    } else if file_type.is_file() {
        PathKind::File
    } else {
        PathKind::Other
    }
}

/// chmod through an open handle after checking it is the inode `expected` described, because
/// `chmod(path)` would follow a symlink planted after the lstat. A path the owner cannot open (no read
/// or write bit for the owner) falls back to chmod by path; lstat just said it is no symlink.
fn chmod_same_inode(path: &Path, expected: &Metadata, mode: u32) -> Result<()> {
    let handle = File::open(path).or_else(|err| {
        if err.kind() == io::ErrorKind::PermissionDenied && expected.is_file() {
            OpenOptions::new().write(true).open(path)
        } else {
            Err(err)
        }
    });
    match handle {
        Ok(handle) => {
            let actual = handle.metadata().map_err(|err| StoreError::io("inspect", path, err))?;
            if (actual.dev(), actual.ino()) != (expected.dev(), expected.ino()) {
                return Ok(()); // replaced since the lstat: not the path that was inspected
            }
            handle.set_permissions(Permissions::from_mode(mode)).map_err(|err| StoreError::io("chmod", path, err))
        }
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
            fs::set_permissions(path, Permissions::from_mode(mode)).map_err(|err| StoreError::io("chmod", path, err))
        }
        Err(err) => Err(StoreError::io("open", path, err)),
    }
}
