use serde_json::json;

use super::*;

#[test]
fn lists_newest_first_and_reads_messages_skipping_a_torn_line() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::new(dir.path());
    let agent = AgentId::new("main").unwrap();
    let sessions = state.sessions_dir(&agent);
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("sessions.json"),
        json!({
            "agent:main:main": {"sessionId": "s1", "updatedAt": 10},
            "agent:main:telegram:direct:42": {"sessionId": "s2", "updatedAt": 20, "future": {"kept": true}}
        })
        .to_string(),
    )
    .unwrap();
    let records = list_sessions(&state, &agent).unwrap();
    assert_eq!(
        records.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        ["agent:main:telegram:direct:42", "agent:main:main"]
    );
    assert_eq!(records[0].entry["future"], json!({"kept": true}));
    let transcript = records[1].transcript_path(&sessions).unwrap();
    std::fs::write(
        &transcript,
        "{\"type\":\"session\",\"version\":3,\"id\":\"s1\"}\n{\"type\":\"message\",\"id\":\"a\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n{\"type\":\"mess",
    )
    .unwrap();
    assert_eq!(transcript_messages(&transcript).unwrap(), vec![json!({"role": "user", "content": "hi"})]);
}

#[test]
fn missing_store_is_empty_and_hostile_ids_have_no_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::new(dir.path());
    assert!(list_sessions(&state, &AgentId::new("main").unwrap()).unwrap().is_empty());
    let record = SessionRecord { key: "k".into(), entry: json!({"sessionId": "../../x"}).as_object().unwrap().clone() };
    assert_eq!(record.transcript_path(Path::new("/s")), None);
}
