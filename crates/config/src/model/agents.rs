//! `agents.*`: defaults shared by all agents (workspace, sandbox) and the configured agents.
//!
//! Agents are listed in `agents.list[]` (OpenClaw ≤ 2026.2) or, in the newer spelling, in
//! `agents.entries` keyed by id; both are accepted and merged, list first. Source:
//! `src/config/zod-schema.agents.ts`, `zod-schema.agent-runtime.ts` (`AgentEntrySchema`,
//! `AgentSandboxSchema`, `SandboxDockerSchema`), `src/agents/agent-scope.ts`.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

use super::ordered_map::OrderedMap;
use super::tools::AgentToolsConfig;

// Agent ids name directories and session keys, so the one normaliser (and the default id it falls
// back to) is the session-key policy's; config re-exports it so a configured id and a routed id
// can never disagree.
pub use openclaw_policy::session_key::{DEFAULT_AGENT_ID, normalize_agent_id};

/// `agents.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentsConfig {
    pub defaults: Option<AgentDefaultsConfig>,
    /// Agents in order; the one with `default: true`, else the first, is the default agent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<AgentConfig>,
    /// Newer spelling: agent id → agent (without `id`). Kept in file order.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub entries: OrderedMap<AgentConfig>,
}

/// `agents.defaults.*` (the parts this gateway acts on).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentDefaultsConfig {
    /// Workspace of the default agent (default `~/.openclaw/workspace`). Keep it narrow: file
    /// tools can reach everything below it.
    pub workspace: Option<String>,
    /// Tool sandbox for all agents unless an agent overrides it.
    pub sandbox: Option<SandboxConfig>,
}

/// One agent: an element of `agents.list[]` or a value of `agents.entries`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentConfig {
    /// Required in `agents.list[]`; in `agents.entries` the key is the id.
    pub id: Option<String>,
    /// Marks the default agent (at most one).
    pub default: Option<bool>,
    pub name: Option<String>,
    /// Workspace directory; file tools and the sandbox mount are rooted here.
    pub workspace: Option<String>,
    /// Per-agent state (auth profiles, sessions). Two agents must never share one.
    pub agent_dir: Option<String>,
    pub model: Option<AgentModelConfig>,
    pub identity: Option<IdentityConfig>,
    pub group_chat: Option<GroupChatConfig>,
    /// Overrides `agents.defaults.sandbox` field by field.
    pub sandbox: Option<SandboxConfig>,
    /// Narrows the global tool policy for this agent.
    pub tools: Option<AgentToolsConfig>,
    pub subagents: Option<SubagentsConfig>,
}

/// `model`: a model id, or `{primary, fallbacks}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentModelConfig {
    Id(String),
    Chain(ModelChainConfig),
}

/// `{primary, fallbacks}` form of a model setting.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelChainConfig {
    pub primary: Option<String>,
    pub fallbacks: Option<Vec<String>>,
}

impl Serialize for AgentModelConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => serializer.serialize_str(id),
            Self::Chain(chain) => chain.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AgentModelConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ModelVisitor;

        impl<'de> Visitor<'de> for ModelVisitor {
            type Value = AgentModelConfig;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a model id or {primary, fallbacks}")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<AgentModelConfig, E> {
                Ok(AgentModelConfig::Id(value.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AgentModelConfig, A::Error> {
                let chain = ModelChainConfig::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AgentModelConfig::Chain(chain))
            }
        }

        deserializer.deserialize_any(ModelVisitor)
    }
}

/// `identity.*`: how the agent presents itself (its name also feeds default mention patterns).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityConfig {
    pub name: Option<String>,
    pub theme: Option<String>,
    pub emoji: Option<String>,
    pub avatar: Option<String>,
}

/// `groupChat.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupChatConfig {
    /// Regexes (case-insensitive) that count as a mention in groups. Present, even empty,
    /// replaces `messages.groupChat.mentionPatterns`.
    pub mention_patterns: Option<Vec<String>>,
    pub history_limit: Option<u64>,
}

/// `subagents.*` of an agent.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubagentsConfig {
    /// Agent ids this agent may spawn (`*` = any).
    pub allow_agents: Option<Vec<String>>,
    pub model: Option<AgentModelConfig>,
    pub thinking: Option<String>,
}

/// `sandbox.*` (defaults or per agent): where tools run.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxConfig {
    /// Which sessions are sandboxed (default `off`: tools run on the gateway host).
    pub mode: Option<SandboxMode>,
    /// How the agent workspace is visible inside the sandbox (default `none`).
    pub workspace_access: Option<WorkspaceAccess>,
    /// Session-tool visibility for sandboxed sessions (default `spawned`, clamps to `tree`).
    pub session_tools_visibility: Option<SandboxSessionToolsVisibility>,
    /// Container sharing (default `agent`); `shared` lets agents see each other's files.
    pub scope: Option<SandboxScope>,
    /// Legacy spelling of `scope: "session"`.
    pub per_session: Option<bool>,
    /// Where sandbox workspaces are created (default `~/.openclaw/sandboxes`).
    pub workspace_root: Option<String>,
    pub docker: Option<SandboxDockerConfig>,
    pub browser: Option<SandboxBrowserConfig>,
}

/// `sandbox.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SandboxMode {
    #[serde(rename = "off")]
    Off,
    /// Every session except the agent's main session.
    #[serde(rename = "non-main")]
    NonMain,
    #[serde(rename = "all")]
    All,
}

/// `sandbox.scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SandboxScope {
    /// One container per session (strictest).
    Session,
    /// One container per agent (default).
    Agent,
    /// One container for everything (no isolation between agents).
    Shared,
}

/// `sandbox.workspaceAccess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkspaceAccess {
    /// Tools see only a sandbox workspace (default).
    None,
    /// Agent workspace mounted read-only at `/agent`; write/edit/apply_patch disabled.
    Ro,
    /// Agent workspace mounted read-write at `/workspace`.
    Rw,
}

/// `sandbox.sessionToolsVisibility`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SandboxSessionToolsVisibility {
    Spawned,
    All,
}

/// `sandbox.docker.*` (the security-relevant part).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxDockerConfig {
    pub image: Option<String>,
    /// Docker network (default `none`). `host` is refused; `container:<id>` joins another
    /// container's namespaces and needs `dangerouslyAllowContainerNamespaceJoin`.
    pub network: Option<String>,
    pub user: Option<String>,
    pub read_only_root: Option<bool>,
    pub cap_drop: Option<Vec<String>>,
    /// Bind mounts `source:target[:mode]`; sources must be absolute.
    pub binds: Option<Vec<String>>,
    /// `unconfined` is refused.
    pub seccomp_profile: Option<String>,
    /// `unconfined` is refused.
    pub apparmor_profile: Option<String>,
    /// Allow binds onto reserved container paths (e.g. the workspace mounts).
    pub dangerously_allow_reserved_container_targets: Option<bool>,
    /// Allow bind sources outside the allowed roots.
    pub dangerously_allow_external_bind_sources: Option<bool>,
    /// Allow `network: "container:<id>"`.
    pub dangerously_allow_container_namespace_join: Option<bool>,
}

/// `sandbox.browser.*` (the security-relevant part).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxBrowserConfig {
    pub enabled: Option<bool>,
    /// Docker network of the browser container; `host` is refused.
    pub network: Option<String>,
    /// Let sandboxed sessions drive the host browser.
    pub allow_host_control: Option<bool>,
}

/// Where an agent was defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentOrigin<'a> {
    /// `agents.list[index]`.
    List(usize),
    /// `agents.entries.<key>`.
    Entries(&'a str),
}

/// One configured agent with where it came from and its id as written.
#[derive(Debug, Clone, Copy)]
pub struct AgentSlot<'a> {
    pub origin: AgentOrigin<'a>,
    /// `id` of a list entry, or the key of an `entries` entry; `None` if a list entry has none.
    pub id: Option<&'a str>,
    pub config: &'a AgentConfig,
}

impl AgentsConfig {
    /// All configured agents: `list` in order, then `entries` in file order.
    pub fn agents(&self) -> impl Iterator<Item = AgentSlot<'_>> {
        let listed = self.list.iter().enumerate().map(|(index, config)| AgentSlot {
            origin: AgentOrigin::List(index),
            id: config.id.as_deref(),
            config,
        });
        let keyed = self.entries.iter().map(|(key, config)| AgentSlot {
            origin: AgentOrigin::Entries(key),
            id: Some(key),
            config,
        });
        listed.chain(keyed)
    }

    pub fn has_agents(&self) -> bool {
        !self.list.is_empty() || !self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests;
