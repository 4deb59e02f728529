//! `sessions.json` writes: locked updates that keep unknown fields and key order, OpenClaw's key
//! rules, new sessions with their transcript header, and archiving on reset and delete.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use openclaw_store::sessions::{
    ArchiveReason, NewSession, archive_file_name, archive_timestamp_ms, is_archive_name, is_primary_transcript_name,
};
use openclaw_store::{AgentId, SessionStore, StateDir, StoreError, Transcript};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600_000;

fn store() -> (tempfile::TempDir, SessionStore) {
    let home = tempfile::tempdir().unwrap();
    let store = SessionStore::new(&StateDir::new(home.path().join(".openclaw")), &AgentId::main());
    (home, store)
}

fn write_store(store: &SessionStore, content: &str) {
    fs::create_dir_all(store.dir()).unwrap();
    fs::write(store.file(), content).unwrap();
}

fn keys(store: &SessionStore) -> Vec<String> {
    let text = fs::read_to_string(store.file()).unwrap();
    serde_json::from_str::<serde_json::Map<String, Value>>(&text).unwrap().keys().cloned().collect()
}

#[test]
fn an_upsert_changes_one_field_and_keeps_every_other_byte_and_order() {
    let (_home, store) = store();
    write_store(
        &store,
        r#"{"agent:main:zeta":{"sessionId":"z","updatedAt":1,"future":{"b":1,"a":2}},"agent:main:alpha":{"updatedAt":2,"sessionId":"a"}}"#,
    );
    let (record, ()) = store
        .upsert_entry("agent:main:zeta", |entry| {
            entry.insert("updatedAt".into(), 5.into());
        })
        .unwrap();
    assert_eq!(record.key, "agent:main:zeta");
    let text = fs::read_to_string(store.file()).unwrap();
    assert_eq!(
        text,
        "{\n  \"agent:main:zeta\": {\n    \"sessionId\": \"z\",\n    \"updatedAt\": 5,\n    \"future\": {\n      \"b\": 1,\n      \"a\": 2\n    }\n  },\n  \"agent:main:alpha\": {\n    \"updatedAt\": 2,\n    \"sessionId\": \"a\"\n  }\n}",
        "two-space JSON, no trailing newline, file order kept"
    );
    assert_eq!(fs::metadata(store.file()).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn keys_are_lowercased_and_legacy_spellings_merge_into_one() {
    let (_home, store) = store();
    write_store(
        &store,
        r#"{"agent:main:x":{"sessionId":"old","updatedAt":1},"Agent:Main:X":{"sessionId":"newer","updatedAt":9},"other":{"updatedAt":3}}"#,
    );
    assert_eq!(store.get(" AGENT:main:X ").unwrap().unwrap().session_id(), Some("newer"));
    store.upsert_entry("Agent:Main:X", |entry| entry.insert("label".into(), "l".into())).unwrap();
    assert_eq!(keys(&store), ["agent:main:x", "other"], "the canonical key keeps its place");
    let entry = store.get("agent:main:x").unwrap().unwrap().entry;
    assert_eq!(Value::Object(entry), json!({"sessionId":"newer","updatedAt":9,"label":"l"}));

    let removed = store.remove("AGENT:MAIN:X").unwrap().unwrap();
    assert_eq!(removed.session_id(), Some("newer"));
    assert_eq!(keys(&store), ["other"]);
    assert!(matches!(store.remove("  "), Err(StoreError::InvalidSessionKey { .. })));
}

#[test]
fn an_update_that_changes_nothing_writes_nothing() {
    let (_home, store) = store();
    assert_eq!(store.update(|map| map.len()).unwrap(), 0);
    assert!(!store.file().exists());
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.get("agent:main:main").unwrap(), None);
}

#[test]
fn a_damaged_store_is_an_error_and_never_rewritten() {
    let (_home, store) = store();
    for content in ["{\"agent:main:main\": {", "[]", ""] {
        write_store(&store, content);
        let err = store.upsert_entry("agent:main:main", |_| ()).unwrap_err();
        assert!(err.to_string().contains("sessions.json"), "{content:?}: {err}");
        assert_eq!(fs::read_to_string(store.file()).unwrap(), content);
    }
}

#[test]
fn threads_upserting_different_keys_lose_no_update() {
    let (_home, store) = store();
    let writers: Vec<_> = (0..6)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for n in 0..10 {
                    store
                        .upsert_entry(&format!("agent:main:t{t}"), |entry| entry.insert("n".into(), n.into()))
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let records = store.list().unwrap();
    assert_eq!(records.len(), 6);
    assert!(records.iter().all(|r| r.entry["n"] == 9));
}

#[test]
fn a_new_session_writes_its_header_then_its_entry() {
    let (_home, store) = store();
    let options = NewSession { cwd: "/work".into(), ..Default::default() };
    let started = store.new_session("agent:main:main", NOW, &options, |_, _| {}).unwrap();
    let id = started.record.session_id().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4", "a v4 uuid: {id}");
    assert_eq!(started.transcript, store.dir().join(format!("{id}.jsonl")));
    assert_eq!(
        fs::read_to_string(&started.transcript).unwrap(),
        format!(
            "{{\"type\":\"session\",\"version\":3,\"id\":\"{id}\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"cwd\":\"/work\"}}\n"
        )
    );
    assert_eq!(fs::metadata(&started.transcript).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(
        Value::Object(started.record.entry.clone()),
        json!({"sessionId": id, "updatedAt": NOW, "sessionFile": started.transcript.to_str().unwrap()})
    );
    assert_eq!(store.get("agent:main:main").unwrap().unwrap(), started.record);
    assert_eq!(started.previous, None);
    let transcript = Transcript::open(&started.transcript).unwrap();
    assert_eq!((transcript.session_id(), transcript.leaf_id()), (id.as_str(), None));
}

#[test]
fn a_reset_carries_what_the_caller_keeps_and_archives_the_old_transcript() {
    let (_home, store) = store();
    let plain = NewSession { cwd: "/w".into(), ..Default::default() };
    let first = store.new_session("agent:main:main", NOW, &plain, |_, _| {}).unwrap();
    store
        .upsert_entry("agent:main:main", |entry| {
            entry.insert("thinkingLevel".into(), "high".into());
            entry.insert("totalTokens".into(), 500.into());
        })
        .unwrap();

    let reset = NewSession { archive_previous: true, ..plain };
    let second = store
        .new_session("agent:main:main", NOW + 1000, &reset, |previous, next| {
            if let Some(level) = previous.and_then(|p| p.get("thinkingLevel")) {
                next.insert("thinkingLevel".into(), level.clone());
            }
        })
        .unwrap();
    assert_ne!(second.record.session_id(), first.record.session_id());
    assert_eq!(second.previous.as_ref().unwrap().entry["totalTokens"], 500);
    assert_eq!(second.record.entry["thinkingLevel"], "high");
    assert!(!second.record.entry.contains_key("totalTokens"));
    let archived =
        store.dir().join(format!("{}.jsonl.reset.2026-01-01T00-00-01.000Z", first.record.session_id().unwrap()));
    assert_eq!(second.archived, std::slice::from_ref(&archived));
    assert!(archived.is_file() && !first.transcript.exists());
    assert!(second.transcript.is_file());
}

#[test]
fn a_session_that_merely_went_stale_keeps_its_transcript_in_place() {
    let (_home, store) = store();
    let plain = NewSession { cwd: "/w".into(), ..Default::default() };
    let first = store.new_session("agent:main:main", NOW, &plain, |_, _| {}).unwrap();
    let second = store.new_session("agent:main:main", NOW + 1, &plain, |_, _| {}).unwrap();
    assert!(second.archived.is_empty());
    assert!(first.transcript.is_file());
}

#[test]
fn delete_archives_the_transcript_unless_another_key_still_uses_it() {
    let (_home, store) = store();
    let plain = NewSession { cwd: "/w".into(), ..Default::default() };
    let started = store.new_session("agent:main:a", NOW, &plain, |_, _| {}).unwrap();
    let shared = started.record.entry.clone();
    store.upsert_entry("agent:main:b", |entry| *entry = shared).unwrap();

    let first = store.delete_session("agent:main:a", NOW, true).unwrap().unwrap();
    assert!(first.archived.is_empty(), "agent:main:b still points at the transcript");
    let second = store.delete_session("agent:main:b", NOW, true).unwrap().unwrap();
    let name = started.transcript.file_name().unwrap().to_str().unwrap();
    assert_eq!(second.archived, [store.dir().join(format!("{name}.deleted.2026-01-01T00-00-00.000Z"))]);
    assert_eq!(store.delete_session("agent:main:b", NOW, true).unwrap(), None);
}

#[test]
fn archiving_never_moves_a_file_outside_the_sessions_directory() {
    let (home, store) = store();
    let outside = home.path().join("precious.jsonl");
    fs::write(&outside, "{}\n").unwrap();
    fs::create_dir_all(store.dir()).unwrap();
    std::os::unix::fs::symlink(&outside, store.dir().join("link.jsonl")).unwrap();
    for file in [outside.to_str().unwrap(), "../../../precious.jsonl", "link.jsonl"] {
        let archived = store.archive_transcripts("s1", Some(file), ArchiveReason::Deleted, NOW).unwrap();
        assert!(archived.is_empty(), "{file}");
    }
    assert!(outside.is_file());
}

#[test]
fn topic_transcripts_and_hostile_ids() {
    let (_home, store) = store();
    assert_eq!(store.transcript_path("abc", Some("42")).unwrap(), store.dir().join("abc-topic-42.jsonl"));
    assert_eq!(store.transcript_path("abc", Some("a/b c")).unwrap(), store.dir().join("abc-topic-a%2Fb%20c.jsonl"));
    for bad in ["", "../x", ".hidden", "a/b", &"x".repeat(129)] {
        assert!(matches!(store.transcript_path(bad, None), Err(StoreError::InvalidSessionId { .. })), "{bad}");
    }
    let options = NewSession { cwd: "/w".into(), topic_id: Some("7".into()), ..Default::default() };
    let started = store.new_session("agent:main:telegram:group:-100:topic:7", NOW, &options, |_, _| {}).unwrap();
    let id = started.record.session_id().unwrap();
    assert_eq!(started.transcript, store.dir().join(format!("{id}-topic-7.jsonl")));
}

#[test]
fn archive_names_round_trip_and_classify_like_openclaw() {
    let name = archive_file_name("abc.jsonl", ArchiveReason::Reset, NOW + 123);
    assert_eq!(name, "abc.jsonl.reset.2026-01-01T00-00-00.123Z");
    assert_eq!(archive_timestamp_ms(&name, ArchiveReason::Reset), Some(NOW + 123));
    assert_eq!(archive_timestamp_ms(&name, ArchiveReason::Deleted), None);
    assert_eq!(archive_timestamp_ms("abc.jsonl.deleted.2026-01-01T00-00-00Z", ArchiveReason::Deleted), Some(NOW));
    let cases = [
        ("abc.jsonl", true, false),
        ("abc-topic-7.jsonl", true, false),
        ("abc.jsonl.reset.2026-01-01T00-00-00.000Z", false, true),
        ("sessions.json.bak.1767225600000", false, true),
        ("sessions.json", false, false),
        ("abc.jsonl.reset.yesterday", false, false),
    ];
    for (name, primary, archive) in cases {
        assert_eq!((is_primary_transcript_name(name), is_archive_name(name)), (primary, archive), "{name}");
    }
}
