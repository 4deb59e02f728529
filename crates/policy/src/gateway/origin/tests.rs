//! Browser origin rules, one table row per rule, named after what it protects against.

use super::*;

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

struct Case {
    rule: &'static str,
    origin: Option<&'static str>,
    host: Option<&'static str>,
    allowed: &'static [&'static str],
    fallback: bool,
    local: bool,
    expected: Result<OriginMatch, OriginDenied>,
}

const fn case(
    rule: &'static str,
    origin: Option<&'static str>,
    host: Option<&'static str>,
    allowed: &'static [&'static str],
    fallback: bool,
    local: bool,
    expected: Result<OriginMatch, OriginDenied>,
) -> Case {
    Case { rule, origin, host, allowed, fallback, local, expected }
}

#[test]
fn origin_rules() {
    use OriginDenied::*;
    use OriginMatch::*;
    // One line per rule: (rule, Origin, Host, allowedOrigins, host-header fallback, local client, expected).
    #[rustfmt::skip]
    let cases = [
        case("a missing origin is refused", None, Some("gw.example.com"), &["*"], true, true, Err(MissingOrInvalid)),
        case("a blank origin is refused", Some("  "), Some("gw.example.com"), &["*"], true, true, Err(MissingOrInvalid)),
        case("the null origin is refused", Some("null"), Some("localhost"), &["*"], true, true, Err(MissingOrInvalid)),
        case("an unparseable origin is refused", Some("gw.example.com"), None, &["*"], false, true, Err(MissingOrInvalid)),
        case("an origin with a path is refused", Some("https://a.example/x"), None, &["*"], false, false, Err(MissingOrInvalid)),
        case("an origin with credentials is refused", Some("https://u:p@a.example"), None, &["*"], false, false, Err(MissingOrInvalid)),
        case("an origin with a query is refused", Some("https://a.example?x"), None, &["*"], false, false, Err(MissingOrInvalid)),
        case("a bad port is refused", Some("https://a.example:99999"), None, &["*"], false, false, Err(MissingOrInvalid)),
        case("an allowlisted origin is allowed", Some("https://control.example.com"), Some("gw:18789"), &["https://control.example.com"], false, false, Ok(Allowlist)),
        case("allowlist comparison is case-insensitive", Some("HTTPS://Control.Example.COM/"), None, &[" https://CONTROL.example.com "], false, false, Ok(Allowlist)),
        case("the default port is dropped before comparing", Some("https://control.example.com:443"), None, &["https://control.example.com"], false, false, Ok(Allowlist)),
        case("a non-default port must be listed", Some("https://control.example.com:8443"), None, &["https://control.example.com"], false, false, Err(NotAllowed)),
        case("the scheme must match", Some("http://control.example.com"), None, &["https://control.example.com"], false, false, Err(NotAllowed)),
        case("a wildcard allowlist allows any valid origin", Some("https://anything.example"), None, &["*"], false, false, Ok(Allowlist)),
        case("an extension origin can be allowlisted", Some("chrome-extension://abcdefghijklmnopabcdefghijklmnop"), None, &["chrome-extension://abcdefghijklmnopabcdefghijklmnop"], false, false, Ok(Allowlist)),
        case("host-header fallback needs the flag", Some("https://gw.example.com"), Some("gw.example.com"), &[], false, false, Err(NotAllowed)),
        case("host-header fallback matches origin host to Host", Some("https://gw.example.com"), Some("GW.example.com"), &[], true, false, Ok(HostHeaderFallback)),
        case("host-header fallback compares the port too", Some("http://gw.example.com:18789"), Some("gw.example.com"), &[], true, false, Err(NotAllowed)),
        case("same origin on a LAN address is allowed", Some("http://192.168.1.5:18789"), Some("192.168.1.5:18789"), &[], false, false, Ok(PrivateSameOrigin)),
        case("same origin on a public address is refused", Some("http://203.0.113.5:18789"), Some("203.0.113.5:18789"), &[], false, false, Err(NotAllowed)),
        case("same origin on a .ts.net name is allowed", Some("https://gw.tail1234.ts.net"), Some("gw.tail1234.ts.net"), &[], false, false, Ok(PrivateSameOrigin)),
        case("same origin on a .local name is allowed", Some("http://mac.local:18789"), Some("mac.local:18789"), &[], false, false, Ok(PrivateSameOrigin)),
        case("same origin on a public name is refused (DNS rebinding)", Some("http://evil.example:18789"), Some("evil.example:18789"), &[], false, true, Err(NotAllowed)),
        case("a private origin for a different Host is refused", Some("http://192.168.1.7:18789"), Some("192.168.1.5:18789"), &[], false, false, Err(NotAllowed)),
        case("same-origin loopback requires a local client", Some("http://127.0.0.1:18789"), Some("127.0.0.1:18789"), &[], false, false, Err(NotAllowed)),
        case("same-origin loopback for a local client", Some("http://127.0.0.1:18789"), Some("127.0.0.1:18789"), &[], false, true, Ok(PrivateSameOrigin)),
        case("a loopback page of a local client is allowed", Some("http://localhost:5173"), Some("127.0.0.1:18789"), &[], false, true, Ok(LocalLoopback)),
        case("an IPv6 loopback page of a local client is allowed", Some("http://[::1]:5173"), None, &[], false, true, Ok(LocalLoopback)),
        case("a loopback page of a remote client is refused", Some("http://localhost:5173"), Some("localhost:18789"), &[], false, false, Err(NotAllowed)),
        case("a remote page for a local client is refused", Some("https://evil.example"), Some("127.0.0.1:18789"), &[], false, true, Err(NotAllowed)),
    ];
    for case in cases {
        let got = check_origin(case.origin, case.host, &list(case.allowed), case.fallback, case.local);
        assert_eq!(got.map(|ok| ok.matched_by), case.expected, "{}", case.rule);
    }
}

#[test]
fn the_admitted_origin_is_normalised() {
    let ok = check_origin(Some(" HTTP://[::1]:80/ "), None, &[], false, true).unwrap();
    assert_eq!(ok, OriginOk { origin: "http://[::1]".to_owned(), matched_by: OriginMatch::LocalLoopback });
}

#[test]
fn refusal_texts_match_the_reference() {
    assert_eq!(OriginDenied::NotAllowed.reason(), "origin not allowed");
    assert_eq!(OriginDenied::MissingOrInvalid.to_string(), "origin missing or invalid");
    assert!(ORIGIN_NOT_ALLOWED_MESSAGE.starts_with("origin not allowed (open the Control UI"));
    assert_eq!(OriginMatch::PrivateSameOrigin.as_str(), "private-same-origin");
}

#[test]
fn origin_check_runs_for_browser_clients_and_any_origin_header() {
    assert!(origin_check_required(Some("https://x.example"), false));
    assert!(origin_check_required(None, true));
    assert!(!origin_check_required(None, false));
    assert!(!origin_check_required(Some("  "), false));
}

#[test]
fn loopback_hosts() {
    for (host, expected) in [
        ("localhost", true),
        ("LOCALHOST.", true),
        ("127.0.0.2", true),
        ("[::1]", true),
        ("::ffff:127.0.0.1", true),
        ("0.0.0.0", false),
        ("localhost.example", false),
    ] {
        assert_eq!(is_loopback_host(host), expected, "{host}");
    }
}
