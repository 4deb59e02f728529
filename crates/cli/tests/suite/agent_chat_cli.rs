//! `openclaw agent` and `openclaw chat` against our gateway with the fake model: the reply
//! reaches stdout, failures are one line with a non-zero status and never show the provider
//! key, and what this build cannot do (delivery, an embedded agent) is refused, not faked.

use std::io::Write;
use std::process::{Command, Stdio};

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use openclaw_testkit::{Run, TempHome};
use serde_json::json;

use super::BIN;
use super::fake_agent::{CANARY_KEY, OurGateway, TOKEN, model_config};

/// Runs our binary against `gw` with `stdin` piped in.
fn ours(gw: &OurGateway, args: &[&str], stdin: &str) -> Run {
    let client = TempHome::new().unwrap();
    let url = gw.url();
    let mut cmd: Command = client.command("timeout");
    cmd.arg("120").arg(BIN).args(args).args(["--url", &url, "--token", TOKEN]);
    cmd.env("OPENCLAW_DISABLE_BONJOUR", "1").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    Run::from(child.wait_with_output().unwrap())
}

fn gateway_with(script: Vec<Scripted>) -> (FakeModelServer, OurGateway) {
    let model = FakeModelServer::start(script);
    let gw = OurGateway::start(&model_config(&model.base_url()));
    (model, gw)
}

#[test]
fn agent_prints_the_reply() {
    let (_model, gw) = gateway_with(vec![Scripted::text("Hello from the fake model")]);
    let run = ours(&gw, &["agent", "--message", "hi"], "");
    assert!(run.ok(), "{}", run.all());
    assert_eq!(run.stdout, "Hello from the fake model\n");
}

#[test]
fn agent_json_is_the_final_response() {
    let (_model, gw) = gateway_with(vec![Scripted::text("Structured hello")]);
    let run = ours(&gw, &["agent", "-m", "hi", "--agent", "main", "--json"], "");
    assert!(run.ok(), "{}", run.all());
    let body = run.json();
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["summary"], "completed");
    assert_eq!(body["result"]["payloads"], json!([{"text": "Structured hello"}]));
    assert_eq!(body["runId"].as_str().map(str::len), Some(36), "a fresh idempotency key: {body}");
    assert!(body["result"]["meta"]["agentMeta"]["sessionId"].is_string(), "{body}");
}

#[test]
fn agent_session_id_selects_the_session_it_names() {
    let (_model, gw) = gateway_with(vec![Scripted::text("first"), Scripted::text("second")]);
    let first = ours(&gw, &["agent", "-m", "hi", "--session-key", "agent:main:side", "--json"], "");
    let session_id = first.json()["result"]["meta"]["agentMeta"]["sessionId"].as_str().unwrap().to_owned();
    let second = ours(&gw, &["agent", "-m", "again", "--session-id", &session_id], "");
    assert!(second.ok(), "{}", second.all());
    assert_eq!(second.stdout, "second\n");
    let history = ours(
        &gw,
        &["gateway", "call", "chat.history", "--json", "--params", r#"{"sessionKey":"agent:main:side"}"#],
        "",
    );
    assert_eq!(history.json()["messages"].as_array().map(Vec::len), Some(4), "{}", history.all());

    let unknown = ours(&gw, &["agent", "-m", "hi", "--session-id", "no-such-id"], "");
    assert_eq!(unknown.status, Some(1));
    assert_eq!(unknown.stderr, "error: no session with id \"no-such-id\" (see `openclaw sessions`)\n");
}

#[test]
fn a_failed_run_exits_1_with_one_line_and_no_key() {
    let (_model, gw) = gateway_with(vec![Scripted::Status {
        code: 401,
        retry_after: None,
        body: Some(json!({"error": {"message": format!("Incorrect API key provided: {CANARY_KEY}")}})),
    }]);
    let run = ours(&gw, &["agent", "-m", "hi"], "");
    assert_eq!(run.status, Some(1), "{}", run.all());
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: Agent run failed: ") && run.stderr.contains("401"), "{}", run.stderr);
    assert!(!run.all().contains(CANARY_KEY), "{}", run.all());
}

#[test]
fn deliver_and_local_are_refused_with_exit_2() {
    let home = TempHome::new().unwrap();
    for (flag, needle) in [("--deliver", "channel delivery"), ("--local", "openclaw gateway")] {
        let run = home.run(BIN, ["agent", "-m", "hi", flag]).unwrap();
        assert_eq!(run.status, Some(2), "{}", run.all());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(needle), "{}", run.stderr);
    }
}

#[test]
fn an_unreachable_gateway_says_to_start_it() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let home = TempHome::new().unwrap();
    let url = format!("ws://127.0.0.1:{port}");
    for args in [&["agent", "-m", "hi"][..], &["chat"][..]] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--url", &url, "--token", TOKEN]);
        let run = home.run(BIN, &all).unwrap();
        assert_eq!(run.status, Some(1), "{}", run.all());
        let first = run.stderr.lines().next().unwrap_or("");
        assert_eq!(first, format!("Gateway not reachable at {url} (ECONNREFUSED)."), "{}", run.stderr);
        assert!(run.stderr.contains("openclaw gateway"), "{}", run.stderr);
    }
}

#[test]
fn chat_answers_each_piped_line_in_turn() {
    let (_model, gw) = gateway_with(vec![Scripted::text("First answer"), Scripted::text("Second answer")]);
    let run = ours(&gw, &["chat"], "hello\n\nhow are you?\n");
    assert!(run.ok(), "{}", run.all());
    assert_eq!(run.stdout, "First answer\nSecond answer\n");
    let history = ours(&gw, &["gateway", "call", "chat.history", "--json", "--params", r#"{"sessionKey":"main"}"#], "");
    let messages = history.json()["messages"].as_array().cloned().unwrap_or_default();
    let roles: Vec<_> = messages.iter().map(|m| m["role"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"], "{}", history.all());

    // A second chat shows the end of that conversation first, then leaves at /quit.
    let again = ours(&gw, &["chat", "--history", "2"], "/quit\nnot sent\n");
    assert!(again.ok(), "{}", again.all());
    assert_eq!(again.stdout, "user: how are you?\nassistant: Second answer\n");
}

#[test]
fn chat_reports_a_failed_reply_and_exits_1() {
    let (_model, gw) = gateway_with(vec![Scripted::Status {
        code: 401,
        retry_after: None,
        body: Some(json!({"error": {"message": format!("Incorrect API key provided: {CANARY_KEY}")}})),
    }]);
    let run = ours(&gw, &["chat"], "hi\n");
    assert_eq!(run.status, Some(1), "{}", run.all());
    assert!(run.stderr.starts_with("error: ") && run.stderr.contains("401"), "{}", run.stderr);
    assert!(!run.all().contains(CANARY_KEY), "{}", run.all());
}

#[test]
fn unknown_flags_are_rejected() {
    let home = TempHome::new().unwrap();
    for args in [&["agent", "-m", "hi", "--bogus"][..], &["chat", "--bogus"][..]] {
        let run = home.run(BIN, args).unwrap();
        assert_eq!(run.status, Some(1), "{args:?}: {}", run.all());
        assert!(run.stderr.contains("unexpected argument"), "{}", run.stderr);
    }
}

#[test]
fn ctrl_c_during_a_reply_aborts_the_run_and_the_chat_goes_on() {
    // A provider that accepts the request and never answers keeps the run in flight.
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gw = OurGateway::start(&model_config(&format!("http://{}/v1", hanging.local_addr().unwrap())));
    let client = TempHome::new().unwrap();
    let url = gw.url();
    let mut child = client
        .command(BIN)
        .args(["chat", "--url", &url, "--token", TOKEN])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"hello\n").unwrap();
    let (_held, _) = hanging.accept().unwrap();
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    drop(stdin);
    let run = Run::from(child.wait_with_output().unwrap());
    assert!(run.ok(), "{}", run.all());
    assert!(run.stderr.contains("[aborted]"), "{}", run.stderr);
}

#[test]
fn ctrl_c_during_an_agent_turn_aborts_the_run_on_the_gateway() {
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gw = OurGateway::start(&model_config(&format!("http://{}/v1", hanging.local_addr().unwrap())));
    let client = TempHome::new().unwrap();
    let url = gw.url();
    let child = client
        .command(BIN)
        .args(["agent", "--message", "hello", "--url", &url, "--token", TOKEN, "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The model request arriving means the run is in flight.
    let (_held, _) = hanging.accept().unwrap();
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let run = Run::from(child.wait_with_output().unwrap());
    assert_eq!(run.status, Some(1), "{}", run.all());
    assert!(run.stderr.contains("aborting the run"), "{}", run.stderr);
    assert_eq!(run.json()["status"], "aborted", "the gateway ended the run: {}", run.stdout);
}
