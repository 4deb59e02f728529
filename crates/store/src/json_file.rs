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
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

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

/// A typed model of an object file and the top-level fields the model does not know, written back
/// after the model's own so a field a newer writer added survives our rewrite.
pub(crate) struct KeepingUnknown<T> {
    pub(crate) model: T,
    unknown: Map<String, Value>,
}

impl<T> KeepingUnknown<T> {
    /// A model for a file that does not exist yet.
    pub(crate) fn new(model: T) -> Self {
        Self { model, unknown: Map::new() }
    }
}

impl<T: Serialize> KeepingUnknown<T> {
    /// [`write_json`] of the model (which must serialize to an object), then the unknown fields.
    pub(crate) fn write(&self, path: &Path, newline: TrailingNewline) -> Result<()> {
        let mut object = match serde_json::to_value(&self.model) {
            Ok(Value::Object(object)) => object,
            Ok(_) => return Err(StoreError::invalid_file(path, "cannot serialize: not an object")),
            Err(err) => return Err(StoreError::invalid_file(path, format!("cannot serialize: {err}"))),
        };
        for (key, value) in &self.unknown {
            object.entry(key.clone()).or_insert_with(|| value.clone());
        }
        write_json(path, &object, newline)
    }
}

/// The object file at `path` with its `keys` read as `T`, or `None` if it does not exist. A file that
/// is not JSON ([`StoreError::Json`]), not an object, or whose `keys` do not fit `T`
/// ([`StoreError::InvalidFile`], saying it should be `what`) is an error, never "empty".
pub(crate) fn read_json_keeping<T: DeserializeOwned>(
    path: &Path,
    keys: &[&str],
    what: &str,
) -> Result<Option<KeepingUnknown<T>>> {
    let mut object = match read_json(path)? {
        None => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(StoreError::invalid_file(path, format!("expected {what}, not an object"))),
    };
    // Only the model's keys go to serde: the rest stay behind as the unknown fields, in file order.
    let modelled: Map<String, Value> = keys.iter().filter_map(|key| object.shift_remove_entry(*key)).collect();
    let model = serde_json::from_value(Value::Object(modelled))
        .map_err(|err| StoreError::invalid_file(path, format!("not {what}: {err}")))?;
    Ok(Some(KeepingUnknown { model, unknown: object }))
}
