//! Dated files older than 24 h are removed; nothing else is.

use std::fs::{self, File};
use std::path::Path;
use std::time::{Duration, SystemTime};

use openclaw_logging::{dated_file_name, is_dated_file_name, prune_dated_logs};
use tracing::info;

use super::fixture::{Fixture, plain_settings};

const HOUR: Duration = Duration::from_secs(3600);

fn touch(path: &Path, modified: SystemTime) {
    let file = File::create(path).unwrap();
    file.set_modified(modified).unwrap();
}

#[test]
fn only_stale_dated_regular_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let now = SystemTime::now();
    let old = now - 25 * HOUR;
    let at = |name: &str| dir.path().join(name);

    touch(&at("openclaw-2026-01-01.log"), old);
    touch(&at("openclaw-2026-01-02.log"), now - HOUR);
    touch(&at("openclaw-2026-01-03.log"), old); // the file being written
    touch(&at("openclaw-gateway.log"), old);
    touch(&at("openclaw-2026-1-4.log"), old);
    touch(&at("notes-2026-01-01.log"), old);
    touch(&at("target.log"), old);
    std::os::unix::fs::symlink(at("target.log"), at("openclaw-2026-01-05.log")).unwrap();
    fs::create_dir(at("openclaw-2026-01-06.log")).unwrap();

    let removed = prune_dated_logs(dir.path(), now, Some(&at("openclaw-2026-01-03.log")));
    assert_eq!(removed, vec![at("openclaw-2026-01-01.log")]);

    let mut left: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    assert_eq!(
        left,
        [
            "notes-2026-01-01.log",
            "openclaw-2026-01-02.log",
            "openclaw-2026-01-03.log",
            "openclaw-2026-01-05.log",
            "openclaw-2026-01-06.log",
            "openclaw-2026-1-4.log",
            "openclaw-gateway.log",
            "target.log",
        ]
    );
}

#[test]
fn the_cutoff_is_exactly_24_hours_before_the_injected_now() {
    let dir = tempfile::tempdir().unwrap();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    touch(&dir.path().join("openclaw-2026-01-01.log"), now - 24 * HOUR + Duration::from_secs(1));
    assert_eq!(prune_dated_logs(dir.path(), now, None), Vec::<std::path::PathBuf>::new());
    assert_eq!(prune_dated_logs(dir.path(), now + Duration::from_secs(2), None).len(), 1);
    assert!(prune_dated_logs(&dir.path().join("missing"), now, None).is_empty());
}

#[test]
fn dated_names() {
    let date = jiff::civil::date(2026, 3, 9);
    assert_eq!(dated_file_name(date), "openclaw-2026-03-09.log");
    assert!(is_dated_file_name("openclaw-2026-03-09.log"));
    for name in ["openclaw-2026-03-9.log", "openclaw-gateway.log", "openclaw-2026-03-09.log.1"] {
        assert!(!is_dated_file_name(name), "{name}");
    }
}

#[test]
fn building_the_subscriber_prunes_the_log_dir() {
    let fixture = Fixture::new();
    fs::create_dir_all(fixture.log_dir()).unwrap();
    let stale = fixture.log_dir().join("openclaw-2000-01-01.log");
    touch(&stale, SystemTime::now() - 48 * HOUR);

    let run = fixture.run(&plain_settings(), || info!("hello"));
    assert!(!stale.exists());
    assert!(run.file.unwrap().exists());
}
