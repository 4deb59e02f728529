//! Session keys: which conversation a message belongs to, and therefore whose context the agent
//! sees. A key is `agent:<agentId>:<rest>`, always lowercase; DMs collapse into the agent's main
//! session or are isolated per peer according to `session.dmScope`, groups and channels always get
//! their own key, and threads append `:thread:<id>`. The same strings name entries in
//! `sessions.json` and transcript files, so they follow OpenClaw 2026.9 byte for byte (including
//! `:direct:`, where OpenClaw's docs still say `:dm:`).
//!
//! Isolation is the security property: two different people must never land in the same session
//! unless the operator linked them with `session.identityLinks`. [`resolve_route`] picks the agent
//! from the configured bindings and builds the key; everything here is a pure function of its
//! arguments.

mod route;
#[cfg(test)]
mod tests;

pub use route::{Binding, BindingPeer, MatchedBy, Route, RouteInput, RoutePeer, RoutingConfig, resolve_route};

/// The agent used when nothing names one.
pub const DEFAULT_AGENT_ID: &str = "main";
/// The last segment of an agent's main session key.
pub const DEFAULT_MAIN_KEY: &str = "main";
/// The account of a channel configured at the top level rather than under `accounts.<id>`.
pub const DEFAULT_ACCOUNT_ID: &str = "default";

const MAX_ID_LEN: usize = 64;

/// `session.identityLinks`: canonical name → the peer ids (`"<channel>:<id>"` or bare `"<id>"`)
/// that are the same person. Kept as ordered pairs because the first canonical listing a peer wins.
pub type IdentityLinks = [(String, Vec<String>)];

/// `session.dmScope`: how direct messages are split into sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DmScope {
    /// All DMs share the agent's main session (continuity across devices and channels).
    #[default]
    Main,
    PerPeer,
    PerChannelPeer,
    PerAccountChannelPeer,
}

impl DmScope {
    /// Parses the config value; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "main" => Some(Self::Main),
            "per-peer" => Some(Self::PerPeer),
            "per-channel-peer" => Some(Self::PerChannelPeer),
            "per-account-channel-peer" => Some(Self::PerAccountChannelPeer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::PerPeer => "per-peer",
            Self::PerChannelPeer => "per-channel-peer",
            Self::PerAccountChannelPeer => "per-account-channel-peer",
        }
    }
}

/// What kind of conversation a peer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeerKind {
    Direct,
    Group,
    Channel,
}

impl PeerKind {
    /// Parses a chat type; the legacy `dm` means `direct`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "direct" | "dm" => Some(Self::Direct),
            "group" => Some(Self::Group),
            "channel" => Some(Self::Channel),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Group => "group",
            Self::Channel => "channel",
        }
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `/^[a-z0-9][a-z0-9_-]{0,63}$/i`.
fn is_valid_id(value: &str) -> bool {
    value.len() <= MAX_ID_LEN
        && value.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && value.chars().all(is_id_char)
}

/// Best-effort path-safe form of an id that is not already valid: lowercase, every run of
/// invalid characters becomes one `-`, dashes trimmed from both ends, at most 64 characters.
/// Empty when nothing usable is left.
fn canonical_id(trimmed: &str) -> String {
    if is_valid_id(trimmed) {
        return trimmed.to_ascii_lowercase();
    }
    let mut collapsed = String::with_capacity(trimmed.len());
    let mut in_invalid_run = false;
    // Full Unicode lowercasing, as JavaScript does: a few non-ASCII letters fold to ASCII.
    for c in trimmed.to_lowercase().chars() {
        if is_id_char(c) {
            collapsed.push(c);
            in_invalid_run = false;
        } else if !in_invalid_run {
            collapsed.push('-');
            in_invalid_run = true;
        }
    }
    collapsed.trim_matches('-').chars().take(MAX_ID_LEN).collect()
}

/// OpenClaw's `normalizeAgentId`: agent ids name directories and session keys, so they are made
/// lowercase and path-safe; blank or unusable means [`DEFAULT_AGENT_ID`].
pub fn normalize_agent_id(raw: &str) -> String {
    let trimmed = raw.trim();
    let id = if trimmed.is_empty() { String::new() } else { canonical_id(trimmed) };
    if id.is_empty() { DEFAULT_AGENT_ID.to_owned() } else { id }
}

/// OpenClaw's `normalizeOptionalAccountId`: like agent ids, but blank stays absent, and the
/// JavaScript prototype keys are refused because account ids index plain objects there.
pub fn normalize_optional_account_id(raw: Option<&str>) -> Option<String> {
    let trimmed = raw.unwrap_or("").trim();
    if trimmed.is_empty() {
        return None;
    }
    let id = canonical_id(trimmed);
    let blocked = matches!(id.as_str(), "__proto__" | "prototype" | "constructor");
    (!id.is_empty() && !blocked).then_some(id)
}

/// OpenClaw's `normalizeAccountId`: [`normalize_optional_account_id`] or [`DEFAULT_ACCOUNT_ID`].
pub fn normalize_account_id(raw: Option<&str>) -> String {
    normalize_optional_account_id(raw).unwrap_or_else(|| DEFAULT_ACCOUNT_ID.to_owned())
}

fn token(value: &str) -> String {
    value.trim().to_lowercase()
}

/// `agent:<agentId>:main`.
pub fn main_session_key(agent_id: &str) -> String {
    format!("agent:{}:{DEFAULT_MAIN_KEY}", normalize_agent_id(agent_id))
}

/// Everything that decides a conversation's session key.
#[derive(Debug, Clone, Copy)]
pub struct PeerKeyParams<'a> {
    pub agent_id: &'a str,
    pub channel: &'a str,
    /// `None` means the default account.
    pub account_id: Option<&'a str>,
    pub peer_kind: PeerKind,
    /// The peer id (sender for DMs, group/channel id otherwise); `None` or blank for DMs means
    /// the main session, for groups `unknown`.
    pub peer_id: Option<&'a str>,
    pub dm_scope: DmScope,
    pub identity_links: &'a IdentityLinks,
}

/// OpenClaw's `buildAgentPeerSessionKey`.
///
/// DMs: `main` → `agent:<a>:main`; `per-peer` → `agent:<a>:direct:<peer>`; `per-channel-peer` →
/// `agent:<a>:<channel>:direct:<peer>`; `per-account-channel-peer` →
/// `agent:<a>:<channel>:<account>:direct:<peer>`. Outside `main`, a peer listed in
/// `identityLinks` is replaced by its canonical name. Groups and channels:
/// `agent:<a>:<channel>:<kind>:<id>`, never DM-scoped.
pub fn peer_session_key(params: &PeerKeyParams<'_>) -> String {
    let agent = normalize_agent_id(params.agent_id);
    let channel = Some(token(params.channel)).filter(|c| !c.is_empty()).unwrap_or_else(|| "unknown".to_owned());
    let raw_peer = params.peer_id.unwrap_or("").trim();
    if params.peer_kind != PeerKind::Direct {
        let peer = if raw_peer.is_empty() { "unknown".to_owned() } else { raw_peer.to_lowercase() };
        return format!("agent:{agent}:{channel}:{}:{peer}", params.peer_kind.as_str());
    }
    let linked = match params.dm_scope {
        DmScope::Main => None,
        _ => linked_peer_id(params.identity_links, params.channel, raw_peer),
    };
    let peer = linked.unwrap_or_else(|| raw_peer.to_owned()).to_lowercase();
    if peer.is_empty() {
        return main_session_key(params.agent_id);
    }
    match params.dm_scope {
        DmScope::Main => main_session_key(params.agent_id),
        DmScope::PerPeer => format!("agent:{agent}:direct:{peer}"),
        DmScope::PerChannelPeer => format!("agent:{agent}:{channel}:direct:{peer}"),
        DmScope::PerAccountChannelPeer => {
            let account = normalize_account_id(params.account_id);
            format!("agent:{agent}:{channel}:{account}:direct:{peer}")
        }
    }
}

/// The canonical name `identityLinks` gives a peer: the first canonical whose list holds the peer
/// id or `<channel>:<peer id>` (case-insensitive). Blank canonicals are skipped.
pub fn linked_peer_id(identity_links: &IdentityLinks, channel: &str, peer_id: &str) -> Option<String> {
    let peer = token(peer_id);
    if peer.is_empty() {
        return None;
    }
    let channel = token(channel);
    let scoped = (!channel.is_empty()).then(|| token(&format!("{channel}:{}", peer_id.trim())));
    identity_links.iter().find_map(|(canonical, ids)| {
        let canonical = canonical.trim();
        let listed =
            ids.iter().map(|id| token(id)).any(|id| !id.is_empty() && (id == peer || Some(&id) == scoped.as_ref()));
        (!canonical.is_empty() && listed).then(|| canonical.to_owned())
    })
}

/// A thread's session key: `<base>:thread:<id>` (the id lowercased); the base key itself when
/// there is no thread id.
pub fn thread_session_key(base: &str, thread_id: Option<&str>) -> String {
    match thread_id.map(str::trim).filter(|t| !t.is_empty()) {
        Some(thread) => format!("{base}:thread:{}", thread.to_lowercase()),
        None => base.to_owned(),
    }
}

/// The peer id of a Telegram forum topic: `<chatId>:topic:<topicId>`, so each topic gets its own
/// group session (`agent:<a>:telegram:group:<chat>:topic:<topic>`).
pub fn telegram_topic_peer_id(chat_id: &str, topic_id: Option<&str>) -> String {
    match topic_id.map(str::trim).filter(|t| !t.is_empty()) {
        Some(topic) => format!("{}:topic:{topic}", chat_id.trim()),
        None => chat_id.trim().to_owned(),
    }
}

/// The key under which unprocessed group messages are buffered as context:
/// `<channel>:<account>:<kind>:<peer>`.
pub fn group_history_key(channel: &str, account_id: Option<&str>, peer_kind: PeerKind, peer_id: &str) -> String {
    let channel = Some(token(channel)).filter(|c| !c.is_empty()).unwrap_or_else(|| "unknown".to_owned());
    let account = normalize_account_id(account_id);
    let peer = Some(token(peer_id)).filter(|p| !p.is_empty()).unwrap_or_else(|| "unknown".to_owned());
    format!("{channel}:{account}:{}:{peer}", peer_kind.as_str())
}

/// An `agent:<id>:<rest>` key taken apart, both parts lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSessionKey {
    pub agent_id: String,
    pub rest: String,
}

/// OpenClaw's `parseAgentSessionKey`: case-insensitive, empty `:`-segments ignored, at least
/// `agent`, an id and one more segment.
pub fn parse_agent_session_key(key: &str) -> Option<ParsedSessionKey> {
    let lowered = key.trim().to_lowercase();
    let parts: Vec<&str> = lowered.split(':').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        ["agent", agent, rest @ ..] if !rest.is_empty() && !agent.trim().is_empty() => {
            Some(ParsedSessionKey { agent_id: agent.trim().to_owned(), rest: rest.join(":") })
        }
        _ => None,
    }
}

/// What a stored key looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKeyShape {
    Missing,
    Agent,
    /// Starts with `agent:` but does not parse (`agent:main`, `agent::x`).
    MalformedAgent,
    /// A bare key such as `main` or `cron:job`.
    LegacyOrAlias,
}

pub fn classify_session_key(key: &str) -> SessionKeyShape {
    let raw = key.trim();
    if raw.is_empty() {
        SessionKeyShape::Missing
    } else if parse_agent_session_key(raw).is_some() {
        SessionKeyShape::Agent
    } else if raw.to_lowercase().starts_with("agent:") {
        SessionKeyShape::MalformedAgent
    } else {
        SessionKeyShape::LegacyOrAlias
    }
}

/// The key a session is stored under: `main` (or blank) is the agent's main key, `agent:` keys
/// are kept (lowercased), anything else is scoped to the given agent as `agent:<id>:<key>`.
pub fn to_store_session_key(agent_id: &str, request_key: Option<&str>) -> String {
    let raw = request_key.unwrap_or("").trim();
    if raw.is_empty() || raw.eq_ignore_ascii_case(DEFAULT_MAIN_KEY) {
        return main_session_key(agent_id);
    }
    if let Some(parsed) = parse_agent_session_key(raw) {
        return format!("agent:{}:{}", parsed.agent_id, parsed.rest);
    }
    let lowered = raw.to_lowercase();
    if lowered.starts_with("agent:") {
        return lowered;
    }
    format!("agent:{}:{lowered}", normalize_agent_id(agent_id))
}

/// The key as a client names it: the part after `agent:<id>:`, or the key itself.
pub fn to_request_session_key(store_key: &str) -> Option<String> {
    let raw = store_key.trim();
    if raw.is_empty() {
        return None;
    }
    Some(parse_agent_session_key(raw).map_or_else(|| raw.to_owned(), |p| p.rest))
}

/// The agent a key belongs to ([`DEFAULT_AGENT_ID`] for keys that are not `agent:` keys).
pub fn agent_id_from_session_key(key: &str) -> String {
    parse_agent_session_key(key).map_or_else(|| DEFAULT_AGENT_ID.to_owned(), |p| normalize_agent_id(&p.agent_id))
}

/// The session a thread or topic key hangs off: everything before the last `:thread:` or
/// `:topic:`; `None` for keys without one.
pub fn thread_parent_session_key(key: &str) -> Option<String> {
    let raw = key.trim();
    // ASCII lowercasing keeps byte offsets, so the index found is valid in `raw`.
    let lowered = raw.to_ascii_lowercase();
    let idx = [":thread:", ":topic:"].iter().filter_map(|m| lowered.rfind(m)).max()?;
    if idx == 0 {
        return None;
    }
    let parent = raw[..idx].trim();
    (!parent.is_empty()).then(|| parent.to_owned())
}
