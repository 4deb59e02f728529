//! Cancelling an in-flight model request from outside it: the agent loop (or a user pressing
//! stop) holds a [`Cancellation`] clone and the client races every wait against it, so a
//! cancel lands between two body chunks or in the middle of a retry back-off rather than after
//! the whole reply. Built on `tokio::sync::watch` so no extra crate is needed.

use std::sync::Arc;

use tokio::sync::watch;

/// A cloneable cancel signal; once cancelled it stays cancelled.
#[derive(Debug, Clone)]
pub struct Cancellation {
    // The sender keeps the value even with no receivers alive, so `cancel` before anyone
    // waits is not lost.
    sender: Arc<watch::Sender<bool>>,
}

impl Default for Cancellation {
    fn default() -> Self {
        Self::new()
    }
}

impl Cancellation {
    pub fn new() -> Self {
        Self { sender: Arc::new(watch::Sender::new(false)) }
    }

    pub fn cancel(&self) {
        self.sender.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.sender.borrow()
    }

    /// Resolves once [`cancel`](Self::cancel) has been called (immediately if it already was).
    pub async fn cancelled(&self) {
        let mut receiver = self.sender.subscribe();
        // The sender lives in `self`, so `wait_for` cannot fail with a closed channel while
        // we are borrowed; ignoring its result is safe.
        let _ = receiver.wait_for(|cancelled| *cancelled).await;
    }
}
