//! The gateway's paired-device store: `devices/pending.json` (requests waiting for an operator) and
//! `devices/paired.json` (approved devices and their per-role tokens), in OpenClaw's format.
//!
//! Every operation takes `devices/paired.json.lock`, loads both files, changes them in memory and
//! writes back atomically what changed before releasing the lock, so a gateway and a CLI process
//! working on the same state directory never lose each other's updates. Pending requests expire
//! five minutes after they were created or last refreshed.
//!
//! The store records decisions; it does not make them. Whether a client is local enough to be
//! approved silently, or whether the approver holds the scopes being granted, is decided by the
//! caller (via `Approval::is_current` when it must be re-checked against the stored request).
//! What a scope list covers comes from the caller's [`ScopeRules`]. The store does enforce the
//! invariants of the data itself: a token is only minted for a role the request asked for, with
//! scopes the request asked for (or that were approved before), and never beyond the approved
//! baseline.

mod pairing;
mod records;
mod state;
mod tokens;

use std::path::Path;

use openclaw_durable::lock_exclusive;

pub use records::{
    AccessMetadata, AdmitFn, Approval, Approved, ApprovedVia, DeviceList, DeviceToken, PairedDevice, PairingOutcome,
    PairingRequest, PendingRequest, Rejected, RequestOutcome, SupersededRequest,
};
pub use tokens::{TokenCheck, TokenRejection};

use self::state::{PairingFiles, PairingState};
use crate::scope_list::ScopeRules;
use crate::{Result, StateDir, StoreError};

/// How long a pending request lives after it was created or last refreshed.
pub const PENDING_TTL_MS: i64 = 5 * 60 * 1000;

/// `devices/pending.json` + `devices/paired.json`.
#[derive(Debug, Clone)]
pub struct DeviceStore {
    files: PairingFiles,
}

impl DeviceStore {
    pub fn new(state: &StateDir) -> Self {
        Self { files: PairingFiles { pending: state.devices_pending_file(), paired: state.devices_paired_file() } }
    }

    pub fn pending_file(&self) -> &Path {
        &self.files.pending
    }

    pub fn paired_file(&self) -> &Path {
        &self.files.paired
    }

    /// Live pending requests (newest first) and paired devices (most recently approved first).
    pub fn list(&self, now_ms: i64) -> Result<DeviceList> {
        self.read(now_ms, |state| {
            let mut pending = state.pending_requests();
            pending.sort_by_key(|request| std::cmp::Reverse(request.ts));
            let mut paired = state.devices();
            paired.sort_by_key(|device| std::cmp::Reverse(device.approved_at_ms));
            DeviceList { pending, paired }
        })
    }

    pub fn get(&self, device_id: &str) -> Result<Option<PairedDevice>> {
        // Expiry only concerns pending requests; any clock will do for a paired lookup.
        self.read(0, |state| state.device(device_id.trim()))
    }

    pub fn get_pending(&self, request_id: &str, now_ms: i64) -> Result<Option<PendingRequest>> {
        self.read(now_ms, |state| state.pending(request_id))
    }

    /// Records that a device asks to be paired, or to widen its pairing. An existing request of the
    /// device that already covers this one is refreshed (same id, expiry restarted); otherwise the
    /// device's requests are replaced by one new request asking for the union of everything asked,
    /// listed in `superseded`.
    pub fn request_pairing(
        &self,
        request: &PairingRequest,
        rules: &dyn ScopeRules,
        now_ms: i64,
    ) -> Result<RequestOutcome> {
        self.transact(now_ms, |state| pairing::request(state, request, rules, now_ms))
    }

    /// Approves a pending request: records the device and mints a fresh token for every role the
    /// request asked for. Unknown or expired ids are [`StoreError::UnknownPairingRequest`].
    pub fn approve(&self, request_id: &str, approval: &Approval<'_>, now_ms: i64) -> Result<Approved> {
        self.transact(now_ms, |state| pairing::approve(state, request_id, approval, now_ms))
    }

    /// Request and approval in one step, for a client the caller judged local (OpenClaw's silent
    /// pairing). `request.silent` is forced on. If an interactive request of the same device is
    /// already waiting, or `approval.is_current` refuses, the request stays pending for an operator.
    pub fn auto_approve(
        &self,
        request: &PairingRequest,
        approval: &Approval<'_>,
        rules: &dyn ScopeRules,
        now_ms: i64,
    ) -> Result<PairingOutcome> {
        let request = PairingRequest { silent: true, ..request.clone() };
        self.transact(now_ms, |state| {
            let outcome = pairing::request(state, &request, rules, now_ms)?;
            if outcome.request.silent != Some(true) {
                return Ok(PairingOutcome::Pending(outcome));
            }
            match pairing::approve(state, &outcome.request.request_id, approval, now_ms) {
                Ok(approved) => Ok(PairingOutcome::Approved(approved)),
                Err(StoreError::ApprovalRefused { .. }) => Ok(PairingOutcome::Pending(outcome)),
                Err(err) => Err(err),
            }
        })
    }

    pub fn reject(&self, request_id: &str, now_ms: i64) -> Result<Rejected> {
        self.transact(now_ms, |state| {
            let request = state
                .pending(request_id)
                .ok_or_else(|| StoreError::UnknownPairingRequest { request_id: request_id.to_owned() })?;
            state.remove_pending(request_id);
            Ok(Rejected { request_id: request.request_id, device_id: request.device_id })
        })
    }

    /// Unpairs a device and drops its pending requests. Returns the (trimmed) device id.
    pub fn remove(&self, device_id: &str, now_ms: i64) -> Result<String> {
        let device_id = device_id.trim();
        self.transact(now_ms, |state| {
            if device_id.is_empty() || !state.remove_device(device_id) {
                return Err(StoreError::UnknownDevice { device_id: device_id.to_owned() });
            }
            state.remove_pending_of(device_id);
            Ok(device_id.to_owned())
        })
    }

    /// Replaces the token of `role` with a fresh one. `scopes` defaults to the old token's scopes;
    /// pass them explicitly when the caller's own scopes were checked against them. The scopes must
    /// lie within the device's approved baseline.
    pub fn rotate_token(
        &self,
        device_id: &str,
        role: &str,
        scopes: Option<&[String]>,
        rules: &dyn ScopeRules,
        now_ms: i64,
    ) -> Result<DeviceToken> {
        self.transact(now_ms, |state| tokens::rotate(state, device_id, role, scopes, rules, now_ms))
    }

    /// Marks the token of `role` revoked (kept, so listings show when).
    pub fn revoke_token(&self, device_id: &str, role: &str, now_ms: i64) -> Result<DeviceToken> {
        self.transact(now_ms, |state| tokens::revoke(state, device_id, role, now_ms))
    }

    /// The live token of `role` if it already covers `scopes`, else a freshly minted one; `scopes`
    /// must lie within the approved baseline. Used when a paired device connects without a token.
    pub fn ensure_token(
        &self,
        device_id: &str,
        role: &str,
        scopes: &[String],
        rules: &dyn ScopeRules,
        now_ms: i64,
    ) -> Result<DeviceToken> {
        self.transact(now_ms, |state| tokens::ensure(state, device_id, role, scopes, rules, now_ms))
    }

    /// Checks a presented device token (constant-time) and the scopes the connection asks for. On
    /// success records `lastUsedAtMs` on the token and `lastSeenAtMs` on the device.
    pub fn verify_token(
        &self,
        device_id: &str,
        role: &str,
        token: &str,
        requested_scopes: &[String],
        rules: &dyn ScopeRules,
        now_ms: i64,
    ) -> Result<TokenCheck> {
        self.transact(now_ms, |state| tokens::verify(state, device_id, role, token, requested_scopes, rules, now_ms))
    }

    fn read<T>(&self, now_ms: i64, view: impl FnOnce(&PairingState) -> T) -> Result<T> {
        if !self.files.pending.exists() && !self.files.paired.exists() {
            // Nothing paired yet: reading must not create `devices/` and its lock file.
            return Ok(view(&PairingState::load(&self.files, now_ms)?));
        }
        // The lock makes the two files one snapshot: without it a reader could see a request already
        // gone from pending.json and the device not yet in paired.json.
        let _lock = lock_exclusive(&self.files.paired)?;
        Ok(view(&PairingState::load(&self.files, now_ms)?))
    }

    fn transact<T>(&self, now_ms: i64, change: impl FnOnce(&mut PairingState) -> Result<T>) -> Result<T> {
        let _lock = lock_exclusive(&self.files.paired)?;
        let mut state = PairingState::load(&self.files, now_ms)?;
        // A failed operation writes nothing, so no half-applied change ever reaches disk.
        let result = change(&mut state)?;
        state.save()?;
        Ok(result)
    }
}
