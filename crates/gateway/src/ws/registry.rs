//! The set of live, authenticated connections and the broadcast path: every broadcast event
//! gets the next per-server `seq`, and goes only to connections whose role and scopes may see it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use openclaw_policy::gateway::methods::{Role, event_allowed};
use serde_json::{Value, json};

use super::outbound::Outbound;

/// What the registry knows about one connection.
#[derive(Debug, Clone)]
pub struct Registered {
    pub conn_id: String,
    pub role: String,
    pub scopes: Vec<String>,
    pub outbound: Outbound,
    /// Opted into `agent` events of the `tool` stream (cap `tool-events`).
    pub tool_events: bool,
    /// `None` for ephemeral clients (CLI, backend, probe), which OpenClaw does not list as
    /// instances: their coming and going is not news for anyone.
    pub presence: Option<Value>,
}

/// Live connections, keyed by connection id.
#[derive(Debug, Default)]
pub struct Registry {
    conns: Mutex<HashMap<String, Registered>>,
    seq: AtomicU64,
}

impl Registry {
    pub fn insert(&self, entry: Registered) {
        if let Ok(mut conns) = self.conns.lock() {
            conns.insert(entry.conn_id.clone(), entry);
        }
    }

    pub fn remove(&self, conn_id: &str) -> Option<Registered> {
        self.conns.lock().ok().and_then(|mut conns| conns.remove(conn_id))
    }

    pub fn len(&self) -> usize {
        self.conns.lock().map(|c| c.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Presence entries of the connected clients.
    pub fn presence(&self) -> Vec<Value> {
        self.conns.lock().map(|c| c.values().filter_map(|r| r.presence.clone()).collect()).unwrap_or_default()
    }

    /// The last `seq` handed out.
    pub fn current_seq(&self) -> u64 {
        self.seq.load(Ordering::Relaxed)
    }

    /// Sends `event` to every connection allowed to see it; returns how many got it queued.
    pub fn broadcast(&self, event: &str, payload: Value, drop_if_slow: bool) -> usize {
        self.broadcast_where(event, payload, drop_if_slow, |_| true)
    }

    /// As [`broadcast`](Self::broadcast), to tool-event subscribers only: tool arguments and
    /// results can be large and sensitive, so clients see them only when they asked.
    pub fn broadcast_tool_event(&self, payload: Value) -> usize {
        self.broadcast_where("agent", payload, true, |r| r.tool_events)
    }

    fn broadcast_where(
        &self,
        event: &str,
        payload: Value,
        drop_if_slow: bool,
        also: impl Fn(&Registered) -> bool,
    ) -> usize {
        let targets: Vec<Registered> = match self.conns.lock() {
            Ok(conns) => conns.values().filter(|r| may_see(r, event) && also(r)).cloned().collect(),
            Err(_) => return 0,
        };
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let text = json!({"type": "event", "event": event, "payload": payload, "seq": seq}).to_string();
        targets.iter().filter(|r| r.outbound.send(text.clone(), drop_if_slow) == super::outbound::Sent::Queued).count()
    }

    /// Asks every connection to close (shutdown).
    pub fn close_all(&self, code: u16, reason: &str) {
        if let Ok(conns) = self.conns.lock() {
            for r in conns.values() {
                r.outbound.close_after_flush(code, reason);
            }
        }
    }
}

fn may_see(r: &Registered, event: &str) -> bool {
    // Nodes get the liveness events only; everything else is operator traffic.
    match Role::parse(&r.role) {
        Some(Role::Operator) => event_allowed(Role::Operator, &r.scopes, event),
        Some(Role::Node) => matches!(event, "tick" | "shutdown"),
        None => false,
    }
}
