//! Lane rules, one case per queue mode and drop policy, and the lane's invariants as properties:
//! at most one run at a time, the queue never exceeds its cap, and every message is either run,
//! steered, or reported dropped.

use proptest::prelude::*;

use super::*;

const T0: i64 = 1_800_000_000_000;

fn msg(id: &str) -> LaneMessage {
    LaneMessage { id: id.to_owned(), text: format!("text {id}"), route: "telegram|1".to_owned(), received_at_ms: T0 }
}

fn settings(mode: QueueMode) -> QueueSettings {
    QueueSettings { mode, ..QueueSettings::default() }
}

fn ids(messages: &[LaneMessage]) -> Vec<&str> {
    messages.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn idle_lane_runs_the_first_message_at_once() {
    let mut lane = LaneState::default();
    let actions = lane.on_message(msg("a"), T0, settings(QueueMode::Collect));
    assert_eq!(actions, vec![LaneAction::StartRun { messages: vec![msg("a")], overflow: None }]);
    assert!(lane.is_active());
}

#[test]
fn collect_coalesces_messages_sent_during_a_run_into_one_turn() {
    let s = settings(QueueMode::Collect);
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    assert_eq!(lane.on_message(msg("b"), T0 + 10, s), vec![LaneAction::Queued { id: "b".into(), depth: 1 }]);
    assert_eq!(lane.on_message(msg("c"), T0 + 20, s), vec![LaneAction::Queued { id: "c".into(), depth: 2 }]);
    // The run ends before the queue has been quiet for debounceMs.
    assert_eq!(lane.on_run_finished(T0 + 500), vec![LaneAction::WaitUntil { at_ms: T0 + 1020 }]);
    assert!(!lane.is_active());
    assert_eq!(lane.on_tick(T0 + 1019), vec![LaneAction::WaitUntil { at_ms: T0 + 1020 }]);
    assert_eq!(
        lane.on_tick(T0 + 1020),
        vec![LaneAction::StartRun { messages: vec![msg("b"), msg("c")], overflow: None }]
    );
    assert!(lane.is_active());
}

#[test]
fn collect_never_merges_two_conversations() {
    let s = QueueSettings { debounce_ms: 0, ..settings(QueueMode::Collect) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    lane.on_message(LaneMessage { route: "slack|2".into(), ..msg("c") }, T0, s);
    let LaneAction::StartRun { messages, .. } = &lane.on_run_finished(T0)[0] else { panic!("no run") };
    assert_eq!(ids(messages), ["b"]);
    let LaneAction::StartRun { messages, .. } = &lane.on_run_finished(T0)[0] else { panic!("no run") };
    assert_eq!(ids(messages), ["c"]);
}

#[test]
fn followup_runs_queued_messages_one_turn_each() {
    let s = QueueSettings { debounce_ms: 0, ..settings(QueueMode::Followup) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    lane.on_message(msg("c"), T0, s);
    assert_eq!(lane.on_run_finished(T0), vec![LaneAction::StartRun { messages: vec![msg("b")], overflow: None }]);
    assert_eq!(lane.on_run_finished(T0), vec![LaneAction::StartRun { messages: vec![msg("c")], overflow: None }]);
    assert_eq!(lane.on_run_finished(T0), vec![]);
    assert!(lane.is_idle());
}

#[test]
fn steer_injects_into_the_active_run_and_falls_back_to_the_queue() {
    let s = QueueSettings { debounce_ms: 0, ..settings(QueueMode::Steer) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    assert_eq!(lane.on_message(msg("b"), T0, s), vec![LaneAction::Steer { message: msg("b") }]);
    assert_eq!(lane.on_steer_failed(msg("b"), T0), vec![LaneAction::Queued { id: "b".into(), depth: 1 }]);
    assert_eq!(lane.on_run_finished(T0), vec![LaneAction::StartRun { messages: vec![msg("b")], overflow: None }]);
}

#[test]
fn steer_backlog_steers_and_keeps_a_follow_up() {
    let s = settings(QueueMode::SteerBacklog);
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    assert_eq!(
        lane.on_message(msg("b"), T0, s),
        vec![LaneAction::Steer { message: msg("b") }, LaneAction::Queued { id: "b".into(), depth: 1 }]
    );
}

#[test]
fn interrupt_aborts_and_runs_the_newest_with_any_backlog() {
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, settings(QueueMode::Collect));
    lane.on_message(msg("b"), T0, settings(QueueMode::Collect));
    assert_eq!(
        lane.on_message(msg("c"), T0, settings(QueueMode::Interrupt)),
        vec![LaneAction::Abort, LaneAction::StartRun { messages: vec![msg("b"), msg("c")], overflow: None }]
    );
    assert!(lane.is_active());
}

#[test]
fn drop_new_refuses_the_message_that_does_not_fit() {
    let s = QueueSettings { cap: 1, drop: DropPolicy::New, ..settings(QueueMode::Collect) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    assert_eq!(
        lane.on_message(msg("c"), T0, s),
        vec![LaneAction::Dropped { message: msg("c"), reason: DropReason::QueueFullRefusedNew }]
    );
    assert_eq!(ids(&lane.queued().cloned().collect::<Vec<_>>()), ["b"]);
}

#[test]
fn drop_old_makes_room_by_dropping_the_oldest() {
    let s = QueueSettings { cap: 1, drop: DropPolicy::Old, debounce_ms: 0, ..settings(QueueMode::Collect) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    assert_eq!(
        lane.on_message(msg("c"), T0, s),
        vec![
            LaneAction::Dropped { message: msg("b"), reason: DropReason::QueueFullDroppedOldest },
            LaneAction::Queued { id: "c".into(), depth: 1 },
        ]
    );
    assert_eq!(lane.on_run_finished(T0), vec![LaneAction::StartRun { messages: vec![msg("c")], overflow: None }]);
}

#[test]
fn drop_summarize_tells_the_next_run_what_was_dropped() {
    let s = QueueSettings { cap: 1, drop: DropPolicy::Summarize, debounce_ms: 0, ..settings(QueueMode::Collect) };
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    lane.on_message(msg("c"), T0, s);
    let overflow = OverflowSummary { dropped: 1, lines: vec!["text b".into()] };
    assert_eq!(overflow.prompt(), "[Queue overflow] Dropped 1 message due to cap.\nSummary:\n- text b");
    assert_eq!(
        lane.on_run_finished(T0),
        vec![LaneAction::StartRun { messages: vec![msg("c")], overflow: Some(overflow) }]
    );
}

#[test]
fn a_message_during_the_debounce_joins_the_backlog_instead_of_overtaking_it() {
    let s = settings(QueueMode::Collect);
    let mut lane = LaneState::default();
    lane.on_message(msg("a"), T0, s);
    lane.on_message(msg("b"), T0, s);
    lane.on_run_finished(T0 + 100);
    assert_eq!(
        lane.on_message(msg("c"), T0 + 200, s),
        vec![LaneAction::Queued { id: "c".into(), depth: 2 }, LaneAction::WaitUntil { at_ms: T0 + 1200 }]
    );
}

#[test]
fn queue_names_follow_openclaw() {
    assert_eq!(QueueMode::parse("queue"), Some(QueueMode::Steer));
    assert_eq!(QueueMode::parse("Steer+Backlog"), Some(QueueMode::SteerBacklog));
    assert_eq!(QueueMode::parse("abort"), Some(QueueMode::Interrupt));
    assert_eq!(QueueMode::parse("coalesce"), Some(QueueMode::Collect));
    assert_eq!(QueueMode::parse("nope"), None);
    assert_eq!(DropPolicy::parse("oldest"), Some(DropPolicy::Old));
    assert_eq!(DropPolicy::parse("summary"), Some(DropPolicy::Summarize));
    assert_eq!(
        QueueSettings::default(),
        QueueSettings { mode: QueueMode::Collect, debounce_ms: 1000, cap: 20, drop: DropPolicy::Summarize }
    );
}

#[test]
fn summary_lines_are_collapsed_and_elided() {
    assert_eq!(summary_line("  a \n b  "), "a b");
    let long = "x".repeat(400);
    let line = summary_line(&long);
    assert_eq!(line.chars().count(), SUMMARY_LINE_CHARS);
    assert!(line.ends_with('…'));
}

#[derive(Debug, Clone)]
enum Event {
    Message { mode: QueueMode, route: bool },
    RunFinished,
    Tick,
    SteerFails,
}

fn event() -> impl Strategy<Value = Event> {
    let mode = prop_oneof![
        Just(QueueMode::Collect),
        Just(QueueMode::Followup),
        Just(QueueMode::Steer),
        Just(QueueMode::SteerBacklog),
        Just(QueueMode::Interrupt),
    ];
    prop_oneof![
        4 => (mode, any::<bool>()).prop_map(|(mode, route)| Event::Message { mode, route }),
        2 => Just(Event::RunFinished),
        2 => Just(Event::Tick),
        1 => Just(Event::SteerFails),
    ]
}

fn drop_policy() -> impl Strategy<Value = DropPolicy> {
    prop_oneof![Just(DropPolicy::Old), Just(DropPolicy::New), Just(DropPolicy::Summarize)]
}

proptest! {
    /// Feeds random events and checks, after each, the lane's three promises. A message's fate is
    /// tracked by id: run (StartRun), steered (Steer, unless it comes back via on_steer_failed),
    /// or dropped with a reason; whatever is left must still be in the queue.
    #[test]
    fn one_run_at_a_time_cap_holds_nothing_silently_lost(
        events in prop::collection::vec(event(), 0..80),
        cap in 1usize..5,
        drop in drop_policy(),
        debounce in 0u64..3,
    ) {
        let mut lane = LaneState::default();
        let mut now = T0;
        let mut running = false;
        let mut sent: Vec<String> = Vec::new();
        let mut settled: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut last_steered: Option<LaneMessage> = None;
        for (n, event) in events.into_iter().enumerate() {
            now += 1;
            let actions = match event {
                Event::Message { mode, route } => {
                    let id = format!("m{n}");
                    sent.push(id.clone());
                    let message = LaneMessage {
                        id,
                        text: format!("text {n}"),
                        route: if route { "a".into() } else { "b".into() },
                        received_at_ms: now,
                    };
                    lane.on_message(message, now, QueueSettings { mode, debounce_ms: debounce, cap, drop })
                }
                Event::RunFinished => {
                    running = false;
                    lane.on_run_finished(now)
                }
                Event::Tick => lane.on_tick(now),
                Event::SteerFails => match last_steered.take() {
                    Some(message) => {
                        settled.remove(&message.id);
                        lane.on_steer_failed(message, now)
                    }
                    None => Vec::new(),
                },
            };
            let mut aborted = false;
            for action in actions {
                match action {
                    LaneAction::Abort => {
                        prop_assert!(running, "abort without a run");
                        aborted = true;
                        running = false;
                    }
                    LaneAction::StartRun { messages, .. } => {
                        prop_assert!(!running || aborted, "two runs at once");
                        prop_assert!(!messages.is_empty());
                        running = true;
                        settled.extend(messages.into_iter().map(|m| m.id));
                    }
                    LaneAction::Steer { message } => {
                        prop_assert!(running, "steer without a run");
                        settled.insert(message.id.clone());
                        last_steered = Some(message);
                    }
                    LaneAction::Dropped { message, .. } => {
                        settled.insert(message.id);
                    }
                    LaneAction::Queued { .. } | LaneAction::WaitUntil { .. } => {}
                }
            }
            prop_assert_eq!(running, lane.is_active());
            prop_assert!(lane.queued().count() <= cap, "queue above its cap");
            let queued: std::collections::HashSet<&str> = lane.queued().map(|m| m.id.as_str()).collect();
            for id in &sent {
                prop_assert!(
                    settled.contains(id) || queued.contains(id.as_str()),
                    "message {} vanished", id
                );
            }
        }
    }
}

#[test]
fn queue_settings_come_from_messages_queue_with_channel_overrides() {
    let queue = serde_json::json!({
        "mode": "followup", "byChannel": {"telegram": "interrupt"},
        "debounceMs": 250, "debounceMsByChannel": {"telegram": 0}, "cap": 5, "drop": "old"
    });
    let telegram = QueueSettings::from_config(Some(&queue), "telegram");
    assert_eq!(telegram, QueueSettings { mode: QueueMode::Interrupt, debounce_ms: 0, cap: 5, drop: DropPolicy::Old });
    let slack = QueueSettings::from_config(Some(&queue), "slack");
    assert_eq!(slack, QueueSettings { mode: QueueMode::Followup, debounce_ms: 250, cap: 5, drop: DropPolicy::Old });
    assert_eq!(QueueSettings::from_config(None, "slack"), QueueSettings::default());
}
