//! The session side of a run: find or start the session entry in `sessions.json`, open its
//! transcript (kept open and parsed between turns for recent sessions; other writers' lines are
//! taken in first), append through the blocking pool (every append is fsynced), and write the
//! run's counters back to the entry.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_providers::BoxFuture;
use openclaw_store::sessions::NewSession;
use openclaw_store::{AgentId, SessionStore, StateDir, SyncPolicy, Transcript, TranscriptHeader};
use serde_json::{Map, Value};

use crate::AgentError;
use crate::clock::wall_clock_ms;
use crate::turn::TranscriptWriter;

/// An open session: its entry and its transcript.
pub struct OpenSession {
    pub store: SessionStore,
    pub session_id: String,
    pub entry: Map<String, Value>,
    pub transcript: StoreTranscript,
}

/// Sessions whose transcripts stay open and parsed between turns.
const CACHED_TRANSCRIPTS: usize = 32;

/// Open transcripts with their parsed lines, by path, for the most recently used sessions.
/// Replaying a long session from disk every turn parses the whole file (tens of milliseconds
/// and megabytes at a few thousand entries); a cached one only takes in what was appended since.
#[derive(Default)]
pub struct TranscriptCache {
    open: Mutex<HashMap<PathBuf, (u64, SharedTranscript)>>,
    uses: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for TranscriptCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.open.lock().unwrap_or_else(PoisonError::into_inner).len();
        f.debug_struct("TranscriptCache").field("open", &count).finish()
    }
}

/// A cached transcript, shared between the cache and the run using it.
type SharedTranscript = Arc<Mutex<Cached>>;

/// One open transcript and every line of it, header first.
struct Cached {
    transcript: Transcript,
    entries: Vec<Value>,
}

impl TranscriptCache {
    /// The transcript at `path`, brought up to date with what other writers appended; opened
    /// (or created, when the entry names a file that went missing) on a miss.
    fn get(
        &self,
        path: &Path,
        create: impl FnOnce() -> Result<Transcript, AgentError>,
    ) -> Result<Arc<Mutex<Cached>>, AgentError> {
        let stamp = self.uses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let hit = self.open.lock().unwrap_or_else(PoisonError::into_inner).get(path).map(|(_, c)| c.clone());
        if let Some(cached) = hit {
            let fresh = {
                let mut guard = cached.lock().unwrap_or_else(PoisonError::into_inner);
                let Cached { transcript, entries } = &mut *guard;
                transcript.refresh().map(|new| entries.extend(new)).is_ok()
            };
            if fresh {
                self.remember(path, stamp, cached.clone());
                return Ok(cached);
            }
            // Replaced or truncated behind our back: read it again from scratch.
        }
        let cached = if path.exists() {
            let (transcript, entries) = Transcript::open_reading(path, SyncPolicy::EveryAppend)?;
            Cached { transcript, entries }
        } else {
            let transcript = create()?;
            let entries = transcript.read_all()?;
            Cached { transcript, entries }
        };
        let cached = Arc::new(Mutex::new(cached));
        self.remember(path, stamp, cached.clone());
        Ok(cached)
    }

    fn remember(&self, path: &Path, stamp: u64, cached: Arc<Mutex<Cached>>) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.insert(path.to_path_buf(), (stamp, cached));
        while open.len() > CACHED_TRANSCRIPTS {
            let Some(oldest) = open.iter().min_by_key(|(_, (used, _))| *used).map(|(p, _)| p.clone()) else { break };
            open.remove(&oldest);
        }
    }
}

/// Opens (or starts) the session `key` of `agent`.
pub fn open(
    cache: &TranscriptCache,
    state: &StateDir,
    agent: &str,
    key: &str,
    cwd: &str,
    now_ms: i64,
) -> Result<OpenSession, AgentError> {
    let agent = AgentId::new(agent)?;
    let store = SessionStore::new(state, &agent);
    let existing = store.get(key)?.filter(|r| r.session_id().is_some());
    let record = match existing {
        Some(record) => record,
        None => {
            let options = NewSession { cwd: cwd.to_owned(), topic_id: None, archive_previous: false };
            store
                .new_session(key, now_ms, &options, |previous, next| {
                    // Settings patched before the first message (sessions.patch) stay.
                    if let Some(previous) = previous {
                        for (k, v) in previous {
                            next.insert(k.clone(), v.clone());
                        }
                    }
                })?
                .record
        }
    };
    let session_id = record.session_id().unwrap_or_default().to_owned();
    let path = match record.transcript_path(store.dir()) {
        Some(path) => path,
        None => store.transcript_path(&session_id, None)?,
    };
    let cached = cache.get(&path, || {
        // The entry names a transcript that went missing: start it rather than fail every turn.
        let header = TranscriptHeader {
            id: session_id.clone(),
            timestamp: format_iso_millis(now_ms),
            cwd: cwd.to_owned(),
            parent_session: None,
        };
        Ok(Transcript::create(&path, &header, SyncPolicy::EveryAppend)?)
    })?;
    Ok(OpenSession { store, session_id, entry: record.entry, transcript: StoreTranscript::new(cached, path) })
}

/// A [`TranscriptWriter`] over a cached transcript: appends go to the file (fsynced) and to
/// the parsed lines.
#[derive(Clone)]
pub struct StoreTranscript {
    inner: Arc<Mutex<Cached>>,
    path: PathBuf,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl StoreTranscript {
    fn new(inner: Arc<Mutex<Cached>>, path: PathBuf) -> Self {
        Self { inner, path, clock: Arc::new(wall_clock_ms) }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Fn() -> i64 + Send + Sync>) -> Self {
        self.clock = clock;
        self
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// Runs `read` over every line (header first), after taking in what other writers appended.
    pub fn with_entries<R>(&self, read: impl FnOnce(&[Value]) -> R) -> Result<R, AgentError> {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let Cached { transcript, entries } = &mut *guard;
        entries.extend(transcript.refresh()?);
        Ok(read(entries))
    }

    /// Appends on the calling thread (for callers already on the blocking pool).
    pub fn append_blocking(&self, entry: &Value) -> Result<String, AgentError> {
        let now = (self.clock)();
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let Cached { transcript, entries } = &mut *guard;
        let appended = transcript.append_entry(entry, now)?;
        entries.extend(appended.ingested);
        let id = appended.line.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
        entries.push(appended.line);
        Ok(id)
    }
}

impl TranscriptWriter for StoreTranscript {
    fn append(&self, entry: Value) -> BoxFuture<'_, Result<String, String>> {
        let this = self.clone();
        Box::pin(async move {
            // The append fsyncs; keep that off the async workers.
            match tokio::task::spawn_blocking(move || this.append_blocking(&entry)).await {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(e) => Err(format!("transcript writer stopped: {e}")),
            }
        })
    }
}

/// Counters and the model that answered, written to the entry after a run.
pub struct RunCounters {
    pub provider: String,
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub context_tokens: Option<u64>,
    pub now_ms: i64,
}

pub fn record_run(store: &SessionStore, key: &str, counters: &RunCounters) -> Result<(), AgentError> {
    store.upsert_entry(key, |entry| {
        entry.insert("updatedAt".into(), counters.now_ms.into());
        if !counters.provider.is_empty() {
            entry.insert("modelProvider".into(), counters.provider.clone().into());
            entry.insert("model".into(), counters.model.clone().into());
        }
        entry.insert("inputTokens".into(), counters.input_tokens.into());
        entry.insert("outputTokens".into(), counters.output_tokens.into());
        entry.insert("totalTokens".into(), (counters.input_tokens + counters.output_tokens).into());
        if let Some(window) = counters.context_tokens {
            entry.insert("contextTokens".into(), window.into());
        }
    })?;
    Ok(())
}
