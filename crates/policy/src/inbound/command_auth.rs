//! Who may run control commands.
//!
//! Two layers, as in OpenClaw. The channel layer ([`command_authorized_by_lists`]): with
//! `commands.useAccessGroups` (the default) a sender is authorized when some *configured*
//! allowlist admits them, so open DMs with no lists allow messages but not commands. The command
//! layer ([`authorize_command`]): `commands.allowFrom` (the provider's list, else the `"*"` list),
//! when configured, decides alone; otherwise the channel layer's answer must be confirmed by the
//! owner check — `commands.ownerAllowFrom`, else an owner list the channel supplies, else the
//! channel's `allowFrom` — which applies when an owner list is configured or the channel enforces
//! owners (WhatsApp).

use std::collections::{BTreeMap, HashSet};

use super::Sender;
use super::access::CommandsAccess;
use super::sender::{normalize_allow_entry, sender_candidates};

#[cfg(test)]
mod tests;

/// One allowlist that can authorize commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandAuthorizer {
    /// The list has entries.
    pub configured: bool,
    /// The sender is on it.
    pub allowed: bool,
}

/// What authorizes commands when `commands.useAccessGroups` is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessGroupsOffMode {
    /// Everyone (OpenClaw's default).
    #[default]
    Allow,
    Deny,
    /// Configured lists still apply; with none configured everyone is allowed.
    Configured,
}

/// OpenClaw's `resolveCommandAuthorizedFromAuthorizers`.
pub fn command_authorized_by_lists(
    use_access_groups: bool,
    authorizers: &[CommandAuthorizer],
    mode_when_off: AccessGroupsOffMode,
) -> bool {
    let any_configured_allows = authorizers.iter().any(|a| a.configured && a.allowed);
    if use_access_groups {
        return any_configured_allows;
    }
    match mode_when_off {
        AccessGroupsOffMode::Allow => true,
        AccessGroupsOffMode::Deny => false,
        AccessGroupsOffMode::Configured => !authorizers.iter().any(|a| a.configured) || any_configured_allows,
    }
}

/// Which rule decided [`authorize_command`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandAuthSource {
    /// `commands.allowFrom` was configured for this provider (or `"*"`).
    CommandsAllowFrom,
    /// The channel layer plus the owner check.
    ChannelAndOwner,
}

/// The inputs of the command layer.
#[derive(Debug, Clone, Copy)]
pub struct CommandAuthInput<'a> {
    pub channel: &'a str,
    pub sender: &'a Sender,
    /// The channel's configured `allowFrom` (never the pairing store).
    pub channel_allow_from: &'a [String],
    pub commands: &'a CommandsAccess,
    /// The channel layer's answer ([`command_authorized_by_lists`]).
    pub channel_authorized: bool,
}

/// The command layer's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandAuthorization {
    pub authorized: bool,
    /// The sender is on the owner list (owner-only tools stay available to them).
    pub owner: bool,
    /// The owner list in canonical form.
    pub owner_list: Vec<String>,
    /// The sender id as matched (the owner entry that matched, else the first candidate).
    pub sender_id: Option<String>,
    pub decided_by: CommandAuthSource,
}

/// Channel ids OpenClaw knows (core, extensions and aliases): an `ownerAllowFrom` entry
/// `<channel>:<id>` names a channel, any other prefix is part of the id.
const KNOWN_CHANNELS: &[(&str, &str)] = &[
    ("telegram", "telegram"),
    ("whatsapp", "whatsapp"),
    ("discord", "discord"),
    ("irc", "irc"),
    ("internet-relay-chat", "irc"),
    ("googlechat", "googlechat"),
    ("google-chat", "googlechat"),
    ("gchat", "googlechat"),
    ("slack", "slack"),
    ("signal", "signal"),
    ("imessage", "imessage"),
    ("imsg", "imessage"),
    ("matrix", "matrix"),
    ("msteams", "msteams"),
    ("mattermost", "mattermost"),
    ("bluebubbles", "bluebubbles"),
    ("feishu", "feishu"),
    ("line", "line"),
    ("nextcloud-talk", "nextcloud-talk"),
    ("nostr", "nostr"),
    ("synology-chat", "synology-chat"),
    ("tlon", "tlon"),
    ("twitch", "twitch"),
    ("zalo", "zalo"),
    ("zalouser", "zalouser"),
];

fn known_channel(raw: &str) -> Option<&'static str> {
    let key = raw.trim().to_lowercase();
    KNOWN_CHANNELS.iter().find(|(alias, _)| *alias == key).map(|(_, id)| *id)
}

fn canonical_list(channel: &str, entries: &[String]) -> Vec<String> {
    entries.iter().filter_map(|e| normalize_allow_entry(channel, e)).collect()
}

/// Owner entries with `<channel>:` prefixes resolved: other channels' entries are dropped.
fn owner_entries(channel: &str, entries: &[String]) -> Vec<String> {
    let provider = known_channel(channel).unwrap_or(channel);
    let scoped = entries.iter().filter_map(|entry| {
        let trimmed = entry.trim();
        match trimmed.split_once(':') {
            Some((prefix, rest)) if !prefix.is_empty() => match known_channel(prefix) {
                Some(named) if named != provider => None,
                Some(_) => Some(rest.trim().to_owned()).filter(|r| !r.is_empty()),
                None => Some(trimmed.to_owned()),
            },
            _ => Some(trimmed.to_owned()).filter(|t| !t.is_empty()),
        }
    });
    scoped.filter_map(|e| normalize_allow_entry(channel, &e)).collect()
}

/// Keeps the first occurrence of each entry, in order, and returns their set too. A set, not `Vec::contains`: allowlists
/// of a few hundred ids made the quadratic scan the gate's main cost.
fn dedup(entries: Vec<String>) -> (Vec<String>, HashSet<String>) {
    let mut seen = HashSet::with_capacity(entries.len());
    let kept = entries.into_iter().filter(|entry| seen.insert(entry.clone())).collect();
    (kept, seen)
}

fn commands_allow_from<'a>(map: &'a BTreeMap<String, Vec<String>>, channel: &str) -> Option<&'a [String]> {
    let provider = known_channel(channel).unwrap_or(channel);
    map.get(provider).or_else(|| map.get("*")).map(Vec::as_slice)
}

/// OpenClaw's `resolveCommandAuthorization` for a chat sender.
pub fn authorize_command(input: &CommandAuthInput<'_>) -> CommandAuthorization {
    CommandAuthPlan::new(input.channel, input.channel_allow_from, input.commands)
        .authorize(input.sender, input.channel_authorized)
}

/// The sender-independent half of [`authorize_command`], normalised once: the owner list, the
/// owner candidates from `allowFrom` and the `commands.allowFrom` list. The gate keeps one per
/// config snapshot, so a message pays for its sender's ids only, not for re-normalising lists of
/// hundreds of entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandAuthPlan {
    /// Trimmed, lowercase.
    channel: String,
    /// Deduplicated, in config order (reported as [`CommandAuthorization::owner_list`]).
    owner_list: Vec<String>,
    owner_set: HashSet<String>,
    /// `allowFrom` without `"*"`; empty when `allowFrom` allows everyone.
    owner_candidates: HashSet<String>,
    /// `allowFrom` is empty or holds `"*"`.
    allow_all: bool,
    owner_allow_all: bool,
    owner_list_configured: bool,
    require_owner: bool,
    /// The `commands.allowFrom` list that applies, canonical (may hold `"*"`).
    commands_list: Option<HashSet<String>>,
}

/// What [`CommandAuthPlan::check`] found for one sender.
struct Checked {
    authorized: bool,
    matched_owner: Option<String>,
    decided_by: CommandAuthSource,
}

impl CommandAuthPlan {
    pub fn new(channel: &str, channel_allow_from: &[String], commands: &CommandsAccess) -> Self {
        let channel = channel.trim().to_lowercase();
        let allow_from = canonical_list(&channel, channel_allow_from);
        let allow_all = allow_from.is_empty() || allow_from.iter().any(|e| e == "*");
        let owner_candidates: Vec<String> =
            if allow_all { Vec::new() } else { allow_from.into_iter().filter(|e| e != "*").collect() };

        let config_owners = owner_entries(&channel, &commands.owner_allow_from);
        let owner_allow_all = config_owners.iter().any(|e| e == "*");
        let explicit_owners: Vec<String> = config_owners.into_iter().filter(|e| e != "*").collect();
        let owner_list_configured = owner_allow_all || !explicit_owners.is_empty();
        let context_owners: Vec<String> =
            owner_entries(&channel, &commands.context_owner_allow_from).into_iter().filter(|e| e != "*").collect();
        let (owner_list, owner_set) = dedup(if !explicit_owners.is_empty() {
            explicit_owners
        } else if owner_allow_all {
            Vec::new()
        } else if !context_owners.is_empty() {
            context_owners
        } else {
            owner_candidates.clone()
        });
        // WhatsApp is the one core channel that enforces owners for commands.
        let require_owner = channel == "whatsapp" || owner_list_configured;
        let commands_list = commands
            .allow_from
            .as_ref()
            .and_then(|m| commands_allow_from(m, &channel))
            .map(|list| canonical_list(&channel, list).into_iter().collect());
        Self {
            owner_set,
            owner_list,
            owner_candidates: owner_candidates.into_iter().collect(),
            allow_all,
            owner_allow_all,
            owner_list_configured,
            require_owner,
            commands_list,
            channel,
        }
    }

    /// The channel the lists were normalised for (trimmed, lowercase).
    pub fn channel(&self) -> &str {
        &self.channel
    }

    fn check(&self, candidates: &[String], channel_authorized: bool) -> Checked {
        // First candidate (in the sender's id order) on the list, as OpenClaw scans them.
        let find_in = |set: &HashSet<String>| candidates.iter().find(|c| set.contains(*c)).cloned();
        let matched_owner = find_in(&self.owner_set);
        let owner_ok = if !self.require_owner || self.owner_allow_all {
            true
        } else if self.owner_list_configured {
            matched_owner.is_some()
        } else {
            self.allow_all || self.owner_candidates.is_empty() || find_in(&self.owner_candidates).is_some()
        };
        let (authorized, decided_by) = match &self.commands_list {
            Some(list) => (list.contains("*") || find_in(list).is_some(), CommandAuthSource::CommandsAllowFrom),
            None => (channel_authorized && owner_ok, CommandAuthSource::ChannelAndOwner),
        };
        Checked { authorized, matched_owner, decided_by }
    }

    /// [`authorize_command`] for `sender`; `channel_authorized` is the channel layer's answer.
    pub fn authorize(&self, sender: &Sender, channel_authorized: bool) -> CommandAuthorization {
        let candidates = sender_candidates(&self.channel, sender);
        let checked = self.check(&candidates, channel_authorized);
        CommandAuthorization {
            authorized: checked.authorized,
            owner: checked.matched_owner.is_some(),
            sender_id: checked.matched_owner.or_else(|| candidates.first().cloned()),
            owner_list: self.owner_list.clone(),
            decided_by: checked.decided_by,
        }
    }

    /// `(authorized, owner)` as [`CommandAuthPlan::authorize`] answers them, without copying the
    /// owner list (all the gate needs per message).
    pub fn authorized_and_owner(&self, sender: &Sender, channel_authorized: bool) -> (bool, bool) {
        let candidates = sender_candidates(&self.channel, sender);
        let checked = self.check(&candidates, channel_authorized);
        (checked.authorized, checked.matched_owner.is_some())
    }
}
