use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use openclaw_durable::mode_of;
use openclaw_store::{AgentId, StateDir, StoreError};

#[test]
fn the_layout_matches_openclaw() {
    let state = StateDir::new("/home/u/.openclaw");
    let main = AgentId::main();
    let root = Path::new("/home/u/.openclaw");
    let cases = [
        (state.config_file(), "openclaw.json"),
        (state.dotenv(), ".env"),
        (state.credentials_dir(), "credentials"),
        (state.agents_dir(), "agents"),
        (state.agent_dir(&main), "agents/main/agent"),
        (state.sessions_dir(&main), "agents/main/sessions"),
        (state.auth_profiles(&main), "agents/main/agent/auth-profiles.json"),
        (state.devices_dir(), "devices"),
        (state.devices_pending_file(), "devices/pending.json"),
        (state.devices_paired_file(), "devices/paired.json"),
        (state.nodes_dir(), "nodes"),
        (state.nodes_pending_file(), "nodes/pending.json"),
        (state.nodes_paired_file(), "nodes/paired.json"),
        (state.identity_dir(), "identity"),
        (state.device_identity_file(), "identity/device.json"),
        (state.device_auth_file(), "identity/device-auth.json"),
        (state.logs_dir(), "logs"),
        (state.config_audit_log(), "logs/config-audit.jsonl"),
        (state.exec_approvals(), "exec-approvals.json"),
        (state.cron_dir(), "cron"),
        (state.extensions_dir(), "extensions"),
        (state.workspace_dir(), "workspace"),
    ];
    for (actual, relative) in cases {
        assert_eq!(actual, root.join(relative));
    }
}

#[test]
fn create_makes_the_private_skeleton_and_is_idempotent() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));

    state.create().unwrap();
    state.create().unwrap();

    for dir in [
        state.root().to_path_buf(),
        state.credentials_dir(),
        state.logs_dir(),
        state.agents_dir(),
        state.agents_dir().join("main"),
        state.agent_dir(&AgentId::main()),
        state.sessions_dir(&AgentId::main()),
    ] {
        assert_eq!(mode_of(&dir).unwrap(), Some(0o700), "{}", dir.display());
    }
}

#[test]
fn create_never_loosens_or_tightens_existing_dirs() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    fs::create_dir_all(state.logs_dir()).unwrap();
    fs::set_permissions(state.root(), fs::Permissions::from_mode(0o500)).unwrap();
    fs::set_permissions(state.logs_dir(), fs::Permissions::from_mode(0o755)).unwrap();

    state.create().unwrap();

    assert_eq!(mode_of(state.root()).unwrap(), Some(0o500));
    assert_eq!(mode_of(&state.logs_dir()).unwrap(), Some(0o755));
    assert_eq!(mode_of(&state.credentials_dir()).unwrap(), Some(0o700));
}

#[test]
fn agent_ids_cannot_leave_the_agents_dir() {
    for bad in ["", ".", "..", "../x", "a/b", "a\\b", "a\0b", "a\nb"] {
        assert!(matches!(AgentId::new(bad), Err(StoreError::InvalidAgentId { .. })), "{bad:?} was accepted");
    }
    assert!(AgentId::new(&"a".repeat(256)).is_err());
    for good in ["main", "work", "Ops-1", "a.b", "ünïcode"] {
        assert_eq!(AgentId::new(good).unwrap().as_str(), good);
    }
    assert_eq!("main".parse::<AgentId>().unwrap(), AgentId::main());
}
