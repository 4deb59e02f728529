//! Which browser pages may open a gateway WebSocket (or make a browser-originated HTTP call): the
//! `Origin` header against `gateway.controlUi.allowedOrigins`, the opt-in Host-header fallback,
//! same-origin pages on private hosts, and loopback pages for local clients.
//!
//! A browser attaches `Origin` to every cross-site WebSocket, so this is what stops a web page the
//! user happens to visit from driving their gateway with the user's network position (CSRF, DNS
//! rebinding). Rules and reason strings follow OpenClaw 2026.9.6 `checkBrowserOrigin`; a missing,
//! `null` or unparseable origin is refused.

use std::net::IpAddr;

use super::client_ip::parse_ip_literal;

#[cfg(test)]
mod tests;

/// The message a refused WebSocket connect carries (close 1008).
pub const ORIGIN_NOT_ALLOWED_MESSAGE: &str =
    "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)";

/// The connect error `details.code` for a refused origin.
pub const ORIGIN_NOT_ALLOWED_DETAIL_CODE: &str = "CONTROL_UI_ORIGIN_NOT_ALLOWED";

/// Which rule admitted an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginMatch {
    /// Listed in `gateway.controlUi.allowedOrigins` (or the list holds `*`).
    Allowlist,
    /// `gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback` and origin host == `Host`.
    HostHeaderFallback,
    /// Origin host == `Host`, and that host is a private/loopback IP, `*.local` or `*.ts.net`:
    /// the page was served by this gateway on a name an outside site cannot rebind.
    PrivateSameOrigin,
    /// A local client's page on a loopback host.
    LocalLoopback,
}

impl OriginMatch {
    /// OpenClaw's `matchedBy` value, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowlist => "allowlist",
            Self::HostHeaderFallback => "host-header-fallback",
            Self::PrivateSameOrigin => "private-same-origin",
            Self::LocalLoopback => "local-loopback",
        }
    }
}

/// An admitted origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginOk {
    /// Lowercase `scheme://host[:port]`, default port dropped.
    pub origin: String,
    pub matched_by: OriginMatch,
}

/// A refused origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OriginDenied {
    #[error("origin missing or invalid")]
    MissingOrInvalid,
    #[error("origin not allowed")]
    NotAllowed,
}

impl OriginDenied {
    /// The short reason OpenClaw logs and puts in `details.reason`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::MissingOrInvalid => "origin missing or invalid",
            Self::NotAllowed => "origin not allowed",
        }
    }
}

/// Whether a WebSocket handshake must pass [`check_origin`]: any request carrying an `Origin`
/// (something in a browser opened it), and browser clients (Control UI, webchat) always.
pub fn origin_check_required(origin: Option<&str>, client_is_browser_ui: bool) -> bool {
    client_is_browser_ui || origin.is_some_and(|o| !o.trim().is_empty())
}

/// Checks a request's `Origin` against the configured policy.
///
/// `host_header` is the request's `Host`; `allowed` is `gateway.controlUi.allowedOrigins`;
/// `is_local_client` says the request came straight from this host (see
/// [`super::client_ip::is_local_client`]). Rules, first match wins: allowlist (`*` allows all),
/// Host-header fallback when enabled, same origin on a private host, a local client's page on a
/// loopback host.
pub fn check_origin(
    origin: Option<&str>,
    host_header: Option<&str>,
    allowed: &[String],
    allow_host_header_fallback: bool,
    is_local_client: bool,
) -> Result<OriginOk, OriginDenied> {
    let parsed = origin.and_then(parse_origin).ok_or(OriginDenied::MissingOrInvalid)?;
    let ok = |matched_by| Ok(OriginOk { origin: parsed.origin.clone(), matched_by });
    let listed =
        allowed.iter().map(|entry| entry.trim().to_lowercase()).any(|entry| entry == "*" || entry == parsed.origin);
    if listed {
        return ok(OriginMatch::Allowlist);
    }
    let request_host = host_header.map(|h| h.trim().to_lowercase()).filter(|h| !h.is_empty());
    let same_host = request_host.as_deref().is_some_and(|host| host == parsed.host);
    if allow_host_header_fallback && same_host {
        return ok(OriginMatch::HostHeaderFallback);
    }
    if same_host && request_host.as_deref().is_some_and(|host| trusted_same_origin_host(host, is_local_client)) {
        return ok(OriginMatch::PrivateSameOrigin);
    }
    if is_local_client && is_loopback_host(&parsed.hostname) {
        return ok(OriginMatch::LocalLoopback);
    }
    Err(OriginDenied::NotAllowed)
}

/// An origin taken apart; all fields lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParsedOrigin {
    /// `scheme://host[:port]`.
    origin: String,
    /// `host[:port]`, IPv6 in brackets, default port dropped.
    host: String,
    /// The host without port or brackets.
    hostname: String,
}

/// Parses `scheme://host[:port]` with at most a trailing `/`. Paths, queries, fragments,
/// credentials, backslashes and `null` are refused: a real browser `Origin` has none of them.
fn parse_origin(raw: &str) -> Option<ParsedOrigin> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return None;
    }
    let (scheme, rest) = trimmed.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && scheme_chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '.' | '-'));
    if !scheme_ok {
        return None;
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '\\', '@']) {
        return None;
    }
    let authority = authority.to_lowercase();
    let (hostname, port) = split_authority(&authority)?;
    let port = port.filter(|port| Some(*port) != default_port(&scheme));
    let host_part = if hostname.contains(':') { format!("[{hostname}]") } else { hostname.to_owned() };
    let host = match port {
        Some(port) => format!("{host_part}:{port}"),
        None => host_part,
    };
    Some(ParsedOrigin { origin: format!("{scheme}://{host}"), host, hostname: hostname.to_owned() })
}

/// Splits `host[:port]` / `[v6][:port]`, validating both parts.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (hostname, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        match after {
            "" => (inside, None),
            _ => (inside, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host_ok = !hostname.is_empty()
        && (hostname.contains(':')
            || hostname.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')));
    if !host_ok {
        return None;
    }
    let port = match port {
        None | Some("") => None,
        Some(digits) if digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse::<u16>().ok()?)
        }
        Some(_) => return None,
    };
    Some((hostname, port))
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// `localhost` (trailing dots ignored) or a loopback IP literal, brackets allowed.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().to_lowercase();
    if host.trim_end_matches('.') == "localhost" {
        return true;
    }
    let unbracketed = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(&host);
    unbracketed.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// The host name of a `Host` header: brackets and port removed, lowercase.
fn host_header_name(host_header: &str) -> &str {
    if let Some(rest) = host_header.strip_prefix('[') {
        return rest.split_once(']').map_or(rest, |(inside, _)| inside);
    }
    if host_header.parse::<std::net::Ipv6Addr>().is_ok() {
        return host_header;
    }
    host_header.split(':').next().unwrap_or_default()
}

/// A `Host` the gateway may treat as its own same-origin page: loopback (for local clients), a
/// private or loopback IP literal, or a `.local` / `.ts.net` name.
fn trusted_same_origin_host(host_header: &str, is_local_client: bool) -> bool {
    let hostname = host_header_name(host_header);
    if hostname.is_empty() {
        return false;
    }
    if is_loopback_host(hostname) {
        return is_local_client;
    }
    if let Some(ip) = parse_ip_literal(hostname) {
        return is_private_or_loopback(ip);
    }
    hostname.ends_with(".local") || hostname.ends_with(".ts.net")
}

/// RFC 1918, link-local, carrier-grade NAT (which includes the tailnet) and loopback for IPv4;
/// loopback, unique-local, link-local and the old site-local range for IPv6.
fn is_private_or_loopback(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback() || v4.is_private() || v4.is_link_local() || (a == 100 && (b & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 || (first & 0xffc0) == 0xfec0
        }
    }
}
