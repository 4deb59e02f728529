use std::fs;
use std::os::unix::fs::PermissionsExt;

use openclaw_durable::{PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, mode_of, write_atomic};

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn replaces_content_and_makes_a_0644_file_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    fs::write(&path, b"{\"old\":1}").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    write_atomic(&path, b"{\"new\":2}", PRIVATE_FILE_MODE).unwrap();

    assert_eq!(fs::read(&path).unwrap(), b"{\"new\":2}");
    assert_eq!(mode_of(&path).unwrap(), Some(0o600));
    assert_eq!(names(dir.path()), ["openclaw.json"], "no temp file left");
}

#[test]
fn creates_missing_parents_0700() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/state.json");

    write_atomic(&path, b"[]", PRIVATE_FILE_MODE).unwrap();

    assert_eq!(fs::read(&path).unwrap(), b"[]");
    assert_eq!(mode_of(&dir.path().join("a")).unwrap(), Some(PRIVATE_DIR_MODE));
    assert_eq!(mode_of(&dir.path().join("a/b")).unwrap(), Some(PRIVATE_DIR_MODE));
}

#[test]
fn the_requested_mode_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("public.txt");

    write_atomic(&path, b"x", 0o644).unwrap();

    assert_eq!(mode_of(&path).unwrap(), Some(0o644));
}

#[test]
fn a_failed_replace_leaves_the_target_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    // rename(2) cannot replace a non-empty directory, so the last step fails.
    let path = dir.path().join("occupied");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("keep"), b"kept").unwrap();

    let err = write_atomic(&path, b"new", PRIVATE_FILE_MODE).unwrap_err();

    assert!(err.to_string().starts_with("cannot replace "), "{err}");
    assert_eq!(fs::read(path.join("keep")).unwrap(), b"kept");
    assert_eq!(names(dir.path()), ["occupied"]);
}

#[test]
fn a_symlink_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.json");
    fs::write(&target, b"untouched").unwrap();
    let link = dir.path().join("openclaw.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    write_atomic(&link, b"{}", PRIVATE_FILE_MODE).unwrap();

    assert_eq!(fs::read(&target).unwrap(), b"untouched");
    assert!(fs::symlink_metadata(&link).unwrap().is_file());
    assert_eq!(fs::read(&link).unwrap(), b"{}");
}

#[test]
fn concurrent_writers_each_land_a_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::thread::scope(|scope| {
        for writer in 0..8 {
            let path = &path;
            scope.spawn(move || {
                for round in 0..20 {
                    let doc = format!("{{\"writer\":{writer},\"round\":{round}}}");
                    write_atomic(path, doc.as_bytes(), PRIVATE_FILE_MODE).unwrap();
                }
            });
        }
    });
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["round"], 19);
    assert_eq!(names(dir.path()), ["state.json"]);
}
