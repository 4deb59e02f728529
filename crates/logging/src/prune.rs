//! Removes dated log files older than a day, as OpenClaw does when it opens the day's file.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::paths::is_dated_file_name;

/// Dated files whose last write is older than this are removed.
pub const MAX_LOG_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Deletes regular files named `openclaw-YYYY-MM-DD.log` in `dir` that were last modified more
/// than [`MAX_LOG_AGE`] before `now`, except `keep` (the file about to be written). Best effort:
/// a file that cannot be inspected or removed is left alone. Returns what it removed.
pub fn prune_dated_logs(dir: &Path, now: SystemTime, keep: Option<&Path>) -> Vec<PathBuf> {
    let Some(cutoff) = now.checked_sub(MAX_LOG_AGE) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_candidate =
            entry.file_name().to_str().is_some_and(is_dated_file_name) && keep.is_none_or(|keep| keep != path);
        if !is_candidate {
            continue;
        }
        // `DirEntry::metadata` does not follow symlinks: a link is never a dated file of ours.
        let Ok(meta) = entry.metadata() else { continue };
        let is_stale = meta.file_type().is_file() && meta.modified().is_ok_and(|m| m < cutoff);
        if is_stale && fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}
