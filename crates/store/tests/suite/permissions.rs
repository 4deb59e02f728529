use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use openclaw_durable::mode_of;
use openclaw_store::{AgentId, PathFacts, PathKind, PathRole, PermissionChange, StateDir};

fn plant_symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn write(path: &Path, mode: u32) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, b"{}").unwrap();
    chmod(path, mode);
}

/// A state dir the way a careless install leaves it.
struct Fixture {
    _home: tempfile::TempDir,
    state: StateDir,
    outside: PathBuf,
}

fn loose_state_dir() -> Fixture {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    state.create().unwrap();
    let main = AgentId::main();
    chmod(state.root(), 0o755);
    write(&state.config_file(), 0o644);
    chmod(&state.credentials_dir(), 0o777);
    write(&state.credentials_dir().join("telegram-pairing.json"), 0o644);
    // create_dir_all applies the umask, so make the modes explicit.
    fs::create_dir_all(state.credentials_dir().join("whatsapp/default")).unwrap();
    chmod(&state.credentials_dir().join("whatsapp"), 0o755);
    chmod(&state.credentials_dir().join("whatsapp/default"), 0o755);
    write(&state.credentials_dir().join("whatsapp/default/creds.json"), 0o640);
    write(&state.auth_profiles(&main), 0o666);
    write(&state.sessions_dir(&main).join("sessions.json"), 0o644);
    write(&state.sessions_dir(&main).join("s1.jsonl"), 0o400);
    write(&state.config_audit_log(), 0o644);
    // A file outside the state dir that a symlink inside points at: never ours to change.
    let outside = home.path().join("outside.json");
    write(&outside, 0o644);
    plant_symlink(&outside, &state.credentials_dir().join("linked.json"));
    Fixture { _home: home, state, outside }
}

fn summary(facts: &[PathFacts], root: &Path) -> Vec<(String, PathRole, PathKind, u32)> {
    facts
        .iter()
        .map(|fact| {
            let relative = fact.path.strip_prefix(root).unwrap().display().to_string();
            (relative, fact.role, fact.kind, fact.mode)
        })
        .collect()
}

#[test]
fn inspect_reports_every_sensitive_path_with_its_mode() {
    let fixture = loose_state_dir();
    let state = &fixture.state;

    let facts = state.inspect(&state.config_file()).unwrap();

    use PathKind::*;
    use PathRole::*;
    let expected = [
        ("", StateDir, Dir, 0o755),
        ("openclaw.json", Config, File, 0o644),
        ("credentials", Credentials, Dir, 0o777),
        ("credentials/linked.json", Credentials, Symlink, 0o777),
        ("credentials/telegram-pairing.json", Credentials, File, 0o644),
        ("credentials/whatsapp", Credentials, Dir, 0o755),
        ("credentials/whatsapp/default", Credentials, Dir, 0o755),
        ("credentials/whatsapp/default/creds.json", Credentials, File, 0o640),
        ("agents/main/agent/auth-profiles.json", AuthProfiles, File, 0o666),
        ("agents/main/sessions", Sessions, Dir, 0o700),
        ("agents/main/sessions/s1.jsonl", Sessions, File, 0o400),
        ("agents/main/sessions/sessions.json", Sessions, File, 0o644),
        ("logs", Logs, Dir, 0o700),
        ("logs/config-audit.jsonl", Logs, File, 0o644),
    ]
    .map(|(path, role, kind, mode)| (path.to_owned(), role, kind, mode));
    assert_eq!(summary(&facts, state.root()), expected);

    let link = facts.iter().find(|fact| fact.kind == Symlink).unwrap();
    assert!(link.is_symlink);
    assert_eq!(link.symlink_target.as_deref(), Some(fixture.outside.as_path()));
    let uid = fs::metadata(state.root()).unwrap().uid();
    assert!(facts.iter().all(|fact| fact.uid == uid));
    assert!(facts.iter().filter(|fact| fact.kind != Symlink).all(|fact| !fact.is_symlink));
}

#[test]
fn a_symlinked_state_dir_is_reported_as_a_symlink() {
    let home = tempfile::tempdir().unwrap();
    let real = home.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = home.path().join(".openclaw");
    plant_symlink(&real, &link);
    let state = StateDir::new(&link);

    let facts = state.inspect(&state.config_file()).unwrap();

    assert_eq!(facts.len(), 1, "{facts:?}");
    assert_eq!(facts[0].role, PathRole::StateDir);
    assert_eq!(facts[0].kind, PathKind::Symlink);
    assert_eq!(facts[0].symlink_target.as_deref(), Some(real.as_path()));
}

#[test]
fn a_config_outside_the_state_dir_and_missing_paths() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let config = home.path().join("custom.json");
    write(&config, 0o600);

    let facts = state.inspect(&config).unwrap();

    assert_eq!(facts.len(), 1, "only the config exists: {facts:?}");
    assert_eq!((facts[0].path.clone(), facts[0].role), (config, PathRole::Config));
}

#[test]
fn tighten_fixes_loose_modes_never_loosens_and_is_idempotent() {
    let fixture = loose_state_dir();
    let state = &fixture.state;
    let facts = state.inspect(&state.config_file()).unwrap();

    let changes = state.tighten(&facts).unwrap();

    let relative = |change: &PermissionChange| {
        let path = change.path.strip_prefix(state.root()).unwrap().display().to_string();
        (path, change.from, change.to)
    };
    let expected = [
        ("", 0o755, 0o700),
        ("openclaw.json", 0o644, 0o600),
        ("credentials", 0o777, 0o700),
        ("credentials/telegram-pairing.json", 0o644, 0o600),
        ("credentials/whatsapp", 0o755, 0o700),
        ("credentials/whatsapp/default", 0o755, 0o700),
        ("credentials/whatsapp/default/creds.json", 0o640, 0o600),
        ("agents/main/agent/auth-profiles.json", 0o666, 0o600),
        ("agents/main/sessions/sessions.json", 0o644, 0o600),
        ("logs/config-audit.jsonl", 0o644, 0o600),
    ]
    .map(|(path, from, to)| (path.to_owned(), from, to));
    assert_eq!(changes.iter().map(relative).collect::<Vec<_>>(), expected);

    assert_eq!(mode_of(&fixture.outside).unwrap(), Some(0o644), "symlink target untouched");
    assert_eq!(
        mode_of(&state.sessions_dir(&AgentId::main()).join("s1.jsonl")).unwrap(),
        Some(0o400),
        "stricter than 0600 stays as it is"
    );

    let again = state.inspect(&state.config_file()).unwrap();
    assert!(state.tighten(&again).unwrap().is_empty());
    assert!(state.tighten(&facts).unwrap().is_empty(), "stale facts change nothing either");
}

#[test]
fn executable_and_odd_bits_are_stripped_not_replaced() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    state.create().unwrap();
    let cases = [("a", 0o755, 0o700), ("b", 0o444, 0o400), ("c", 0o070, 0o000)];
    for (name, mode, _) in cases {
        write(&state.credentials_dir().join(name), mode);
    }

    let facts = state.inspect(&state.config_file()).unwrap();
    let changes = state.tighten(&facts).unwrap();

    let got: Vec<(u32, u32)> = changes.iter().map(|c| (c.from, c.to)).collect();
    let want: Vec<(u32, u32)> = cases.iter().map(|&(_, from, _)| (from, from & 0o600)).collect();
    assert_eq!(got, want);
    for (name, _, _) in cases {
        let mode = mode_of(&state.credentials_dir().join(name)).unwrap().unwrap();
        assert_eq!(mode & 0o077, 0, "{name}");
    }
}

#[test]
fn a_path_swapped_for_a_symlink_after_inspection_is_not_followed() {
    let fixture = loose_state_dir();
    let state = &fixture.state;
    let facts = state.inspect(&state.config_file()).unwrap();
    let config = state.config_file();
    fs::remove_file(&config).unwrap();
    plant_symlink(&fixture.outside, &config);

    let changes = state.tighten(&facts).unwrap();

    assert!(changes.iter().all(|change| change.path != config));
    assert_eq!(mode_of(&fixture.outside).unwrap(), Some(0o644));
}
