//! Per-role device tokens of paired devices: minting, rotation, revocation and verification.
//!
//! Tokens are compared through their SHA-256 digests with a branch-free comparison, so the time a
//! check takes says nothing about how much of a guessed token was right. Rejections carry
//! OpenClaw's reason strings (`token-mismatch`, …) because clients and logs know those.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::records::{DeviceToken, PairedDevice};
use super::state::PairingState;
use crate::entropy::new_token;
use crate::scope_list::{ScopeRules, normalize_role, normalized_sorted};
use crate::{Result, StoreError};

/// Outcome of [`DeviceStore::verify_token`](super::DeviceStore::verify_token).
#[derive(Debug, Clone, PartialEq)]
pub enum TokenCheck {
    /// The token is live and covers the requested scopes; its entry after recording the use.
    Valid(Box<DeviceToken>),
    Rejected(TokenRejection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRejection {
    DeviceNotPaired,
    RoleMissing,
    TokenMissing,
    TokenRevoked,
    TokenMismatch,
    /// The token's scopes exceed the device's approved baseline, or do not cover the request.
    ScopeMismatch,
}

impl TokenRejection {
    /// OpenClaw's reason string.
    pub fn reason(self) -> &'static str {
        match self {
            Self::DeviceNotPaired => "device-not-paired",
            Self::RoleMissing => "role-missing",
            Self::TokenMissing => "token-missing",
            Self::TokenRevoked => "token-revoked",
            Self::TokenMismatch => "token-mismatch",
            Self::ScopeMismatch => "scope-mismatch",
        }
    }
}

/// What OpenClaw records as `lastSeenReason` after a successful token check.
const SEEN_BY_TOKEN: &str = "device-token-auth";

/// A fresh token for `role`. Creation time and last use carry over from the token it replaces,
/// so listings show how long the device has held the role.
pub(super) fn mint(
    role: &str,
    scopes: Vec<String>,
    replaces: Option<&DeviceToken>,
    issuer: Option<Value>,
    now_ms: i64,
    rotated_at_ms: Option<i64>,
) -> Result<DeviceToken> {
    Ok(DeviceToken {
        token: new_token()?,
        role: role.to_owned(),
        scopes,
        issuer,
        created_at_ms: replaces.map_or(now_ms, |old| old.created_at_ms),
        rotated_at_ms,
        revoked_at_ms: None,
        last_used_at_ms: replaces.and_then(|old| old.last_used_at_ms),
        extra: Default::default(),
    })
}

/// The device and normalized role, if the device is paired and approved for the role.
fn device_and_role(state: &PairingState, device_id: &str, role: &str) -> Result<(PairedDevice, String)> {
    let device_id = device_id.trim();
    let device =
        state.device(device_id).ok_or_else(|| StoreError::UnknownDevice { device_id: device_id.to_owned() })?;
    let unknown_role = || StoreError::UnknownDeviceRole { device_id: device_id.to_owned(), role: role.to_owned() };
    let role = normalize_role(Some(role)).ok_or_else(unknown_role)?;
    if !device.approved_roles().contains(&role) {
        return Err(unknown_role());
    }
    Ok((device, role))
}

fn baseline(device: &PairedDevice) -> Result<Vec<String>> {
    device
        .scope_baseline()
        .map(|scopes| normalized_sorted(scopes))
        .ok_or_else(|| StoreError::NoApprovedScopes { device_id: device.device_id.clone() })
}

fn check_within_baseline(
    device: &PairedDevice,
    role: &str,
    scopes: &[String],
    baseline: &[String],
    rules: &dyn ScopeRules,
) -> Result<()> {
    match rules.missing_scope(role, scopes, baseline) {
        None => Ok(()),
        Some(scope) => {
            Err(StoreError::ScopeNotApproved { device_id: device.device_id.clone(), role: role.to_owned(), scope })
        }
    }
}

/// Puts `token` under `role`, dropping node runtime facts if that started a new node generation.
fn store_token(state: &mut PairingState, mut device: PairedDevice, role: &str, token: DeviceToken) -> Result<()> {
    let previous = device.node_generation();
    device.tokens.get_or_insert_default().insert(role.to_owned(), token);
    device.forget_stale_node_facts(previous);
    state.put_device(&device)
}

pub(super) fn rotate(
    state: &mut PairingState,
    device_id: &str,
    role: &str,
    scopes: Option<&[String]>,
    rules: &dyn ScopeRules,
    now_ms: i64,
) -> Result<DeviceToken> {
    let (device, role) = device_and_role(state, device_id, role)?;
    let old = device.token(&role).cloned();
    let requested = match scopes {
        Some(scopes) => normalized_sorted(scopes),
        None => {
            normalized_sorted(old.as_ref().map(|old| &old.scopes).or(device.scopes.as_ref()).map_or(&[], Vec::as_slice))
        }
    };
    check_within_baseline(&device, &role, &requested, &baseline(&device)?, rules)?;
    let issuer = old.as_ref().and_then(|old| old.issuer.clone());
    let token = mint(&role, requested, old.as_ref(), issuer, now_ms, Some(now_ms))?;
    store_token(state, device, &role, token.clone())?;
    Ok(token)
}

pub(super) fn revoke(state: &mut PairingState, device_id: &str, role: &str, now_ms: i64) -> Result<DeviceToken> {
    let (device, role) = device_and_role(state, device_id, role)?;
    let Some(old) = device.token(&role) else {
        return Err(StoreError::UnknownDeviceRole { device_id: device.device_id.clone(), role });
    };
    let revoked = DeviceToken { revoked_at_ms: Some(now_ms), ..old.clone() };
    store_token(state, device, &role, revoked.clone())?;
    Ok(revoked)
}

pub(super) fn ensure(
    state: &mut PairingState,
    device_id: &str,
    role: &str,
    scopes: &[String],
    rules: &dyn ScopeRules,
    now_ms: i64,
) -> Result<DeviceToken> {
    let (device, role) = device_and_role(state, device_id, role)?;
    let requested = normalized_sorted(scopes);
    let baseline = baseline(&device)?;
    check_within_baseline(&device, &role, &requested, &baseline, rules)?;
    let old = device.token(&role).cloned();
    if let Some(old) = &old {
        // A token issued under a shared-auth generation is only reused by that issuer, which this
        // path (no issuer) never is.
        let reusable = !old.is_revoked()
            && old.issuer.is_none()
            && rules.allows(&role, &old.scopes, &baseline)
            && rules.allows(&role, &requested, &old.scopes);
        if reusable {
            return Ok(old.clone());
        }
    }
    let rotated_at_ms = old.as_ref().map(|_| now_ms);
    let token = mint(&role, requested, old.as_ref(), None, now_ms, rotated_at_ms)?;
    store_token(state, device, &role, token.clone())?;
    Ok(token)
}

pub(super) fn verify(
    state: &mut PairingState,
    device_id: &str,
    role: &str,
    presented: &str,
    requested_scopes: &[String],
    rules: &dyn ScopeRules,
    now_ms: i64,
) -> Result<TokenCheck> {
    let reject = |reason| Ok(TokenCheck::Rejected(reason));
    let Some(mut device) = state.device(device_id.trim()) else {
        return reject(TokenRejection::DeviceNotPaired);
    };
    let Some(role) = normalize_role(Some(role)) else {
        return reject(TokenRejection::RoleMissing);
    };
    let Some(mut entry) = device.token(&role).cloned() else {
        return reject(TokenRejection::TokenMissing);
    };
    if entry.is_revoked() {
        return reject(TokenRejection::TokenRevoked);
    }
    if !tokens_match(presented, &entry.token) {
        return reject(TokenRejection::TokenMismatch);
    }
    // A token wider than the device's current approval (edited file, narrowed approval) is refused.
    let within_baseline = device
        .scope_baseline()
        .is_some_and(|baseline| rules.allows(&role, &entry.scopes, &normalized_sorted(baseline)));
    if !within_baseline || !rules.allows(&role, &normalized_sorted(requested_scopes), &entry.scopes) {
        return reject(TokenRejection::ScopeMismatch);
    }
    entry.last_used_at_ms = Some(now_ms);
    device.last_seen_at_ms = Some(now_ms);
    device.last_seen_reason = Some(SEEN_BY_TOKEN.to_owned());
    device.tokens.get_or_insert_default().insert(role, entry.clone());
    state.put_device(&device)?;
    Ok(TokenCheck::Valid(Box::new(entry)))
}

/// Constant-time equality of two tokens; blank tokens never match (OpenClaw's `verifyPairingToken`).
fn tokens_match(presented: &str, expected: &str) -> bool {
    if presented.trim().is_empty() || expected.trim().is_empty() {
        return false;
    }
    // Equal-length digests make the comparison independent of the inputs' lengths and contents.
    let (left, right) = (Sha256::digest(presented.as_bytes()), Sha256::digest(expected.as_bytes()));
    left.iter().zip(right.iter()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::tokens_match;

    #[test]
    fn tokens_match_only_when_equal_and_not_blank() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", ""));
        assert!(!tokens_match("  ", "  "));
    }
}
