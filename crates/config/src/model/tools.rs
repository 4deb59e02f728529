//! `tools.*` and the per-agent `agents.list[].tools`: which tools agents get, how `exec` is
//! approved, and which paths file tools may touch.
//!
//! Source: `src/config/zod-schema.agent-runtime.ts` (`ToolsSchema`, `AgentToolsSchema`),
//! `src/config/types.tools.ts`. The evaluation order lives in the policy crate; this is the data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::id_list::IdList;

/// `tools.*` (global).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolsConfig {
    /// Base allowlist before allow/deny (unset = `full`, no restriction).
    pub profile: Option<ToolProfile>,
    /// Tool names, `group:*` names or `*` patterns; absent/empty means "all".
    pub allow: Option<Vec<String>>,
    /// Added to the profile's allowlist (cannot be combined with `allow` in one scope).
    pub also_allow: Option<Vec<String>>,
    /// Always removed; deny wins over allow.
    pub deny: Option<Vec<String>>,
    /// Narrower policy per `provider` or `provider/model`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_provider: BTreeMap<String, ProviderToolPolicyConfig>,
    /// Filesystem guard for read/write/edit/apply_patch.
    pub fs: Option<ToolsFsConfig>,
    /// `exec` host, approvals and safe bins.
    pub exec: Option<ExecConfig>,
    /// Host escape hatch for sandboxed sessions and who may use it.
    pub elevated: Option<ElevatedConfig>,
    /// Which sessions the session tools can see.
    pub sessions: Option<SessionsToolConfig>,
    /// Cross-agent session access for `sessions.visibility: "all"`.
    pub agent_to_agent: Option<AgentToAgentConfig>,
    /// Tool policy for spawned subagents.
    pub subagents: Option<ToolsScopeConfig>,
    /// Tool policy inside the sandbox.
    pub sandbox: Option<ToolsScopeConfig>,
    /// Stops agents stuck in tool-call loops (off by default).
    pub loop_detection: Option<LoopDetectionConfig>,
}

/// `tools.profile`: a named base allowlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolProfile {
    /// `session_status` only.
    Minimal,
    /// Files, runtime, memory, sessions, cron, image.
    Coding,
    /// Session tools and `message`.
    Messaging,
    /// No restriction.
    Full,
}

/// `{allow, alsoAllow, deny}` (groups, sandbox, subagents).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolPolicyConfig {
    pub allow: Option<Vec<String>>,
    pub also_allow: Option<Vec<String>>,
    pub deny: Option<Vec<String>>,
}

/// `tools.byProvider.<key>`: a policy with its own profile.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderToolPolicyConfig {
    pub profile: Option<ToolProfile>,
    pub allow: Option<Vec<String>>,
    pub also_allow: Option<Vec<String>>,
    pub deny: Option<Vec<String>>,
}

/// An object whose only key is `tools` (`tools.subagents`, `tools.sandbox`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolsScopeConfig {
    pub tools: Option<ToolPolicyConfig>,
}

/// `tools.fs.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolsFsConfig {
    /// Confine file tool paths (and prompt image auto-load) to the workspace (default false).
    pub workspace_only: Option<bool>,
}

/// `tools.exec.*` (also `agents.list[].tools.exec`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecConfig {
    /// Where commands run (default `sandbox`, which is the gateway host when sandboxing is off).
    pub host: Option<ExecHost>,
    /// What may run without approval (default `deny` for sandbox, `allowlist` otherwise).
    pub security: Option<ExecSecurity>,
    /// When to ask the operator (default `on-miss`).
    pub ask: Option<ExecAsk>,
    /// Node to run on for `host: "node"`.
    pub node: Option<String>,
    /// Directories prepended to `PATH` for commands.
    pub path_prepend: Option<Vec<String>>,
    /// Binaries allowed without an allowlist entry when their arguments fit a profile.
    pub safe_bins: Option<Vec<String>>,
    /// Directories safe bins must resolve into (default `/bin`, `/usr/bin`).
    pub safe_bin_trusted_dirs: Option<Vec<String>>,
    /// Argument profiles for safe bins; unprofiled safe bins are never auto-allowed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub safe_bin_profiles: BTreeMap<String, SafeBinProfileConfig>,
    /// Commands still running after this long continue in the background (default 10000).
    pub background_ms: Option<u64>,
    /// Hard timeout for a command (default 1800).
    pub timeout_sec: Option<u64>,
    /// Notify the session when a background command exits (default true).
    pub notify_on_exit: Option<bool>,
    /// The `apply_patch` tool.
    pub apply_patch: Option<ApplyPatchConfig>,
}

/// `tools.exec.host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecHost {
    /// The session's sandbox container, or the gateway host when sandboxing is off.
    Sandbox,
    /// The gateway host, subject to exec approvals.
    Gateway,
    /// A paired node.
    Node,
}

/// `tools.exec.security`, ordered from strictest to loosest so `min` is "more secure".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecSecurity {
    /// Nothing runs.
    Deny,
    /// Only allowlisted/safe commands run without approval.
    Allowlist,
    /// Anything runs.
    Full,
}

/// `tools.exec.ask`, ordered from never to always so `max` is "asks more".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExecAsk {
    #[serde(rename = "off")]
    Off,
    /// Ask when a command is not satisfied by the allowlist.
    #[serde(rename = "on-miss")]
    OnMiss,
    #[serde(rename = "always")]
    Always,
}

/// `tools.exec.safeBinProfiles.<bin>`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SafeBinProfileConfig {
    pub min_positional: Option<u64>,
    pub max_positional: Option<u64>,
    pub allowed_value_flags: Option<Vec<String>>,
    pub denied_flags: Option<Vec<String>>,
}

/// `tools.exec.applyPatch.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyPatchConfig {
    pub enabled: Option<bool>,
    /// Refuse patches touching files outside the workspace (default true). `false` is flagged
    /// as a dangerous setting by the audit.
    pub workspace_only: Option<bool>,
    /// Models allowed to use `apply_patch`.
    pub allow_models: Option<Vec<String>>,
}

/// `tools.elevated.*` (also per agent, where it can only restrict).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElevatedConfig {
    /// Enabled unless `false`.
    pub enabled: Option<bool>,
    /// Channel → sender ids allowed to use elevated mode (`*` = anyone on that channel).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allow_from: BTreeMap<String, IdList>,
}

/// `tools.sessions.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsToolConfig {
    pub visibility: Option<SessionsVisibility>,
}

/// `tools.sessions.visibility`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionsVisibility {
    /// Only the current session.
    #[serde(rename = "self")]
    Own,
    /// The current session and the ones it spawned (default).
    Tree,
    /// Any session of the same agent.
    Agent,
    /// Any session, cross-agent only with `tools.agentToAgent`.
    All,
}

/// `tools.agentToAgent.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentToAgentConfig {
    pub enabled: Option<bool>,
    /// Agent id globs both sides must match.
    pub allow: Option<Vec<String>>,
}

/// `tools.loopDetection.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoopDetectionConfig {
    pub enabled: Option<bool>,
    pub history_size: Option<u64>,
    pub warning_threshold: Option<u64>,
    pub critical_threshold: Option<u64>,
    pub global_circuit_breaker_threshold: Option<u64>,
    pub detectors: Option<LoopDetectorsConfig>,
}

/// `tools.loopDetection.detectors.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoopDetectorsConfig {
    pub generic_repeat: Option<bool>,
    pub known_poll_no_progress: Option<bool>,
    pub ping_pong: Option<bool>,
}

/// `agents.list[].tools`: per-agent policy, applied after the global one (it can only narrow).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentToolsConfig {
    pub profile: Option<ToolProfile>,
    pub allow: Option<Vec<String>>,
    pub also_allow: Option<Vec<String>>,
    pub deny: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_provider: BTreeMap<String, ProviderToolPolicyConfig>,
    pub elevated: Option<ElevatedConfig>,
    pub exec: Option<ExecConfig>,
    pub fs: Option<ToolsFsConfig>,
    pub sessions: Option<SessionsToolConfig>,
    pub loop_detection: Option<LoopDetectionConfig>,
    /// Sandbox tool policy for this agent (replaces the global one).
    pub sandbox: Option<ToolsScopeConfig>,
}
