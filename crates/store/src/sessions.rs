//! Reading the session store of an agent: `agents/<id>/sessions/sessions.json` (session key →
//! entry) and the JSONL transcripts next to it (pi-coding-agent session format v3). Entries
//! are kept as JSON objects so fields written by newer OpenClaw versions survive untouched;
//! the typed accessors cover what the gateway lists and previews.
//!
//! A transcript's torn last line (a writer killed mid-append) is skipped on read, never fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Result, StoreError};
use crate::{AgentId, StateDir};

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
        let id = self.session_id()?;
        // Session ids name files: refuse anything that could climb out of the directory.
        if id.is_empty() || id.contains('/') || id.contains("..") {
            return None;
        }
        Some(sessions_dir.join(format!("{id}.jsonl")))
    }
}

/// `sessions.json` of `agent`, newest first. A missing file is an empty store.
pub fn list_sessions(state: &StateDir, agent: &AgentId) -> Result<Vec<SessionRecord>> {
    let path = sessions_file(state, agent);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { op: "read", path, source }),
    };
    let parsed: BTreeMap<String, Value> =
        serde_json::from_str(&text).map_err(|source| StoreError::Json { path: path.clone(), source })?;
    let mut records: Vec<SessionRecord> = parsed
        .into_iter()
        .filter_map(|(key, entry)| match entry {
            Value::Object(entry) => Some(SessionRecord { key, entry }),
            _ => None,
        })
        .collect();
    records.sort_by_key(|r| std::cmp::Reverse(r.updated_at()));
    Ok(records)
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
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lists_newest_first_and_reads_messages_skipping_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        let agent = AgentId::new("main").unwrap();
        let sessions = state.sessions_dir(&agent);
        std::fs::create_dir_all(&sessions).unwrap();
        std::fs::write(
            sessions.join("sessions.json"),
            json!({
                "agent:main:main": {"sessionId": "s1", "updatedAt": 10},
                "agent:main:telegram:direct:42": {"sessionId": "s2", "updatedAt": 20, "future": {"kept": true}}
            })
            .to_string(),
        )
        .unwrap();
        let records = list_sessions(&state, &agent).unwrap();
        assert_eq!(
            records.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["agent:main:telegram:direct:42", "agent:main:main"]
        );
        assert_eq!(records[0].entry["future"], json!({"kept": true}));
        let transcript = records[1].transcript_path(&sessions).unwrap();
        std::fs::write(
            &transcript,
            "{\"type\":\"session\",\"version\":3,\"id\":\"s1\"}\n{\"type\":\"message\",\"id\":\"a\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n{\"type\":\"mess",
        )
        .unwrap();
        assert_eq!(transcript_messages(&transcript).unwrap(), vec![json!({"role": "user", "content": "hi"})]);
    }

    #[test]
    fn missing_store_is_empty_and_hostile_ids_have_no_transcript() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path());
        assert!(list_sessions(&state, &AgentId::new("main").unwrap()).unwrap().is_empty());
        let record =
            SessionRecord { key: "k".into(), entry: json!({"sessionId": "../../x"}).as_object().unwrap().clone() };
        assert_eq!(record.transcript_path(Path::new("/s")), None);
    }
}
