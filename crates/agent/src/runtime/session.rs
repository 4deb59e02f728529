//! The session side of a run: find or start the session entry in `sessions.json`, open its
//! transcript (one writer per session, guaranteed by the session lane), append through the
//! blocking pool (every append is fsynced), and write the run's counters back to the entry.

use std::path::PathBuf;
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

/// Opens (or starts) the session `key` of `agent`.
pub fn open(state: &StateDir, agent: &str, key: &str, cwd: &str, now_ms: i64) -> Result<OpenSession, AgentError> {
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
    let transcript = if path.exists() {
        Transcript::open(&path)?
    } else {
        // The entry names a transcript that went missing: start it rather than fail every turn.
        let header = TranscriptHeader {
            id: session_id.clone(),
            timestamp: format_iso_millis(now_ms),
            cwd: cwd.to_owned(),
            parent_session: None,
        };
        Transcript::create(&path, &header, SyncPolicy::EveryAppend)?
    };
    Ok(OpenSession { store, session_id, entry: record.entry, transcript: StoreTranscript::new(transcript, path) })
}

/// A [`TranscriptWriter`] over the store's transcript file.
#[derive(Clone)]
pub struct StoreTranscript {
    inner: Arc<Mutex<Transcript>>,
    path: PathBuf,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl StoreTranscript {
    fn new(transcript: Transcript, path: PathBuf) -> Self {
        Self { inner: Arc::new(Mutex::new(transcript)), path, clock: Arc::new(wall_clock_ms) }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Fn() -> i64 + Send + Sync>) -> Self {
        self.clock = clock;
        self
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// Every line of the file, header first.
    pub fn read_all(&self) -> Result<Vec<Value>, AgentError> {
        Ok(self.inner.lock().unwrap_or_else(PoisonError::into_inner).read_all()?)
    }

    /// Appends on the calling thread (for callers already on the blocking pool).
    pub fn append_blocking(&self, entry: &Value) -> Result<String, AgentError> {
        let now = (self.clock)();
        Ok(self.inner.lock().unwrap_or_else(PoisonError::into_inner).append(entry, now)?)
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
