use super::*;
use crate::events::{HookDelivery, SessionMode, WakeMode};

/// 2027-01-15T08:00:05Z, a Friday.
const NOW: i64 = 1_800_000_005_000;

fn run(message: &str) -> HookAgentRun {
    HookAgentRun {
        run_id: "run-1".into(),
        agent_id: "main".into(),
        session_key: "hook:abc".into(),
        message: message.into(),
        name: "Alerts".into(),
        wake_mode: WakeMode::Now,
        session_mode: SessionMode::Isolated,
        delivery: HookDelivery::None,
        model: None,
        thinking: None,
        timeout_seconds: None,
        allow_unsafe_external_content: false,
        external_content_source: "webhook".into(),
        source_path: "/hooks/agent".into(),
        mapping_id: None,
        idempotency_key: None,
        accepted_at_ms: NOW,
    }
}

#[test]
fn times_read_like_openclaw_in_utc() {
    assert_eq!(time_line(NOW), "Current time: Friday, January 15th, 2027 — 08:00 (UTC)");
    assert_eq!(utc_stamp(NOW), "2027-01-15T08:00:05Z");
    assert_eq!(user_time(NOW + 7 * 86_400_000), "Friday, January 22nd, 2027 — 08:00");
}

#[test]
fn an_untrusted_hook_message_is_boxed_with_its_context_line() {
    let message = wrapped_hook_message(&run("hi"), ExternalSource::Webhook, "m1", NOW);
    let expected_head =
        "Task: Alerts | Job ID: run-1 | Received: Friday, January 15th, 2027 — 08:00\n\nSECURITY NOTICE:";
    assert!(message.starts_with(expected_head), "{message}");
    assert!(message.ends_with(
        "<<<EXTERNAL_UNTRUSTED_CONTENT id=\"m1\">>>\nSource: Webhook\n---\nhi\n<<<END_EXTERNAL_UNTRUSTED_CONTENT id=\"m1\">>>\n\nCurrent time: Friday, January 15th, 2027 — 08:00 (UTC)"
    ), "{message}");
}

#[test]
fn a_trusted_hook_message_is_prefixed_with_the_job() {
    assert_eq!(
        trusted_hook_message(&run("hi"), NOW),
        "[cron:run-1 Alerts] hi\nCurrent time: Friday, January 15th, 2027 — 08:00 (UTC)"
    );
}

#[test]
fn a_wake_lists_its_events_above_the_heartbeat_prompt() {
    let event = |text: &str| SystemEvent { id: "e".into(), text: text.into(), ts_ms: NOW };
    let events = [event("build finished"), event("heartbeat poll"), event("deploy done")];
    assert_eq!(
        wake_message(&events).as_deref(),
        Some(
            format!(
                "System: [2027-01-15T08:00:05Z] build finished\nSystem: [2027-01-15T08:00:05Z] deploy done\n\n{HEARTBEAT_PROMPT}"
            )
            .as_str()
        )
    );
    assert_eq!(wake_message(&[event("Read HEARTBEAT.md now")]), None);
    assert_eq!(wake_message(&[]), None);
}
