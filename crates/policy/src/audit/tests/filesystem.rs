//! Permission, symlink, synced-folder and workspace-skill checks.

use serde_json::json;

use super::*;
use crate::audit::facts::{FilesystemFacts, LabeledPath, PathPerms, SkillEscape};

fn p(path: &str, mode: u32, dir: bool) -> PathPerms {
    PathPerms { path: path.to_owned(), is_symlink: false, is_dir: dir, is_file: !dir, mode }
}

fn with_fs(fs: FilesystemFacts) -> AuditFacts {
    let mut f = facts(json!({"gateway": {"auth": {"token": GOOD_TOKEN}}}));
    f.filesystem = Some(fs);
    f
}

fn state(mode: u32) -> AuditFacts {
    with_fs(FilesystemFacts { state_dir: Some(p("/s", mode, true)), ..FilesystemFacts::default() })
}

fn config(mode: u32, symlink: bool) -> AuditFacts {
    let mut perms = p("/s/openclaw.json", mode, false);
    perms.is_symlink = symlink;
    with_fs(FilesystemFacts { config: Some(perms), ..FilesystemFacts::default() })
}

#[test]
fn state_dir_chain() {
    check_rows(vec![
        row_with("777 world-writable", state(0o777), "fs.state_dir.perms_world_writable", C),
        row_with("703 world-writable only", state(0o703), "fs.state_dir.perms_world_writable", C),
        row_with("775 group-writable", state(0o775), "fs.state_dir.perms_group_writable", W),
        row_with("775 is not also world-writable", state(0o775), "fs.state_dir.perms_world_writable", NO),
        row_with("755 readable", state(0o755), "fs.state_dir.perms_readable", W),
        row_with("750 readable", state(0o750), "fs.state_dir.perms_readable", W),
        row_with("711 not readable", state(0o711), "fs.state_dir.perms_readable", NO),
        row_with("700 clean", state(0o700), "fs.state_dir.perms_readable", NO),
    ]);
    let mut link = p("/s", 0o700, true);
    link.is_symlink = true;
    let report = run_audit(&with_fs(FilesystemFacts { state_dir: Some(link), ..FilesystemFacts::default() }));
    assert_eq!(severity(&report, "fs.state_dir.symlink"), W);
    let writable = report.findings.iter().any(|f| f.check_id.starts_with("fs.state_dir.perms"));
    assert!(!writable);
}

#[test]
fn config_chain() {
    check_rows(vec![
        row_with("666 writable", config(0o666, false), "fs.config.perms_writable", C),
        row_with("620 group-writable", config(0o620, false), "fs.config.perms_writable", C),
        row_with("604 world-readable", config(0o604, false), "fs.config.perms_world_readable", C),
        row_with("640 group-readable", config(0o640, false), "fs.config.perms_group_readable", W),
        row_with("644 is world- not group-readable", config(0o644, false), "fs.config.perms_group_readable", NO),
        row_with("400 clean", config(0o400, false), "fs.config.perms_writable", NO),
        row_with("symlink", config(0o600, true), "fs.config.symlink", W),
        row_with("symlink to 644 skips readable", config(0o644, true), "fs.config.perms_world_readable", NO),
        row_with("symlink to 666 still writable", config(0o666, true), "fs.config.perms_writable", C),
    ]);
}

#[test]
fn includes_credentials_profiles_sessions_logs() {
    let include = |mode| {
        with_fs(FilesystemFacts { includes: vec![p("/s/inc.json5", mode, false)], ..FilesystemFacts::default() })
    };
    let creds = |mode, dir| {
        with_fs(FilesystemFacts { credentials_dir: Some(p("/s/credentials", mode, dir)), ..FilesystemFacts::default() })
    };
    let profile = |mode| {
        with_fs(FilesystemFacts {
            auth_profiles: vec![LabeledPath {
                label: "auth-profiles.json".to_owned(),
                perms: p("/s/agents/main/agent/auth-profiles.json", mode, false),
            }],
            ..FilesystemFacts::default()
        })
    };
    let sessions = |mode| {
        with_fs(FilesystemFacts {
            session_stores: vec![p("/s/agents/main/sessions/sessions.json", mode, false)],
            ..FilesystemFacts::default()
        })
    };
    let log = |mode| {
        with_fs(FilesystemFacts { log_file: Some(p("/var/log/oc.log", mode, false)), ..FilesystemFacts::default() })
    };
    check_rows(vec![
        row_with("include 664", include(0o664), "fs.config_include.perms_writable", C),
        row_with("include 644", include(0o644), "fs.config_include.perms_world_readable", C),
        row_with("include 640", include(0o640), "fs.config_include.perms_group_readable", W),
        row_with("include 600", include(0o600), "fs.config_include.perms_group_readable", NO),
        row_with("credentials 777", creds(0o777, true), "fs.credentials_dir.perms_writable", C),
        row_with("credentials 755", creds(0o755, true), "fs.credentials_dir.perms_readable", W),
        row_with("credentials is a file", creds(0o755, false), "fs.credentials_dir.perms_readable", NO),
        row_with("profiles 664", profile(0o664), "fs.auth_profiles.perms_writable", C),
        row_with("profiles 640", profile(0o640), "fs.auth_profiles.perms_readable", W),
        row_with("profiles 600", profile(0o600), "fs.auth_profiles.perms_readable", NO),
        row_with("sessions 644", sessions(0o644), "fs.sessions_store.perms_readable", W),
        row_with("sessions 600", sessions(0o600), "fs.sessions_store.perms_readable", NO),
        row_with("log 644", log(0o644), "fs.log_file.perms_readable", W),
        row_with("log 600", log(0o600), "fs.log_file.perms_readable", NO),
    ]);
    let report = run_audit(&creds(0o755, true));
    let finding = report.findings.iter().find(|f| f.check_id == "fs.credentials_dir.perms_readable");
    assert_eq!(finding.and_then(|f| f.remediation.as_deref()), Some("chmod 700 /s/credentials"));
    assert_eq!(finding.map(|f| f.detail.starts_with("/s/credentials mode=755")), Some(true));
}

#[test]
fn chmod_command_quotes_paths() {
    assert_eq!(crate::audit::chmod_command(0o600, "/a b/c'd"), "chmod 600 '/a b/c'\\''d'");
    assert_eq!(crate::audit::chmod_command(0o700, "-x"), "chmod 700 -- -x");
}

#[test]
fn synced_folders() {
    let mut f = facts(json!({}));
    f.state_dir = "/Users/u/Library/Mobile Documents/com~apple~CloudDocs/iCloud Drive/.openclaw".to_owned();
    assert_eq!(severity(&run_audit(&f), "fs.synced_dir"), W);
    let mut g = facts(json!({}));
    g.config_path = "/home/u/Google Drive/openclaw.json".to_owned();
    assert_eq!(severity(&run_audit(&g), "fs.synced_dir"), W);
    assert_eq!(severity(&run_audit(&facts(json!({}))), "fs.synced_dir"), NO);
}

#[test]
fn workspace_skills() {
    let mut f = with_fs(FilesystemFacts::default());
    f.workspace_skills.escapes.push(SkillEscape {
        workspace: "/w".to_owned(),
        skill_file: "/w/skills/x/SKILL.md".to_owned(),
        real_path: Some("/etc/x/SKILL.md".to_owned()),
    });
    f.workspace_skills.truncated.push("/w".to_owned());
    let report = run_audit(&f);
    assert_eq!(severity(&report, "skills.workspace.symlink_escape"), W);
    assert_eq!(severity(&report, "skills.workspace.scan_truncated"), W);
    assert_eq!(severity(&run_audit(&with_fs(FilesystemFacts::default())), "skills.workspace.symlink_escape"), NO);
}

#[test]
fn filesystem_checks_need_filesystem_facts() {
    let mut f = state(0o777);
    f.filesystem = None;
    assert_eq!(severity(&run_audit(&f), "fs.state_dir.perms_world_writable"), NO);
}
