use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::mode::ensure_private_dir;
use crate::paths::parent_dir;
use crate::{DurableError, PRIVATE_FILE_MODE, Result};

/// Replaces `path` with `bytes` so that a crash at any moment leaves either the old or the new
/// content, never a mix: temp file in the same dir (unique name, created 0600 with O_EXCL), write
/// all, fsync, rename over `path`, fsync the parent dir. Creates the parent (0700) if missing. On any
/// error the temp file is removed and `path` is untouched.
///
/// The file ends with exactly `mode`, whatever the umask and whatever mode the old file had. A
/// symlink at `path` is replaced by a regular file rather than written through, so a planted link
/// cannot redirect a state write. Exception to "untouched": if only the final directory fsync fails,
/// the rename has happened and the new content is in place but may not survive a power loss.
///
/// A process killed between creating and renaming the temp file leaves it behind (0600, named
/// `.<name>.<pid>.<n>.tmp`); it never replaces anything.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    replace_with(path, mode, |file| file.write_all(bytes))
}

/// The shared core of [`write_atomic`] and the backup copy: `fill` writes the new content into the
/// temp file. Kept separate so tests can make the write fail half way.
pub(crate) fn replace_with(path: &Path, mode: u32, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    let dir = parent_dir(path);
    ensure_private_dir(dir)?;
    let (temp_path, mut file) = create_temp(path)?;
    let written = fill(&mut file)
        .map_err(|err| DurableError::io("write", &temp_path, err))
        .and_then(|()| {
            // O_CREAT applied the umask; set the requested mode on the handle so it is exact.
            file.set_permissions(Permissions::from_mode(mode)).map_err(|err| DurableError::io("chmod", &temp_path, err))
        })
        .and_then(|()| file.sync_all().map_err(|err| DurableError::io("fsync", &temp_path, err)));
    drop(file);
    let renamed =
        written.and_then(|()| fs::rename(&temp_path, path).map_err(|err| DurableError::io("replace", path, err)));
    if let Err(err) = renamed {
        // Best effort: the original error is the one worth reporting.
        let _ = fs::remove_file(&temp_path);
        return Err(err);
    }
    sync_dir(dir)
}

/// Process-wide counter so threads writing the same file never pick the same temp name.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// How many names to try when stale temp files from crashed processes with a recycled pid collide.
const TEMP_ATTEMPTS: u32 = 64;

fn create_temp(path: &Path) -> Result<(PathBuf, File)> {
    let invalid =
        || DurableError::io("write", path, io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"));
    let name = path.file_name().ok_or_else(invalid)?;
    let dir = parent_dir(path);
    let pid = std::process::id();
    let mut last_err = None;
    for _ in 0..TEMP_ATTEMPTS {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{pid}.{n}.tmp"));
        let temp_path = dir.join(temp_name);
        match OpenOptions::new().write(true).create_new(true).mode(PRIVATE_FILE_MODE).open(&temp_path) {
            Ok(file) => return Ok((temp_path, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => last_err = Some(err),
            Err(err) => return Err(DurableError::io("create", &temp_path, err)),
        }
    }
    let err = last_err.unwrap_or_else(|| io::Error::other("no temp name available"));
    Err(DurableError::io("create a temp file for", path, err))
}

/// Makes renames and newly created entries in `dir` survive a power loss, not only a process crash.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|handle| handle.sync_all()).map_err(|err| DurableError::io("fsync directory", dir, err))
}

#[cfg(test)]
mod tests;
