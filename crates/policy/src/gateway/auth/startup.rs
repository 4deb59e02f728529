//! The start refusals: combinations of auth, bind and Tailscale exposure the gateway will not run
//! with, because it would either be open to the network or lock everyone out in a confusing way.
//! Checked at start and on every config reload; each refusal is one line that names the key or
//! command that fixes it. Texts follow OpenClaw 2026.9.6 where it has them.

#[cfg(test)]
mod tests;

use std::net::IpAddr;

use super::{AuthMode, ResolvedGatewayAuth, TailscaleMode, is_invalid_secret, is_redaction_sentinel};
use crate::gateway::bind::BindPlan;

/// OpenClaw's note on every missing-credential refusal; true here too, since only
/// `OPENCLAW_*` variables are read.
const LEGACY_ENV_NOTE: &str =
    "Legacy CLAWDBOT_* and MOLTBOT_* environment variables are ignored; use OPENCLAW_* names.";

/// Example credentials from `.env.example` files and docs; a gateway protected by one is open.
const PUBLISHED_EXAMPLE_TOKENS: &[&str] = &["change-me-to-a-long-random-token", "change-me-now"];
const PUBLISHED_EXAMPLE_PASSWORDS: &[&str] = &["change-me-to-a-strong-password"];

/// The rest of the effective configuration the start check needs.
#[derive(Debug, Clone, Copy)]
pub struct StartupContext<'a> {
    pub bind: &'a BindPlan,
    pub port: u16,
    /// `gateway.trustedProxies` holds no usable entry.
    pub trusted_proxies_empty: bool,
    /// `gateway.controlUi.enabled`.
    pub control_ui_enabled: bool,
    /// `gateway.controlUi.allowedOrigins`.
    pub control_ui_allowed_origins: &'a [String],
    /// `gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback`.
    pub allow_host_header_origin_fallback: bool,
}

/// Why the gateway refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartRefusal {
    #[error(
        "Gateway auth token is a known redaction sentinel, not a credential. Run `openclaw doctor --fix` to repair the Gateway token or replace the external secret, then restart and re-pair devices."
    )]
    TokenIsRedactionSentinel,
    #[error(
        "Gateway auth password is a known redaction sentinel, not a credential. Replace gateway.auth.password, OPENCLAW_GATEWAY_PASSWORD, or its external secret source with a real password, then restart the Gateway."
    )]
    PasswordIsRedactionSentinel,
    #[error(
        "Invalid config: gateway auth token is blank, a published example placeholder, or the literal string undefined/null. Generate a real secret (for example, `openssl rand -hex 32`) and update gateway.auth.token or its external source. For blank or undefined/null inline tokens, `openclaw doctor --fix --generate-gateway-token` can generate one."
    )]
    WeakToken,
    #[error(
        "Invalid config: gateway auth password is blank, a published example placeholder, or the literal string undefined/null. Generate a real secret (for example, `openssl rand -hex 32`) and set OPENCLAW_GATEWAY_PASSWORD or gateway.auth.password (or its external source) before starting the gateway."
    )]
    WeakPassword,
    #[error(
        "gateway auth mode is token, but no token was configured (set gateway.auth.token or OPENCLAW_GATEWAY_TOKEN, or run `openclaw doctor --generate-gateway-token`). {LEGACY_ENV_NOTE}"
    )]
    TokenMissing,
    #[error(
        "gateway auth mode is password, but no password was configured (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD). {LEGACY_ENV_NOTE}"
    )]
    PasswordMissing,
    #[error(
        "gateway auth mode is trusted-proxy, but no trustedProxy config was provided (set gateway.auth.trustedProxy)"
    )]
    TrustedProxyConfigMissing,
    #[error(
        "gateway auth mode is trusted-proxy, but trustedProxy.userHeader is empty (set gateway.auth.trustedProxy.userHeader)"
    )]
    TrustedProxyUserHeaderMissing,
    #[error(
        "gateway auth mode is trusted-proxy, but a shared token is also configured; remove gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are mutually exclusive"
    )]
    TrustedProxyWithToken,
    #[error(
        "tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)"
    )]
    FunnelRequiresPassword,
    #[error(
        "gateway.auth.mode=none cannot be used with gateway.tailscale.mode=serve; configure token, password, or trusted-proxy auth before exposing the gateway through Tailscale"
    )]
    ServeWithoutAuth,
    #[error(
        "tailscale serve/funnel requires gateway bind=loopback (127.0.0.1); set gateway.bind to \"loopback\" or gateway.tailscale.mode to \"off\""
    )]
    TailscaleRequiresLoopback,
    #[error(
        "refusing to bind gateway to {host}:{port} without auth (set gateway.auth.token/password, or set OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD; legacy CLAWDBOT_* and MOLTBOT_* environment variables are ignored)"
    )]
    NetworkBindWithoutAuth { host: String, port: u16 },
    #[error(
        "non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true to use Host-header origin fallback mode"
    )]
    ControlUiRequiresAllowedOrigins,
    #[error(
        "gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP"
    )]
    TrustedProxyWithoutProxies,
}

/// Refuses a start (or reload) whose auth cannot protect the gateway where it listens.
///
/// Fails closed: token mode without a token (unless Tailscale identity is allowed), password mode
/// without a password, trusted-proxy mode without its config or without `gateway.trustedProxies`,
/// and any bind beyond loopback without a shared secret or trusted-proxy auth are refused, as are
/// credentials that are placeholders or redaction markers.
pub fn startup_check(auth: &ResolvedGatewayAuth, context: &StartupContext<'_>) -> Result<(), StartRefusal> {
    check_secret_quality(auth)?;
    check_mode_configured(auth)?;
    let tailscale = auth.tailscale_mode;
    if tailscale == TailscaleMode::Funnel && auth.mode != AuthMode::Password {
        return Err(StartRefusal::FunnelRequiresPassword);
    }
    if tailscale == TailscaleMode::Serve && auth.mode == AuthMode::None {
        return Err(StartRefusal::ServeWithoutAuth);
    }
    let loopback = context.bind.loopback_only;
    if tailscale != TailscaleMode::Off && !loopback {
        return Err(StartRefusal::TailscaleRequiresLoopback);
    }
    if !loopback && !auth.has_shared_secret() && auth.mode != AuthMode::TrustedProxy {
        return Err(StartRefusal::NetworkBindWithoutAuth {
            host: display_host(context.bind.primary()),
            port: context.port,
        });
    }
    let has_origins = context.control_ui_allowed_origins.iter().any(|origin| !origin.trim().is_empty());
    if context.control_ui_enabled && !loopback && !has_origins && !context.allow_host_header_origin_fallback {
        return Err(StartRefusal::ControlUiRequiresAllowedOrigins);
    }
    if auth.mode == AuthMode::TrustedProxy && context.trusted_proxies_empty {
        return Err(StartRefusal::TrustedProxyWithoutProxies);
    }
    Ok(())
}

/// Placeholders and redaction markers are refused before anything else: they look configured,
/// so every later check would pass while the gateway is protected by a public string.
fn check_secret_quality(auth: &ResolvedGatewayAuth) -> Result<(), StartRefusal> {
    match auth.mode {
        AuthMode::Token => {
            let token = auth.token.as_deref();
            if token.is_some_and(is_redaction_sentinel) {
                return Err(StartRefusal::TokenIsRedactionSentinel);
            }
            let weak = token.is_some_and(|t| is_invalid_secret(t) || PUBLISHED_EXAMPLE_TOKENS.contains(&t.trim()));
            if weak || (token.is_none() && auth.blank_token_configured) {
                return Err(StartRefusal::WeakToken);
            }
        }
        AuthMode::Password => {
            let password = auth.password.as_deref();
            if password.is_some_and(is_redaction_sentinel) {
                return Err(StartRefusal::PasswordIsRedactionSentinel);
            }
            let weak =
                password.is_some_and(|p| is_invalid_secret(p) || PUBLISHED_EXAMPLE_PASSWORDS.contains(&p.trim()));
            if weak || (password.is_none() && auth.blank_password_configured) {
                return Err(StartRefusal::WeakPassword);
            }
        }
        AuthMode::None | AuthMode::TrustedProxy => {}
    }
    Ok(())
}

fn check_mode_configured(auth: &ResolvedGatewayAuth) -> Result<(), StartRefusal> {
    match auth.mode {
        // Tailscale Serve identities can stand in for the token; without them nobody could connect.
        AuthMode::Token if auth.token.is_none() && !auth.allow_tailscale => Err(StartRefusal::TokenMissing),
        AuthMode::Password if auth.password.is_none() => Err(StartRefusal::PasswordMissing),
        AuthMode::TrustedProxy => {
            let config = auth.trusted_proxy.as_ref().ok_or(StartRefusal::TrustedProxyConfigMissing)?;
            if config.user_header.trim().is_empty() {
                return Err(StartRefusal::TrustedProxyUserHeaderMissing);
            }
            if auth.token.is_some() {
                return Err(StartRefusal::TrustedProxyWithToken);
            }
            Ok(())
        }
        AuthMode::None | AuthMode::Token | AuthMode::Password => Ok(()),
    }
}

fn display_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}
