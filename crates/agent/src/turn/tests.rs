use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};

use openclaw_providers::{EventSink, ToolCallDelta};

use super::*;
use crate::tool::Tool;

/// A model that replays scripted replies, streaming their text in two pieces.
#[derive(Debug, Default)]
struct Scripted {
    replies: Mutex<VecDeque<Result<AssembledReply, ProviderError>>>,
    requests: Mutex<Vec<ModelRequest>>,
    hang: bool,
}

impl Scripted {
    fn new(replies: Vec<Result<AssembledReply, ProviderError>>) -> Arc<Self> {
        Arc::new(Self { replies: Mutex::new(replies.into()), ..Self::default() })
    }
}

fn text(t: &str) -> Result<AssembledReply, ProviderError> {
    Ok(AssembledReply {
        text: t.into(),
        finish_reason: Some("stop".into()),
        usage: Some(Usage { input_tokens: 10, output_tokens: 5 }),
        ..AssembledReply::default()
    })
}

fn tool(id: &str, name: &str, args: &str) -> Result<AssembledReply, ProviderError> {
    Ok(AssembledReply {
        tool_calls: vec![ToolCall { id: id.into(), name: name.into(), arguments: args.into() }],
        finish_reason: Some("tool_calls".into()),
        usage: Some(Usage { input_tokens: 7, output_tokens: 3 }),
        ..AssembledReply::default()
    })
}

impl Model for Scripted {
    fn api(&self) -> &'static str {
        "openai-completions"
    }

    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move {
            self.requests.lock().unwrap().push(request.clone());
            if self.hang {
                on_event(&StreamEvent::TextDelta("partial ".into()));
                cancel.cancelled().await;
                return Err(ProviderError::Cancelled);
            }
            let reply = self.replies.lock().unwrap().pop_front().unwrap_or_else(|| text("(script ended)"));
            if let Ok(reply) = &reply {
                let (a, b) = reply.text.split_at(reply.text.len() / 2);
                on_event(&StreamEvent::TextDelta(a.into()));
                on_event(&StreamEvent::TextDelta(b.into()));
                let _ = ToolCallDelta::default();
            }
            reply
        })
    }
}

struct Meta;
impl ModelMeta for Meta {
    fn label(&self) -> (String, String, String) {
        ("local".into(), "m1".into(), "openai-completions".into())
    }
    fn cost(&self, _usage: &Usage) -> Value {
        json!({"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0, "total": 0})
    }
}

#[derive(Default)]
struct Memory {
    entries: Mutex<Vec<Value>>,
}

impl TranscriptWriter for Memory {
    fn append(&self, entry: Value) -> BoxFuture<'_, Result<String, String>> {
        Box::pin(async move {
            let mut entries = self.entries.lock().unwrap();
            entries.push(entry);
            Ok(format!("{:08x}", entries.len()))
        })
    }
}

impl Memory {
    fn roles(&self) -> Vec<String> {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .map(|e| {
                let m = &e["message"];
                format!("{}:{}", m["role"].as_str().unwrap_or("?"), m["stopReason"].as_str().unwrap_or(""))
            })
            .collect()
    }
}

struct Echo {
    calls: AtomicUsize,
}

impl Tool for Echo {
    fn name(&self) -> &str {
        "echo"
    }
    fn description(&self) -> &str {
        "echoes"
    }
    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]})
    }
    fn call<'a>(&'a self, arguments: Value, _context: &'a ToolContext) -> BoxFuture<'a, ToolOutput> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            ToolOutput::text(format!("echo: {}", arguments["text"].as_str().unwrap_or_default()))
        })
    }
}

fn input(model: Arc<dyn Model>, tools: ToolRegistry) -> TurnInput {
    TurnInput {
        model,
        meta: Arc::new(Meta),
        model_id: "m1".into(),
        system: "system".into(),
        history: vec![ChatMessage::user_text("hello")],
        tools,
        limits: TurnLimits::default(),
        context: ToolContext {
            agent_id: "main".into(),
            session_key: "agent:main:main".into(),
            session_id: "s".into(),
            run_id: "r".into(),
            sender_is_owner: true,
            cancel: Cancellation::new(),
        },
        steer: SteerQueue::default(),
        reasoning_effort: None,
        sampling: Default::default(),
    }
}

fn echo_tools() -> (ToolRegistry, Arc<Echo>) {
    let echo = Arc::new(Echo { calls: AtomicUsize::new(0) });
    let mut tools = ToolRegistry::new();
    tools.register(echo.clone());
    (tools, echo)
}

#[derive(Default)]
struct Recorder {
    texts: Vec<String>,
    tools: Vec<String>,
}
impl TurnObserver for Recorder {
    fn assistant_text(&mut self, accumulated: &str) {
        self.texts.push(accumulated.to_owned());
    }
    fn tool_end(&mut self, call: &ToolCall, output: &ToolOutput) {
        self.tools.push(format!("{}={}", call.name, output.content));
    }
}

#[tokio::test]
async fn tool_calls_run_until_the_model_stops() {
    let model = Scripted::new(vec![tool("c1", "echo", r#"{"text":"ping"}"#), text("done: ping")]);
    let (tools, echo) = echo_tools();
    let memory = Memory::default();
    let mut recorder = Recorder::default();
    let outcome = run_turn(input(model.clone(), tools), &memory, &mut recorder).await;
    assert_eq!(outcome.stop_reason, StopReason::Stop);
    assert_eq!(outcome.text, "done: ping");
    assert_eq!(outcome.model_calls, 2);
    assert_eq!(outcome.usage, Usage { input_tokens: 17, output_tokens: 8 });
    assert_eq!(echo.calls.load(Ordering::SeqCst), 1);
    assert_eq!(memory.roles(), ["assistant:toolUse", "toolResult:", "assistant:stop"]);
    assert_eq!(recorder.tools, ["echo=echo: ping"]);
    // Deltas carry the accumulated text.
    assert_eq!(recorder.texts.last().map(String::as_str), Some("done: ping"));
    // The second call saw the tool result.
    let requests = model.requests.lock().unwrap();
    assert!(
        matches!(requests[1].messages.last(), Some(ChatMessage::ToolResult { content, .. }) if content == "echo: ping")
    );
    assert_eq!(requests[0].tools[0].name, "echo");
    let entries = memory.entries.lock().unwrap();
    assert_eq!(entries[0]["message"]["content"][0]["arguments"], json!({"text": "ping"}));
}

#[tokio::test]
async fn bad_arguments_and_unknown_tools_are_reported_to_the_model() {
    let model = Scripted::new(vec![tool("c1", "echo", r#"{"nope":1}"#), tool("c2", "rm_rf", "{}"), text("ok")]);
    let (tools, echo) = echo_tools();
    let memory = Memory::default();
    let outcome = run_turn(input(model.clone(), tools), &memory, &mut Quiet).await;
    assert_eq!(outcome.stop_reason, StopReason::Stop);
    assert_eq!(echo.calls.load(Ordering::SeqCst), 0);
    let entries = memory.entries.lock().unwrap();
    assert_eq!(entries[1]["message"]["isError"], true);
    assert!(entries[1]["message"]["content"][0]["text"].as_str().unwrap().contains("missing required property `text`"));
    assert!(entries[3]["message"]["content"][0]["text"].as_str().unwrap().contains("not available"));
}

#[tokio::test]
async fn the_iteration_limit_stops_a_tool_loop() {
    let replies = (0..10).map(|i| tool(&format!("c{i}"), "echo", r#"{"text":"x"}"#)).collect();
    let model = Scripted::new(replies);
    let (tools, _) = echo_tools();
    let mut turn = input(model, tools);
    turn.limits.max_iterations = 3;
    let memory = Memory::default();
    let outcome = run_turn(turn, &memory, &mut Quiet).await;
    assert_eq!(outcome.stop_reason, StopReason::Error);
    assert_eq!(outcome.model_calls, 3);
    assert!(outcome.error.unwrap().contains("tool loop limit"));
    assert_eq!(memory.roles().last().unwrap(), "assistant:error");
}

#[tokio::test]
async fn abort_stops_the_model_call_and_records_the_partial_text() {
    let model = Arc::new(Scripted { hang: true, ..Scripted::default() });
    let turn = input(model, ToolRegistry::new());
    let cancel = turn.context.cancel.clone();
    let memory = Memory::default();
    let handle = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        cancel.cancel();
    });
    let outcome = run_turn(turn, &memory, &mut Quiet).await;
    handle.await.unwrap();
    assert_eq!(outcome.stop_reason, StopReason::Aborted);
    assert_eq!(outcome.text, "partial ");
    let entries = memory.entries.lock().unwrap();
    assert_eq!(entries[0]["message"]["stopReason"], "aborted");
    assert_eq!(entries[0]["message"]["content"][0]["text"], "partial ");
}

#[tokio::test]
async fn the_time_limit_aborts_the_turn() {
    let model = Arc::new(Scripted { hang: true, ..Scripted::default() });
    let mut turn = input(model, ToolRegistry::new());
    turn.limits.timeout = Duration::from_millis(50);
    let memory = Memory::default();
    let outcome = run_turn(turn, &memory, &mut Quiet).await;
    assert_eq!(outcome.stop_reason, StopReason::Aborted);
    assert!(outcome.error.unwrap().contains("timed out"));
}

#[tokio::test]
async fn provider_errors_end_the_turn_with_an_error_entry() {
    let model = Scripted::new(vec![Err(ProviderError::Api {
        status: Some(500),
        kind: "server_error".into(),
        message: "boom".into(),
    })]);
    let memory = Memory::default();
    let outcome = run_turn(input(model, ToolRegistry::new()), &memory, &mut Quiet).await;
    assert_eq!(outcome.stop_reason, StopReason::Error);
    assert!(outcome.error.as_deref().unwrap().contains("boom"));
    let entries = memory.entries.lock().unwrap();
    assert_eq!(entries[0]["message"]["errorMessage"], "provider error (HTTP 500): server_error: boom");
}

#[tokio::test]
async fn the_silent_token_is_flagged() {
    let model = Scripted::new(vec![text("  NO_REPLY \n")]);
    let outcome = run_turn(input(model, ToolRegistry::new()), &Memory::default(), &mut Quiet).await;
    assert!(outcome.silent);
}

#[tokio::test]
async fn a_steering_message_skips_the_remaining_tool_calls() {
    let batch = Ok(AssembledReply {
        tool_calls: vec![
            ToolCall { id: "a".into(), name: "echo".into(), arguments: r#"{"text":"1"}"#.into() },
            ToolCall { id: "b".into(), name: "echo".into(), arguments: r#"{"text":"2"}"#.into() },
        ],
        finish_reason: Some("tool_calls".into()),
        ..AssembledReply::default()
    });
    let model = Scripted::new(vec![batch, text("steered")]);
    let (tools, echo) = echo_tools();
    let turn = input(model.clone(), tools);
    turn.steer.push("actually, stop that".into());
    let memory = Memory::default();
    let outcome = run_turn(turn, &memory, &mut Quiet).await;
    assert_eq!(outcome.text, "steered");
    assert_eq!(echo.calls.load(Ordering::SeqCst), 1);
    let entries = memory.entries.lock().unwrap();
    assert_eq!(entries[2]["message"]["content"][0]["text"], SKIPPED_FOR_STEER);
    assert_eq!(entries[3]["message"]["content"], "actually, stop that");
}
