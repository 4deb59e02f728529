//! `openclaw sessions` and `openclaw sessions cleanup` against a real `agents/<id>/sessions/`
//! directory: listing is newest first in the reference's shapes, `--dry-run` changes no byte,
//! and cleanup drops dangling entries and archives orphan transcripts (leaving fresh ones).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use openclaw_testkit::TempHome;
use serde_json::{Value, json};

use super::run;

fn now_ms() -> i64 {
    i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis()).unwrap()
}

fn sessions_dir(home: &TempHome, agent: &str) -> PathBuf {
    home.state_dir().join("agents").join(agent).join("sessions")
}

/// A transcript last written ten minutes ago (older than cleanup's grace for new files).
fn old_file(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    let when = SystemTime::now() - Duration::from_secs(600);
    File::options().write(true).open(path).unwrap().set_modified(when).unwrap();
}

/// `recent` (5 min, transcript present, plus a topic transcript), `older` (3 h, transcript
/// missing), `oldest` (2 days, transcript present); one orphan transcript, one orphan written just
/// now, and an earlier archive.
fn home_with_sessions() -> TempHome {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    let dir = sessions_dir(&home, "main");
    fs::create_dir_all(&dir).unwrap();
    let now = now_ms();
    let store = json!({
        "agent:main:telegram:direct:111": {"sessionId": "s-old", "updatedAt": now - 2 * 86_400_000},
        "agent:main:main": {"sessionId": "s-recent", "updatedAt": now - 5 * 60_000, "model": "gpt-5", "totalTokens": 1200},
        "agent:main:discord:direct:222": {"sessionId": "s-gone", "updatedAt": now - 3 * 3_600_000},
    });
    fs::write(dir.join("sessions.json"), serde_json::to_string_pretty(&store).unwrap()).unwrap();
    for name in ["s-old.jsonl", "s-recent.jsonl", "s-recent-topic-7.jsonl", "orphan.jsonl"] {
        old_file(&dir.join(name), "{\"type\":\"session\"}\n");
    }
    old_file(&dir.join("s-prev.jsonl.deleted.2026-01-01T00-00-00.000Z"), "{}\n");
    fs::write(dir.join("just-started.jsonl"), "{\"type\":\"session\"}\n").unwrap();
    home
}

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().into_string().unwrap(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn listing_is_newest_first_in_the_reference_json_shape() {
    let home = home_with_sessions();
    let out = run(&home, &["sessions", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let listed = out.json();
    let path = sessions_dir(&home, "main").join("sessions.json");
    assert_eq!(listed["path"], path.display().to_string());
    assert_eq!(listed["count"], 3);
    assert_eq!(listed["totalCount"], 3);
    assert_eq!(listed["limitApplied"], 100);
    assert_eq!(listed["hasMore"], false);
    assert_eq!(listed["activeMinutes"], Value::Null);
    let keys: Vec<&str> = listed["sessions"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["agent:main:main", "agent:main:discord:direct:222", "agent:main:telegram:direct:111"]);
    let first = &listed["sessions"][0];
    assert_eq!(first["sessionId"], "s-recent");
    assert_eq!(first["model"], "gpt-5");
    assert!(first["ageMs"].as_i64().unwrap() >= 5 * 60_000, "{first}");
    assert!(first["updatedAt"].is_i64());
}

#[test]
fn active_keeps_recent_sessions_and_must_be_positive() {
    let home = home_with_sessions();
    let listed = run(&home, &["sessions", "--json", "--active", "60"]).json();
    assert_eq!(listed["count"], 1, "{listed}");
    assert_eq!(listed["activeMinutes"], 60);
    assert_eq!(listed["sessions"][0]["key"], "agent:main:main");
    let out = run(&home, &["sessions", "--active", "0"]);
    assert_eq!(out.status, Some(1));
    assert!(out.stderr.contains("--active must be a positive integer"), "{}", out.stderr);
}

#[test]
fn text_listing_names_the_store_and_counts() {
    let home = home_with_sessions();
    let out = run(&home, &["sessions"]);
    assert!(out.ok(), "{}", out.all());
    let path = sessions_dir(&home, "main").join("sessions.json");
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some(format!("Session store: {}", path.display()).as_str()));
    assert_eq!(lines.next(), Some("Sessions listed: 3"));
    let row = out.stdout.lines().find(|l| l.starts_with("agent:main:main ")).unwrap_or_default();
    for part in ["5m ago", "gpt-5", "1200", "s-recent"] {
        assert!(row.contains(part), "{part} missing from {row:?}");
    }
}

#[test]
fn an_agent_without_sessions_has_none() {
    let home = home_with_sessions();
    let out = run(&home, &["sessions", "--agent", "work"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.ends_with("Sessions listed: 0\nNo sessions found.\n"), "{}", out.stdout);
    assert!(out.stdout.contains("agents/work/sessions/sessions.json"), "{}", out.stdout);
}

#[test]
fn cleanup_dry_run_prints_the_plan_and_changes_nothing() {
    let home = home_with_sessions();
    let dir = sessions_dir(&home, "main");
    let before = snapshot(&dir);
    let out = run(&home, &["sessions", "cleanup", "--dry-run"]);
    assert!(out.ok(), "{}", out.all());
    let text = &out.stdout;
    assert!(text.contains("Would remove entry agent:main:discord:direct:222 (its transcript"), "{text}");
    assert!(text.contains("s-gone.jsonl is missing)"), "{text}");
    assert!(text.contains("Would archive transcript orphan.jsonl (no entry references it)"), "{text}");
    assert!(text.contains("Leaving transcript just-started.jsonl alone"), "{text}");
    assert!(!text.contains("s-recent-topic-7"), "a topic transcript belongs to its session: {text}");
    assert!(text.ends_with("Dry run: nothing was changed.\n"), "{text}");
    assert_eq!(snapshot(&dir), before, "--dry-run must not change any file");

    let planned = run(&home, &["sessions", "cleanup", "--dry-run", "--json"]).json();
    assert_eq!(planned["dryRun"], true);
    let statuses: Vec<&str> =
        planned["actions"].as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["planned", "planned", "planned"], "{planned}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn cleanup_removes_dangling_entries_and_archives_orphans() {
    let home = home_with_sessions();
    let dir = sessions_dir(&home, "main");
    let out = run(&home, &["sessions", "cleanup", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let report = out.json();
    assert_eq!(report["dryRun"], false);
    assert_eq!(report["removedEntries"], 1, "{report}");
    assert_eq!(report["archivedTranscripts"], 1, "{report}");
    let actions = report["actions"].as_array().unwrap();
    let archive = actions.iter().find(|a| a["action"] == "archive-transcript").unwrap();
    assert_eq!(archive["status"], "done", "{report}");
    let archived = archive["archivedAs"].as_str().unwrap();
    let kept = actions.iter().find(|a| a["action"] == "keep-transcript").unwrap();
    assert!(kept["file"].as_str().unwrap().ends_with("just-started.jsonl"), "{report}");
    assert!(archived.contains("orphan.jsonl.deleted."), "{report}");

    let store: Value = serde_json::from_str(&fs::read_to_string(dir.join("sessions.json")).unwrap()).unwrap();
    let keys: Vec<&String> = store.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["agent:main:telegram:direct:111", "agent:main:main"], "other entries keep their order");
    let files = snapshot(&dir);
    assert!(!files.contains_key("orphan.jsonl"));
    assert!(files.keys().any(|n| n.starts_with("orphan.jsonl.deleted.")), "{:?}", files.keys());
    for kept in ["s-old.jsonl", "s-recent.jsonl", "s-recent-topic-7.jsonl", "just-started.jsonl"] {
        assert!(files.contains_key(kept), "{kept} must stay: {:?}", files.keys());
    }

    let again = run(&home, &["sessions", "cleanup"]);
    assert!(again.ok(), "{}", again.all());
    assert!(!again.stdout.contains("Would") && !again.stdout.contains("Removed"), "{}", again.stdout);
    assert!(again.stdout.contains("Leaving transcript just-started.jsonl alone"), "{}", again.stdout);
}

#[test]
fn cleanup_text_says_what_was_done() {
    let home = home_with_sessions();
    let out = run(&home, &["sessions", "cleanup"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("Removed entry agent:main:discord:direct:222"), "{}", out.stdout);
    assert!(out.stdout.contains("Archived transcript orphan.jsonl (no entry references it) as orphan.jsonl.deleted."));
    let empty = TempHome::new().unwrap();
    empty.write_config("{}").unwrap();
    let out = run(&empty, &["sessions", "cleanup"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.ends_with("Nothing to clean up.\n"), "{}", out.stdout);
}
