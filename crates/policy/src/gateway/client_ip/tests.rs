//! Client attribution rules, one table row per rule, plus properties: forwarding headers of any
//! shape never panic the parser, and a peer that is not this host never counts as local.

use std::net::IpAddr;

use proptest::prelude::*;

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn proxies(entries: &[&str]) -> TrustedProxies {
    let parsed = TrustedProxies::parse(&entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>());
    assert!(parsed.ignored.is_empty(), "unexpected ignored entries {:?}", parsed.ignored);
    parsed.proxies
}

fn xff(value: &str) -> ProxyHeaders<'_> {
    ProxyHeaders { forwarded_for: Some(value), ..ProxyHeaders::default() }
}

#[test]
fn trusted_proxies_parse_exact_ips_cidrs_and_report_invalid_entries() {
    let raw: Vec<String> = [
        "10.0.0.1",
        " 192.168.0.0/16 ",
        "",
        "   ",
        "::ffff:172.16.0.9",
        "fd00::/8",
        "not-an-ip",
        "10.0.0.0/33",
        "127.1",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let parsed = TrustedProxies::parse(&raw);
    assert_eq!(parsed.ignored, vec!["not-an-ip".to_owned(), "10.0.0.0/33".to_owned(), "127.1".to_owned()]);
    let trusted = parsed.proxies;
    for (addr, expected, rule) in [
        ("10.0.0.1", true, "exact IPv4"),
        ("::ffff:10.0.0.1", true, "IPv4-mapped peer matches an IPv4 entry"),
        ("10.0.0.2", false, "exact means exact"),
        ("192.168.44.3", true, "inside an IPv4 CIDR"),
        ("172.16.0.9", true, "an IPv4-mapped entry is normalised"),
        ("fd12::1", true, "inside an IPv6 CIDR"),
        ("fe80::1", false, "outside every range"),
    ] {
        assert_eq!(trusted.contains(ip(addr)), expected, "{rule}: {addr}");
    }
}

#[test]
fn an_ipv6_mapped_cidr_covers_the_ipv4_range() {
    let trusted = proxies(&["::ffff:10.0.0.0/104"]);
    assert!(trusted.contains(ip("10.9.8.7")));
    assert!(!trusted.contains(ip("11.0.0.1")));
}

#[test]
fn parse_ip_literal_accepts_header_forms() {
    for (raw, expected) in [
        ("203.0.113.7", Some("203.0.113.7")),
        ("  203.0.113.7  ", Some("203.0.113.7")),
        ("203.0.113.7:4711", Some("203.0.113.7")),
        ("[2001:db8::1]:443", Some("2001:db8::1")),
        ("[2001:db8::1]", Some("2001:db8::1")),
        ("2001:db8::1", Some("2001:db8::1")),
        ("::ffff:203.0.113.7", Some("203.0.113.7")),
        ("unknown", None),
        ("", None),
        ("127.1", None),
        ("0x7f.0.0.1", None),
        ("203.0.113.7:80:80", None),
        ("_hidden", None),
    ] {
        assert_eq!(parse_ip_literal(raw), expected.map(ip), "{raw:?}");
    }
}

#[test]
fn client_ip_rules() {
    let trusted = proxies(&["10.0.0.1", "10.0.1.0/24", "127.0.0.1"]);
    struct Case {
        rule: &'static str,
        remote: &'static str,
        xff: Option<&'static str>,
        real_ip: Option<&'static str>,
        fallback: bool,
        expected: ClientIp,
    }
    let direct = |addr: &str, untrusted_headers: bool| ClientIp {
        ip: Some(ip(addr)),
        via_proxy: false,
        untrusted_proxy_headers: untrusted_headers,
    };
    let proxied = |addr: Option<&str>| ClientIp { ip: addr.map(ip), via_proxy: true, untrusted_proxy_headers: false };
    let cases = [
        Case {
            rule: "a direct peer is the client",
            remote: "198.51.100.4",
            xff: None,
            real_ip: None,
            fallback: false,
            expected: direct("198.51.100.4", false),
        },
        Case {
            rule: "an untrusted peer's X-Forwarded-For is ignored but flagged",
            remote: "198.51.100.4",
            xff: Some("127.0.0.1"),
            real_ip: None,
            fallback: true,
            expected: direct("198.51.100.4", true),
        },
        Case {
            rule: "an IPv4-mapped peer is normalised",
            remote: "::ffff:198.51.100.4",
            xff: None,
            real_ip: None,
            fallback: false,
            expected: direct("198.51.100.4", false),
        },
        Case {
            rule: "a trusted proxy's rightmost untrusted hop is the client",
            remote: "10.0.0.1",
            xff: Some("203.0.113.9, 198.51.100.4, 10.0.1.7"),
            real_ip: None,
            fallback: false,
            expected: proxied(Some("198.51.100.4")),
        },
        Case {
            rule: "invalid hops are skipped, ports are tolerated",
            remote: "10.0.0.1",
            xff: Some("198.51.100.4:5555, garbage, , 10.0.1.9"),
            real_ip: None,
            fallback: false,
            expected: proxied(Some("198.51.100.4")),
        },
        Case {
            rule: "bracketed IPv6 hops with ports are tolerated",
            remote: "10.0.0.1",
            xff: Some("[2001:db8::5]:443"),
            real_ip: None,
            fallback: false,
            expected: proxied(Some("2001:db8::5")),
        },
        Case {
            rule: "loopback hops never become the client",
            remote: "127.0.0.1",
            xff: Some("127.0.0.1, ::1"),
            real_ip: None,
            fallback: false,
            expected: proxied(None),
        },
        Case {
            rule: "a forged loopback hop left of the real client does not win",
            remote: "10.0.0.1",
            xff: Some("127.0.0.1, 198.51.100.4"),
            real_ip: None,
            fallback: false,
            expected: proxied(Some("198.51.100.4")),
        },
        Case {
            rule: "a chain of only trusted hops fails closed",
            remote: "10.0.0.1",
            xff: Some("10.0.1.1, 10.0.0.1"),
            real_ip: Some("198.51.100.4"),
            fallback: false,
            expected: proxied(None),
        },
        Case {
            rule: "a trusted proxy without headers fails closed instead of using its own address",
            remote: "127.0.0.1",
            xff: None,
            real_ip: None,
            fallback: true,
            expected: proxied(None),
        },
        Case {
            rule: "X-Real-IP is used only with allowRealIpFallback",
            remote: "10.0.0.1",
            xff: Some("bogus"),
            real_ip: Some("198.51.100.4"),
            fallback: true,
            expected: proxied(Some("198.51.100.4")),
        },
        Case {
            rule: "X-Real-IP is ignored by default",
            remote: "10.0.0.1",
            xff: None,
            real_ip: Some("198.51.100.4"),
            fallback: false,
            expected: proxied(None),
        },
        Case {
            rule: "X-Forwarded-For wins over X-Real-IP",
            remote: "10.0.0.1",
            xff: Some("203.0.113.1"),
            real_ip: Some("198.51.100.4"),
            fallback: true,
            expected: proxied(Some("203.0.113.1")),
        },
    ];
    for case in cases {
        let headers = ProxyHeaders { forwarded_for: case.xff, real_ip: case.real_ip, other_proxy_headers: false };
        let got = resolve_client_ip(ip(case.remote), &headers, &trusted, case.fallback);
        assert_eq!(got, case.expected, "{}", case.rule);
    }
}

#[test]
fn no_trusted_proxies_means_the_socket_address_always_wins() {
    let got = resolve_client_ip(ip("127.0.0.1"), &xff("198.51.100.4"), &TrustedProxies::default(), true);
    assert_eq!(got, ClientIp { ip: Some(ip("127.0.0.1")), via_proxy: false, untrusted_proxy_headers: true });
}

#[test]
fn proxy_headers_are_collected_case_insensitively() {
    let headers = ProxyHeaders::from_headers([
        ("Host", "gw.example"),
        ("X-Forwarded-For", "198.51.100.4"),
        ("x-forwarded-for", "203.0.113.1"),
        ("X-REAL-IP", "198.51.100.5"),
    ]);
    assert_eq!(headers.forwarded_for, Some("198.51.100.4"));
    assert_eq!(headers.real_ip, Some("198.51.100.5"));
    assert!(!headers.other_proxy_headers);
    for name in ["Forwarded", "X-Forwarded-Proto", "x-forwarded-host", "Tailscale-User-Login"] {
        let headers = ProxyHeaders::from_headers([(name, "")]);
        assert!(headers.other_proxy_headers && headers.any(), "{name}");
    }
    assert!(!ProxyHeaders::from_headers([("Origin", "http://x"), ("X-Forwarded", "1")]).any());
}

#[test]
fn local_client_rules() {
    let tailnet = [ip("100.101.102.103"), ip("fd7a:115c:a1e0::1")];
    let none = ProxyHeaders::default();
    let forwarded_proto = ProxyHeaders { other_proxy_headers: true, ..ProxyHeaders::default() };
    for (rule, remote, headers, expected) in [
        ("loopback is local", "127.0.0.1", none, true),
        ("IPv6 loopback is local", "::1", none, true),
        ("IPv4-mapped loopback is local", "::ffff:127.0.0.1", none, true),
        ("the host's own tailnet IPv4 is local", "100.101.102.103", none, true),
        ("the host's own tailnet IPv6 is local", "fd7a:115c:a1e0::1", none, true),
        ("another tailnet peer is remote", "100.101.102.104", none, false),
        ("a LAN peer is remote", "192.168.1.20", none, false),
        ("loopback with X-Forwarded-For is remote", "127.0.0.1", xff("127.0.0.1"), false),
        ("loopback with any forwarding header is remote", "127.0.0.1", forwarded_proto, false),
    ] {
        assert_eq!(is_local_client(ip(remote), &headers, &tailnet), expected, "{rule}");
    }
}

fn any_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![any::<[u8; 4]>().prop_map(IpAddr::from), any::<[u16; 8]>().prop_map(IpAddr::from),]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(500) })]

    /// Arbitrary header text never panics and only ever yields a hop that was in the header.
    #[test]
    fn forwarded_for_parsing_never_panics(chain in ".{0,80}", real in ".{0,40}", fallback in any::<bool>()) {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let headers = ProxyHeaders { forwarded_for: Some(&chain), real_ip: Some(&real), other_proxy_headers: false };
        let got = resolve_client_ip(ip("10.1.2.3"), &headers, &trusted, fallback);
        prop_assert!(got.via_proxy);
        if let Some(client) = got.ip {
            prop_assert!(!trusted.contains(client) || fallback);
        }
    }

    /// Hops built from real addresses: the result is the rightmost one that is neither trusted nor
    /// loopback.
    #[test]
    fn rightmost_untrusted_hop_wins(hops in proptest::collection::vec(any_ip(), 0..6)) {
        let trusted = proxies(&["10.0.0.0/8", "2001:db8::/32"]);
        let chain = hops.iter().map(|h| match h {
            IpAddr::V6(v6) => format!("[{v6}]:1234"),
            IpAddr::V4(v4) => v4.to_string(),
        }).collect::<Vec<_>>().join(", ");
        let got = resolve_client_ip(ip("10.0.0.1"), &xff(&chain), &trusted, false);
        let expected = hops.iter().rev().map(|h| h.to_canonical()).find(|h| !h.is_loopback() && !trusted.contains(*h));
        prop_assert_eq!(got.ip, expected);
    }

    /// A peer that is neither loopback nor one of the host's tailnet addresses is never local,
    /// whatever headers it sends; and no request carrying forwarding headers is local.
    #[test]
    fn an_untrusted_remote_never_becomes_local(
        remote in any_ip(),
        chain in proptest::option::of(".{0,40}"),
        real in proptest::option::of(".{0,20}"),
        other in any::<bool>(),
    ) {
        let tailnet = [ip("100.100.1.1")];
        let headers = ProxyHeaders { forwarded_for: chain.as_deref(), real_ip: real.as_deref(), other_proxy_headers: other };
        let local = is_local_client(remote, &headers, &tailnet);
        let own = remote.to_canonical().is_loopback() || remote.to_canonical() == tailnet[0];
        if !own || headers.any() {
            prop_assert!(!local);
        }
    }
}
