//! An open, authenticated connection kept for more than one call: `openclaw agent` looks a
//! session up and then runs the agent on it, `openclaw chat` sends messages and reads the
//! `chat` events of its runs. Failures are shaped into [`CallError`]s the same way one-shot
//! calls shape them, so every command reports an unreachable or closing gateway alike.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::call::{CallError, classify};
use super::error::ClientError;
use super::session::{Incoming, Session};
use super::target::ConnectionDetails;

pub struct Connection {
    session: Session,
    details: Box<ConnectionDetails>,
    timeout_ms: u64,
}

impl Connection {
    pub(super) fn new(session: Session, details: Box<ConnectionDetails>, timeout_ms: u64) -> Self {
        Self { session, details, timeout_ms }
    }

    /// Calls `method` and waits for its answer (with `expect_final`, past an `accepted` one).
    pub fn request(&mut self, method: &str, params: Option<&Value>, expect_final: bool) -> Result<Value, CallError> {
        self.session.request(method, params, expect_final).map_err(|err| self.fail(err))
    }

    /// Sends a request and returns its id without waiting for the answer.
    pub fn send(&mut self, method: &str, params: &Value) -> Result<String, CallError> {
        self.session.send(method, Some(params)).map_err(|err| self.fail(err))
    }

    /// The next event or response within `wait`, if any.
    pub fn poll(&mut self, wait: Duration) -> Result<Option<Incoming>, CallError> {
        self.session.poll(wait).map_err(|err| self.fail(err))
    }

    /// Moves the deadline that bounds every later read (a chat stays open as long as its user).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.session.set_deadline(deadline);
    }

    pub fn close(self) {
        self.session.close();
    }

    /// Shapes an error answer read with [`poll`](Self::poll) like the other calls' failures.
    pub fn fail(&self, error: ClientError) -> CallError {
        classify(error, self.details.clone(), self.timeout_ms)
    }
}
