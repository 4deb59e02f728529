//! The inbound pipeline against a real state directory: pairing replies go out once per request
//! and stop at the channel's pending cap, admitted messages land in `sessions.json` and the
//! transcript under the routed session key, `/new` mints a new session, blocked messages leave
//! no trace, and the lane coalesces a burst in collect mode.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use openclaw_config::{EnvMap, LoadContext};
use openclaw_gateway::Clock;
use openclaw_gateway::inbound::{InboundOutcome, InboundPipeline};
use openclaw_policy::inbound::lane::LaneAction;
use openclaw_policy::inbound::{ChatType, Decision, InboundMessage, Sender};
use serde_json::Value;

const T0: i64 = 1_800_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    state: PathBuf,
    now: Arc<AtomicI64>,
    pipeline: InboundPipeline,
    rt: tokio::runtime::Runtime,
}

impl Fixture {
    fn new(config: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join(".openclaw");
        std::fs::create_dir_all(&state).unwrap();
        let config_path = state.join("openclaw.json");
        let gateway =
            "gateway: { mode: 'local', auth: { mode: 'token', token: 'test-token-0123456789abcdef0123456789abcdef' } }";
        std::fs::write(&config_path, format!("{{ {gateway}, {config} }}")).unwrap();
        let load = LoadContext {
            config_path,
            state_dir: state.clone(),
            cwd: dir.path().to_path_buf(),
            process_env: EnvMap::from_pairs(vec![("HOME".to_owned(), dir.path().display().to_string())]),
        };
        let now = Arc::new(AtomicI64::new(T0));
        let clock_now = Arc::clone(&now);
        let pipeline = InboundPipeline::open(load, Clock::new(move || clock_now.load(Ordering::SeqCst)))
            .unwrap()
            .with_time_zone(jiff::tz::TimeZone::UTC);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        Fixture { _dir: dir, state, now, pipeline, rt }
    }

    fn send(&self, message: InboundMessage) -> InboundOutcome {
        self.rt.block_on(self.pipeline.handle(message)).unwrap()
    }

    fn sessions(&self) -> Value {
        read_json(&self.state.join("agents/main/sessions/sessions.json"))
    }

    fn sessions_dir(&self) -> PathBuf {
        self.state.join("agents/main/sessions")
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn dm(sender: &str, text: &str) -> InboundMessage {
    InboundMessage {
        channel: "telegram".into(),
        sender: Sender { id: sender.into(), ..Sender::default() },
        chat_type: ChatType::Direct,
        text: text.into(),
        can_detect_native_mention: true,
        ..InboundMessage::default()
    }
}

/// Top-level keys (without braces); the fixture adds a local gateway section.
const PAIRING: &str = "channels: { telegram: { dmPolicy: 'pairing', accounts: { work: {} } } }";
const ALLOWLISTED: &str = "session: { dmScope: 'per-channel-peer' }, channels: { telegram: { dmPolicy: 'allowlist', \
     allowFrom: ['111'], groupPolicy: 'open', groups: { '*': { requireMention: true } } } }";

#[test]
fn unknown_dm_sender_gets_the_pairing_code_once() {
    let fx = Fixture::new(PAIRING);
    let first = fx.send(dm("42", "hi"));
    assert_eq!(first.decision, Decision::Pairing);
    let reply = first.reply.unwrap();
    assert!(reply.contains("Your Telegram user id: 42"), "{reply}");
    assert!(reply.contains("openclaw pairing approve telegram "), "{reply}");
    let second = fx.send(dm("42", "hello?"));
    assert_eq!(second.decision, Decision::Pairing);
    assert_eq!(second.reply, None, "the code is not resent");
    assert!(!fx.sessions_dir().exists(), "nothing recorded for an unpaired sender");
}

#[test]
fn pending_pairing_requests_are_capped_per_channel_across_accounts() {
    let fx = Fixture::new(PAIRING);
    let replies: Vec<bool> = [("1", None), ("2", Some("work")), ("3", None), ("4", Some("work")), ("5", None)]
        .into_iter()
        .map(|(sender, account)| {
            let message = InboundMessage { account_id: account.map(str::to_owned), ..dm(sender, "hi") };
            fx.send(message).reply.is_some()
        })
        .collect();
    assert_eq!(replies, [true, true, true, false, false]);
    let requests = read_json(&fx.state.join("credentials/telegram-pairing.json"));
    assert_eq!(requests["requests"].as_array().unwrap().len(), 3);
}

#[test]
fn allowlisted_sender_is_recorded_under_the_routed_session() {
    let fx = Fixture::new(ALLOWLISTED);
    let outcome = fx.send(dm("111", "hello there"));
    assert_eq!(outcome.decision, Decision::Allow);
    assert_eq!(outcome.session_key, "agent:main:telegram:direct:111");
    assert_eq!(outcome.agent_id, "main");
    let session_id = outcome.session_id.clone().unwrap();

    let sessions = fx.sessions();
    let entry = &sessions["agent:main:telegram:direct:111"];
    assert_eq!(entry["sessionId"], session_id.as_str());
    assert_eq!(entry["updatedAt"], T0);
    assert_eq!(entry["chatType"], "direct");
    assert_eq!(entry["lastChannel"], "telegram");
    assert_eq!(entry["lastTo"], "111");
    assert_eq!(entry["origin"]["from"], "111");

    let lines: Vec<Value> = std::fs::read_to_string(fx.sessions_dir().join(format!("{session_id}.jsonl")))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["type"], "session");
    assert_eq!(lines[1]["type"], "message");
    assert_eq!(lines[1]["message"], serde_json::json!({"role": "user", "content": "hello there", "timestamp": T0}));

    let LaneAction::StartRun { messages, .. } = &outcome.lane_actions[0] else { panic!("{outcome:?}") };
    assert_eq!(messages[0].id, lines[1]["id"].as_str().unwrap());
}

#[test]
fn an_authorized_command_skips_the_lane_and_the_transcript() {
    let fx = Fixture::new(ALLOWLISTED);
    let first = fx.send(dm("111", "hello"));
    let session_id = first.session_id.clone().unwrap();
    let outcome = fx.send(dm("111", "/status"));
    assert_eq!(outcome.fast_command.as_deref(), Some("/status"));
    assert!(outcome.lane_actions.is_empty(), "{outcome:?}");
    let text = std::fs::read_to_string(fx.sessions_dir().join(format!("{session_id}.jsonl"))).unwrap();
    assert_eq!(text.lines().count(), 2, "only the header and `hello`: {text}");
    // From a sender who may not run commands it is ordinary text.
    let stranger = fx.send(dm("222", "/status"));
    assert!(stranger.fast_command.is_none());
}

#[test]
fn new_command_starts_a_new_session_and_touches_nothing_else() {
    let fx = Fixture::new(ALLOWLISTED.replace("allowFrom: ['111']", "allowFrom: ['111', '222']").as_str());
    let first = fx.send(dm("111", "hello")).session_id.unwrap();
    let other = fx.send(dm("222", "unrelated")).session_id.unwrap();
    fx.now.store(T0 + 60_000, Ordering::SeqCst);
    let reset = fx.send(dm("111", "/new"));
    let second = reset.session_id.clone().unwrap();
    assert_ne!(second, first);
    assert!(matches!(reset.reset, Some(openclaw_policy::inbound::reset::ResetReason::Command { .. })), "{reset:?}");
    assert!(reset.lane_actions.is_empty(), "a bare /new has nothing to run");

    let sessions = fx.sessions();
    assert_eq!(sessions["agent:main:telegram:direct:111"]["sessionId"], second.as_str());
    assert_eq!(sessions["agent:main:telegram:direct:222"]["sessionId"], other.as_str());
    let names: Vec<String> = std::fs::read_dir(fx.sessions_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".jsonl") && !n.ends_with(".lock"))
        .collect();
    assert!(names.contains(&format!("{other}.jsonl")), "{names:?}");
    assert!(names.contains(&format!("{second}.jsonl")), "{names:?}");
    // The old transcript of the reset session is archived, not deleted; only it.
    assert!(names.iter().any(|n| n.starts_with(&format!("{first}.jsonl.reset."))), "{names:?}");
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn group_message_without_mention_is_blocked_and_leaves_no_trace() {
    let fx = Fixture::new(ALLOWLISTED);
    let message =
        InboundMessage { chat_type: ChatType::Group, group_id: Some("-1001".into()), ..dm("111", "just chatting") };
    let outcome = fx.send(message);
    assert_eq!(outcome.decision, Decision::Block, "{outcome:?}");
    assert_eq!(outcome.reply, None);
    assert!(outcome.lane_actions.is_empty());
    assert!(!fx.sessions_dir().exists());
}

#[test]
fn collect_mode_turns_two_quick_messages_into_one_run() {
    let fx = Fixture::new(ALLOWLISTED);
    let first = fx.send(dm("111", "first"));
    assert!(matches!(&first.lane_actions[..], [LaneAction::StartRun { .. }]), "{first:?}");
    fx.now.store(T0 + 100, Ordering::SeqCst);
    let b = fx.send(dm("111", "second"));
    fx.now.store(T0 + 200, Ordering::SeqCst);
    let c = fx.send(dm("111", "third"));
    assert!(matches!(&b.lane_actions[..], [LaneAction::Queued { depth: 1, .. }]), "{b:?}");
    assert!(matches!(&c.lane_actions[..], [LaneAction::Queued { depth: 2, .. }]), "{c:?}");

    let key = &first.session_key;
    assert_eq!(fx.pipeline.run_finished(key), vec![LaneAction::WaitUntil { at_ms: T0 + 1200 }]);
    fx.now.store(T0 + 1200, Ordering::SeqCst);
    let next = fx.pipeline.tick(key);
    let [LaneAction::StartRun { messages, overflow: None }] = &next[..] else { panic!("{next:?}") };
    let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["second", "third"]);
}

#[test]
fn messages_queue_config_chooses_the_mode_per_channel() {
    let fx = Fixture::new(&format!(
        "{ALLOWLISTED}, messages: {{ queue: {{ mode: 'collect', byChannel: {{ telegram: 'interrupt' }} }} }}"
    ));
    let first = fx.send(dm("111", "first"));
    assert!(matches!(&first.lane_actions[..], [LaneAction::StartRun { .. }]), "{first:?}");
    fx.now.store(T0 + 100, Ordering::SeqCst);
    let second = fx.send(dm("111", "stop, do this instead"));
    assert!(
        second.lane_actions.iter().any(|a| matches!(a, LaneAction::Abort)),
        "telegram interrupts the active run: {second:?}"
    );
}
