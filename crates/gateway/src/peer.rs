//! Who is on the other end of a request: the socket address, the client IP after applying
//! `gateway.trustedProxies`, and whether it counts as local (for device auto-approval and the
//! loopback rate-limit exemption). Computed once per HTTP request or WebSocket upgrade.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use openclaw_policy::gateway::client_ip::{ProxyHeaders, is_local_client, resolve_client_ip};

use crate::runtime::Runtime;

/// Facts about the caller of one request.
#[derive(Debug, Clone)]
pub struct Peer {
    pub remote: SocketAddr,
    /// `None` when a trusted proxy sent no usable client address (fail closed: not local).
    pub client_ip: Option<IpAddr>,
    pub via_proxy: bool,
    pub has_proxy_headers: bool,
    pub is_local: bool,
    /// The socket peer itself is loopback (regardless of headers).
    pub remote_is_loopback: bool,
    pub host: Option<String>,
    pub origin: Option<String>,
}

impl Peer {
    pub fn from_request(
        remote: SocketAddr,
        headers: &HeaderMap,
        runtime: &Runtime,
        own_tailnet_ips: &[IpAddr],
    ) -> Peer {
        let pairs: Vec<(&str, &str)> =
            headers.iter().filter_map(|(name, value)| value.to_str().ok().map(|v| (name.as_str(), v))).collect();
        let proxy = ProxyHeaders::from_headers(pairs.iter().copied());
        let gateway = &runtime.config.gateway;
        let resolved = resolve_client_ip(remote.ip(), &proxy, &runtime.trusted_proxies, gateway.allow_real_ip_fallback);
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Peer {
            remote,
            client_ip: resolved.ip,
            via_proxy: resolved.via_proxy,
            has_proxy_headers: proxy.any(),
            is_local: is_local_client(remote.ip(), &proxy, own_tailnet_ips),
            remote_is_loopback: remote.ip().to_canonical().is_loopback(),
            host: text("host"),
            origin: text("origin"),
        }
    }

    /// Straight from this host: a loopback peer and no forwarding headers. Stricter than
    /// `is_local` (which also admits this host's tailnet address, for device pairing); the
    /// trusted-proxy password fallback, Tailscale header auth and the canvas use this one.
    pub fn is_local_direct(&self) -> bool {
        self.remote_is_loopback && !self.has_proxy_headers
    }

    /// The rate-limit key: the client IP, or "unknown" when there is none.
    pub fn limiter_ip(&self) -> Option<IpAddr> {
        self.client_ip
    }
}
