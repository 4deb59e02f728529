use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::mode::ensure_private_dir;
use crate::paths::{parent_dir, sibling};
use crate::{DurableError, PRIVATE_FILE_MODE, Result};

/// An exclusive advisory lock on `<path>.lock`, released when dropped (or when the process dies,
/// because the kernel drops the lock with the last open descriptor, so a `kill -9` never leaves a
/// stale lock behind).
///
/// The lock file is never deleted: removing it while another process waits on the old inode would let
/// two holders believe they are exclusive.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// The `.lock` file this lock is held on.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the descriptor releases the lock anyway; unlocking first just makes it prompt even
        // if the handle is somehow duplicated.
        let _ = self.file.unlock();
    }
}

/// Exclusive advisory lock on `<path>.lock` (0600, created if missing), blocking; released on drop.
///
/// Locks are per open file description, so two `lock_exclusive` calls in the same process exclude
/// each other just like two processes do.
pub fn lock_exclusive(path: &Path) -> Result<FileLock> {
    let (lock_path, file) = open_lock_file(path)?;
    file.lock().map_err(|err| DurableError::io("lock", &lock_path, err))?;
    Ok(FileLock { file, path: lock_path })
}

/// Like [`lock_exclusive`] but returns [`DurableError::Locked`] at once if someone holds the lock.
pub fn try_lock_exclusive(path: &Path) -> Result<FileLock> {
    let (lock_path, file) = open_lock_file(path)?;
    match file.try_lock() {
        Ok(()) => Ok(FileLock { file, path: lock_path }),
        Err(TryLockError::WouldBlock) => Err(DurableError::Locked { path: lock_path }),
        Err(TryLockError::Error(err)) => Err(DurableError::io("lock", &lock_path, err)),
    }
}

fn open_lock_file(path: &Path) -> Result<(PathBuf, File)> {
    let lock_path = sibling(path, ".lock");
    ensure_private_dir(parent_dir(&lock_path))?;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(PRIVATE_FILE_MODE)
        .open(&lock_path)
        .map_err(|err| DurableError::io("open lock file", &lock_path, err))?;
    Ok((lock_path, file))
}
