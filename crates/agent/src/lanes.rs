//! Where runs wait their turn: one run at a time per session (`session:<key>` lane), and at
//! most `agents.defaults.maxConcurrent` runs at once across the gateway (the `main` lane,
//! default 4). A run takes its session lane first and the global permit second, so a session
//! with a backlog never holds global capacity while it waits for itself.
//!
//! Session lanes are created on demand and dropped when nobody holds or waits for them, so a
//! gateway that has seen a million senders does not keep a million mutexes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

/// OpenClaw's default for `agents.defaults.maxConcurrent`.
pub const DEFAULT_MAX_CONCURRENT: usize = 4;

/// The lanes of one gateway.
#[derive(Debug)]
pub struct Lanes {
    global: Arc<Semaphore>,
    sessions: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Held for the duration of a run; dropping it lets the next run in.
#[derive(Debug)]
pub struct LaneGuard {
    // Field order matters: the global permit is released before the session lane, so the
    // session's next run can immediately compete for it.
    _permit: Option<OwnedSemaphorePermit>,
    _session: OwnedMutexGuard<()>,
}

impl Default for Lanes {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_CONCURRENT)
    }
}

impl Lanes {
    pub fn new(max_concurrent: usize) -> Self {
        Self { global: Arc::new(Semaphore::new(max_concurrent.max(1))), sessions: Mutex::new(HashMap::new()) }
    }

    /// Waits for the session's lane, then for a global slot.
    pub async fn enter(&self, session_key: &str) -> LaneGuard {
        let lane = {
            let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
            // Forget lanes nobody holds or waits for (only the map's own reference is left).
            sessions.retain(|_, lane| Arc::strong_count(lane) > 1);
            sessions.entry(session_key.to_owned()).or_default().clone()
        };
        let session = lane.lock_owned().await;
        // The semaphore is never closed, so this is always a permit; `None` would only mean
        // running without a global slot, which beats refusing every run.
        let permit = self.global.clone().acquire_owned().await.ok();
        LaneGuard { _permit: permit, _session: session }
    }

    /// Whether a run currently holds (or waits for) `session_key`'s lane.
    pub fn is_busy(&self, session_key: &str) -> bool {
        let sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.get(session_key).is_some_and(|lane| lane.try_lock().is_err() || Arc::strong_count(lane) > 1)
    }

    /// How many global slots are free.
    pub fn available(&self) -> usize {
        self.global.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn one_run_per_session_and_a_global_cap() {
        let lanes = Arc::new(Lanes::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let per_session_peak = Arc::new(AtomicUsize::new(0));
        let same_session = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for i in 0..8 {
            let (lanes, running, peak, same, same_peak) =
                (lanes.clone(), running.clone(), peak.clone(), same_session.clone(), per_session_peak.clone());
            handles.push(tokio::spawn(async move {
                let key = if i % 2 == 0 { "a".to_owned() } else { format!("s{i}") };
                let _guard = lanes.enter(&key).await;
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                if key == "a" {
                    let n = same.fetch_add(1, Ordering::SeqCst) + 1;
                    same_peak.fetch_max(n, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
                if key == "a" {
                    same.fetch_sub(1, Ordering::SeqCst);
                }
                running.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for handle in handles {
            handle.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        assert_eq!(per_session_peak.load(Ordering::SeqCst), 1);
        assert_eq!(lanes.available(), 2);
    }

    #[tokio::test]
    async fn idle_lanes_are_forgotten() {
        let lanes = Lanes::new(1);
        for i in 0..100 {
            drop(lanes.enter(&format!("k{i}")).await);
        }
        drop(lanes.enter("last").await);
        assert!(lanes.sessions.lock().unwrap().len() <= 1);
        assert!(!lanes.is_busy("last"));
    }
}
