//! One profile's entry in `usageStats`: when it was last used, why and until when it is out of
//! rotation, and how often it failed. The fields are OpenClaw's (`ProfileUsageStats`); the rules
//! that fill them in are the agent's.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Why a profile failed, as OpenClaw names it in `failureCounts` and `disabledReason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    Auth,
    AuthPermanent,
    Format,
    RateLimit,
    Billing,
    Timeout,
    ModelNotFound,
    Unknown,
}

impl FailureReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::AuthPermanent => "auth_permanent",
            Self::Format => "format",
            Self::RateLimit => "rate_limit",
            Self::Billing => "billing",
            Self::Timeout => "timeout",
            Self::ModelNotFound => "model_not_found",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `usageStats.<profileId>`. Times are milliseconds since the epoch, like `Date.now()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUsageStats {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<i64>,
    /// Out of rotation until then after a transient failure (rate limit, timeout, auth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_until: Option<i64>,
    /// Out of rotation until then after a billing or permanent auth failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_until: Option<i64>,
    /// Kept as text so a reason a newer OpenClaw adds still round-trips; see [`FailureReason`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_count: Option<u64>,
    /// Failures per reason (keys as [`FailureReason::as_str`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_counts: Option<BTreeMap<String, u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure_at: Option<i64>,
    /// Fields this port does not know, written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ProfileUsageStats {
    /// The later of `cooldownUntil` and `disabledUntil`, ignoring unset and non-positive values
    /// (OpenClaw's `resolveProfileUnusableUntil`).
    pub fn unusable_until(&self) -> Option<i64> {
        [self.cooldown_until, self.disabled_until].into_iter().flatten().filter(|until| *until > 0).max()
    }

    /// Whether the profile is out of rotation at `now_ms`.
    pub fn is_unusable_at(&self, now_ms: i64) -> bool {
        self.unusable_until().is_some_and(|until| now_ms < until)
    }

    pub fn failure_count(&self, reason: FailureReason) -> u64 {
        self.failure_counts.as_ref().and_then(|counts| counts.get(reason.as_str())).copied().unwrap_or(0)
    }
}
