//! How long a failing auth profile stays out of rotation: OpenClaw's rules from
//! `src/agents/auth-profiles/usage.ts`, as pure functions of the previous usage entry, the failure
//! and `now_ms`. Transient failures (rate limits, timeouts, rejected keys) back off 1, 5, 25 minutes,
//! then an hour; billing and permanent auth failures disable the profile for 5 hours doubling to a
//! day, because retrying an empty account every minute only burns requests.

use openclaw_store::{FailureReason, ProfileUsageStats};
use serde_json::Value;

use super::model_ref::normalize_provider_id;

const MINUTE_MS: i64 = 60 * 1000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The windows of `auth.cooldowns` (OpenClaw's defaults when unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CooldownPolicy {
    /// First disable window after a billing failure (`billingBackoffHours`, default 5 h).
    pub billing_backoff_ms: i64,
    /// Longest disable window (`billingMaxHours`, default 24 h).
    pub billing_max_ms: i64,
    /// A failure older than this no longer counts toward the next backoff
    /// (`failureWindowHours`, default 24 h).
    pub failure_window_ms: i64,
}

impl Default for CooldownPolicy {
    fn default() -> Self {
        Self { billing_backoff_ms: 5 * HOUR_MS, billing_max_ms: 24 * HOUR_MS, failure_window_ms: 24 * HOUR_MS }
    }
}

impl CooldownPolicy {
    /// `auth.cooldowns` of the resolved config for `provider`
    /// (`billingBackoffHoursByProvider.<provider>` beats `billingBackoffHours`). Values that are
    /// not positive numbers fall back to the defaults, as in OpenClaw.
    pub fn from_config(config: &Value, provider: &str) -> Self {
        let defaults = Self::default();
        let Some(cooldowns) = config.pointer("/auth/cooldowns") else { return defaults };
        let hours = |value: Option<&Value>| value.and_then(Value::as_f64).filter(|h| h.is_finite() && *h > 0.0);
        let to_ms = |h: f64| (h * HOUR_MS as f64) as i64;
        let provider = normalize_provider_id(provider);
        let by_provider = cooldowns
            .get("billingBackoffHoursByProvider")
            .and_then(Value::as_object)
            .and_then(|map| map.iter().find(|(key, _)| normalize_provider_id(key) == provider))
            .map(|(_, value)| value);
        Self {
            billing_backoff_ms: hours(by_provider)
                .or_else(|| hours(cooldowns.get("billingBackoffHours")))
                .map_or(defaults.billing_backoff_ms, to_ms),
            billing_max_ms: hours(cooldowns.get("billingMaxHours")).map_or(defaults.billing_max_ms, to_ms),
            failure_window_ms: hours(cooldowns.get("failureWindowHours")).map_or(defaults.failure_window_ms, to_ms),
        }
    }
}

/// OpenRouter routes each request to one of many upstreams, so one failure says little about the
/// next; OpenClaw never cools its profiles down.
pub fn bypasses_cooldown(provider: &str) -> bool {
    normalize_provider_id(provider) == "openrouter"
}

/// `calculateAuthProfileCooldownMs`: 1 min × 5^(n−1), capped at one hour.
pub fn cooldown_ms(error_count: u64) -> i64 {
    let exponent = error_count.max(1).saturating_sub(1).min(3) as u32;
    (MINUTE_MS * 5_i64.pow(exponent)).min(HOUR_MS)
}

/// `calculateAuthProfileBillingDisableMsWithConfig`: base × 2^(n−1) (base at least a minute),
/// capped at `max_ms`.
pub fn billing_disable_ms(count: u64, base_ms: i64, max_ms: i64) -> i64 {
    let base = base_ms.max(MINUTE_MS);
    let max = max_ms.max(base);
    let exponent = count.max(1).saturating_sub(1).min(10) as u32;
    base.saturating_mul(2_i64.pow(exponent)).min(max)
}

/// The entry after expired windows are cleared (`clearExpiredCooldowns`): a window that has passed
/// is removed, and once none is active the error counters restart, so a profile that recovered is
/// not escalated straight to a long cooldown by its next transient failure.
pub fn clear_expired(stats: &ProfileUsageStats, now_ms: i64) -> ProfileUsageStats {
    let mut next = stats.clone();
    let expired = |until: Option<i64>| until.is_some_and(|until| until > 0 && now_ms >= until);
    let mut changed = false;
    if expired(next.cooldown_until) {
        next.cooldown_until = None;
        changed = true;
    }
    if expired(next.disabled_until) {
        next.disabled_until = None;
        next.disabled_reason = None;
        changed = true;
    }
    if changed && next.unusable_until().is_none() {
        next.error_count = Some(0);
        next.failure_counts = None;
    }
    next
}

/// The entry after a failure at `now_ms` (`computeNextProfileUsageStats`). An active window is
/// never extended, so retries inside it cannot push recovery further out.
pub fn after_failure(
    existing: &ProfileUsageStats,
    reason: FailureReason,
    now_ms: i64,
    policy: &CooldownPolicy,
) -> ProfileUsageStats {
    let existing = clear_expired(existing, now_ms);
    let window_expired =
        existing.last_failure_at.is_some_and(|at| at > 0 && now_ms.saturating_sub(at) > policy.failure_window_ms);
    let error_count = if window_expired { 0 } else { existing.error_count.unwrap_or(0) } + 1;
    let mut failure_counts =
        if window_expired { Default::default() } else { existing.failure_counts.clone().unwrap_or_default() };
    let reason_count = failure_counts.entry(reason.as_str().to_owned()).or_insert(0);
    *reason_count += 1;
    let reason_count = *reason_count;

    let mut next = ProfileUsageStats {
        error_count: Some(error_count),
        failure_counts: Some(failure_counts),
        last_failure_at: Some(now_ms),
        ..existing.clone()
    };
    let keep_active = |until: Option<i64>, recomputed: i64| match until {
        Some(until) if until > now_ms => until,
        _ => recomputed,
    };
    if matches!(reason, FailureReason::Billing | FailureReason::AuthPermanent) {
        let backoff = billing_disable_ms(reason_count, policy.billing_backoff_ms, policy.billing_max_ms);
        next.disabled_until = Some(keep_active(existing.disabled_until, now_ms.saturating_add(backoff)));
        next.disabled_reason = Some(reason.as_str().to_owned());
    } else {
        let backoff = cooldown_ms(error_count);
        next.cooldown_until = Some(keep_active(existing.cooldown_until, now_ms.saturating_add(backoff)));
    }
    next
}

/// The entry after a success (`markAuthProfileUsed`): used now, every failure forgotten.
pub fn after_success(existing: &ProfileUsageStats, now_ms: i64) -> ProfileUsageStats {
    ProfileUsageStats {
        last_used: Some(now_ms),
        error_count: Some(0),
        cooldown_until: None,
        disabled_until: None,
        disabled_reason: None,
        failure_counts: None,
        ..existing.clone()
    }
}
