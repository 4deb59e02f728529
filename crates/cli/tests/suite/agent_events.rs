//! The events of a real agent run, as an operator client sees them: our gateway with the real
//! runtime and the fake model server; a raw WebSocket client with the `tool-events` cap sends
//! `chat.send`, and collects `agent` and `chat` events until the run ends. A run whose
//! provider echoes the API key in its error shows the error without the key.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use super::fake_agent::{CANARY_KEY, OurGateway, TOKEN, model_config};

fn connect(url: &str) -> WebSocket<TcpStream> {
    let stream = TcpStream::connect(url.trim_start_matches("ws://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let (mut ws, _) = tungstenite::client(url, stream).unwrap();
    let _challenge = read(&mut ws);
    let hello = json!({"type": "req", "id": "c", "method": "connect", "params": {
        "minProtocol": 3, "maxProtocol": 4, "caps": ["tool-events"],
        "client": {"id": "cli", "version": "test", "platform": "linux", "mode": "cli"},
        "role": "operator", "scopes": ["operator.read", "operator.write"], "auth": {"token": TOKEN}}});
    ws.send(Message::Text(hello.to_string().into())).unwrap();
    loop {
        let frame = read(&mut ws);
        if frame["id"] == "c" {
            assert_eq!(frame["ok"], true, "{frame}");
            return ws;
        }
    }
}

fn read(ws: &mut WebSocket<TcpStream>) -> Value {
    loop {
        if let Message::Text(text) = ws.read().unwrap() {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// Sends `chat.send` and returns every frame up to the run's `chat` final/error/aborted event.
fn run(ws: &mut WebSocket<TcpStream>, run_id: &str, message: &str) -> Vec<Value> {
    let req = json!({"type": "req", "id": run_id, "method": "chat.send",
        "params": {"sessionKey": "main", "message": message, "idempotencyKey": run_id}});
    ws.send(Message::Text(req.to_string().into())).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut frames = Vec::new();
    while Instant::now() < deadline {
        let frame = read(ws);
        let done = frame["event"] == "chat"
            && frame["payload"]["runId"] == run_id
            && matches!(frame["payload"]["state"].as_str(), Some("final" | "error" | "aborted"));
        frames.push(frame);
        if done {
            // The lifecycle end follows the chat end; wait for it too.
            loop {
                let frame = read(ws);
                let end = frame["event"] == "agent" && frame["payload"]["stream"] == "lifecycle";
                frames.push(frame);
                if end {
                    return frames;
                }
            }
        }
    }
    panic!("run {run_id} did not end: {frames:?}");
}

fn events<'a>(frames: &'a [Value], name: &str, run_id: &str) -> Vec<&'a Value> {
    frames.iter().filter(|f| f["event"] == name && f["payload"]["runId"] == run_id).map(|f| &f["payload"]).collect()
}

#[test]
fn a_run_with_a_tool_call_narrates_lifecycle_text_tools_and_the_final_message() {
    let model = FakeModelServer::start(vec![
        Scripted::tool_call("session_status", "{}"),
        Scripted::text("All good: the session is fine."),
    ]);
    let gw = OurGateway::start(&model_config(&model.base_url()));
    let mut ws = connect(&gw.url());
    let frames = run(&mut ws, "ev-1", "status please");

    let agent = events(&frames, "agent", "ev-1");
    let streams: Vec<&str> = agent.iter().map(|e| e["stream"].as_str().unwrap()).collect();
    assert_eq!(streams.first(), Some(&"lifecycle"));
    assert_eq!(agent[0]["data"]["phase"], "start");
    assert_eq!(agent.last().unwrap()["data"]["phase"], "end");
    let tools: Vec<&&Value> = agent.iter().filter(|e| e["stream"] == "tool").collect();
    assert_eq!(tools.len(), 2, "tool start and result: {tools:?}");
    assert_eq!(tools[0]["data"]["phase"], "start");
    assert_eq!(tools[0]["data"]["name"], "session_status");
    assert_eq!(tools[1]["data"]["phase"], "result");
    assert!(tools[1]["data"]["result"].as_str().unwrap().contains("Session: agent:main:main"));
    let seqs: Vec<u64> = agent.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] + 1 == w[1]), "per-run seq without gaps: {seqs:?}");

    let chat = events(&frames, "chat", "ev-1");
    let last = chat.last().unwrap();
    assert_eq!(last["state"], "final");
    assert_eq!(last["message"]["content"][0]["text"], "All good: the session is fine.");
    assert_eq!(last["sessionKey"], "agent:main:main");
    for delta in chat.iter().filter(|e| e["state"] == "delta") {
        let text = delta["message"]["content"][0]["text"].as_str().unwrap();
        assert!("All good: the session is fine.".starts_with(text), "deltas carry the accumulated text: {text}");
    }
}

#[test]
fn an_error_run_reports_the_error_in_events_without_the_key() {
    let body = json!({"error": {"message": format!("Incorrect API key provided: {CANARY_KEY}"), "type": "invalid_request_error"}});
    let model = FakeModelServer::start(vec![Scripted::Status { code: 401, retry_after: None, body: Some(body) }]);
    let gw = OurGateway::start(&model_config(&model.base_url()));
    let mut ws = connect(&gw.url());
    let frames = run(&mut ws, "ev-err", "hello");
    let text = serde_json::to_string(&frames).unwrap();
    assert!(!text.contains(CANARY_KEY), "the key leaked into an event: {text}");
    let chat = events(&frames, "chat", "ev-err");
    let last = chat.last().unwrap();
    assert_eq!(last["state"], "error");
    assert!(last["errorMessage"].as_str().unwrap().contains("401"), "{last}");
    let agent = events(&frames, "agent", "ev-err");
    assert_eq!(agent.last().unwrap()["data"]["phase"], "error");
}
