use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use openclaw_durable::{PRIVATE_FILE_MODE, mode_of, rotate_backups, write_atomic};

fn contents(path: &Path, suffixes: &[&str]) -> Vec<Option<String>> {
    suffixes
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            fs::read_to_string(name).ok()
        })
        .collect()
}

const RING: [&str; 6] = ["", ".bak", ".bak.1", ".bak.2", ".bak.3", ".bak.4"];

#[test]
fn seven_writes_keep_exactly_five_backups_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");

    for generation in 1..=7 {
        rotate_backups(&path, 5).unwrap();
        write_atomic(&path, format!("v{generation}").as_bytes(), PRIVATE_FILE_MODE).unwrap();
    }

    let expected = ["v7", "v6", "v5", "v4", "v3", "v2"].map(|v| Some(v.to_owned()));
    assert_eq!(contents(&path, &RING), expected);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "openclaw.json",
            "openclaw.json.bak",
            "openclaw.json.bak.1",
            "openclaw.json.bak.2",
            "openclaw.json.bak.3",
            "openclaw.json.bak.4",
        ]
    );
}

#[test]
fn the_ring_fills_up_from_the_front() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");

    for generation in 1..=3 {
        rotate_backups(&path, 5).unwrap();
        write_atomic(&path, format!("v{generation}").as_bytes(), PRIVATE_FILE_MODE).unwrap();
    }

    let expected = [Some("v3"), Some("v2"), Some("v1"), None, None, None].map(|v| v.map(str::to_owned));
    assert_eq!(contents(&path, &RING), expected);
}

#[test]
fn nothing_to_back_up_is_fine_and_keep_zero_keeps_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    rotate_backups(&path, 5).unwrap();
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);

    fs::write(&path, b"v1").unwrap();
    rotate_backups(&path, 0).unwrap();
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn keep_one_overwrites_the_single_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    for generation in 1..=3 {
        rotate_backups(&path, 1).unwrap();
        write_atomic(&path, format!("v{generation}").as_bytes(), PRIVATE_FILE_MODE).unwrap();
    }
    assert_eq!(contents(&path, &["", ".bak", ".bak.1"]), [Some("v3".to_owned()), Some("v2".to_owned()), None]);
}

#[test]
fn backups_are_private_even_when_the_source_and_old_backups_were_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    fs::write(&path, b"v2").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let old = dir.path().join("openclaw.json.bak");
    fs::write(&old, b"v1").unwrap();
    fs::set_permissions(&old, fs::Permissions::from_mode(0o664)).unwrap();

    rotate_backups(&path, 5).unwrap();

    assert_eq!(mode_of(&dir.path().join("openclaw.json.bak")).unwrap(), Some(0o600));
    assert_eq!(mode_of(&dir.path().join("openclaw.json.bak.1")).unwrap(), Some(0o600));
    assert_eq!(mode_of(&path).unwrap(), Some(0o644), "the source is not ours to change");
}
