//! Where the log file lives: `/tmp/openclaw/openclaw-YYYY-MM-DD.log`, or, when `/tmp/openclaw`
//! cannot safely be ours, `<tmp>/openclaw-<uid>/…` (OpenClaw's `resolvePreferredOpenClawTmpDir`).
//!
//! The inputs (preferred dir, system temp dir, uid) are values so tests can point them at a temp
//! dir; only [`LogPaths::system`] reads them from the process.

use std::fs::{self, DirBuilder, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use jiff::civil;

use crate::error::{LoggingError, Result};

/// The preferred log directory: fixed rather than `$TMPDIR` so docs and apps can point at it.
pub const DEFAULT_LOG_DIR: &str = "/tmp/openclaw";
/// Log directories: owner only, since the logs describe sessions and tool calls.
pub const LOG_DIR_MODE: u32 = 0o700;
/// Log files: owner read/write only.
pub const LOG_FILE_MODE: u32 = 0o600;

const FILE_PREFIX: &str = "openclaw-";
const FILE_SUFFIX: &str = ".log";

/// The facts the log directory is chosen from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPaths {
    /// Normally `/tmp/openclaw`.
    pub preferred_dir: PathBuf,
    /// Normally `std::env::temp_dir()`; the fallback lives in it.
    pub system_tmp: PathBuf,
    /// The uid the directory must belong to; names the fallback.
    pub uid: u32,
}

impl LogPaths {
    /// Reads the system temp dir and the real uid of this process.
    pub fn system() -> LogPaths {
        LogPaths {
            preferred_dir: PathBuf::from(DEFAULT_LOG_DIR),
            system_tmp: std::env::temp_dir(),
            uid: rustix::process::getuid().as_raw(),
        }
    }

    pub fn fallback_dir(&self) -> PathBuf {
        self.system_tmp.join(format!("openclaw-{}", self.uid))
    }

    /// The preferred directory if it is (or can be made) a private directory of ours, else the
    /// fallback under the same rule. Creates whichever it picks with mode 0700.
    pub fn resolve_dir(&self) -> Result<PathBuf> {
        let preferred_reason = match claim_private_dir(&self.preferred_dir, self.uid) {
            Ok(()) => return Ok(self.preferred_dir.clone()),
            Err(reason) => reason,
        };
        let fallback = self.fallback_dir();
        match claim_private_dir(&fallback, self.uid) {
            Ok(()) => Ok(fallback),
            Err(fallback_reason) => Err(LoggingError::NoLogDirectory {
                preferred: self.preferred_dir.clone(),
                preferred_reason,
                fallback,
                fallback_reason,
            }),
        }
    }
}

/// `openclaw-YYYY-MM-DD.log` for the given local date.
pub fn dated_file_name(date: civil::Date) -> String {
    format!("{FILE_PREFIX}{:04}-{:02}-{:02}{FILE_SUFFIX}", date.year(), date.month(), date.day())
}

/// True for names [`dated_file_name`] produces, and only those: pruning must never touch a
/// user's `logging.file` that happens to sit in the same directory.
pub fn is_dated_file_name(name: &str) -> bool {
    let Some(date) = name.strip_prefix(FILE_PREFIX).and_then(|rest| rest.strip_suffix(FILE_SUFFIX)) else {
        return false;
    };
    let bytes = date.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Makes `dir` a directory we own that nobody else can read or write, or says why it cannot be.
///
/// A missing directory is created 0700. An existing one must be a real directory (not a
/// symlink) owned by `uid`; group/other bits on it are removed, since anyone who can list it
/// learns when the gateway ran, and anyone who can write it can swap the log file.
fn claim_private_dir(dir: &Path, uid: u32) -> Result<(), String> {
    match DirBuilder::new().recursive(true).mode(LOG_DIR_MODE).create(dir) {
        Ok(()) => {}
        Err(err) => return Err(format!("cannot create: {err}")),
    }
    let meta = fs::symlink_metadata(dir).map_err(|err| format!("cannot inspect: {err}"))?;
    if meta.file_type().is_symlink() {
        return Err("is a symlink".to_owned());
    }
    if !meta.file_type().is_dir() {
        return Err("not a directory".to_owned());
    }
    if meta.uid() != uid {
        return Err(format!("owned by uid {}, not {uid}", meta.uid()));
    }
    if meta.mode() & 0o777 != LOG_DIR_MODE {
        fs::set_permissions(dir, Permissions::from_mode(LOG_DIR_MODE))
            .map_err(|err| format!("cannot make private: {err}"))?;
    }
    Ok(())
}

/// Creates the parent directories of a configured `logging.file` (0700), leaving existing ones
/// alone: the operator chose that location.
pub(crate) fn ensure_parent_dir(file: &Path) -> Result<()> {
    let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    match DirBuilder::new().recursive(true).mode(LOG_DIR_MODE).create(parent) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists && parent.is_dir() => Ok(()),
        Err(err) => Err(LoggingError::io("create directory", parent, err)),
    }
}
