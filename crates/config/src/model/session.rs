//! `session.*`: how inbound conversations map onto sessions.
//!
//! The security-relevant part is `dmScope`: with the default `main`, every DM sender shares one
//! session (one context), so a second person who can DM the bot reads the first one's history.
//! Source: `src/config/zod-schema.session.ts`, `src/routing/session-key.ts`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

/// `session.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionConfig {
    /// How DMs are split into sessions (default `main`: all DMs share one).
    pub dm_scope: Option<DmScope>,
    /// Canonical identity → `["<channel>:<peerId>" | "<peerId>", …]`; collapses one person's
    /// DMs on several channels into one session (ignored for `dmScope: "main"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub identity_links: BTreeMap<String, Vec<String>>,
    /// Key of the shared main session (default `main`).
    pub main_key: Option<String>,
    /// When sessions start afresh.
    pub reset: Option<SessionResetConfig>,
    /// Per chat type overrides of `reset`.
    pub reset_by_type: Option<SessionResetByTypeConfig>,
    /// Per channel overrides of `reset`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reset_by_channel: BTreeMap<String, SessionResetConfig>,
    /// Messages that reset the session (default `/new`, `/reset`).
    pub reset_triggers: Option<Vec<String>>,
    /// Legacy idle reset in minutes (prefer `reset.idleMinutes`).
    pub idle_minutes: Option<u64>,
    /// Which sessions may send outbound messages.
    pub send_policy: Option<SendPolicyConfig>,
    /// Pruning and rotation of the session store on disk.
    pub maintenance: Option<SessionMaintenanceConfig>,
}

/// `session.dmScope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DmScope {
    /// All DMs in the agent's main session (continuity, no isolation between senders).
    #[serde(rename = "main")]
    Main,
    /// One session per sender, shared across channels.
    #[serde(rename = "per-peer")]
    PerPeer,
    /// One session per channel + sender (recommended when several people can DM).
    #[serde(rename = "per-channel-peer")]
    PerChannelPeer,
    /// One session per channel + account + sender (multi-account channels).
    #[serde(rename = "per-account-channel-peer")]
    PerAccountChannelPeer,
}

/// `session.reset` and its per-type/per-channel overrides.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionResetConfig {
    pub mode: Option<SessionResetMode>,
    /// Local hour (0–23) of the daily reset (default 4).
    pub at_hour: Option<u32>,
    pub idle_minutes: Option<u64>,
}

/// `session.reset.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionResetMode {
    Daily,
    Idle,
}

/// `session.resetByType.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResetByTypeConfig {
    pub direct: Option<SessionResetConfig>,
    /// Deprecated spelling of `direct`.
    pub dm: Option<SessionResetConfig>,
    pub group: Option<SessionResetConfig>,
    pub thread: Option<SessionResetConfig>,
}

/// `session.sendPolicy`: ordered allow/deny rules for outbound sends.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendPolicyConfig {
    /// Applies when no rule matches (default `allow`).
    pub default: Option<PolicyAction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<SendPolicyRuleConfig>,
}

/// `allow` / `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyAction {
    Allow,
    Deny,
}

/// One `session.sendPolicy.rules[]` entry.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendPolicyRuleConfig {
    pub action: Option<PolicyAction>,
    #[serde(rename = "match")]
    pub matcher: Option<SendPolicyMatchConfig>,
}

/// `session.sendPolicy.rules[].match`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendPolicyMatchConfig {
    pub channel: Option<String>,
    pub chat_type: Option<ChatType>,
    pub key_prefix: Option<String>,
    pub raw_key_prefix: Option<String>,
}

/// Kind of conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatType {
    Direct,
    Group,
    Channel,
    /// Deprecated spelling of `direct`.
    Dm,
}

/// `session.maintenance.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionMaintenanceConfig {
    /// `enforce` prunes, `warn` only reports (default `warn`).
    pub mode: Option<MaintenanceMode>,
    /// Duration (`"30d"`, or a number of days).
    pub prune_after: Option<Quantity>,
    pub max_entries: Option<u64>,
    /// Size (`"10mb"`, or a number of bytes).
    pub rotate_bytes: Option<Quantity>,
    /// Duration, or `false` to keep reset archives forever.
    pub reset_archive_retention: Option<Quantity>,
    pub max_disk_bytes: Option<Quantity>,
    pub high_water_bytes: Option<Quantity>,
}

/// `session.maintenance.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MaintenanceMode {
    Enforce,
    Warn,
}

/// A duration or size written as text (`"30d"`, `"10mb"`), a bare number, or `false` (off).
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    Text(String),
    Number(f64),
    Off,
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Number(number) => serializer.serialize_f64(*number),
            Self::Off => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;

        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration/size string, a number, or false")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Quantity, E> {
                Ok(Quantity::Text(value.to_owned()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Quantity, E> {
                Ok(Quantity::Number(value as f64))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Quantity, E> {
                Ok(Quantity::Number(value as f64))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Quantity, E> {
                Ok(Quantity::Number(value))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Quantity, E> {
                if value { Err(E::invalid_value(de::Unexpected::Bool(true), &self)) } else { Ok(Quantity::Off) }
            }
        }

        deserializer.deserialize_any(QuantityVisitor)
    }
}
