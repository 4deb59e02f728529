//! The layout of the state directory: every path a store reads or writes is computed here, so the
//! layout is written down once and matches OpenClaw's.

use std::path::{Path, PathBuf};

use openclaw_durable::ensure_private_dir;

use crate::{AgentId, Result};

/// The state directory and its layout (OpenClaw's `~/.openclaw`).
///
/// Finding the root (`$OPENCLAW_STATE_DIR`, `--profile`, legacy names) is the caller's job, so this
/// type never reads the environment. Accessors only compute paths; nothing touches the disk until
/// [`StateDir::create`] or a store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDir {
    root: PathBuf,
}

impl StateDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The default config file; `$OPENCLAW_CONFIG_PATH` may point elsewhere.
    pub fn config_file(&self) -> PathBuf {
        self.root.join("openclaw.json")
    }

    pub fn dotenv(&self) -> PathBuf {
        self.root.join(".env")
    }

    /// Pairing requests, allowlists, channel credentials, legacy OAuth.
    pub fn credentials_dir(&self) -> PathBuf {
        self.root.join("credentials")
    }

    pub fn agents_dir(&self) -> PathBuf {
        self.root.join("agents")
    }

    /// `agents/<id>/agent`: the agent's private files (auth profiles, model registry), named like
    /// OpenClaw's `agentDir`.
    pub fn agent_dir(&self, agent: &AgentId) -> PathBuf {
        self.agents_dir().join(agent.as_str()).join("agent")
    }

    /// `agents/<id>/sessions`: `sessions.json` and the JSONL transcripts.
    pub fn sessions_dir(&self, agent: &AgentId) -> PathBuf {
        self.agents_dir().join(agent.as_str()).join("sessions")
    }

    /// API keys and OAuth tokens of one agent.
    pub fn auth_profiles(&self, agent: &AgentId) -> PathBuf {
        self.agent_dir(agent).join("auth-profiles.json")
    }

    pub fn devices_dir(&self) -> PathBuf {
        self.root.join("devices")
    }

    /// Pairing requests still waiting for an operator, keyed by request id.
    pub fn devices_pending_file(&self) -> PathBuf {
        self.devices_dir().join("pending.json")
    }

    /// Approved devices and their per-role tokens, keyed by device id.
    pub fn devices_paired_file(&self) -> PathBuf {
        self.devices_dir().join("paired.json")
    }

    pub fn nodes_dir(&self) -> PathBuf {
        self.root.join("nodes")
    }

    pub fn nodes_pending_file(&self) -> PathBuf {
        self.nodes_dir().join("pending.json")
    }

    pub fn nodes_paired_file(&self) -> PathBuf {
        self.nodes_dir().join("paired.json")
    }

    /// This host's device identity and cached device tokens.
    pub fn identity_dir(&self) -> PathBuf {
        self.root.join("identity")
    }

    /// This host's Ed25519 key pair, used when it connects to a gateway as a client (CLI, node).
    pub fn device_identity_file(&self) -> PathBuf {
        self.identity_dir().join("device.json")
    }

    /// Device tokens a gateway issued to this host, cached per role by the client side.
    pub fn device_auth_file(&self) -> PathBuf {
        self.identity_dir().join("device-auth.json")
    }

    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// One JSON line per config write.
    pub fn config_audit_log(&self) -> PathBuf {
        self.logs_dir().join("config-audit.jsonl")
    }

    pub fn exec_approvals(&self) -> PathBuf {
        self.root.join("exec-approvals.json")
    }

    pub fn cron_dir(&self) -> PathBuf {
        self.root.join("cron")
    }

    pub fn extensions_dir(&self) -> PathBuf {
        self.root.join("extensions")
    }

    /// The default agent workspace (`agents.defaults.workspace` may point elsewhere).
    pub fn workspace_dir(&self) -> PathBuf {
        self.root.join("workspace")
    }

    /// Creates the root and the directories every install has (`credentials/`, `logs/`, the `main`
    /// agent's `agent/` and `sessions/`), each 0700. Idempotent; existing directories keep their mode,
    /// because loosening is never ours to do and tightening is `doctor`'s, with the operator watching.
    pub fn create(&self) -> Result<()> {
        let main = AgentId::main();
        for dir in [
            self.root.clone(),
            self.credentials_dir(),
            self.logs_dir(),
            self.agent_dir(&main),
            self.sessions_dir(&main),
        ] {
            ensure_private_dir(&dir)?;
        }
        Ok(())
    }
}
