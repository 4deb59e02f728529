use openclaw_policy::inbound::timestamp::format_iso_millis;
use serde_json::json;

use super::*;

fn header(id: &str) -> TranscriptHeader {
    TranscriptHeader { id: id.into(), timestamp: format_iso_millis(0), cwd: "/w".into(), parent_session: None }
}

#[test]
fn the_header_line_has_pis_keys_in_pis_order() {
    let mut with_parent = header("s1");
    with_parent.parent_session = Some("/p.jsonl".into());
    assert_eq!(
        serde_json::to_string(&with_parent.to_value()).unwrap(),
        r#"{"type":"session","version":3,"id":"s1","timestamp":"1970-01-01T00:00:00.000Z","cwd":"/w","parentSession":"/p.jsonl"}"#
    );
    assert!(!header("s1").to_value().as_object().unwrap().contains_key("parentSession"));
}

#[test]
fn appended_entries_lead_with_type_id_parent_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut transcript = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    let first = transcript
        .append(&json!({"message": {"role": "user", "content": "hi"}, "type": "message", "id": "caller"}), 1000)
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().nth(1).unwrap();
    assert_eq!(
        line,
        format!(
            r#"{{"type":"message","id":"{first}","parentId":null,"timestamp":"1970-01-01T00:00:01.000Z","message":{{"role":"user","content":"hi"}}}}"#
        )
    );
    assert_eq!(first.len(), 8);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
}

#[test]
fn what_is_not_an_entry_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut transcript = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    let before = std::fs::read(&path).unwrap();
    for bad in [json!("text"), json!({"message": {}}), json!({"type": 3}), json!({"type": "session", "id": "x"})] {
        let err = transcript.append(&bad, 0).unwrap_err();
        assert!(matches!(err, StoreError::InvalidTranscriptEntry { .. }), "{bad}: {err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(transcript.leaf_id(), None);
}

#[test]
fn create_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    std::fs::write(&path, "keep").unwrap();
    assert!(Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep");
}

#[test]
fn entry_ids_avoid_the_ids_in_use() {
    let used: HashSet<String> = (0..1000).map(|n| format!("{n:08x}")).collect();
    for _ in 0..100 {
        assert!(!used.contains(&new_entry_id(&used).unwrap()));
    }
}

fn message(text: &str) -> Value {
    json!({"type": "message", "message": {"role": "user", "content": text}})
}

#[test]
fn two_writers_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut agent = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    let first = agent.append(&message("one"), 1).unwrap();
    // The inbound pipeline records a message through its own handle mid-turn.
    let mut pipeline = Transcript::open_with(&path, SyncPolicy::Explicit).unwrap();
    let queued = pipeline.append(&message("queued"), 2).unwrap();
    let appended = agent.append_entry(&message("reply"), 3).unwrap();
    assert_eq!(appended.ingested.len(), 1, "the other writer's line is taken in first");
    assert_eq!(appended.ingested[0]["id"], queued.as_str());
    assert_eq!(appended.line["parentId"], queued.as_str(), "chained to the true leaf, not forked");
    let lines = agent.read_all().unwrap();
    let parents: Vec<&Value> = lines.iter().skip(1).map(|l| &l["parentId"]).collect();
    assert_eq!(parents, [&Value::Null, &json!(first), &json!(queued)]);
    // And the other way round.
    assert_eq!(pipeline.refresh().unwrap().len(), 1);
    assert_eq!(pipeline.leaf_id(), appended.line["id"].as_str());
}

#[test]
fn a_torn_line_left_by_another_writer_is_cut_before_the_next_append() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut agent = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    agent.append(&message("one"), 1).unwrap();
    // Another writer died in the middle of its line.
    let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut file, br#"{"type":"message","id":"dead"#).unwrap();
    let appended = agent.append_entry(&message("two"), 2).unwrap();
    assert!(appended.ingested.is_empty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()), "{text}");
    assert_eq!(agent.repaired_tail(), Some(r#"{"type":"message","id":"dead"#.len()));
}

#[test]
fn a_transcript_replaced_behind_a_handle_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s1.jsonl");
    let mut agent = Transcript::create(&path, &header("s1"), SyncPolicy::Explicit).unwrap();
    agent.append(&message("one"), 1).unwrap();
    std::fs::write(&path, "").unwrap();
    assert!(agent.refresh().is_err());
}
