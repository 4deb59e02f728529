//! Resolved `channels.*`: each channel's access policy with defaults applied, and each account
//! shallow-merged over its channel the way OpenClaw's account resolvers do.

use std::collections::BTreeMap;

use crate::model::channels::{
    ChannelAccountConfig, ChannelConfig, ChannelsConfig, ChunkMode, DmAccess, DmPolicy, GroupConfig, GroupPolicy,
    GuildConfig,
};
use crate::model::id_list::{IdList, WILDCARD};
use crate::model::secret::Secret;
use crate::model::tools::ToolPolicyConfig;

pub const DEFAULT_TEXT_CHUNK_LIMIT: u64 = 4000;

/// `channels.*` with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Channels {
    /// `channels.defaults.groupPolicy`, else `allowlist`; used by channels that set none.
    pub default_group_policy: GroupPolicy,
    pub channels: BTreeMap<String, Channel>,
}

impl Channels {
    pub fn get(&self, channel: &str) -> Option<&Channel> {
        self.channels.get(channel)
    }
}

/// One channel: its own settings and those of each account.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Channel-level settings (used for the default account).
    pub settings: ChannelSettings,
    /// Account id → the account's keys merged over the channel's.
    pub accounts: BTreeMap<String, ChannelSettings>,
}

impl Channel {
    /// Settings for `account_id`, or the channel-level ones when it has no entry.
    pub fn account(&self, account_id: &str) -> &ChannelSettings {
        self.accounts.get(account_id).unwrap_or(&self.settings)
    }
}

/// Access settings and credentials of a channel or one of its accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSettings {
    pub enabled: bool,
    /// `pairing` unless set; `disabled` when the legacy `dm.enabled` is false.
    pub dm_policy: DmPolicy,
    /// Config DM allowlist, trimmed, blanks dropped (pairing approvals are added at run time).
    pub allow_from: Vec<String>,
    pub group_policy: GroupPolicy,
    pub group_allow_from: Vec<String>,
    /// Group id or `*` → settings.
    pub groups: BTreeMap<String, Group>,
    /// Discord guild allowlist, as written.
    pub guilds: BTreeMap<String, GuildConfig>,
    /// Slack channel id or `*` → settings.
    pub channels: BTreeMap<String, Group>,
    pub require_mention: Option<bool>,
    pub mention_patterns: Option<Vec<String>>,
    pub dangerously_allow_name_matching: bool,
    pub config_writes: bool,
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
    pub text_chunk_limit: u64,
    pub chunk_mode: ChunkMode,
    pub media_max_mb: Option<f64>,
    pub block_streaming: Option<bool>,
}

impl ChannelSettings {
    /// Whether `open` DMs were opted into with `*`.
    pub fn allows_everyone(&self) -> bool {
        self.allow_from.iter().any(|id| id == WILDCARD)
    }

    /// The entry for `group_id`, else the `*` entry.
    pub fn group(&self, group_id: &str) -> Option<&Group> {
        self.groups.get(group_id).or_else(|| self.groups.get(WILDCARD))
    }

    /// Whether the bot must be mentioned in `group_id`: the group's entry, else `*`, else true.
    pub fn requires_mention(&self, group_id: &str) -> bool {
        self.group(group_id).is_none_or(|group| group.require_mention)
    }
}

/// One group (or Slack channel) entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub enabled: bool,
    /// Slack/Discord explicit allow flag.
    pub allow: Option<bool>,
    /// The entry's value, else the `*` entry's, else true.
    pub require_mention: bool,
    pub group_policy: Option<GroupPolicy>,
    /// `None` falls back to the channel's `groupAllowFrom`.
    pub allow_from: Option<Vec<String>>,
    pub users: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub tools: Option<ToolPolicyConfig>,
    pub tools_by_sender: BTreeMap<String, ToolPolicyConfig>,
}

impl Channels {
    /// What a channel without a config section gets: the defaults (pairing DMs, groups by
    /// `channels.defaults.groupPolicy`).
    pub fn unconfigured(&self, name: &str) -> Channel {
        Channel::resolve(name, &ChannelConfig::default(), self.default_group_policy)
    }

    pub(super) fn resolve(raw: Option<&ChannelsConfig>) -> Self {
        let default_group_policy =
            raw.and_then(|c| c.defaults.as_ref()).and_then(|d| d.group_policy).unwrap_or(GroupPolicy::Allowlist);
        let channels = raw
            .map(|c| {
                c.iter()
                    .map(|(name, channel)| (name.to_owned(), Channel::resolve(name, channel, default_group_policy)))
                    .collect()
            })
            .unwrap_or_default();
        Self { default_group_policy, channels }
    }
}

impl Channel {
    fn resolve(name: &str, raw: &ChannelConfig, default_group_policy: GroupPolicy) -> Self {
        let base = Layer::channel(raw);
        let dm_enabled = raw.dm.as_ref().and_then(|d| d.enabled);
        let settings = base.settings(raw.dm_access(), dm_enabled, default_group_policy);
        let accounts = raw
            .accounts
            .iter()
            .map(|(id, account)| {
                let layer = Layer::account(account, &base);
                let dm_enabled = account.dm.as_ref().or(raw.dm.as_ref()).and_then(|d| d.enabled);
                let access = raw.account_dm_access(name, account);
                (id.clone(), layer.settings(access, dm_enabled, default_group_policy))
            })
            .collect();
        Self { settings, accounts }
    }
}

/// The raw keys of one level (channel, or account merged over channel), borrowed.
struct Layer<'a> {
    enabled: Option<bool>,
    group_policy: Option<GroupPolicy>,
    group_allow_from: Option<&'a IdList>,
    groups: &'a BTreeMap<String, GroupConfig>,
    guilds: &'a BTreeMap<String, GuildConfig>,
    channels: &'a BTreeMap<String, GroupConfig>,
    require_mention: Option<bool>,
    mention_patterns: Option<&'a Vec<String>>,
    dangerously_allow_name_matching: Option<bool>,
    config_writes: Option<bool>,
    token: Option<&'a Secret>,
    bot_token: Option<&'a Secret>,
    token_file: Option<&'a String>,
    app_token: Option<&'a Secret>,
    user_token: Option<&'a Secret>,
    signing_secret: Option<&'a Secret>,
    mode: Option<&'a String>,
    webhook_url: Option<&'a String>,
    webhook_secret: Option<&'a Secret>,
    app_password: Option<&'a Secret>,
    history_limit: Option<u64>,
    dm_history_limit: Option<u64>,
    text_chunk_limit: Option<u64>,
    chunk_mode: Option<ChunkMode>,
    media_max_mb: Option<f64>,
    block_streaming: Option<bool>,
}

/// Account maps replace the channel's when non-empty (no deep merge).
fn replace_map<'a, V>(account: &'a BTreeMap<String, V>, channel: &'a BTreeMap<String, V>) -> &'a BTreeMap<String, V> {
    if account.is_empty() { channel } else { account }
}

impl<'a> Layer<'a> {
    fn channel(raw: &'a ChannelConfig) -> Self {
        Self {
            enabled: raw.enabled,
            group_policy: raw.group_policy,
            group_allow_from: raw.group_allow_from.as_ref(),
            groups: &raw.groups,
            guilds: &raw.guilds,
            channels: &raw.channels,
            require_mention: raw.require_mention,
            mention_patterns: raw.mention_patterns.as_ref(),
            dangerously_allow_name_matching: raw.dangerously_allow_name_matching,
            config_writes: raw.config_writes,
            token: raw.token.as_ref(),
            bot_token: raw.bot_token.as_ref(),
            token_file: raw.token_file.as_ref(),
            app_token: raw.app_token.as_ref(),
            user_token: raw.user_token.as_ref(),
            signing_secret: raw.signing_secret.as_ref(),
            mode: raw.mode.as_ref(),
            webhook_url: raw.webhook_url.as_ref(),
            webhook_secret: raw.webhook_secret.as_ref(),
            app_password: raw.app_password.as_ref(),
            history_limit: raw.history_limit,
            dm_history_limit: raw.dm_history_limit,
            text_chunk_limit: raw.text_chunk_limit,
            chunk_mode: raw.chunk_mode,
            media_max_mb: raw.media_max_mb,
            block_streaming: raw.block_streaming,
        }
    }

    fn account(raw: &'a ChannelAccountConfig, base: &Layer<'a>) -> Self {
        Self {
            enabled: raw.enabled.or(base.enabled),
            group_policy: raw.group_policy.or(base.group_policy),
            group_allow_from: raw.group_allow_from.as_ref().or(base.group_allow_from),
            groups: replace_map(&raw.groups, base.groups),
            guilds: replace_map(&raw.guilds, base.guilds),
            channels: replace_map(&raw.channels, base.channels),
            require_mention: raw.require_mention.or(base.require_mention),
            mention_patterns: raw.mention_patterns.as_ref().or(base.mention_patterns),
            dangerously_allow_name_matching: raw
                .dangerously_allow_name_matching
                .or(base.dangerously_allow_name_matching),
            config_writes: raw.config_writes.or(base.config_writes),
            token: raw.token.as_ref().or(base.token),
            bot_token: raw.bot_token.as_ref().or(base.bot_token),
            token_file: raw.token_file.as_ref().or(base.token_file),
            app_token: raw.app_token.as_ref().or(base.app_token),
            user_token: raw.user_token.as_ref().or(base.user_token),
            signing_secret: raw.signing_secret.as_ref().or(base.signing_secret),
            mode: raw.mode.as_ref().or(base.mode),
            webhook_url: raw.webhook_url.as_ref().or(base.webhook_url),
            webhook_secret: raw.webhook_secret.as_ref().or(base.webhook_secret),
            app_password: raw.app_password.as_ref().or(base.app_password),
            history_limit: raw.history_limit.or(base.history_limit),
            dm_history_limit: raw.dm_history_limit.or(base.dm_history_limit),
            text_chunk_limit: raw.text_chunk_limit.or(base.text_chunk_limit),
            chunk_mode: raw.chunk_mode.or(base.chunk_mode),
            media_max_mb: raw.media_max_mb.or(base.media_max_mb),
            block_streaming: raw.block_streaming.or(base.block_streaming),
        }
    }

    fn settings(
        &self,
        dm: DmAccess<'_>,
        dm_enabled: Option<bool>,
        default_group_policy: GroupPolicy,
    ) -> ChannelSettings {
        let dm_policy =
            if dm_enabled == Some(false) { DmPolicy::Disabled } else { dm.policy.unwrap_or(DmPolicy::Pairing) };
        ChannelSettings {
            enabled: self.enabled.unwrap_or(true),
            dm_policy,
            allow_from: dm.allow_from.map(IdList::normalized).unwrap_or_default(),
            group_policy: self.group_policy.unwrap_or(default_group_policy),
            group_allow_from: self.group_allow_from.map(IdList::normalized).unwrap_or_default(),
            groups: resolve_groups(self.groups),
            guilds: self.guilds.clone(),
            channels: resolve_groups(self.channels),
            require_mention: self.require_mention,
            mention_patterns: self.mention_patterns.cloned(),
            dangerously_allow_name_matching: self.dangerously_allow_name_matching.unwrap_or(false),
            config_writes: self.config_writes.unwrap_or(true),
            token: set_secret(self.token),
            bot_token: set_secret(self.bot_token),
            token_file: self.token_file.cloned(),
            app_token: set_secret(self.app_token),
            user_token: set_secret(self.user_token),
            signing_secret: set_secret(self.signing_secret),
            mode: self.mode.cloned(),
            webhook_url: self.webhook_url.cloned(),
            webhook_secret: set_secret(self.webhook_secret),
            app_password: set_secret(self.app_password),
            history_limit: self.history_limit,
            dm_history_limit: self.dm_history_limit,
            text_chunk_limit: self.text_chunk_limit.unwrap_or(DEFAULT_TEXT_CHUNK_LIMIT),
            chunk_mode: self.chunk_mode.unwrap_or(ChunkMode::Length),
            media_max_mb: self.media_max_mb,
            block_streaming: self.block_streaming,
        }
    }
}

fn set_secret(secret: Option<&Secret>) -> Option<Secret> {
    secret.filter(|s| s.is_set()).cloned()
}

/// Applies the `*` entry's `requireMention` as the fallback of every other entry.
fn resolve_groups(groups: &BTreeMap<String, GroupConfig>) -> BTreeMap<String, Group> {
    let wildcard_mention = groups.get(WILDCARD).and_then(|g| g.require_mention);
    groups
        .iter()
        .map(|(id, group)| {
            let resolved = Group {
                enabled: group.enabled.unwrap_or(true),
                allow: group.allow,
                require_mention: group.require_mention.or(wildcard_mention).unwrap_or(true),
                group_policy: group.group_policy,
                allow_from: group.allow_from.as_ref().map(IdList::normalized),
                users: group.users.as_ref().map(IdList::normalized),
                roles: group.roles.as_ref().map(IdList::normalized),
                tools: group.tools.clone(),
                tools_by_sender: group.tools_by_sender.clone(),
            };
            (id.clone(), resolved)
        })
        .collect()
}
