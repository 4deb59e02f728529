//! Gateway WebSocket URLs: where to connect, and whether a plaintext `ws://` URL is safe to send
//! credentials over. The rule is OpenClaw's: `wss://` always; `ws://` only to loopback, private
//! (RFC 1918 / ULA / link-local) addresses and `.local` / `.ts.net` names, because anything else
//! would expose the shared secret and chat data on the network.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The parts of a `ws://` / `wss://` URL the client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsUrl {
    pub tls: bool,
    /// Host without IPv6 brackets, lowercased.
    pub host: String,
    pub port: u16,
}

/// Parses `ws[s]://host[:port][/path]`; `None` for anything else.
pub fn parse(url: &str) -> Option<WsUrl> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let tls = match scheme.to_ascii_lowercase().as_str() {
        "ws" => false,
        "wss" => true,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    // Credentials in the URL are not ours to interpret; only the host part matters here.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let default_port = if tls { 443 } else { 80 };
    let (host, port) = if let Some(inner) = host_port.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => default_port,
            None => return None,
        };
        (host, port)
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (host_port, default_port),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some(WsUrl { tls, host: host.to_ascii_lowercase(), port })
}

/// `localhost`, `127.0.0.0/8`, `::1` and IPv4-mapped loopback.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_matches(['[', ']']).trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        Err(_) => false,
    }
}

/// Whether `url` points at this machine's loopback interface.
pub fn is_loopback_url(url: &str) -> bool {
    parse(url).is_some_and(|u| is_loopback_host(&u.host))
}

/// Whether credentials may travel over `url`: `wss://`, or `ws://` to a host that stays on a
/// trusted network. `allow_private_ws` is the `OPENCLAW_ALLOW_INSECURE_PRIVATE_WS=1` break-glass,
/// which also admits plain host names.
pub fn is_secure(url: &str, allow_private_ws: bool) -> bool {
    let Some(parsed) = parse(url) else { return false };
    if parsed.tls {
        return true;
    }
    let host = parsed.host.trim_end_matches('.');
    if is_loopback_host(host) || is_private_host(host) || host.ends_with(".local") || host.ends_with(".ts.net") {
        return true;
    }
    allow_private_ws && host.parse::<IpAddr>().is_err()
}

fn is_private_host(host: &str) -> bool {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => is_private_v4(ip),
        Ok(IpAddr::V6(ip)) => is_private_v6(ip),
        Err(_) => false,
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    // 100.64/10 is carrier-grade NAT, which is where Tailscale hands out addresses.
    ip.is_private() || ip.is_loopback() || ip.is_link_local() || (a == 100 && (64..128).contains(&b))
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(is_private_v4)
}
