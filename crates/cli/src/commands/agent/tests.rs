use clap::Parser;
use serde_json::{Value, json};

use super::plan::{Outcome, SessionChoice, key_for_session_id, outcome, plan, scoped_key, timeout_seconds};
use crate::args::{Cli, Command};

fn agent_args(argv: &[&str]) -> crate::args::AgentArgs {
    let mut full = vec!["openclaw", "agent"];
    full.extend_from_slice(argv);
    match Cli::try_parse_from(full).unwrap().command {
        Command::Agent(args) => args,
        other => panic!("not agent: {other:?}"),
    }
}

fn no_file(_: &std::path::Path) -> anyhow::Result<String> {
    anyhow::bail!("no file")
}

#[test]
fn a_plain_message_goes_to_the_default_session_with_the_default_timeout() {
    let plan = plan(&agent_args(&["-m", "hi"]), &json!({}), no_file).unwrap();
    let mut params = plan.params.clone();
    assert_eq!(params["idempotencyKey"].as_str().map(str::len), Some(36));
    params.as_object_mut().unwrap().remove("idempotencyKey");
    assert_eq!(params, json!({"message": "hi", "deliver": false, "timeout": 600}));
    assert_eq!(plan.session, SessionChoice::Direct);
    assert_eq!(plan.wait_ms, 630_000);
}

#[test]
fn session_flags_and_agent_shape_the_request() {
    let plan =
        plan(&agent_args(&["-m", "hi", "--agent", "Ops", "--session-key", "incident"]), &ops(), no_file).unwrap();
    assert_eq!(plan.params["agentId"], "ops");
    assert_eq!(plan.params["sessionKey"], "agent:ops:incident");
    let by_id = plan_for(&["-m", "hi", "--session-id", "abc"]);
    assert_eq!(by_id.session, SessionChoice::ById { session_id: "abc".to_owned(), agent: None });
    assert_eq!(by_id.params["sessionId"], "abc");
}

fn ops() -> Value {
    json!({"agents": {"list": [{"id": "main"}, {"id": "ops"}]}})
}

fn plan_for(argv: &[&str]) -> super::plan::Plan {
    plan(&agent_args(argv), &json!({}), no_file).unwrap()
}

#[test]
fn bad_input_is_refused_before_connecting() {
    let err = |argv: &[&str], config: Value| plan(&agent_args(argv), &config, no_file).unwrap_err().to_string();
    assert_eq!(err(&[], json!({})), "Message (--message or --message-file) is required");
    assert_eq!(err(&["-m", "hi", "--agent", " "], json!({})), "--agent must not be blank");
    assert_eq!(err(&["-m", "hi", "--agent", "nope"], ops()), "Unknown agent id \"nope\"; configured agents: main, ops");
    assert!(err(&["-m", "hi", "--timeout", "soon"], json!({})).starts_with("Invalid --timeout."));
}

#[test]
fn timeout_comes_from_the_flag_then_the_config_and_zero_means_none() {
    let config = json!({"agents": {"defaults": {"timeoutSeconds": 42}}});
    assert_eq!(timeout_seconds(None, &config).unwrap(), 42);
    assert_eq!(timeout_seconds(Some("7"), &config).unwrap(), 7);
    assert_eq!(plan_for(&["-m", "hi", "--timeout", "0"]).wait_ms, 2_147_000_000);
    assert_eq!(scoped_key("agent:x:main", Some("ops")), "agent:x:main");
}

#[test]
fn session_ids_are_found_in_the_session_list() {
    let listed = json!({"sessions": [{"key": "agent:main:main", "sessionId": "s1"}, {"key": "agent:main:x", "sessionId": "s2"}]});
    assert_eq!(key_for_session_id(&listed, "s2").as_deref(), Some("agent:main:x"));
    assert_eq!(key_for_session_id(&listed, "s3"), None);
}

#[test]
fn only_an_ok_run_succeeds() {
    let ok = json!({"runId": "r", "status": "ok", "summary": "completed",
                    "result": {"payloads": [{"text": "Hello  \n"}, {"text": "", "mediaUrl": "https://x/y.png"}]}});
    assert_eq!(outcome(&ok), Outcome::Ok(vec!["Hello".to_owned(), "Attachment: https://x/y.png".to_owned()]));
    let error = json!({"runId": "r", "status": "error", "summary": "HTTP 401: bad key\nmore detail"});
    assert_eq!(outcome(&error), Outcome::Failed("Agent run failed: HTTP 401: bad key".to_owned()));
    assert_eq!(
        outcome(&json!({"runId": "r", "status": "aborted"})),
        Outcome::Failed("Agent run r was aborted".to_owned())
    );
}

#[test]
fn a_huge_timeout_waits_as_long_as_no_timeout_instead_of_overflowing() {
    let huge = plan_for(&["-m", "hi", "--timeout", "18446744073709551615"]);
    let none = plan_for(&["-m", "hi", "--timeout", "0"]);
    assert_eq!(huge.wait_ms, none.wait_ms);
    assert_eq!(plan_for(&["-m", "hi", "--timeout", "10"]).wait_ms, 40_000);
}
