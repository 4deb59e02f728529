//! `channels.*`: who may reach the bot on each messaging channel, and the channel credentials.
//!
//! Every channel shares the same access keys (DM policy + allowlist, group policy + allowlists,
//! per-group settings, accounts); channel-specific extras are not modelled. `channels.defaults`
//! is not a channel and is kept apart; `channels.modelByChannel` is left to the unused-key report.
//! Source: `src/config/zod-schema.providers*.ts`, `src/config/group-policy.ts`,
//! `src/security/dm-policy-shared.ts`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

use super::id_list::IdList;
use super::secret::Secret;
use super::tools::ToolPolicyConfig;

/// Key of the non-channel defaults entry under `channels`.
pub const DEFAULTS_KEY: &str = "defaults";
/// Key of the per-channel model map under `channels` (not a channel, not modelled).
pub const MODEL_BY_CHANNEL_KEY: &str = "modelByChannel";

/// `channels`: the `defaults` entry plus one entry per channel id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChannelsConfig {
    /// `channels.defaults`.
    pub defaults: Option<ChannelDefaultsConfig>,
    /// Channel id (`whatsapp`, `telegram`, extension ids…) → its settings.
    pub channels: BTreeMap<String, ChannelConfig>,
}

impl ChannelsConfig {
    pub fn get(&self, channel: &str) -> Option<&ChannelConfig> {
        self.channels.get(channel)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ChannelConfig)> {
        self.channels.iter().map(|(name, channel)| (name.as_str(), channel))
    }
}

impl Serialize for ChannelsConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.channels.len() + usize::from(self.defaults.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        if let Some(defaults) = &self.defaults {
            map.serialize_entry(DEFAULTS_KEY, defaults)?;
        }
        for (name, channel) in &self.channels {
            map.serialize_entry(name, channel)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ChannelsConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChannelsVisitor;

        impl<'de> Visitor<'de> for ChannelsVisitor {
            type Value = ChannelsConfig;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of channel settings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ChannelsConfig, A::Error> {
                let mut channels = ChannelsConfig::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        DEFAULTS_KEY => channels.defaults = Some(map.next_value()?),
                        MODEL_BY_CHANNEL_KEY => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        _ => {
                            let channel = map.next_value::<ChannelConfig>()?;
                            channels.channels.insert(key, channel);
                        }
                    }
                }
                Ok(channels)
            }
        }

        deserializer.deserialize_map(ChannelsVisitor)
    }
}

/// `channels.defaults.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDefaultsConfig {
    /// Group policy for channels that set none (else `allowlist`).
    pub group_policy: Option<GroupPolicy>,
}

/// `channels.<ch>.dmPolicy`: who may open a DM with the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DmPolicy {
    /// Unknown senders get a pairing code and are ignored until approved (default).
    Pairing,
    /// Only `allowFrom` senders; no pairing handshake.
    Allowlist,
    /// Anyone; requires `allowFrom` to contain `"*"` as an explicit opt-in.
    Open,
    /// DMs are ignored.
    Disabled,
}

impl DmPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pairing => "pairing",
            Self::Allowlist => "allowlist",
            Self::Open => "open",
            Self::Disabled => "disabled",
        }
    }
}

/// `channels.<ch>.groupPolicy`: which group messages are considered at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupPolicy {
    /// Any group, any member (last resort).
    Open,
    /// Groups are ignored.
    Disabled,
    /// Only configured groups / `groupAllowFrom` senders (default).
    Allowlist,
}

/// `channels.<ch>.chunkMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChunkMode {
    Length,
    Newline,
}

/// `channels.<ch>.dm.*`: the legacy DM block (Discord, Slack, Google Chat).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DmConfig {
    pub enabled: Option<bool>,
    /// Legacy spelling of `dmPolicy`.
    pub policy: Option<DmPolicy>,
    /// Legacy spelling of `allowFrom`.
    pub allow_from: Option<IdList>,
}

/// `channels.<ch>.groups.<id|*>` (also Slack `channels.<id>` and Discord guild channels).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupConfig {
    pub enabled: Option<bool>,
    /// Slack/Discord: whether this channel is allowed at all.
    pub allow: Option<bool>,
    /// Only answer when mentioned (default true; `*` entry supplies the fallback).
    pub require_mention: Option<bool>,
    pub group_policy: Option<GroupPolicy>,
    /// Senders allowed inside this group.
    pub allow_from: Option<IdList>,
    /// Slack/Discord spelling of per-group sender allowlist.
    pub users: Option<IdList>,
    /// Discord roles allowed.
    pub roles: Option<IdList>,
    /// Tool policy for sessions of this group.
    pub tools: Option<ToolPolicyConfig>,
    /// Tool policy per sender (`id:`, `e164:`, `username:`, `name:` prefixes, or `*`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tools_by_sender: BTreeMap<String, ToolPolicyConfig>,
}

/// `channels.discord.guilds.<id|*>`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuildConfig {
    pub slug: Option<String>,
    pub require_mention: Option<bool>,
    pub tools: Option<ToolPolicyConfig>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tools_by_sender: BTreeMap<String, ToolPolicyConfig>,
    pub users: Option<IdList>,
    pub roles: Option<IdList>,
    /// Per-channel settings inside the guild; also an allowlist when present.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<String, GroupConfig>,
}

/// `channels.<ch>.*`: one channel's access settings and credentials.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelConfig {
    pub enabled: Option<bool>,
    /// DM access policy (default `pairing`).
    pub dm_policy: Option<DmPolicy>,
    /// DM allowlist (plus pairing-store approvals, except for `allowlist`).
    pub allow_from: Option<IdList>,
    /// Legacy DM block (`dm.policy`, `dm.allowFrom`).
    pub dm: Option<DmConfig>,
    /// Group access policy (default `channels.defaults.groupPolicy`, else `allowlist`).
    pub group_policy: Option<GroupPolicy>,
    /// Senders allowed in groups; falls back to `allowFrom` when empty.
    pub group_allow_from: Option<IdList>,
    /// Group id or `*` → settings; a non-empty map is also a group allowlist.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, GroupConfig>,
    /// Discord: guild id or `*` → settings (guild allowlist).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub guilds: BTreeMap<String, GuildConfig>,
    /// Slack: channel id → settings (channel allowlist).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<String, GroupConfig>,
    /// Channel-wide mention requirement (Google Chat, Teams).
    pub require_mention: Option<bool>,
    /// Extra mention regexes for this channel.
    pub mention_patterns: Option<Vec<String>>,
    /// Let allowlists match display names, which other users can choose. Dangerous.
    pub dangerously_allow_name_matching: Option<bool>,
    /// Let chat commands edit the config (default true).
    pub config_writes: Option<bool>,
    /// Discord bot token.
    pub token: Option<Secret>,
    /// Telegram/Slack bot token.
    pub bot_token: Option<Secret>,
    /// File holding the bot token (Telegram).
    pub token_file: Option<String>,
    /// Slack app-level token (Socket Mode).
    pub app_token: Option<Secret>,
    /// Slack user token.
    pub user_token: Option<Secret>,
    /// Slack request signing secret (required for `mode: "http"`).
    pub signing_secret: Option<Secret>,
    /// Slack connection mode (`socket` | `http`).
    pub mode: Option<String>,
    /// Telegram webhook URL; requires `webhookSecret`.
    pub webhook_url: Option<String>,
    /// Secret Telegram echoes on webhook calls, so forged calls can be refused.
    pub webhook_secret: Option<Secret>,
    /// Microsoft Teams app password.
    pub app_password: Option<Secret>,
    pub history_limit: Option<u64>,
    pub dm_history_limit: Option<u64>,
    /// Outbound chunk size (default 4000).
    pub text_chunk_limit: Option<u64>,
    pub chunk_mode: Option<ChunkMode>,
    pub media_max_mb: Option<f64>,
    pub block_streaming: Option<bool>,
    /// Account id → overrides; each account is shallow-merged over the channel-level keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, ChannelAccountConfig>,
}

/// `channels.<ch>.accounts.<id>.*`: the channel keys again, each overriding the channel's.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelAccountConfig {
    pub name: Option<String>,
    pub enabled: Option<bool>,
    pub dm_policy: Option<DmPolicy>,
    pub allow_from: Option<IdList>,
    pub dm: Option<DmConfig>,
    pub group_policy: Option<GroupPolicy>,
    pub group_allow_from: Option<IdList>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, GroupConfig>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub guilds: BTreeMap<String, GuildConfig>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<String, GroupConfig>,
    pub require_mention: Option<bool>,
    pub mention_patterns: Option<Vec<String>>,
    pub dangerously_allow_name_matching: Option<bool>,
    pub config_writes: Option<bool>,
    pub token: Option<Secret>,
    pub bot_token: Option<Secret>,
    pub token_file: Option<String>,
    pub app_token: Option<Secret>,
    pub user_token: Option<Secret>,
    pub signing_secret: Option<Secret>,
    pub mode: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<Secret>,
    pub app_password: Option<Secret>,
    pub history_limit: Option<u64>,
    pub dm_history_limit: Option<u64>,
    pub text_chunk_limit: Option<u64>,
    pub chunk_mode: Option<ChunkMode>,
    pub media_max_mb: Option<f64>,
    pub block_streaming: Option<bool>,
}

/// How a channel's accounts get their DM settings when they set none. OpenClaw differs per
/// channel because of where its schema puts defaults: for most channels the account schema
/// itself defaults `dmPolicy` to `pairing` (so an account never inherits `open` from the
/// channel), Discord/Slack accounts inherit, and Google Chat has only the `dm` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountDmInheritance {
    /// `dmPolicy`/`dm.policy` and the allowlist fall back to the channel's (Discord, Slack,
    /// extension channels).
    Inherit,
    /// `dmPolicy` defaults to `pairing`; the allowlist falls back to the channel's (WhatsApp,
    /// Telegram, Signal, IRC, iMessage, BlueBubbles).
    PolicyDefaultsToPairing,
    /// The account's own `dm` block, else the channel's (Google Chat).
    DmBlockOnly,
}

impl AccountDmInheritance {
    pub fn for_channel(channel: &str) -> Self {
        match channel {
            "whatsapp" | "telegram" | "signal" | "irc" | "imessage" | "bluebubbles" => Self::PolicyDefaultsToPairing,
            "googlechat" => Self::DmBlockOnly,
            _ => Self::Inherit,
        }
    }
}

/// A DM policy with the allowlist it is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DmAccess<'a> {
    /// Explicit policy, if any (unset means `pairing`).
    pub policy: Option<DmPolicy>,
    pub allow_from: Option<&'a IdList>,
}

impl ChannelConfig {
    /// Channel-level DM settings: `dmPolicy` / `allowFrom`, else the legacy `dm` block.
    pub fn dm_access(&self) -> DmAccess<'_> {
        let dm = self.dm.as_ref();
        DmAccess {
            policy: self.dm_policy.or_else(|| dm.and_then(|d| d.policy)),
            allow_from: self.allow_from.as_ref().or_else(|| dm.and_then(|d| d.allow_from.as_ref())),
        }
    }

    /// DM settings of one account of the channel named `channel`, inheritance applied.
    pub fn account_dm_access<'a>(&'a self, channel: &str, account: &'a ChannelAccountConfig) -> DmAccess<'a> {
        let own_dm = account.dm.as_ref();
        let own_policy = account.dm_policy.or_else(|| own_dm.and_then(|d| d.policy));
        let own_allow = account.allow_from.as_ref().or_else(|| own_dm.and_then(|d| d.allow_from.as_ref()));
        let channel_dm = self.dm_access();
        match AccountDmInheritance::for_channel(channel) {
            AccountDmInheritance::Inherit => {
                DmAccess { policy: own_policy.or(channel_dm.policy), allow_from: own_allow.or(channel_dm.allow_from) }
            }
            AccountDmInheritance::PolicyDefaultsToPairing => DmAccess {
                policy: Some(account.dm_policy.unwrap_or(DmPolicy::Pairing)),
                allow_from: account.allow_from.as_ref().or(self.allow_from.as_ref()),
            },
            AccountDmInheritance::DmBlockOnly => match own_dm {
                Some(dm) => DmAccess { policy: dm.policy, allow_from: dm.allow_from.as_ref() },
                None => channel_dm,
            },
        }
    }
}
