//! How often a client may fail to authenticate: a sliding-window counter of failures per
//! (scope, client) with a lockout once the window holds `max_attempts` failures.
//!
//! Two configurations share the type: gateway auth (`gateway.auth.rateLimit.*`: 10 failures per
//! 60 s, then 5 min locked, loopback exempt) and the hooks endpoint (20 failures per 60 s, 60 s
//! locked, loopback not exempt, because hooks are meant to be called by other programs).
//! Scopes keep credential classes apart, so guessing device tokens does not lock out the shared
//! secret and vice versa. The clock is an argument (`now_ms`) and memory is bounded: when the
//! table is full, expired entries are pruned, then an unlocked one is evicted, and if every entry
//! is locked new clients are refused until the earliest lockout could end. The limiter decides;
//! the gateway keeps one per process and sleeps the suggested delay itself.

use std::collections::{BTreeMap, VecDeque};
use std::net::IpAddr;

#[cfg(test)]
mod tests;

/// Which credential class an attempt was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthScope {
    Default,
    /// The gateway token or password.
    SharedSecret,
    /// A paired device's token.
    DeviceToken,
    /// The hooks endpoint token.
    HookAuth,
}

impl AuthScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::SharedSecret => "shared-secret",
            Self::DeviceToken => "device-token",
            Self::HookAuth => "hook-auth",
        }
    }
}

/// Limits for one limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Failures within `window_ms` that trigger a lockout.
    pub max_attempts: u32,
    pub window_ms: u64,
    /// How long a client is refused after reaching `max_attempts`. When it ends the client starts
    /// afresh, so a lockout shorter than the window loosens the limit.
    pub lockout_ms: u64,
    /// Loopback clients are never refused (they get an escalating delay instead), so a local CLI
    /// with a stale token cannot lock its own user out.
    pub exempt_loopback: bool,
    /// How many (scope, client) entries are kept at most.
    pub max_entries: usize,
}

const DEFAULT_MAX_ENTRIES: usize = 10_000;
/// Loopback failures are delayed 250 ms, doubling per recent failure, up to 5 s.
const LOOPBACK_DELAY_BASE_MS: u64 = 250;
const LOOPBACK_DELAY_MAX_MS: u64 = 5_000;
/// Enough history for the delay to reach its maximum: ceil(log2(5000 / 250)) + 1.
const LOOPBACK_HISTORY_LIMIT: usize = 6;

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self::gateway_auth()
    }
}

impl RateLimitConfig {
    /// Gateway auth defaults: 10 failures per minute, then 5 minutes locked; loopback exempt.
    pub const fn gateway_auth() -> Self {
        Self {
            max_attempts: 10,
            window_ms: 60_000,
            lockout_ms: 300_000,
            exempt_loopback: true,
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }

    /// The hooks endpoint: 20 failures per minute, then a minute locked; loopback not exempt.
    pub const fn hooks() -> Self {
        Self {
            max_attempts: 20,
            window_ms: 60_000,
            lockout_ms: 60_000,
            exempt_loopback: false,
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }

    /// Gateway auth limits from `gateway.auth.rateLimit.{maxAttempts,windowMs,lockoutMs,exemptLoopback}`;
    /// unset keys keep their defaults.
    pub fn from_settings(
        max_attempts: Option<u32>,
        window_ms: Option<u64>,
        lockout_ms: Option<u64>,
        exempt_loopback: Option<bool>,
    ) -> Self {
        let defaults = Self::gateway_auth();
        Self {
            max_attempts: max_attempts.unwrap_or(defaults.max_attempts),
            window_ms: window_ms.unwrap_or(defaults.window_ms),
            lockout_ms: lockout_ms.unwrap_or(defaults.lockout_ms),
            exempt_loopback: exempt_loopback.unwrap_or(defaults.exempt_loopback),
            max_entries: defaults.max_entries,
        }
    }
}

/// Whom failures are counted against.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RateSubject {
    /// A client address, canonical (IPv4-mapped IPv6 as IPv4).
    Ip(IpAddr),
    /// No client address could be established; all such clients share one counter.
    Unknown,
    /// A browser page on this host, keyed by its lowercase origin. Never exempt: loopback is
    /// exempt to spare the local CLI, but a browser tab on loopback can run any web page's code.
    BrowserOrigin(String),
}

impl RateSubject {
    pub fn from_ip(ip: Option<IpAddr>) -> Self {
        ip.map_or(Self::Unknown, |ip| Self::Ip(ip.to_canonical()))
    }

    /// The subject of a WebSocket auth attempt: a loopback client that sent an `Origin` is a
    /// browser page and is counted per origin instead of as (exempt) loopback.
    pub fn for_websocket(client_ip: Option<IpAddr>, origin: Option<&str>) -> Self {
        let subject = Self::from_ip(client_ip);
        let origin = origin.map(str::trim).filter(|o| !o.is_empty());
        match (&subject, origin) {
            (Self::Ip(ip), Some(origin)) if ip.is_loopback() => Self::BrowserOrigin(origin.to_lowercase()),
            _ => subject,
        }
    }

    /// OpenClaw's key text for the subject (`unknown` when there is no address).
    pub fn key(&self) -> String {
        match self {
            Self::Ip(ip) => ip.to_string(),
            Self::Unknown => "unknown".to_owned(),
            Self::BrowserOrigin(origin) => format!("browser-origin:{origin}"),
        }
    }

    fn is_loopback(&self) -> bool {
        matches!(self, Self::Ip(ip) if ip.is_loopback())
    }
}

impl From<IpAddr> for RateSubject {
    fn from(ip: IpAddr) -> Self {
        Self::from_ip(Some(ip))
    }
}

impl From<Option<IpAddr>> for RateSubject {
    fn from(ip: Option<IpAddr>) -> Self {
        Self::from_ip(ip)
    }
}

/// Whether an attempt may proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    /// How long until the lockout ends (0 unless refused by a lockout); becomes `Retry-After`.
    pub retry_after_ms: u64,
    /// Failures left in the current window.
    pub remaining: u32,
}

impl RateDecision {
    fn allow(remaining: u32) -> Self {
        Self { allowed: true, retry_after_ms: 0, remaining }
    }

    fn locked(retry_after_ms: u64) -> Self {
        Self { allowed: false, retry_after_ms, remaining: 0 }
    }
}

/// What recording a failure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FailureRecorded {
    /// The subject is now locked out until this time.
    pub locked_until_ms: Option<u64>,
    /// How long the caller should wait before answering, for exempt (loopback) subjects whose
    /// guesses are slowed rather than refused.
    pub delay_ms: u64,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    /// Failure times, oldest first.
    attempts: VecDeque<u64>,
    locked_until: Option<u64>,
}

impl Entry {
    /// Ends an expired lockout (with a clean slate) and drops failures older than the window.
    fn refresh(&mut self, now_ms: u64, window_ms: u64) {
        if self.locked_until.is_some_and(|until| now_ms >= until) {
            self.locked_until = None;
            self.attempts.clear();
        }
        while self.attempts.front().is_some_and(|&at| at.saturating_add(window_ms) <= now_ms) {
            self.attempts.pop_front();
        }
    }

    fn locked_at(&self, now_ms: u64) -> bool {
        self.locked_until.is_some_and(|until| now_ms < until)
    }
}

/// Failure counters keyed by (scope, subject).
#[derive(Debug, Clone, Default)]
pub struct AuthRateLimiter {
    config: RateLimitConfig,
    entries: BTreeMap<(AuthScope, RateSubject), Entry>,
    /// Set when the table was full of locked entries: new subjects are refused until then.
    overflow_locked_until: Option<u64>,
}

impl AuthRateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        Self { config, entries: BTreeMap::new(), overflow_locked_until: None }
    }

    pub fn config(&self) -> RateLimitConfig {
        self.config
    }

    /// Applies reloaded limits; existing counters are kept.
    pub fn set_config(&mut self, config: RateLimitConfig) {
        self.config = config;
    }

    /// How many (scope, subject) entries are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn is_exempt(&self, subject: &RateSubject) -> bool {
        self.config.exempt_loopback && subject.is_loopback()
    }

    /// Whether `subject` may attempt to authenticate in `scope` now. Call before comparing the
    /// secret, so a locked-out client learns nothing from the comparison.
    pub fn check(&mut self, scope: AuthScope, subject: &RateSubject, now_ms: u64) -> RateDecision {
        let config = self.config;
        if self.is_exempt(subject) {
            return RateDecision::allow(config.max_attempts);
        }
        let key = (scope, subject.clone());
        let Some(entry) = self.entries.get_mut(&key) else {
            return match self.overflow_lock(now_ms) {
                Some(retry_after_ms) => RateDecision::locked(retry_after_ms),
                None => RateDecision::allow(config.max_attempts),
            };
        };
        entry.refresh(now_ms, config.window_ms);
        if entry.locked_until.is_none() && count(entry) >= config.max_attempts {
            // Reached only when `max_attempts` was lowered by a reload after the failures.
            entry.locked_until = Some(now_ms.saturating_add(config.lockout_ms));
        }
        if let Some(until) = entry.locked_until.filter(|&until| now_ms < until) {
            return RateDecision::locked(until - now_ms);
        }
        let remaining = config.max_attempts.saturating_sub(count(entry));
        RateDecision { allowed: remaining > 0, retry_after_ms: 0, remaining }
    }

    /// Records a failed attempt. Failures while locked out are not counted, so hammering a locked
    /// account does not extend its lockout.
    pub fn record_failure(&mut self, scope: AuthScope, subject: &RateSubject, now_ms: u64) -> FailureRecorded {
        let config = self.config;
        let exempt = self.is_exempt(subject);
        let key = (scope, subject.clone());
        if !self.entries.contains_key(&key) && !self.make_room(now_ms) {
            let until = now_ms.saturating_add(config.lockout_ms);
            self.overflow_locked_until = Some(self.overflow_locked_until.map_or(until, |old| old.max(until)));
            return FailureRecorded { locked_until_ms: self.overflow_locked_until, delay_ms: 0 };
        }
        let entry = self.entries.entry(key).or_default();
        if !exempt && entry.locked_at(now_ms) {
            return FailureRecorded { locked_until_ms: entry.locked_until, delay_ms: 0 };
        }
        entry.refresh(now_ms, config.window_ms);
        entry.attempts.push_back(now_ms);
        if exempt {
            while entry.attempts.len() > LOOPBACK_HISTORY_LIMIT {
                entry.attempts.pop_front();
            }
            return FailureRecorded { locked_until_ms: None, delay_ms: loopback_delay_ms(entry.attempts.len()) };
        }
        if count(entry) >= config.max_attempts {
            entry.locked_until = Some(now_ms.saturating_add(config.lockout_ms));
        }
        FailureRecorded { locked_until_ms: entry.locked_until, delay_ms: 0 }
    }

    /// Forgets `subject`'s failures in `scope`, after it authenticated.
    pub fn reset(&mut self, scope: AuthScope, subject: &RateSubject) {
        self.entries.remove(&(scope, subject.clone()));
    }

    /// Drops entries with no live lockout and no failure inside the window. Call periodically
    /// (OpenClaw does every minute); the table also prunes itself when full.
    pub fn prune(&mut self, now_ms: u64) {
        let window_ms = self.config.window_ms;
        self.entries.retain(|_, entry| {
            if entry.locked_at(now_ms) {
                return true;
            }
            entry.refresh(now_ms, window_ms);
            !entry.attempts.is_empty()
        });
        if self.overflow_locked_until.is_some_and(|until| now_ms >= until) {
            self.overflow_locked_until = None;
        }
    }

    /// The remaining overflow lockout for a new subject, clearing it once room exists again.
    fn overflow_lock(&mut self, now_ms: u64) -> Option<u64> {
        let until = self.overflow_locked_until?;
        if now_ms >= until {
            self.overflow_locked_until = None;
            return None;
        }
        if self.entries.len() >= self.config.max_entries {
            self.prune(now_ms);
        }
        if self.entries.len() < self.config.max_entries {
            self.overflow_locked_until = None;
            return None;
        }
        Some(until - now_ms)
    }

    /// Makes room for one more entry: prune, else evict an entry that is not locked out.
    fn make_room(&mut self, now_ms: u64) -> bool {
        if self.entries.len() < self.config.max_entries {
            return true;
        }
        self.prune(now_ms);
        if self.entries.len() < self.config.max_entries {
            return true;
        }
        let evictable = self.entries.iter().find(|(_, entry)| !entry.locked_at(now_ms)).map(|(key, _)| key.clone());
        match evictable {
            Some(key) => {
                self.entries.remove(&key);
                true
            }
            None => false,
        }
    }
}

fn count(entry: &Entry) -> u32 {
    u32::try_from(entry.attempts.len()).unwrap_or(u32::MAX)
}

fn loopback_delay_ms(failures: usize) -> u64 {
    let doublings = u32::try_from(failures.saturating_sub(1)).unwrap_or(u32::MAX).min(30);
    LOOPBACK_DELAY_BASE_MS.saturating_mul(1u64 << doublings).min(LOOPBACK_DELAY_MAX_MS)
}
