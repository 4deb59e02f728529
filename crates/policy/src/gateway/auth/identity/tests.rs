//! Trusted-proxy and Tailscale identity rules, one table row per rule.

use std::net::IpAddr;

use super::*;
use crate::gateway::auth::{AuthFailureReason, TailscaleMode, TrustedProxyAuth};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn proxy_auth(config: TrustedProxyAuth) -> ResolvedGatewayAuth {
    ResolvedGatewayAuth {
        mode: AuthMode::TrustedProxy,
        token: None,
        password: None,
        allow_tailscale: false,
        tailscale_mode: TailscaleMode::Off,
        trusted_proxy: Some(config),
        blank_token_configured: false,
        blank_password_configured: false,
    }
}

fn pomerium() -> TrustedProxyAuth {
    TrustedProxyAuth {
        user_header: "X-Pomerium-Claim-Email".to_owned(),
        required_headers: vec!["x-forwarded-proto".to_owned()],
        allow_users: vec!["nick@example.com".to_owned()],
        allow_loopback: false,
    }
}

fn trusted(entries: &[&str]) -> TrustedProxies {
    TrustedProxies::parse(&entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>()).proxies
}

const GOOD_HEADERS: &[(&str, &str)] = &[
    ("x-pomerium-claim-email", " nick@example.com "),
    ("X-Forwarded-Proto", "https"),
    ("X-Forwarded-For", "198.51.100.4"),
];

#[test]
fn trusted_proxy_rules() {
    use AuthFailureReason as R;
    let proxies = trusted(&["10.0.0.1", "127.0.0.1"]);
    let no_proxies = TrustedProxies::default();
    let host_addrs = [ip("10.0.0.1")];
    let lan_host = [ip("192.168.1.20")];
    let loopback_allowed = TrustedProxyAuth { allow_loopback: true, ..pomerium() };
    let anyone = TrustedProxyAuth { allow_users: vec![], ..pomerium() };
    let request =
        |remote: &str, headers: &'static [(&'static str, &'static str)], proxies, host_addrs| TrustedProxyRequest {
            remote: ip(remote),
            headers,
            trusted_proxies: proxies,
            allow_real_ip_fallback: false,
            host_addrs,
        };
    let cases: Vec<(&str, TrustedProxyAuth, TrustedProxyRequest<'_>, Result<&str, AuthFailureReason>)> = vec![
        (
            "a vouched, allowed user",
            pomerium(),
            request("10.0.0.1", GOOD_HEADERS, &proxies, &lan_host),
            Ok("nick@example.com"),
        ),
        (
            "no trusted proxies configured",
            pomerium(),
            request("10.0.0.1", GOOD_HEADERS, &no_proxies, &lan_host),
            Err(R::TrustedProxyNoProxiesConfigured),
        ),
        (
            "a peer that is not a trusted proxy",
            pomerium(),
            request("10.0.0.2", GOOD_HEADERS, &proxies, &lan_host),
            Err(R::TrustedProxyUntrustedSource),
        ),
        (
            "a loopback proxy needs allowLoopback",
            pomerium(),
            request("127.0.0.1", GOOD_HEADERS, &proxies, &lan_host),
            Err(R::TrustedProxyLoopbackSource),
        ),
        (
            "a loopback proxy with allowLoopback",
            loopback_allowed,
            request("127.0.0.1", GOOD_HEADERS, &proxies, &lan_host),
            Ok("nick@example.com"),
        ),
        (
            "a proxy on this host's own address",
            pomerium(),
            request("10.0.0.1", GOOD_HEADERS, &proxies, &host_addrs),
            Err(R::TrustedProxyLocalInterfaceSource),
        ),
        (
            "a required header is missing",
            pomerium(),
            request(
                "10.0.0.1",
                &[("x-pomerium-claim-email", "nick@example.com"), ("x-forwarded-for", "198.51.100.4")],
                &proxies,
                &lan_host,
            ),
            Err(R::TrustedProxyMissingHeader("x-forwarded-proto".to_owned())),
        ),
        (
            "a blank required header counts as missing",
            pomerium(),
            request(
                "10.0.0.1",
                &[("x-pomerium-claim-email", "nick@example.com"), ("x-forwarded-proto", " ")],
                &proxies,
                &lan_host,
            ),
            Err(R::TrustedProxyMissingHeader("x-forwarded-proto".to_owned())),
        ),
        (
            "no user header",
            pomerium(),
            request(
                "10.0.0.1",
                &[("x-forwarded-proto", "https"), ("x-forwarded-for", "198.51.100.4")],
                &proxies,
                &lan_host,
            ),
            Err(R::TrustedProxyUserMissing),
        ),
        (
            "a user outside allowUsers",
            pomerium(),
            request(
                "10.0.0.1",
                &[
                    ("x-pomerium-claim-email", "eve@example.com"),
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-for", "198.51.100.4"),
                ],
                &proxies,
                &lan_host,
            ),
            Err(R::TrustedProxyUserNotAllowed),
        ),
        (
            "allowUsers is case-sensitive",
            pomerium(),
            request(
                "10.0.0.1",
                &[
                    ("x-pomerium-claim-email", "Nick@example.com"),
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-for", "198.51.100.4"),
                ],
                &proxies,
                &lan_host,
            ),
            Err(R::TrustedProxyUserNotAllowed),
        ),
        (
            "an empty allowUsers admits any vouched user",
            anyone,
            request(
                "10.0.0.1",
                &[
                    ("x-pomerium-claim-email", "eve@example.com"),
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-for", "198.51.100.4"),
                ],
                &proxies,
                &lan_host,
            ),
            Ok("eve@example.com"),
        ),
        (
            "the proxy must name its client",
            pomerium(),
            request(
                "10.0.0.1",
                &[("x-pomerium-claim-email", "nick@example.com"), ("x-forwarded-proto", "https")],
                &proxies,
                &lan_host,
            ),
            Err(R::ProxyAttributionRequired),
        ),
        (
            "a loopback client behind the proxy is not attributable",
            pomerium(),
            request(
                "10.0.0.1",
                &[
                    ("x-pomerium-claim-email", "nick@example.com"),
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-for", "127.0.0.1"),
                ],
                &proxies,
                &lan_host,
            ),
            Err(R::ProxyAttributionRequired),
        ),
    ];
    for (rule, config, request, expected) in cases {
        let got = authorize_trusted_proxy(&proxy_auth(config), &request);
        assert_eq!(got.as_ref().map(|id| id.user.as_str()).map_err(|f| f.reason.clone()), expected, "{rule}");
        if let Ok(identity) = got {
            assert_eq!(identity.client_ip, ip("198.51.100.4"), "{rule}");
        }
    }
}

#[test]
fn trusted_proxy_checks_need_the_mode_and_its_config() {
    let proxies = trusted(&["10.0.0.1"]);
    let request = TrustedProxyRequest {
        remote: ip("10.0.0.1"),
        headers: GOOD_HEADERS,
        trusted_proxies: &proxies,
        allow_real_ip_fallback: false,
        host_addrs: &[],
    };
    let missing = ResolvedGatewayAuth { trusted_proxy: None, ..proxy_auth(pomerium()) };
    assert_eq!(
        authorize_trusted_proxy(&missing, &request).map_err(|f| f.reason),
        Err(AuthFailureReason::TrustedProxyConfigMissing)
    );
    let token_mode = ResolvedGatewayAuth { mode: AuthMode::Token, ..proxy_auth(pomerium()) };
    assert_eq!(
        authorize_trusted_proxy(&token_mode, &request).map_err(|f| f.reason),
        Err(AuthFailureReason::Unauthorized)
    );
}

fn serve_headers(login: Option<&'static str>, xff: Option<&'static str>) -> TailscaleHeaders<'static> {
    TailscaleHeaders {
        user_login: login,
        user_name: None,
        funnel_request: None,
        forwarded_for: xff,
        forwarded_proto: Some("https"),
        forwarded_host: Some("gw.tail1234.ts.net"),
    }
}

#[test]
fn tailscale_whois_target_rules() {
    use AuthFailureReason as R;
    let funnel =
        TailscaleHeaders { funnel_request: Some("?1"), ..serve_headers(Some("nick@github"), Some("100.64.0.7")) };
    let no_host = TailscaleHeaders { forwarded_host: None, ..serve_headers(Some("nick@github"), Some("100.64.0.7")) };
    for (rule, remote, headers, expected) in [
        (
            "Serve on loopback with a login",
            "127.0.0.1",
            serve_headers(Some("nick@github"), Some("100.64.0.7")),
            Ok(ip("100.64.0.7")),
        ),
        (
            "IPv6 loopback works too",
            "::1",
            serve_headers(Some("nick@github"), Some("127.0.0.1, 100.64.0.7")),
            Ok(ip("100.64.0.7")),
        ),
        ("no login header", "127.0.0.1", serve_headers(None, Some("100.64.0.7")), Err(R::TailscaleUserMissing)),
        (
            "a blank login header",
            "127.0.0.1",
            serve_headers(Some("  "), Some("100.64.0.7")),
            Err(R::TailscaleUserMissing),
        ),
        (
            "not from loopback",
            "192.168.1.9",
            serve_headers(Some("nick@github"), Some("100.64.0.7")),
            Err(R::TailscaleProxyMissing),
        ),
        ("Serve headers incomplete", "127.0.0.1", no_host, Err(R::TailscaleProxyMissing)),
        ("Funnel traffic carries no identity", "127.0.0.1", funnel, Err(R::TailscaleProxyMissing)),
        (
            "a loopback client cannot be looked up",
            "127.0.0.1",
            serve_headers(Some("nick@github"), Some("127.0.0.1")),
            Err(R::TailscaleWhoisFailed),
        ),
        (
            "a garbage client cannot be looked up",
            "127.0.0.1",
            serve_headers(Some("nick@github"), Some("nope")),
            Err(R::TailscaleWhoisFailed),
        ),
    ] {
        assert_eq!(tailscale_whois_target(ip(remote), &headers).map_err(|f| f.reason), expected, "{rule}");
    }
}

#[test]
fn tailscale_identity_rules() {
    use AuthFailureReason as R;
    let identity = |login: &str, name: &str| TailscaleIdentity { login: login.to_owned(), name: name.to_owned() };
    for (rule, header, whois, name, expected) in [
        (
            "matching logins",
            Some("nick@github"),
            Some("nick@github"),
            Some("Nick"),
            Ok(identity("nick@github", "Nick")),
        ),
        (
            "case and space are ignored",
            Some(" Nick@GitHub "),
            Some("nick@github"),
            None,
            Ok(identity("nick@github", "nick@github")),
        ),
        ("whois failed", Some("nick@github"), None, None, Err(R::TailscaleWhoisFailed)),
        ("whois names someone else", Some("nick@github"), Some("eve@github"), None, Err(R::TailscaleUserMismatch)),
        ("no claimed login", None, Some("nick@github"), None, Err(R::TailscaleUserMissing)),
    ] {
        assert_eq!(authorize_tailscale(header, whois, name).map_err(|f| f.reason), expected, "{rule}");
    }
}

#[test]
fn tailscale_headers_are_read_case_insensitively() {
    let headers = [
        ("Tailscale-User-Login", "nick@github"),
        ("Tailscale-User-Name", "Nick"),
        ("X-Forwarded-For", "100.64.0.7"),
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "gw.ts.net"),
    ];
    let parsed = TailscaleHeaders::from_headers(&headers);
    assert_eq!(parsed.user_login, Some("nick@github"));
    assert_eq!(parsed.user_name, Some("Nick"));
    assert_eq!(parsed.funnel_request, None);
    assert_eq!(tailscale_whois_target(ip("127.0.0.1"), &parsed).map_err(|f| f.reason), Ok(ip("100.64.0.7")));
}

#[test]
fn tailscale_header_auth_applies_only_where_the_reference_allows_it() {
    let serve = ResolvedGatewayAuth {
        allow_tailscale: true,
        tailscale_mode: TailscaleMode::Serve,
        mode: AuthMode::Token,
        ..proxy_auth(pomerium())
    };
    let nothing = PresentedAuth::default();
    let token = PresentedAuth { token: Some("tok"), password: None };
    assert!(tailscale_header_auth_applies(&serve, AuthSurface::WebSocket, false, &nothing));
    assert!(tailscale_header_auth_applies(&serve, AuthSurface::HttpControlUiRead, false, &nothing));
    assert!(!tailscale_header_auth_applies(&serve, AuthSurface::Http, false, &nothing), "never the HTTP API");
    assert!(!tailscale_header_auth_applies(&serve, AuthSurface::WebSocket, true, &nothing), "not for local clients");
    assert!(
        !tailscale_header_auth_applies(&serve, AuthSurface::WebSocket, false, &token),
        "not over a presented secret"
    );
    let disallowed = ResolvedGatewayAuth { allow_tailscale: false, ..serve.clone() };
    assert!(!tailscale_header_auth_applies(&disallowed, AuthSurface::WebSocket, false, &nothing));
    let none = ResolvedGatewayAuth { mode: AuthMode::None, ..serve };
    assert!(!tailscale_header_auth_applies(&none, AuthSurface::WebSocket, false, &nothing));
}
