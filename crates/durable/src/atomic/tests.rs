#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::{self, Write};

use super::replace_with;
use crate::PRIVATE_FILE_MODE;

fn dir_entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    fs::write(&path, b"{\"old\":true}\n").unwrap();

    let err = replace_with(&path, PRIVATE_FILE_MODE, |file| {
        file.write_all(b"{\"new\":")?;
        Err(io::Error::other("disk on fire"))
    })
    .unwrap_err();

    assert!(err.to_string().contains("disk on fire"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"{\"old\":true}\n");
    assert_eq!(dir_entries(dir.path()), ["state.json"]);
}

#[test]
fn a_failed_first_write_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");

    replace_with(&path, PRIVATE_FILE_MODE, |_| Err(io::Error::other("no"))).unwrap_err();

    assert!(dir_entries(dir.path()).is_empty());
}
