use std::fs::{self, File, Permissions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::atomic::{replace_with, sync_dir};
use crate::paths::{parent_dir, sibling};
use crate::{DurableError, PRIVATE_FILE_MODE, Result};

/// Rotates backups before a write, the way OpenClaw's config writer does: `<path>.bak.{keep-1}` is
/// dropped, `.bak.{i}` -> `.bak.{i+1}` down to `.bak.1` -> `.bak.2`, `.bak` -> `.bak.1`, then the
/// current `path` (if it exists) is copied to `<path>.bak` (0600, fsynced). `keep` is the total number
/// of backups (OpenClaw keeps 5: `.bak`, `.bak.1` … `.bak.4`); 0 keeps none.
///
/// Call it under the same [`lock_exclusive`](crate::lock_exclusive) as the write that follows, or
/// two writers can rotate the same generation twice. The copy itself is atomic, so a crash during
/// rotation loses at most one generation and never leaves a truncated backup. Backups inherited from
/// older writers with looser modes are tightened to 0600, because each one holds the same secrets as
/// the file itself.
pub fn rotate_backups(path: &Path, keep: usize) -> Result<()> {
    if keep == 0 {
        return Ok(());
    }
    let ring: Vec<PathBuf> = (0..keep).map(|i| backup_path(path, i)).collect();
    if let Some((oldest, newer)) = ring.split_last()
        && !newer.is_empty()
    {
        remove_if_present(oldest)?;
        for pair in ring.windows(2).rev() {
            if let [from, to] = pair {
                rename_if_present(from, to)?;
            }
        }
    }
    let newest = &ring[0];
    match File::open(path) {
        Ok(mut current) => {
            replace_with(newest, PRIVATE_FILE_MODE, |out| io::copy(&mut current, out).map(|_| ()))?;
        }
        // Nothing to back up yet, but the renames above still need to be durable.
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            if parent_dir(path).is_dir() {
                sync_dir(parent_dir(path))?;
            }
        }
        Err(err) => return Err(DurableError::io("read", path, err)),
    }
    for backup in &ring[1..] {
        tighten_backup(backup)?;
    }
    Ok(())
}

/// `.bak` for generation 0, `.bak.{i}` after that.
fn backup_path(path: &Path, generation: usize) -> PathBuf {
    if generation == 0 { sibling(path, ".bak") } else { sibling(path, &format!(".bak.{generation}")) }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(DurableError::io("remove old backup", path, err)),
        _ => Ok(()),
    }
}

/// Gaps in the ring (a generation that was never written, or was deleted by hand) are normal.
fn rename_if_present(from: &Path, to: &Path) -> Result<()> {
    match fs::rename(from, to) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(DurableError::io("rotate backup", from, err)),
        _ => Ok(()),
    }
}

/// Strips group/other bits from a regular-file backup; never follows a symlink, never adds bits.
fn tighten_backup(path: &Path) -> Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(DurableError::io("inspect", path, err)),
    };
    let mode = meta.permissions().mode() & 0o777;
    if meta.is_file() && mode & !PRIVATE_FILE_MODE != 0 {
        fs::set_permissions(path, Permissions::from_mode(mode & PRIVATE_FILE_MODE))
            .map_err(|err| DurableError::io("chmod", path, err))?;
    }
    Ok(())
}
