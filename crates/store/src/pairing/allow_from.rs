//! `credentials/<channel>[-<account>]-allowFrom.json` on disk: the policy's [`AllowFromFile`] read
//! and written with the store's two duties — what an unreadable file means, and never losing a
//! list it cannot parse. How entries are cleaned is the policy's ([`AllowFromFile::entries`]).
//!
//! Reading follows OpenClaw: a file that is missing, not JSON, or not shaped like an allowFrom file
//! contributes no entries (an unreadable list can only ever allow fewer senders). Any other I/O error
//! is returned, so the caller denies rather than guesses. Writing is stricter than OpenClaw: a file
//! that exists but cannot be parsed is an error instead of being replaced by a one-entry list, which
//! would drop everyone approved before. Top-level fields the policy's type does not model are
//! written back after `version` and `allowFrom`.

use std::path::Path;

use openclaw_policy::inbound::store_file::AllowFromFile;

use crate::json_file::{KeepingUnknown, TrailingNewline, read_json_keeping};
use crate::{Result, StoreError};

/// The keys [`AllowFromFile`] reads.
const KEYS: [&str; 2] = ["version", "allowFrom"];
const WHAT: &str = "an allowFrom file";

/// An allowFrom file as read for a rewrite: the policy's model and whatever else it held.
pub(super) type StoredAllowFrom = KeepingUnknown<AllowFromFile>;

/// The entries of one file for reading; see the module documentation for what counts as empty.
pub(super) fn read_entries(path: &Path, channel: &str) -> Result<Vec<String>> {
    match read_json_keeping::<AllowFromFile>(path, &KEYS, WHAT) {
        Ok(Some(file)) => Ok(file.model.entries(channel)),
        Ok(None) | Err(StoreError::Json { .. } | StoreError::InvalidFile { .. }) => Ok(Vec::new()),
        Err(err) => Err(err),
    }
}

/// The file for a read-modify-write under its lock. Missing is empty; unparsable is an error.
pub(super) fn read_for_update(path: &Path) -> Result<StoredAllowFrom> {
    let stored = read_json_keeping(path, &KEYS, WHAT)?;
    Ok(stored.unwrap_or_else(|| KeepingUnknown::new(AllowFromFile::new(&[]))))
}

/// Replaces the file with `entries` (trailing newline, like OpenClaw's writer) and the fields it
/// held besides.
pub(super) fn write(path: &Path, mut file: StoredAllowFrom, entries: &[String]) -> Result<()> {
    file.model = AllowFromFile::new(entries);
    file.write(path, TrailingNewline::Yes)
}
