use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use super::*;
use crate::prompt::PromptMode;

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

fn names(files: &[BootstrapFile]) -> Vec<&str> {
    files.iter().map(|f| f.name.as_str()).collect()
}

fn state<'a>(files: &'a [BootstrapFile], name: &str) -> &'a BootstrapState {
    &files.iter().find(|f| f.name == name).unwrap().state
}

#[test]
fn a_new_workspace_gets_private_starter_files_and_the_first_run_script() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/workspace");
    let init = ensure_workspace(&dir).unwrap();
    assert!(init.created_dir && init.brand_new);
    assert_eq!(
        init.written,
        ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md"]
    );
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&tmp.path().join("a")), 0o700);
    for name in &init.written {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
        assert!(!fs::read_to_string(dir.join(name)).unwrap().trim().is_empty(), "{name}");
    }
}

#[test]
fn a_second_run_writes_nothing_and_a_deleted_bootstrap_stays_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    ensure_workspace(tmp.path()).unwrap();
    fs::remove_file(tmp.path().join(BOOTSTRAP_FILE)).unwrap();
    let again = ensure_workspace(tmp.path()).unwrap();
    assert_eq!((again.created_dir, again.brand_new, again.written.len()), (false, false, 0));
    assert!(!tmp.path().join(BOOTSTRAP_FILE).exists());
}

#[test]
fn existing_files_are_kept_and_an_existing_workspace_gets_no_bootstrap() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(AGENTS_FILE), "mine").unwrap();
    let init = ensure_workspace(tmp.path()).unwrap();
    assert!(!init.brand_new);
    assert_eq!(init.written, ["SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md"]);
    assert_eq!(fs::read_to_string(tmp.path().join(AGENTS_FILE)).unwrap(), "mine");
}

#[test]
fn memory_or_git_marks_a_workspace_as_not_new() {
    for marker in ["memory", ".git"] {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join(marker)).unwrap();
        assert!(!ensure_workspace(tmp.path()).unwrap().brand_new, "{marker}");
        assert!(!tmp.path().join(BOOTSTRAP_FILE).exists());
    }
}

#[test]
fn a_planted_symlink_is_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("outside.txt");
    let ws = tmp.path().join("ws");
    fs::create_dir(&ws).unwrap();
    symlink(&target, ws.join(SOUL_FILE)).unwrap();
    let init = ensure_workspace(&ws).unwrap();
    assert!(!init.written.contains(&SOUL_FILE));
    assert!(!target.exists());
}

#[test]
fn a_file_in_the_way_of_the_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("ws");
    fs::write(&file, "").unwrap();
    assert!(ensure_workspace(&file).is_err());
}

#[test]
fn files_load_in_openclaw_order_with_optional_files_only_when_present() {
    let tmp = tempfile::tempdir().unwrap();
    ensure_workspace(tmp.path()).unwrap();
    fs::write(tmp.path().join(MEMORY_FILE), "remember").unwrap();
    let files = load_bootstrap_files(tmp.path(), PromptMode::Full);
    assert_eq!(
        names(&files),
        ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md", "MEMORY.md"]
    );
    assert_eq!(state(&files, MEMORY_FILE), &BootstrapState::Loaded("remember".into()));

    fs::remove_file(tmp.path().join(BOOTSTRAP_FILE)).unwrap();
    fs::remove_file(tmp.path().join(USER_FILE)).unwrap();
    let files = load_bootstrap_files(tmp.path(), PromptMode::Full);
    assert_eq!(
        names(&files),
        ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "MEMORY.md"]
    );
    assert_eq!(state(&files, USER_FILE), &BootstrapState::Missing);
}

#[test]
fn minimal_mode_loads_agents_and_tools_only() {
    let tmp = tempfile::tempdir().unwrap();
    ensure_workspace(tmp.path()).unwrap();
    fs::write(tmp.path().join(MEMORY_FILE), "private").unwrap();
    assert_eq!(names(&load_bootstrap_files(tmp.path(), PromptMode::Minimal)), ["AGENTS.md", "TOOLS.md"]);
}

#[test]
fn a_missing_workspace_reports_the_core_files_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let files = load_bootstrap_files(&tmp.path().join("nope"), PromptMode::Full);
    assert_eq!(files.len(), 6);
    assert!(files.iter().all(|f| f.state == BootstrapState::Missing));
}

#[test]
fn symlinks_inside_are_followed_and_symlinks_out_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    fs::create_dir_all(ws.join("notes")).unwrap();
    fs::write(ws.join("notes/agents.md"), "inside").unwrap();
    fs::write(tmp.path().join("secret.json"), "token").unwrap();
    symlink(ws.join("notes/agents.md"), ws.join(AGENTS_FILE)).unwrap();
    symlink(tmp.path().join("secret.json"), ws.join(SOUL_FILE)).unwrap();
    symlink(tmp.path().join("gone"), ws.join(TOOLS_FILE)).unwrap();
    let files = load_bootstrap_files(&ws, PromptMode::Full);
    assert_eq!(state(&files, AGENTS_FILE), &BootstrapState::Loaded("inside".into()));
    assert_eq!(state(&files, SOUL_FILE), &BootstrapState::Refused("resolves outside the workspace".into()));
    assert_eq!(state(&files, TOOLS_FILE), &BootstrapState::Missing);
}

#[test]
fn oversized_files_and_directories_are_refused_without_reading_them() {
    let tmp = tempfile::tempdir().unwrap();
    // Sparse: claims 3 GiB on disk without using the space.
    let big = fs::File::create(tmp.path().join(AGENTS_FILE)).unwrap();
    big.set_len(3 << 30).unwrap();
    fs::create_dir(tmp.path().join(SOUL_FILE)).unwrap();
    let files = load_bootstrap_files(tmp.path(), PromptMode::Full);
    assert_eq!(
        state(&files, AGENTS_FILE),
        &BootstrapState::Refused(format!("larger than {MAX_BOOTSTRAP_FILE_BYTES} bytes"))
    );
    assert_eq!(state(&files, SOUL_FILE), &BootstrapState::Refused("not a regular file".into()));
}

#[test]
fn invalid_utf8_is_read_lossily() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(AGENTS_FILE), b"ok \xff").unwrap();
    let files = load_bootstrap_files(tmp.path(), PromptMode::Full);
    assert_eq!(state(&files, AGENTS_FILE), &BootstrapState::Loaded("ok \u{fffd}".into()));
}
