//! Who is really on the other end of a gateway request: the client IP behind trusted reverse
//! proxies, and whether a request counts as local (same host) for silent device pairing.
//!
//! The socket's peer address is the truth unless that peer is listed in `gateway.trustedProxies`;
//! only then are `X-Forwarded-For` (walked right to left, past trusted hops) and, with
//! `gateway.allowRealIpFallback`, `X-Real-IP` believed. A trusted proxy that sends no usable
//! client address yields no client IP at all rather than its own address, because falling back to
//! the proxy's (often loopback) address would make every proxied request look local. The socket
//! address and the headers are arguments; nothing here touches the network.

use std::net::IpAddr;

use ipnet::IpNet;

#[cfg(test)]
mod tests;

/// `gateway.trustedProxies`, parsed: exact addresses and CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    entries: Vec<ProxyEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProxyEntry {
    /// Stored canonical, so `::ffff:10.0.0.1` and `10.0.0.1` are the same proxy.
    Exact(IpAddr),
    Range(IpNet),
}

/// The outcome of [`TrustedProxies::parse`]: what will be trusted, and the entries that were not
/// understood (so `doctor` and the startup log can point at a typo instead of silently trusting
/// less than the operator meant).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedTrustedProxies {
    pub proxies: TrustedProxies,
    /// Non-blank entries that are neither an IP address nor a CIDR range, as written.
    pub ignored: Vec<String>,
}

impl TrustedProxies {
    /// Parses `gateway.trustedProxies`. Blank entries are skipped silently (config templates
    /// leave them); unparseable ones are skipped and reported in `ignored`.
    pub fn parse(entries: &[String]) -> ParsedTrustedProxies {
        let mut parsed = ParsedTrustedProxies::default();
        for raw in entries {
            let entry = raw.trim();
            if entry.is_empty() {
                continue;
            }
            match parse_proxy_entry(entry) {
                Some(entry) => parsed.proxies.entries.push(entry),
                None => parsed.ignored.push(raw.clone()),
            }
        }
        parsed
    }

    /// The proxies Tailscale Serve runs as: the local `tailscaled` on either loopback address.
    pub fn loopback() -> Self {
        Self {
            entries: vec![
                ProxyEntry::Exact(IpAddr::from([127, 0, 0, 1])),
                ProxyEntry::Exact(IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1])),
            ],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.entries.iter().any(|entry| match *entry {
            ProxyEntry::Exact(proxy) => proxy == ip,
            ProxyEntry::Range(net) => range_contains(net, ip),
        })
    }
}

fn parse_proxy_entry(entry: &str) -> Option<ProxyEntry> {
    if entry.contains('/') {
        entry.parse::<IpNet>().ok().map(ProxyEntry::Range)
    } else {
        parse_ip_literal_exact(entry).map(ProxyEntry::Exact)
    }
}

/// An IPv4 address against an IPv6 range is compared in its mapped form, so a range written as
/// `::ffff:10.0.0.0/104` covers `10.0.0.0/8`, as it does in OpenClaw.
fn range_contains(net: IpNet, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpNet::V4(net), IpAddr::V4(ip)) => net.contains(&ip),
        (IpNet::V6(net), IpAddr::V6(ip)) => net.contains(&ip),
        (IpNet::V6(net), IpAddr::V4(ip)) => net.contains(&ip.to_ipv6_mapped()),
        (IpNet::V4(_), IpAddr::V6(_)) => false,
    }
}

/// The forwarding headers of one request, as far as client attribution cares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProxyHeaders<'a> {
    /// `X-Forwarded-For` (the first one, if repeated).
    pub forwarded_for: Option<&'a str>,
    /// `X-Real-IP`.
    pub real_ip: Option<&'a str>,
    /// Any other header a proxy adds to speak for the client: `Forwarded`, `X-Forwarded-Proto`,
    /// `X-Forwarded-Host` and other `X-Forwarded-*`, or Tailscale's identity headers. Their mere
    /// presence matters: it means something in front of us is making claims.
    pub other_proxy_headers: bool,
}

/// Headers whose presence marks a request as having passed a proxy that asserts identity.
const TAILSCALE_OWNED_HEADERS: &[&str] = &[
    "tailscale-funnel-request",
    "tailscale-headers-info",
    "tailscale-user-login",
    "tailscale-user-name",
    "tailscale-user-profile-pic",
];

impl<'a> ProxyHeaders<'a> {
    /// Collects the forwarding headers from `(name, value)` pairs; names match case-insensitively
    /// and the first occurrence of a repeated header wins.
    pub fn from_headers<I>(headers: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut out = Self::default();
        for (name, value) in headers {
            let name = name.trim();
            if name.eq_ignore_ascii_case("x-forwarded-for") {
                out.forwarded_for.get_or_insert(value);
            } else if name.eq_ignore_ascii_case("x-real-ip") {
                out.real_ip.get_or_insert(value);
            } else if name.eq_ignore_ascii_case("forwarded")
                || starts_with_ignore_ascii_case(name, "x-forwarded-")
                || TAILSCALE_OWNED_HEADERS.iter().any(|owned| name.eq_ignore_ascii_case(owned))
            {
                out.other_proxy_headers = true;
            }
        }
        out
    }

    /// Whether any forwarding header is present, even an empty or malformed one.
    pub fn any(&self) -> bool {
        self.forwarded_for.is_some() || self.real_ip.is_some() || self.other_proxy_headers
    }
}

fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The client address of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp {
    /// The client's address, canonical (IPv4-mapped IPv6 as IPv4); `None` when a trusted proxy
    /// did not say who its client is, which callers treat as unknown and never as local.
    pub ip: Option<IpAddr>,
    /// The address came from a trusted proxy's headers rather than the socket.
    pub via_proxy: bool,
    /// An untrusted peer sent forwarding headers. Its socket address is still the client IP, but
    /// the request must not count as local: a same-host proxy that is not configured as trusted
    /// would otherwise make every client it forwards look like loopback.
    pub untrusted_proxy_headers: bool,
}

/// Resolves the client address of a request from socket peer `remote`.
///
/// From a trusted proxy, the rightmost `X-Forwarded-For` hop that is neither a trusted proxy nor
/// loopback is the client (entries that do not parse are skipped; `ip:port` and `[v6]:port` are
/// accepted); with no such hop, `X-Real-IP` is used only when `allow_real_ip_fallback`, else the
/// client is unknown. Loopback hops are skipped because a proxy's own loopback hop, or one a client
/// forged, must never turn a proxied request into a local one.
pub fn resolve_client_ip(
    remote: IpAddr,
    headers: &ProxyHeaders<'_>,
    trusted: &TrustedProxies,
    allow_real_ip_fallback: bool,
) -> ClientIp {
    let remote = remote.to_canonical();
    if !trusted.contains(remote) {
        return ClientIp { ip: Some(remote), via_proxy: false, untrusted_proxy_headers: headers.any() };
    }
    let forwarded = headers.forwarded_for.and_then(|chain| rightmost_untrusted_hop(chain, trusted));
    let ip = match forwarded {
        Some(hop) => Some(hop),
        None if allow_real_ip_fallback => headers.real_ip.and_then(parse_ip_literal),
        None => None,
    };
    ClientIp { ip, via_proxy: true, untrusted_proxy_headers: false }
}

fn rightmost_untrusted_hop(chain: &str, trusted: &TrustedProxies) -> Option<IpAddr> {
    chain.rsplit(',').filter_map(parse_ip_literal).find(|hop| !hop.is_loopback() && !trusted.contains(*hop))
}

/// Whether a request comes from this host: a loopback peer, or one of the host's own tailnet
/// addresses (`host_tailnet_addrs`), with no forwarding headers at all.
///
/// Any forwarding header disqualifies, whoever sent it: a request that passed a proxy (trusted or
/// not) speaks for some other client, and only a direct same-host connection earns silent device
/// pairing. Other tailnet peers are remote.
pub fn is_local_client(remote: IpAddr, headers: &ProxyHeaders<'_>, host_tailnet_addrs: &[IpAddr]) -> bool {
    if headers.any() {
        return false;
    }
    let remote = remote.to_canonical();
    remote.is_loopback() || host_tailnet_addrs.iter().any(|own| own.to_canonical() == remote)
}

/// Whether `ip` is a loopback address, counting IPv4-mapped forms such as `::ffff:127.0.0.1`.
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Parses one address as it appears in a forwarding header: surrounding space, `[v6]`,
/// `[v6]:port` and `v4:port` are accepted; the result is canonical. Only canonical literals
/// parse (four dotted decimals for IPv4), so `0x7f.1` or `127.1` never reach a trust decision.
pub fn parse_ip_literal(raw: &str) -> Option<IpAddr> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    parse_ip_literal_exact(strip_optional_port(trimmed))
}

fn strip_optional_port(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix('[')
        && let Some(end) = rest.find(']')
    {
        return &rest[..end];
    }
    if text.parse::<IpAddr>().is_ok() {
        return text;
    }
    // `1.2.3.4:5678`: exactly one colon and a dot before it. IPv6 without brackets has several
    // colons and is taken as written.
    match text.split_once(':') {
        Some((host, port))
            if !port.contains(':') && host.contains('.') && host.parse::<std::net::Ipv4Addr>().is_ok() =>
        {
            host
        }
        _ => text,
    }
}

/// A bare address (optionally in brackets), canonical.
fn parse_ip_literal_exact(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    let text = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(text);
    text.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}
