//! Transcripts as pi reads them: the id/parentId chain across reopen, repair of a torn last line,
//! refusal of damage that is not a torn line, and the cost of each sync policy.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_store::{StoreError, SyncPolicy, Transcript, TranscriptHeader};
use serde_json::{Value, json};

fn header(id: &str) -> TranscriptHeader {
    TranscriptHeader { id: id.into(), timestamp: format_iso_millis(0), cwd: "/w".into(), parent_session: None }
}

fn message(text: &str) -> Value {
    json!({"type": "message", "message": {"role": "user", "content": text, "timestamp": 0}})
}

/// (id, parentId) of every entry after the header.
fn chain(path: &Path) -> Vec<(String, Value)> {
    let transcript = Transcript::open(path).unwrap();
    transcript.read_all().unwrap()[1..]
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e["parentId"].clone()))
        .collect()
}

#[test]
fn each_entry_hangs_under_the_previous_one_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut first = Transcript::create(&path, &header("s1"), SyncPolicy::EveryAppend).unwrap();
    let a = first.append(&message("a"), 1).unwrap();
    let b = first.append(&json!({"type": "model_change", "provider": "p", "modelId": "m"}), 2).unwrap();
    drop(first);

    let mut reopened = Transcript::open(&path).unwrap();
    assert_eq!((reopened.session_id(), reopened.leaf_id(), reopened.repaired_tail()), ("s1", Some(b.as_str()), None));
    let c = reopened.append(&message("c"), 3).unwrap();
    assert_eq!(reopened.leaf_id(), Some(c.as_str()));
    assert_eq!(chain(&path), [(a.clone(), Value::Null), (b.clone(), Value::String(a)), (c, Value::String(b))],);
    let entries = reopened.read_all().unwrap();
    assert_eq!(entries[0]["type"], "session");
    assert_eq!(entries[2]["modelId"], "m");
    assert_eq!(entries[3]["timestamp"], "1970-01-01T00:00:00.003Z");
}

#[test]
fn a_torn_last_line_is_cut_off_and_everything_before_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut transcript = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    let a = transcript.append(&message("a"), 1).unwrap();
    drop(transcript);
    let intact = fs::read(&path).unwrap();
    OpenOptions::new().append(true).open(&path).unwrap().write_all(br#"{"type":"message","id":"dead"#).unwrap();

    let mut reopened = Transcript::open(&path).unwrap();
    assert_eq!(reopened.repaired_tail(), Some(28));
    assert_eq!(fs::read(&path).unwrap(), intact);
    let b = reopened.append(&message("b"), 2).unwrap();
    assert_eq!(chain(&path), [(a.clone(), Value::Null), (b, Value::String(a))]);
}

#[test]
fn damage_before_the_last_line_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let content = "{\"type\":\"session\",\"version\":3,\"id\":\"s1\",\"timestamp\":\"x\",\"cwd\":\"/\"}\n{oops}\n{\"type\":\"message\",\"id\":\"aaaaaaaa\",\"parentId\":null}\n";
    fs::write(&path, content).unwrap();
    let err = Transcript::open(&path).unwrap_err();
    assert!(matches!(&err, StoreError::Durable(e) if e.to_string().contains("line 2")), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), content);
}

#[test]
fn a_file_without_a_session_header_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    fs::write(&path, "{\"type\":\"message\",\"id\":\"aaaaaaaa\",\"parentId\":null}\n").unwrap();
    assert!(matches!(Transcript::open(&path), Err(StoreError::InvalidFile { .. })));
    fs::write(&path, "").unwrap();
    assert!(matches!(Transcript::open(&path), Err(StoreError::InvalidFile { .. })));
    assert!(Transcript::open(&dir.path().join("missing.jsonl")).is_err());
}

#[test]
fn a_transcript_archived_mid_turn_keeps_receiving_that_turns_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut transcript = Transcript::create(&path, &header("s1"), SyncPolicy::EveryAppend).unwrap();
    let archived = dir.path().join("s1.jsonl.reset.2026-01-01T00-00-00.000Z");
    fs::rename(&path, &archived).unwrap();
    transcript.append(&message("late"), 1).unwrap();
    assert!(!path.exists(), "no headerless file appears at the old path");
    assert_eq!(fs::read_to_string(&archived).unwrap().lines().count(), 2);
}

/// Append rate of each sync policy on the disk under the temp dir. Not part of the suite (timing
/// depends on the machine); run with `cargo nextest run -p openclaw-store --run-ignored only
/// append_rate --no-capture`. The module documentation of `transcript` quotes its result.
#[test]
#[ignore = "measurement, not a check"]
#[allow(clippy::print_stdout)]
fn append_rate() {
    const ENTRIES: usize = 2000;
    /// Entries per agent turn for the per-turn policy: user message, assistant, a tool round trip.
    const TURN: usize = 4;
    let dir = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    let entry = json!({"type": "message", "message": {"role": "assistant", "content": [{"type": "text", "text": "x".repeat(400)}]}});
    for (name, policy, sync_every) in [
        ("fdatasync every append", SyncPolicy::EveryAppend, None),
        ("fdatasync once per turn", SyncPolicy::Explicit, Some(TURN)),
        ("no fsync at all", SyncPolicy::Explicit, None),
    ] {
        let path = dir.path().join(format!("{}.jsonl", name.replace(' ', "-")));
        let mut transcript = Transcript::create(&path, &header("s"), policy).unwrap();
        let started = Instant::now();
        for n in 0..ENTRIES {
            transcript.append(&entry, n as i64).unwrap();
            if sync_every.is_some_and(|every| (n + 1) % every == 0) {
                transcript.sync().unwrap();
            }
        }
        let elapsed = started.elapsed();
        println!(
            "{name:>24}: {:>8.0} entries/s ({:.3} ms/entry)",
            ENTRIES as f64 / elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1000.0 / ENTRIES as f64
        );
    }
}
