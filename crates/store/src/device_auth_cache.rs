//! The client-side cache of device tokens a gateway issued to this host, `identity/device-auth.json`:
//! `{version: 1, deviceId, tokens: {<role>: {token, role, scopes, updatedAtMs}}}`, two-space JSON
//! with a trailing newline, 0600.
//!
//! One file holds the tokens of one device id; storing a token for another id starts a fresh file,
//! as OpenClaw does. A file that is not a version-1 cache reads as "no token" (it is only a cache),
//! and before such a file is overwritten it is copied to `device-auth.json.bak`, so a newer
//! OpenClaw's data is never destroyed outright. Unknown fields, in the file and in entries, survive
//! a rewrite.

use std::fmt;
use std::path::{Path, PathBuf};

use openclaw_durable::{lock_exclusive, rotate_backups};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::json_file::{TrailingNewline, read_json, write_json};
use crate::scope_list::normalized_sorted;
use crate::{Result, StateDir, StoreError};

const FILE_VERSION: u64 = 1;

/// One cached token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CachedDeviceToken {
    pub token: String,
    pub role: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub updated_at_ms: i64,
    /// Fields a newer OpenClaw added; written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for CachedDeviceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedDeviceToken")
            .field("token", &"<redacted>")
            .field("role", &self.role)
            .field("scopes", &self.scopes)
            .field("updated_at_ms", &self.updated_at_ms)
            .finish_non_exhaustive()
    }
}

/// The file as written: keys in OpenClaw's order, then whatever else was there.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheFile {
    version: u64,
    device_id: String,
    /// Kept as raw values so an entry this version cannot read is still written back.
    tokens: Map<String, Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// What is on disk.
enum OnDisk {
    Missing,
    Cache(CacheFile),
    /// Present but not a version-1 cache (or not JSON at all).
    Unusable,
}

/// `identity/device-auth.json`.
#[derive(Debug, Clone)]
pub struct DeviceAuthCache {
    path: PathBuf,
}

impl DeviceAuthCache {
    pub fn new(state: &StateDir) -> Self {
        Self { path: state.device_auth_file() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The token cached for `device_id` and `role`; `None` if the file is missing, belongs to another
    /// device, is not a version-1 cache, or has no usable entry for the role.
    pub fn load(&self, device_id: &str, role: &str) -> Result<Option<CachedDeviceToken>> {
        let OnDisk::Cache(file) = read(&self.path)? else {
            return Ok(None);
        };
        if file.device_id != device_id {
            return Ok(None);
        }
        Ok(file.tokens.get(role.trim()).and_then(|entry| serde_json::from_value(entry.clone()).ok()))
    }

    /// Records `token` for `role` (scopes trimmed, deduplicated, sorted), replacing the role's
    /// previous entry in place and keeping the other roles' entries, unless the file belonged to
    /// another device.
    pub fn store(
        &self,
        device_id: &str,
        role: &str,
        token: &str,
        scopes: &[String],
        now_ms: i64,
    ) -> Result<CachedDeviceToken> {
        let _lock = lock_exclusive(&self.path)?;
        let mut file = match read(&self.path)? {
            OnDisk::Cache(file) if file.device_id == device_id => file,
            OnDisk::Unusable => {
                rotate_backups(&self.path, 1)?;
                CacheFile::empty(device_id)
            }
            OnDisk::Missing | OnDisk::Cache(_) => CacheFile::empty(device_id),
        };
        let role = role.trim().to_owned();
        // A new token replaces the entry wholesale, as in OpenClaw: fields of the old entry described
        // the old token.
        let entry = CachedDeviceToken {
            token: token.to_owned(),
            role: role.clone(),
            scopes: normalized_sorted(scopes),
            updated_at_ms: now_ms,
            extra: Map::new(),
        };
        let value = serde_json::to_value(&entry)
            .map_err(|err| StoreError::invalid_file(&self.path, format!("cannot serialize: {err}")))?;
        file.tokens.insert(role, value);
        write_json(&self.path, &file, TrailingNewline::Yes)?;
        Ok(entry)
    }

    /// Drops the entry for `role`. Returns whether there was one; a file of another device, or one
    /// that is not a version-1 cache, is left alone.
    pub fn clear(&self, device_id: &str, role: &str) -> Result<bool> {
        let _lock = lock_exclusive(&self.path)?;
        let OnDisk::Cache(mut file) = read(&self.path)? else {
            return Ok(false);
        };
        if file.device_id != device_id || file.tokens.shift_remove(role.trim()).is_none() {
            return Ok(false);
        }
        write_json(&self.path, &file, TrailingNewline::Yes)?;
        Ok(true)
    }
}

impl CacheFile {
    fn empty(device_id: &str) -> Self {
        Self { version: FILE_VERSION, device_id: device_id.to_owned(), tokens: Map::new(), extra: Map::new() }
    }
}

fn read(path: &Path) -> Result<OnDisk> {
    let value = match read_json(path) {
        Ok(Some(value)) => value,
        Ok(None) => return Ok(OnDisk::Missing),
        Err(StoreError::Json { .. }) => return Ok(OnDisk::Unusable),
        Err(err) => return Err(err),
    };
    match serde_json::from_value::<CacheFile>(value) {
        Ok(file) if file.version == FILE_VERSION => Ok(OnDisk::Cache(file)),
        _ => Ok(OnDisk::Unusable),
    }
}
