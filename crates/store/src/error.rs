//! The crate's one error type. Every variant that concerns a file names it, and every variant that
//! concerns a record names its id, because the operator reading the message needs to know which
//! file to inspect or which device/request the command referred to.

use std::io;
use std::path::{Path, PathBuf};

use openclaw_durable::DurableError;

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Durable(#[from] DurableError),
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("invalid agent id {id:?}: {reason}")]
    InvalidAgentId { id: String, reason: &'static str },
    /// A state file exists but is not JSON. Never treated as empty: rewriting it would drop
    /// whatever it held (approved devices, tokens).
    #[error("invalid JSON in {}: {source}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// A state file is JSON but not in the shape OpenClaw writes.
    #[error("unexpected content in {}: {reason}", path.display())]
    InvalidFile { path: PathBuf, reason: String },
    /// `identity/device.json` exists but cannot be used; it is never replaced silently, because a new
    /// key would orphan every pairing made with the old one.
    #[error("unusable device identity {}: {reason} (move the file aside to create a new identity)", path.display())]
    InvalidIdentity { path: PathBuf, reason: String },
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error("deviceId required")]
    DeviceIdRequired,
    #[error("unknown pairing request {request_id:?} (it may have expired or been resolved)")]
    UnknownPairingRequest { request_id: String },
    #[error("unknown device {device_id:?}")]
    UnknownDevice { device_id: String },
    /// The device is paired but was never approved for this role (or the role is blank).
    #[error("device {device_id:?} is not approved for role {role:?}")]
    UnknownDeviceRole { device_id: String, role: String },
    /// A pending request asks for a scope none of its roles owns (`operator.*` belongs to
    /// `operator`, everything else to the other roles).
    #[error("pairing request {request_id:?}: invalid scope for requested roles: {scope}")]
    ScopeOutsideRequestedRoles { request_id: String, scope: String },
    /// The device's approval recorded no scope list, so nothing can be issued against it.
    #[error("device {device_id:?} has no approved scope baseline")]
    NoApprovedScopes { device_id: String },
    #[error("device {device_id:?} role {role:?}: scope {scope:?} is outside the approved scopes")]
    ScopeNotApproved { device_id: String, role: String, scope: String },
    /// The caller's admission check, re-run under the lock against the stored request, said no.
    #[error("pairing request {request_id:?}: approval no longer admitted")]
    ApprovalRefused { request_id: String },
    /// A channel or account id that cannot name a `credentials/` file (blank, or nothing left after
    /// the unsafe characters were replaced), with OpenClaw's wording.
    #[error("invalid pairing {what} {raw:?}")]
    InvalidPairingKey { what: &'static str, raw: String },
    /// Session ids name transcript files, so anything but OpenClaw's safe pattern is refused.
    #[error("invalid session id {id:?}")]
    InvalidSessionId { id: String },
    #[error("invalid session key {key:?}: {reason}")]
    InvalidSessionKey { key: String, reason: &'static str },
    /// The caller handed the transcript something that is not an entry; nothing was written.
    #[error("cannot append to {}: {reason}", path.display())]
    InvalidTranscriptEntry { path: PathBuf, reason: &'static str },
}

impl StoreError {
    pub(crate) fn io(op: &'static str, path: &Path, source: io::Error) -> Self {
        Self::Io { op, path: path.to_path_buf(), source }
    }

    pub(crate) fn invalid_file(path: &Path, reason: impl Into<String>) -> Self {
        Self::InvalidFile { path: path.to_path_buf(), reason: reason.into() }
    }
}
