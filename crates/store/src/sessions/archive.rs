//! Retiring transcripts without deleting them: a reset renames `<file>` to
//! `<file>.reset.<timestamp>`, a delete to `<file>.deleted.<timestamp>`, where the timestamp is the
//! ISO time with `:` replaced by `-` (`2026-01-01T00-00-00.000Z`), exactly as OpenClaw names them, so
//! `sessions cleanup` of either implementation recognises and ages the other's archives.
//!
//! Only files inside the sessions directory are ever renamed, whatever `sessionFile` says, so a
//! hand-edited or planted entry cannot make a reset move a file elsewhere on disk.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use openclaw_policy::inbound::timestamp::{format_iso_millis, parse_iso_millis};

use crate::{Result, StoreError};

/// Why a file was archived; the word in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArchiveReason {
    /// A transcript retired by `/new`, `/reset` or `sessions.reset`.
    Reset,
    /// A transcript whose entry was deleted or pruned.
    Deleted,
    /// A backup copy (`sessions.json` rotation, `doctor`).
    Bak,
}

impl ArchiveReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reset => "reset",
            Self::Deleted => "deleted",
            Self::Bak => "bak",
        }
    }
}

/// `<file name>.<reason>.<timestamp>` for an archive made at `now_ms`.
pub fn archive_file_name(file_name: &str, reason: ArchiveReason, now_ms: i64) -> String {
    format!("{file_name}.{}.{}", reason.as_str(), format_iso_millis(now_ms).replace(':', "-"))
}

/// When an archive named `file_name` was made, if it is an archive of that kind.
pub fn archive_timestamp_ms(file_name: &str, reason: ArchiveReason) -> Option<i64> {
    let marker = format!(".{}.", reason.as_str());
    let at = file_name.rfind(&marker)?;
    parse_iso_millis(&archive_stamp_to_iso(file_name.get(at + marker.len()..)?)?)
}

/// `YYYY-MM-DDTHH-MM-SS[.sss]Z` back to the ISO text it was made from; `None` for any other shape.
/// The shape is checked here, as OpenClaw does with a pattern, because `Date.parse` (like
/// [`parse_iso_millis`]) also takes looser forms — a bare year, an offset — that no archive is
/// named with.
fn archive_stamp_to_iso(stamp: &str) -> Option<String> {
    const SHAPE: &[u8] = b"0000-00-00T00-00-00";
    let (head, tail) = stamp.as_bytes().split_at_checked(SHAPE.len())?;
    let head_fits =
        head.iter().zip(SHAPE).all(|(byte, shape)| if *shape == b'0' { byte.is_ascii_digit() } else { byte == shape });
    let tail_fits = match tail {
        b"Z" => true,
        [b'.', millis @ .., b'Z'] => millis.len() == 3 && millis.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    // The name swapped the two time colons for dashes; everything else is as written.
    let restore = |(at, c): (usize, char)| if at == 13 || at == 16 { ':' } else { c };
    (head_fits && tail_fits).then(|| stamp.char_indices().map(restore).collect())
}

/// Whether `file_name` is a live transcript (`*.jsonl`, not an archive, not `sessions.json`).
pub fn is_primary_transcript_name(file_name: &str) -> bool {
    file_name.ends_with(".jsonl") && !is_archive_name(file_name)
}

/// Archives of any reason, and the `sessions.json.bak.<ms>` rotations older OpenClaw versions made.
pub fn is_archive_name(file_name: &str) -> bool {
    let legacy_rotation = file_name
        .strip_prefix("sessions.json.bak.")
        .is_some_and(|ms| !ms.is_empty() && ms.bytes().all(|b| b.is_ascii_digit()));
    legacy_rotation
        || [ArchiveReason::Deleted, ArchiveReason::Reset, ArchiveReason::Bak]
            .into_iter()
            .any(|reason| archive_timestamp_ms(file_name, reason).is_some())
}

/// Renames each existing candidate inside `dir` to its archive name; returns the new paths.
/// Candidates outside `dir` (after resolving symlinks), missing files and duplicates are skipped.
pub(super) fn archive_files(
    dir: &Path,
    candidates: &[PathBuf],
    reason: ArchiveReason,
    now_ms: i64,
) -> Result<Vec<PathBuf>> {
    let root = match fs::canonicalize(dir) {
        Ok(root) => root,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(StoreError::io("resolve", dir, err)),
    };
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut archived = Vec::new();
    for candidate in candidates {
        let real = match fs::canonicalize(candidate) {
            Ok(real) => real,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(StoreError::io("resolve", candidate, err)),
        };
        if real.parent() != Some(root.as_path()) || seen.contains(&real) || !real.is_file() {
            continue;
        }
        let Some(name) = real.file_name().and_then(|name| name.to_str()) else { continue };
        let target = root.join(archive_file_name(name, reason, now_ms));
        fs::rename(&real, &target).map_err(|err| StoreError::io("archive", &real, err))?;
        seen.push(real);
        archived.push(target);
    }
    if !archived.is_empty() {
        // The rename is what retires the transcript; make it survive a power loss too.
        File::open(&root).and_then(|handle| handle.sync_all()).map_err(|err| StoreError::io("fsync", &root, err))?;
    }
    Ok(archived)
}
