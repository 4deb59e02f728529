use std::fs;
use std::io::Write;

use openclaw_durable::{DurableError, JsonlRead, append_line, mode_of, read_jsonl, repair_jsonl};
use serde_json::{Value, json};

#[test]
fn appended_lines_read_back_in_order_from_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions/abc.jsonl");

    append_line(&path, br#"{"n":1}"#).unwrap();
    append_line(&path, br#"{"n":2}"#).unwrap();

    assert_eq!(fs::read(&path).unwrap(), b"{\"n\":1}\n{\"n\":2}\n");
    assert_eq!(mode_of(&path).unwrap(), Some(0o600));
    assert_eq!(mode_of(&dir.path().join("sessions")).unwrap(), Some(0o700));
    assert_eq!(
        read_jsonl::<Value>(&path).unwrap(),
        JsonlRead { items: vec![json!({"n":1}), json!({"n":2})], dropped_tail: None }
    );
}

#[test]
fn a_line_with_a_newline_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");

    let err = append_line(&path, b"{}\n{}").unwrap_err();

    assert!(matches!(err, DurableError::EmbeddedNewline { .. }), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn concurrent_appenders_never_interleave_within_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    let (threads, lines) = (8, 200);

    std::thread::scope(|scope| {
        for thread in 0..threads {
            let path = &path;
            scope.spawn(move || {
                // Long lines (well past a pipe buffer's atomic size) make interleaving visible.
                let pad = "x".repeat(1000 + thread * 700);
                for seq in 0..lines {
                    let line = json!({"thread": thread, "seq": seq, "pad": pad});
                    append_line(path, line.to_string().as_bytes()).unwrap();
                }
            });
        }
    });

    let read = read_jsonl::<Value>(&path).unwrap();
    assert_eq!(read.dropped_tail, None);
    assert_eq!(read.items.len(), threads * lines);
    for thread in 0..threads {
        let seqs: Vec<u64> = read
            .items
            .iter()
            .filter(|item| item["thread"] == thread)
            .map(|item| item["seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, (0..lines as u64).collect::<Vec<_>>(), "thread {thread}");
    }
}

#[test]
fn a_torn_tail_is_dropped_then_repaired_so_appends_start_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    append_line(&path, br#"{"n":1}"#).unwrap();
    fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(br#"{"n":2,"te"#).unwrap();

    let read = read_jsonl::<Value>(&path).unwrap();
    assert_eq!(read.items, [json!({"n":1})]);
    assert_eq!(read.dropped_tail, Some(10));

    assert_eq!(repair_jsonl(&path).unwrap(), Some(10));
    assert_eq!(fs::read(&path).unwrap(), b"{\"n\":1}\n");
    assert_eq!(repair_jsonl(&path).unwrap(), None, "repair is idempotent");

    append_line(&path, br#"{"n":3}"#).unwrap();
    assert_eq!(read_jsonl::<Value>(&path).unwrap().items, [json!({"n":1}), json!({"n":3})]);
}

#[test]
fn a_complete_tail_without_newline_is_kept_and_terminated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    fs::write(&path, b"{\"n\":1}\n{\"n\":2}").unwrap();

    assert_eq!(read_jsonl::<Value>(&path).unwrap().items.len(), 2);
    assert_eq!(repair_jsonl(&path).unwrap(), None);
    assert_eq!(fs::read(&path).unwrap(), b"{\"n\":1}\n{\"n\":2}\n");
}

#[test]
fn garbage_in_the_middle_is_an_error_naming_the_line_and_repair_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    let original = b"{\"n\":1}\n{\"n\":2}\nnot json\n{\"n\":4}\n";
    fs::write(&path, original).unwrap();

    let err = read_jsonl::<Value>(&path).unwrap_err();
    assert!(matches!(err, DurableError::Json { line: 3, .. }), "{err:?}");
    assert!(err.to_string().contains("line 3"), "{err}");

    assert!(matches!(repair_jsonl(&path).unwrap_err(), DurableError::Json { line: 3, .. }));
    assert_eq!(fs::read(&path).unwrap(), original);
}

#[test]
fn a_missing_file_is_not_found_for_read_and_nothing_to_repair() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.jsonl");

    assert!(read_jsonl::<Value>(&path).unwrap_err().is_not_found());
    assert_eq!(repair_jsonl(&path).unwrap(), None);
    assert!(!dir.path().join("missing.jsonl.lock").exists());
}
