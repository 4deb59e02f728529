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
