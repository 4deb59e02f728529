//! Gateway listener and authentication rules. OpenClaw enforces most of these when the gateway
//! starts (`src/gateway/server-runtime-config.ts`, `src/gateway/auth.ts`) rather than when the
//! file is read, so here they are warnings ("the gateway will refuse to start: …"): the config
//! still loads for `doctor` and `security audit`, and the gateway turns them into a refusal.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::issue::Issue;

use super::keys;
use crate::model::RawConfig;
use crate::model::gateway::{AuthMode, BindMode, GatewayConfig, TailscaleMode};

/// A rule OpenClaw enforces when the gateway starts, not when the file is read: the config still
/// loads (so `security audit` and `doctor` can explain it), and the gateway refuses to start.
fn refuse_start(path: crate::KeyPath, message: impl Into<String>) -> Issue {
    Issue::warning(path, format!("the gateway will refuse to start: {}", message.into()))
}

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(gateway) = &raw.gateway else { return };
    check_port(gateway, issues);
    check_custom_bind(gateway, issues);
    check_trusted_proxy(gateway, issues);
    check_tailscale(gateway, issues);
    check_exposure(gateway, issues);
}

/// `gateway.port` must be a TCP port (zod only says "positive integer").
fn check_port(gateway: &GatewayConfig, issues: &mut Vec<Issue>) {
    if let Some(port) = gateway.port
        && !(1..=u64::from(u16::MAX)).contains(&port)
    {
        issues.push(Issue::error(
            keys(&["gateway", "port"]),
            format!("gateway.port must be between 1 and 65535 (got {port})"),
        ));
    }
}

/// `bind: "custom"` needs an IPv4 `customBindHost` (server-runtime-config.ts).
fn check_custom_bind(gateway: &GatewayConfig, issues: &mut Vec<Issue>) {
    if gateway.bind != Some(BindMode::Custom) {
        return;
    }
    let path = keys(&["gateway", "customBindHost"]);
    let host = gateway.custom_bind_host.as_deref().map(str::trim).unwrap_or_default();
    if host.is_empty() {
        issues.push(refuse_start(
            path,
            "gateway.bind=custom requires gateway.customBindHost (the IPv4 address to listen on)",
        ));
    } else if host.parse::<Ipv4Addr>().is_err() {
        issues
            .push(refuse_start(path, format!("gateway.bind=custom requires a valid IPv4 customBindHost (got {host})")));
    }
}

/// Trusted-proxy auth: a user header (zod `min(1)` in zod-schema.ts; auth.ts
/// `assertGatewayAuthConfigured`) and at least one trusted proxy, which must cover loopback
/// when the gateway only listens there (server-runtime-config.ts).
fn check_trusted_proxy(gateway: &GatewayConfig, issues: &mut Vec<Issue>) {
    let auth = gateway.auth.as_ref();
    let trusted_proxy = auth.and_then(|a| a.trusted_proxy.as_ref());
    let mode_is_trusted_proxy = auth.and_then(|a| a.mode) == Some(AuthMode::TrustedProxy);
    if mode_is_trusted_proxy || trusted_proxy.is_some() {
        let header = trusted_proxy.and_then(|t| t.user_header.as_deref()).map(str::trim).unwrap_or_default();
        if header.is_empty() {
            let path = keys(&["gateway", "auth", "trustedProxy", "userHeader"]);
            let message = "trusted-proxy auth requires gateway.auth.trustedProxy.userHeader (the header your proxy puts the authenticated user in)";
            // A trustedProxy block without the header fails OpenClaw's schema; a missing block
            // only fails its start-up check.
            issues.push(if trusted_proxy.is_some() {
                Issue::error(path, message)
            } else {
                refuse_start(path, message)
            });
        }
    }
    if !mode_is_trusted_proxy {
        return;
    }
    let proxies: Vec<&str> =
        gateway.trusted_proxies.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    let path = keys(&["gateway", "trustedProxies"]);
    if proxies.is_empty() {
        issues.push(refuse_start(
            path,
            "gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP",
        ));
    } else if listens_on_loopback_only(gateway) {
        let loopbacks = [IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)];
        let covered = loopbacks.iter().any(|ip| proxies.iter().any(|entry| proxy_entry_matches(entry, *ip)));
        if !covered {
            issues.push(refuse_start(
                path,
                "gateway auth mode=trusted-proxy with bind=loopback requires gateway.trustedProxies to include 127.0.0.1, ::1, or a loopback CIDR",
            ));
        }
    }
}

/// Tailscale Serve/Funnel proxy to the loopback listener, and Funnel (public internet) is only
/// allowed with password auth (server-runtime-config.ts).
fn check_tailscale(gateway: &GatewayConfig, issues: &mut Vec<Issue>) {
    let mode = gateway.tailscale.as_ref().and_then(|t| t.mode).unwrap_or(TailscaleMode::Off);
    if mode == TailscaleMode::Off {
        return;
    }
    // OpenClaw's schema refuses Serve/Funnel without auth outright (not only at start).
    if config_decided_auth_mode(gateway) == Some(AuthMode::None) {
        issues.push(Issue::error(
            keys(&["gateway", "auth", "mode"]),
            "tailscale serve/funnel cannot be combined with gateway.auth.mode=none; use token or password auth",
        ));
    }
    if mode == TailscaleMode::Funnel
        && let Some(auth_mode) = config_decided_auth_mode(gateway)
        && auth_mode != AuthMode::Password
    {
        issues.push(refuse_start(
            keys(&["gateway", "tailscale", "mode"]),
            "tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)",
        ));
    }
    if bind_is_exposed(gateway) {
        issues.push(refuse_start(
            keys(&["gateway", "bind"]),
            "tailscale serve/funnel requires gateway bind=loopback (127.0.0.1)",
        ));
    }
}

/// A listener beyond loopback needs authentication and, for the Control UI, explicit browser
/// origins (server-runtime-config.ts).
fn check_exposure(gateway: &GatewayConfig, issues: &mut Vec<Issue>) {
    if !bind_is_exposed(gateway) {
        return;
    }
    if gateway.auth.as_ref().and_then(|a| a.mode) == Some(AuthMode::None) {
        issues.push(refuse_start(
            keys(&["gateway", "auth", "mode"]),
            "refusing to bind the gateway beyond loopback without auth; set gateway.auth.mode to token, password or trusted-proxy",
        ));
    }
    let control_ui = gateway.control_ui.as_ref();
    let ui_enabled = control_ui.and_then(|c| c.enabled).unwrap_or(true);
    let has_origins = control_ui
        .and_then(|c| c.allowed_origins.as_ref())
        .is_some_and(|origins| origins.iter().any(|o| !o.trim().is_empty()));
    let host_fallback = control_ui.and_then(|c| c.dangerously_allow_host_header_origin_fallback) == Some(true);
    if ui_enabled && !has_origins && !host_fallback {
        issues.push(refuse_start(
            keys(&["gateway", "controlUi", "allowedOrigins"]),
            "non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true",
        ));
    }
}

/// The auth mode when the file alone decides it: an explicit mode, or `password` because a
/// password is configured. Otherwise an environment password may still switch it.
fn config_decided_auth_mode(gateway: &GatewayConfig) -> Option<AuthMode> {
    let auth = gateway.auth.as_ref()?;
    if let Some(mode) = auth.mode {
        return Some(mode);
    }
    auth.password.as_ref().filter(|p| p.is_set()).map(|_| AuthMode::Password)
}

/// Whether the configured bind certainly listens beyond loopback. `auto` usually resolves to
/// loopback and is not counted.
pub(super) fn bind_is_exposed(gateway: &GatewayConfig) -> bool {
    match gateway.bind {
        Some(BindMode::Lan | BindMode::Tailnet) => true,
        Some(BindMode::Custom) => gateway
            .custom_bind_host
            .as_deref()
            .and_then(|h| h.trim().parse::<Ipv4Addr>().ok())
            .is_some_and(|ip| !ip.is_loopback()),
        _ => false,
    }
}

/// Whether the configured bind certainly listens on loopback only.
fn listens_on_loopback_only(gateway: &GatewayConfig) -> bool {
    match gateway.bind {
        None | Some(BindMode::Loopback) => true,
        Some(BindMode::Custom) => gateway
            .custom_bind_host
            .as_deref()
            .and_then(|h| h.trim().parse::<Ipv4Addr>().ok())
            .is_some_and(|ip| ip.is_loopback()),
        _ => false,
    }
}

/// Whether a `trustedProxies` entry (IP, `ip:port`-free, or CIDR) covers `ip`. Invalid entries
/// match nothing, like OpenClaw's `isTrustedProxyAddress`.
fn proxy_entry_matches(entry: &str, ip: IpAddr) -> bool {
    let (addr, prefix) = match entry.split_once('/') {
        Some((addr, bits)) => match bits.trim().parse::<u8>() {
            Ok(bits) => (addr.trim(), Some(bits)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let Ok(network) = addr.parse::<IpAddr>() else { return false };
    let network = canonical(network);
    match (network, ip, prefix) {
        (IpAddr::V4(net), IpAddr::V4(candidate), Some(bits)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(net) & mask == u32::from(candidate) & mask
        }
        (IpAddr::V6(net), IpAddr::V6(candidate), Some(bits)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(net) & mask == u128::from(candidate) & mask
        }
        (net, candidate, None) => net == candidate,
        _ => false,
    }
}

/// IPv4-mapped IPv6 (`::ffff:127.0.0.1`) compares as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}
