//! A channel account's access settings compiled once per config snapshot: the allowlists in
//! their channel's canonical form, the command-authorization lists and the mention regexes.
//!
//! Normalising a few hundred allowlist entries and compiling mention regexes cost far more than
//! deciding a message, and none of it depends on the message. The gateway keeps one
//! [`CompiledAccess`] per snapshot, channel, account and agent and hands it to
//! [`gate_compiled`](super::gate_compiled); [`gate`](super::gate) compiles one per call, so both
//! run the same decision code. Only the pairing store's list, which changes between messages, is
//! still normalised per message.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::access::ChannelAccess;
use super::command_auth::CommandAuthPlan;
use super::mention::MentionPatterns;
use super::sender::AllowList;

/// [`ChannelAccess`] with everything message-independent precomputed for one channel.
#[derive(Debug, Clone)]
pub struct CompiledAccess<'a> {
    access: Cow<'a, ChannelAccess>,
    /// Trimmed, lowercase: the form every list below was normalised for.
    channel: String,
    /// Config `allowFrom`.
    pub(super) config: AllowList,
    /// `groupAllowFrom`, else `allowFrom` when the fallback is on, else empty.
    pub(super) group: AllowList,
    /// `groups.<key>.allowFrom` for the entries that have one, by `groups` key.
    group_overrides: BTreeMap<String, AllowList>,
    pub(super) commands: CommandAuthPlan,
    /// Compiled on first use: most messages (every DM, every blocked group message) never reach
    /// mention gating, and building the regexes costs ten times a whole DM decision.
    mentions: OnceLock<MentionPatterns>,
}

impl<'a> CompiledAccess<'a> {
    /// Compiles `access` for messages from `channel`. The channel is needed because allowlist
    /// entries are canonicalised per channel (WhatsApp numbers, Telegram ids, …).
    pub fn new(channel: &str, access: &'a ChannelAccess) -> Self {
        Self::compile(channel, Cow::Borrowed(access))
    }

    fn compile(channel: &str, access: Cow<'a, ChannelAccess>) -> Self {
        let channel = channel.trim().to_lowercase();
        let config = AllowList::new(&channel, &access.allow_from);
        let explicit_group = AllowList::new(&channel, &access.group_allow_from);
        let group = if explicit_group.is_configured() {
            explicit_group
        } else if access.group_allow_from_fallback {
            config.clone()
        } else {
            AllowList::new(&channel, &[])
        };
        let group_overrides = access
            .groups
            .iter()
            .filter_map(|(key, entry)| {
                entry.allow_from.as_ref().map(|list| (key.clone(), AllowList::new(&channel, list)))
            })
            .collect();
        let commands = CommandAuthPlan::new(&channel, &access.allow_from, &access.commands);
        Self { access, channel, config, group, group_overrides, commands, mentions: OnceLock::new() }
    }

    /// The settings this was compiled from.
    pub fn access(&self) -> &ChannelAccess {
        &self.access
    }

    /// The channel the lists were normalised for (trimmed, lowercase).
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// Whether the lists were normalised for messages from `channel`.
    pub fn is_for(&self, channel: &str) -> bool {
        let trimmed = channel.trim();
        trimmed == self.channel || trimmed.to_lowercase() == self.channel
    }

    /// The mention patterns, compiled.
    pub fn mentions(&self) -> &MentionPatterns {
        self.mentions.get_or_init(|| MentionPatterns::compile(&self.access.mention_patterns))
    }

    /// The group's own `allowFrom`, when its `groups` entry has one.
    pub(super) fn group_override(&self, group_id: Option<&str>) -> Option<&AllowList> {
        let (key, _) = self.access.group_entry_keyed(group_id)?;
        self.group_overrides.get(key)
    }
}

impl CompiledAccess<'static> {
    /// [`CompiledAccess::new`] taking ownership of `access`, for keeping it in a cache.
    pub fn owned(channel: &str, access: ChannelAccess) -> Self {
        Self::compile(channel, Cow::Owned(access))
    }
}
