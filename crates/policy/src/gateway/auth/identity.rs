//! Identity asserted by something in front of the gateway: an identity-aware reverse proxy
//! (`trusted-proxy` mode) or Tailscale Serve (`allowTailscale`).
//!
//! Both are header claims, so both are believed only from the right peer: a trusted proxy must be
//! in `gateway.trustedProxies`, not loopback unless `allowLoopback`, and not one of this host's
//! own addresses (a local process could otherwise claim any user); Tailscale Serve must be the
//! loopback peer and its claimed login must match what `tailscale whois` says about the real
//! client address. The gateway runs `whois` itself and passes the answer in.

#[cfg(test)]
mod tests;

use std::net::IpAddr;

use super::{AuthFailure, AuthFailureReason as R, AuthMode, PresentedAuth, ResolvedGatewayAuth};
use crate::gateway::client_ip::{ProxyHeaders, TrustedProxies, resolve_client_ip};

/// The surface a request authenticates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthSurface {
    /// The HTTP API (`/v1/*`, `/tools/invoke`, plugin routes): shared secret or trusted proxy only.
    Http,
    /// Read-only Control UI HTTP requests.
    HttpControlUiRead,
    /// The WebSocket control plane.
    WebSocket,
}

/// A request as the trusted-proxy check sees it.
#[derive(Debug, Clone, Copy)]
pub struct TrustedProxyRequest<'a> {
    /// The socket peer.
    pub remote: IpAddr,
    /// All request headers as `(name, value)`; names match case-insensitively.
    pub headers: &'a [(&'a str, &'a str)],
    /// `gateway.trustedProxies`.
    pub trusted_proxies: &'a TrustedProxies,
    /// `gateway.allowRealIpFallback`.
    pub allow_real_ip_fallback: bool,
    /// This host's own interface addresses.
    pub host_addrs: &'a [IpAddr],
}

/// A user the trusted proxy vouched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyIdentity {
    pub user: String,
    /// The real client behind the proxy.
    pub client_ip: IpAddr,
}

/// Checks a `trusted-proxy` mode request and extracts the user the proxy authenticated.
pub fn authorize_trusted_proxy(
    auth: &ResolvedGatewayAuth,
    request: &TrustedProxyRequest<'_>,
) -> Result<ProxyIdentity, AuthFailure> {
    if auth.mode != AuthMode::TrustedProxy {
        return Err(R::Unauthorized.into());
    }
    let config = auth.trusted_proxy.as_ref().ok_or(R::TrustedProxyConfigMissing)?;
    if request.trusted_proxies.is_empty() {
        return Err(R::TrustedProxyNoProxiesConfigured.into());
    }
    let remote = request.remote.to_canonical();
    if !request.trusted_proxies.contains(remote) {
        return Err(R::TrustedProxyUntrustedSource.into());
    }
    if remote.is_loopback() {
        if !config.allow_loopback {
            return Err(R::TrustedProxyLoopbackSource.into());
        }
    } else if request.host_addrs.iter().any(|own| own.to_canonical() == remote) {
        return Err(R::TrustedProxyLocalInterfaceSource.into());
    }
    for required in &config.required_headers {
        if non_blank_header(request.headers, required).is_none() {
            return Err(R::TrustedProxyMissingHeader(required.clone()).into());
        }
    }
    let user = non_blank_header(request.headers, &config.user_header).ok_or(R::TrustedProxyUserMissing)?;
    if !config.allow_users.is_empty() && !config.allow_users.iter().any(|allowed| allowed == user) {
        return Err(R::TrustedProxyUserNotAllowed.into());
    }
    // The proxy must also say who its client is (a non-loopback address), or rate limits and
    // pairing would be keyed on the proxy itself.
    let proxy_headers = ProxyHeaders::from_headers(request.headers.iter().copied());
    let client = resolve_client_ip(remote, &proxy_headers, request.trusted_proxies, request.allow_real_ip_fallback);
    let client_ip = client.ip.filter(|ip| !ip.is_loopback()).ok_or(R::ProxyAttributionRequired)?;
    Ok(ProxyIdentity { user: user.to_owned(), client_ip })
}

/// The headers Tailscale Serve adds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TailscaleHeaders<'a> {
    /// `Tailscale-User-Login`.
    pub user_login: Option<&'a str>,
    /// `Tailscale-User-Name`.
    pub user_name: Option<&'a str>,
    /// `Tailscale-Funnel-Request`: set for internet (Funnel) traffic, which carries no identity.
    pub funnel_request: Option<&'a str>,
    pub forwarded_for: Option<&'a str>,
    pub forwarded_proto: Option<&'a str>,
    pub forwarded_host: Option<&'a str>,
}

impl<'a> TailscaleHeaders<'a> {
    pub fn from_headers(headers: &[(&'a str, &'a str)]) -> Self {
        let get = |name| header(headers, name);
        Self {
            user_login: get("tailscale-user-login"),
            user_name: get("tailscale-user-name"),
            funnel_request: get("tailscale-funnel-request"),
            forwarded_for: get("x-forwarded-for"),
            forwarded_proto: get("x-forwarded-proto"),
            forwarded_host: get("x-forwarded-host"),
        }
    }
}

/// A Tailscale user verified with `tailscale whois`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailscaleIdentity {
    /// The login as `whois` reports it.
    pub login: String,
    pub name: String,
}

/// Whether Tailscale identity headers may authenticate this request: only on the WebSocket and
/// Control UI reads (never the HTTP API), only when `allowTailscale`, only for clients not
/// connecting directly from this host, and only when the client did not present a secret of its
/// own. Modes `none` and `trusted-proxy` have their own rules.
pub fn tailscale_header_auth_applies(
    auth: &ResolvedGatewayAuth,
    surface: AuthSurface,
    local_direct: bool,
    presented: &PresentedAuth<'_>,
) -> bool {
    auth.allow_tailscale
        && matches!(surface, AuthSurface::WebSocket | AuthSurface::HttpControlUiRead)
        && !local_direct
        && !presented.has_explicit_secret()
        && matches!(auth.mode, AuthMode::Token | AuthMode::Password)
}

/// Step one of Tailscale auth: the client address to ask `tailscale whois` about.
///
/// The request must claim a login and come from the loopback peer with Serve's
/// `X-Forwarded-For/-Proto/-Host`; Funnel traffic is refused (it is anonymous internet traffic).
/// The client is the rightmost non-loopback `X-Forwarded-For` hop.
pub fn tailscale_whois_target(remote: IpAddr, headers: &TailscaleHeaders<'_>) -> Result<IpAddr, AuthFailure> {
    non_blank(headers.user_login).ok_or(R::TailscaleUserMissing)?;
    let serve_headers = [headers.forwarded_for, headers.forwarded_proto, headers.forwarded_host]
        .iter()
        .all(|value| value.is_some_and(|v| !v.is_empty()));
    if !remote.to_canonical().is_loopback() || !serve_headers || headers.funnel_request.is_some() {
        return Err(R::TailscaleProxyMissing.into());
    }
    let proxy_headers = ProxyHeaders { forwarded_for: headers.forwarded_for, ..ProxyHeaders::default() };
    let client = resolve_client_ip(remote, &proxy_headers, &TrustedProxies::loopback(), false);
    client.ip.filter(|ip| !ip.is_loopback()).ok_or_else(|| R::TailscaleWhoisFailed.into())
}

/// Step two: compares the claimed login with `tailscale whois` (`whois_login` is `None` when the
/// lookup failed). Logins compare trimmed and case-insensitively.
pub fn authorize_tailscale(
    header_login: Option<&str>,
    whois_login: Option<&str>,
    whois_name: Option<&str>,
) -> Result<TailscaleIdentity, AuthFailure> {
    let claimed = non_blank(header_login).ok_or(R::TailscaleUserMissing)?;
    let verified = non_blank(whois_login).ok_or(R::TailscaleWhoisFailed)?;
    if claimed.to_lowercase() != verified.to_lowercase() {
        return Err(R::TailscaleUserMismatch.into());
    }
    let name = non_blank(whois_name).unwrap_or(verified);
    Ok(TailscaleIdentity { login: verified.to_owned(), name: name.to_owned() })
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The first header called `name` (case-insensitive).
fn header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(candidate, _)| candidate.trim().eq_ignore_ascii_case(name.trim())).map(|(_, value)| *value)
}

fn non_blank_header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    non_blank(header(headers, name))
}
