//! Reading one workspace file without trusting it: inside the workspace, a regular file, bounded.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Larger files are not injected at all (OpenClaw's limit): the prompt keeps at most
/// `bootstrapMaxChars` of a file anyway, and a multi-gigabyte file must never be read whole.
pub const MAX_BOOTSTRAP_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadOutcome {
    Text(String),
    Missing,
    /// The file exists but was not read; the reason names no file content.
    Refused(String),
}

/// Reads `path` if it resolves inside `root_real` (the workspace, already canonical). Symlinks
/// inside the workspace are followed; one that leads out of it is refused, so a link to
/// `~/.openclaw/openclaw.json` cannot pull the gateway token into the prompt.
pub(crate) fn read_guarded(root_real: &Path, path: &Path, max_bytes: u64) -> ReadOutcome {
    match fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return ReadOutcome::Missing,
        Err(e) => return refused(&e),
    }
    let real = match fs::canonicalize(path) {
        Ok(real) => real,
        // A dangling symlink names nothing, like an absent file.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return ReadOutcome::Missing,
        Err(e) => return refused(&e),
    };
    if !real.starts_with(root_real) {
        return ReadOutcome::Refused("resolves outside the workspace".to_owned());
    }
    // Checked before opening: opening a FIFO or device could block or have side effects.
    let before = match fs::symlink_metadata(&real) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => return ReadOutcome::Refused("not a regular file".to_owned()),
        Err(e) => return refused(&e),
    };
    if before.len() > max_bytes {
        return too_large(max_bytes);
    }
    let file = match File::open(&real) {
        Ok(file) => file,
        Err(e) => return refused(&e),
    };
    // The path could have been swapped between the check and the open; the open file must be
    // the one that was checked.
    match file.metadata() {
        Ok(meta) if meta.dev() == before.dev() && meta.ino() == before.ino() => {}
        Ok(_) => return ReadOutcome::Refused("changed while being read".to_owned()),
        Err(e) => return refused(&e),
    }
    let mut bytes = Vec::new();
    // The file may grow after the size check; never read more than one byte past the cap.
    if let Err(e) = file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes) {
        return refused(&e);
    }
    if bytes.len() as u64 > max_bytes {
        return too_large(max_bytes);
    }
    ReadOutcome::Text(String::from_utf8_lossy(&bytes).into_owned())
}

fn refused(err: &io::Error) -> ReadOutcome {
    ReadOutcome::Refused(format!("cannot read: {}", err.kind()))
}

fn too_large(max_bytes: u64) -> ReadOutcome {
    ReadOutcome::Refused(format!("larger than {max_bytes} bytes"))
}
