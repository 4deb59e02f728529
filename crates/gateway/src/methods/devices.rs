//! `device.pair.*` and `device.token.*`: the operator side of device pairing. Listing never
//! shows token values (only a summary per role); approving broadcasts `device.pair.resolved`
//! and may not grant scopes the approving operator does not hold itself.

use std::sync::Arc;

use openclaw_protocol::methods::devices::{
    DevicePairApproveParams, DevicePairRejectParams, DevicePairRemoveParams, DeviceTokenRevokeParams,
    DeviceTokenRotateParams,
};
use openclaw_store::devices::{Approval, ApprovedVia, PairedDevice, PendingRequest};
use openclaw_store::{DeviceStore, StoreError};
use serde_json::{Value, json};

use super::{MethodResult, invalid, params, unavailable};
use crate::scope_rules::PolicyScopes;
use crate::state::GatewayState;
use crate::ws::session::Session;

/// A paired device as clients may see it: tokens summarised, the approval baseline hidden.
pub fn redact_paired(device: &PairedDevice) -> Value {
    let mut value = serde_json::to_value(device).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        obj.remove("approvedScopes");
        let summary: Vec<Value> = device
            .tokens
            .iter()
            .flatten()
            .map(|(role, token)| {
                json!({
                    "role": role,
                    "scopes": token.scopes,
                    "createdAtMs": token.created_at_ms,
                    "rotatedAtMs": token.rotated_at_ms,
                    "revokedAtMs": token.revoked_at_ms,
                    "lastUsedAtMs": token.last_used_at_ms,
                })
            })
            .collect();
        obj.insert("tokens".into(), Value::Array(summary));
    }
    value
}

pub fn pending_json(request: &PendingRequest) -> Value {
    serde_json::to_value(request).unwrap_or(Value::Null)
}

fn store_error(err: StoreError) -> openclaw_protocol::ErrorShape {
    match err {
        StoreError::UnknownPairingRequest { .. } => invalid("unknown requestId"),
        StoreError::UnknownDevice { .. } => invalid("unknown deviceId"),
        StoreError::UnknownDeviceRole { .. } => invalid("unknown deviceId/role"),
        StoreError::ScopeOutsideRequestedRoles { .. }
        | StoreError::NoApprovedScopes { .. }
        | StoreError::ScopeNotApproved { .. }
        | StoreError::ApprovalRefused { .. } => invalid(err.to_string()),
        other => unavailable(other.to_string()),
    }
}

pub fn list(state: &Arc<GatewayState>) -> MethodResult {
    let list = DeviceStore::new(&state.state_dir).list(state.now_ms()).map_err(store_error)?;
    Ok(json!({
        "pending": list.pending.iter().map(pending_json).collect::<Vec<_>>(),
        "paired": list.paired.iter().map(redact_paired).collect::<Vec<_>>(),
    }))
}

pub fn approve(state: &Arc<GatewayState>, session: &Session, raw: Option<Value>) -> MethodResult {
    let p: DevicePairApproveParams = params("device.pair.approve", raw)?;
    let store = DeviceStore::new(&state.state_dir);
    let now = state.now_ms();
    let caller_scopes = session.scopes.clone();
    // Re-checked under the store lock against the request as stored.
    let within_caller = move |pending: &PendingRequest, _: Option<&PairedDevice>| {
        let wanted = pending.scopes.clone().unwrap_or_default();
        openclaw_policy::gateway::methods::missing_scope("operator", &wanted, &caller_scopes).is_none()
    };
    let approval = Approval::new(ApprovedVia::Owner).admitted_if(&within_caller);
    let approved = store.approve(&p.request_id, &approval, now).map_err(store_error)?;
    tracing::info!(device = %approved.device.device_id, "device pairing approved");
    state.registry.broadcast(
        "device.pair.resolved",
        json!({"requestId": p.request_id, "deviceId": approved.device.device_id, "decision": "approved", "ts": now}),
        true,
    );
    Ok(json!({"requestId": p.request_id, "device": redact_paired(&approved.device)}))
}

pub fn reject(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: DevicePairRejectParams = params("device.pair.reject", raw)?;
    let now = state.now_ms();
    let rejected = DeviceStore::new(&state.state_dir).reject(&p.request_id, now).map_err(store_error)?;
    state.registry.broadcast(
        "device.pair.resolved",
        json!({"requestId": rejected.request_id, "deviceId": rejected.device_id, "decision": "rejected", "ts": now}),
        true,
    );
    Ok(json!({"requestId": rejected.request_id, "deviceId": rejected.device_id}))
}

pub fn remove(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: DevicePairRemoveParams = params("device.pair.remove", raw)?;
    let removed = DeviceStore::new(&state.state_dir).remove(&p.device_id, state.now_ms()).map_err(store_error)?;
    tracing::info!(device = %removed, "device pairing removed");
    Ok(json!({"deviceId": removed}))
}

pub fn rotate(state: &Arc<GatewayState>, session: &Session, raw: Option<Value>) -> MethodResult {
    let p: DeviceTokenRotateParams = params("device.token.rotate", raw)?;
    if let Some(wanted) = &p.scopes
        && let Some(scope) = openclaw_policy::gateway::methods::missing_scope("operator", wanted, &session.scopes)
    {
        return Err(invalid(format!("missing scope: {scope}")));
    }
    let token = DeviceStore::new(&state.state_dir)
        .rotate_token(&p.device_id, &p.role, p.scopes.as_deref(), &PolicyScopes, state.now_ms())
        .map_err(store_error)?;
    tracing::info!(device = %p.device_id, role = %token.role, "device token rotated");
    Ok(json!({
        "deviceId": p.device_id,
        "role": token.role,
        "token": token.token,
        "scopes": token.scopes,
        "rotatedAtMs": token.rotated_at_ms.unwrap_or(token.created_at_ms),
    }))
}

pub fn revoke(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: DeviceTokenRevokeParams = params("device.token.revoke", raw)?;
    let token =
        DeviceStore::new(&state.state_dir).revoke_token(&p.device_id, &p.role, state.now_ms()).map_err(store_error)?;
    tracing::info!(device = %p.device_id, role = %token.role, "device token revoked");
    Ok(json!({"deviceId": p.device_id, "role": token.role, "revokedAtMs": token.revoked_at_ms}))
}
