//! Browser control (`browser.*`, `--deep` only, as OpenClaw's browser plugin collector): the
//! control routes without gateway auth, the legacy extension-relay auth, and remote CDP
//! endpoints over plain HTTP or on private hosts.

use serde_json::Value;

use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::gateway_auth::{self as auth, SecretInput};
use super::plugins;
use super::tree;

/// `scheme`, `host` of a URL like `http://user@host:port/path`.
fn parse_url(raw: &str) -> Option<(String, String)> {
    let (scheme, rest) = raw.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(stripped) = host_port.strip_prefix('[') {
        stripped.split(']').next()?.to_owned()
    } else {
        host_port.split(':').next()?.to_owned()
    };
    (!host.is_empty() && !scheme.is_empty()).then(|| (scheme.to_lowercase(), host.to_lowercase()))
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

fn is_private_host(host: &str) -> bool {
    if matches!(host, "localhost" | "localhost.localdomain" | "metadata.google.internal") {
        return true;
    }
    let octets: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    if octets.len() == 4 && host.split('.').count() == 4 {
        return matches!(
            (octets[0], octets[1]),
            (10, _) | (127, _) | (169, 254) | (192, 168) | (0, _) | (100, 64..=127)
        ) || (octets[0] == 172 && (16..=31).contains(&octets[1]));
    }
    host.contains(':')
        && (host.starts_with("fc") || host.starts_with("fd") || host.starts_with("fe80") || host == "::1")
}

pub fn collect(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    if !plugins::browser_enabled(cfg) {
        return out;
    }
    let top = tree::trimmed(tree::at(cfg, "browser.cdpUrl"));
    if let Some(url) = top
        && !parse_url(url).is_some_and(|(scheme, _)| matches!(scheme.as_str(), "http" | "https" | "ws" | "wss"))
    {
        out.push(
            Finding::new(
                "browser.control_invalid_config",
                Severity::Warn,
                "Browser control config is invalid",
                format!("browser.cdpUrl \"{url}\" is not an http(s) or ws(s) URL."),
            )
            .fix(format!(
                "Fix browser.cdpUrl in {} and run `openclaw security audit --deep` again.",
                facts.config_path
            )),
        );
        return out;
    }
    if !tree::is_false(cfg, "browser.extensionRelay.allowLegacyAuth") {
        out.push(
            Finding::new(
                "browser.extension_relay_legacy_auth",
                Severity::Warn,
                "Browser extension relay accepts legacy auth",
                "browser.extensionRelay.allowLegacyAuth is on (the default during the migration window), so old Bearer, Basic and token-subprotocol relay clients still authenticate.",
            )
            .fix("Update the Chrome extension and CDP clients to relay auth v2, then set browser.extensionRelay.allowLegacyAuth=false."),
        );
    }
    let resolved = auth::resolve(facts, false);
    let configured = |input: SecretInput| input.value().is_some() || input.is_opaque();
    let explicit = tree::str_at(cfg, "gateway.auth.mode");
    let token = resolved.token.is_some()
        || facts.env.get(auth::ENV_TOKEN).is_some_and(|v| !v.trim().is_empty())
        || configured(auth::secret_input(facts, "gateway.auth.token"));
    let password_can_win =
        explicit == Some("password") || (!matches!(explicit, Some("token" | "none" | "trusted-proxy")) && !token);
    let password = resolved.password.is_some()
        || (password_can_win
            && (facts.env.get(auth::ENV_PASSWORD).is_some_and(|v| !v.trim().is_empty())
                || configured(auth::secret_input(facts, "gateway.auth.password"))));
    if !token && !password {
        out.push(
            Finding::new(
                "browser.control_no_auth",
                Severity::Critical,
                "Browser control has no auth",
                "The browser control routes are on but no gateway token or password exists; any local process (or an SSRF to loopback) can drive the browser.",
            )
            .fix("Set gateway.auth.token (recommended) or gateway.auth.password."),
        );
    }
    let mut profiles: Vec<(String, String)> = tree::obj_at(cfg, "browser.profiles")
        .into_iter()
        .flatten()
        .filter_map(|(name, p)| tree::trimmed(tree::get(p, "cdpUrl")).map(|u| (name.clone(), u.to_owned())))
        .collect();
    if let Some(url) = top
        && !profiles.iter().any(|(name, _)| name == "openclaw")
    {
        profiles.insert(0, ("openclaw".to_owned(), url.to_owned()));
    }
    let private_allowed = tree::at(cfg, "browser.ssrfPolicy.dangerouslyAllowPrivateNetwork")
        .or_else(|| tree::at(cfg, "browser.ssrfPolicy.allowPrivateNetwork"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    for (name, url) in profiles {
        let Some((scheme, host)) = parse_url(&url) else { continue };
        if is_loopback_host(&host) {
            continue;
        }
        if scheme == "http" {
            out.push(
                Finding::new(
                    "browser.remote_cdp_http",
                    Severity::Warn,
                    "Remote CDP over plain HTTP",
                    format!("Browser profile \"{name}\" reaches CDP at {host} over http; acceptable only inside a tailnet or an encrypted tunnel."),
                )
                .fix("Use HTTPS/TLS or a tailnet-only endpoint for remote CDP."),
            );
        }
        if private_allowed && is_private_host(&host) {
            out.push(
                Finding::new(
                    "browser.remote_cdp_private_host",
                    Severity::Warn,
                    "Remote CDP points at a private host",
                    format!("Browser profile \"{name}\" uses a private or internal CDP host ({host}); treat that network as trusted."),
                )
                .fix("Prefer a tailnet or tunnel; for strict blocking set browser.ssrfPolicy.dangerouslyAllowPrivateNetwork=false and allow explicit hosts."),
            );
        }
    }
    out
}
