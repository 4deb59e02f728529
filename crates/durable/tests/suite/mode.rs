use std::fs;
use std::os::unix::fs::PermissionsExt;

use openclaw_durable::{ensure_private_dir, mode_of};

#[test]
fn creates_every_missing_level_0700_and_leaves_existing_ones_alone() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing");
    fs::create_dir(&existing).unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o755)).unwrap();

    ensure_private_dir(&existing.join("a/b")).unwrap();
    ensure_private_dir(&existing.join("a/b")).unwrap();

    assert_eq!(mode_of(&existing).unwrap(), Some(0o755));
    assert_eq!(mode_of(&existing.join("a")).unwrap(), Some(0o700));
    assert_eq!(mode_of(&existing.join("a/b")).unwrap(), Some(0o700));
}

#[test]
fn a_file_in_the_way_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, b"").unwrap();

    let err = ensure_private_dir(&file.join("sub")).unwrap_err();

    let message = err.to_string();
    assert!(message.starts_with("cannot create directory"), "{message}");
    assert!(message.to_lowercase().contains("not a directory"), "{message}");
}

#[test]
fn mode_of_reports_the_link_not_its_target_and_none_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    fs::write(&target, b"").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    assert_eq!(mode_of(&target).unwrap(), Some(0o640));
    assert_eq!(mode_of(&link).unwrap(), Some(0o777));
    assert_eq!(mode_of(&dir.path().join("missing")).unwrap(), None);
}
