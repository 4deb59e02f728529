//! The agent runtime against the testkit's fake model server over real HTTP: a whole turn with
//! a tool call (OpenAI and Anthropic wire formats), the transcript it leaves, failover to a
//! fallback model after an auth failure (with the profile cooldown written), NO_REPLY
//! suppression, slash commands without the model, compaction near the context window,
//! abort, the per-session lane, and images from the run spec to the transcript and the model.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use openclaw_agent::runtime::{AgentRuntime, CommandAuth, ImageInput, RunProgress, RunSpec, RunStatus, RuntimeDeps};
use openclaw_agent::{Tool, ToolContext, ToolOutput};
use openclaw_providers::{BoxFuture, Cancellation, Timeouts};
use openclaw_store::{AgentId, SessionStore, StateDir};
use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::{Value, json};

const KEY: &str = "sk-runtime-canary-0123456789abcdef";

/// A test tool: adds two integers.
struct Add;

impl Tool for Add {
    fn name(&self) -> &str {
        "add"
    }
    fn description(&self) -> &str {
        "Adds two integers."
    }
    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"]})
    }
    fn call<'a>(&'a self, arguments: Value, _context: &'a ToolContext) -> BoxFuture<'a, ToolOutput> {
        Box::pin(async move {
            let sum = arguments["a"].as_i64().unwrap_or(0) + arguments["b"].as_i64().unwrap_or(0);
            ToolOutput::text(sum.to_string())
        })
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    state: StateDir,
    runtime: Arc<AgentRuntime>,
}

fn fixture(config: Value) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::new(dir.path().join(".openclaw"));
    std::fs::create_dir_all(state.root()).unwrap();
    let config = Arc::new(config);
    let deps = RuntimeDeps {
        state_dir: state.clone(),
        config: Arc::new(move || config.clone()),
        env: Arc::new(|_| None),
        clock: Arc::new(|| 1_800_000_000_000),
        workspace_of: {
            let root = state.root().to_path_buf();
            Arc::new(move |_: &str| root.join("workspace"))
        },
        host: "testhost".into(),
        os: "linux".into(),
        timezone: "UTC".into(),
        cwd: "/tmp".into(),
        extra_tools: vec![Arc::new(Add)],
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            response: Duration::from_secs(10),
            read: Duration::from_secs(10),
        },
    };
    Fixture { _dir: dir, state, runtime: Arc::new(AgentRuntime::new(deps)) }
}

fn provider(id: &str, base_url: &str, api: &str, window: u64) -> (String, Value) {
    (
        id.to_owned(),
        json!({"baseUrl": base_url, "api": api, "apiKey": KEY, "models": [{"id": "m1", "name": "m1", "contextWindow": window, "maxTokens": 512, "cost": {"input": 1.0, "output": 2.0, "cacheRead": 0, "cacheWrite": 0}}]}),
    )
}

fn config(providers: Vec<(String, Value)>, primary: &str, fallbacks: &[&str]) -> Value {
    let providers: serde_json::Map<String, Value> = providers.into_iter().collect();
    json!({
        "models": {"providers": providers},
        "agents": {"defaults": {"model": {"primary": primary, "fallbacks": fallbacks}}},
    })
}

fn spec(message: &str) -> RunSpec {
    RunSpec {
        run_id: "run-1".into(),
        agent_id: "main".into(),
        session_key: "agent:main:main".into(),
        message: message.into(),
        images: Vec::new(),
        model: None,
        thinking: None,
        timeout_ms: None,
        extra_system_prompt: None,
        commands: Some(CommandAuth { authorized: true, owner: true }),
        is_group: false,
        channel: None,
        record_user_message: true,
        max_tokens: None,
        sampling: Default::default(),
    }
}

fn transcript(state: &StateDir) -> Vec<Value> {
    let store = SessionStore::new(state, &AgentId::new("main").unwrap());
    let record = store.get("agent:main:main").unwrap().unwrap();
    let path = record.transcript_path(store.dir()).unwrap();
    openclaw_store::sessions::read_transcript(&path).unwrap()
}

fn roles(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e["type"] == "message")
        .map(|e| e["message"]["role"].as_str().unwrap().to_owned())
        .collect()
}

async fn run_tool_turn(api: &str) {
    let server = FakeModelServer::start(vec![
        Scripted::tool_call("add", r#"{"a": 2, "b": 40}"#),
        Scripted::text("The sum is 42."),
    ]);
    let fx = fixture(config(vec![provider("local", &server.base_url(), api, 32_000)], "local/m1", &[]));
    let mut progress = Vec::new();
    let result = fx.runtime.run(spec("what is 2 + 40?"), Cancellation::new(), &mut |p| progress.push(p)).await;
    assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    assert_eq!(result.text.as_deref(), Some("The sum is 42."));
    assert_eq!((result.model_calls, result.tool_calls), (2, 1));
    assert!(
        progress
            .iter()
            .any(|p| matches!(p, RunProgress::ToolEnd(call, out) if call.name == "add" && out.content == "42"))
    );
    assert!(matches!(progress.last(), Some(RunProgress::AssistantText(t)) if t == "The sum is 42."));

    let entries = transcript(&fx.state);
    assert_eq!(entries[0]["type"], "session");
    assert_eq!(roles(&entries), ["user", "assistant", "toolResult", "assistant"]);
    let call = &entries[2]["message"];
    assert_eq!(call["stopReason"], "toolUse");
    assert_eq!(call["content"][0]["type"], "toolCall");
    assert_eq!(call["content"][0]["arguments"], json!({"a": 2, "b": 40}));
    assert_eq!(call["provider"], "local");
    assert_eq!(call["api"], api);
    assert_eq!(entries[3]["message"]["content"][0]["text"], "42");
    let last = &entries[4]["message"];
    assert_eq!(last["stopReason"], "stop");
    assert!(last["usage"]["cost"]["total"].as_f64().is_some());

    // The second model call carried the system prompt, the tool spec and the tool result.
    let requests = server.requests();
    let body = &requests[1]["body"];
    let text = body.to_string();
    assert!(text.contains("\"add\""), "tool spec sent: {text}");
    assert!(text.contains("42"), "tool result sent");
    assert!(!text.contains(KEY), "the key is never in a body");

    let store = SessionStore::new(&fx.state, &AgentId::new("main").unwrap());
    let entry = store.get("agent:main:main").unwrap().unwrap().entry;
    assert_eq!(entry["model"], "m1");
    assert_eq!(entry["modelProvider"], "local");
    assert!(entry["totalTokens"].as_u64().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_with_a_tool_call_over_openai_chat_completions() {
    run_tool_turn("openai-completions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_with_a_tool_call_over_anthropic_messages() {
    run_tool_turn("anthropic-messages").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_with_a_tool_call_over_openai_responses() {
    run_tool_turn("openai-responses").await;
}

/// A run with an image: the transcript's user message holds the text and image parts, and the
/// model request carries the image in the provider's own shape (`user` message content of
/// the first request).
async fn run_image_turn(api: &str) -> Value {
    let server = FakeModelServer::start(vec![Scripted::text("A red pixel.")]);
    let fx = fixture(config(vec![provider("local", &server.base_url(), api, 32_000)], "local/m1", &[]));
    let mut run = spec("what is this?");
    run.images = vec![ImageInput { mime_type: "image/png".into(), data_base64: "iVBORw0KGgo=".into() }];
    let result = fx.runtime.run(run, Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    let entries = transcript(&fx.state);
    let user = entries.iter().find(|e| e["message"]["role"] == "user").unwrap();
    assert_eq!(
        user["message"]["content"],
        json!([
            {"type": "text", "text": "what is this?"},
            {"type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"}
        ])
    );
    let body = &server.requests()[0]["body"];
    let user = body["messages"].as_array().unwrap().iter().find(|m| m["role"] == "user").unwrap();
    user["content"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_reaches_an_openai_chat_completions_model_as_a_data_url() {
    let content = run_image_turn("openai-completions").await;
    assert_eq!(content[1], json!({"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_reaches_an_anthropic_model_as_a_base64_block() {
    let content = run_image_turn("anthropic-messages").await;
    assert_eq!(
        content[1],
        json!({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_key_fails_over_to_the_fallback_model() {
    let primary = FakeModelServer::start(vec![Scripted::Status { code: 401, retry_after: None, body: None }]);
    let fallback = FakeModelServer::start(vec![Scripted::text("from the fallback")]);
    let fx = fixture(config(
        vec![
            provider("first", &primary.base_url(), "openai-completions", 32_000),
            provider("second", &fallback.base_url(), "anthropic-messages", 32_000),
        ],
        "first/m1",
        &["second/m1"],
    ));
    let result = fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    assert_eq!(result.text.as_deref(), Some("from the fallback"));
    let entries = transcript(&fx.state);
    let reply = entries.iter().rev().find(|e| e["message"]["role"] == "assistant").unwrap();
    assert_eq!(reply["message"]["provider"], "second");
    assert_eq!(reply["message"]["api"], "anthropic-messages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_candidate_failing_is_one_clear_error_without_the_key() {
    let body = json!({"error": {"message": format!("bad key {KEY}"), "type": "invalid_request_error"}});
    let server = FakeModelServer::start(vec![Scripted::Status { code: 401, retry_after: None, body: Some(body) }]);
    let fx =
        fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 32_000)], "local/m1", &[]));
    let result = fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Error);
    let error = result.error.unwrap();
    assert!(error.contains("local/m1") && error.contains("401"), "{error}");
    assert!(!error.contains(KEY), "{error}");
    let text = serde_json::to_string(&transcript(&fx.state)).unwrap();
    assert!(!text.contains(KEY), "the key is not in the transcript");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_silent_token_delivers_nothing() {
    let server = FakeModelServer::start(vec![Scripted::text("NO_REPLY")]);
    let fx =
        fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 32_000)], "local/m1", &[]));
    let result = fx.runtime.run(spec("just fyi"), Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Ok);
    assert_eq!(result.text, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_answer_without_the_model_and_patch_the_session() {
    let server = FakeModelServer::start(vec![]);
    let fx =
        fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 32_000)], "local/m1", &[]));
    let result = fx.runtime.run(spec("/think high"), Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Ok);
    assert!(result.text.unwrap().to_lowercase().contains("high"));
    let status = fx.runtime.run(spec("/status"), Cancellation::new(), &mut |_| {}).await;
    assert!(status.text.unwrap().contains("agent:main:main"));
    let mut unauthorized = spec("/think off");
    unauthorized.commands = Some(CommandAuth { authorized: false, owner: false });
    let ignored = fx.runtime.run(unauthorized, Cancellation::new(), &mut |_| {}).await;
    assert_eq!(ignored.text, None, "an unauthorized command is ignored silently");
    assert!(server.requests().is_empty(), "no model call for commands");
    let store = SessionStore::new(&fx.state, &AgentId::new("main").unwrap());
    assert_eq!(store.get("agent:main:main").unwrap().unwrap().entry["thinkingLevel"], "high");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_session_is_compacted_near_the_context_window() {
    let server = FakeModelServer::start(vec![]);
    let fx = fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 2_000)], "local/m1", &[]));
    // Every model call (turns and the summary request alike) gets the same short answer; the
    // user messages alone outgrow the 2,000-token window after a few turns.
    server.set_fallback(Scripted::text("SUMMARY: the user asked numbered questions"));
    let filler = "lorem ipsum dolor sit amet ".repeat(40);
    for i in 0..8 {
        let mut turn = spec(&format!("question {i}: {filler}"));
        turn.run_id = format!("r{i}");
        let result = fx.runtime.run(turn, Cancellation::new(), &mut |_| {}).await;
        assert_eq!(result.status, RunStatus::Ok, "turn {i}: {result:?}");
    }
    let entries = transcript(&fx.state);
    let compaction = entries.iter().find(|e| e["type"] == "compaction").expect("a compaction entry");
    assert!(compaction["summary"].as_str().unwrap().starts_with("SUMMARY"));
    assert!(compaction["tokensBefore"].as_u64().unwrap() > 1_000);
    // Later model calls start from the summary, not the first question.
    let last = server.requests().last().unwrap()["body"].to_string();
    assert!(last.contains("compacted into the following summary"), "{last}");
    assert!(!last.contains("question 0"), "old turns are summarised away");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_aborts_the_running_turn_and_the_lane_serialises_a_session() {
    let server = FakeModelServer::start(vec![Scripted::text("first"), Scripted::text("second")]);
    let fx =
        fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 32_000)], "local/m1", &[]));
    // Two runs on one session at once: the lane runs them one after the other.
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for (i, text) in ["a", "b"].into_iter().enumerate() {
        let runtime = fx.runtime.clone();
        let order = order.clone();
        let mut turn = spec(text);
        turn.run_id = format!("r{i}");
        handles.push(tokio::spawn(async move {
            let result = runtime.run(turn, Cancellation::new(), &mut |_| {}).await;
            order.lock().unwrap().push(result.text.unwrap_or_default());
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let mut got = order.lock().unwrap().clone();
    got.sort();
    assert_eq!(got, ["first", "second"]);
    let entries = transcript(&fx.state);
    assert_eq!(roles(&entries), ["user", "assistant", "user", "assistant"], "turns never interleave");

    // A cancelled run reports aborted.
    let cancel = Cancellation::new();
    cancel.cancel();
    let result = fx.runtime.run(spec("never"), cancel, &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Aborted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_thinking_level_reaches_reasoning_models_only() {
    let server = FakeModelServer::start(vec![Scripted::text("a"), Scripted::text("b")]);
    let (_, mut reasoning) = provider("smart", &server.base_url(), "openai-completions", 32_000);
    reasoning["models"][0]["reasoning"] = json!(true);
    let plain = provider("plain", &server.base_url(), "openai-completions", 32_000);
    let fx = fixture(config(vec![("smart".to_owned(), reasoning), plain], "smart/m1", &[]));
    fx.runtime.run(spec("/think high"), Cancellation::new(), &mut |_| {}).await;
    fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    let mut other = spec("hello again");
    other.model = Some("plain/m1".into());
    fx.runtime.run(other, Cancellation::new(), &mut |_| {}).await;
    let requests = server.requests();
    assert_eq!(requests[0]["body"]["reasoning_effort"], "high");
    assert!(requests[1]["body"].get("reasoning_effort").is_none(), "not sent to a model without `reasoning`");
}

/// The wire failures the fake server scripts, through a whole turn: what the user gets and what
/// the transcript keeps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wire_failures_through_a_whole_turn() {
    use openclaw_testkit::fake_model::MALFORMED_FOLLOW_UP_TEXT;
    for api in ["openai-completions", "anthropic-messages", "openai-responses"] {
        // A garbled chunk is skipped; the reply still arrives.
        let server = FakeModelServer::start(vec![Scripted::MalformedChunk]);
        let fx = fixture(config(vec![provider("local", &server.base_url(), api, 32_000)], "local/m1", &[]));
        let result = fx.runtime.run(spec("hi"), Cancellation::new(), &mut |_| {}).await;
        assert_eq!(result.text.as_deref(), Some(MALFORMED_FOLLOW_UP_TEXT), "{api}: {result:?}");

        // 429 with Retry-After, then a 500: both retried by the client, then the reply.
        let server = FakeModelServer::start(vec![
            Scripted::rate_limited(1),
            Scripted::server_error(),
            Scripted::text("after the retries"),
        ]);
        let fx = fixture(config(vec![provider("local", &server.base_url(), api, 32_000)], "local/m1", &[]));
        let started = std::time::Instant::now();
        let result = fx.runtime.run(spec("hi"), Cancellation::new(), &mut |_| {}).await;
        assert_eq!(result.text.as_deref(), Some("after the retries"), "{api}: {result:?}");
        assert!(started.elapsed() >= Duration::from_secs(1), "{api}: Retry-After honoured");
        assert_eq!(server.requests().len(), 3);

        // A stream cut off mid-reply: the run fails as truncated, the partial text is not
        // delivered, and the transcript says why.
        let server = FakeModelServer::start(vec![Scripted::DisconnectMidStream]);
        let fx = fixture(config(vec![provider("local", &server.base_url(), api, 32_000)], "local/m1", &[]));
        let mut streamed = Vec::new();
        let result = fx.runtime.run(spec("hi"), Cancellation::new(), &mut |p| streamed.push(p)).await;
        assert_eq!(result.status, RunStatus::Error, "{api}: {result:?}");
        assert_eq!(result.text, None);
        assert!(result.error.as_deref().unwrap_or_default().contains("truncated"), "{api}: {result:?}");
        let entries = transcript(&fx.state);
        let last = &entries.last().unwrap()["message"];
        assert_eq!(last["stopReason"], "error", "{api}");
        assert!(last["errorMessage"].as_str().unwrap().contains("truncated"), "{api}");
        assert_eq!(server.requests().len(), 1, "{api}: no retry once text streamed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_recorded_by_another_writer_are_part_of_the_next_turn() {
    let server = FakeModelServer::start(vec![Scripted::text("first answer"), Scripted::text("second answer")]);
    let fx =
        fixture(config(vec![provider("local", &server.base_url(), "openai-completions", 32_000)], "local/m1", &[]));
    fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    // The inbound pipeline records a channel message through its own handle.
    let store = SessionStore::new(&fx.state, &AgentId::new("main").unwrap());
    let path = store.get("agent:main:main").unwrap().unwrap().transcript_path(store.dir()).unwrap();
    let mut other = openclaw_store::Transcript::open(&path).unwrap();
    let recorded = other
        .append(
            &json!({"type": "message", "message": {"role": "user", "content": "from the channel", "timestamp": 1}}),
            2,
        )
        .unwrap();
    let mut turn = spec("from the channel");
    turn.record_user_message = false;
    let result = fx.runtime.run(turn, Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.text.as_deref(), Some("second answer"));
    let last_request = server.requests().last().unwrap()["body"]["messages"].clone();
    assert_eq!(last_request.as_array().unwrap().last().unwrap()["content"], "from the channel");
    let entries = transcript(&fx.state);
    assert_eq!(roles(&entries), ["user", "assistant", "user", "assistant"], "recorded once, in order");
    assert_eq!(entries.last().unwrap()["parentId"], recorded.as_str(), "one chain, no fork");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anthropic_thinking_is_sent_back_with_its_signature_and_kept_out_of_the_reply() {
    let server = FakeModelServer::start(vec![
        Scripted::thinking_then_tool_call("The user wants a sum; use the tool.", "add", r#"{"a": 2, "b": 40}"#),
        Scripted::thinking_then_text("The tool said 42.", "The sum is 42."),
    ]);
    let (_, mut claude) = provider("claude", &server.base_url(), "anthropic-messages", 200_000);
    claude["models"][0]["reasoning"] = json!(true);
    let fx = fixture(config(vec![("claude".to_owned(), claude)], "claude/m1", &[]));
    fx.runtime.run(spec("/think high"), Cancellation::new(), &mut |_| {}).await;
    let mut progress = Vec::new();
    let result = fx.runtime.run(spec("what is 2 + 40?"), Cancellation::new(), &mut |p| progress.push(p)).await;

    // The fake refuses a tool-use continuation without the signed thinking block, so success
    // means it went back unchanged.
    assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    assert_eq!(result.text.as_deref(), Some("The sum is 42."));
    assert!(
        progress.iter().all(|p| !format!("{p:?}").contains("The tool said")),
        "thinking is never streamed as reply text"
    );
    let requests = server.requests();
    assert_eq!(requests[0]["body"]["thinking"], json!({"type": "enabled", "budget_tokens": 16384}));
    assert!(requests[0]["body"]["max_tokens"].as_u64().unwrap() > 16384);
    let signature = openclaw_testkit::fake_model::thinking_signature("The user wants a sum; use the tool.");
    assert_eq!(
        requests[1]["body"]["messages"][1]["content"][0],
        json!({"type": "thinking", "thinking": "The user wants a sum; use the tool.", "signature": signature})
    );

    let entries = transcript(&fx.state);
    let messages: Vec<&Value> = entries.iter().filter(|e| e["type"] == "message").map(|e| &e["message"]).collect();
    let call = messages.iter().rev().find(|m| m["stopReason"] == "toolUse").unwrap();
    assert_eq!(
        call["content"][0],
        json!({"type": "thinking", "thinking": "The user wants a sum; use the tool.", "thinkingSignature": signature})
    );
    assert_eq!(call["content"][1]["type"], "toolCall");
    let last = messages.last().unwrap();
    assert_eq!(last["content"][0]["type"], "thinking");
    assert_eq!(last["content"][1], json!({"type": "text", "text": "The sum is 42."}));
}

/// The config's per-model `params` reach every call of that model; a failover candidate gets its
/// own; the caller's settings (a `/v1` request) win setting by setting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_params_from_the_config_and_the_caller_reach_the_provider() {
    let primary = FakeModelServer::start(vec![
        Scripted::text("a"),
        Scripted::text("b"),
        Scripted::Status { code: 401, retry_after: None, body: None },
    ]);
    let fallback = FakeModelServer::start(vec![Scripted::text("c")]);
    let mut config = config(
        vec![
            provider("first", &primary.base_url(), "openai-completions", 32_000),
            provider("second", &fallback.base_url(), "openai-completions", 32_000),
        ],
        "first/m1",
        &["second/m1"],
    );
    config["agents"]["defaults"]["params"] = json!({"temperature": 0.9});
    config["agents"]["defaults"]["models"] =
        json!({"first/m1": {"params": {"temperature": 0.2, "maxTokens": 300, "stop": ["STOP"]}}});
    let fx = fixture(config);
    fx.runtime.run(spec("plain"), Cancellation::new(), &mut |_| {}).await;
    let mut caller = spec("from /v1");
    caller.max_tokens = Some(40);
    caller.sampling = openclaw_providers::Sampling { temperature: Some(1.5), seed: Some(9), ..Default::default() };
    fx.runtime.run(caller, Cancellation::new(), &mut |_| {}).await;
    // The primary refuses; the fallback has only the defaults' params and its own maxTokens.
    fx.runtime.run(spec("over"), Cancellation::new(), &mut |_| {}).await;

    let sent = primary.requests();
    let body = &sent[0]["body"];
    assert_eq!(
        (&body["temperature"], &body["max_tokens"], &body["stop"]),
        (&json!(0.2), &json!(300), &json!(["STOP"]))
    );
    let body = &sent[1]["body"];
    assert_eq!((&body["temperature"], &body["max_tokens"], &body["seed"]), (&json!(1.5), &json!(40), &json!(9)));
    assert_eq!(body["stop"], json!(["STOP"]), "settings the caller left out come from the config");
    let body = &fallback.requests()[0]["body"];
    assert_eq!((&body["temperature"], &body["max_tokens"]), (&json!(0.9), &json!(512)), "{body}");
    assert!(body.get("stop").is_none(), "{body}");
}

/// `thinkingDefault` (the agent's, else the defaults') is the level of a session that set none;
/// `/think` in the session wins over it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configured_thinking_default_applies_until_the_session_sets_a_level() {
    let server = FakeModelServer::start(vec![Scripted::text("a"), Scripted::text("b")]);
    let (_, mut reasoning) = provider("smart", &server.base_url(), "openai-completions", 32_000);
    reasoning["models"][0]["reasoning"] = json!(true);
    let mut config = config(vec![("smart".to_owned(), reasoning)], "smart/m1", &[]);
    config["agents"]["defaults"]["thinkingDefault"] = json!("medium");
    config["agents"]["list"] = json!([{"id": "main", "thinkingDefault": "low"}]);
    let fx = fixture(config);
    fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    fx.runtime.run(spec("/think off"), Cancellation::new(), &mut |_| {}).await;
    fx.runtime.run(spec("hello again"), Cancellation::new(), &mut |_| {}).await;
    let requests = server.requests();
    assert_eq!(requests[0]["body"]["reasoning_effort"], "low", "the agent's own default wins over the defaults'");
    assert!(requests[1]["body"].get("reasoning_effort").is_none(), "the session's /think off wins");
}

/// With `agents.defaults.models` set, a run may only pick listed models (or the configured
/// chain); a session's earlier choice the config no longer allows gives way to the agent's model.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_allowlist_limits_what_a_run_may_choose() {
    let server = FakeModelServer::start(vec![Scripted::text("a"), Scripted::text("b")]);
    let mut config = config(
        vec![
            provider("local", &server.base_url(), "openai-completions", 32_000),
            provider("other", &server.base_url(), "openai-completions", 32_000),
        ],
        "local/m1",
        &[],
    );
    config["agents"]["defaults"]["models"] = json!({"local/m1": {}});
    let fx = fixture(config);
    let mut chosen = spec("hello");
    chosen.model = Some("other/m1".into());
    let refused = fx.runtime.run(chosen, Cancellation::new(), &mut |_| {}).await;
    assert_eq!(refused.status, RunStatus::Error);
    assert!(refused.error.as_deref().unwrap_or_default().contains("\"other/m1\" is not allowed"), "{refused:?}");
    assert!(server.requests().is_empty(), "no model call");

    // `/model other/m1` is refused too: it is not among the models offered.
    let command = fx.runtime.run(spec("/model other/m1"), Cancellation::new(), &mut |_| {}).await;
    assert!(command.text.as_deref().unwrap_or_default().starts_with("Unrecognized model"), "{command:?}");

    // A session override written before the allowlist: the run uses the agent's model.
    let store = SessionStore::new(&fx.state, &AgentId::new("main").unwrap());
    store
        .upsert_entry("agent:main:main", |entry| {
            entry.insert("providerOverride".into(), json!("other"));
            entry.insert("modelOverride".into(), json!("m1"));
        })
        .unwrap();
    let result = fx.runtime.run(spec("hello"), Cancellation::new(), &mut |_| {}).await;
    assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    let entries = transcript(&fx.state);
    let reply = entries.iter().rev().find(|e| e["message"]["role"] == "assistant").unwrap();
    assert_eq!(reply["message"]["provider"], "local");
}
