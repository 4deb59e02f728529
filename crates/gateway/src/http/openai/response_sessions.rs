//! `previous_response_id` on `/v1/responses`: which session a response ran in, remembered for
//! 30 minutes (at most 500 responses), so a client chaining responses continues the same
//! conversation even without a `user` or session header. As in OpenClaw, a lookup only
//! succeeds for the same caller (trusted-proxy user, bearer credential or auth mode), the same
//! agent and the same `x-openclaw-session-key`; anything else falls back to the request's own
//! session rules. The memory is the process's: a restart forgets it, like OpenClaw's.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

/// How long a response's session can be continued.
pub const RESPONSE_SESSION_TTL_MS: i64 = 30 * 60 * 1000;
/// Responses remembered at once; the oldest go first.
pub const MAX_RESPONSE_SESSIONS: usize = 500;

/// Who may continue a response: the caller, the agent and the requested session key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseScope {
    caller: String,
    agent_id: String,
    requested_session_key: Option<String>,
}

impl ResponseScope {
    /// `caller` is the trusted-proxy user when there is one; else the bearer credential, kept
    /// only as its SHA-256 so the memory never holds a secret; else the auth mode.
    pub fn new(
        proxy_user: Option<&str>,
        bearer: Option<&str>,
        auth_mode: &str,
        agent_id: &str,
        requested_session_key: Option<&str>,
    ) -> Self {
        let caller = match (proxy_user, bearer) {
            (Some(user), _) => format!("trusted-proxy:{user}"),
            (None, Some(bearer)) => format!("bearer:{}", hex::encode(Sha256::digest(bearer.as_bytes()))),
            (None, None) => format!("gateway-auth:{auth_mode}"),
        };
        Self {
            caller,
            agent_id: agent_id.to_owned(),
            requested_session_key: requested_session_key.map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned),
        }
    }
}

#[derive(Debug)]
struct Remembered {
    scope: ResponseScope,
    session_key: String,
    at_ms: i64,
}

#[derive(Debug, Default)]
pub struct ResponseSessions {
    entries: Mutex<HashMap<String, Remembered>>,
}

impl ResponseSessions {
    /// Remembers that `response_id` ran in `session_key`.
    pub fn remember(&self, response_id: &str, session_key: &str, scope: ResponseScope, now_ms: i64) {
        let mut entries = self.lock();
        entries.retain(|_, e| now_ms - e.at_ms <= RESPONSE_SESSION_TTL_MS);
        while entries.len() >= MAX_RESPONSE_SESSIONS {
            let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.at_ms).map(|(id, _)| id.clone()) else { break };
            entries.remove(&oldest);
        }
        entries
            .insert(response_id.to_owned(), Remembered { scope, session_key: session_key.to_owned(), at_ms: now_ms });
    }

    /// The session `response_id` ran in, if it is remembered, fresh and `scope` matches.
    pub fn lookup(&self, response_id: &str, scope: &ResponseScope, now_ms: i64) -> Option<String> {
        let mut entries = self.lock();
        let entry = entries.get(response_id)?;
        if now_ms - entry.at_ms > RESPONSE_SESSION_TTL_MS {
            entries.remove(response_id);
            return None;
        }
        (entry.scope == *scope).then(|| entry.session_key.clone())
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Remembered>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(caller: &str) -> ResponseScope {
        ResponseScope::new(None, Some(caller), "token", "main", None)
    }

    #[test]
    fn a_response_is_continued_by_its_caller_within_thirty_minutes() {
        let memory = ResponseSessions::default();
        memory.remember("resp_1", "agent:main:openresponses:x", scope("tok"), 0);
        assert_eq!(
            memory.lookup("resp_1", &scope("tok"), RESPONSE_SESSION_TTL_MS).as_deref(),
            Some("agent:main:openresponses:x")
        );
        assert_eq!(memory.lookup("resp_1", &scope("other"), 1), None, "another credential");
        let other_agent = ResponseScope::new(None, Some("tok"), "token", "work", None);
        assert_eq!(memory.lookup("resp_1", &other_agent, 1), None, "another agent");
        let other_key = ResponseScope::new(None, Some("tok"), "token", "main", Some("agent:main:mine"));
        assert_eq!(memory.lookup("resp_1", &other_key, 1), None, "another requested session");
        assert_eq!(memory.lookup("resp_2", &scope("tok"), 1), None);
        assert_eq!(memory.lookup("resp_1", &scope("tok"), RESPONSE_SESSION_TTL_MS + 1), None, "expired");
        assert!(memory.is_empty(), "an expired entry is dropped when seen");
    }

    #[test]
    fn the_memory_keeps_the_newest_five_hundred() {
        let memory = ResponseSessions::default();
        for i in 0..(MAX_RESPONSE_SESSIONS as i64 + 20) {
            memory.remember(&format!("resp_{i}"), &format!("k{i}"), scope("tok"), i);
        }
        assert_eq!(memory.len(), MAX_RESPONSE_SESSIONS);
        assert_eq!(memory.lookup("resp_19", &scope("tok"), 600), None);
        assert_eq!(memory.lookup("resp_20", &scope("tok"), 600).as_deref(), Some("k20"));
    }

    #[test]
    fn the_bearer_is_kept_only_as_a_digest() {
        let scope = ResponseScope::new(None, Some("secret-token"), "token", "main", None);
        assert!(!format!("{scope:?}").contains("secret-token"));
        let proxied = ResponseScope::new(Some("ada@example.com"), Some("secret-token"), "trusted-proxy", "main", None);
        assert_eq!(proxied.caller, "trusted-proxy:ada@example.com");
        assert_eq!(ResponseScope::new(None, None, "none", "main", None).caller, "gateway-auth:none");
    }
}
