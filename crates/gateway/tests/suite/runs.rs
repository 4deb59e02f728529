//! The run methods over the wire with a scripted agent port: `chat.send` → `chat` events
//! (delta with accumulated text, final), `agent` → accepted + a second final response,
//! `agent.wait`, idempotent retries, `chat.abort`, tool events only for `tool-events`
//! clients, `sessions.patch` / `sessions.reset`, and UNAVAILABLE without a port.

use std::sync::Arc;
use std::time::Duration;

use openclaw_gateway::agent_port::{AgentPort, RunReport, RunRequest, RunStatus, RunUpdate, UpdateSink};
use openclaw_providers::{BoxFuture, Cancellation};
use serde_json::{Value, json};

use super::client::{Client, cli_params};
use super::harness::{Start, TOKEN, TestGateway};

/// Replies "echo: <message>" in two text steps with one tool call between; a message
/// containing "hang" waits for the abort signal.
#[derive(Debug)]
struct EchoAgent;

impl AgentPort for EchoAgent {
    fn run(&self, request: RunRequest, cancel: Cancellation, mut updates: UpdateSink) -> BoxFuture<'static, RunReport> {
        Box::pin(async move {
            if request.message.contains("hang") {
                updates(RunUpdate::AssistantText("thinking".into()));
                cancel.cancelled().await;
                return RunReport {
                    status: RunStatus::Aborted,
                    text: None,
                    error: Some("aborted by request".into()),
                    usage: None,
                    stop_reason: "aborted".into(),
                    session_id: None,
                    unconsumed_steer: Vec::new(),
                };
            }
            updates(RunUpdate::ToolStart { id: "t1".into(), name: "session_status".into(), arguments: json!({}) });
            updates(RunUpdate::ToolEnd {
                id: "t1".into(),
                name: "session_status".into(),
                is_error: false,
                result: "ok".into(),
            });
            let reply = format!("echo: {}", request.message);
            updates(RunUpdate::AssistantText(reply[..3].to_owned()));
            tokio::time::sleep(Duration::from_millis(200)).await;
            updates(RunUpdate::AssistantText(reply.clone()));
            RunReport {
                status: RunStatus::Ok,
                text: Some(reply),
                error: None,
                usage: Some(json!({"input": 3, "output": 2, "totalTokens": 5})),
                stop_reason: "stop".into(),
                session_id: Some("sid".into()),
                unconsumed_steer: Vec::new(),
            }
        })
    }
}

fn gateway() -> TestGateway {
    let config = format!("{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}");
    TestGateway::try_start(&config, Start { agent: Some(Arc::new(EchoAgent)), ..Start::default() }).unwrap()
}

fn client(gw: &TestGateway, caps: &[&str]) -> Client {
    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["caps"] = json!(caps);
    assert_eq!(c.connect(params)["ok"], true);
    c
}

fn chat_events(c: &mut Client, until_state: &str) -> Vec<Value> {
    let mut out = Vec::new();
    loop {
        let event = c.event("chat");
        let done = event["payload"]["state"] == until_state;
        out.push(event["payload"].clone());
        if done {
            return out;
        }
    }
}

#[test]
fn chat_send_streams_deltas_then_the_final_message() {
    let gw = gateway();
    let mut c = client(&gw, &[]);
    let res = c.call("chat.send", json!({"sessionKey": "main", "message": "hi", "idempotencyKey": "run-1"}));
    assert_eq!(res["payload"], json!({"runId": "run-1", "status": "started"}));
    let events = chat_events(&mut c, "final");
    let first = &events[0];
    assert_eq!(first["state"], "delta");
    assert_eq!(first["sessionKey"], "agent:main:main");
    assert_eq!(first["message"]["content"][0]["text"], "ech");
    let last = events.last().unwrap();
    assert_eq!(last["message"]["content"][0]["text"], "echo: hi");
    assert_eq!(last["usage"]["totalTokens"], 5);
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "per-run seq increases: {seqs:?}");
    // A retry with the same key does not start a second run.
    let again = c.call("chat.send", json!({"sessionKey": "main", "message": "hi", "idempotencyKey": "run-1"}));
    assert_eq!(again["payload"]["status"], "ok");
    let wait = c.call("agent.wait", json!({"runId": "run-1", "timeoutMs": 1000}));
    assert_eq!(wait["payload"]["status"], "ok");
}

#[test]
fn agent_answers_accepted_then_final_and_agent_wait_reports_the_end() {
    let gw = gateway();
    let mut c = client(&gw, &[]);
    c.send(&json!({"type": "req", "id": "a1", "method": "agent", "params": {"message": "ping", "idempotencyKey": "k-agent"}}));
    let accepted = c.response("a1");
    assert_eq!(accepted["payload"]["status"], "accepted");
    assert_eq!(accepted["payload"]["runId"], "k-agent");
    let fin = c.response("a1");
    assert_eq!(fin["payload"]["status"], "ok");
    assert_eq!(fin["payload"]["result"]["payloads"][0]["text"], "echo: ping");
    let mut other = client(&gw, &[]);
    let wait = other.call("agent.wait", json!({"runId": "k-agent"}));
    assert_eq!(wait["payload"]["status"], "ok");
    assert!(wait["payload"]["endedAt"].as_i64().unwrap() >= wait["payload"]["startedAt"].as_i64().unwrap());
    let unknown = other.call("agent.wait", json!({"runId": "nope", "timeoutMs": 10}));
    assert_eq!(unknown["error"]["message"], "unknown runId: nope");
}

#[test]
fn tool_events_reach_only_clients_that_asked() {
    let gw = gateway();
    let mut plain = client(&gw, &[]);
    let mut tools = client(&gw, &["tool-events"]);
    plain.call("chat.send", json!({"sessionKey": "main", "message": "x", "idempotencyKey": "r-tools"}));
    let mut saw_tool = false;
    loop {
        let event = tools.event("agent");
        if event["payload"]["stream"] == "tool" {
            saw_tool = true;
            assert_eq!(event["payload"]["data"]["name"], "session_status");
        }
        if event["payload"]["stream"] == "lifecycle" && event["payload"]["data"]["phase"] == "end" {
            break;
        }
    }
    assert!(saw_tool);
    loop {
        let event = plain.event("agent");
        assert_ne!(event["payload"]["stream"], "tool", "no tool events without the cap");
        if event["payload"]["stream"] == "lifecycle" && event["payload"]["data"]["phase"] == "end" {
            break;
        }
    }
}

#[test]
fn chat_abort_stops_the_sessions_run() {
    let gw = gateway();
    let mut c = client(&gw, &[]);
    c.call("chat.send", json!({"sessionKey": "main", "message": "hang", "idempotencyKey": "r-hang"}));
    assert_eq!(c.event("chat")["payload"]["state"], "delta");
    let abort = c.call("chat.abort", json!({"sessionKey": "main"}));
    assert_eq!(abort["payload"], json!({"ok": true, "aborted": true, "runIds": ["r-hang"]}));
    let events = chat_events(&mut c, "aborted");
    assert_eq!(events.last().unwrap()["message"]["content"][0]["text"], "thinking");
    let none = c.call("chat.abort", json!({"sessionKey": "main"}));
    assert_eq!(none["payload"]["aborted"], false);
}

#[test]
fn sessions_patch_and_reset_write_the_store() {
    let gw = gateway();
    let mut c = client(&gw, &[]);
    let res = c.call("sessions.patch", json!({"key": "main", "thinkingLevel": "high", "model": "local/m1"}));
    let entry = &res["payload"]["entry"];
    assert_eq!(entry["thinkingLevel"], "high");
    assert_eq!(entry["providerOverride"], "local");
    assert_eq!(entry["modelOverride"], "m1");
    let bad = c.call("sessions.patch", json!({"key": "main", "thinkingLevel": "max"}));
    assert!(bad["error"]["message"].as_str().unwrap().contains("params.thinkingLevel"), "{bad}");
    let reset = c.call("sessions.reset", json!({"key": "main", "reason": "new"}));
    let entry = &reset["payload"]["entry"];
    assert!(entry["sessionId"].as_str().is_some());
    assert_eq!(entry["thinkingLevel"], "high", "explicit settings survive a reset");
    let cleared = c.call("sessions.patch", json!({"key": "main", "thinkingLevel": null}));
    assert!(cleared["payload"]["entry"].get("thinkingLevel").is_none());
}

#[test]
fn without_an_agent_runtime_runs_are_unavailable() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true);
    let res = c.call("chat.send", json!({"sessionKey": "main", "message": "hi", "idempotencyKey": "x"}));
    assert_eq!(res["error"]["code"], "UNAVAILABLE");
}

#[test]
fn agent_finds_a_session_by_its_id() {
    let gw = gateway();
    let mut c = client(&gw, &[]);
    let reset = c.call("sessions.reset", json!({"key": "agent:main:work"}));
    let id = reset["payload"]["entry"]["sessionId"].as_str().unwrap().to_owned();
    let res = c.call("agent", json!({"message": "hi", "sessionId": id, "idempotencyKey": "by-id"}));
    assert_eq!(res["payload"]["sessionKey"], "agent:main:work", "{res}");
    let res = c.call("agent", json!({"message": "hi", "sessionId": "nope", "idempotencyKey": "by-id-2"}));
    assert_eq!(res["error"]["message"], "no session with id \"nope\" for agent \"main\"");
}
