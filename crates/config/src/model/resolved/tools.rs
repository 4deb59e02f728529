//! Resolved `tools.*`: global tool policy with OpenClaw's defaults (`src/agents/tool-policy*.ts`,
//! `src/agents/bash-tools.exec*.ts`, `src/agents/tool-fs-policy.ts`). Evaluation (profiles,
//! groups, per-agent narrowing) is the policy crate's job; this only settles the values.

use std::collections::BTreeMap;

use crate::model::tools::{
    ExecAsk, ExecConfig, ExecHost, ExecSecurity, LoopDetectionConfig, ProviderToolPolicyConfig, SafeBinProfileConfig,
    SessionsVisibility, ToolPolicyConfig, ToolProfile, ToolsConfig,
};

use super::trimmed_list;

pub const DEFAULT_EXEC_BACKGROUND_MS: u64 = 10_000;
pub const DEFAULT_EXEC_TIMEOUT_SEC: u64 = 1800;

/// `tools.*` with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Tools {
    /// `None` = `full` (no restriction).
    pub profile: Option<ToolProfile>,
    /// `None` when unset (everything the profile allows).
    pub allow: Option<Vec<String>>,
    pub also_allow: Vec<String>,
    pub deny: Vec<String>,
    pub by_provider: BTreeMap<String, ProviderToolPolicyConfig>,
    pub fs_workspace_only: bool,
    pub exec: Exec,
    pub elevated: Elevated,
    pub sessions_visibility: SessionsVisibility,
    pub agent_to_agent: AgentToAgent,
    pub subagents: Option<ToolPolicyConfig>,
    pub sandbox: Option<ToolPolicyConfig>,
    pub loop_detection_enabled: bool,
    pub loop_detection: Option<LoopDetectionConfig>,
}

/// `tools.exec.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exec {
    pub host: ExecHost,
    /// Explicit, else `deny` for the sandbox host and `allowlist` for gateway/node.
    pub security: ExecSecurity,
    pub ask: ExecAsk,
    pub node: Option<String>,
    pub path_prepend: Vec<String>,
    /// `None` = the built-in safe bins.
    pub safe_bins: Option<Vec<String>>,
    /// `None` = `/bin`, `/usr/bin`.
    pub safe_bin_trusted_dirs: Option<Vec<String>>,
    pub safe_bin_profiles: BTreeMap<String, SafeBinProfileConfig>,
    pub background_ms: u64,
    pub timeout_sec: u64,
    pub notify_on_exit: bool,
    pub apply_patch: ApplyPatch,
}

/// `tools.exec.applyPatch.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyPatch {
    pub enabled: bool,
    /// Default true: patches stay inside the workspace even without a sandbox.
    pub workspace_only: bool,
    pub allow_models: Option<Vec<String>>,
}

/// `tools.elevated.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elevated {
    /// Enabled unless explicitly false; senders still need an `allowFrom` match.
    pub enabled: bool,
    /// Channel → sender ids, trimmed, blanks dropped.
    pub allow_from: BTreeMap<String, Vec<String>>,
}

/// `tools.agentToAgent.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentToAgent {
    pub enabled: bool,
    pub allow: Vec<String>,
}

/// The default exec security for a host (`src/agents/bash-tools.exec*.ts`).
pub fn default_exec_security(host: ExecHost) -> ExecSecurity {
    match host {
        ExecHost::Sandbox => ExecSecurity::Deny,
        ExecHost::Gateway | ExecHost::Node => ExecSecurity::Allowlist,
    }
}

impl Tools {
    pub(super) fn resolve(raw: Option<&ToolsConfig>) -> Self {
        let empty = ToolsConfig::default();
        let raw = raw.unwrap_or(&empty);
        let elevated = raw.elevated.as_ref();
        let agent_to_agent = raw.agent_to_agent.as_ref();
        Self {
            profile: raw.profile,
            allow: raw.allow.as_deref().map(|a| trimmed_list(Some(a))),
            also_allow: trimmed_list(raw.also_allow.as_deref()),
            deny: trimmed_list(raw.deny.as_deref()),
            by_provider: raw.by_provider.clone(),
            fs_workspace_only: raw.fs.as_ref().and_then(|f| f.workspace_only).unwrap_or(false),
            exec: Exec::resolve(raw.exec.as_ref()),
            elevated: Elevated {
                enabled: elevated.and_then(|e| e.enabled).unwrap_or(true),
                allow_from: elevated
                    .map(|e| e.allow_from.iter().map(|(channel, ids)| (channel.clone(), ids.normalized())).collect())
                    .unwrap_or_default(),
            },
            sessions_visibility: raw.sessions.as_ref().and_then(|s| s.visibility).unwrap_or(SessionsVisibility::Tree),
            agent_to_agent: AgentToAgent {
                enabled: agent_to_agent.and_then(|a| a.enabled).unwrap_or(false),
                allow: trimmed_list(agent_to_agent.and_then(|a| a.allow.as_deref())),
            },
            subagents: raw.subagents.as_ref().and_then(|s| s.tools.clone()),
            sandbox: raw.sandbox.as_ref().and_then(|s| s.tools.clone()),
            loop_detection_enabled: raw.loop_detection.as_ref().and_then(|l| l.enabled).unwrap_or(false),
            loop_detection: raw.loop_detection.clone(),
        }
    }
}

impl Exec {
    /// Also used for per-agent exec settings layered over the global ones by callers.
    pub fn resolve(raw: Option<&ExecConfig>) -> Self {
        let empty = ExecConfig::default();
        let raw = raw.unwrap_or(&empty);
        let host = raw.host.unwrap_or(ExecHost::Sandbox);
        let apply_patch = raw.apply_patch.as_ref();
        Self {
            host,
            security: raw.security.unwrap_or(default_exec_security(host)),
            ask: raw.ask.unwrap_or(ExecAsk::OnMiss),
            node: raw.node.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
            path_prepend: trimmed_list(raw.path_prepend.as_deref()),
            safe_bins: raw.safe_bins.as_deref().map(|b| trimmed_list(Some(b))),
            safe_bin_trusted_dirs: raw.safe_bin_trusted_dirs.as_deref().map(|d| trimmed_list(Some(d))),
            safe_bin_profiles: raw.safe_bin_profiles.clone(),
            background_ms: raw.background_ms.unwrap_or(DEFAULT_EXEC_BACKGROUND_MS),
            timeout_sec: raw.timeout_sec.unwrap_or(DEFAULT_EXEC_TIMEOUT_SEC),
            notify_on_exit: raw.notify_on_exit.unwrap_or(true),
            apply_patch: ApplyPatch {
                enabled: apply_patch.and_then(|a| a.enabled).unwrap_or(false),
                workspace_only: apply_patch.and_then(|a| a.workspace_only).unwrap_or(true),
                allow_models: apply_patch.and_then(|a| a.allow_models.clone()),
            },
        }
    }
}
