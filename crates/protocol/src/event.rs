//! Event names and the payloads of the events the handshake and keep-alive depend on.
//!
//! The names are constants so the gateway, the method catalogue in `openclaw-policy` and the
//! clients cannot drift apart by a typo. Payloads the gateway sends are plain `Serialize`
//! structs; reading them back is lenient, since clients must tolerate newer servers.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub const CONNECT_CHALLENGE: &str = "connect.challenge";
pub const AGENT: &str = "agent";
pub const CHAT: &str = "chat";
pub const PRESENCE: &str = "presence";
pub const TICK: &str = "tick";
pub const TALK_MODE: &str = "talk.mode";
pub const SHUTDOWN: &str = "shutdown";
pub const HEALTH: &str = "health";
pub const HEARTBEAT: &str = "heartbeat";
pub const CRON: &str = "cron";
pub const NODE_PAIR_REQUESTED: &str = "node.pair.requested";
pub const NODE_PAIR_RESOLVED: &str = "node.pair.resolved";
pub const NODE_INVOKE_REQUEST: &str = "node.invoke.request";
pub const DEVICE_PAIR_REQUESTED: &str = "device.pair.requested";
pub const DEVICE_PAIR_RESOLVED: &str = "device.pair.resolved";
pub const VOICEWAKE_CHANGED: &str = "voicewake.changed";
pub const EXEC_APPROVAL_REQUESTED: &str = "exec.approval.requested";
pub const EXEC_APPROVAL_RESOLVED: &str = "exec.approval.resolved";
pub const UPDATE_AVAILABLE: &str = "update.available";

/// Sent the moment a socket opens; a device proof must sign `nonce` back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectChallengeEvent {
    pub nonce: String,
    pub ts: i64,
}

/// Sent before the gateway closes every socket on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShutdownEvent {
    pub reason: String,
    /// How soon the gateway expects to be back, when it is restarting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_expected_ms: Option<i64>,
}

/// The keep-alive, every `TICK_INTERVAL_MS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickEvent {
    pub ts: i64,
}

/// Broadcast to `operator.pairing` holders when a device asks to pair or upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicePairRequestedEvent {
    pub request_id: String,
    pub device_id: String,
    pub public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_repair: Option<bool>,
    pub ts: i64,
}

/// Broadcast to `operator.pairing` holders when a pairing request is decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicePairResolvedEvent {
    pub request_id: String,
    pub device_id: String,
    /// `approved` or `rejected`.
    pub decision: String,
    pub ts: i64,
}
