//! The in-memory system-event queue: short texts waiting for an agent's next turn (hook wakes,
//! run summaries), the wake requests that ask for that turn now, and the hook agent runs accepted
//! over HTTP that the agent runtime will execute. The HTTP surfaces only enqueue; the agent
//! runtime drains. Nothing here runs anything, and everything is bounded: a session keeps its
//! latest [`MAX_EVENTS_PER_SESSION`] events, and accepted agent runs wait in a queue of at most
//! [`MAX_PENDING_AGENT_RUNS`] so an authenticated but runaway caller cannot grow memory without
//! end.
//!
//! Semantics follow OpenClaw's `src/infra/system-events.ts`: events are keyed by agent-qualified
//! session key (`agent:<id>:<rest>`), trimmed, an event identical to the session's last one is
//! coalesced instead of queued, and draining empties the session's queue.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

/// Events kept per session; the oldest is dropped beyond this.
pub const MAX_EVENTS_PER_SESSION: usize = 20;

/// Accepted hook agent runs that may wait for the runtime at once.
pub const MAX_PENDING_AGENT_RUNS: usize = 256;

/// How long a hook idempotency key keeps answering with the run it first produced.
pub const REPLAY_TTL_MS: i64 = 5 * 60 * 1000;

/// Idempotency keys remembered at most (the oldest is forgotten first).
pub const MAX_REPLAYS: usize = 1000;

/// One queued event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemEvent {
    pub id: String,
    /// Trimmed, never empty.
    pub text: String,
    pub ts_ms: i64,
}

/// What [`SystemEvents::enqueue`] did; the wire values are OpenClaw's `eventOutcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnqueueOutcome {
    Queued,
    /// Identical to the session's latest event (or empty), so nothing new was added.
    Coalesced,
}

impl EnqueueOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Coalesced => "coalesced",
        }
    }
}

/// When the woken agent should look at its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeMode {
    /// Run a turn right away.
    Now,
    /// Leave the events for the next scheduled heartbeat.
    NextHeartbeat,
}

impl WakeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Now => "now",
            Self::NextHeartbeat => "next-heartbeat",
        }
    }
}

/// A request for an agent to take a turn now because events arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeRequest {
    pub agent_id: String,
    pub session_key: String,
    /// Why, for logs (`hook:wake`).
    pub reason: String,
}

/// Whether a hook run continues a session or gets a fresh one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionMode {
    Isolated,
    Persistent,
}

impl SessionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Isolated => "isolated",
            Self::Persistent => "persistent",
        }
    }
}

/// Where a hook run's reply goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookDelivery {
    /// Keep the reply in the session (and announce it there if the run failed).
    None,
    /// Send the reply to `to` on `channel`.
    Announce { channel: String, to: Option<String>, account_id: Option<String> },
}

/// An agent turn a hook asked for, validated and accepted, waiting for the agent runtime.
#[derive(Debug, Clone, PartialEq)]
pub struct HookAgentRun {
    pub run_id: String,
    /// The agent that runs the turn.
    pub agent_id: String,
    /// The (hook) session key the turn runs under.
    pub session_key: String,
    /// The caller's text. Untrusted external content unless `allow_unsafe_external_content`.
    pub message: String,
    /// Display name of the hook (`Hook` unless given).
    pub name: String,
    pub wake_mode: WakeMode,
    pub session_mode: SessionMode,
    pub delivery: HookDelivery,
    pub model: Option<String>,
    pub thinking: Option<String>,
    pub timeout_seconds: Option<u64>,
    pub allow_unsafe_external_content: bool,
    /// `webhook` or `gmail`: how the runtime labels the untrusted content.
    pub external_content_source: String,
    /// The hook path that produced the run (`/hooks/agent`, `/hooks/<mapping>`).
    pub source_path: String,
    pub mapping_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub accepted_at_ms: i64,
}

/// The agent-run queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{MAX_PENDING_AGENT_RUNS} hook agent runs are already waiting for the agent runtime")]
pub struct QueueFull;

#[derive(Debug, Default)]
struct Inner {
    sessions: BTreeMap<String, VecDeque<SystemEvent>>,
    wakes: Vec<WakeRequest>,
    agent_runs: VecDeque<HookAgentRun>,
    /// Replay key → (run id, accepted at).
    replays: BTreeMap<String, (String, i64)>,
}

/// The gateway's system-event queue (one per process, on the shared state).
#[derive(Debug, Default)]
pub struct SystemEvents {
    inner: Mutex<Inner>,
    /// Signalled whenever a wake request or an agent run arrives.
    arrived: Notify,
}

impl SystemEvents {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Queues `text` for `session_key`. An empty text, or one equal to the session's latest
    /// event, is coalesced (the agent would see the same line twice otherwise).
    pub fn enqueue(&self, session_key: &str, text: &str, now_ms: i64) -> EnqueueOutcome {
        let text = text.trim();
        if text.is_empty() {
            return EnqueueOutcome::Coalesced;
        }
        let mut inner = self.lock();
        let queue = inner.sessions.entry(session_key.to_owned()).or_default();
        if queue.back().is_some_and(|last| last.text == text) {
            return EnqueueOutcome::Coalesced;
        }
        queue.push_back(SystemEvent { id: uuid::Uuid::new_v4().to_string(), text: text.to_owned(), ts_ms: now_ms });
        while queue.len() > MAX_EVENTS_PER_SESSION {
            queue.pop_front();
        }
        EnqueueOutcome::Queued
    }

    /// The events waiting for `session_key`, oldest first, without removing them.
    pub fn peek(&self, session_key: &str) -> Vec<SystemEvent> {
        self.lock().sessions.get(session_key).map(|q| q.iter().cloned().collect()).unwrap_or_default()
    }

    /// Removes and returns the events waiting for `session_key`.
    pub fn drain(&self, session_key: &str) -> Vec<SystemEvent> {
        self.lock().sessions.remove(session_key).map(Vec::from).unwrap_or_default()
    }

    /// Asks for an agent turn now.
    pub fn request_wake(&self, wake: WakeRequest) {
        self.lock().wakes.push(wake);
        self.arrived.notify_one();
    }

    /// Removes and returns the pending wake requests.
    pub fn take_wake_requests(&self) -> Vec<WakeRequest> {
        std::mem::take(&mut self.lock().wakes)
    }

    /// Accepts a hook agent run for the runtime.
    pub fn submit_agent_run(&self, run: HookAgentRun) -> Result<(), QueueFull> {
        let mut inner = self.lock();
        if inner.agent_runs.len() >= MAX_PENDING_AGENT_RUNS {
            return Err(QueueFull);
        }
        inner.agent_runs.push_back(run);
        drop(inner);
        self.arrived.notify_one();
        Ok(())
    }

    /// [`Self::submit_agent_run`] for a request carrying an idempotency key: a repeat of the same
    /// request (same `replay_key`) within [`REPLAY_TTL_MS`] is not queued again and gets the run id
    /// of the first one, so a webhook sender's retries do not start the run twice.
    pub fn submit_agent_run_once(&self, replay_key: &str, run: HookAgentRun) -> Result<String, QueueFull> {
        let now_ms = run.accepted_at_ms;
        let mut inner = self.lock();
        inner.replays.retain(|_, (_, at)| now_ms.saturating_sub(*at) < REPLAY_TTL_MS);
        if let Some((run_id, _)) = inner.replays.get(replay_key) {
            return Ok(run_id.clone());
        }
        if inner.agent_runs.len() >= MAX_PENDING_AGENT_RUNS {
            return Err(QueueFull);
        }
        if inner.replays.len() >= MAX_REPLAYS {
            let oldest = inner.replays.iter().min_by_key(|(_, (_, at))| *at).map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                inner.replays.remove(&oldest);
            }
        }
        let run_id = run.run_id.clone();
        inner.replays.insert(replay_key.to_owned(), (run_id.clone(), now_ms));
        inner.agent_runs.push_back(run);
        drop(inner);
        self.arrived.notify_one();
        Ok(run_id)
    }

    /// Removes and returns the accepted agent runs, oldest first.
    pub fn take_agent_runs(&self) -> Vec<HookAgentRun> {
        self.lock().agent_runs.drain(..).collect()
    }

    /// How many accepted agent runs are waiting.
    pub fn pending_agent_runs(&self) -> usize {
        self.lock().agent_runs.len()
    }

    /// Resolves when a wake request or agent run has arrived since the last call.
    pub async fn arrived(&self) {
        self.arrived.notified().await;
    }
}

/// The session key hook events for `agent_id` are queued under: an `agent:` key as given, the
/// main-session aliases (`main`, the configured main key) as the agent's main session, anything
/// else scoped to the agent. Keys are compared lowercased, like OpenClaw's session store.
pub fn event_session_key(agent_id: &str, requested: Option<&str>, main_key: &str) -> String {
    let main = format!("agent:{agent_id}:{main_key}");
    let Some(requested) = requested.map(str::trim).filter(|k| !k.is_empty()) else {
        return main;
    };
    let lowered = requested.to_lowercase();
    if lowered.starts_with("agent:") {
        return lowered;
    }
    if lowered == "main" || lowered == main_key {
        return main;
    }
    format!("agent:{agent_id}:{lowered}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_consecutive_events_coalesce() {
        let events = SystemEvents::new();
        assert_eq!(events.enqueue("agent:main:main", " hi ", 1), EnqueueOutcome::Queued);
        assert_eq!(events.enqueue("agent:main:main", "hi", 2), EnqueueOutcome::Coalesced);
        assert_eq!(events.enqueue("agent:main:main", "   ", 3), EnqueueOutcome::Coalesced);
        assert_eq!(events.enqueue("agent:main:main", "ho", 4), EnqueueOutcome::Queued);
        assert_eq!(events.enqueue("agent:main:main", "hi", 5), EnqueueOutcome::Queued);
        let texts: Vec<String> = events.drain("agent:main:main").into_iter().map(|e| e.text).collect();
        assert_eq!(texts, ["hi", "ho", "hi"]);
        assert!(events.drain("agent:main:main").is_empty());
    }

    #[test]
    fn a_session_keeps_only_its_latest_events() {
        let events = SystemEvents::new();
        for i in 0..30 {
            events.enqueue("agent:main:main", &format!("event {i}"), i);
        }
        let kept = events.peek("agent:main:main");
        assert_eq!(kept.len(), MAX_EVENTS_PER_SESSION);
        assert_eq!(kept.first().map(|e| e.text.as_str()), Some("event 10"));
    }

    fn sample_run() -> HookAgentRun {
        HookAgentRun {
            run_id: "r".into(),
            agent_id: "main".into(),
            session_key: "hook:x".into(),
            message: "m".into(),
            name: "Hook".into(),
            wake_mode: WakeMode::Now,
            session_mode: SessionMode::Isolated,
            delivery: HookDelivery::None,
            model: None,
            thinking: None,
            timeout_seconds: None,
            allow_unsafe_external_content: false,
            external_content_source: "webhook".into(),
            source_path: "/hooks/agent".into(),
            mapping_id: None,
            idempotency_key: None,
            accepted_at_ms: 0,
        }
    }

    #[test]
    fn the_agent_run_queue_is_bounded() {
        let events = SystemEvents::new();
        let run = sample_run();
        for _ in 0..MAX_PENDING_AGENT_RUNS {
            assert_eq!(events.submit_agent_run(run.clone()), Ok(()));
        }
        assert_eq!(events.submit_agent_run(run), Err(QueueFull));
        assert_eq!(events.take_agent_runs().len(), MAX_PENDING_AGENT_RUNS);
        assert_eq!(events.pending_agent_runs(), 0);
    }

    #[test]
    fn a_replayed_idempotency_key_returns_the_first_run() {
        let events = SystemEvents::new();
        let run = |id: &str, at: i64| HookAgentRun { run_id: id.into(), accepted_at_ms: at, ..sample_run() };
        assert_eq!(events.submit_agent_run_once("k", run("first", 0)), Ok("first".to_owned()));
        assert_eq!(events.submit_agent_run_once("k", run("second", 1_000)), Ok("first".to_owned()));
        assert_eq!(events.submit_agent_run_once("other", run("third", 2_000)), Ok("third".to_owned()));
        assert_eq!(events.submit_agent_run_once("k", run("fourth", REPLAY_TTL_MS)), Ok("fourth".to_owned()));
        let queued: Vec<String> = events.take_agent_runs().into_iter().map(|r| r.run_id).collect();
        assert_eq!(queued, ["first", "third", "fourth"]);
    }

    #[test]
    fn event_session_keys_are_agent_scoped() {
        assert_eq!(event_session_key("main", None, "main"), "agent:main:main");
        assert_eq!(event_session_key("ops", Some("Main"), "main"), "agent:ops:main");
        assert_eq!(event_session_key("ops", Some("hook:abc"), "main"), "agent:ops:hook:abc");
        assert_eq!(event_session_key("ops", Some("agent:other:x"), "main"), "agent:other:x");
    }
}
