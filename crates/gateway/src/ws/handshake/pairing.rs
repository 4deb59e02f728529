//! Device pairing at connect time: a known device with the role and scopes it asks for gets
//! (or keeps) its per-role device token; anything new — an unknown device, a changed key, a
//! higher role, more scopes — becomes a pending request that an operator approves, unless the
//! client is local (loopback or this host's own tailnet address, no proxy headers), in which
//! case it is approved silently, as OpenClaw does for same-host clients.

use openclaw_policy::gateway::device_auth::VerifiedDevice;
use openclaw_policy::gateway::methods::missing_scope;
use openclaw_protocol::{ConnectParams, ErrorCode};
use openclaw_store::DeviceStore;
use openclaw_store::devices::TokenCheck;
use openclaw_store::devices::{
    AccessMetadata, Approval, ApprovedVia, DeviceToken, PairedDevice, PairingOutcome, PairingRequest, PendingRequest,
};
use serde_json::json;

use super::{Context, Refusal};
use crate::scope_rules::PolicyScopes;
use crate::ws::session::AuthMethod;

/// Checks `auth.deviceToken` (or `auth.token`, which clients reuse for it) against the
/// paired device's token for `role`.
pub fn verify_device_token(ctx: &Context<'_>, params: &ConnectParams, role: &str, scopes: &[String]) -> Result<(), ()> {
    let device_id = params.device.as_ref().map(|d| d.id.as_str()).ok_or(())?;
    let auth = params.auth.as_ref().ok_or(())?;
    let token = auth.device_token.as_deref().filter(|t| !t.is_empty()).or(auth.token.as_deref()).ok_or(())?;
    let store = DeviceStore::new(&ctx.state.state_dir);
    match store.verify_token(device_id, role, token, scopes, &PolicyScopes, ctx.state.now_ms()) {
        Ok(TokenCheck::Valid(_)) => Ok(()),
        Ok(TokenCheck::Rejected(reason)) => {
            tracing::info!(device = device_id, reason = reason.reason(), "device token rejected");
            Err(())
        }
        Err(err) => {
            tracing::warn!(error = %err, "device token check failed");
            Err(())
        }
    }
}

/// Why a device must be (re)approved.
fn pairing_reason(
    paired: Option<&PairedDevice>,
    device: &VerifiedDevice,
    role: &str,
    scopes: &[String],
) -> Option<&'static str> {
    let Some(paired) = paired else { return Some("not-paired") };
    if paired.public_key != device.public_key {
        return Some("metadata-upgrade");
    }
    if !paired.approved_roles().iter().any(|r| r == role) {
        return Some("role-upgrade");
    }
    let baseline = paired.scope_baseline().cloned().unwrap_or_default();
    if missing_scope(role, scopes, &baseline).is_some() {
        return Some("scope-upgrade");
    }
    None
}

fn requirement(reason: &str) -> (&'static str, &'static str) {
    match reason {
        "role-upgrade" => (
            "device is asking for a higher role than currently approved",
            "Review the requested role upgrade, then approve the pending request.",
        ),
        "scope-upgrade" => (
            "device is asking for more scopes than currently approved",
            "Review the requested scopes, then approve the pending upgrade.",
        ),
        "metadata-upgrade" => (
            "device identity changed and must be re-approved",
            "Review the refreshed device details, then approve the pending request.",
        ),
        _ => ("device is not approved yet", "Approve this device from the pending pairing requests."),
    }
}

/// Makes sure the device is paired for `role` and `scopes`; returns the device token to hand
/// back in `hello-ok` (none for connections that authenticated with that token already).
pub async fn ensure_paired(
    ctx: &Context<'_>,
    params: &ConnectParams,
    device: &VerifiedDevice,
    role: &str,
    scopes: &mut Vec<String>,
    method: AuthMethod,
) -> Result<Option<DeviceToken>, Refusal> {
    let state = ctx.state;
    let store = DeviceStore::new(&state.state_dir);
    let now = state.now_ms();
    let unavailable = |err: openclaw_store::StoreError| {
        tracing::error!(error = %err, "device store unavailable");
        Refusal::new(ErrorCode::Unavailable, "device pairing store unavailable; see the gateway log")
    };
    let paired = store.get(&device.device_id).map_err(unavailable)?;
    let Some(reason) = pairing_reason(paired.as_ref(), device, role, scopes) else {
        if method == AuthMethod::DeviceToken {
            return Ok(None);
        }
        return store.ensure_token(&device.device_id, role, scopes, &PolicyScopes, now).map(Some).map_err(unavailable);
    };

    let request = PairingRequest {
        device_id: device.device_id.clone(),
        public_key: device.public_key.clone(),
        display_name: params.client.display_name.clone(),
        platform: Some(params.client.platform.clone()),
        device_family: params.client.device_family.clone(),
        client_id: Some(params.client.id.as_str().to_owned()),
        client_mode: Some(params.client.mode.as_str().to_owned()),
        browser_origin: ctx.peer.origin.clone(),
        role: Some(role.to_owned()),
        roles: Some(vec![role.to_owned()]),
        scopes: Some(scopes.clone()),
        remote_ip: ctx.peer.client_ip.map(|ip| ip.to_string()),
        silent: false,
    };
    // Same-host clients pair silently; a browser page only when it is the Control UI itself.
    let browser_ui = super::is_browser_ui(params.client.id);
    let local = ctx.peer.is_local && (ctx.peer.origin.is_none() || browser_ui);
    let pending: PendingRequest = if local {
        let access = AccessMetadata {
            display_name: params.client.display_name.clone(),
            remote_ip: ctx.peer.client_ip.map(|ip| ip.to_string()),
            last_seen_at_ms: Some(now),
            last_seen_reason: Some("connect".to_owned()),
        };
        let approval = Approval::new(ApprovedVia::Silent).with_access(&access);
        let silent = PairingRequest { silent: true, ..request };
        match store.auto_approve(&silent, &approval, &PolicyScopes, now).map_err(unavailable)? {
            PairingOutcome::Approved(approved) => {
                tracing::info!(device = %approved.device.device_id, role, "local device paired silently");
                return store
                    .ensure_token(&device.device_id, role, scopes, &PolicyScopes, now)
                    .map(Some)
                    .map_err(unavailable);
            }
            PairingOutcome::Pending(outcome) => outcome.request,
        }
    } else {
        let outcome = store.request_pairing(&request, &PolicyScopes, now).map_err(unavailable)?;
        if outcome.created {
            let mut event = serde_json::to_value(&outcome.request).unwrap_or_default();
            event["expiresAtMs"] = json!(outcome.expires_at_ms);
            state.registry.broadcast("device.pair.requested", event, true);
        }
        outcome.request
    };
    let (requirement, hint) = requirement(reason);
    Err(Refusal::new(ErrorCode::NotPaired, format!("pairing required: {requirement}")).details(json!({
        "code": "PAIRING_REQUIRED",
        "reason": reason,
        "requestId": pending.request_id,
        "remediationHint": hint,
        "deviceId": device.device_id,
        "requestedRole": role,
        "requestedScopes": scopes,
    })))
}
