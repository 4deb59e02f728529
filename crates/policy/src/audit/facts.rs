//! Everything the audit knows about the world, gathered by the caller before the checks run.
//!
//! The checks never read a file, the environment, `PATH` or the clock: the CLI collects these
//! facts (see `openclaw-cli`'s `audit_facts`), and tests build them by hand. What the caller has
//! to look at depends on the config (which agents, which log file, which bind mounts); the
//! [`super::plan`] module answers that question purely, so the two sides cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// Input of [`super::run_audit`].
#[derive(Debug, Clone, Default)]
pub struct AuditFacts {
    /// Epoch milliseconds of the run, copied to the report.
    pub ts_ms: u64,
    /// The config tree after `$include` and `${VAR}`, before defaults (`{}` when there is no file).
    pub config: Value,
    /// Dotted config paths whose `${VAR}` reference named an unset variable: the value is still
    /// the literal reference, so it counts as configured but not as a usable secret.
    pub unresolved_paths: BTreeSet<String>,
    /// Dotted paths whose value in the config file is written as a `${VAR}` reference (so the
    /// secret itself is not stored in the file).
    pub env_ref_paths: BTreeSet<String>,
    /// The environment variables the audit reads (see [`super::plan::env_names`]), unset ones left out.
    pub env: BTreeMap<String, String>,
    pub state_dir: String,
    pub config_path: String,
    /// `--auth/--token/--password`: gateway auth for this run only.
    pub auth_override: Option<AuthOverride>,
    /// Permission facts; `None` skips the filesystem checks.
    pub filesystem: Option<FilesystemFacts>,
    /// Which sandbox runtimes this host has.
    pub sandbox_backends: SandboxBackends,
    /// Installed plugins, hook packs and their install records.
    pub extensions: ExtensionFacts,
    /// `<state>/exec-approvals.json`, parsed; `None` when absent or unreadable.
    pub exec_approvals: Option<Value>,
    /// `<state>/skills/config/mcporter.json`.
    pub mcporter: McporterRegistry,
    /// Pairing-store allowlists (`credentials/<channel>[-<account>]-allowFrom.json`), keyed
    /// `channel` or `channel:account`.
    pub pairing_allow_from: BTreeMap<String, Vec<String>>,
    /// Channels with credentials this host can see (files under `credentials/<channel>/`),
    /// keyed `channel` or `channel:account`.
    pub channel_credential_files: BTreeSet<String>,
    /// Sandbox bind sources resolved through their deepest existing ancestor (symlinks followed),
    /// keyed by the normalized source path ([`super::plan::bind_sources`]).
    pub bind_source_realpaths: BTreeMap<String, String>,
    /// Home directories whose credential folders a bind mount must not expose (normalized and
    /// canonical forms).
    pub home_roots: Vec<String>,
    /// Workspace `skills/**/SKILL.md` files whose real path leaves their workspace.
    pub workspace_skills: WorkspaceSkillFacts,
    /// Sandbox browser containers found through the local Docker daemon.
    pub browser_containers: BrowserContainerFacts,
    /// `--deep` results; `None` without `--deep`.
    pub deep: Option<DeepFacts>,
}

/// Gateway auth given on the command line for one audit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthOverride {
    pub mode: Option<String>,
    pub token: Option<String>,
    pub password: Option<String>,
}

/// lstat facts of one path; for a symlink, mode and kind are the target's when it resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPerms {
    pub path: String,
    pub is_symlink: bool,
    pub is_dir: bool,
    pub is_file: bool,
    /// Permission bits (`mode & 0o777`).
    pub mode: u32,
}

impl PathPerms {
    pub fn world_writable(&self) -> bool {
        self.mode & 0o002 != 0
    }
    pub fn group_writable(&self) -> bool {
        self.mode & 0o020 != 0
    }
    pub fn world_readable(&self) -> bool {
        self.mode & 0o004 != 0
    }
    pub fn group_readable(&self) -> bool {
        self.mode & 0o040 != 0
    }
    pub fn writable_by_others(&self) -> bool {
        self.world_writable() || self.group_writable()
    }
    pub fn readable_by_others(&self) -> bool {
        self.world_readable() || self.group_readable()
    }
}

/// Permission facts for the paths the filesystem checks judge. Missing paths are `None` / absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilesystemFacts {
    pub state_dir: Option<PathPerms>,
    pub config: Option<PathPerms>,
    /// Every file pulled in through `$include`, recursively.
    pub includes: Vec<PathPerms>,
    /// `<state>/credentials` or `$OPENCLAW_OAUTH_DIR`.
    pub credentials_dir: Option<PathPerms>,
    /// Auth-profile stores of the audited agents, with a label (`auth-profiles.json` or the
    /// SQLite store).
    pub auth_profiles: Vec<LabeledPath>,
    /// `agents/<id>/sessions/sessions.json` of the audited agents.
    pub session_stores: Vec<PathPerms>,
    /// `logging.file`, when set and present.
    pub log_file: Option<PathPerms>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledPath {
    pub label: String,
    pub perms: PathPerms,
}

/// Which sandbox runtimes exist on this host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SandboxBackends {
    /// `bwrap` (bubblewrap) is on `PATH`.
    pub bubblewrap: bool,
    /// `docker` is on `PATH` or its socket exists.
    pub docker: bool,
}

/// What is installed under the state directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionFacts {
    /// `<state>/extensions`.
    pub extensions_dir: String,
    /// Plugin directory names under it (debris such as `node_modules`, dot-dirs and backups
    /// already left out by [`super::plugins::is_plugin_dir_name`]).
    pub plugin_dirs: Vec<String>,
    /// Plugin ids of the installed-plugin index.
    pub indexed_plugin_ids: Vec<String>,
    /// Install records of plugins (`source: "npm"` ones matter).
    pub plugin_installs: Vec<InstallRecord>,
    /// Install records of hook packs.
    pub hook_installs: Vec<InstallRecord>,
    /// Hook-pack install ids from `hooks.internal.installs` (they turn internal hooks on).
    pub internal_hook_installs: Vec<String>,
}

/// One install record and the version found on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstallRecord {
    pub id: String,
    pub source: Option<String>,
    pub spec: Option<String>,
    pub integrity: Option<String>,
    /// `resolvedVersion`, else `version`.
    pub recorded_version: Option<String>,
    /// `version` of the installed `package.json`.
    pub installed_version: Option<String>,
}

/// The global mcporter registry, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum McporterRegistry {
    #[default]
    Absent,
    /// Server names that are not disabled, sorted.
    Servers(Vec<String>),
    /// Present but not inspectable: `oversized`, `unreadable`, `non-regular` or `malformed`.
    Rejected(String),
}

/// Workspace skill walk results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceSkillFacts {
    pub escapes: Vec<SkillEscape>,
    /// Workspaces whose walk hit the file cap.
    pub truncated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillEscape {
    pub workspace: String,
    pub skill_file: String,
    /// Real path, or `None` when it could not be resolved in time.
    pub real_path: Option<String>,
}

/// Containers labelled `openclaw.sandboxBrowser=1`, as the Docker daemon reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowserContainerFacts {
    pub containers: Vec<BrowserContainer>,
    /// The daemon did not answer in time; the list may be incomplete.
    pub timed_out: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowserContainer {
    pub name: String,
    /// `openclaw.configHash` label.
    pub config_hash: Option<String>,
    /// `openclaw.browserConfigEpoch` label.
    pub epoch: Option<String>,
    /// Published ports as `host_ip:host_port->container_port`.
    pub published: Vec<PublishedPort>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishedPort {
    pub host_ip: String,
    pub mapping: String,
}

/// What `--deep` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeepFacts {
    pub gateway: GatewayProbe,
    /// Set when probe auth came from a SecretRef that could not be resolved.
    pub auth_warning: Option<String>,
    /// Static code scans of installed plugins and skills.
    pub code_scans: Vec<CodeScan>,
}

/// The live gateway probe, as shown under `deep.gateway`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayProbe {
    pub attempted: bool,
    pub url: String,
    pub ok: bool,
    pub error: Option<String>,
    pub close: Option<ProbeClose>,
    /// Whether the gateway refused a connect without credentials (`None`: not determined).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_required: Option<bool>,
    /// Whether the configured credentials were accepted (`None`: none were sent or the gateway
    /// was not reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_accepted: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProbeClose {
    pub code: u16,
    pub reason: String,
}

/// One plugin or skill directory scanned by `--deep`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeScan {
    pub kind: CodeScanKind,
    /// Plugin directory name or skill name.
    pub name: String,
    pub dir: String,
    /// Manifest problems found before scanning (plugins only).
    pub manifest_error: Option<String>,
    /// `openclaw.extensions` entries in hidden or `node_modules` paths.
    pub hidden_entries: Vec<String>,
    /// `openclaw.extensions` entries that leave the plugin directory.
    pub escaping_entries: Vec<String>,
    /// Set when the scan itself failed.
    pub scan_error: Option<String>,
    pub scanned_files: usize,
    pub findings: Vec<super::code_scan::CodeFinding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeScanKind {
    Plugin,
    Skill,
}
