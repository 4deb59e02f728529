//! The two pairing files as one state: loaded under the lock, changed in memory, and written back
//! only where something changed.
//!
//! Each file is a bare JSON object keyed by id (`pending.json` by request id, `paired.json` by device
//! id), two-space JSON without a trailing newline, as OpenClaw's `writeJsonAtomic` leaves them.
//! Records are kept as raw JSON values and decoded on access, so an entry this version cannot read
//! is neither lost nor fatal, and keys keep their file order (new keys are appended, as in
//! JavaScript).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::PENDING_TTL_MS;
use super::records::{PairedDevice, PendingRequest};
use crate::json_file::{TrailingNewline, read_json, write_json};
use crate::{Result, StoreError};

#[derive(Debug, Clone)]
pub(super) struct PairingFiles {
    pub(super) pending: PathBuf,
    pub(super) paired: PathBuf,
}

#[derive(Debug)]
pub(super) struct PairingState {
    files: PairingFiles,
    pending: Map<String, Value>,
    paired: Map<String, Value>,
    pending_changed: bool,
    paired_changed: bool,
}

impl PairingState {
    /// Reads both files and drops pending requests older than the TTL. The drop is written only
    /// together with another change to `pending.json`, so a read-only call never writes.
    pub(super) fn load(files: &PairingFiles, now_ms: i64) -> Result<Self> {
        let mut pending = read_map(&files.pending)?;
        pending.retain(|_, request| !is_expired(request, now_ms));
        let paired = read_map(&files.paired)?;
        Ok(Self { files: files.clone(), pending, paired, pending_changed: false, paired_changed: false })
    }

    /// Writes the files that changed: `paired.json` first, so a crash between the two writes leaves a
    /// request both approved and still pending (approving again is harmless) rather than neither.
    pub(super) fn save(&self) -> Result<()> {
        if self.paired_changed {
            write_json(&self.files.paired, &self.paired, TrailingNewline::No)?;
        }
        if self.pending_changed {
            write_json(&self.files.pending, &self.pending, TrailingNewline::No)?;
        }
        Ok(())
    }

    /// Pending requests that decode, in file order.
    pub(super) fn pending_requests(&self) -> Vec<PendingRequest> {
        self.pending.values().filter_map(decode).collect()
    }

    pub(super) fn pending(&self, request_id: &str) -> Option<PendingRequest> {
        self.pending.get(request_id).and_then(decode)
    }

    pub(super) fn put_pending(&mut self, request: &PendingRequest) -> Result<()> {
        put(&mut self.pending, &request.request_id, encode(request, &self.files.pending)?);
        self.pending_changed = true;
        Ok(())
    }

    pub(super) fn remove_pending(&mut self, request_id: &str) -> bool {
        let removed = self.pending.shift_remove(request_id).is_some();
        self.pending_changed |= removed;
        removed
    }

    /// Removes every pending request of `device_id`.
    pub(super) fn remove_pending_of(&mut self, device_id: &str) {
        let before = self.pending.len();
        self.pending.retain(|_, request| request.get("deviceId").and_then(Value::as_str) != Some(device_id));
        self.pending_changed |= self.pending.len() != before;
    }

    /// Paired devices that decode, in file order.
    pub(super) fn devices(&self) -> Vec<PairedDevice> {
        self.paired.values().filter_map(decode).collect()
    }

    pub(super) fn device(&self, device_id: &str) -> Option<PairedDevice> {
        self.paired.get(device_id).and_then(decode)
    }

    pub(super) fn put_device(&mut self, device: &PairedDevice) -> Result<()> {
        put(&mut self.paired, &device.device_id, encode(device, &self.files.paired)?);
        self.paired_changed = true;
        Ok(())
    }

    pub(super) fn remove_device(&mut self, device_id: &str) -> bool {
        let removed = self.paired.shift_remove(device_id).is_some();
        self.paired_changed |= removed;
        removed
    }
}

/// OpenClaw's rule: expired when more than the TTL passed since `refreshedAtMs` (or `ts`); exactly
/// the TTL is still alive. A record without a usable time never expires (`NaN > ttl` is false).
fn is_expired(request: &Value, now_ms: i64) -> bool {
    let since =
        request.get("refreshedAtMs").and_then(Value::as_f64).or_else(|| request.get("ts").and_then(Value::as_f64));
    since.is_some_and(|since| now_ms as f64 - since > PENDING_TTL_MS as f64)
}

/// Stores `record` under `id`. An existing record is updated in place, keeping its key order (and
/// that of nested objects), the way JavaScript's `entry.field = value` does: rewriting a record
/// changes only the bytes of the fields that changed.
fn put(records: &mut Map<String, Value>, id: &str, record: Value) {
    match records.get_mut(id) {
        Some(old) => replace_keeping_order(old, record),
        None => {
            records.insert(id.to_owned(), record);
        }
    }
}

fn replace_keeping_order(old: &mut Value, new: Value) {
    match (old, new) {
        (Value::Object(old), Value::Object(mut new)) => {
            old.retain(|key, _| new.contains_key(key));
            for (key, value) in old.iter_mut() {
                if let Some(updated) = new.shift_remove(key) {
                    replace_keeping_order(value, updated);
                }
            }
            // What is left in `new` are keys the old record lacked: appended, in the new order.
            old.extend(new);
        }
        (old, new) => *old = new,
    }
}

fn read_map(path: &Path) -> Result<Map<String, Value>> {
    match read_json(path)? {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(StoreError::invalid_file(path, "expected a JSON object keyed by id")),
    }
}

fn decode<T: DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

fn encode(record: &impl Serialize, path: &Path) -> Result<Value> {
    serde_json::to_value(record).map_err(|err| StoreError::invalid_file(path, format!("cannot serialize: {err}")))
}
