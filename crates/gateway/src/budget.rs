//! The control-plane write budget: `config.apply`, `config.patch` and `update.run` are limited
//! to 3 calls per 60 s per (device id, client IP), so a stolen operator session cannot churn
//! the config (and restart the gateway) in a loop.

use std::collections::{HashMap, VecDeque};

pub const WRITE_BUDGET_CALLS: usize = 3;
pub const WRITE_BUDGET_WINDOW_MS: i64 = 60_000;

/// Sliding-window call log per key.
#[derive(Debug, Default)]
pub struct WriteBudget {
    calls: HashMap<String, VecDeque<i64>>,
}

impl WriteBudget {
    /// Records a call at `now_ms` if the budget allows it; otherwise returns how long to wait.
    pub fn take(&mut self, key: &str, now_ms: i64) -> Result<(), i64> {
        let log = self.calls.entry(key.to_owned()).or_default();
        while log.front().is_some_and(|t| now_ms - t >= WRITE_BUDGET_WINDOW_MS) {
            log.pop_front();
        }
        if log.len() >= WRITE_BUDGET_CALLS {
            let oldest = log.front().copied().unwrap_or(now_ms);
            return Err((oldest + WRITE_BUDGET_WINDOW_MS - now_ms).max(1));
        }
        log.push_back(now_ms);
        // Keep memory bounded: forget keys whose windows have all expired.
        if self.calls.len() > 1024 {
            self.calls.retain(|_, log| log.back().is_some_and(|t| now_ms - t < WRITE_BUDGET_WINDOW_MS));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_calls_per_minute_then_retry_after() {
        let mut budget = WriteBudget::default();
        assert_eq!(budget.take("d|ip", 0), Ok(()));
        assert_eq!(budget.take("d|ip", 10), Ok(()));
        assert_eq!(budget.take("d|ip", 20), Ok(()));
        assert_eq!(budget.take("d|ip", 30), Err(59_970));
        assert_eq!(budget.take("other|ip", 30), Ok(()));
        assert_eq!(budget.take("d|ip", 60_000), Ok(()));
    }
}
