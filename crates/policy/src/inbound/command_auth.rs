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

use std::collections::BTreeMap;

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

/// Keeps the first occurrence of each entry, in order. A set, not `Vec::contains`: allowlists
/// of a few hundred ids made the quadratic scan the gate's main cost.
fn dedup(entries: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    entries.into_iter().filter(|entry| seen.insert(entry.clone())).collect()
}

fn commands_allow_from<'a>(map: &'a BTreeMap<String, Vec<String>>, channel: &str) -> Option<&'a [String]> {
    let provider = known_channel(channel).unwrap_or(channel);
    map.get(provider).or_else(|| map.get("*")).map(Vec::as_slice)
}

/// OpenClaw's `resolveCommandAuthorization` for a chat sender.
pub fn authorize_command(input: &CommandAuthInput<'_>) -> CommandAuthorization {
    let channel = input.channel.trim().to_lowercase();
    let candidates = sender_candidates(&channel, input.sender);
    let find_in = |list: &[String]| candidates.iter().find(|c| list.contains(c)).cloned();

    let allow_from = canonical_list(&channel, input.channel_allow_from);
    let allow_all = allow_from.is_empty() || allow_from.iter().any(|e| e == "*");
    let owner_candidates: Vec<String> =
        if allow_all { Vec::new() } else { allow_from.into_iter().filter(|e| e != "*").collect() };

    let config_owners = owner_entries(&channel, &input.commands.owner_allow_from);
    let owner_allow_all = config_owners.iter().any(|e| e == "*");
    let explicit_owners: Vec<String> = config_owners.into_iter().filter(|e| e != "*").collect();
    let context_owners: Vec<String> =
        owner_entries(&channel, &input.commands.context_owner_allow_from).into_iter().filter(|e| e != "*").collect();
    let owner_list = dedup(if !explicit_owners.is_empty() {
        explicit_owners.clone()
    } else if owner_allow_all {
        Vec::new()
    } else if !context_owners.is_empty() {
        context_owners
    } else {
        owner_candidates.clone()
    });

    let matched_owner = find_in(&owner_list);
    let owner = matched_owner.is_some();
    let owner_list_configured = owner_allow_all || !explicit_owners.is_empty();
    // WhatsApp is the one core channel that enforces owners for commands.
    let require_owner = channel == "whatsapp" || owner_list_configured;
    let owner_ok = if !require_owner || owner_allow_all {
        true
    } else if owner_list_configured {
        owner
    } else {
        allow_all || owner_candidates.is_empty() || find_in(&owner_candidates).is_some()
    };

    let (authorized, decided_by) =
        match input.commands.allow_from.as_ref().and_then(|m| commands_allow_from(m, &channel)) {
            Some(list) => {
                let list = canonical_list(&channel, list);
                (list.iter().any(|e| e == "*") || find_in(&list).is_some(), CommandAuthSource::CommandsAllowFrom)
            }
            None => (input.channel_authorized && owner_ok, CommandAuthSource::ChannelAndOwner),
        };
    CommandAuthorization {
        authorized,
        owner,
        sender_id: matched_owner.or_else(|| candidates.first().cloned()),
        owner_list,
        decided_by,
    }
}
