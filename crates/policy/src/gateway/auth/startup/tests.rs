//! Start refusals: secure configurations start, each insecure one is refused with a fix-it line.

use std::net::IpAddr;

use super::*;
use crate::gateway::auth::{GatewayAuthInputs, TrustedProxyAuth, resolve_auth};
use crate::gateway::bind::{BindMode, plan_bind};

fn loopback() -> BindPlan {
    plan_bind::<&str>(BindMode::Loopback, None, &[], false).unwrap()
}

fn lan() -> BindPlan {
    plan_bind::<&str>(BindMode::Lan, None, &[], false).unwrap()
}

fn auth(mode: AuthMode, token: Option<&str>, password: Option<&str>) -> ResolvedGatewayAuth {
    ResolvedGatewayAuth {
        mode,
        token: token.map(str::to_owned),
        password: password.map(str::to_owned),
        allow_tailscale: false,
        tailscale_mode: TailscaleMode::Off,
        trusted_proxy: None,
        blank_token_configured: false,
        blank_password_configured: false,
    }
}

fn proxy_config() -> Option<TrustedProxyAuth> {
    Some(TrustedProxyAuth { user_header: "x-forwarded-user".to_owned(), ..TrustedProxyAuth::default() })
}

const ORIGINS: &[String] = &[];

fn context(bind: &BindPlan) -> StartupContext<'_> {
    StartupContext {
        bind,
        port: 18789,
        trusted_proxies_empty: true,
        control_ui_enabled: false,
        control_ui_allowed_origins: ORIGINS,
        allow_host_header_origin_fallback: false,
    }
}

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn secure_configurations_start() {
    let (loopback, lan) = (loopback(), lan());
    let origins = vec!["https://control.example.com".to_owned()];
    let proxied = ResolvedGatewayAuth { trusted_proxy: proxy_config(), ..auth(AuthMode::TrustedProxy, None, None) };
    let serve = ResolvedGatewayAuth {
        tailscale_mode: TailscaleMode::Serve,
        allow_tailscale: true,
        ..auth(AuthMode::Token, None, None)
    };
    for (rule, auth, context) in [
        ("token on loopback", auth(AuthMode::Token, Some(TOKEN), None), context(&loopback)),
        ("mode none on loopback", auth(AuthMode::None, None, None), context(&loopback)),
        ("password on the LAN", auth(AuthMode::Password, None, Some("a-long-password")), context(&lan)),
        (
            "token on the LAN with Control UI origins",
            auth(AuthMode::Token, Some(TOKEN), None),
            StartupContext { control_ui_enabled: true, control_ui_allowed_origins: &origins, ..context(&lan) },
        ),
        (
            "token on the LAN with the Host-header fallback",
            auth(AuthMode::Token, Some(TOKEN), None),
            StartupContext { control_ui_enabled: true, allow_host_header_origin_fallback: true, ..context(&lan) },
        ),
        ("trusted-proxy with proxies", proxied, StartupContext { trusted_proxies_empty: false, ..context(&lan) }),
        ("tokenless Tailscale Serve on loopback", serve, context(&loopback)),
    ] {
        assert_eq!(startup_check(&auth, &context), Ok(()), "{rule}");
    }
}

#[test]
fn fail_closed_refusals() {
    let (loopback, lan) = (loopback(), lan());
    let tailscale = |mode: AuthMode, ts: TailscaleMode| ResolvedGatewayAuth {
        tailscale_mode: ts,
        allow_tailscale: ts == TailscaleMode::Serve,
        ..auth(mode, Some(TOKEN), Some("a-long-password"))
    };
    let refusals: Vec<(&str, ResolvedGatewayAuth, StartupContext<'_>, StartRefusal)> = vec![
        (
            "token mode without a token",
            auth(AuthMode::Token, None, None),
            context(&loopback),
            StartRefusal::TokenMissing,
        ),
        (
            "password mode without a password",
            auth(AuthMode::Password, None, None),
            context(&loopback),
            StartRefusal::PasswordMissing,
        ),
        (
            "a blank configured token",
            ResolvedGatewayAuth { blank_token_configured: true, ..auth(AuthMode::Token, None, None) },
            context(&loopback),
            StartRefusal::WeakToken,
        ),
        (
            "a token of `undefined`",
            auth(AuthMode::Token, Some("undefined"), None),
            context(&loopback),
            StartRefusal::WeakToken,
        ),
        (
            "a published example token",
            auth(AuthMode::Token, Some("change-me-now"), None),
            context(&loopback),
            StartRefusal::WeakToken,
        ),
        (
            "a published example password",
            auth(AuthMode::Password, None, Some("change-me-to-a-strong-password")),
            context(&loopback),
            StartRefusal::WeakPassword,
        ),
        (
            "a redaction marker as token",
            auth(AuthMode::Token, Some("[REDACTED]"), None),
            context(&loopback),
            StartRefusal::TokenIsRedactionSentinel,
        ),
        (
            "a redaction marker as password",
            auth(AuthMode::Password, None, Some("__OPENCLAW_REDACTED__")),
            context(&loopback),
            StartRefusal::PasswordIsRedactionSentinel,
        ),
        (
            "trusted-proxy without its config",
            auth(AuthMode::TrustedProxy, None, None),
            context(&lan),
            StartRefusal::TrustedProxyConfigMissing,
        ),
        (
            "trusted-proxy without a user header",
            ResolvedGatewayAuth {
                trusted_proxy: Some(TrustedProxyAuth::default()),
                ..auth(AuthMode::TrustedProxy, None, None)
            },
            context(&lan),
            StartRefusal::TrustedProxyUserHeaderMissing,
        ),
        (
            "trusted-proxy together with a token",
            ResolvedGatewayAuth { trusted_proxy: proxy_config(), ..auth(AuthMode::TrustedProxy, Some(TOKEN), None) },
            context(&lan),
            StartRefusal::TrustedProxyWithToken,
        ),
        (
            "trusted-proxy without trusted proxies",
            ResolvedGatewayAuth { trusted_proxy: proxy_config(), ..auth(AuthMode::TrustedProxy, None, None) },
            context(&lan),
            StartRefusal::TrustedProxyWithoutProxies,
        ),
        (
            "auth none on the LAN",
            auth(AuthMode::None, None, None),
            context(&lan),
            StartRefusal::NetworkBindWithoutAuth { host: "0.0.0.0".into(), port: 18789 },
        ),
        (
            "tokenless Tailscale identity on the LAN",
            ResolvedGatewayAuth { allow_tailscale: true, ..auth(AuthMode::Token, None, None) },
            context(&lan),
            StartRefusal::NetworkBindWithoutAuth { host: "0.0.0.0".into(), port: 18789 },
        ),
        (
            "funnel without password mode",
            tailscale(AuthMode::Token, TailscaleMode::Funnel),
            context(&loopback),
            StartRefusal::FunnelRequiresPassword,
        ),
        (
            "serve with auth none",
            tailscale(AuthMode::None, TailscaleMode::Serve),
            context(&loopback),
            StartRefusal::ServeWithoutAuth,
        ),
        (
            "serve beyond loopback",
            tailscale(AuthMode::Token, TailscaleMode::Serve),
            context(&lan),
            StartRefusal::TailscaleRequiresLoopback,
        ),
        (
            "a LAN Control UI without allowed origins",
            auth(AuthMode::Token, Some(TOKEN), None),
            StartupContext { control_ui_enabled: true, ..context(&lan) },
            StartRefusal::ControlUiRequiresAllowedOrigins,
        ),
    ];
    for (rule, auth, context, expected) in refusals {
        assert_eq!(startup_check(&auth, &context), Err(expected), "{rule}");
    }
}

#[test]
fn an_unconfigured_gateway_refuses_to_start() {
    let auth = resolve_auth(&GatewayAuthInputs::default());
    assert_eq!(startup_check(&auth, &context(&loopback())), Err(StartRefusal::TokenMissing));
}

#[test]
fn every_refusal_is_one_line_that_names_the_fix() {
    let refusals = [
        StartRefusal::TokenIsRedactionSentinel,
        StartRefusal::PasswordIsRedactionSentinel,
        StartRefusal::WeakToken,
        StartRefusal::WeakPassword,
        StartRefusal::TokenMissing,
        StartRefusal::PasswordMissing,
        StartRefusal::TrustedProxyConfigMissing,
        StartRefusal::TrustedProxyUserHeaderMissing,
        StartRefusal::TrustedProxyWithToken,
        StartRefusal::FunnelRequiresPassword,
        StartRefusal::ServeWithoutAuth,
        StartRefusal::TailscaleRequiresLoopback,
        StartRefusal::NetworkBindWithoutAuth { host: "0.0.0.0".into(), port: 1 },
        StartRefusal::ControlUiRequiresAllowedOrigins,
        StartRefusal::TrustedProxyWithoutProxies,
    ];
    for refusal in refusals {
        let text = refusal.to_string();
        assert!(!text.contains('\n'), "{text}");
        // Each names the config key, variable or command that fixes it.
        assert!(
            ["gateway.", "OPENCLAW_GATEWAY_", "openclaw doctor", "trustedProxy."].iter().any(|fix| text.contains(fix)),
            "no fix named: {text}"
        );
    }
    assert_eq!(
        StartRefusal::NetworkBindWithoutAuth { host: "0.0.0.0".into(), port: 18789 }.to_string(),
        "refusing to bind gateway to 0.0.0.0:18789 without auth (set gateway.auth.token/password, or set OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD; legacy CLAWDBOT_* and MOLTBOT_* environment variables are ignored)"
    );
}

#[test]
fn ipv6_hosts_are_bracketed_in_messages() {
    assert_eq!(display_host("::".parse::<IpAddr>().unwrap()), "[::]");
}
