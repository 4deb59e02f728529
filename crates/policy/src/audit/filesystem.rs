//! Local disk hygiene: who else can read or change the state directory, the config and its
//! includes, credentials, auth profiles, session stores and the log file; symlinks that move
//! the trust boundary; synced folders; workspace skills that point outside their workspace.
//!
//! Each file gets at most one permission finding: writable by others, else world-readable, else
//! group-readable (the worst applicable one).

use super::facts::{AuditFacts, FilesystemFacts, PathPerms};
use super::finding::{Finding, Severity};
use super::tree::bullets;

/// `chmod 600 <path>`, quoting the path for a POSIX shell when needed.
pub fn chmod_command(mode: u32, path: &str) -> String {
    let separator = if path.starts_with('-') { "-- " } else { "" };
    let safe = !path.is_empty() && path.chars().all(|c| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c));
    let quoted = if safe { path.to_owned() } else { format!("'{}'", path.replace('\'', "'\\''")) };
    format!("chmod {mode:03o} {separator}{quoted}")
}

fn detail(perms: &PathPerms, why: &str) -> String {
    format!("{} mode={:03o}; {why}", perms.path, perms.mode)
}

fn finding(id: &str, severity: Severity, title: &str, perms: &PathPerms, why: &str, mode: u32) -> Finding {
    Finding::new(id, severity, title, detail(perms, why)).fix(chmod_command(mode, &perms.path))
}

pub fn synced_folder(facts: &AuditFacts) -> Vec<Finding> {
    let synced = |p: &str| {
        let s = p.to_lowercase();
        ["icloud", "dropbox", "google drive", "googledrive", "onedrive"].iter().any(|needle| s.contains(needle))
    };
    if !synced(&facts.state_dir) && !synced(&facts.config_path) {
        return Vec::new();
    }
    vec![
        Finding::new(
            "fs.synced_dir",
            Severity::Warn,
            "State or config lives in a synced folder",
            format!(
                "stateDir={}, configPath={}: sync services (iCloud, Dropbox, OneDrive, Google Drive) copy tokens and transcripts to other devices.",
                facts.state_dir, facts.config_path
            ),
        )
        .fix("Move OPENCLAW_STATE_DIR to a local-only disk, then run `openclaw security audit --fix`."),
    ]
}

pub fn state_and_config(fs: &FilesystemFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(state) = &fs.state_dir {
        if state.is_symlink {
            out.push(Finding::new(
                "fs.state_dir.symlink",
                Severity::Warn,
                "State directory is a symlink",
                format!("{} is a symlink; whoever controls its target controls your OpenClaw state.", state.path),
            ));
        }
        if state.world_writable() {
            out.push(finding(
                "fs.state_dir.perms_world_writable",
                Severity::Critical,
                "State directory is world-writable",
                state,
                "any user on this host can change your OpenClaw state",
                0o700,
            ));
        } else if state.group_writable() {
            out.push(finding(
                "fs.state_dir.perms_group_writable",
                Severity::Warn,
                "State directory is group-writable",
                state,
                "members of its group can change your OpenClaw state",
                0o700,
            ));
        } else if state.readable_by_others() {
            out.push(finding(
                "fs.state_dir.perms_readable",
                Severity::Warn,
                "State directory is readable by others",
                state,
                "other users can list and read it; 700 is enough",
                0o700,
            ));
        }
    }
    if let Some(config) = &fs.config {
        if config.is_symlink {
            out.push(Finding::new(
                "fs.config.symlink",
                Severity::Warn,
                "Config file is a symlink",
                format!("{} is a symlink; make sure you trust where it points.", config.path),
            ));
        }
        if config.writable_by_others() {
            out.push(finding(
                "fs.config.perms_writable",
                Severity::Critical,
                "Config file is writable by others",
                config,
                "another user could change gateway auth and tool policy",
                0o600,
            ));
        } else if !config.is_symlink && config.world_readable() {
            out.push(finding(
                "fs.config.perms_world_readable",
                Severity::Critical,
                "Config file is world-readable",
                config,
                "it can hold tokens and private settings",
                0o600,
            ));
        } else if !config.is_symlink && config.group_readable() {
            out.push(finding(
                "fs.config.perms_group_readable",
                Severity::Warn,
                "Config file is group-readable",
                config,
                "it can hold tokens and private settings",
                0o600,
            ));
        }
    }
    out
}

pub fn includes(fs: &FilesystemFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    for include in &fs.includes {
        if include.writable_by_others() {
            out.push(finding(
                "fs.config_include.perms_writable",
                Severity::Critical,
                "Config include file is writable by others",
                include,
                "another user could change your effective config",
                0o600,
            ));
        } else if include.world_readable() {
            out.push(finding(
                "fs.config_include.perms_world_readable",
                Severity::Critical,
                "Config include file is world-readable",
                include,
                "includes can hold tokens and private settings",
                0o600,
            ));
        } else if include.group_readable() {
            out.push(finding(
                "fs.config_include.perms_group_readable",
                Severity::Warn,
                "Config include file is group-readable",
                include,
                "includes can hold tokens and private settings",
                0o600,
            ));
        }
    }
    out
}

/// Credentials, auth profiles, session stores, log file.
pub fn state_files(fs: &FilesystemFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(creds) = fs.credentials_dir.as_ref().filter(|c| c.is_dir) {
        if creds.writable_by_others() {
            out.push(finding(
                "fs.credentials_dir.perms_writable",
                Severity::Critical,
                "Credentials directory is writable by others",
                creds,
                "another user could plant or replace credential files",
                0o700,
            ));
        } else if creds.readable_by_others() {
            out.push(finding(
                "fs.credentials_dir.perms_readable",
                Severity::Warn,
                "Credentials directory is readable by others",
                creds,
                "it holds channel credentials and allowlists",
                0o700,
            ));
        }
    }
    for store in &fs.auth_profiles {
        let perms = &store.perms;
        if perms.writable_by_others() {
            out.push(finding(
                "fs.auth_profiles.perms_writable",
                Severity::Critical,
                &format!("{} is writable by others", store.label),
                perms,
                "another user could inject provider credentials",
                0o600,
            ));
        } else if perms.readable_by_others() {
            out.push(finding(
                "fs.auth_profiles.perms_readable",
                Severity::Warn,
                &format!("{} is readable by others", store.label),
                perms,
                "it holds API keys and OAuth tokens",
                0o600,
            ));
        }
    }
    for store in &fs.session_stores {
        if store.readable_by_others() {
            out.push(finding(
                "fs.sessions_store.perms_readable",
                Severity::Warn,
                "sessions.json is readable by others",
                store,
                "it reveals who talks to the bot and where transcripts are",
                0o600,
            ));
        }
    }
    if let Some(log) = fs.log_file.as_ref().filter(|l| l.readable_by_others()) {
        out.push(finding(
            "fs.log_file.perms_readable",
            Severity::Warn,
            "Log file is readable by others",
            log,
            "logs can contain private messages and tool output",
            0o600,
        ));
    }
    out
}

pub fn workspace_skills(facts: &AuditFacts) -> Vec<Finding> {
    let skills = &facts.workspace_skills;
    let mut out: Vec<Finding> = skills
        .truncated
        .iter()
        .map(|workspace| {
            Finding::new(
                "skills.workspace.scan_truncated",
                Severity::Warn,
                "Workspace skill scan stopped early",
                format!("The skills/ walk in {workspace} hit its file limit; skills beyond it were not checked for symlink escapes."),
            )
            .fix("Flatten the skills/ tree, or move large skill collections to a managed skill location.")
        })
        .collect();
    if !skills.escapes.is_empty() {
        let rows: Vec<String> = skills
            .escapes
            .iter()
            .take(12)
            .map(|e| {
                format!(
                    "workspace={}\n  skill={}\n  realpath={}",
                    e.workspace,
                    e.skill_file,
                    e.real_path.as_deref().unwrap_or("(could not be resolved)")
                )
            })
            .collect();
        let mut detail =
            format!("These workspace skills/**/SKILL.md files resolve outside their workspace:\n{}", bullets(&rows));
        if skills.escapes.len() > 12 {
            detail.push_str(&format!("\n- +{} more", skills.escapes.len() - 12));
        }
        out.push(
            Finding::new("skills.workspace.symlink_escape", Severity::Warn, "Workspace skills point outside the workspace", detail)
                .fix("Replace the symlinks with real files inside the workspace, or install shared skills in a managed location."),
        );
    }
    out
}
