use serde_json::json;

use super::reply::{End, Reply, Update, history_lines};

fn delta(run: &str, text: &str) -> serde_json::Value {
    json!({"runId": run, "sessionKey": "agent:main:main", "seq": 1, "state": "delta",
           "message": {"role": "assistant", "content": [{"type": "text", "text": text}]}})
}

#[test]
fn deltas_print_only_the_new_suffix_and_final_ends_the_line() {
    let mut reply = Reply::new("r1".to_owned());
    let out = |u: Option<Update>| u.unwrap().stdout;
    assert_eq!(out(reply.on_event(&delta("r1", "Hel"))), "Hel");
    assert_eq!(out(reply.on_event(&delta("r1", "Hello"))), "lo");
    let mut fin = delta("r1", "Hello!");
    fin["state"] = json!("final");
    assert_eq!(reply.on_event(&fin), Some(Update { stdout: "!\n".to_owned(), end: Some(End::Final) }));
}

#[test]
fn events_of_other_runs_are_ignored() {
    let mut reply = Reply::new("r1".to_owned());
    assert_eq!(reply.on_event(&delta("r2", "not mine")), None);
}

#[test]
fn a_rewritten_reply_starts_over_on_a_new_line() {
    let mut reply = Reply::new("r1".to_owned());
    reply.on_event(&delta("r1", "Hello"));
    assert_eq!(reply.on_event(&delta("r1", "Bye")).unwrap().stdout, "\nBye");
}

#[test]
fn error_and_abort_close_a_partial_line_and_say_how_it_ended() {
    let mut reply = Reply::new("r1".to_owned());
    reply.on_event(&delta("r1", "part"));
    let error = json!({"runId": "r1", "state": "error", "errorMessage": "provider said 401"});
    assert_eq!(
        reply.on_event(&error),
        Some(Update { stdout: "\n".to_owned(), end: Some(End::Error("provider said 401".to_owned())) })
    );
    let mut fresh = Reply::new("r2".to_owned());
    let aborted = json!({"runId": "r2", "state": "aborted"});
    assert_eq!(fresh.on_event(&aborted), Some(Update { stdout: String::new(), end: Some(End::Aborted) }));
}

#[test]
fn history_shows_role_and_text_of_each_message() {
    let history = json!({"messages": [
        {"role": "user", "content": "hi there"},
        {"role": "assistant", "content": [{"type": "text", "text": "Hello"}, {"type": "toolCall", "name": "x"}]},
        {"role": "assistant", "content": []},
    ]});
    assert_eq!(history_lines(&history), vec!["user: hi there", "assistant: Hello"]);
}
