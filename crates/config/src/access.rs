//! The inbound gate's view of the config: for one channel account (and the agent that will
//! answer), the access settings `openclaw_policy::inbound::gate` decides with, and the routing
//! settings `openclaw_policy::session_key::resolve_route` decides with. Resolution
//! (account over channel, `"*"` group entries, mention-pattern precedence) happens here once, so
//! the gateway's pipeline and `openclaw access check` explain the same decision.

use std::collections::BTreeMap;

use openclaw_policy::inbound::{
    ChannelAccess, CommandsAccess, DmPolicy as GateDmPolicy, GroupEntry, GroupPolicy as GateGroupPolicy,
    resolve_mention_patterns,
};
use openclaw_policy::session_key::{Binding, BindingPeer, DmScope, RoutingConfig};
use serde_json::Value;

use crate::model::bindings::BindingConfig;
use crate::model::channels::{DmPolicy, GroupPolicy};
use crate::model::resolved::Config;
use crate::model::resolved::Group;

/// Channels whose group ids compare case-insensitively (IRC channel names).
const CASE_INSENSITIVE_GROUP_IDS: &[&str] = &["irc"];

/// The access settings for `channel`/`account` as answered by `agent_id`. `resolved` is the
/// snapshot's resolved JSON (for `messages.groupChat.mentionPatterns`, which the typed config
/// does not model).
pub fn channel_access(
    config: &Config,
    resolved: Option<&Value>,
    channel: &str,
    account: &str,
    agent_id: &str,
) -> ChannelAccess {
    let unconfigured;
    let settings = match config.channels.get(channel) {
        Some(configured) => configured.account(account),
        None => {
            unconfigured = config.channels.unconfigured(channel);
            &unconfigured.settings
        }
    };
    let agent = config.agents.list.iter().find(|a| a.id == agent_id);
    let agent_patterns = agent.and_then(|a| a.group_chat.as_ref()).and_then(|g| g.mention_patterns.clone());
    let global_patterns: Option<Vec<String>> = resolved
        .and_then(|v| v.pointer("/messages/groupChat/mentionPatterns"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect());
    let identity = agent.and_then(|a| a.identity.as_ref());
    let channel_patterns = settings.mention_patterns.clone();
    let mention_patterns = match channel_patterns {
        Some(patterns) => patterns,
        None => resolve_mention_patterns(
            agent_patterns.as_deref(),
            global_patterns.as_deref(),
            identity.and_then(|i| i.name.as_deref()),
            identity.and_then(|i| i.emoji.as_deref()),
        ),
    };
    // Slack keys its rooms under `channels`, the other chat channels under `groups`.
    let mut groups: BTreeMap<String, GroupEntry> =
        settings.groups.iter().map(|(id, g)| (id.clone(), entry(g))).collect();
    groups.extend(settings.channels.iter().map(|(id, g)| (id.clone(), entry(g))));
    let commands = &config.commands;
    ChannelAccess {
        dm_policy: match settings.dm_policy {
            DmPolicy::Pairing => GateDmPolicy::Pairing,
            DmPolicy::Allowlist => GateDmPolicy::Allowlist,
            DmPolicy::Open => GateDmPolicy::Open,
            DmPolicy::Disabled => GateDmPolicy::Disabled,
        },
        allow_from: settings.allow_from.clone(),
        group_policy: match settings.group_policy {
            GroupPolicy::Open => GateGroupPolicy::Open,
            GroupPolicy::Allowlist => GateGroupPolicy::Allowlist,
            GroupPolicy::Disabled => GateGroupPolicy::Disabled,
        },
        group_allow_from: settings.group_allow_from.clone(),
        groups,
        group_id_case_insensitive: CASE_INSENSITIVE_GROUP_IDS.contains(&channel),
        require_mention_override: settings.require_mention,
        mention_patterns,
        dangerously_allow_name_matching: settings.dangerously_allow_name_matching,
        text_commands_enabled: commands.text,
        commands: CommandsAccess {
            use_access_groups: commands.use_access_groups,
            allow_from: commands.allow_from.clone(),
            owner_allow_from: commands.owner_allow_from.clone(),
            context_owner_allow_from: Vec::new(),
        },
        ..ChannelAccess::default()
    }
}

fn entry(group: &Group) -> GroupEntry {
    GroupEntry {
        require_mention: Some(group.require_mention),
        allow_from: group.allow_from.clone(),
        enabled: Some(group.enabled),
    }
}

/// The parts of the config routing reads (`bindings`, agents, `session.dmScope`,
/// `session.identityLinks`). Bindings come from the resolved JSON: each entry was validated at
/// load, and one without an agent or channel matches nothing.
pub fn routing_config(config: &Config, resolved: Option<&Value>) -> RoutingConfig {
    let bindings: Vec<BindingConfig> = resolved
        .and_then(|v| v.get("bindings"))
        .and_then(|b| serde_json::from_value(b.clone()).ok())
        .unwrap_or_default();
    let dm_scope = serde_json::to_value(config.session.dm_scope)
        .ok()
        .and_then(|v| v.as_str().and_then(DmScope::parse))
        .unwrap_or_default();
    RoutingConfig {
        bindings: bindings.iter().filter_map(binding).collect(),
        default_agent: config.agents.default_agent_id.clone(),
        agent_ids: config.agents.list.iter().map(|a| a.id.clone()).collect(),
        dm_scope,
        identity_links: config.session.identity_links.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
    }
}

fn binding(raw: &BindingConfig) -> Option<Binding> {
    let matcher = raw.matcher.as_ref()?;
    Some(Binding {
        agent_id: raw.agent_id.clone()?,
        channel: matcher.channel.clone()?,
        account_id: matcher.account_id.clone(),
        peer: matcher.peer.as_ref().and_then(|p| {
            let kind = serde_json::to_value(p.kind?).ok()?.as_str()?.to_owned();
            Some(BindingPeer { kind, id: p.id.clone()? })
        }),
        guild_id: matcher.guild_id.clone(),
        team_id: matcher.team_id.clone(),
        roles: matcher.roles.clone().unwrap_or_default(),
    })
}
