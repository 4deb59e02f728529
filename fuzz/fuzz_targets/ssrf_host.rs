//! Arbitrary URL hosts through the SSRF host check: whatever it lets through as an IP literal
//! must be a public address, and whatever it lets through as a name must not be an internal
//! one; with an allowlist, only allowlisted names pass.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openclaw_policy::net::{HostKind, SsrfPolicy, is_blocked_hostname, is_blocked_ip};

fuzz_target!(|data: &[u8]| {
    let Ok(host) = std::str::from_utf8(data) else { return };
    match SsrfPolicy::default().check_host(host) {
        Ok(HostKind::Ip(ip)) => assert!(!is_blocked_ip(ip, false), "{host:?} passed as {ip}"),
        Ok(HostKind::Name(name)) => assert!(!is_blocked_hostname(&name), "{host:?} passed as {name}"),
        Err(_) => {}
    }
    let listed = SsrfPolicy { hostname_allowlist: vec!["*.example.com".into()], ..SsrfPolicy::default() };
    if let Ok(HostKind::Name(name)) = listed.check_host(host) {
        assert!(name.ends_with(".example.com") && name != ".example.com", "{host:?} passed the allowlist as {name}");
    }
});
