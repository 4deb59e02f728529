//! `credentials/<channel>-pairing.json` on disk: the policy's [`PairingRequests`] as OpenClaw writes
//! it — two-space JSON with a trailing newline — plus whatever top-level fields it does not model.
//!
//! The policy's type keeps unknown fields of each request but not of the file itself, so the store
//! carries those beside it and writes them back after `version` and `requests`: a newer OpenClaw's
//! field survives our rewrite. A file that is not JSON, or whose fields have the wrong types, is an
//! error naming it: OpenClaw would read it as empty and overwrite it on the next request, silently
//! dropping every pending code; we refuse instead and let the operator look.

use std::path::Path;

use openclaw_policy::inbound::pairing::PairingRequests;

use crate::Result;
use crate::json_file::{KeepingUnknown, TrailingNewline, read_json_keeping};

/// A pairing file as loaded for a change.
pub(super) type StoredPairingFile = KeepingUnknown<PairingRequests>;

/// The file's content; a missing file is an empty one.
pub(super) fn load(path: &Path) -> Result<StoredPairingFile> {
    let stored = read_json_keeping(path, &["version", "requests"], "a pairing file")?;
    Ok(stored.unwrap_or_else(|| KeepingUnknown::new(PairingRequests::default())))
}

pub(super) fn save(path: &Path, file: &StoredPairingFile) -> Result<()> {
    file.write(path, TrailingNewline::Yes)
}
