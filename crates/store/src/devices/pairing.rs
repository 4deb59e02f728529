//! Pairing requests and their approval, as changes to a loaded [`PairingState`]. The rules follow
//! OpenClaw 2026.9: a request id's roles and scopes never grow after it was created (a wider request
//! gets a new id and supersedes the old one), so an operator approves exactly what they were shown;
//! approval mints one token per requested role, with scopes drawn only from the request and from
//! what the device was approved for before.

use std::collections::BTreeMap;

use super::records::{
    Approval, Approved, ApprovedVia, DeviceToken, PairedDevice, PairingRequest, PendingRequest, RequestOutcome,
    SupersededRequest,
};
use super::state::PairingState;
use super::tokens::mint;
use crate::entropy::new_uuid;
use crate::scope_list::{
    RoleItem, ScopeRules, merge_roles, merge_scopes, normalize_role, normalized_sorted, same_set, scopes_for_role,
};
use crate::{Result, StoreError};

pub(super) fn request(
    state: &mut PairingState,
    incoming: &PairingRequest,
    rules: &dyn ScopeRules,
    now_ms: i64,
) -> Result<RequestOutcome> {
    let device_id = incoming.device_id.trim();
    if device_id.is_empty() {
        return Err(StoreError::DeviceIdRequired);
    }
    let is_repair = state.device(device_id).is_some();
    let mut existing: Vec<PendingRequest> =
        state.pending_requests().into_iter().filter(|pending| pending.device_id == device_id).collect();
    existing.sort_by_key(|pending| std::cmp::Reverse(pending.ts));

    if let [only] = existing.as_slice()
        && (same_approval(only, incoming) || covers(only, incoming, rules))
    {
        let refreshed = refresh(only, incoming, is_repair, now_ms);
        state.put_pending(&refreshed)?;
        return Ok(RequestOutcome {
            expires_at_ms: refreshed.expires_at_ms(),
            request: refreshed,
            created: false,
            superseded: Vec::new(),
        });
    }

    for pending in &existing {
        state.remove_pending(&pending.request_id);
    }
    let role = normalize_role(incoming.role.as_deref())
        .or_else(|| existing.first().and_then(|latest| normalize_role(latest.role.as_deref())));
    let asked_roles = existing
        .iter()
        .flat_map(|pending| [RoleItem::Many(pending.roles.as_ref()), RoleItem::One(pending.role.as_ref())])
        .chain([RoleItem::Many(incoming.roles.as_ref()), RoleItem::One(incoming.role.as_ref())]);
    let merged_roles = merge_roles(asked_roles);
    let scopes = merge_scopes(existing.iter().map(|pending| pending.scopes.as_ref()).chain([incoming.scopes.as_ref()]));
    let request = PendingRequest {
        request_id: new_uuid()?,
        device_id: device_id.to_owned(),
        public_key: incoming.public_key.clone(),
        display_name: incoming.display_name.clone(),
        platform: incoming.platform.clone(),
        device_family: incoming.device_family.clone(),
        client_id: incoming.client_id.clone(),
        client_mode: incoming.client_mode.clone(),
        browser_origin: incoming.browser_origin.clone(),
        roles: merge_roles([RoleItem::Many(merged_roles.as_ref()), RoleItem::One(role.as_ref())]),
        role,
        scopes,
        remote_ip: incoming.remote_ip.clone(),
        // One interactive request among those replaced keeps the replacement visible to operators.
        silent: Some(incoming.silent && existing.iter().all(|pending| pending.silent == Some(true))),
        is_repair: Some(is_repair),
        ts: now_ms,
        refreshed_at_ms: None,
        extra: Default::default(),
    };
    state.put_pending(&request)?;
    let superseded = existing
        .into_iter()
        .map(|pending| SupersededRequest { request_id: pending.request_id, device_id: pending.device_id })
        .collect();
    Ok(RequestOutcome { expires_at_ms: request.expires_at_ms(), request, created: true, superseded })
}

/// Same key, origin, role, roles and scopes as the waiting request.
fn same_approval(existing: &PendingRequest, incoming: &PairingRequest) -> bool {
    same_subject(existing, incoming)
        && same_set(&existing.requested_roles(), &incoming_roles(incoming))
        && same_set(
            &normalized_sorted(existing.scopes.as_deref().unwrap_or_default()),
            &normalized_sorted(incoming.scopes.as_deref().unwrap_or_default()),
        )
}

/// Everything `incoming` asks for is already asked by the waiting request.
fn covers(existing: &PendingRequest, incoming: &PairingRequest, rules: &dyn ScopeRules) -> bool {
    let roles = incoming_roles(incoming);
    let existing_roles = existing.requested_roles();
    let existing_scopes = normalized_sorted(existing.scopes.as_deref().unwrap_or_default());
    same_subject(existing, incoming)
        && roles.iter().all(|role| existing_roles.contains(role))
        && normalized_sorted(incoming.scopes.as_deref().unwrap_or_default())
            .into_iter()
            .all(|scope| roles.iter().any(|role| rules.allows(role, std::slice::from_ref(&scope), &existing_scopes)))
}

fn same_subject(existing: &PendingRequest, incoming: &PairingRequest) -> bool {
    existing.public_key == incoming.public_key
        && existing.browser_origin == incoming.browser_origin
        && normalize_role(existing.role.as_deref()) == normalize_role(incoming.role.as_deref())
}

fn incoming_roles(incoming: &PairingRequest) -> Vec<String> {
    merge_roles([RoleItem::Many(incoming.roles.as_ref()), RoleItem::One(incoming.role.as_ref())]).unwrap_or_default()
}

/// The waiting request with the device's latest metadata; roles, scopes, origin and creation time
/// stay, and expiry restarts from now.
fn refresh(existing: &PendingRequest, incoming: &PairingRequest, is_repair: bool, now_ms: i64) -> PendingRequest {
    let newer = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
    PendingRequest {
        public_key: incoming.public_key.clone(),
        display_name: newer(&incoming.display_name, &existing.display_name),
        platform: newer(&incoming.platform, &existing.platform),
        device_family: newer(&incoming.device_family, &existing.device_family),
        client_id: newer(&incoming.client_id, &existing.client_id),
        client_mode: newer(&incoming.client_mode, &existing.client_mode),
        remote_ip: newer(&incoming.remote_ip, &existing.remote_ip),
        silent: Some(existing.silent == Some(true) && incoming.silent),
        is_repair: Some(existing.is_repair == Some(true) || is_repair),
        refreshed_at_ms: Some(now_ms),
        ..existing.clone()
    }
}

pub(super) fn approve(
    state: &mut PairingState,
    request_id: &str,
    approval: &Approval<'_>,
    now_ms: i64,
) -> Result<Approved> {
    let pending = state
        .pending(request_id)
        .ok_or_else(|| StoreError::UnknownPairingRequest { request_id: request_id.to_owned() })?;
    let existing = state.device(&pending.device_id);
    if let Some(is_current) = approval.is_current
        && !is_current(&pending, existing.as_ref())
    {
        return Err(StoreError::ApprovalRefused { request_id: request_id.to_owned() });
    }
    let requested_roles = pending.requested_roles();
    let requested_scopes = normalized_sorted(pending.scopes.as_deref().unwrap_or_default());
    if let Some(scope) =
        requested_scopes.iter().find(|scope| !requested_roles.iter().any(|role| scope.starts_with(&format!("{role}."))))
    {
        return Err(StoreError::ScopeOutsideRequestedRoles { request_id: request_id.to_owned(), scope: scope.clone() });
    }

    let before = existing.as_ref();
    let roles = merge_roles([
        RoleItem::Many(before.and_then(|device| device.roles.as_ref())),
        RoleItem::One(before.and_then(|device| device.role.as_ref())),
        RoleItem::Many(pending.roles.as_ref()),
        RoleItem::One(pending.role.as_ref()),
    ]);
    let approved_scopes = merge_scopes([before.and_then(PairedDevice::scope_baseline), pending.scopes.as_ref()]);
    let mut tokens: BTreeMap<String, DeviceToken> = before.and_then(|device| device.tokens.clone()).unwrap_or_default();
    for role in &requested_roles {
        let old = tokens.get(role);
        let scopes = token_scopes(role, &pending, old, approved_scopes.as_ref(), before);
        let token = mint(role, scopes, old, old.and_then(|old| old.issuer.clone()), now_ms, old.map(|_| now_ms))?;
        tokens.insert(role.clone(), token);
    }

    let access = approval.access.cloned().unwrap_or_default();
    let mut device = PairedDevice {
        device_id: pending.device_id.clone(),
        public_key: pending.public_key.clone(),
        display_name: access.display_name.or_else(|| pending.display_name.clone()),
        platform: pending.platform.clone(),
        device_family: pending.device_family.clone(),
        client_id: pending.client_id.clone(),
        client_mode: pending.client_mode.clone(),
        browser_origin: pending.browser_origin.clone(),
        role: pending.role.clone(),
        roles,
        scopes: approved_scopes.clone(),
        approved_scopes,
        remote_ip: access.remote_ip.or_else(|| pending.remote_ip.clone()),
        tokens: Some(tokens),
        approved_via: merged_approval_kind(before, approval.via),
        operator_label: before.and_then(|device| device.operator_label.clone()),
        created_at_ms: before.map_or(now_ms, |device| device.created_at_ms),
        approved_at_ms: now_ms,
        last_seen_at_ms: access.last_seen_at_ms.or_else(|| before.and_then(|device| device.last_seen_at_ms)),
        last_seen_reason: access.last_seen_reason.or_else(|| before.and_then(|device| device.last_seen_reason.clone())),
        // Node surfaces and whatever a newer OpenClaw recorded stay with the device.
        extra: before.map(|device| device.extra.clone()).unwrap_or_default(),
    };
    device.forget_stale_node_facts(before.and_then(PairedDevice::node_generation));
    let public_key_changed = before.is_some_and(|old| old.public_key != device.public_key);

    state.remove_pending(request_id);
    state.put_device(&device)?;
    Ok(Approved { request_id: request_id.to_owned(), device, public_key_changed })
}

/// Scopes of the new token for `role`. With scopes requested for the role: the old token's scopes
/// plus what the request adds beyond the approved baseline (or exactly the old token's scopes when
/// it adds nothing). Without: the old token's scopes, else the approved baseline for the role.
fn token_scopes(
    role: &str,
    pending: &PendingRequest,
    old_token: Option<&DeviceToken>,
    approved_scopes: Option<&Vec<String>>,
    before: Option<&PairedDevice>,
) -> Vec<String> {
    let asked = scopes_for_role(role, pending.scopes.as_ref());
    if asked.is_empty() {
        let fallback = old_token
            .map(|token| &token.scopes)
            .or(approved_scopes)
            .or_else(|| before.and_then(PairedDevice::scope_baseline));
        return scopes_for_role(role, fallback);
    }
    let baseline = scopes_for_role(role, before.and_then(PairedDevice::scope_baseline));
    let added: Vec<String> = match old_token {
        Some(_) if !baseline.is_empty() => asked.into_iter().filter(|scope| !baseline.contains(scope)).collect(),
        _ => asked,
    };
    match old_token {
        Some(token) if added.is_empty() => scopes_for_role(role, Some(&token.scopes)),
        _ => scopes_for_role(role, merge_scopes([old_token.map(|token| &token.scopes), Some(&added)]).as_ref()),
    }
}

/// `approvedVia` after this approval: an operator's approval always counts; an earlier operator or
/// bootstrap approval is not downgraded by a later automatic one; a device paired before
/// `approvedVia` existed only gains it through bootstrap.
fn merged_approval_kind(before: Option<&PairedDevice>, incoming: ApprovedVia) -> Option<String> {
    let Some(before) = before else {
        return Some(incoming.as_str().to_owned());
    };
    if incoming == ApprovedVia::Owner {
        return Some(incoming.as_str().to_owned());
    }
    match before.approved_via.as_deref() {
        None => (incoming == ApprovedVia::Bootstrap).then(|| incoming.as_str().to_owned()),
        Some(kind @ ("owner" | "bootstrap")) => Some(kind.to_owned()),
        Some(_) => Some(incoming.as_str().to_owned()),
    }
}
