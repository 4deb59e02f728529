//! The session store of an agent: `agents/<id>/sessions/sessions.json` (session key → entry) and
//! the JSONL transcripts next to it (pi-coding-agent session format v3, see [`crate::transcript`]).
//!
//! Entries are kept as JSON objects so fields written by newer OpenClaw versions survive untouched;
//! the typed accessors cover what the gateway lists and previews. [`SessionStore`] serialises writers
//! with a lock and carries out changes the caller decided: which fields survive a reset, when an
//! entry is stale, and what the session key is (`openclaw_policy::session_key`) are not decided here.
//!
//! For views, a transcript's torn last line (a writer killed mid-append) is skipped, never fatal.

mod archive;
mod map;
mod model_override;
mod store;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

pub use self::archive::{
    ArchiveReason, archive_file_name, archive_timestamp_ms, is_archive_name, is_primary_transcript_name,
};
pub use self::map::{SessionMap, normalize_session_key};
pub use self::model_override::{model_override, set_model_override};
pub use self::store::{DeletedSession, NewSession, SessionStore, StartedSession};
use crate::error::{Result, StoreError};
use crate::{AgentId, StateDir};

/// Longest session id OpenClaw accepts (`SAFE_SESSION_ID_RE`).
const MAX_SESSION_ID_LEN: usize = 128;

/// One `sessions.json` entry, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub key: String,
    pub entry: Map<String, Value>,
}

impl SessionRecord {
    pub fn session_id(&self) -> Option<&str> {
        self.entry.get("sessionId").and_then(Value::as_str)
    }

    /// Milliseconds since the epoch (0 when missing).
    pub fn updated_at(&self) -> i64 {
        self.entry.get("updatedAt").and_then(Value::as_i64).unwrap_or(0)
    }

    /// The transcript file: `sessionFile` when set (relative to the sessions dir), else `<sessionId>.jsonl`.
    pub fn transcript_path(&self, sessions_dir: &Path) -> Option<PathBuf> {
        if let Some(file) = self.entry.get("sessionFile").and_then(Value::as_str).filter(|f| !f.is_empty()) {
            let path = Path::new(file);
            return Some(if path.is_absolute() { path.to_path_buf() } else { sessions_dir.join(path) });
        }
        // Session ids name files: refuse anything that could climb out of the directory.
        let id = validate_session_id(self.session_id()?).ok()?;
        Some(sessions_dir.join(format!("{id}.jsonl")))
    }
}

/// `id` trimmed, if it matches OpenClaw's safe pattern `^[a-z0-9][a-z0-9._-]{0,127}$` (any case).
pub fn validate_session_id(id: &str) -> Result<&str> {
    let trimmed = id.trim();
    let safe = trimmed.len() <= MAX_SESSION_ID_LEN
        && trimmed.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && trimmed.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if safe { Ok(trimmed) } else { Err(StoreError::InvalidSessionId { id: id.to_owned() }) }
}

/// `sessions.json` of `agent`, newest first. A missing file is an empty store.
pub fn list_sessions(state: &StateDir, agent: &AgentId) -> Result<Vec<SessionRecord>> {
    SessionStore::new(state, agent).list()
}

/// `<stateDir>/agents/<agent>/sessions/sessions.json`.
pub fn sessions_file(state: &StateDir, agent: &AgentId) -> PathBuf {
    state.sessions_dir(agent).join("sessions.json")
}

/// The transcript's entries (header line included), skipping lines that do not parse — in
/// practice only a torn last line.
pub fn read_transcript(path: &Path) -> Result<Vec<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { op: "read", path: path.to_path_buf(), source }),
    };
    Ok(text.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| serde_json::from_str(l).ok()).collect())
}

/// The `message` payloads of a transcript, oldest first.
pub fn transcript_messages(path: &Path) -> Result<Vec<Value>> {
    Ok(read_transcript(path)?
        .into_iter()
        .filter(|e| e.get("type").and_then(Value::as_str) == Some("message"))
        .filter_map(|mut e| e.get_mut("message").map(Value::take))
        .collect())
}

#[cfg(test)]
mod tests;
