//! Reading and writing the small JSON state files the way OpenClaw does, so a file we rewrite is
//! byte-for-byte what OpenClaw would have written for the same value: two-space indentation
//! (`JSON.stringify(value, null, 2)`), keys in insertion order, and a trailing newline only for the
//! files whose writer adds one.
//!
//! Reads are plain `std::fs` reads: every writer replaces the whole file atomically, so a reader
//! sees either the old or the new content. Writes go through `openclaw-durable` (0600, atomic).

use std::fs;
use std::io;
use std::path::Path;

use openclaw_durable::{PRIVATE_FILE_MODE, write_atomic};
use serde::Serialize;
use serde_json::Value;

use crate::{Result, StoreError};

/// Whether the writer OpenClaw uses for a file ends it with `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrailingNewline {
    Yes,
    No,
}

/// The parsed file, or `None` if it does not exist. Invalid JSON is an error, never "empty".
pub(crate) fn read_json(path: &Path) -> Result<Option<Value>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(StoreError::io("read", path, err)),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|source| StoreError::Json { path: path.to_path_buf(), source })
}

/// Replaces `path` atomically with `value` pretty-printed like `JSON.stringify(value, null, 2)`.
pub(crate) fn write_json(path: &Path, value: &impl Serialize, newline: TrailingNewline) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|err| StoreError::invalid_file(path, format!("cannot serialize: {err}")))?;
    if newline == TrailingNewline::Yes {
        bytes.push(b'\n');
    }
    write_atomic(path, &bytes, PRIVATE_FILE_MODE)?;
    Ok(())
}
