//! `hello-ok`: the payload of a successful `connect`, and the protocol's limits.
//!
//! The gateway builds it; clients read it. Reading is lenient (unknown keys are ignored)
//! because a client of ours may meet a newer gateway whose hello carries more than protocol 3
//! defines, and nothing in the hello is a command whose omission could weaken a check.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, read};

/// The protocol version this crate speaks; `connect` must include it in its range.
pub const PROTOCOL_VERSION: i64 = 3;
/// Largest WebSocket message the gateway accepts (25 MiB).
pub const MAX_PAYLOAD_BYTES: usize = 25 * 1024 * 1024;
/// Bytes queued to one connection beyond which it is a slow consumer (50 MiB).
pub const MAX_BUFFERED_BYTES: usize = 50 * 1024 * 1024;
/// How often the gateway sends `tick`.
pub const TICK_INTERVAL_MS: u64 = 30_000;
/// How long a socket may take from open to a successful `connect`.
pub const HANDSHAKE_TIMEOUT_MS: u64 = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelloOk {
    /// Always `"hello-ok"`.
    #[serde(rename = "type")]
    pub kind: HelloOkType,
    pub protocol: i64,
    pub server: ServerInfo,
    pub features: Features,
    pub snapshot: Snapshot,
    /// For `role: node`: the capability-scoped canvas URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canvas_host_url: Option<String>,
    /// Present when a device token was issued or rotated on this connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<HelloAuth>,
    pub policy: HelloPolicy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelloOkType {
    #[default]
    #[serde(rename = "hello-ok")]
    HelloOk,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    pub version: String,
    pub conn_id: String,
}

/// What this gateway can do: the method names it answers and the events it may send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features {
    pub methods: Vec<String>,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub presence: Vec<PresenceEntry>,
    /// The health snapshot; its shape belongs to the `health` method.
    pub health: Value,
    pub state_version: StateVersion,
    pub uptime_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_defaults: Option<SessionDefaults>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_mode: Option<AuthMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_available: Option<UpdateAvailable>,
}

/// One client, node or host the gateway currently sees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresenceEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_input_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub ts: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

/// Counters that let a client tell whether its presence/health copy is stale. Strict on input
/// because it also rides inside event frames, whose schema is closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateVersion {
    pub presence: i64,
    pub health: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionDefaults {
    pub default_agent_id: String,
    pub main_key: String,
    pub main_session_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    None,
    Token,
    Password,
    TrustedProxy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateAvailable {
    pub current_version: String,
    pub latest_version: String,
    pub channel: String,
}

/// A device token handed to the client; it is a secret, so `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelloAuth {
    pub device_token: String,
    pub role: String,
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at_ms: Option<i64>,
}

impl std::fmt::Debug for HelloAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HelloAuth")
            .field("device_token", &"<redacted>")
            .field("role", &self.role)
            .field("scopes", &self.scopes)
            .field("issued_at_ms", &self.issued_at_ms)
            .finish()
    }
}

/// The limits the gateway enforces, told to the client so it can respect them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelloPolicy {
    pub max_payload: u64,
    pub max_buffered_bytes: u64,
    pub tick_interval_ms: u64,
}

impl Default for HelloPolicy {
    fn default() -> Self {
        Self {
            max_payload: MAX_PAYLOAD_BYTES as u64,
            max_buffered_bytes: MAX_BUFFERED_BYTES as u64,
            tick_interval_ms: TICK_INTERVAL_MS,
        }
    }
}

impl Decode for StateVersion {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["presence", "health"])?;
        Ok(Self {
            presence: fields.req("presence", read::int(0, None))?,
            health: fields.req("health", read::int(0, None))?,
        })
    }
}

crate::decode::deserialize_via_decode!(StateVersion, "stateVersion");
