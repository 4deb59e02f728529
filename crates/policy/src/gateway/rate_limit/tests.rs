//! Auth-failure limiting: the reference's numbers, scope and subject separation, bounded memory,
//! and properties for the window bound and the exact end of a lockout.

use std::net::IpAddr;

use proptest::prelude::*;

use super::*;

fn subject(text: &str) -> RateSubject {
    RateSubject::from(text.parse::<IpAddr>().unwrap())
}

const REMOTE: &str = "198.51.100.4";

#[test]
fn defaults_follow_the_reference() {
    assert_eq!(
        RateLimitConfig::default(),
        RateLimitConfig {
            max_attempts: 10,
            window_ms: 60_000,
            lockout_ms: 300_000,
            exempt_loopback: true,
            max_entries: 10_000
        }
    );
    let hooks = RateLimitConfig::hooks();
    assert_eq!(
        (hooks.max_attempts, hooks.window_ms, hooks.lockout_ms, hooks.exempt_loopback),
        (20, 60_000, 60_000, false)
    );
    let configured = RateLimitConfig::from_settings(Some(3), None, Some(1_000), Some(false));
    assert_eq!((configured.max_attempts, configured.window_ms, configured.lockout_ms), (3, 60_000, 1_000));
    assert!(!configured.exempt_loopback);
}

#[test]
fn ten_failures_lock_the_client_out_for_five_minutes() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
    let client = subject(REMOTE);
    for n in 0..9u32 {
        assert_eq!(
            limiter.check(AuthScope::SharedSecret, &client, 1_000),
            RateDecision { allowed: true, retry_after_ms: 0, remaining: 10 - n }
        );
        assert_eq!(limiter.record_failure(AuthScope::SharedSecret, &client, 1_000).locked_until_ms, None);
    }
    let tenth = limiter.record_failure(AuthScope::SharedSecret, &client, 2_000);
    assert_eq!(tenth.locked_until_ms, Some(302_000));
    assert_eq!(
        limiter.check(AuthScope::SharedSecret, &client, 2_000),
        RateDecision { allowed: false, retry_after_ms: 300_000, remaining: 0 }
    );
    assert!(!limiter.check(AuthScope::SharedSecret, &client, 301_999).allowed);
    assert_eq!(
        limiter.check(AuthScope::SharedSecret, &client, 302_000),
        RateDecision { allowed: true, retry_after_ms: 0, remaining: 10 }
    );
}

#[test]
fn failures_outside_the_window_are_forgotten() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
    let client = subject(REMOTE);
    for at in 0..9 {
        limiter.record_failure(AuthScope::SharedSecret, &client, at);
    }
    // At 60 000 the failure at 0 has left the window; the others are still inside.
    assert_eq!(limiter.check(AuthScope::SharedSecret, &client, 60_000).remaining, 2);
    assert_eq!(limiter.check(AuthScope::SharedSecret, &client, 60_008).remaining, 10);
}

#[test]
fn failures_while_locked_do_not_extend_the_lockout() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::hooks());
    let client = subject(REMOTE);
    for _ in 0..20 {
        limiter.record_failure(AuthScope::HookAuth, &client, 0);
    }
    let again = limiter.record_failure(AuthScope::HookAuth, &client, 30_000);
    assert_eq!(again.locked_until_ms, Some(60_000));
    assert!(limiter.check(AuthScope::HookAuth, &client, 60_000).allowed);
}

#[test]
fn scopes_and_clients_are_counted_separately() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::from_settings(Some(1), None, None, None));
    limiter.record_failure(AuthScope::DeviceToken, &subject(REMOTE), 0);
    assert!(!limiter.check(AuthScope::DeviceToken, &subject(REMOTE), 1).allowed);
    assert!(limiter.check(AuthScope::SharedSecret, &subject(REMOTE), 1).allowed);
    assert!(limiter.check(AuthScope::DeviceToken, &subject("198.51.100.5"), 1).allowed);
    // IPv4-mapped and plain IPv4 are the same client.
    assert!(!limiter.check(AuthScope::DeviceToken, &subject("::ffff:198.51.100.4"), 1).allowed);
}

#[test]
fn reset_clears_a_subject_after_success() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
    let client = subject(REMOTE);
    for _ in 0..5 {
        limiter.record_failure(AuthScope::SharedSecret, &client, 0);
    }
    limiter.reset(AuthScope::SharedSecret, &client);
    assert_eq!(limiter.check(AuthScope::SharedSecret, &client, 0).remaining, 10);
    assert!(limiter.is_empty());
}

#[test]
fn loopback_is_exempt_but_slowed_down() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
    let local = subject("127.0.0.1");
    let delays: Vec<u64> =
        (0..8).map(|n| limiter.record_failure(AuthScope::SharedSecret, &local, n).delay_ms).collect();
    assert_eq!(delays, vec![250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    assert!(limiter.check(AuthScope::SharedSecret, &local, 10).allowed);
    assert!(limiter.check(AuthScope::SharedSecret, &subject("::1"), 10).allowed);
}

#[test]
fn the_hooks_limiter_does_not_exempt_loopback() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::hooks());
    let local = subject("127.0.0.1");
    for _ in 0..20 {
        assert_eq!(limiter.record_failure(AuthScope::HookAuth, &local, 0).delay_ms, 0);
    }
    assert_eq!(limiter.check(AuthScope::HookAuth, &local, 0).retry_after_ms, 60_000);
}

#[test]
fn browser_origin_attempts_on_loopback_are_not_exempt() {
    let loopback = Some("127.0.0.1".parse().unwrap());
    let browser = RateSubject::for_websocket(loopback, Some(" HTTP://Evil.example "));
    assert_eq!(browser, RateSubject::BrowserOrigin("http://evil.example".to_owned()));
    assert_eq!(browser.key(), "browser-origin:http://evil.example");
    assert_eq!(RateSubject::for_websocket(loopback, None), subject("127.0.0.1"));
    assert_eq!(RateSubject::for_websocket(Some(REMOTE.parse().unwrap()), Some("https://x")), subject(REMOTE));
    assert_eq!(RateSubject::for_websocket(None, Some("https://x")).key(), "unknown");

    let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
    for _ in 0..10 {
        limiter.record_failure(AuthScope::SharedSecret, &browser, 0);
    }
    assert!(!limiter.check(AuthScope::SharedSecret, &browser, 0).allowed);
}

#[test]
fn unknown_clients_share_one_counter() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::from_settings(Some(2), None, None, None));
    limiter.record_failure(AuthScope::Default, &RateSubject::from_ip(None), 0);
    limiter.record_failure(AuthScope::Default, &None.into(), 0);
    assert!(!limiter.check(AuthScope::Default, &RateSubject::Unknown, 0).allowed);
}

#[test]
fn prune_drops_idle_entries_and_keeps_lockouts() {
    let mut limiter = AuthRateLimiter::new(RateLimitConfig::from_settings(Some(2), None, None, None));
    limiter.record_failure(AuthScope::Default, &subject("198.51.100.1"), 0);
    limiter.record_failure(AuthScope::Default, &subject("198.51.100.2"), 0);
    limiter.record_failure(AuthScope::Default, &subject("198.51.100.2"), 0);
    limiter.prune(60_000);
    assert_eq!(limiter.len(), 1);
    limiter.prune(300_000);
    assert!(limiter.is_empty());
}

#[test]
fn memory_is_bounded() {
    let config = RateLimitConfig { max_entries: 3, max_attempts: 1, ..RateLimitConfig::gateway_auth() };
    let mut limiter = AuthRateLimiter::new(config);
    for n in 1..=3u8 {
        limiter.record_failure(AuthScope::Default, &RateSubject::from(IpAddr::from([203, 0, 113, n])), 0);
    }
    assert_eq!(limiter.len(), 3);
    // Every entry is locked out: a new client cannot be tracked, so new clients are refused.
    let newcomer = subject("203.0.113.200");
    let recorded = limiter.record_failure(AuthScope::Default, &newcomer, 10);
    assert_eq!(recorded.locked_until_ms, Some(300_010));
    assert_eq!(limiter.len(), 3);
    assert_eq!(limiter.check(AuthScope::Default, &newcomer, 20).retry_after_ms, 299_990);
    // Once the lockouts have ended the table makes room again.
    assert!(limiter.check(AuthScope::Default, &newcomer, 300_010).allowed);
}

#[test]
fn a_full_table_evicts_an_unlocked_entry() {
    let config = RateLimitConfig { max_entries: 2, ..RateLimitConfig::gateway_auth() };
    let mut limiter = AuthRateLimiter::new(config);
    limiter.record_failure(AuthScope::Default, &subject("203.0.113.1"), 0);
    limiter.record_failure(AuthScope::Default, &subject("203.0.113.2"), 0);
    let recorded = limiter.record_failure(AuthScope::Default, &subject("203.0.113.3"), 1);
    assert_eq!(recorded.locked_until_ms, None);
    assert_eq!(limiter.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(300) })]

    /// A client that checks before each attempt never gets more than `max_attempts` failures
    /// admitted within any window (for lockouts at least as long as the window, as configured by
    /// default; a shorter lockout hands out a fresh allowance when it ends, as in OpenClaw).
    #[test]
    fn never_more_than_max_failures_within_a_window(
        gaps in proptest::collection::vec(0u64..20_000, 1..200),
        max_attempts in 1u32..12,
        window_ms in 1_000u64..120_000,
        extra_lockout_ms in 0u64..300_000,
    ) {
        let lockout_ms = window_ms + extra_lockout_ms;
        let config = RateLimitConfig { max_attempts, window_ms, lockout_ms, ..RateLimitConfig::gateway_auth() };
        let mut limiter = AuthRateLimiter::new(config);
        let client = subject(REMOTE);
        let mut now = 0u64;
        let mut admitted: Vec<u64> = Vec::new();
        for gap in gaps {
            now += gap;
            if limiter.check(AuthScope::SharedSecret, &client, now).allowed {
                admitted.push(now);
                limiter.record_failure(AuthScope::SharedSecret, &client, now);
                let in_window = admitted.iter().filter(|&&at| at + window_ms > now).count();
                prop_assert!(in_window <= max_attempts as usize, "{in_window} failures admitted within {window_ms} ms");
            }
        }
    }

    /// The lockout lasts exactly `lockout_ms` from the failure that triggered it.
    #[test]
    fn lockout_ends_exactly_at_expiry(
        max_attempts in 1u32..15,
        lockout_ms in 1u64..1_000_000,
        start in 0u64..1_000_000,
        spacing in 0u64..1_000,
    ) {
        let config = RateLimitConfig { max_attempts, window_ms: 60_000, lockout_ms, ..RateLimitConfig::gateway_auth() };
        let mut limiter = AuthRateLimiter::new(config);
        let client = subject(REMOTE);
        let spacing = spacing.min(59_000 / u64::from(max_attempts));
        let mut last = start;
        for n in 0..u64::from(max_attempts) {
            last = start + n * spacing;
            limiter.record_failure(AuthScope::SharedSecret, &client, last);
        }
        let before = limiter.check(AuthScope::SharedSecret, &client, last + lockout_ms - 1);
        prop_assert_eq!(before, RateDecision { allowed: false, retry_after_ms: 1, remaining: 0 });
        let after = limiter.check(AuthScope::SharedSecret, &client, last + lockout_ms);
        prop_assert_eq!(after, RateDecision { allowed: true, retry_after_ms: 0, remaining: max_attempts });
    }

    /// With the loopback exemption on, loopback is never refused however often it fails.
    #[test]
    fn exempt_loopback_is_never_refused(times in proptest::collection::vec(0u64..1_000_000, 1..100)) {
        let mut limiter = AuthRateLimiter::new(RateLimitConfig::gateway_auth());
        let local = subject("127.0.0.1");
        for now in times {
            prop_assert!(limiter.check(AuthScope::SharedSecret, &local, now).allowed);
            let recorded = limiter.record_failure(AuthScope::SharedSecret, &local, now);
            prop_assert!(recorded.locked_until_ms.is_none() && recorded.delay_ms <= 5_000);
        }
    }
}
