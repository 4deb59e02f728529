//! The records of `devices/pending.json` and `devices/paired.json`, field for field as OpenClaw writes
//! them (camelCase, absent rather than `null` when unset, keys in OpenClaw's order), plus the values
//! callers pass in and get back.
//!
//! Every record keeps the fields it does not know in `extra` and writes them back, so data a newer
//! OpenClaw added (`nodeSurface`, …) survives our rewrites.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::scope_list::{RoleItem, merge_roles};

/// A device asking to be paired (or to widen its pairing), waiting for an operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRequest {
    pub request_id: String,
    pub device_id: String,
    /// As the device sent it: raw key in base64url (PEM from old clients).
    pub public_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_ip: Option<String>,
    /// Set when the request came from a client the gateway may approve without asking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silent: Option<bool>,
    /// The device was already paired: this request changes an existing pairing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_repair: Option<bool>,
    /// When the request was created (ms since the epoch).
    pub ts: i64,
    /// When the same device last asked again; expiry counts from here if set. Internal: OpenClaw
    /// leaves it out of what it returns to clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refreshed_at_ms: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An approved device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedDevice {
    pub device_id: String,
    pub public_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The scope baseline the operator approved; tokens are never issued beyond it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_ip: Option<String>,
    /// One token per role, keyed by role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<BTreeMap<String, DeviceToken>>,
    /// How the latest approval happened (`owner`, `silent`, `trusted-proxy`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_via: Option<String>,
    /// A name the operator gave the device, which the device's own `displayName` never overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_label: Option<String>,
    pub created_at_ms: i64,
    pub approved_at_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A bearer token issued to a paired device for one role. `Debug` never prints the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceToken {
    pub token: String,
    pub role: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Who the token was issued under (OpenClaw 2026.9 binds browser tokens to a shared-auth
    /// generation); carried along unchanged, judged by the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Value>,
    #[serde(default)]
    pub created_at_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotated_at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at_ms: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceToken")
            .field("token", &"<redacted>")
            .field("role", &self.role)
            .field("scopes", &self.scopes)
            .field("issuer", &self.issuer)
            .field("created_at_ms", &self.created_at_ms)
            .field("rotated_at_ms", &self.rotated_at_ms)
            .field("revoked_at_ms", &self.revoked_at_ms)
            .field("last_used_at_ms", &self.last_used_at_ms)
            .finish_non_exhaustive()
    }
}

impl DeviceToken {
    /// JavaScript truthiness: OpenClaw treats a `revokedAtMs` of 0 as not revoked.
    pub fn is_revoked(&self) -> bool {
        self.revoked_at_ms.is_some_and(|at| at != 0)
    }
}

impl PendingRequest {
    /// `roles` and `role` together, trimmed and deduplicated.
    pub fn requested_roles(&self) -> Vec<String> {
        merge_roles([RoleItem::Many(self.roles.as_ref()), RoleItem::One(self.role.as_ref())]).unwrap_or_default()
    }

    /// When the request expires if nobody resolves it.
    pub fn expires_at_ms(&self) -> i64 {
        self.refreshed_at_ms.unwrap_or(self.ts).saturating_add(super::PENDING_TTL_MS)
    }
}

impl PairedDevice {
    /// The roles an operator approved (`roles` and `role`), whether or not a live token exists.
    pub fn approved_roles(&self) -> Vec<String> {
        merge_roles([RoleItem::Many(self.roles.as_ref()), RoleItem::One(self.role.as_ref())]).unwrap_or_default()
    }

    /// The scopes tokens may be issued for: `approvedScopes`, or `scopes` in files that predate it.
    pub fn scope_baseline(&self) -> Option<&Vec<String>> {
        self.approved_scopes.as_ref().or(self.scopes.as_ref())
    }

    pub fn token(&self, role: &str) -> Option<&DeviceToken> {
        self.tokens.as_ref().and_then(|tokens| tokens.get(role))
    }

    /// What identifies the current node pairing generation (OpenClaw hashes the same facts). Runtime
    /// facts a node reported (`nodeSurface.bins`, `nodeSurface.sessionHost`) belong to one generation.
    pub(crate) fn node_generation(&self) -> Option<[Value; 6]> {
        let surface = self.extra.get("nodeSurface")?.as_object()?;
        let token = self.token(NODE_ROLE)?;
        let active = self
            .tokens
            .iter()
            .flat_map(|tokens| tokens.values())
            .any(|entry| entry.role == NODE_ROLE && !entry.is_revoked());
        if !active || !self.approved_roles().iter().any(|role| role == NODE_ROLE) {
            return None;
        }
        let field = |key: &str| surface.get(key).cloned().unwrap_or(Value::Null);
        Some([
            Value::from(self.public_key.as_str()),
            Value::from(self.created_at_ms),
            Value::from(token.token.as_str()),
            token.revoked_at_ms.map_or(Value::Null, Value::from),
            field("createdAtMs"),
            field("approvedAtMs"),
        ])
    }

    /// Drops the node runtime facts when the pairing generation changed since `previous`.
    pub(crate) fn forget_stale_node_facts(&mut self, previous: Option<[Value; 6]>) {
        if previous == self.node_generation() {
            return;
        }
        if let Some(Value::Object(surface)) = self.extra.get_mut("nodeSurface") {
            surface.shift_remove("bins");
            surface.shift_remove("sessionHost");
        }
    }
}

const NODE_ROLE: &str = "node";

/// What a device sent when it asked to pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairingRequest {
    pub device_id: String,
    pub public_key: String,
    pub display_name: Option<String>,
    pub platform: Option<String>,
    pub device_family: Option<String>,
    pub client_id: Option<String>,
    pub client_mode: Option<String>,
    pub browser_origin: Option<String>,
    pub role: Option<String>,
    pub roles: Option<Vec<String>>,
    pub scopes: Option<Vec<String>>,
    pub remote_ip: Option<String>,
    /// The gateway judged the client local and may approve without asking.
    pub silent: bool,
}

/// How an approval happened; recorded as `approvedVia`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovedVia {
    /// An operator approved it.
    Owner,
    /// A local client, approved without asking.
    Silent,
    TrustedCidr,
    TrustedProxy,
    SshVerified,
    Bootstrap,
}

impl ApprovedVia {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Silent => "silent",
            Self::TrustedCidr => "trusted-cidr",
            Self::TrustedProxy => "trusted-proxy",
            Self::SshVerified => "ssh-verified",
            Self::Bootstrap => "bootstrap",
        }
    }
}

/// Facts about the approving connection that override what the pending request recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessMetadata {
    pub display_name: Option<String>,
    pub remote_ip: Option<String>,
    pub last_seen_at_ms: Option<i64>,
    pub last_seen_reason: Option<String>,
}

/// Re-checked under the store's lock against the request and device as stored, so a decision the
/// caller made on an earlier read cannot be applied to a request that changed since.
pub type AdmitFn<'a> = dyn Fn(&PendingRequest, Option<&PairedDevice>) -> bool + 'a;

/// How to approve a request.
#[derive(Clone, Copy)]
pub struct Approval<'a> {
    pub via: ApprovedVia,
    pub access: Option<&'a AccessMetadata>,
    /// `false` refuses the approval with [`StoreError::ApprovalRefused`](crate::StoreError).
    pub is_current: Option<&'a AdmitFn<'a>>,
}

impl fmt::Debug for Approval<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Approval")
            .field("via", &self.via)
            .field("access", &self.access)
            .field("is_current", &self.is_current.map(|_| "<fn>"))
            .finish()
    }
}

impl<'a> Approval<'a> {
    pub fn new(via: ApprovedVia) -> Self {
        Self { via, access: None, is_current: None }
    }

    pub fn with_access(self, access: &'a AccessMetadata) -> Self {
        Self { access: Some(access), ..self }
    }

    pub fn admitted_if(self, is_current: &'a AdmitFn<'a>) -> Self {
        Self { is_current: Some(is_current), ..self }
    }
}

/// Result of [`DeviceStore::request_pairing`](super::DeviceStore::request_pairing).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestOutcome {
    pub request: PendingRequest,
    /// A new request id was created (otherwise an equivalent pending request was refreshed).
    pub created: bool,
    pub expires_at_ms: i64,
    /// Earlier requests of the same device that the new one replaced; clients waiting on them should
    /// be told they were resolved.
    pub superseded: Vec<SupersededRequest>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupersededRequest {
    pub request_id: String,
    pub device_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Approved {
    pub request_id: String,
    pub device: PairedDevice,
    /// The device was paired before under another public key (a reinstall); registrations tied to the
    /// old installation (push tokens) are stale.
    pub public_key_changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub request_id: String,
    pub device_id: String,
}

/// Both files, newest first: pending by `ts`, paired by `approvedAtMs`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceList {
    pub pending: Vec<PendingRequest>,
    pub paired: Vec<PairedDevice>,
}

/// Result of [`DeviceStore::auto_approve`](super::DeviceStore::auto_approve).
#[derive(Debug, Clone, PartialEq)]
pub enum PairingOutcome {
    Approved(Approved),
    /// Not approved: an interactive request for the device is already waiting (so the operator
    /// decides), or the admission check refused.
    Pending(RequestOutcome),
}
