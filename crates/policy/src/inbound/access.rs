//! The access settings of one channel account, resolved from config into plain data, and the
//! facts the gate needs from the pairing/allowFrom store.
//!
//! Resolution (account entries over channel entries, `channels.defaults`, legacy `dm.*` keys) is
//! the config crate's job; this module only fixes the shape and the runtime defaults OpenClaw
//! applies when a key is absent: `dmPolicy=pairing`, `groupPolicy=allowlist`,
//! `commands.useAccessGroups=true`, `requireMention=true`.

use std::collections::BTreeMap;

/// `dmPolicy`: who may talk to the bot in direct messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DmPolicy {
    /// Unknown senders get a pairing code and are ignored until approved.
    #[default]
    Pairing,
    /// Only `allowFrom` (the pairing store is not consulted).
    Allowlist,
    /// Anyone (config validation requires `"*"` in `allowFrom`).
    Open,
    Disabled,
}

impl DmPolicy {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "pairing" => Some(Self::Pairing),
            "allowlist" => Some(Self::Allowlist),
            "open" => Some(Self::Open),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pairing => "pairing",
            Self::Allowlist => "allowlist",
            Self::Open => "open",
            Self::Disabled => "disabled",
        }
    }
}

/// `groupPolicy`: whether group messages are accepted, and from whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupPolicy {
    /// Any group, any member (mention gating still applies).
    Open,
    /// Only senders on the group allowlist (`groupAllowFrom`, else `allowFrom`).
    #[default]
    Allowlist,
    Disabled,
}

impl GroupPolicy {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "open" => Some(Self::Open),
            "allowlist" => Some(Self::Allowlist),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Allowlist => "allowlist",
            Self::Disabled => "disabled",
        }
    }
}

/// OpenClaw's runtime `groupPolicy` default. With the channel's config section present: the
/// explicit value, else `channels.defaults.groupPolicy`, else `configured_fallback` (`open` for
/// most channels, `allowlist` for the strict ones). With the section missing the channel was
/// never configured, so defaults are ignored and the explicit value or `allowlist` applies.
pub fn runtime_group_policy(
    section_present: bool,
    explicit: Option<GroupPolicy>,
    channels_default: Option<GroupPolicy>,
    configured_fallback: GroupPolicy,
) -> GroupPolicy {
    if section_present {
        explicit.or(channels_default).unwrap_or(configured_fallback)
    } else {
        explicit.unwrap_or(GroupPolicy::Allowlist)
    }
}

/// One `groups.<id>` entry (or the `"*"` entry).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupEntry {
    pub require_mention: Option<bool>,
    /// A per-group sender allowlist; when present it replaces `groupAllowFrom` for this group and
    /// is enforced whatever the group policy (empty blocks everyone).
    pub allow_from: Option<Vec<String>>,
    /// `false` ignores the group entirely.
    pub enabled: Option<bool>,
}

/// Where a session-level `requireMention` override (for example `/activation`) ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OverrideOrder {
    /// Config (`groups.<id>`, then `"*"`) wins; the override only fills the gap.
    #[default]
    AfterConfig,
    /// The override wins over config.
    BeforeConfig,
}

/// `commands.*` as far as authorization is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandsAccess {
    /// `commands.useAccessGroups` (default true): commands need a configured allowlist that
    /// admits the sender.
    pub use_access_groups: bool,
    /// `commands.allowFrom`: provider id (or `"*"`) → senders. When the provider's list (else the
    /// `"*"` list) exists it alone decides command authorization.
    pub allow_from: Option<BTreeMap<String, Vec<String>>>,
    /// `commands.ownerAllowFrom`; entries may carry a `<channel>:` prefix.
    pub owner_allow_from: Vec<String>,
    /// An owner list the channel supplies for this conversation (Discord does), used when
    /// `ownerAllowFrom` names nobody.
    pub context_owner_allow_from: Vec<String>,
}

impl Default for CommandsAccess {
    fn default() -> Self {
        Self {
            use_access_groups: true,
            allow_from: None,
            owner_allow_from: Vec::new(),
            context_owner_allow_from: Vec::new(),
        }
    }
}

/// The resolved access settings of one channel account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelAccess {
    pub dm_policy: DmPolicy,
    /// `allowFrom` from config (DM allowlist; also the group fallback).
    pub allow_from: Vec<String>,
    /// The runtime group policy (see [`runtime_group_policy`]).
    pub group_policy: GroupPolicy,
    pub group_allow_from: Vec<String>,
    /// Whether an empty `groupAllowFrom` falls back to `allowFrom` (default true).
    pub group_allow_from_fallback: bool,
    /// `groups` (Discord `guilds`, Slack `channels`): per-group settings; a non-empty map is also
    /// a group allowlist, `"*"` allowing every group.
    pub groups: BTreeMap<String, GroupEntry>,
    /// Whether group ids are looked up case-insensitively (IRC channel names).
    pub group_id_case_insensitive: bool,
    /// A `requireMention` override from outside `groups` (session activation, channel default).
    pub require_mention_override: Option<bool>,
    pub require_mention_override_order: OverrideOrder,
    /// Mention regexes (JavaScript syntax as configured; invalid ones are dropped).
    pub mention_patterns: Vec<String>,
    /// `dangerouslyAllowNameMatching`: allowlist entries may match display names and usernames.
    pub dangerously_allow_name_matching: bool,
    /// Whether text commands are handled on this surface (`commands.text`, native-command
    /// channels).
    pub text_commands_enabled: bool,
    pub commands: CommandsAccess,
}

impl Default for ChannelAccess {
    fn default() -> Self {
        Self {
            dm_policy: DmPolicy::default(),
            allow_from: Vec::new(),
            group_policy: GroupPolicy::default(),
            group_allow_from: Vec::new(),
            group_allow_from_fallback: true,
            groups: BTreeMap::new(),
            group_id_case_insensitive: false,
            require_mention_override: None,
            require_mention_override_order: OverrideOrder::default(),
            mention_patterns: Vec::new(),
            dangerously_allow_name_matching: false,
            text_commands_enabled: true,
            commands: CommandsAccess::default(),
        }
    }
}

impl ChannelAccess {
    /// The `groups` entry for a group id: exact key first, then (when the channel opts in) a
    /// case-insensitive match other than `"*"`.
    pub fn group_entry(&self, group_id: Option<&str>) -> Option<&GroupEntry> {
        self.group_entry_keyed(group_id).map(|(_, entry)| entry)
    }

    /// [`ChannelAccess::group_entry`] with the `groups` key it was found under, which is how
    /// precompiled per-group data is looked up.
    pub fn group_entry_keyed(&self, group_id: Option<&str>) -> Option<(&str, &GroupEntry)> {
        let id = group_id.map(str::trim).filter(|id| !id.is_empty())?;
        self.groups
            .get_key_value(id)
            .or_else(|| {
                if !self.group_id_case_insensitive {
                    return None;
                }
                let wanted = id.to_lowercase();
                self.groups.iter().find(|(key, _)| key.as_str() != "*" && key.to_lowercase() == wanted)
            })
            .map(|(key, entry)| (key.as_str(), entry))
    }

    /// The `"*"` entry.
    pub fn default_group_entry(&self) -> Option<&GroupEntry> {
        self.groups.get("*")
    }
}

/// What the pairing/allowFrom store holds for this channel account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFacts {
    /// Senders approved through pairing (`<channel>[-<account>]-allowFrom.json`).
    pub pairing_allow_from: Vec<String>,
    /// `false` when the store could not be read: DMs that would need it are denied rather than
    /// treated as unapproved or approved.
    pub store_readable: bool,
}

impl Default for StoreFacts {
    fn default() -> Self {
        Self { pairing_allow_from: Vec::new(), store_readable: true }
    }
}
