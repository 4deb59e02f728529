//! Which agent answers a message (`bindings[]`), and the session key it lands in.
//!
//! Bindings are first narrowed to the message's channel and account (a binding without
//! `accountId` covers the default account only; `"*"` covers every account). The survivors are
//! then tried tier by tier, most specific first, and the first binding that matches within a tier
//! wins: peer → thread parent peer → guild + roles → guild → team → account → channel (`"*"`
//! account) → the default agent. A binding's other constraints (guild, team, roles, peer) must
//! all hold in every tier, so a peer+guild binding never acts as a guild-wide fallback.

use std::collections::HashSet;

use super::{
    DmScope, IdentityLinks, PeerKeyParams, PeerKind, main_session_key, normalize_account_id, normalize_agent_id,
    peer_session_key,
};

#[cfg(test)]
mod tests;

/// The conversation a message came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePeer {
    pub kind: PeerKind,
    pub id: String,
}

/// Where a message came from, as routing sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteInput {
    pub channel: String,
    pub account_id: Option<String>,
    pub peer: Option<RoutePeer>,
    /// The channel a thread lives in; a thread inherits its parent's peer binding.
    pub parent_peer: Option<RoutePeer>,
    pub guild_id: Option<String>,
    pub team_id: Option<String>,
    /// Discord member roles, for `match.roles`.
    pub member_role_ids: Vec<String>,
}

/// `bindings[].match.peer` as configured. The kind stays a string: an unknown kind makes the
/// binding match nothing rather than failing the whole config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingPeer {
    pub kind: String,
    pub id: String,
}

/// One `bindings[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binding {
    pub agent_id: String,
    pub channel: String,
    /// `None`/blank: the default account only; `"*"`: any account.
    pub account_id: Option<String>,
    pub peer: Option<BindingPeer>,
    pub guild_id: Option<String>,
    pub team_id: Option<String>,
    /// Empty means no role restriction.
    pub roles: Vec<String>,
}

/// The parts of the config routing reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutingConfig {
    pub bindings: Vec<Binding>,
    /// The default agent (`agents.list[]` entry with `default: true`, else the first, else `main`).
    pub default_agent: String,
    /// Ids of the configured agents; a binding naming an unknown agent falls back to the default.
    /// Empty when no roster is configured, in which case any bound id is used as is.
    pub agent_ids: Vec<String>,
    pub dm_scope: DmScope,
    pub identity_links: Vec<(String, Vec<String>)>,
}

/// Which tier chose the agent (OpenClaw's `matchedBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Peer,
    PeerParent,
    GuildRoles,
    Guild,
    Team,
    Account,
    Channel,
    Default,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Peer => "binding.peer",
            Self::PeerParent => "binding.peer.parent",
            Self::GuildRoles => "binding.guild+roles",
            Self::Guild => "binding.guild",
            Self::Team => "binding.team",
            Self::Account => "binding.account",
            Self::Channel => "binding.channel",
            Self::Default => "default",
        }
    }
}

/// The routing decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub agent_id: String,
    /// Lowercased channel id.
    pub channel: String,
    /// Normalised account id (`default` when none).
    pub account_id: String,
    /// The session the message belongs to.
    pub session_key: String,
    /// The agent's main session (where DMs collapse with `dmScope=main`).
    pub main_session_key: String,
    pub matched_by: MatchedBy,
}

enum PeerConstraint {
    None,
    Invalid,
    Valid(RoutePeer),
}

struct Candidate<'a> {
    agent_id: &'a str,
    any_account: bool,
    peer: PeerConstraint,
    guild_id: Option<String>,
    team_id: Option<String>,
    roles: Option<&'a [String]>,
}

struct Scope<'a> {
    peer: Option<&'a RoutePeer>,
    guild_id: &'a str,
    team_id: &'a str,
    roles: &'a HashSet<&'a str>,
}

fn trimmed(value: Option<&str>) -> String {
    value.unwrap_or("").trim().to_owned()
}

fn non_blank(value: Option<&str>) -> Option<String> {
    Some(trimmed(value)).filter(|v| !v.is_empty())
}

fn account_matches(pattern: Option<&str>, actual: &str) -> bool {
    match pattern.unwrap_or("").trim() {
        "" => actual == super::DEFAULT_ACCOUNT_ID,
        "*" => true,
        other => normalize_account_id(Some(other)) == actual,
    }
}

fn candidate(binding: &Binding) -> Candidate<'_> {
    let peer = match &binding.peer {
        None => PeerConstraint::None,
        Some(peer) => match (PeerKind::parse(&peer.kind), non_blank(Some(&peer.id))) {
            (Some(kind), Some(id)) => PeerConstraint::Valid(RoutePeer { kind, id }),
            _ => PeerConstraint::Invalid,
        },
    };
    Candidate {
        agent_id: &binding.agent_id,
        any_account: binding.account_id.as_deref().map(str::trim) == Some("*"),
        peer,
        guild_id: non_blank(binding.guild_id.as_deref()),
        team_id: non_blank(binding.team_id.as_deref()),
        roles: (!binding.roles.is_empty()).then_some(binding.roles.as_slice()),
    }
}

/// Every constraint a binding carries must hold; ids compare exactly (after trimming).
fn in_scope(candidate: &Candidate<'_>, scope: &Scope<'_>) -> bool {
    match &candidate.peer {
        PeerConstraint::Invalid => return false,
        PeerConstraint::Valid(wanted) if scope.peer != Some(wanted) => return false,
        _ => {}
    }
    if candidate.guild_id.as_deref().is_some_and(|g| g != scope.guild_id) {
        return false;
    }
    if candidate.team_id.as_deref().is_some_and(|t| t != scope.team_id) {
        return false;
    }
    candidate.roles.is_none_or(|roles| roles.iter().any(|r| scope.roles.contains(r.as_str())))
}

fn normalized_peer(peer: Option<&RoutePeer>) -> Option<RoutePeer> {
    peer.map(|p| RoutePeer { kind: p.kind, id: p.id.trim().to_owned() })
}

/// OpenClaw's `resolveAgentRoute`.
pub fn resolve_route(input: &RouteInput, config: &RoutingConfig) -> Route {
    let channel = input.channel.trim().to_lowercase();
    let account_id = normalize_account_id(input.account_id.as_deref());
    let peer = normalized_peer(input.peer.as_ref());
    let parent_peer = normalized_peer(input.parent_peer.as_ref()).filter(|p| !p.id.is_empty());
    let guild_id = trimmed(input.guild_id.as_deref());
    let team_id = trimmed(input.team_id.as_deref());
    let roles: HashSet<&str> = input.member_role_ids.iter().map(String::as_str).collect();

    let candidates: Vec<Candidate<'_>> = config
        .bindings
        .iter()
        .filter(|b| {
            let bound = b.channel.trim().to_lowercase();
            !bound.is_empty() && bound == channel && account_matches(b.account_id.as_deref(), &account_id)
        })
        .map(candidate)
        .collect();

    type Tier<'t> = (MatchedBy, bool, Option<&'t RoutePeer>, fn(&Candidate<'_>) -> bool);
    let tiers: [Tier<'_>; 7] = [
        (MatchedBy::Peer, peer.is_some(), peer.as_ref(), |c| matches!(c.peer, PeerConstraint::Valid(_))),
        (MatchedBy::PeerParent, parent_peer.is_some(), parent_peer.as_ref(), |c| {
            matches!(c.peer, PeerConstraint::Valid(_))
        }),
        (MatchedBy::GuildRoles, !guild_id.is_empty() && !roles.is_empty(), peer.as_ref(), |c| {
            c.guild_id.is_some() && c.roles.is_some()
        }),
        (MatchedBy::Guild, !guild_id.is_empty(), peer.as_ref(), |c| c.guild_id.is_some() && c.roles.is_none()),
        (MatchedBy::Team, !team_id.is_empty(), peer.as_ref(), |c| c.team_id.is_some()),
        (MatchedBy::Account, true, peer.as_ref(), |c| !c.any_account),
        (MatchedBy::Channel, true, peer.as_ref(), |c| c.any_account),
    ];
    let chosen = tiers.iter().filter(|(_, enabled, _, _)| *enabled).find_map(|(matched_by, _, scope_peer, wanted)| {
        let scope = Scope { peer: *scope_peer, guild_id: &guild_id, team_id: &team_id, roles: &roles };
        candidates.iter().find(|c| wanted(c) && in_scope(c, &scope)).map(|c| (c.agent_id, *matched_by))
    });
    let (agent, matched_by) = match chosen {
        Some((agent, matched_by)) => (existing_agent(config, agent), matched_by),
        None => (normalize_agent_id(&config.default_agent), MatchedBy::Default),
    };

    let session_key = match &peer {
        // A peer with a blank id still gets its own (`unknown`) session rather than main.
        Some(p) => {
            let id = if p.id.is_empty() { "unknown" } else { p.id.as_str() };
            peer_session_key(&PeerKeyParams {
                agent_id: &agent,
                channel: &channel,
                account_id: Some(&account_id),
                peer_kind: p.kind,
                peer_id: Some(id),
                dm_scope: config.dm_scope,
                identity_links: identity_links(config),
            })
        }
        None => main_session_key(&agent),
    };
    Route {
        main_session_key: main_session_key(&agent),
        session_key: session_key.to_lowercase(),
        agent_id: agent,
        channel,
        account_id,
        matched_by,
    }
}

fn identity_links(config: &RoutingConfig) -> &IdentityLinks {
    config.identity_links.as_slice()
}

/// A bound agent id as configured, or the default agent when a roster exists and does not hold it.
fn existing_agent(config: &RoutingConfig, agent: &str) -> String {
    let trimmed = agent.trim();
    if trimmed.is_empty() {
        return normalize_agent_id(&config.default_agent);
    }
    if config.agent_ids.is_empty() {
        return normalize_agent_id(trimmed);
    }
    let wanted = normalize_agent_id(trimmed);
    match config.agent_ids.iter().find(|id| normalize_agent_id(id) == wanted) {
        Some(id) if !id.trim().is_empty() => normalize_agent_id(id),
        _ => normalize_agent_id(&config.default_agent),
    }
}
