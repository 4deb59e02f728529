//! Writing `sessions.json`: every change takes `sessions.json.lock`, re-reads the file, applies the
//! caller's change and replaces the file atomically (0600, two-space JSON without a trailing
//! newline, as OpenClaw's `saveSessionStore` leaves it) before the lock is released, so a gateway and
//! a CLI process never lose each other's updates and readers never see half a file.
//!
//! Unlike OpenClaw, a `sessions.json` that is not a JSON object is an error naming the file, never
//! an empty store: treating it as empty would make the next write erase every session.

use std::path::{Path, PathBuf};

use openclaw_durable::lock_exclusive;
use openclaw_policy::inbound::timestamp::format_iso_millis;
use serde_json::{Map, Value};

use super::archive::{ArchiveReason, archive_files};
use super::map::{SessionMap, normalize_session_key};
use super::{SessionRecord, validate_session_id};
use crate::entropy::new_uuid;
use crate::json_file::{TrailingNewline, read_json, write_json};
use crate::transcript::{SyncPolicy, Transcript, TranscriptHeader};
use crate::{AgentId, Result, StateDir, StoreError};

/// The session store of one agent: `agents/<id>/sessions/sessions.json` and its transcripts.
#[derive(Debug, Clone)]
pub struct SessionStore {
    file: PathBuf,
    dir: PathBuf,
}

/// What [`SessionStore::new_session`] needs besides the key and the clock.
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    /// Working directory recorded in the transcript header.
    pub cwd: String,
    /// Telegram forum topic: the transcript becomes `<id>-topic-<topic>.jsonl`.
    pub topic_id: Option<String>,
    /// Archive the previous session's transcript as `*.reset.<ts>` (OpenClaw does this for an
    /// explicit `/new`, `/reset` or `sessions.reset`, not when a session merely went stale).
    pub archive_previous: bool,
}

/// A session minted by [`SessionStore::new_session`].
#[derive(Debug, Clone, PartialEq)]
pub struct StartedSession {
    /// The entry as written to `sessions.json`.
    pub record: SessionRecord,
    /// The new transcript, already holding its header line.
    pub transcript: PathBuf,
    /// The entry the key had before, if any.
    pub previous: Option<SessionRecord>,
    /// Where the previous transcript(s) were moved.
    pub archived: Vec<PathBuf>,
}

/// A session removed by [`SessionStore::delete_session`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedSession {
    pub record: SessionRecord,
    pub archived: Vec<PathBuf>,
}

impl SessionStore {
    pub fn new(state: &StateDir, agent: &AgentId) -> Self {
        let dir = state.sessions_dir(agent);
        Self { file: dir.join("sessions.json"), dir }
    }

    /// A store file somewhere else (`openclaw sessions --store <path>`); transcripts live beside it.
    pub fn at(file: impl Into<PathBuf>) -> Self {
        let file = file.into();
        let dir = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Self { file, dir }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A snapshot of the file without taking the lock (writers replace it atomically, so a reader
    /// sees one version or the next). A missing file is an empty store.
    pub fn load(&self) -> Result<SessionMap> {
        match read_json(&self.file)? {
            None => Ok(SessionMap::default()),
            Some(Value::Object(entries)) => Ok(SessionMap::from_map(entries)),
            Some(_) => Err(StoreError::invalid_file(&self.file, "expected a JSON object keyed by session key")),
        }
    }

    /// Every entry, most recently updated first.
    pub fn list(&self) -> Result<Vec<SessionRecord>> {
        let mut records = self.load()?.records();
        records.sort_by_key(|record| std::cmp::Reverse(record.updated_at()));
        Ok(records)
    }

    pub fn get(&self, key: &str) -> Result<Option<SessionRecord>> {
        Ok(self.load()?.record(key))
    }

    /// Runs `change` on the whole store under the lock and writes the result back if it differs.
    pub fn update<R>(&self, change: impl FnOnce(&mut SessionMap) -> R) -> Result<R> {
        let _lock = lock_exclusive(&self.file)?;
        let before = self.load()?;
        let mut after = before.clone();
        let result = change(&mut after);
        if after != before {
            write_json(&self.file, after.as_map(), TrailingNewline::No)?;
        }
        Ok(result)
    }

    /// Runs `change` on the entry of `key` (created empty if missing) under the lock; returns the
    /// entry as written and the closure's result.
    pub fn upsert_entry<R>(
        &self,
        key: &str,
        change: impl FnOnce(&mut Map<String, Value>) -> R,
    ) -> Result<(SessionRecord, R)> {
        let key = checked_key(key)?;
        self.update(|map| {
            map.upsert(&key, |entry| {
                let result = change(entry);
                (SessionRecord { key: key.clone(), entry: entry.clone() }, result)
            })
        })
    }

    /// Removes the entry of `key` (and its legacy spellings); its transcript stays where it is.
    pub fn remove(&self, key: &str) -> Result<Option<SessionRecord>> {
        let key = checked_key(key)?;
        self.update(|map| map.remove(&key))
    }

    /// `<dir>/<sessionId>.jsonl`, or `<dir>/<sessionId>-topic-<topic>.jsonl` with the topic
    /// percent-encoded like JavaScript's `encodeURIComponent`.
    pub fn transcript_path(&self, session_id: &str, topic_id: Option<&str>) -> Result<PathBuf> {
        let id = validate_session_id(session_id)?;
        Ok(self.dir.join(match topic_id {
            Some(topic) => format!("{id}-topic-{}.jsonl", encode_uri_component(topic)),
            None => format!("{id}.jsonl"),
        }))
    }

    /// Starts a new session under `key`: a fresh v4 UUID, its transcript created with the header
    /// line, and the entry rewritten under the lock.
    ///
    /// Which fields of the previous entry survive is the caller's decision: `carry_over` gets the
    /// previous entry (if any) and the new one, which starts as `{sessionId, updatedAt}`. The store
    /// then sets `sessionId`, `updatedAt` (= `now_ms`) and `sessionFile` (the transcript path, as
    /// OpenClaw records it) whatever the closure did.
    ///
    /// Order matters for crashes: the transcript exists before the entry names it, and the old
    /// transcript is archived only after the entry moved on, so a crash leaves at worst an
    /// unreferenced file, never an entry pointing at nothing. If archiving fails the error is
    /// returned although the new session is already in place.
    pub fn new_session(
        &self,
        key: &str,
        now_ms: i64,
        options: &NewSession,
        carry_over: impl FnOnce(Option<&Map<String, Value>>, &mut Map<String, Value>),
    ) -> Result<StartedSession> {
        let key = checked_key(key)?;
        let session_id = new_uuid()?;
        let transcript = self.transcript_path(&session_id, options.topic_id.as_deref())?;
        let header = TranscriptHeader {
            id: session_id.clone(),
            timestamp: format_iso_millis(now_ms),
            cwd: options.cwd.clone(),
            parent_session: None,
        };
        Transcript::create(&transcript, &header, SyncPolicy::EveryAppend)?;
        // OpenClaw records the absolute path; a relative one would be re-joined onto the directory.
        let absolute = std::path::absolute(&transcript).map_err(|err| StoreError::io("resolve", &transcript, err))?;
        let session_file = absolute.to_string_lossy().into_owned();

        let (record, previous, previous_in_use) = self.update(|map| {
            let previous = map.record(&key);
            let entry = map.upsert(&key, |entry| {
                let mut next = Map::new();
                next.insert("sessionId".into(), session_id.clone().into());
                next.insert("updatedAt".into(), now_ms.into());
                carry_over(previous.as_ref().map(|p| &p.entry), &mut next);
                // Inserting an existing key keeps its position, so a carried-over order survives.
                next.insert("sessionId".into(), session_id.clone().into());
                next.insert("updatedAt".into(), now_ms.into());
                next.insert("sessionFile".into(), session_file.clone().into());
                *entry = next;
                entry.clone()
            });
            let previous_in_use =
                previous.as_ref().and_then(SessionRecord::session_id).is_some_and(|id| map.references_session(id));
            (SessionRecord { key: key.clone(), entry }, previous, previous_in_use)
        })?;

        let archived = match &previous {
            Some(previous) if options.archive_previous && !previous_in_use => {
                self.archive_record_transcripts(previous, ArchiveReason::Reset, now_ms)?
            }
            _ => Vec::new(),
        };
        Ok(StartedSession { record, transcript, previous, archived })
    }

    /// Removes the entry of `key` and, if `archive_transcript` and no other entry still uses the
    /// same session, renames its transcripts to `*.deleted.<ts>`. `None` if there was no entry.
    pub fn delete_session(&self, key: &str, now_ms: i64, archive_transcript: bool) -> Result<Option<DeletedSession>> {
        let key = checked_key(key)?;
        let removed = self.update(|map| {
            let record = map.remove(&key)?;
            let in_use = record.session_id().is_some_and(|id| map.references_session(id));
            Some((record, in_use))
        })?;
        let Some((record, in_use)) = removed else { return Ok(None) };
        let archived = if archive_transcript && !in_use {
            self.archive_record_transcripts(&record, ArchiveReason::Deleted, now_ms)?
        } else {
            Vec::new()
        };
        Ok(Some(DeletedSession { record, archived }))
    }

    /// Renames the transcripts of a session — its `sessionFile` and `<sessionId>.jsonl` — to their
    /// archive names, if they exist and lie inside the sessions directory. Returns the new paths.
    pub fn archive_transcripts(
        &self,
        session_id: &str,
        session_file: Option<&str>,
        reason: ArchiveReason,
        now_ms: i64,
    ) -> Result<Vec<PathBuf>> {
        let mut candidates = Vec::new();
        if let Some(file) = session_file.map(str::trim).filter(|file| !file.is_empty()) {
            let path = Path::new(file);
            candidates.push(if path.is_absolute() { path.to_path_buf() } else { self.dir.join(path) });
        }
        if let Ok(path) = self.transcript_path(session_id, None) {
            candidates.push(path);
        }
        archive_files(&self.dir, &candidates, reason, now_ms)
    }

    fn archive_record_transcripts(
        &self,
        record: &SessionRecord,
        reason: ArchiveReason,
        now_ms: i64,
    ) -> Result<Vec<PathBuf>> {
        let Some(session_id) = record.session_id() else { return Ok(Vec::new()) };
        let session_file = record.entry.get("sessionFile").and_then(Value::as_str);
        self.archive_transcripts(session_id, session_file, reason, now_ms)
    }
}

fn checked_key(key: &str) -> Result<String> {
    let normalized = normalize_session_key(key);
    if normalized.is_empty() {
        return Err(StoreError::InvalidSessionKey { key: key.to_owned(), reason: "empty" });
    }
    Ok(normalized)
}

/// JavaScript's `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes
/// `%XX` per UTF-8 byte. Topic ids are usually numbers; this keeps any other id a single file name.
fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
