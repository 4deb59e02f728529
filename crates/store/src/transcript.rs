//! Append-only session transcripts: `agents/<id>/sessions/<sessionId>.jsonl` (Telegram topics
//! `<sessionId>-topic-<threadId>.jsonl`) in the pi-coding-agent session format, version 3.
//!
//! Line 1 is the header `{"type":"session","version":3,"id","timestamp","cwd","parentSession"?}`;
//! every later line is one entry `{"type","id","parentId","timestamp",…}` whose `id` is 8 lowercase
//! hex digits unique in the file and whose `parentId` is the previous leaf (`null` for the first), so
//! the entries form the tree pi reads back. The leaf is the last entry appended; reopening a file
//! continues from its last line, as pi does.
//!
//! Durability: each entry is one `O_APPEND` `write(2)` of the whole line, so once [`Transcript::append`]
//! returns the entry survives `kill -9` of this process whatever the sync policy. A crash can leave
//! at most a torn last line, which [`Transcript::open`] cuts off before anything is appended (nothing
//! before it is touched). The default, [`SyncPolicy::EveryAppend`], also `fdatasync`s each entry so
//! it survives a power loss or kernel crash. Measured with the `append_rate` test on the project's
//! build machine (ext4 on a virtio disk, 0.5 KB entries): ~350–400 entries/s (2.5–3 ms each) synced
//! per entry, ~1,400–1,600/s synced once per 4-entry turn, ~35,000–45,000/s never synced. A turn
//! writes a handful of entries spread over model calls that take seconds, so syncing each costs
//! ~10–30 ms per turn and closes the window in which an acknowledged message could vanish; batching
//! per turn would save that little and reopen the window. [`SyncPolicy::Explicit`] (sync when
//! [`Transcript::sync`] is called) is there for bulk imports. `append` blocks for the sync: async
//! callers run it on a blocking thread.
//!
//! Several handles may append to one transcript (the inbound pipeline records a user message while
//! the agent writes its turn): each append holds an exclusive `flock` on the file and first takes in
//! what the others appended, so every entry hangs under the true leaf instead of forking the tree.
//! The handle stays open, so a transcript archived (renamed) by a reset while a turn still runs keeps
//! receiving that turn's entries under its new name instead of a headerless file appearing at the
//! old path.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use openclaw_durable::{PRIVATE_FILE_MODE, read_jsonl, repair_jsonl, write_atomic};
use openclaw_policy::inbound::timestamp::format_iso_millis;
use serde_json::{Map, Value};

use crate::entropy::{new_uuid, random_bytes};
use crate::{Result, StoreError};

/// The pi-coding-agent session format this module writes (`CURRENT_SESSION_VERSION`).
pub const SESSION_FORMAT_VERSION: u64 = 3;

/// How many random ids to try before falling back to a full UUID, as pi does.
const ENTRY_ID_ATTEMPTS: usize = 100;

/// When appended entries are forced to stable storage (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyncPolicy {
    /// `fdatasync` after every entry: an acknowledged entry survives a power loss.
    #[default]
    EveryAppend,
    /// Only [`Transcript::sync`] forces data out; entries still survive a crash of this process.
    Explicit,
}

/// What [`Transcript::append_entry`] wrote, and what it found others had written first.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    /// Lines other handles appended since this one last looked, oldest first.
    pub ingested: Vec<Value>,
    /// The line written, with its `id`, `parentId` and `timestamp`.
    pub line: Value,
}

/// The first line of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptHeader {
    /// The session id (`sessionId` in `sessions.json`).
    pub id: String,
    /// ISO time the session started ([`format_iso_millis`]).
    pub timestamp: String,
    /// The working directory of the agent run.
    pub cwd: String,
    /// Path of the transcript this one was forked from.
    pub parent_session: Option<String>,
}

impl TranscriptHeader {
    /// The header line's JSON, keys in pi's order.
    pub fn to_value(&self) -> Value {
        let mut header = Map::new();
        header.insert("type".into(), "session".into());
        header.insert("version".into(), SESSION_FORMAT_VERSION.into());
        header.insert("id".into(), self.id.clone().into());
        header.insert("timestamp".into(), self.timestamp.clone().into());
        header.insert("cwd".into(), self.cwd.clone().into());
        if let Some(parent) = &self.parent_session {
            header.insert("parentSession".into(), parent.clone().into());
        }
        Value::Object(header)
    }
}

/// An open transcript, positioned at its leaf.
#[derive(Debug)]
pub struct Transcript {
    path: PathBuf,
    file: File,
    session_id: String,
    leaf: Option<String>,
    ids: HashSet<String>,
    /// File length after our last complete line, to undo a partial write.
    len: u64,
    sync: SyncPolicy,
    repaired_tail: Option<usize>,
}

impl Transcript {
    /// Creates a new transcript holding only `header`. The file appears atomically with its header
    /// (0600, parent 0700), so no reader ever sees a transcript without one. Fails if `path` exists.
    pub fn create(path: &Path, header: &TranscriptHeader, sync: SyncPolicy) -> Result<Self> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::io("create", path, io::ErrorKind::AlreadyExists.into()));
        }
        let mut line = to_line(path, &header.to_value())?;
        line.push(b'\n');
        write_atomic(path, &line, PRIVATE_FILE_MODE)?;
        let file = open_append(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            session_id: header.id.clone(),
            leaf: None,
            ids: HashSet::new(),
            len: line.len() as u64,
            sync,
            repaired_tail: None,
        })
    }

    /// Opens an existing transcript for appending with [`SyncPolicy::EveryAppend`].
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, SyncPolicy::default())
    }

    /// Opens an existing transcript: cuts off a torn last line left by a crash, then reads every
    /// entry to learn the leaf and the ids in use. A damaged line before the last one is an error
    /// naming it, and nothing is changed: that is not a torn write, and appending after it would
    /// hide it. A file without a session header is refused for the same reason.
    pub fn open_with(path: &Path, sync: SyncPolicy) -> Result<Self> {
        Ok(Self::open_reading(path, sync)?.0)
    }

    /// As [`open_with`](Self::open_with), also returning every line read (header first), so a
    /// caller that needs the entries does not read the file twice.
    pub fn open_reading(path: &Path, sync: SyncPolicy) -> Result<(Self, Vec<Value>)> {
        let repaired_tail = repair_jsonl(path)?;
        let file = open_append(path)?;
        let entries = read_jsonl::<Value>(path)?.items;
        let header = entries.first().filter(|header| header.get("type").and_then(Value::as_str) == Some("session"));
        let Some(session_id) = header.and_then(|header| header.get("id")).and_then(Value::as_str) else {
            return Err(StoreError::invalid_file(path, "the first line is not a session header with an id"));
        };
        let session_id = session_id.to_owned();
        let len = file.metadata().map_err(|err| StoreError::io("inspect", path, err))?.len();
        let mut transcript = Self {
            path: path.to_path_buf(),
            file,
            session_id,
            leaf: None,
            ids: HashSet::new(),
            len,
            sync,
            repaired_tail,
        };
        for entry in entries.iter().skip(1) {
            transcript.take_in(entry);
        }
        Ok((transcript, entries))
    }

    /// Takes in the lines another writer appended since this handle last wrote or looked (the
    /// inbound pipeline records user messages through its own handle), so the next append
    /// continues from the true leaf. Returns those entries. A file that got shorter was replaced or
    /// truncated behind our back: an error, and the caller reopens.
    pub fn refresh(&mut self) -> Result<Vec<Value>> {
        self.locked(Self::ingest_new_lines)
    }

    /// Runs `work` holding the exclusive `flock` every appender takes on the file.
    fn locked<R>(&mut self, work: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        self.file.lock().map_err(|err| StoreError::io("lock", &self.path, err))?;
        let result = work(self);
        let _ = self.file.unlock();
        result
    }

    /// Makes `entry` (a line of the file) the leaf and its id one in use, when it has an id.
    fn take_in(&mut self, entry: &Value) {
        if let Some(id) = entry.get("id").and_then(Value::as_str) {
            self.ids.insert(id.to_owned());
            self.leaf = Some(id.to_owned());
        }
    }

    fn ingest_new_lines(&mut self) -> Result<Vec<Value>> {
        // Through our own descriptor, not the path: a transcript archived (renamed) mid-turn
        // is still this file.
        let size = self.file.metadata().map_err(|err| StoreError::io("inspect", &self.path, err))?.len();
        if size < self.len {
            return Err(StoreError::invalid_file(&self.path, "the transcript shrank while it was open"));
        }
        if size == self.len {
            return Ok(Vec::new());
        }
        let mut bytes = vec![0u8; usize::try_from(size - self.len).unwrap_or(0)];
        let mut filled = 0;
        while filled < bytes.len() {
            let n = self
                .file
                .read_at(&mut bytes[filled..], self.len + filled as u64)
                .map_err(|err| StoreError::io("read", &self.path, err))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        bytes.truncate(filled);
        // Every writer holds the file lock while it writes, and we hold it now: bytes after the
        // last newline are a line torn by a writer that died mid-write. Cut them, as opening
        // would, so the next line does not get glued to them.
        let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |at| at + 1);
        if complete < bytes.len() {
            self.file.set_len(self.len + complete as u64).map_err(|err| StoreError::io("repair", &self.path, err))?;
            self.repaired_tail = Some(bytes.len() - complete);
        }
        let mut entries = Vec::new();
        for line in bytes[..complete].split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let entry: Value = serde_json::from_slice(line).map_err(|err| {
                StoreError::invalid_file(&self.path, format!("a line appended by another writer is not JSON: {err}"))
            })?;
            self.take_in(&entry);
            entries.push(entry);
        }
        self.len += complete as u64;
        Ok(entries)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `id` of the header line.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// The entry the next append will hang under (`None` before the first entry).
    pub fn leaf_id(&self) -> Option<&str> {
        self.leaf.as_deref()
    }

    /// Bytes of a torn last line that [`Transcript::open`] cut off, if it had to.
    pub fn repaired_tail(&self) -> Option<usize> {
        self.repaired_tail
    }

    /// Appends `entry` (an object with a `type` other than `session`, plus its payload) as a child of
    /// the leaf, and makes it the leaf. The store assigns `id`, `parentId` and `timestamp` (from
    /// `now_ms`), written first in that order like pi does; any the caller passed are replaced.
    /// Returns the new entry's id once the line is written (and synced, under
    /// [`SyncPolicy::EveryAppend`]).
    pub fn append(&mut self, entry: &Value, now_ms: i64) -> Result<String> {
        let appended = self.append_entry(entry, now_ms)?;
        Ok(appended.line.get("id").and_then(Value::as_str).unwrap_or_default().to_owned())
    }

    /// As [`append`](Self::append), returning the whole line as written (with `id`,
    /// `parentId` and `timestamp`) and the lines other writers appended before it, for callers
    /// that keep the entries in memory.
    ///
    /// Several handles may append to one transcript (the inbound pipeline records a user
    /// message while the agent writes its turn): each append holds an exclusive `flock` on the
    /// file, first takes in what others appended, and chains to that true leaf, so the
    /// entries stay one branch instead of forking.
    pub fn append_entry(&mut self, entry: &Value, now_ms: i64) -> Result<Appended> {
        self.locked(|this| this.append_locked(entry, now_ms))
    }

    fn append_locked(&mut self, entry: &Value, now_ms: i64) -> Result<Appended> {
        let ingested = self.ingest_new_lines()?;
        let invalid = |reason| StoreError::InvalidTranscriptEntry { path: self.path.clone(), reason };
        let fields = entry.as_object().ok_or_else(|| invalid("an entry must be a JSON object"))?;
        let kind = fields.get("type").and_then(Value::as_str).ok_or_else(|| invalid("an entry needs a string type"))?;
        if kind == "session" {
            return Err(invalid("only the first line is a session header"));
        }
        let id = new_entry_id(&self.ids)?;
        let mut line = Map::with_capacity(fields.len() + 3);
        line.insert("type".into(), kind.into());
        line.insert("id".into(), id.into());
        line.insert("parentId".into(), self.leaf.clone().map_or(Value::Null, Value::String));
        line.insert("timestamp".into(), format_iso_millis(now_ms).into());
        for (key, value) in fields {
            if !matches!(key.as_str(), "type" | "id" | "parentId" | "timestamp") {
                line.insert(key.clone(), value.clone());
            }
        }
        let line = Value::Object(line);
        let mut bytes = to_line(&self.path, &line)?;
        bytes.push(b'\n');
        self.write_line(&bytes)?;
        if self.sync == SyncPolicy::EveryAppend {
            self.sync()?;
        }
        self.len += bytes.len() as u64;
        self.take_in(&line);
        Ok(Appended { ingested, line })
    }

    /// Forces every entry written so far to stable storage.
    pub fn sync(&self) -> Result<()> {
        self.file.sync_data().map_err(|err| StoreError::io("fsync", &self.path, err))
    }

    /// Every line of the file (header first), parsed. A torn last line is skipped, not fatal.
    pub fn read_all(&self) -> Result<Vec<Value>> {
        Ok(read_jsonl::<Value>(&self.path)?.items)
    }

    /// One `write(2)` for the whole line, so no crash or concurrent reader sees half of it unless the
    /// disk fills up; then the partial line is cut off again, so the next append starts clean.
    fn write_line(&mut self, bytes: &[u8]) -> Result<()> {
        let written = loop {
            match self.file.write(bytes) {
                Ok(n) => break Ok(n),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => break Err(err),
            }
        };
        let finished = written.and_then(|n| match bytes.get(n..) {
            Some(rest) if !rest.is_empty() => self.file.write_all(rest),
            _ => Ok(()),
        });
        finished.map_err(|err| {
            // Best effort: the write error is the one worth reporting.
            let _ = self.file.set_len(self.len);
            StoreError::io("append to", &self.path, err)
        })
    }
}

/// Append-only writes; readable too, so lines other writers appended are read through the same
/// descriptor even after the file was renamed.
fn open_append(path: &Path) -> Result<File> {
    OpenOptions::new().read(true).append(true).open(path).map_err(|err| StoreError::io("open", path, err))
}

/// Compact JSON; serde escapes control characters, so the line never contains a raw newline.
fn to_line(path: &Path, value: &Value) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|err| StoreError::invalid_file(path, format!("cannot serialize: {err}")))
}

/// 8 lowercase hex digits not yet used in the file. pi takes the first 8 characters of a v4 UUID,
/// which are 32 random bits; this is the same distribution.
fn new_entry_id(used: &HashSet<String>) -> Result<String> {
    for _ in 0..ENTRY_ID_ATTEMPTS {
        let id = hex::encode(random_bytes::<4>()?);
        if !used.contains(&id) {
            return Ok(id);
        }
    }
    new_uuid()
}

#[cfg(test)]
mod tests;
