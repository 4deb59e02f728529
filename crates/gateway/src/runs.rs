//! The gateway's book of agent runs: which runs are active on which session (for
//! `chat.abort`), how each ended (for `agent.wait`, kept for a while after the end), and the
//! idempotency keys of `agent`/`chat.send` (a retried request gets the run it already started
//! instead of a second one; 5 minutes, at most 1000 keys, as OpenClaw).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use openclaw_providers::Cancellation;
use tokio::sync::watch;

use crate::agent_port::{RunReport, RunStatus};

const IDEMPOTENCY_TTL_MS: i64 = 5 * 60 * 1000;
const IDEMPOTENCY_MAX_KEYS: usize = 1000;
/// Ended runs stay answerable by `agent.wait` this long.
const ENDED_RUN_TTL_MS: i64 = 10 * 60 * 1000;
const MAX_ENDED_RUNS: usize = 2000;

/// What `agent.wait` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEnd {
    pub status: RunStatus,
    pub started_at: i64,
    pub ended_at: i64,
    pub error: Option<String>,
}

struct Active {
    session_key: String,
    started_at: i64,
    cancel: Cancellation,
    /// Carries the end to every waiter (`agent.wait`); waiters subscribe to it.
    done: watch::Sender<Option<RunEnd>>,
}

#[derive(Default)]
struct Book {
    active: HashMap<String, Active>,
    ended: HashMap<String, RunEnd>,
    ended_order: VecDeque<String>,
    /// idempotency key → (run id, recorded at)
    keys: HashMap<String, (String, i64)>,
    key_order: VecDeque<String>,
}

/// Registry of runs; one per gateway.
#[derive(Default)]
pub struct Runs {
    book: Mutex<Book>,
}

impl std::fmt::Debug for Runs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Runs")
    }
}

/// The result of claiming an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// A new run may start under this id.
    New(String),
    /// The key was used recently for this run.
    Existing { run_id: String, in_flight: bool },
}

impl Runs {
    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Claims `key` for a new run id (`new_id`), or returns the run it already names.
    pub fn claim(&self, key: &str, new_id: String, now_ms: i64) -> Claim {
        let mut book = self.book();
        while let Some(oldest) = book.key_order.front().cloned() {
            let expired = book.keys.get(&oldest).is_none_or(|(_, at)| now_ms - at > IDEMPOTENCY_TTL_MS);
            if !expired && book.keys.len() < IDEMPOTENCY_MAX_KEYS {
                break;
            }
            book.key_order.pop_front();
            book.keys.remove(&oldest);
        }
        if let Some((run_id, _)) = book.keys.get(key) {
            let run_id = run_id.clone();
            let in_flight = book.active.contains_key(&run_id);
            return Claim::Existing { run_id, in_flight };
        }
        book.keys.insert(key.to_owned(), (new_id.clone(), now_ms));
        book.key_order.push_back(key.to_owned());
        Claim::New(new_id)
    }

    /// Records a run as started; returns the signal that aborts it.
    /// A run booked earlier (a hook run is booked when the hook accepts it, before the run
    /// task starts it) keeps its booking: the same abort signal, start time and waiters.
    pub fn start(&self, run_id: &str, session_key: &str, now_ms: i64) -> Cancellation {
        let mut book = self.book();
        if let Some(active) = book.active.get(run_id) {
            return active.cancel.clone();
        }
        let cancel = Cancellation::new();
        book.active.insert(
            run_id.to_owned(),
            Active {
                session_key: session_key.to_owned(),
                started_at: now_ms,
                cancel: cancel.clone(),
                done: watch::channel(None).0,
            },
        );
        cancel
    }

    /// Records the end of a run and wakes its waiters.
    pub fn finish(&self, run_id: &str, report: &RunReport, now_ms: i64) -> Option<RunEnd> {
        let mut book = self.book();
        let active = book.active.remove(run_id)?;
        let end = RunEnd {
            status: report.status,
            started_at: active.started_at,
            ended_at: now_ms,
            error: report.error.clone(),
        };
        while book.ended_order.len() >= MAX_ENDED_RUNS
            || book
                .ended_order
                .front()
                .and_then(|id| book.ended.get(id))
                .is_some_and(|e| now_ms - e.ended_at > ENDED_RUN_TTL_MS)
        {
            let Some(oldest) = book.ended_order.pop_front() else { break };
            book.ended.remove(&oldest);
        }
        book.ended.insert(run_id.to_owned(), end.clone());
        book.ended_order.push_back(run_id.to_owned());
        drop(book);
        active.done.send_replace(Some(end.clone()));
        Some(end)
    }

    /// Aborts `run_id`, or every active run of `session_key` when no id is given; returns the
    /// ids that were signalled.
    pub fn abort(&self, session_key: &str, run_id: Option<&str>) -> Vec<String> {
        let book = self.book();
        let mut ids: Vec<String> = book
            .active
            .iter()
            .filter(|(id, run)| run.session_key == session_key && run_id.is_none_or(|want| want == id.as_str()))
            .map(|(id, run)| {
                run.cancel.cancel();
                id.clone()
            })
            .collect();
        ids.sort();
        ids
    }

    /// Active run ids of a session.
    pub fn active_for(&self, session_key: &str) -> Vec<String> {
        self.book().active.iter().filter(|(_, r)| r.session_key == session_key).map(|(id, _)| id.clone()).collect()
    }

    /// How `run_id` ended, waiting up to `timeout` for an active run. `None`: unknown run.
    /// `Some(Err(started_at))`: still running when the wait ran out.
    pub async fn wait(&self, run_id: &str, timeout: Duration) -> Option<Result<RunEnd, i64>> {
        let (mut done, started_at) = {
            let book = self.book();
            if let Some(end) = book.ended.get(run_id) {
                return Some(Ok(end.clone()));
            }
            let active = book.active.get(run_id)?;
            (active.done.subscribe(), active.started_at)
        };
        let waited = tokio::time::timeout(timeout, done.wait_for(Option::is_some)).await;
        match waited {
            Ok(Ok(end)) => end.clone().map(Ok),
            // The sender went away without an end: the run was dropped (gateway restart).
            Ok(Err(_)) => Some(Err(started_at)),
            Err(_) => Some(Err(started_at)),
        }
    }

    /// Aborts everything (shutdown).
    pub fn abort_all(&self) {
        for run in self.book().active.values() {
            run.cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> RunReport {
        RunReport {
            status: RunStatus::Ok,
            text: Some("hi".into()),
            error: None,
            usage: None,
            stop_reason: "stop".into(),
            session_id: None,
            unconsumed_steer: Vec::new(),
        }
    }

    #[test]
    fn idempotency_keys_return_the_first_run_until_they_expire() {
        let runs = Runs::default();
        assert_eq!(runs.claim("k", "r1".into(), 0), Claim::New("r1".into()));
        runs.start("r1", "s", 0);
        assert_eq!(runs.claim("k", "r2".into(), 1000), Claim::Existing { run_id: "r1".into(), in_flight: true });
        runs.finish("r1", &ok(), 2000);
        assert_eq!(runs.claim("k", "r3".into(), 3000), Claim::Existing { run_id: "r1".into(), in_flight: false });
        assert_eq!(runs.claim("k", "r4".into(), IDEMPOTENCY_TTL_MS + 1), Claim::New("r4".into()));
    }

    #[tokio::test]
    async fn wait_returns_the_end_and_abort_signals_the_session_runs() {
        let runs = std::sync::Arc::new(Runs::default());
        let cancel = runs.start("r1", "agent:main:main", 5);
        runs.start("r2", "agent:main:other", 5);
        assert_eq!(runs.abort("agent:main:main", None), vec!["r1".to_owned()]);
        assert!(cancel.is_cancelled());
        let waiter = {
            let runs = runs.clone();
            tokio::spawn(async move { runs.wait("r1", Duration::from_secs(5)).await })
        };
        tokio::task::yield_now().await;
        runs.finish("r1", &ok(), 9);
        let end = waiter.await.unwrap().unwrap().unwrap();
        assert_eq!((end.status, end.started_at, end.ended_at), (RunStatus::Ok, 5, 9));
        assert_eq!(runs.wait("r2", Duration::from_millis(10)).await, Some(Err(5)));
        assert_eq!(runs.wait("nope", Duration::from_millis(10)).await, None);
    }

    #[tokio::test]
    async fn a_booked_run_keeps_its_booking_when_started() {
        let runs = std::sync::Arc::new(Runs::default());
        let booked = runs.start("hook-1", "agent:main:hook:x", 10);
        let waiter = {
            let runs = runs.clone();
            tokio::spawn(async move { runs.wait("hook-1", Duration::from_secs(5)).await })
        };
        tokio::task::yield_now().await;
        let started = runs.start("hook-1", "agent:main:hook:x", 20);
        started.cancel();
        assert!(booked.is_cancelled(), "one abort signal for the booked and the started run");
        runs.finish("hook-1", &ok(), 30);
        let end = waiter.await.unwrap().unwrap().unwrap();
        assert_eq!((end.started_at, end.ended_at), (10, 30), "the waiter from before the start sees the end");
    }
}
