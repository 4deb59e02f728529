//! When and how long to wait before re-sending a failed model request. Only failures that
//! happen before any response body was consumed are retried (429, 5xx, refused connections):
//! once bytes were decoded, a retry would duplicate text the caller may already have shown.

use std::time::Duration;

/// Exponential back-off with a cap, overridden by the server's `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries including the first; 1 disables retrying.
    pub max_attempts: u32,
    /// The wait after the first failure; doubled after each further one.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured. A server asking for more (a daily quota, say) is
    /// not worth blocking an agent turn on, so the error is returned instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Whether an HTTP status is worth another attempt: rate limits and server-side faults.
    pub fn is_retryable_status(status: u16) -> bool {
        status == 429 || (500..=599).contains(&status)
    }

    /// The wait after failed attempt number `attempt` (1-based), or `None` when the
    /// attempts are spent or the server's `retry_after` exceeds [`Self::max_retry_after`].
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let doublings = attempt.saturating_sub(1).min(30);
        Some(self.initial_backoff.saturating_mul(1u32 << doublings).min(self.max_backoff))
    }
}

/// Parses `Retry-After` in its delay-seconds form. The HTTP-date form is rare from model
/// APIs and is treated as absent, which falls back to the exponential back-off.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let policy = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            max_retry_after: Duration::from_secs(5),
        };
        assert_eq!(policy.delay(1, None), Some(Duration::from_millis(100)));
        assert_eq!(policy.delay(2, None), Some(Duration::from_millis(200)));
        assert_eq!(policy.delay(3, None), Some(Duration::from_millis(350)));
        assert_eq!(policy.delay(10, None), None);
    }

    #[test]
    fn retry_after_wins_unless_too_long() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, Some(Duration::from_secs(3))), Some(Duration::from_secs(3)));
        assert_eq!(policy.delay(1, Some(Duration::from_secs(3600))), None);
        assert_eq!(RetryPolicy::none().delay(1, None), None);
    }

    #[test]
    fn retry_after_seconds_only() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn retryable_statuses() {
        assert!(RetryPolicy::is_retryable_status(429));
        assert!(RetryPolicy::is_retryable_status(503));
        assert!(!RetryPolicy::is_retryable_status(400));
        assert!(!RetryPolicy::is_retryable_status(401));
    }
}
