//! The inbound driver end to end in-process: channel messages go through the gate and the
//! lane to a scripted agent port, replies come out of the outbox, and every queue mode does
//! what OpenClaw's does while a run is busy (collect, followup, steer, interrupt), with
//! authorized commands skipping the queue.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openclaw_config::{EnvMap, LoadContext};
use openclaw_gateway::Clock;
use openclaw_gateway::agent_port::{AgentPort, RunReport, RunRequest, RunStatus, UpdateSink};
use openclaw_gateway::inbound::InboundPipeline;
use openclaw_gateway::inbound::driver::{Delivery, InboundDriver, Outbox};
use openclaw_policy::inbound::{ChatType, InboundMessage, Sender};
use openclaw_providers::{BoxFuture, Cancellation};

/// Answers "echo: <message>"; a message containing "slow" holds its run until released (or
/// aborted). Records requests and steering.
#[derive(Debug)]
struct AgentState {
    requests: Mutex<Vec<RunRequest>>,
    steered: Mutex<Vec<String>>,
    accept_steer: std::sync::atomic::AtomicBool,
    release: tokio::sync::Semaphore,
    running: AtomicUsize,
}

#[derive(Debug, Clone)]
struct Agent(Arc<AgentState>);

impl std::ops::Deref for Agent {
    type Target = AgentState;
    fn deref(&self) -> &AgentState {
        &self.0
    }
}

impl Default for Agent {
    fn default() -> Self {
        Agent(Arc::new(AgentState {
            requests: Mutex::default(),
            steered: Mutex::default(),
            accept_steer: Default::default(),
            release: tokio::sync::Semaphore::new(0),
            running: AtomicUsize::new(0),
        }))
    }
}

impl AgentPort for Agent {
    fn run(&self, request: RunRequest, cancel: Cancellation, _updates: UpdateSink) -> BoxFuture<'static, RunReport> {
        self.requests.lock().unwrap().push(request.clone());
        let me = self.clone();
        Box::pin(async move {
            me.running.fetch_add(1, Ordering::SeqCst);
            let mut status = RunStatus::Ok;
            if request.message.contains("slow") {
                tokio::select! {
                    permit = me.release.acquire() => permit.unwrap().forget(),
                    () = cancel.cancelled() => status = RunStatus::Aborted,
                }
            }
            me.running.fetch_sub(1, Ordering::SeqCst);
            RunReport {
                status,
                text: (status == RunStatus::Ok).then(|| format!("echo: {}", request.message)),
                error: None,
                usage: None,
                stop_reason: "stop".into(),
                session_id: None,
                unconsumed_steer: Vec::new(),
            }
        })
    }

    fn steer(&self, _session_key: &str, text: &str) -> bool {
        if self.accept_steer.load(Ordering::SeqCst) {
            self.steered.lock().unwrap().push(text.to_owned());
            return true;
        }
        false
    }
}

#[derive(Debug, Clone, Default)]
struct Sent(Arc<Mutex<Vec<Delivery>>>);

impl Outbox for Sent {
    fn send(&self, delivery: Delivery) -> BoxFuture<'static, Result<(), String>> {
        self.0.lock().unwrap().push(delivery);
        Box::pin(async { Ok(()) })
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    agent: Agent,
    sent: Sent,
    driver: Arc<InboundDriver>,
    rt: tokio::runtime::Runtime,
}

fn fixture(queue: &str) -> Fixture {
    fixture_with("telegram: { botToken: '123:abc', dmPolicy: 'allowlist', allowFrom: ['111', '222'] }", queue)
}

fn fixture_with(channels: &str, queue: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join(".openclaw");
    std::fs::create_dir_all(&state).unwrap();
    let config_path = state.join("openclaw.json");
    std::fs::write(
        &config_path,
        format!(
            "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: 'test-token-0123456789abcdef0123456789abcdef' }} }},
               channels: {{ {channels} }},
               messages: {{ queue: {queue} }} }}"
        ),
    )
    .unwrap();
    let load = LoadContext {
        config_path,
        state_dir: state,
        cwd: dir.path().to_path_buf(),
        process_env: EnvMap::from_pairs(vec![("HOME".to_owned(), dir.path().display().to_string())]),
    };
    let agent = Agent::default();
    let port: Arc<dyn AgentPort> = Arc::new(agent.clone());
    let pipeline = InboundPipeline::open_with_agent(load, Clock::system(), Some(port)).unwrap();
    let sent = Sent::default();
    let outbox: Arc<dyn Outbox> = Arc::new(sent.clone());
    let driver = InboundDriver::new(Arc::new(pipeline), outbox);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    Fixture { _dir: dir, agent, sent, driver, rt }
}

fn dm(sender: &str, text: &str) -> InboundMessage {
    InboundMessage {
        channel: "telegram".into(),
        sender: Sender { id: sender.into(), ..Sender::default() },
        chat_type: ChatType::Direct,
        text: text.into(),
        ..InboundMessage::default()
    }
}

impl Fixture {
    fn deliver(&self, message: InboundMessage) {
        self.rt.block_on(self.driver.deliver(message)).unwrap();
    }

    fn texts(&self) -> Vec<String> {
        self.sent.0.lock().unwrap().iter().map(|d| d.text.clone()).collect()
    }

    fn messages(&self) -> Vec<String> {
        self.agent.requests.lock().unwrap().iter().map(|r| r.message.clone()).collect()
    }

    /// Waits until `done` holds (the driver works on background tasks).
    fn until(&self, what: &str, done: impl Fn(&Fixture) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: sent {:?}, runs {:?}",
                self.texts(),
                self.messages()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

#[test]
fn an_allowed_dm_is_answered_through_the_outbox() {
    let fx = fixture("{ mode: 'collect', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("111", "hello"));
    fx.until("the reply", |f| !f.texts().is_empty());
    let sent = fx.sent.0.lock().unwrap()[0].clone();
    assert_eq!(
        sent,
        Delivery {
            channel: "telegram".into(),
            account_id: "default".into(),
            to: "111".into(),
            thread_id: None,
            text: "echo: hello".into()
        }
    );
    let request = fx.agent.requests.lock().unwrap()[0].clone();
    assert!(!request.record_user_message, "the pipeline already recorded it");
    assert_eq!(request.channel.as_deref(), Some("telegram"));
    assert_eq!(request.session_key, "agent:main:main");
    assert_eq!(request.source, "channel");
}

#[test]
fn unknown_senders_get_no_run() {
    let fx = fixture("{ mode: 'collect', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("999", "hello"));
    std::thread::sleep(Duration::from_millis(50));
    assert!(fx.messages().is_empty());
    assert!(fx.texts().is_empty(), "allowlist policy: no reply to strangers");
}

#[test]
fn collect_mode_answers_a_burst_with_one_follow_up_turn() {
    let fx = fixture("{ mode: 'collect', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("111", "slow first"));
    fx.until("the first run", |f| f.agent.running.load(Ordering::SeqCst) == 1);
    fx.deliver(dm("111", "second"));
    fx.deliver(dm("111", "third"));
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(fx.messages().len(), 1, "one run at a time per session");
    fx.agent.release.add_permits(1);
    fx.until("the follow-up reply", |f| f.texts().len() == 2);
    let runs = fx.messages();
    assert_eq!(runs.len(), 2);
    assert!(runs[1].starts_with("[Queued messages while agent was busy]"), "{runs:?}");
    assert!(runs[1].contains("Queued #1\nsecond") && runs[1].contains("Queued #2\nthird"), "{runs:?}");
    assert!(fx.agent.requests.lock().unwrap()[1].commands.is_none(), "a batch is never a command");
}

#[test]
fn followup_mode_runs_each_queued_message_in_order() {
    let fx = fixture("{ mode: 'followup', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("111", "slow first"));
    fx.until("the first run", |f| f.agent.running.load(Ordering::SeqCst) == 1);
    fx.deliver(dm("111", "second"));
    fx.deliver(dm("111", "third"));
    fx.agent.release.add_permits(1);
    fx.until("three replies", |f| f.texts().len() == 3);
    assert_eq!(fx.messages(), ["slow first", "second", "third"]);
    assert_eq!(fx.texts(), ["echo: slow first", "echo: second", "echo: third"]);
    fx.until("the session forgotten once idle", |f| f.driver.tracked() == (0, 0));
}

#[test]
fn interrupt_mode_aborts_the_busy_run_and_answers_the_newest() {
    let fx = fixture("{ mode: 'interrupt', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("111", "slow first"));
    fx.until("the first run", |f| f.agent.running.load(Ordering::SeqCst) == 1);
    fx.deliver(dm("111", "never mind, do this"));
    fx.until("the newest reply", |f| f.texts().len() == 1);
    assert_eq!(fx.texts(), ["echo: never mind, do this"], "the aborted run sends nothing");
    // The lane is free again: the next message runs at once.
    fx.deliver(dm("111", "next"));
    fx.until("the next reply", |f| f.texts().len() == 2);
}

#[test]
fn steer_mode_hands_messages_to_the_running_turn_or_queues_them() {
    let fx = fixture("{ mode: 'steer', debounceMsByChannel: { telegram: 20 } }");
    fx.agent.accept_steer.store(true, Ordering::SeqCst);
    fx.deliver(dm("111", "slow first"));
    fx.until("the first run", |f| f.agent.running.load(Ordering::SeqCst) == 1);
    fx.deliver(dm("111", "also check the logs"));
    assert_eq!(*fx.agent.steered.lock().unwrap(), ["also check the logs"]);
    // A run that cannot take it: the message becomes a follow-up turn.
    fx.agent.accept_steer.store(false, Ordering::SeqCst);
    fx.deliver(dm("111", "and the config"));
    fx.agent.release.add_permits(1);
    fx.until("the follow-up", |f| f.texts().len() == 2);
    assert_eq!(fx.messages()[1], "and the config");
}

#[test]
fn an_authorized_stop_skips_the_queue_of_a_busy_session() {
    let fx = fixture("{ mode: 'collect', debounceMsByChannel: { telegram: 20 } }");
    fx.deliver(dm("111", "slow first"));
    fx.until("the first run", |f| f.agent.running.load(Ordering::SeqCst) == 1);
    fx.deliver(dm("111", "/stop"));
    fx.until("the command run", |f| f.messages().len() == 2);
    let request = fx.agent.requests.lock().unwrap()[1].clone();
    assert_eq!(request.message, "/stop");
    assert!(request.commands.is_some_and(|c| c.authorized), "{:?}", request.commands);
    fx.agent.release.add_permits(1);
    fx.until("both replies", |f| f.texts().len() == 2);
    fx.until("the session forgotten once idle", |f| f.driver.tracked() == (0, 0));
}

#[test]
fn a_pairing_code_goes_out_once_and_starts_no_run() {
    let fx = fixture_with("telegram: { botToken: '123:abc', dmPolicy: 'pairing' }", "{ mode: 'collect' }");
    fx.deliver(dm("555", "hi"));
    fx.deliver(dm("555", "hello?"));
    fx.until("the pairing reply", |f| !f.texts().is_empty());
    std::thread::sleep(Duration::from_millis(50));
    let texts = fx.texts();
    assert_eq!(texts.len(), 1, "one code per request: {texts:?}");
    assert!(texts[0].contains("openclaw pairing approve telegram"), "{texts:?}");
    assert_eq!(fx.sent.0.lock().unwrap()[0].to, "555");
    assert!(fx.messages().is_empty());
}
