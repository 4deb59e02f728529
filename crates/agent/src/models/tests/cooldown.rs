use std::collections::BTreeMap;

use openclaw_store::{FailureReason, ProfileUsageStats};
use serde_json::json;

use crate::models::CooldownPolicy;
use crate::models::cooldown::{after_failure, after_success, billing_disable_ms, clear_expired, cooldown_ms};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const NOW: i64 = 1_700_000_000_000;

#[test]
fn cooldown_is_one_minute_times_five_to_the_n_capped_at_an_hour() {
    let table = [(0, MIN), (1, MIN), (2, 5 * MIN), (3, 25 * MIN), (4, HOUR), (10, HOUR), (u64::MAX, HOUR)];
    for (errors, expected) in table {
        assert_eq!(cooldown_ms(errors), expected, "errorCount {errors}");
    }
}

#[test]
fn billing_disable_doubles_from_the_base_up_to_the_max() {
    let table = [(1, 5 * HOUR), (2, 10 * HOUR), (3, 20 * HOUR), (4, 24 * HOUR), (50, 24 * HOUR)];
    for (count, expected) in table {
        assert_eq!(billing_disable_ms(count, 5 * HOUR, 24 * HOUR), expected, "count {count}");
    }
    assert_eq!(billing_disable_ms(1, 10, 20), MIN, "the base is at least a minute");
}

#[test]
fn failures_count_and_set_the_window() {
    let policy = CooldownPolicy::default();
    let first = after_failure(&ProfileUsageStats::default(), FailureReason::RateLimit, NOW, &policy);
    assert_eq!(first.error_count, Some(1));
    assert_eq!(first.cooldown_until, Some(NOW + MIN));
    assert_eq!(first.failure_counts, Some(BTreeMap::from([("rate_limit".to_owned(), 1)])));
    assert_eq!(first.last_failure_at, Some(NOW));

    // Inside the active window the window is not pushed out, but the count still grows.
    let second = after_failure(&first, FailureReason::Timeout, NOW + 10, &policy);
    assert_eq!((second.error_count, second.cooldown_until), (Some(2), Some(NOW + MIN)));

    // After it expired, the counters restart (clearExpiredCooldowns) before counting.
    let later = after_failure(&second, FailureReason::RateLimit, NOW + 2 * MIN, &policy);
    assert_eq!((later.error_count, later.cooldown_until), (Some(1), Some(NOW + 3 * MIN)));

    let billing = after_failure(&ProfileUsageStats::default(), FailureReason::Billing, NOW, &policy);
    assert_eq!(billing.disabled_until, Some(NOW + 5 * HOUR));
    assert_eq!(billing.disabled_reason.as_deref(), Some("billing"));
    assert_eq!(billing.cooldown_until, None);
}

#[test]
fn escalation_without_expiry_follows_the_error_count() {
    let policy = CooldownPolicy::default();
    let stats = ProfileUsageStats { error_count: Some(2), last_failure_at: Some(NOW - MIN), ..Default::default() };
    let next = after_failure(&stats, FailureReason::Auth, NOW, &policy);
    assert_eq!((next.error_count, next.cooldown_until), (Some(3), Some(NOW + 25 * MIN)));

    let stale =
        ProfileUsageStats { error_count: Some(5), last_failure_at: Some(NOW - 25 * HOUR), ..Default::default() };
    assert_eq!(
        after_failure(&stale, FailureReason::Auth, NOW, &policy).error_count,
        Some(1),
        "outside the failure window"
    );
}

#[test]
fn success_forgets_failures_and_keeps_unknown_fields() {
    let mut stats =
        after_failure(&ProfileUsageStats::default(), FailureReason::Billing, NOW, &CooldownPolicy::default());
    stats.extra.insert("future".to_owned(), json!(1));
    let ok = after_success(&stats, NOW + 1);
    assert_eq!(ok.last_used, Some(NOW + 1));
    assert_eq!(ok.error_count, Some(0));
    assert_eq!((ok.cooldown_until, ok.disabled_until, ok.disabled_reason, ok.failure_counts), (None, None, None, None));
    assert_eq!(ok.last_failure_at, Some(NOW));
    assert_eq!(ok.extra.get("future"), Some(&json!(1)));
}

#[test]
fn clear_expired_only_clears_passed_windows() {
    let stats = ProfileUsageStats {
        cooldown_until: Some(NOW),
        disabled_until: Some(NOW + 1),
        error_count: Some(3),
        ..Default::default()
    };
    let cleared = clear_expired(&stats, NOW);
    assert_eq!((cleared.cooldown_until, cleared.disabled_until, cleared.error_count), (None, Some(NOW + 1), Some(3)));
}

#[test]
fn policy_reads_auth_cooldowns() {
    let config = json!({"auth": {"cooldowns": {"billingBackoffHours": 2, "billingBackoffHoursByProvider": {"OpenAI": 1}, "billingMaxHours": -1}}});
    assert_eq!(CooldownPolicy::from_config(&config, "openai").billing_backoff_ms, HOUR);
    assert_eq!(CooldownPolicy::from_config(&config, "anthropic").billing_backoff_ms, 2 * HOUR);
    assert_eq!(CooldownPolicy::from_config(&config, "anthropic").billing_max_ms, 24 * HOUR);
}
