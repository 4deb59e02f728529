//! Where the file goes and who can read it: dir 0700, file 0600, fallback when the preferred dir
//! is not safely ours.

use std::fs::{self, Permissions};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use openclaw_logging::{LogPaths, LogSettings, LoggingError, build};
use tracing::info;

use super::fixture::{Fixture, own_uid, plain_settings};

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_preferred_dir_is_created_0700_and_the_file_0600() {
    let fixture = Fixture::new();
    let run = fixture.run(&plain_settings(), || info!("hello"));
    let file = run.file.unwrap();
    assert_eq!(file.parent().unwrap(), fixture.log_dir());
    assert_eq!(mode(fixture.log_dir()), 0o700);
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_loose_existing_dir_and_file_of_ours_are_tightened() {
    let fixture = Fixture::new();
    fs::create_dir_all(fixture.log_dir()).unwrap();
    fs::set_permissions(fixture.log_dir(), Permissions::from_mode(0o777)).unwrap();
    let today = openclaw_logging::dated_file_name(fixture.env.clock.today());
    let file = fixture.log_dir().join(today);
    fs::write(&file, "").unwrap();
    fs::set_permissions(&file, Permissions::from_mode(0o644)).unwrap();

    let run = fixture.run(&plain_settings(), || info!("hello"));
    assert_eq!(run.file.as_deref(), Some(file.as_path()));
    assert_eq!(mode(fixture.log_dir()), 0o700);
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_preferred_path_that_is_not_a_directory_falls_back_to_tmp_openclaw_uid() {
    let fixture = Fixture::new();
    fs::create_dir_all(fixture.log_dir().parent().unwrap()).unwrap();
    fs::write(fixture.log_dir(), "not a dir").unwrap();

    let run = fixture.run(&plain_settings(), || info!("hello"));
    let fallback = fixture.env.paths.fallback_dir();
    assert_eq!(fallback.file_name().unwrap().to_str().unwrap(), format!("openclaw-{}", fixture.env.paths.uid));
    assert_eq!(run.file.unwrap().parent().unwrap(), fallback);
    assert_eq!(mode(&fallback), 0o700);
}

#[test]
fn a_symlinked_preferred_dir_is_not_used() {
    let fixture = Fixture::new();
    let elsewhere = fixture.dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::create_dir_all(fixture.log_dir().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, fixture.log_dir()).unwrap();

    let run = fixture.run(&plain_settings(), || info!("hello"));
    assert_eq!(run.file.unwrap().parent().unwrap(), fixture.env.paths.fallback_dir());
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn directories_owned_by_someone_else_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let system_tmp = dir.path().join("systmp");
    fs::create_dir(&system_tmp).unwrap();
    let paths = LogPaths { preferred_dir: dir.path().join("openclaw"), system_tmp, uid: own_uid(dir.path()) + 1 };
    let err = paths.resolve_dir().unwrap_err();
    let LoggingError::NoLogDirectory { preferred_reason, fallback, fallback_reason, .. } = err else {
        panic!("unexpected error {err}");
    };
    assert!(preferred_reason.starts_with("owned by uid"), "{preferred_reason}");
    assert!(fallback_reason.starts_with("owned by uid"), "{fallback_reason}");
    assert_eq!(fallback, paths.fallback_dir());
}

#[test]
fn a_configured_file_is_used_as_is() {
    let fixture = Fixture::new();
    let file = fixture.dir.path().join("custom").join("nested").join("gateway.log");
    let settings = LogSettings { file: Some(file.clone()), ..plain_settings() };
    let run = fixture.run(&settings, || info!("hello"));
    assert_eq!(run.file.as_deref(), Some(file.as_path()));
    assert!(run.file_text().contains("hello"));
    assert_eq!(mode(&file), 0o600);
    assert!(!fixture.log_dir().exists(), "the dated dir is not created");
}

#[test]
fn build_reports_an_unusable_log_location() {
    let fixture = Fixture::new();
    let blocker = fixture.dir.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let settings = LogSettings { file: Some(blocker.join("gateway.log")), ..plain_settings() };
    let result = build(&settings, &fixture.env, fixture.console.clone());
    assert!(matches!(result, Err(LoggingError::Io { .. })));
}
