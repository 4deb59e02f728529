//! Reset rules: first to expire wins, overrides pick the rule, triggers match like OpenClaw's.

use super::*;

const HOUR: i64 = 3_600_000;
/// Local midnight of the day the tests run on (UTC, so hour boundaries are plain arithmetic).
const DAY0: i64 = 1_800_000_000_000 - 1_800_000_000_000 % (24 * HOUR);

/// The latest `h`:00 at or before `now` in a UTC gateway.
fn boundary(now: i64) -> impl Fn(u32) -> i64 {
    move |h| {
        let today = now - now.rem_euclid(24 * HOUR) + i64::from(h) * HOUR;
        if today > now { today - 24 * HOUR } else { today }
    }
}

fn daily(at_hour: u32, idle_minutes: Option<u64>) -> ResetPolicy {
    ResetPolicy { mode: ResetMode::Daily, at_hour, idle_minutes }
}

#[test]
fn no_session_is_always_new() {
    assert_eq!(reset_due(None, DAY0, boundary(DAY0), &ResetPolicy::default()), Some(ResetReason::NoSession));
}

#[test]
fn daily_reset_at_the_local_hour() {
    let policy = daily(4, None);
    let updated = DAY0 + 3 * HOUR;
    // Still before 04:00: the same session.
    assert_eq!(reset_due(Some(updated), DAY0 + 3 * HOUR + 59 * 60_000, boundary(DAY0 + 4 * HOUR - 1), &policy), None);
    let now = DAY0 + 4 * HOUR;
    assert_eq!(
        reset_due(Some(updated), now, boundary(now), &policy),
        Some(ResetReason::Daily { boundary_ms: DAY0 + 4 * HOUR })
    );
    // Updated after today's boundary: fresh until tomorrow's.
    let now = DAY0 + 27 * HOUR;
    assert_eq!(reset_due(Some(DAY0 + 5 * HOUR), now, boundary(now), &policy), None);
}

#[test]
fn idle_window_alone() {
    let policy = ResetPolicy { mode: ResetMode::Idle, at_hour: 4, idle_minutes: Some(30) };
    let updated = DAY0 + HOUR;
    let at = |now: i64| reset_due(Some(updated), now, boundary(now), &policy);
    assert_eq!(at(updated + 30 * 60_000), None);
    assert_eq!(at(updated + 30 * 60_000 + 1), Some(ResetReason::Idle { expired_at_ms: updated + 30 * 60_000 }));
    // Idle mode never resets daily, even across 04:00.
    assert_eq!(
        at(updated + 29 * 60_000 + 4 * HOUR - HOUR),
        Some(ResetReason::Idle { expired_at_ms: updated + 30 * 60_000 })
    );
}

#[test]
fn idle_mode_without_a_window_uses_sixty_minutes() {
    let policy = ResetPolicy { mode: ResetMode::Idle, at_hour: 4, idle_minutes: None };
    let updated = DAY0 + 10 * HOUR;
    let now = updated + 61 * 60_000;
    assert_eq!(
        reset_due(Some(updated), now, boundary(now), &policy),
        Some(ResetReason::Idle { expired_at_ms: updated + 60 * 60_000 })
    );
}

#[test]
fn daily_and_idle_first_to_expire_wins() {
    let policy = daily(4, Some(60));
    // Idle expired at 02:00, before the 04:00 boundary.
    let updated = DAY0 + HOUR;
    let now = DAY0 + 5 * HOUR;
    assert_eq!(
        reset_due(Some(updated), now, boundary(now), &policy),
        Some(ResetReason::Idle { expired_at_ms: DAY0 + 2 * HOUR })
    );
    // Updated at 03:30: the 04:00 boundary comes before the idle expiry at 04:30.
    let updated = DAY0 + 3 * HOUR + HOUR / 2;
    assert_eq!(
        reset_due(Some(updated), now, boundary(now), &policy),
        Some(ResetReason::Daily { boundary_ms: DAY0 + 4 * HOUR })
    );
}

#[test]
fn channel_override_beats_type_override_beats_base() {
    let mut settings = ResetSettings::default();
    settings.by_type.insert(ResetType::Group, daily(6, None));
    settings.by_channel.insert("telegram".into(), daily(8, None));
    assert_eq!(settings.policy_for("Telegram", ResetType::Group).at_hour, 8);
    assert_eq!(settings.policy_for("slack", ResetType::Group).at_hour, 6);
    assert_eq!(settings.policy_for("slack", ResetType::Direct).at_hour, 4);
}

#[test]
fn reset_type_from_key_and_message() {
    assert_eq!(ResetType::of("agent:main:telegram:group:-100:topic:7", true, false), ResetType::Thread);
    assert_eq!(ResetType::of("agent:main:discord:channel:1", false, false), ResetType::Group);
    assert_eq!(ResetType::of("agent:main:main", false, false), ResetType::Direct);
    assert_eq!(ResetType::parse("dm"), Some(ResetType::Direct));
}

#[test]
fn triggers_match_whole_message_or_prefix_case_insensitively() {
    let triggers = ResetSettings::default().triggers;
    assert_eq!(
        reset_trigger(" /NEW ", &triggers),
        Some(ResetReason::Command { trigger: "/new".into(), rest: String::new() })
    );
    assert_eq!(
        reset_trigger("/reset   Hello There", &triggers),
        Some(ResetReason::Command { trigger: "/reset".into(), rest: "Hello There".into() })
    );
    assert_eq!(reset_trigger("/newer", &triggers), None);
    assert_eq!(reset_trigger("please /new", &triggers), None);
    assert_eq!(reset_trigger("/new", &[]), None);
}
