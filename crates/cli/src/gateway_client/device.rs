//! This host as a device: its Ed25519 identity (`identity/device.json`) signs the handshake, and
//! the device token a gateway issued in `hello-ok.auth` is cached (`identity/device-auth.json`)
//! and presented next time no shared secret is given, as OpenClaw's clients do.
//!
//! Commands only read an identity that exists; creating one is left to the commands that pair
//! (OpenClaw's RPC commands run with read-only shared state too), so `gateway call` against a
//! remote gateway never turns into a pairing request by accident.

use std::path::Path;

use openclaw_policy::gateway::device_auth::sign_payload;
use openclaw_store::{DeviceAuthCache, DeviceIdentity, StateDir};

use super::connect::DeviceSigner;

/// The identity plus where its tokens are cached.
pub struct HostDevice {
    identity: DeviceIdentity,
    cache: DeviceAuthCache,
}

/// A cached device token and the scopes it was issued with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredToken {
    pub token: String,
    pub scopes: Vec<String>,
}

impl HostDevice {
    /// The identity in `state_dir`, if one exists and is readable. An unreadable file is an error
    /// rather than "none": silently ignoring it would hide why device auth stopped working.
    pub fn load(state_dir: &Path) -> Result<Option<Self>, String> {
        let state = StateDir::new(state_dir);
        match DeviceIdentity::load(&state) {
            Ok(Some(identity)) => Ok(Some(Self { identity, cache: DeviceAuthCache::new(&state) })),
            Ok(None) => Ok(None),
            Err(err) => Err(format!("cannot read the device identity: {err}")),
        }
    }

    #[cfg(test)]
    pub fn from_identity(identity: DeviceIdentity, state_dir: &Path) -> Self {
        Self { identity, cache: DeviceAuthCache::new(&StateDir::new(state_dir)) }
    }

    /// The token cached for `role`; a cache that cannot be read counts as empty (it is only a cache).
    pub fn stored_token(&self, role: &str) -> Option<StoredToken> {
        let cached = self.cache.load(self.identity.device_id(), role).ok().flatten()?;
        Some(StoredToken { token: cached.token, scopes: cached.scopes })
    }

    /// Caches a token from `hello-ok.auth`. Failing to cache is not fatal: the call succeeded, the
    /// next one simply authenticates with the shared secret again.
    pub fn remember_token(&self, role: &str, token: &str, scopes: &[String], now_ms: i64) {
        if let Err(err) = self.cache.store(self.identity.device_id(), role, token, scopes, now_ms) {
            tracing::warn!(%err, "could not cache the gateway's device token");
        }
    }

    /// Forgets a token the gateway no longer accepts.
    pub fn forget_token(&self, role: &str) {
        if let Err(err) = self.cache.clear(self.identity.device_id(), role) {
            tracing::warn!(%err, "could not clear the stale device token");
        }
    }
}

impl DeviceSigner for HostDevice {
    fn device_id(&self) -> &str {
        self.identity.device_id()
    }

    fn public_key(&self) -> String {
        self.identity.public_key_base64url()
    }

    fn sign(&self, payload: &str) -> String {
        sign_payload(self.identity.signing_seed().expose(), payload)
    }
}
