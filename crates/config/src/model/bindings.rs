//! `bindings[]`: which agent handles which inbound conversations (first match wins).
//!
//! Source: `src/config/zod-schema.agents.ts` (`BindingsSchema`), `src/routing/resolve-route.ts`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// One `bindings[]` entry.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingConfig {
    /// The agent that gets matching conversations; must be a configured agent.
    pub agent_id: Option<String>,
    pub comment: Option<String>,
    #[serde(rename = "match")]
    pub matcher: Option<BindingMatchConfig>,
}

/// `bindings[].match`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingMatchConfig {
    pub channel: Option<String>,
    pub account_id: Option<String>,
    pub peer: Option<BindingPeerConfig>,
    pub guild_id: Option<String>,
    pub team_id: Option<String>,
    pub roles: Option<Vec<String>>,
}

/// `bindings[].match.peer`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingPeerConfig {
    pub kind: Option<PeerKind>,
    pub id: Option<String>,
}

/// Kind of peer a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeerKind {
    Direct,
    Group,
    Channel,
    /// Deprecated spelling of `direct`.
    Dm,
}
