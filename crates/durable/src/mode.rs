use std::fs::{self, DirBuilder, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::{DurableError, Result};

/// Files under the state directory may hold tokens, transcripts and keys: owner read/write only.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Directories under the state directory: owner only, so nobody else can even list the names.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `dir` and missing parents with mode 0700 (existing dirs are left as they are).
///
/// Existing directories keep their mode on purpose: tightening is `doctor`'s job, and the operator
/// may have chosen a mode we should not silently change. An existing path that resolves to a
/// directory through a symlink counts as existing.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut missing: Vec<PathBuf> = Vec::new();
    let mut cursor = Some(dir);
    while let Some(path) = cursor {
        if path.as_os_str().is_empty() {
            break; // the current directory of a relative path
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(DurableError::io(
                    "create directory",
                    path,
                    io::Error::new(io::ErrorKind::NotADirectory, "exists and is not a directory"),
                ));
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                missing.push(path.to_path_buf());
                cursor = path.parent();
            }
            // A file where a parent directory should be.
            Err(err) if err.kind() == io::ErrorKind::NotADirectory => {
                return Err(DurableError::io("create directory", path, err));
            }
            Err(err) => return Err(DurableError::io("inspect", path, err)),
        }
    }
    for path in missing.iter().rev() {
        match DirBuilder::new().mode(PRIVATE_DIR_MODE).create(path) {
            Ok(()) => exact_dir_mode(path)?,
            // Another process created it between our check and our mkdir; that is fine as long as
            // it is a directory.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(err) => return Err(DurableError::io("create directory", path, err)),
        }
    }
    Ok(())
}

/// mkdir applies the umask; an unusual umask (one that masks owner bits) must not leave a directory
/// we just created unusable. Re-checked with lstat so we never chmod through a symlink.
fn exact_dir_mode(path: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(path).map_err(|err| DurableError::io("inspect", path, err))?;
    if meta.is_dir() && meta.permissions().mode() & 0o777 != PRIVATE_DIR_MODE {
        fs::set_permissions(path, Permissions::from_mode(PRIVATE_DIR_MODE))
            .map_err(|err| DurableError::io("chmod", path, err))?;
    }
    Ok(())
}

/// Mode bits (perm & 0o777) of a path without following a final symlink; None if missing.
pub fn mode_of(path: &Path) -> Result<Option<u32>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(meta.permissions().mode() & 0o777)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(DurableError::io("inspect", path, err)),
    }
}
