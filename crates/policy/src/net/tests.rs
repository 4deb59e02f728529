//! SSRF rules, one table per rule (every range boundary: first and last address inside, first
//! outside), plus properties: private IPv4 stays private in every IPv6 embedding, public IPv4
//! stays public in the plain embeddings, and `check_host` never panics nor admits a private
//! literal.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap_or_else(|e| panic!("bad test address {text}: {e}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn allowlist(entries: &[&str]) -> SsrfPolicy {
    SsrfPolicy { hostname_allowlist: strings(entries), ..SsrfPolicy::default() }
}

/// (address, blocked by default, blocked with `allow_rfc2544`).
const IPV4_BOUNDARIES: &[(&str, bool, bool)] = &[
    // 0.0.0.0/8
    ("0.0.0.0", true, true),
    ("0.255.255.255", true, true),
    ("1.0.0.0", false, false),
    // broadcast (its neighbour below is 240/4)
    ("255.255.255.255", true, true),
    // 224/4 multicast
    ("223.255.255.255", false, false),
    ("224.0.0.0", true, true),
    ("239.255.255.255", true, true),
    // 169.254/16
    ("169.253.255.255", false, false),
    ("169.254.0.0", true, true),
    ("169.254.169.254", true, true),
    ("169.254.255.255", true, true),
    ("169.255.0.0", false, false),
    // 127/8
    ("126.255.255.255", false, false),
    ("127.0.0.0", true, true),
    ("127.0.0.1", true, true),
    ("127.255.255.255", true, true),
    ("128.0.0.0", false, false),
    // 100.64/10
    ("100.63.255.255", false, false),
    ("100.64.0.0", true, true),
    ("100.127.255.255", true, true),
    ("100.128.0.0", false, false),
    // 10/8
    ("9.255.255.255", false, false),
    ("10.0.0.0", true, true),
    ("10.255.255.255", true, true),
    ("11.0.0.0", false, false),
    // 172.16/12
    ("172.15.255.255", false, false),
    ("172.16.0.0", true, true),
    ("172.31.255.255", true, true),
    ("172.32.0.0", false, false),
    // 192.168/16
    ("192.167.255.255", false, false),
    ("192.168.0.0", true, true),
    ("192.168.255.255", true, true),
    ("192.169.0.0", false, false),
    // 192.0.0/24
    ("191.255.255.255", false, false),
    ("192.0.0.0", true, true),
    ("192.0.0.255", true, true),
    ("192.0.1.0", false, false),
    // 192.0.2/24
    ("192.0.1.255", false, false),
    ("192.0.2.0", true, true),
    ("192.0.2.255", true, true),
    ("192.0.3.0", false, false),
    // 192.88.99/24
    ("192.88.98.255", false, false),
    ("192.88.99.0", true, true),
    ("192.88.99.255", true, true),
    ("192.88.100.0", false, false),
    // 198.18/15, exempt with allow_rfc2544
    ("198.17.255.255", false, false),
    ("198.18.0.0", true, false),
    ("198.19.255.255", true, false),
    ("198.20.0.0", false, false),
    // 198.51.100/24
    ("198.51.99.255", false, false),
    ("198.51.100.0", true, true),
    ("198.51.100.255", true, true),
    ("198.51.101.0", false, false),
    // 203.0.113/24
    ("203.0.112.255", false, false),
    ("203.0.113.0", true, true),
    ("203.0.113.255", true, true),
    ("203.0.114.0", false, false),
    // 240/4 (its neighbour below is multicast)
    ("240.0.0.0", true, true),
    ("255.255.255.254", true, true),
    // public
    ("8.8.8.8", false, false),
    ("1.1.1.1", false, false),
    ("93.184.216.34", false, false),
];

#[test]
fn ipv4_ranges_are_blocked_exactly_at_their_boundaries() {
    for &(text, default, with_rfc2544) in IPV4_BOUNDARIES {
        assert_eq!(is_blocked_ip(ip(text), false), default, "{text} (default)");
        assert_eq!(is_blocked_ip(ip(text), true), with_rfc2544, "{text} (allow_rfc2544)");
    }
}

const IPV6_BOUNDARIES: &[(&str, bool)] = &[
    ("::", true),
    ("::1", true),
    // fe80::/10
    ("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false),
    ("fe80::", true),
    ("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),
    // fec0::/10 (directly follows fe80::/10)
    ("fec0::", true),
    ("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),
    // ff00::/8 (directly follows fec0::/10)
    ("ff00::", true),
    ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),
    // fc00::/7
    ("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false),
    ("fc00::", true),
    ("fd12:3456::1", true),
    ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),
    ("fe00::", false),
    // documentation prefix is public for OpenClaw
    ("2001:db8::", false),
    ("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", false),
    // public
    ("2606:4700:4700::1111", false),
    ("2001:4860:4860::8888", false),
    ("0:0:0:0:0:1::", false),
];

#[test]
fn ipv6_ranges_are_blocked_exactly_at_their_boundaries() {
    for &(text, blocked) in IPV6_BOUNDARIES {
        assert_eq!(is_blocked_ip(ip(text), false), blocked, "{text}");
        assert_eq!(is_blocked_ip(ip(text), true), blocked, "{text} (allow_rfc2544 changes nothing)");
    }
}

/// (form, private IPv4 embedded, public IPv4 embedded).
const EMBEDDED_IPV4: &[(&str, &str, &str)] = &[
    ("IPv4-mapped", "::ffff:127.0.0.1", "::ffff:8.8.8.8"),
    ("IPv4-mapped hex", "::ffff:a9fe:a9fe", "::ffff:808:808"),
    ("IPv4-translated", "::ffff:0:10.0.0.1", "::ffff:0:8.8.8.8"),
    ("IPv4-compatible", "::127.0.0.1", "::8.8.8.8"),
    ("IPv4-compatible private", "::192.168.1.1", "::1.1.1.1"),
    ("NAT64", "64:ff9b::10.1.2.3", "64:ff9b::8.8.8.8"),
    ("NAT64 last in /96", "64:ff9b::ffff:ffff", "64:ff9b::5db8:d822"),
    ("NAT64 local-use", "64:ff9b:1::192.168.0.1", "64:ff9b:1::8.8.8.8"),
    ("NAT64 local-use, elsewhere in /48", "64:ff9b:1:abcd::10.0.0.1", "64:ff9b:1:abcd::8.8.8.8"),
    ("6to4", "2002:7f00:1::", "2002:808:808::"),
    ("6to4 with subnet and host", "2002:a9fe:a9fe:1:2:3:4:5", "2002:808:808:1::1"),
    ("6to4 CGNAT", "2002:6440:1::1", "2002:101:101::1"),
    // Teredo: last 32 bits are the client IPv4 inverted (127.0.0.1 = !80ff:fffe).
    ("Teredo", "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"),
    ("Teredo (RFC 4380 example, 192.0.2.45)", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::f7f7:f7f7"),
    // Not inverted, 7f00:1 is client 128.255.255.254: public.
    ("Teredo inversion", "2001::f5ff:fffe", "2001::7f00:1"),
    ("ISATAP", "2001:db8:1:2:0:5efe:10.0.0.1", "2001:db8:1:2:0:5efe:8.8.8.8"),
    ("ISATAP u bit", "2001:db8:1:2:200:5efe:192.168.1.1", "2001:db8:1:2:200:5efe:1.1.1.1"),
    ("ISATAP g bit", "2606:4700::100:5efe:127.0.0.1", "2606:4700::100:5efe:9.9.9.9"),
    ("ISATAP both bits", "2606:4700::300:5efe:169.254.169.254", "2606:4700::300:5efe:9.9.9.9"),
];

#[test]
fn embedded_ipv4_is_judged_by_its_ipv4_address() {
    for &(form, private, public) in EMBEDDED_IPV4 {
        assert!(is_blocked_ip(ip(private), false), "{form}: {private} should be blocked");
        assert!(!is_blocked_ip(ip(public), false), "{form}: {public} should be allowed");
    }
}

#[test]
fn only_isatap_interface_ids_count_as_isatap() {
    // 0400:5efe is not an ISATAP interface id (only the u/g bits may be set), nor is 0000:5eff.
    assert!(!is_blocked_ip(ip("2606:4700::400:5efe:127.0.0.1"), false));
    assert!(!is_blocked_ip(ip("2606:4700::0:5eff:127.0.0.1"), false));
}

#[test]
fn benchmark_range_exemption_applies_to_embedded_ipv4_too() {
    for text in ["::ffff:198.18.0.1", "64:ff9b::198.19.255.255", "2002:c612:1::"] {
        assert!(is_blocked_ip(ip(text), false), "{text}");
        assert!(!is_blocked_ip(ip(text), true), "{text}");
    }
    // The exemption is for IPv4 only: unique-local IPv6 stays blocked.
    assert!(is_blocked_ip(ip("fd00::1"), true));
}

#[test]
fn non_canonical_ipv4_host_strings_are_refused_as_malformed() {
    for host in [
        "0177.0.0.1",
        "0x7f.0.0.1",
        "0X7F.0.0.1",
        "0x7f.1",
        "127.1",
        "127.0.1",
        "2130706433",
        "0x7f000001",
        "017700000001",
        "1..2.3",
        ".1.2.3",
        "1.2.3.256",
        "01.2.3.4",
        "8.8.8.08",
        "0x",
        "0xzz.1",
        "a..b",
        "example..com.",
    ] {
        assert_eq!(
            SsrfPolicy::default().check_host(host),
            Err(SsrfBlock::MalformedAddress(host.to_lowercase().trim_end_matches('.').to_owned())),
            "{host}"
        );
    }
}

#[test]
fn malformed_ipv6_literals_are_refused() {
    for host in ["[::ffff:0177.0.0.1]", "[fe80::1%25eth0]", "[fe80::1%eth0]", "[1::2::3]", "[12345::]", "[::g]", "a:b"]
    {
        assert!(
            matches!(SsrfPolicy::default().check_host(host), Err(SsrfBlock::MalformedAddress(_))),
            "{host}: {:?}",
            SsrfPolicy::default().check_host(host)
        );
    }
}

#[test]
fn names_that_only_resemble_ipv4_are_names() {
    for host in ["1.2.3.4.5", "0xabc.com", "123.example", "example.com", "1e100.net", "local", "internal"] {
        assert_eq!(SsrfPolicy::default().check_host(host), Ok(HostKind::Name(host.to_owned())), "{host}");
    }
}

#[test]
fn internal_hostnames_are_blocked_after_normalisation() {
    for (raw, normalized) in [
        ("localhost", "localhost"),
        ("LOCALHOST.", "localhost"),
        ("[localhost]", "localhost"),
        (" localhost ", "localhost"),
        ("localhost.localdomain", "localhost.localdomain"),
        ("metadata.google.internal", "metadata.google.internal"),
        ("Metadata.Google.Internal.", "metadata.google.internal"),
        ("app.localhost", "app.localhost"),
        ("printer.local", "printer.local"),
        ("Printer.LOCAL.", "printer.local"),
        ("db.corp.internal", "db.corp.internal"),
    ] {
        assert!(is_blocked_hostname(raw), "{raw}");
        assert_eq!(SsrfPolicy::default().check_host(raw), Err(SsrfBlock::InternalHostname(normalized.to_owned())));
    }
    for name in ["", "example.com", "mylocalhost", "localhost.example.com", "local", "internal", "internal.example"] {
        assert!(!is_blocked_hostname(name), "{name}");
    }
}

#[test]
fn ip_literals_are_classified_without_dns() {
    let policy = SsrfPolicy::default();
    for (host, address) in [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("[::1].", "::1"),
        ("::1", "::1"),
        ("[0:0::1]", "::1"),
        ("[::FFFF:127.0.0.1]", "::ffff:127.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("[fe80::1]", "fe80::1"),
        ("[64:ff9b::a00:1]", "64:ff9b::a00:1"),
    ] {
        assert!(
            matches!(policy.check_host(host), Err(SsrfBlock::PrivateAddress { ip: blocked, .. }) if blocked == ip(address)),
            "{host}: {:?}",
            policy.check_host(host)
        );
    }
    assert_eq!(policy.check_host("8.8.8.8"), Ok(HostKind::Ip(ip("8.8.8.8"))));
    assert_eq!(policy.check_host("[2606:4700:4700::1111]"), Ok(HostKind::Ip(ip("2606:4700:4700::1111"))));
    assert_eq!(policy.check_host("[2001:DB8::1]"), Ok(HostKind::Ip(ip("2001:db8::1"))));
    assert_eq!(policy.check_host("[::ffff:8.8.8.8]"), Ok(HostKind::Ip(ip("::ffff:8.8.8.8"))));
    assert_eq!(policy.check_host("198.18.0.1").map_err(|_| ()), Err(()));
    let benchmark = SsrfPolicy { allow_rfc2544_benchmark_range: true, ..SsrfPolicy::default() };
    assert_eq!(benchmark.check_host("198.18.0.1"), Ok(HostKind::Ip(ip("198.18.0.1"))));
}

#[test]
fn names_are_returned_normalised() {
    let policy = SsrfPolicy::default();
    assert_eq!(policy.check_host("Example.COM."), Ok(HostKind::Name("example.com".to_owned())));
    assert_eq!(policy.check_host(" example.com "), Ok(HostKind::Name("example.com".to_owned())));
    assert_eq!(policy.check_host(""), Err(SsrfBlock::MalformedAddress(String::new())));
    assert_eq!(policy.check_host("."), Err(SsrfBlock::MalformedAddress(String::new())));
    assert_eq!(policy.check_host("[]"), Err(SsrfBlock::MalformedAddress(String::new())));
}

#[test]
fn dns_answers_are_checked_for_the_host() {
    let policy = SsrfPolicy::default();
    assert_eq!(policy.check_address("example.com", ip("93.184.216.34")), Ok(()));
    assert_eq!(
        policy.check_address("Rebind.Example.", ip("10.0.0.1")),
        Err(SsrfBlock::PrivateAddress { host: "rebind.example".to_owned(), ip: ip("10.0.0.1") })
    );
    assert!(policy.check_address("example.com", ip("::ffff:127.0.0.1")).is_err());
    assert!(policy.check_address("example.com", ip("198.18.1.1")).is_err());
    let benchmark = SsrfPolicy { allow_rfc2544_benchmark_range: true, ..SsrfPolicy::default() };
    assert_eq!(benchmark.check_address("example.com", ip("198.18.1.1")), Ok(()));
}

#[test]
fn allowlist_wildcard_matches_subdomains_but_not_the_apex() {
    let policy = allowlist(&["*.example.com"]);
    for host in ["a.example.com", "b.a.example.com", "A.Example.COM."] {
        assert!(matches!(policy.check_host(host), Ok(HostKind::Name(_))), "{host}");
    }
    for (host, normalized) in [
        ("example.com", "example.com"),
        ("badexample.com", "badexample.com"),
        ("example.com.evil.net", "example.com.evil.net"),
        ("Evil.com", "evil.com"),
    ] {
        assert_eq!(policy.check_host(host), Err(SsrfBlock::NotAllowlisted(normalized.to_owned())), "{host}");
    }
}

#[test]
fn allowlist_plain_entries_match_exactly() {
    let policy = allowlist(&[" Example.COM. ", "8.8.8.8", "[2606:4700:4700::1111]"]);
    assert_eq!(policy.check_host("example.com"), Ok(HostKind::Name("example.com".to_owned())));
    assert_eq!(policy.check_host("8.8.8.8"), Ok(HostKind::Ip(ip("8.8.8.8"))));
    assert_eq!(policy.check_host("[2606:4700:4700::1111]"), Ok(HostKind::Ip(ip("2606:4700:4700::1111"))));
    assert_eq!(policy.check_host("a.example.com"), Err(SsrfBlock::NotAllowlisted("a.example.com".to_owned())));
    assert_eq!(policy.check_host("1.1.1.1"), Err(SsrfBlock::NotAllowlisted("1.1.1.1".to_owned())));
}

#[test]
fn allowlist_star_and_blank_entries_are_ignored() {
    // `*` never admits a host the other entries refuse.
    let policy = allowlist(&["*", "*.", " ", "example.com"]);
    assert_eq!(policy.check_host("other.com"), Err(SsrfBlock::NotAllowlisted("other.com".to_owned())));
    assert!(policy.check_host("example.com").is_ok());
    // A list of only ignored entries restricts nothing (as in OpenClaw); private checks remain.
    let only_ignored = allowlist(&["*", "", "  "]);
    assert!(only_ignored.check_host("other.com").is_ok());
    assert!(matches!(only_ignored.check_host("localhost"), Err(SsrfBlock::InternalHostname(_))));
}

#[test]
fn allowlist_does_not_bypass_private_checks() {
    let policy = allowlist(&["*.example.com", "printer.local", "127.0.0.1"]);
    assert_eq!(policy.check_host("printer.local"), Err(SsrfBlock::InternalHostname("printer.local".to_owned())));
    assert!(matches!(policy.check_host("127.0.0.1"), Err(SsrfBlock::PrivateAddress { .. })));
    assert!(policy.check_host("rebind.example.com").is_ok());
    assert!(policy.check_address("rebind.example.com", ip("10.0.0.1")).is_err());
}

#[test]
fn allowed_hostnames_skip_private_checks_for_that_host_only() {
    let policy =
        SsrfPolicy { allowed_hostnames: strings(&["Printer.Local.", "127.0.0.1", ""]), ..SsrfPolicy::default() };
    assert_eq!(policy.check_host("printer.local"), Ok(HostKind::Name("printer.local".to_owned())));
    assert_eq!(policy.check_host("PRINTER.local."), Ok(HostKind::Name("printer.local".to_owned())));
    assert_eq!(policy.check_address("printer.local", ip("192.168.1.5")), Ok(()));
    assert_eq!(policy.check_host("127.0.0.1"), Ok(HostKind::Ip(ip("127.0.0.1"))));
    // Exact only: no subdomains, no other hosts, and a blank entry does not match an empty host.
    assert!(policy.check_host("a.printer.local").is_err());
    assert!(policy.check_address("other.com", ip("192.168.1.5")).is_err());
    assert!(policy.check_host("127.0.0.2").is_err());
    assert!(policy.check_address("", ip("10.0.0.1")).is_err());
}

#[test]
fn allow_private_network_skips_private_checks_but_not_the_allowlist() {
    let policy = SsrfPolicy { allow_private_network: true, ..SsrfPolicy::default() };
    assert_eq!(policy.check_host("localhost"), Ok(HostKind::Name("localhost".to_owned())));
    assert_eq!(policy.check_host("[::1]"), Ok(HostKind::Ip(ip("::1"))));
    assert_eq!(policy.check_host("10.0.0.1"), Ok(HostKind::Ip(ip("10.0.0.1"))));
    // Non-canonical forms go to the resolver as names, as in OpenClaw.
    assert_eq!(policy.check_host("0x7f.1"), Ok(HostKind::Name("0x7f.1".to_owned())));
    assert_eq!(policy.check_address("anything", ip("169.254.169.254")), Ok(()));
    assert_eq!(policy.check_host(""), Err(SsrfBlock::MalformedAddress(String::new())));

    let restricted = SsrfPolicy { hostname_allowlist: strings(&["nas.local"]), ..policy };
    assert!(restricted.check_host("nas.local").is_ok());
    assert_eq!(restricted.check_host("localhost"), Err(SsrfBlock::NotAllowlisted("localhost".to_owned())));
}

#[test]
fn block_reasons_name_the_host_or_address() {
    let policy = SsrfPolicy::default();
    let message = |host: &str| policy.check_host(host).err().map(|block| block.to_string());
    assert_eq!(message("127.0.0.1").as_deref(), Some("blocked: 127.0.0.1 is a private or special-use address"));
    assert_eq!(message("[::1]").as_deref(), Some("blocked: ::1 is a private or special-use address"));
    assert_eq!(message("localhost").as_deref(), Some("blocked: host localhost is internal"));
    assert_eq!(message("0x7f.1").as_deref(), Some("blocked: 0x7f.1 is not a canonical IP address"));
    assert_eq!(message("").as_deref(), Some("blocked: (empty host) is not a canonical IP address"));
    assert_eq!(
        allowlist(&["*.example.com"]).check_host("evil.com").err().map(|b| b.to_string()).as_deref(),
        Some("blocked: host evil.com is not in the URL allowlist")
    );
    assert_eq!(
        policy.check_address("rebind.example", ip("10.0.0.1")).err().map(|b| b.to_string()).as_deref(),
        Some("blocked: host rebind.example resolves to 10.0.0.1, a private or special-use address")
    );
}

/// The blocked IPv4 ranges, restated from the spec rather than imported, so the property tests
/// check the implementation's table against an independent copy.
const BLOCKED_V4_SPEC: &[([u8; 4], u32)] = &[
    ([0, 0, 0, 0], 8),
    ([255, 255, 255, 255], 32),
    ([224, 0, 0, 0], 4),
    ([169, 254, 0, 0], 16),
    ([127, 0, 0, 0], 8),
    ([100, 64, 0, 0], 10),
    ([10, 0, 0, 0], 8),
    ([172, 16, 0, 0], 12),
    ([192, 168, 0, 0], 16),
    ([192, 0, 0, 0], 24),
    ([192, 0, 2, 0], 24),
    ([192, 88, 99, 0], 24),
    ([198, 51, 100, 0], 24),
    ([203, 0, 113, 0], 24),
    ([240, 0, 0, 0], 4),
    ([198, 18, 0, 0], 15),
];

fn blocked_ipv4() -> impl Strategy<Value = Ipv4Addr> {
    (0..BLOCKED_V4_SPEC.len(), any::<u32>()).prop_map(|(index, host_bits)| {
        let (first, len) = BLOCKED_V4_SPEC[index];
        let host_mask = u32::MAX.checked_shr(len).unwrap_or(0);
        Ipv4Addr::from_bits(u32::from_be_bytes(first) | (host_bits & host_mask))
    })
}

fn public_ipv4() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from_bits).prop_filter("public", |v4| !is_blocked_ip(IpAddr::V4(*v4), false))
}

fn v6(bits: u128) -> IpAddr {
    IpAddr::V6(Ipv6Addr::from_bits(bits))
}

fn mapped(v4: Ipv4Addr) -> IpAddr {
    IpAddr::V6(v4.to_ipv6_mapped())
}

fn nat64(v4: Ipv4Addr) -> IpAddr {
    v6((0x0064_ff9b_u128 << 96) | u128::from(v4.to_bits()))
}

fn nat64_local(v4: Ipv4Addr) -> IpAddr {
    v6((0x0064_ff9b_0001_u128 << 80) | u128::from(v4.to_bits()))
}

fn six_to_four(v4: Ipv4Addr, rest: u128) -> IpAddr {
    v6((0x2002_u128 << 112) | (u128::from(v4.to_bits()) << 80) | (rest & ((1 << 80) - 1)))
}

fn teredo(v4: Ipv4Addr, server_flags_port: u64) -> IpAddr {
    v6((0x2001_0000_u128 << 96) | (u128::from(server_flags_port) << 32) | u128::from(!v4.to_bits()))
}

proptest! {
    #[test]
    fn blocked_ipv4_stays_blocked_in_every_embedding(v4 in blocked_ipv4(), rest in any::<u128>(), teredo_bits in any::<u64>()) {
        prop_assert!(is_blocked_ip(IpAddr::V4(v4), false));
        prop_assert!(is_blocked_ip(mapped(v4), false), "mapped {v4}");
        prop_assert!(is_blocked_ip(nat64(v4), false), "NAT64 {v4}");
        prop_assert!(is_blocked_ip(nat64_local(v4), false), "NAT64 local {v4}");
        prop_assert!(is_blocked_ip(six_to_four(v4, rest), false), "6to4 {v4}");
        prop_assert!(is_blocked_ip(teredo(v4, teredo_bits), false), "Teredo {v4}");
    }

    #[test]
    fn public_ipv4_stays_public_in_plain_embeddings(v4 in public_ipv4(), subnet in any::<u16>(), teredo_bits in any::<u64>()) {
        prop_assert!(!is_blocked_ip(mapped(v4), false), "mapped {v4}");
        prop_assert!(!is_blocked_ip(nat64(v4), false), "NAT64 {v4}");
        prop_assert!(!is_blocked_ip(nat64_local(v4), false), "NAT64 local {v4}");
        prop_assert!(!is_blocked_ip(six_to_four(v4, u128::from(subnet) << 64), false), "6to4 {v4}");
        // Flags/port words that happen to spell an ISATAP id would add a second embedding.
        let teredo_bits = teredo_bits & !0xffff_ffff;
        prop_assert!(!is_blocked_ip(teredo(v4, teredo_bits), false), "Teredo {v4}");
    }

    #[test]
    fn check_host_never_panics_on_arbitrary_strings(host in any::<String>()) {
        if let Ok(HostKind::Ip(ip)) = SsrfPolicy::default().check_host(&host) {
            prop_assert!(!is_blocked_ip(ip, false), "{host} admitted as {ip}");
        }
    }

    #[test]
    fn check_host_never_admits_private_literals(host in "[\\[\\]0-9a-fA-FxX.:%]{0,45}") {
        if let Ok(HostKind::Ip(ip)) = SsrfPolicy::default().check_host(&host) {
            prop_assert!(!is_blocked_ip(ip, false), "{host} admitted as {ip}");
        }
    }

    #[test]
    fn private_literals_in_any_text_form_are_refused(v4 in blocked_ipv4(), teredo_bits in any::<u64>()) {
        let policy = SsrfPolicy::default();
        for host in [
            v4.to_string(),
            format!("[{}]", v4.to_ipv6_mapped()),
            format!("[::ffff:{v4}]"),
            format!("[{}]", nat64(v4)),
            format!("[{}]", teredo(v4, teredo_bits)),
            format!("{v4}."),
        ] {
            let checked = policy.check_host(&host);
            prop_assert!(matches!(checked, Err(SsrfBlock::PrivateAddress { .. })), "{host}: {checked:?}");
        }
    }
}

/// Found by the `ssrf_host` fuzz target: a name with a newline before its trailing dot passed as
/// a name that a second normalisation turned into `….local`. Names that are no DNS host are
/// refused, so every accepted name is already in normal form.
#[test]
fn names_that_are_no_host_are_refused() {
    let policy = SsrfPolicy::default();
    for host in [
        "\n\n\u{2}\u{1a}-~$.local\n.\n",
        "a b.example.com",
        "x.local..",
        "[[localhost]]",
        "a..b",
        ".example.com",
        "tab\there",
    ] {
        // Refused as no host name, or (for dotted strings) as a malformed address.
        assert!(
            matches!(policy.check_host(host), Err(SsrfBlock::InvalidHostname(_) | SsrfBlock::MalformedAddress(_))),
            "{host:?}: {:?}",
            policy.check_host(host)
        );
    }
    for host in ["example.com", "xn--bcher-kva.example", "my_host.example", "bücher.example", "EXAMPLE.COM."] {
        assert!(matches!(policy.check_host(host), Ok(HostKind::Name(_))), "{host:?}");
    }
    assert_eq!(policy.check_host("a b").unwrap_err().to_string(), "blocked: \"a b\" is not a valid host name");
}
