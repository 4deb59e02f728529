//! `agents/<id>/agent/auth-profiles.json`: the API keys, tokens and OAuth credentials of one agent,
//! the preferred order per provider, the last profile that worked, and per-profile usage statistics
//! (cooldowns after failures), in OpenClaw's format (`src/agents/auth-profiles/`).
//!
//! Every change takes `auth-profiles.json.lock`, re-reads the file, applies the caller's change and
//! replaces the file atomically (0600, two-space JSON with a trailing newline, as OpenClaw's
//! `saveJsonFile` writes it), so a gateway recording a failure and a CLI adding a key never lose each
//! other's update. Unlike OpenClaw, fields this port does not know (in the file, in a profile, in a
//! usage entry) survive a rewrite, and a file that is not JSON is an error naming it rather than an
//! empty store: rewriting it as empty would throw away every key the operator configured.
//!
//! This module stores; it does not decide. Which profile to try, how long a cooldown lasts and what
//! counts as a failure are the agent's rules, applied in the closure given to
//! [`AuthProfileStore::update`].

mod credential;
mod file;
mod secret;
mod usage;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use openclaw_durable::lock_exclusive;

pub use credential::{ApiKeyCredential, Credential, OAuthCredential, TokenCredential};
pub use file::{AUTH_STORE_VERSION, AuthProfiles};
pub use secret::{SecretRef, SecretSource, SecretString};
pub use usage::{FailureReason, ProfileUsageStats};

use crate::json_file::{TrailingNewline, read_json, write_json};
use crate::{AgentId, Result, StateDir};

/// The auth profile file of one agent.
#[derive(Debug, Clone)]
pub struct AuthProfileStore {
    file: PathBuf,
}

impl AuthProfileStore {
    pub fn new(state: &StateDir, agent: &AgentId) -> Self {
        Self { file: state.auth_profiles(agent) }
    }

    /// A file somewhere else (an explicit `agentDir`, or a test).
    pub fn at(file: impl Into<PathBuf>) -> Self {
        Self { file: file.into() }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// A snapshot without the lock (writers replace the file atomically, so a reader sees one
    /// version or the next). A missing file is an empty store.
    pub fn load(&self) -> Result<AuthProfiles> {
        match read_json(&self.file)? {
            None => Ok(AuthProfiles::default()),
            Some(value) => AuthProfiles::from_value(&self.file, value),
        }
    }

    /// Runs `change` on the whole store under the lock and writes the result back if it differs,
    /// so a closure that decides nothing needs to change leaves the file (and its mtime) alone.
    pub fn update<R>(&self, change: impl FnOnce(&mut AuthProfiles) -> R) -> Result<R> {
        let _lock = lock_exclusive(&self.file)?;
        let before = self.load()?;
        let mut after = before.clone();
        let result = change(&mut after);
        if after != before {
            write_json(&self.file, after.as_map(), TrailingNewline::Yes)?;
        }
        Ok(result)
    }
}
