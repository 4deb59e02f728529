//! Which IP addresses an outbound fetch may not reach, and which host strings are IP literals.
//!
//! The ranges are OpenClaw's (`src/shared/net/ip.ts`, built on ipaddr.js's special-use ranges),
//! written out as prefixes so the table is the whole rule. One deliberate difference in
//! mechanism, not in result for any form OpenClaw extracts: an IPv6 address is checked against
//! every IPv4 embedding it matches rather than only the first, so an address that is, say, both
//! 6to4 and ISATAP-shaped cannot hide a private IPv4 behind the public one.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address range as (first address, prefix length).
type Prefix<A> = (A, u32);

/// IPv4 ranges that are never a public web destination: this host, this link, private networks,
/// carrier NAT, multicast/broadcast and the IANA special-purpose blocks that ipaddr.js calls
/// `reserved` (documentation nets and the 6to4 relay anycast, none of which a fetch should hit).
const BLOCKED_V4: &[Prefix<Ipv4Addr>] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),          // "this network"; 0.0.0.0 reaches local listeners
    (Ipv4Addr::new(255, 255, 255, 255), 32), // limited broadcast
    (Ipv4Addr::new(224, 0, 0, 0), 4),        // multicast
    (Ipv4Addr::new(169, 254, 0, 0), 16),     // link-local, incl. cloud metadata 169.254.169.254
    (Ipv4Addr::new(127, 0, 0, 0), 8),        // loopback
    (Ipv4Addr::new(100, 64, 0, 0), 10),      // carrier-grade NAT (also Tailscale's tailnet)
    (Ipv4Addr::new(10, 0, 0, 0), 8),         // RFC 1918
    (Ipv4Addr::new(172, 16, 0, 0), 12),      // RFC 1918
    (Ipv4Addr::new(192, 168, 0, 0), 16),     // RFC 1918
    (Ipv4Addr::new(192, 0, 0, 0), 24),       // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24),       // TEST-NET-1
    (Ipv4Addr::new(192, 88, 99, 0), 24),     // 6to4 relay anycast
    (Ipv4Addr::new(198, 51, 100, 0), 24),    // TEST-NET-2
    (Ipv4Addr::new(203, 0, 113, 0), 24),     // TEST-NET-3
    (Ipv4Addr::new(240, 0, 0, 0), 4),        // reserved for future use
];

/// RFC 2544 benchmark range. Blocked by default, but fake-IP proxies (Clash, sing-box, Surge)
/// hand out answers from it for every public name, so `allowRfc2544BenchmarkRange` exempts it.
const RFC2544_BENCHMARK: Prefix<Ipv4Addr> = (Ipv4Addr::new(198, 18, 0, 0), 15);

/// IPv6 ranges that are never a public web destination. `2001:db8::/32` (documentation) is not
/// here: OpenClaw's classifier treats it as public, and so does this port.
const BLOCKED_V6: &[Prefix<Ipv6Addr>] = &[
    (Ipv6Addr::UNSPECIFIED, 128),
    (Ipv6Addr::LOCALHOST, 128),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10), // link-local
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),  // unique local
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),  // multicast
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10), // deprecated site-local, still routed by some stacks
];

/// `::ffff:a.b.c.d`: a dual-stack socket delivers these to the IPv4 address.
const V4_MAPPED: Prefix<Ipv6Addr> = (Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96);
/// `::ffff:0:a.b.c.d` (RFC 6145 "IPv4-translated"); OpenClaw extracts it too.
const V4_TRANSLATED: Prefix<Ipv6Addr> = (Ipv6Addr::new(0, 0, 0, 0, 0xffff, 0, 0, 0), 96);
/// `::a.b.c.d` (deprecated IPv4-compatible); some parsers still accept it.
const V4_COMPATIBLE: Prefix<Ipv6Addr> = (Ipv6Addr::UNSPECIFIED, 96);
/// NAT64 well-known prefix: a NAT64 gateway forwards to the IPv4 in the last 32 bits.
const NAT64: Prefix<Ipv6Addr> = (Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96);
/// NAT64 local-use prefix (RFC 8215); the IPv4 is taken from the last 32 bits anywhere in the
/// /48 (OpenClaw looks only at its /96 layout; checking the whole /48 can only block more).
const NAT64_LOCAL: Prefix<Ipv6Addr> = (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48);
/// 6to4: the relay IPv4 sits in bits 16..48.
const SIX_TO_FOUR: Prefix<Ipv6Addr> = (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16);
/// Teredo: the client's IPv4 is the last 32 bits, inverted.
const TEREDO: Prefix<Ipv6Addr> = (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32);

/// Whether an outbound fetch must refuse `ip` (unless the policy skips private checks).
///
/// IPv6 addresses are refused for their own range or for any IPv4 address they embed (mapped,
/// translated, compatible, NAT64, 6to4, Teredo, ISATAP) that IPv4 rules refuse, because a
/// dual-stack socket, translator or tunnel would deliver the packet to that IPv4 address.
/// `allow_rfc2544` exempts 198.18.0.0/15, embedded or not.
pub fn is_blocked_ip(ip: IpAddr, allow_rfc2544: bool) -> bool {
    match ip {
        IpAddr::V4(v4) => is_blocked_v4(v4, allow_rfc2544),
        IpAddr::V6(v6) => {
            BLOCKED_V6.iter().any(|range| in_v6(v6, *range))
                || embedded_ipv4(v6).any(|v4| is_blocked_v4(v4, allow_rfc2544))
        }
    }
}

fn is_blocked_v4(ip: Ipv4Addr, allow_rfc2544: bool) -> bool {
    BLOCKED_V4.iter().any(|range| in_v4(ip, *range)) || (!allow_rfc2544 && in_v4(ip, RFC2544_BENCHMARK))
}

/// The IPv4 addresses `ip` may carry, one per embedding whose shape it has.
fn embedded_ipv4(ip: Ipv6Addr) -> impl Iterator<Item = Ipv4Addr> {
    let bits = ip.to_bits();
    // Truncation is the point: the embedded address is a 32-bit slice of the 128.
    let last32 = bits as u32;
    let six_to_four = (bits >> 80) as u32;
    let segments = ip.segments();
    // ISATAP interface id `0000:5efe` (or with the universal/group bits set, `0200:5efe` etc.)
    // followed by the IPv4, under any prefix.
    let isatap = segments[4] & 0xfcff == 0 && segments[5] == 0x5efe;
    [
        in_v6(ip, V4_MAPPED).then_some(last32),
        in_v6(ip, V4_TRANSLATED).then_some(last32),
        in_v6(ip, V4_COMPATIBLE).then_some(last32),
        in_v6(ip, NAT64).then_some(last32),
        in_v6(ip, NAT64_LOCAL).then_some(last32),
        in_v6(ip, SIX_TO_FOUR).then_some(six_to_four),
        in_v6(ip, TEREDO).then_some(!last32),
        isatap.then_some(last32),
    ]
    .into_iter()
    .flatten()
    .map(Ipv4Addr::from_bits)
}

fn in_v4(ip: Ipv4Addr, (first, len): Prefix<Ipv4Addr>) -> bool {
    let mask = u32::MAX.checked_shl(32u32.saturating_sub(len)).unwrap_or(0);
    (ip.to_bits() ^ first.to_bits()) & mask == 0
}

fn in_v6(ip: Ipv6Addr, (first, len): Prefix<Ipv6Addr>) -> bool {
    let mask = u128::MAX.checked_shl(128u32.saturating_sub(len)).unwrap_or(0);
    (ip.to_bits() ^ first.to_bits()) & mask == 0
}

/// `host` (normalised, without brackets) as an IP address, if it is a canonical literal: four
/// dotted decimals without leading zeros, or any IPv6 text form `std` accepts (including an
/// embedded dotted quad, `::ffff:127.0.0.1`). Zone ids (`fe80::1%eth0`) are not literals.
pub(super) fn parse_ip_literal(host: &str) -> Option<IpAddr> {
    if host.contains(':') {
        host.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

/// Whether `host` (normalised, not a canonical literal) is an address in a form some resolver
/// would still turn into an IP: anything with a colon (a malformed IPv6 literal), or up to four
/// dot-separated parts that are all decimal or `0x`-prefixed (`0177.0.0.1`, `0x7f.1`, `127.1`,
/// `2130706433`, `1.2.3.256`) or that has an empty part (`1..2.3`). `getaddrinfo` and browsers
/// read the numeric forms as IPv4 (`127.1` is 127.0.0.1), so letting them through as names
/// would skip the address checks; OpenClaw refuses them outright.
pub(super) fn is_malformed_ip_literal(host: &str) -> bool {
    if host.contains(':') {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return false;
    }
    parts.iter().any(|part| part.is_empty()) || parts.iter().all(|part| is_numeric_ipv4_part(part))
}

fn is_numeric_ipv4_part(part: &str) -> bool {
    let hex_prefixed = part.get(..2).is_some_and(|prefix| prefix.eq_ignore_ascii_case("0x"));
    hex_prefixed || part.bytes().all(|b| b.is_ascii_digit())
}
