//! `/v1/chat/completions` and `/v1/responses` running a scripted agent port: whole answers and
//! event streams in OpenAI's shapes, the session a request runs in, the system prompt and the
//! history block handed to the agent, failed runs, the refusals of inputs a run cannot carry
//! (images: `images`), and a client that disconnects mid-stream aborting its run.

mod images;
mod model_settings;
mod previous_response;
mod url_inputs;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openclaw_gateway::agent_port::{AgentPort, RunReport, RunRequest, RunStatus, RunUpdate, UpdateSink};
use openclaw_providers::{BoxFuture, Cancellation};
use serde_json::{Value, json};

use super::{UNAUTHORIZED, bearer, post};
use crate::suite::harness::{Start, TOKEN, TestGateway};

/// Replies "echo: <message>" in two text steps around a tool call. "fail" fails the run,
/// "silent" ends without text, "hang" streams a word and waits for the abort.
#[derive(Debug, Clone, Default)]
struct ScriptedAgent {
    requests: Arc<Mutex<Vec<RunRequest>>>,
    cancelled: Arc<Mutex<Vec<String>>>,
}

impl AgentPort for ScriptedAgent {
    fn run(&self, request: RunRequest, cancel: Cancellation, mut updates: UpdateSink) -> BoxFuture<'static, RunReport> {
        self.requests.lock().unwrap().push(request.clone());
        let me = self.clone();
        Box::pin(async move {
            let ok = |text: Option<String>| RunReport {
                status: RunStatus::Ok,
                text,
                error: None,
                usage: Some(json!({"input": 3, "output": 2, "cacheRead": 1, "totalTokens": 6})),
                stop_reason: "stop".into(),
                session_id: Some("sid".into()),
                unconsumed_steer: Vec::new(),
            };
            if request.message.contains("fail") {
                return RunReport::failed("provider exploded");
            }
            if request.message.contains("silent") {
                return ok(None);
            }
            if request.message.contains("hang") {
                updates(RunUpdate::AssistantText("thinking".into()));
                cancel.cancelled().await;
                me.cancelled.lock().unwrap().push(request.run_id.clone());
                return RunReport { status: RunStatus::Aborted, ..RunReport::failed("aborted") };
            }
            let reply = format!("echo: {}", request.message);
            updates(RunUpdate::AssistantText("ech".into()));
            updates(RunUpdate::ToolStart { id: "t1".into(), name: "session_status".into(), arguments: json!({}) });
            updates(RunUpdate::ToolEnd {
                id: "t1".into(),
                name: "session_status".into(),
                is_error: false,
                result: "ok".into(),
            });
            tokio::time::sleep(Duration::from_millis(50)).await;
            updates(RunUpdate::AssistantText(reply[3..].to_owned()));
            ok(Some(reply))
        })
    }
}

fn gateway(agent: &ScriptedAgent, responses_extra: &str) -> TestGateway {
    let config = format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, http: {{ endpoints: {{ chatCompletions: {{ enabled: true }}, responses: {{ enabled: true {responses_extra} }} }} }} }} }}"
    );
    let port: Arc<dyn AgentPort> = Arc::new(agent.clone());
    TestGateway::try_start(&config, Start { agent: Some(port), ..Start::default() }).unwrap()
}

fn auth() -> String {
    bearer(TOKEN)
}

/// `(event name or "", data)` of each SSE event in order.
fn sse(body: &str) -> Vec<(String, String)> {
    body.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut name = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(rest) = line.strip_prefix("event: ") {
                    name = rest.to_owned();
                } else if let Some(rest) = line.strip_prefix("data: ") {
                    data = rest.to_owned();
                }
            }
            (name, data)
        })
        .collect()
}

fn last_request(agent: &ScriptedAgent) -> RunRequest {
    agent.requests.lock().unwrap().last().cloned().unwrap()
}

#[test]
fn chat_completion_runs_the_agent() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({"model": "openclaw", "user": "Bob", "messages": [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"}
    ]});
    let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    assert!(json["id"].as_str().unwrap().starts_with("chatcmpl_"));
    assert_eq!(json["created"], gw.now_ms() / 1000);
    let expected = json!({
        "id": json["id"], "object": "chat.completion", "created": json["created"], "model": "openclaw",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "echo: hi"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6, "prompt_tokens_details": {"cached_tokens": 1}},
    });
    assert_eq!(json, expected);
    let request = last_request(&agent);
    assert_eq!(request.run_id, json["id"].as_str().unwrap());
    assert_eq!(request.session_key, "agent:main:openai-user:bob");
    assert_eq!((request.message.as_str(), request.extra_system_prompt.as_deref()), ("hi", Some("be brief")));
    assert_eq!((request.commands, request.source), (None, "http"));
}

#[test]
fn chat_sessions_come_from_the_header_or_are_fresh() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = r#"{"messages":[{"role":"user","content":"hi"}]}"#;
    post(&gw, "/v1/chat/completions", &[("Authorization", &auth), ("x-openclaw-session-key", "agent:main:mine")], body);
    assert_eq!(last_request(&agent).session_key, "agent:main:mine");
    post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], body);
    let first = last_request(&agent).session_key;
    post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], body);
    let second = last_request(&agent).session_key;
    assert!(first.starts_with("agent:main:openai:"), "{first}");
    assert_ne!(first, second, "no user: a fresh session per request");
}

#[test]
fn chat_history_is_given_as_context() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({"messages": [
        {"role": "user", "content": "one"}, {"role": "assistant", "content": "two"}, {"role": "user", "content": "three"}
    ]});
    post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(
        last_request(&agent).message,
        "[Chat messages since your last reply - for context]\nUser: one\nAssistant: two\n\n[Current message - respond to this]\nUser: three"
    );
}

#[test]
fn chat_completion_streams_chunks() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({"model": "openclaw", "stream": true, "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "hi"}]});
    let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/event-stream; charset=utf-8"));
    let events = sse(&reply.text());
    assert_eq!(events.last().unwrap().1, "[DONE]");
    let chunks: Vec<Value> = events[..events.len() - 1].iter().map(|(_, d)| serde_json::from_str(d).unwrap()).collect();
    assert!(chunks.iter().all(|c| c["object"] == "chat.completion.chunk" && c["id"] == chunks[0]["id"]));
    assert_eq!(chunks[0]["choices"][0]["delta"], json!({"role": "assistant"}));
    let text: String =
        chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect::<Vec<_>>().concat();
    assert_eq!(text, "echo: hi");
    let finish = &chunks[chunks.len() - 2];
    assert_eq!(finish["choices"][0], json!({"index": 0, "delta": {}, "finish_reason": "stop"}));
    let usage = &chunks[chunks.len() - 1];
    assert_eq!((usage["choices"].clone(), usage["usage"]["total_tokens"].clone()), (json!([]), json!(6)));
}

#[test]
fn failed_and_silent_chat_runs() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let headers = [("Authorization", auth.as_str())];
    let failed = post(&gw, "/v1/chat/completions", &headers, r#"{"messages":[{"role":"user","content":"fail"}]}"#);
    assert_eq!(
        (failed.status, failed.json()),
        (500, json!({"error": {"message": "internal error", "type": "api_error"}}))
    );
    let streamed =
        post(&gw, "/v1/chat/completions", &headers, r#"{"stream":true,"messages":[{"role":"user","content":"fail"}]}"#);
    let events = sse(&streamed.text());
    let datas: Vec<&str> = events.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(datas[1..], [r#"{"error":{"message":"internal error","type":"api_error"}}"#, "[DONE]"]);
    let silent = post(&gw, "/v1/chat/completions", &headers, r#"{"messages":[{"role":"user","content":"silent"}]}"#);
    assert_eq!(silent.json()["choices"][0]["message"]["content"], "No response from OpenClaw.");
}

#[test]
fn responses_runs_the_agent() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({"model": "openclaw", "user": "ann", "instructions": "be brief", "input": "hi"});
    let reply = post(&gw, "/v1/responses", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    assert!(json["id"].as_str().unwrap().starts_with("resp_"));
    let item_id = json["output"][0]["id"].clone();
    assert!(item_id.as_str().unwrap().starts_with("msg_"));
    let expected = json!({
        "id": json["id"], "object": "response", "created_at": gw.now_ms() / 1000, "status": "completed", "model": "openclaw",
        "output": [{"type": "message", "id": item_id, "role": "assistant", "content": [{"type": "output_text", "text": "echo: hi"}], "phase": "final_answer", "status": "completed"}],
        "usage": {"input_tokens": 4, "input_tokens_details": {"cached_tokens": 1, "cache_write_tokens": 0}, "output_tokens": 2, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 6},
    });
    assert_eq!(json, expected);
    let request = last_request(&agent);
    assert_eq!(request.session_key, "agent:main:openresponses-user:ann");
    assert_eq!(request.extra_system_prompt.as_deref(), Some("be brief"));
    let failed = post(&gw, "/v1/responses", &[("Authorization", &auth)], r#"{"model":"openclaw","input":"fail"}"#);
    assert_eq!(failed.status, 500);
    assert_eq!(
        (failed.json()["status"].clone(), failed.json()["error"].clone(), failed.json()["output"].clone()),
        (json!("failed"), json!({"code": "api_error", "message": "internal error"}), json!([]))
    );
}

#[test]
fn responses_stream_events_in_order() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body =
        json!({"model": "openclaw", "stream": true, "input": [{"type": "message", "role": "user", "content": "hi"}]});
    let reply = post(&gw, "/v1/responses", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.header("content-type"), Some("text/event-stream; charset=utf-8"));
    let events = sse(&reply.text());
    let mut names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    names.dedup();
    assert_eq!(
        names,
        [
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed",
            "",
        ]
    );
    assert_eq!(events.last().unwrap().1, "[DONE]");
    let data: Vec<Value> = events[..events.len() - 1].iter().map(|(_, d)| serde_json::from_str(d).unwrap()).collect();
    assert!(data.iter().zip(&events).all(|(d, (name, _))| d["type"] == name.as_str()), "event names match types");
    let deltas: String = data.iter().filter_map(|d| d["delta"].as_str()).collect::<Vec<_>>().concat();
    assert_eq!(deltas, "echo: hi");
    let completed = &data[data.len() - 1]["response"];
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["output"][0]["content"][0]["text"], "echo: hi");
    assert_eq!(data[0]["response"]["status"], "in_progress");
    let failed =
        post(&gw, "/v1/responses", &[("Authorization", &auth)], r#"{"model":"openclaw","stream":true,"input":"fail"}"#);
    let names: Vec<String> = sse(&failed.text()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names[names.len() - 2..], ["response.failed".to_owned(), String::new()]);
}

#[test]
fn auth_and_enablement_still_apply() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let body = r#"{"model":"openclaw","input":"hi","messages":[{"role":"user","content":"hi"}]}"#;
    for path in ["/v1/chat/completions", "/v1/responses"] {
        let reply = post(&gw, path, &[], body);
        assert_eq!((reply.status, reply.text().as_str()), (401, UNAUTHORIZED), "{path}");
    }
    let config = format!("{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}");
    let port: Arc<dyn AgentPort> = Arc::new(agent.clone());
    let off = TestGateway::try_start(&config, Start { agent: Some(port), ..Start::default() }).unwrap();
    let auth = auth();
    for path in ["/v1/chat/completions", "/v1/responses"] {
        let reply = post(&off, path, &[("Authorization", &auth)], body);
        assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"), "{path}");
    }
    assert!(agent.requests.lock().unwrap().is_empty(), "no run without auth or when disabled");
}

#[test]
fn inputs_a_run_cannot_carry_are_refused() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let strict = gateway(&agent, ", images: { allowUrl: false }");
    let auth = auth();
    let invalid = |message: &str| json!({"error": {"message": message, "type": "invalid_request_error"}});
    let url_image = json!({"model": "openclaw", "input": [{"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "look"},
        {"type": "input_image", "source": {"type": "url", "url": "https://example.com/cat.png"}}
    ]}]})
    .to_string();
    let cases = [
        (&strict, "/v1/responses", url_image, "invalid request"),
        (
            &gw,
            "/v1/responses",
            json!({"model": "openclaw", "input": "hi", "tools": [{"type": "function", "name": "lookup"}]}).to_string(),
            "Client tools (`tools`) are not supported by this gateway yet.",
        ),
        (
            &gw,
            "/v1/chat/completions",
            json!({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}).to_string(),
            "Invalid image_url content in `messages`.",
        ),
    ];
    for (gateway, path, body, message) in cases {
        let reply = post(gateway, path, &[("Authorization", &auth)], &body);
        assert_eq!((reply.status, reply.json()), (400, invalid(message)), "{body}");
    }
    assert!(agent.requests.lock().unwrap().is_empty(), "refused requests start no run");
}

/// Opens a streaming request, reads until the first content arrives, then hangs up.
fn stream_then_hang_up(gw: &TestGateway, path: &str, body: &str, marker: &str) {
    let mut stream = TcpStream::connect(gw.http_url().trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        gw.addr,
        auth(),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains(marker) {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "stream ended early: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    drop(stream);
}

fn wait_for_cancel(agent: &ScriptedAgent, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while agent.cancelled.lock().unwrap().len() < count {
        assert!(Instant::now() < deadline, "the run was not aborted after the client left");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_client_that_disconnects_aborts_its_run() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let chat = r#"{"stream":true,"messages":[{"role":"user","content":"hang"}]}"#;
    stream_then_hang_up(&gw, "/v1/chat/completions", chat, "thinking");
    wait_for_cancel(&agent, 1);
    let responses = r#"{"model":"openclaw","stream":true,"input":"hang"}"#;
    stream_then_hang_up(&gw, "/v1/responses", responses, "thinking");
    wait_for_cancel(&agent, 2);
    let cancelled = agent.cancelled.lock().unwrap().clone();
    assert!(cancelled[0].starts_with("chatcmpl_") && cancelled[1].starts_with("resp_"), "{cancelled:?}");
}

#[test]
fn a_client_that_gives_up_on_a_whole_answer_aborts_its_run() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let body = r#"{"messages":[{"role":"user","content":"hang"}]}"#;
    let mut stream = TcpStream::connect(gw.http_url().trim_start_matches("http://")).unwrap();
    let head = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Length: {}\r\n\r\n{body}",
        gw.addr,
        auth(),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while agent.requests.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the run never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stream);
    wait_for_cancel(&agent, 1);
}
