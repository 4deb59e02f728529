//! Resolved `agents.*`: the default workspace, the sandbox each agent gets (agent settings over
//! `agents.defaults.sandbox`, as `resolveSandboxConfigForAgent` in
//! `src/agents/sandbox/config.ts`), and the merged agent list with its default agent
//! (`resolveDefaultAgentId` in `src/agents/agent-scope.ts`).

use crate::model::agents::{
    AgentModelConfig, AgentsConfig, DEFAULT_AGENT_ID, GroupChatConfig, IdentityConfig, SandboxConfig, SandboxMode,
    SandboxScope, SandboxSessionToolsVisibility, SubagentsConfig, WorkspaceAccess, normalize_agent_id,
};
use crate::model::tools::AgentToolsConfig;

use super::non_blank;

/// Default agent workspace, unexpanded (`~` is the caller's to expand).
pub const DEFAULT_WORKSPACE: &str = "~/.openclaw/workspace";
/// Default Docker network of sandbox containers: no network at all.
pub const DEFAULT_SANDBOX_NETWORK: &str = "none";
/// Default sandbox image.
pub const DEFAULT_SANDBOX_IMAGE: &str = "openclaw-sandbox:bookworm-slim";

/// `agents.*` with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Agents {
    /// Workspace of the default agent when it sets none.
    pub default_workspace: String,
    /// `agents.defaults.workspace` was written (other agents then live below it).
    pub default_workspace_set: bool,
    /// `agents.defaults.sandbox` resolved on its own (what an agent without overrides gets).
    pub default_sandbox: Sandbox,
    /// `agents.list` then `agents.entries`; a lone implicit `main` agent when none is configured.
    pub list: Vec<Agent>,
    /// The agent marked default, else the first, else `main` (normalised).
    pub default_agent_id: String,
}

impl Agents {
    pub fn get(&self, id: &str) -> Option<&Agent> {
        let id = normalize_agent_id(id);
        self.list.iter().find(|agent| agent.id == id)
    }

    pub fn default_agent(&self) -> Option<&Agent> {
        self.get(&self.default_agent_id)
    }

    /// An agent's workspace as written (`~` not expanded), OpenClaw's rule: its own
    /// `workspace`; else, for the default agent, `agents.defaults.workspace` or
    /// `<stateDir>/workspace`; for any other agent `<agents.defaults.workspace>/<id>` or
    /// `<stateDir>/workspace-<id>`, so two agents never share one by accident.
    pub fn workspace_of(&self, id: &str, state_dir: &str) -> String {
        let id = normalize_agent_id(id);
        if let Some(own) = self.get(&id).and_then(|agent| agent.workspace.clone()) {
            return own;
        }
        let state_dir = state_dir.trim_end_matches('/');
        match (id == self.default_agent_id, self.default_workspace_set) {
            (true, true) => self.default_workspace.clone(),
            (true, false) => format!("{state_dir}/workspace"),
            (false, true) => format!("{}/{id}", self.default_workspace.trim_end_matches('/')),
            (false, false) => format!("{state_dir}/workspace-{id}"),
        }
    }
}

/// One agent with its effective sandbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Normalised id (lowercase, path-safe).
    pub id: String,
    pub is_default: bool,
    pub name: Option<String>,
    /// Explicit workspace; `None` means the default workspace (default agent) or a per-agent
    /// directory under the state dir (others), which the caller derives.
    pub workspace: Option<String>,
    pub agent_dir: Option<String>,
    pub model: Option<AgentModelConfig>,
    pub identity: Option<IdentityConfig>,
    pub group_chat: Option<GroupChatConfig>,
    pub sandbox: Sandbox,
    /// Per-agent tool policy as written (narrows the global one).
    pub tools: Option<AgentToolsConfig>,
    pub subagents: Option<SubagentsConfig>,
}

/// Effective sandbox settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    pub mode: SandboxMode,
    pub scope: SandboxScope,
    pub workspace_access: WorkspaceAccess,
    pub session_tools_visibility: SandboxSessionToolsVisibility,
    /// `None` means `<stateDir>/sandboxes`.
    pub workspace_root: Option<String>,
    pub docker: SandboxDocker,
    pub browser: SandboxBrowser,
}

/// Effective sandbox container settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxDocker {
    pub image: String,
    pub network: String,
    pub user: Option<String>,
    pub read_only_root: bool,
    pub cap_drop: Vec<String>,
    /// Defaults' binds followed by the agent's.
    pub binds: Vec<String>,
    pub seccomp_profile: Option<String>,
    pub apparmor_profile: Option<String>,
    pub dangerously_allow_reserved_container_targets: bool,
    pub dangerously_allow_external_bind_sources: bool,
    pub dangerously_allow_container_namespace_join: bool,
}

/// Effective sandbox browser settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxBrowser {
    pub enabled: bool,
    /// `None` means the browser container's default network.
    pub network: Option<String>,
    pub allow_host_control: bool,
}

impl Agents {
    pub(super) fn resolve(raw: Option<&AgentsConfig>) -> Self {
        let defaults = raw.and_then(|a| a.defaults.as_ref());
        let default_sandbox_raw = defaults.and_then(|d| d.sandbox.as_ref());
        let default_sandbox = Sandbox::resolve(default_sandbox_raw, None);
        let mut list: Vec<Agent> = Vec::new();
        for slot in raw.into_iter().flat_map(AgentsConfig::agents) {
            let id = normalize_agent_id(slot.id.unwrap_or_default());
            if list.iter().any(|agent| agent.id == id) {
                continue;
            }
            let config = slot.config;
            list.push(Agent {
                id,
                is_default: false,
                name: non_blank(config.name.as_deref()),
                workspace: non_blank(config.workspace.as_deref()),
                agent_dir: non_blank(config.agent_dir.as_deref()),
                model: config.model.clone(),
                identity: config.identity.clone(),
                group_chat: config.group_chat.clone(),
                sandbox: Sandbox::resolve(default_sandbox_raw, config.sandbox.as_ref()),
                tools: config.tools.clone(),
                subagents: config.subagents.clone(),
            });
        }
        let marked = raw
            .into_iter()
            .flat_map(AgentsConfig::agents)
            .find(|slot| slot.config.default == Some(true))
            .map(|slot| normalize_agent_id(slot.id.unwrap_or_default()));
        if list.is_empty() {
            list.push(Agent {
                id: DEFAULT_AGENT_ID.to_owned(),
                is_default: false,
                name: None,
                workspace: None,
                agent_dir: None,
                model: None,
                identity: None,
                group_chat: None,
                sandbox: default_sandbox.clone(),
                tools: None,
                subagents: None,
            });
        }
        let default_agent_id = marked
            .or_else(|| list.first().map(|agent| agent.id.clone()))
            .unwrap_or_else(|| DEFAULT_AGENT_ID.to_owned());
        for agent in &mut list {
            agent.is_default = agent.id == default_agent_id;
        }
        let written_default = non_blank(defaults.and_then(|d| d.workspace.as_deref()));
        Self {
            default_workspace_set: written_default.is_some(),
            default_workspace: written_default.unwrap_or_else(|| DEFAULT_WORKSPACE.to_owned()),
            default_sandbox,
            list,
            default_agent_id,
        }
    }
}

impl Sandbox {
    /// `agent` over `defaults`, field by field; with `scope: "shared"` the agent's container
    /// settings are ignored (one container cannot have per-agent settings).
    fn resolve(defaults: Option<&SandboxConfig>, agent: Option<&SandboxConfig>) -> Self {
        let pick = |f: fn(&SandboxConfig) -> Option<bool>| agent.and_then(f).or_else(|| defaults.and_then(f));
        let scope = agent
            .and_then(|a| a.scope)
            .or_else(|| defaults.and_then(|d| d.scope))
            .or_else(|| {
                pick(|s| s.per_session).map(|per| if per { SandboxScope::Session } else { SandboxScope::Shared })
            })
            .unwrap_or(SandboxScope::Agent);
        let container_agent = if scope == SandboxScope::Shared { None } else { agent };
        let global_docker = defaults.and_then(|d| d.docker.as_ref());
        let agent_docker = container_agent.and_then(|a| a.docker.as_ref());
        let docker_text = |f: fn(&crate::model::agents::SandboxDockerConfig) -> Option<&String>| {
            agent_docker.and_then(f).or_else(|| global_docker.and_then(f)).cloned()
        };
        let docker_flag = |f: fn(&crate::model::agents::SandboxDockerConfig) -> Option<bool>| {
            agent_docker.and_then(f).or_else(|| global_docker.and_then(f)).unwrap_or(false)
        };
        let global_browser = defaults.and_then(|d| d.browser.as_ref());
        let agent_browser = container_agent.and_then(|a| a.browser.as_ref());
        let binds = global_docker
            .and_then(|d| d.binds.clone())
            .into_iter()
            .flatten()
            .chain(agent_docker.and_then(|d| d.binds.clone()).into_iter().flatten())
            .collect();
        Self {
            mode: agent.and_then(|a| a.mode).or_else(|| defaults.and_then(|d| d.mode)).unwrap_or(SandboxMode::Off),
            scope,
            workspace_access: agent
                .and_then(|a| a.workspace_access)
                .or_else(|| defaults.and_then(|d| d.workspace_access))
                .unwrap_or(WorkspaceAccess::None),
            session_tools_visibility: agent
                .and_then(|a| a.session_tools_visibility)
                .or_else(|| defaults.and_then(|d| d.session_tools_visibility))
                .unwrap_or(SandboxSessionToolsVisibility::Spawned),
            workspace_root: non_blank(
                agent
                    .and_then(|a| a.workspace_root.as_deref())
                    .or_else(|| defaults.and_then(|d| d.workspace_root.as_deref())),
            ),
            docker: SandboxDocker {
                image: docker_text(|d| d.image.as_ref()).unwrap_or_else(|| DEFAULT_SANDBOX_IMAGE.to_owned()),
                network: docker_text(|d| d.network.as_ref()).unwrap_or_else(|| DEFAULT_SANDBOX_NETWORK.to_owned()),
                user: docker_text(|d| d.user.as_ref()),
                read_only_root: agent_docker
                    .and_then(|d| d.read_only_root)
                    .or_else(|| global_docker.and_then(|d| d.read_only_root))
                    .unwrap_or(true),
                cap_drop: agent_docker
                    .and_then(|d| d.cap_drop.clone())
                    .or_else(|| global_docker.and_then(|d| d.cap_drop.clone()))
                    .unwrap_or_else(|| vec!["ALL".to_owned()]),
                binds,
                seccomp_profile: docker_text(|d| d.seccomp_profile.as_ref()),
                apparmor_profile: docker_text(|d| d.apparmor_profile.as_ref()),
                dangerously_allow_reserved_container_targets: docker_flag(|d| {
                    d.dangerously_allow_reserved_container_targets
                }),
                dangerously_allow_external_bind_sources: docker_flag(|d| d.dangerously_allow_external_bind_sources),
                dangerously_allow_container_namespace_join: docker_flag(|d| {
                    d.dangerously_allow_container_namespace_join
                }),
            },
            browser: SandboxBrowser {
                enabled: agent_browser
                    .and_then(|b| b.enabled)
                    .or_else(|| global_browser.and_then(|b| b.enabled))
                    .unwrap_or(false),
                network: agent_browser
                    .and_then(|b| b.network.clone())
                    .or_else(|| global_browser.and_then(|b| b.network.clone())),
                allow_host_control: agent_browser
                    .and_then(|b| b.allow_host_control)
                    .or_else(|| global_browser.and_then(|b| b.allow_host_control))
                    .unwrap_or(false),
            },
        }
    }
}
