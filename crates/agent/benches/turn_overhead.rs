//! What the agent runtime adds to a turn beyond the model call (`cargo bench -p openclaw-agent
//! --bench turn_overhead`). A "direct call" sends the same Chat Completions request straight
//! through the provider client to the testkit's fake model server; a "turn" runs the whole
//! runtime (command parse, lane, session entry, transcript appends with fdatasync, candidate
//! and credential resolution, system prompt from the workspace, transcript replay, failover
//! wrapper, counters). The difference of the two, in wall time and in heap allocations
//! (counted by this binary's global allocator, fake server included on both sides), is the
//! runtime's overhead per turn. Printed as a table; not a pass/fail test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use openclaw_agent::runtime::{AgentRuntime, CommandAuth, RunSpec, RunStatus, RuntimeDeps};
use openclaw_providers::{Cancellation, ChatMessage, Model, ModelRequest, OpenAiClient, Timeouts};
use openclaw_store::StateDir;
use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::json;

/// Counts allocations process-wide; the bench reads the counter around each phase.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged, only counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const TURNS: usize = 300;
const REPLY: &str = "Sure - here is a short answer of a few words.";

struct Sample {
    per_op: Duration,
    allocations: f64,
    kib: f64,
}

fn measure<F: FnMut(usize)>(n: usize, mut op: F) -> Sample {
    for i in 0..10 {
        op(usize::MAX - i);
    }
    let (a0, b0) = (ALLOCATIONS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    let start = Instant::now();
    for i in 0..n {
        op(i);
    }
    let elapsed = start.elapsed();
    let (a1, b1) = (ALLOCATIONS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    Sample {
        per_op: elapsed / n as u32,
        allocations: (a1 - a0) as f64 / n as f64,
        kib: (b1 - b0) as f64 / n as f64 / 1024.0,
    }
}

fn main() {
    let server = FakeModelServer::start(Vec::new());
    server.set_fallback(Scripted::text(REPLY));
    server.set_recording(false);
    // No pacing between streamed events: the bench measures the runtime, not the fake model.
    FakeModelServer::set_event_gap(Duration::ZERO);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    // Direct provider calls.
    let client = OpenAiClient::new(server.base_url(), Some("sk-bench".into()), Timeouts::default()).unwrap();
    let request = ModelRequest {
        model: "m1".into(),
        system: Some("You are a helpful assistant.".into()),
        messages: vec![ChatMessage::user_text("hello there")],
        ..ModelRequest::default()
    };
    let cancel = Cancellation::new();
    let direct = measure(TURNS, |_| {
        rt.block_on(client.stream(&request, &cancel, &mut |_| {})).unwrap();
    });

    // Whole turns.
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::new(dir.path().join(".openclaw"));
    std::fs::create_dir_all(state.root()).unwrap();
    let config = Arc::new(json!({
        "models": {"providers": {"local": {"baseUrl": server.base_url(), "api": "openai-completions", "apiKey": "sk-bench",
            "models": [{"id": "m1", "name": "m1", "contextWindow": 128000, "maxTokens": 1024}]}}},
        "agents": {"defaults": {"model": {"primary": "local/m1"}, "workspace": dir.path().join("workspace")}},
    }));
    openclaw_agent::workspace::ensure_workspace(&dir.path().join("workspace")).unwrap();
    let runtime = AgentRuntime::new(RuntimeDeps {
        state_dir: state,
        config: Arc::new(move || config.clone()),
        env: Arc::new(|_| None),
        clock: Arc::new(openclaw_agent::clock::wall_clock_ms),
        workspace_of: {
            let workspace = dir.path().join("workspace");
            Arc::new(move |_: &str| workspace.clone())
        },
        host: "bench".into(),
        os: "linux".into(),
        timezone: "UTC".into(),
        cwd: "/".into(),
        extra_tools: Vec::new(),
        timeouts: Timeouts::default(),
    });
    let spec = |key: String, i: usize| RunSpec {
        run_id: format!("r{i}"),
        agent_id: "main".into(),
        session_key: key,
        message: format!("hello there {i}"),
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
    };
    let run = |key: String, i: usize| {
        let result = rt.block_on(runtime.run(spec(key, i), Cancellation::new(), &mut |_| {}));
        assert_eq!(result.status, RunStatus::Ok, "{result:?}");
    };
    let first_turn = measure(TURNS, |i| run(format!("agent:main:bench-new-{i}"), i));
    // Turns 21..=20+TURNS/10 of one conversation: the replay grows with the session.
    for i in 0..20 {
        run("agent:main:bench-long".into(), i);
    }
    let long_turn = measure(TURNS / 10, |i| run("agent:main:bench-long".into(), i));

    println!("agent turn overhead ({TURNS} runs each; fake OpenAI-compatible server on 127.0.0.1, same process)");
    println!("{:<44} {:>12} {:>14} {:>12}", "", "time/op", "allocations/op", "KiB/op");
    let row = |name: &str, s: &Sample| {
        println!("{name:<44} {:>10.3}ms {:>14.0} {:>12.1}", s.per_op.as_secs_f64() * 1e3, s.allocations, s.kib)
    };
    row("direct provider call (baseline)", &direct);
    row("turn, new session", &first_turn);
    row("turn, session with 20+ earlier turns", &long_turn);
    let overhead = |s: &Sample| {
        format!(
            "{:.3} ms, {:.0} allocations, {:.1} KiB",
            (s.per_op.as_secs_f64() - direct.per_op.as_secs_f64()) * 1e3,
            s.allocations - direct.allocations,
            s.kib - direct.kib
        )
    };
    println!("overhead per turn, new session:            {}", overhead(&first_turn));
    println!("overhead per turn, 20+ earlier turns:      {}", overhead(&long_turn));
}
