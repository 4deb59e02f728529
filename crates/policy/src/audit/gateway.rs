//! Gateway exposure and authentication: bind and auth, reverse-proxy trust, Control UI origins,
//! mDNS, Tailscale, MCP apps, secret strength, trusted-proxy mode and rate limiting, plus the
//! Control UI toggles the security document names (`allowInsecureAuth`,
//! `dangerouslyDisableDeviceAuth`) that OpenClaw 2026.9.6 stopped reporting.

use serde_json::Value;

use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::flags;
use super::gateway_auth::{self as auth, ResolvedAuth};
use super::tree;

/// Tools `POST /tools/invoke` refuses unless `gateway.tools.allow` re-enables them (the
/// reference's list: the audit reports what OpenClaw itself would flag).
const HTTP_DEFAULT_DENY: &[&str] = crate::gateway::http_tools::REFERENCE_DEFAULT_HTTP_DENY;

const CONFLICT_ID: &str = "gateway.env_token_overrides_config";

pub fn collect(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    let bind = auth::bind(cfg);
    let loopback = bind == "loopback";
    let tailscale = auth::tailscale_mode(cfg);
    let resolved = auth::resolve(facts, true);
    let has_auth = auth::has_gateway_auth(facts, &resolved);
    let control_ui = !tree::is_false(cfg, "gateway.controlUi.enabled");
    let origins = tree::string_entries(tree::at(cfg, "gateway.controlUi.allowedOrigins"));
    let host_header_fallback = tree::is_true(cfg, "gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback");
    let trusted_proxies: Vec<String> = tree::arr_at(cfg, "gateway.trustedProxies")
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();

    let reenabled: Vec<&str> = {
        let allow: Vec<String> =
            tree::string_entries(tree::at(cfg, "gateway.tools.allow")).iter().map(|s| s.to_lowercase()).collect();
        HTTP_DEFAULT_DENY.iter().copied().filter(|name| allow.iter().any(|a| a == name)).collect()
    };
    if !reenabled.is_empty() {
        out.push(
            Finding::new(
                "gateway.tools_invoke_http.dangerous_allow",
                Severity::warn_or_critical(!loopback || tailscale == "funnel"),
                "HTTP /tools/invoke can call high-risk tools",
                format!(
                    "gateway.tools.allow lifts the HTTP deny on {}; anyone holding the gateway secret can spawn sessions or drive the control plane over plain HTTP.",
                    reenabled.join(", ")
                ),
            )
            .fix("Remove them from gateway.tools.allow, or keep the gateway on loopback/tailnet and treat its secret as full admin."),
        );
    }
    if !loopback && !has_auth {
        out.push(
            Finding::new(
                "gateway.bind_no_auth",
                Severity::Critical,
                "Gateway listens beyond loopback with no auth",
                format!("gateway.bind=\"{bind}\" and neither a gateway token nor a password is configured."),
            )
            .fix("Configure gateway.auth (a long random token) or set gateway.bind to loopback."),
        );
    }
    out.extend(token_source_conflict(facts));
    if loopback && control_ui && trusted_proxies.is_empty() {
        out.push(
            Finding::new(
                "gateway.trusted_proxies_missing",
                Severity::Warn,
                "No trusted reverse proxies configured",
                "gateway.bind is loopback and gateway.trustedProxies is empty; behind a reverse proxy, forwarded headers would be ignored and local-client checks could be fooled.",
            )
            .fix("List your proxy addresses in gateway.trustedProxies, or keep the Control UI reachable only locally."),
        );
    }
    if loopback && control_ui && !(has_auth || (resolved.allow_tailscale && tailscale == "serve")) {
        out.push(
            Finding::new(
                "gateway.loopback_no_auth",
                Severity::Critical,
                "Loopback gateway has no auth secret",
                "gateway.bind is loopback but no token or password is configured; a reverse proxy in front of the Control UI would let anyone in.",
            )
            .fix("Configure gateway.auth (a long random token), or keep the Control UI strictly local."),
        );
    }
    if !loopback && control_ui && origins.is_empty() && !host_header_fallback {
        out.push(
            Finding::new(
                "gateway.control_ui.allowed_origins_required",
                Severity::Critical,
                "Control UI on a non-loopback bind has no origin allowlist",
                "gateway.controlUi.allowedOrigins is empty while the Control UI is served beyond loopback; browser origins cannot be checked.",
            )
            .fix("Set gateway.controlUi.allowedOrigins to the exact origins you use (e.g. https://control.example.com)."),
        );
    }
    if origins.iter().any(|o| o == "*") {
        out.push(
            Finding::new(
                "gateway.control_ui.allowed_origins_wildcard",
                Severity::warn_or_critical(!loopback),
                "Control UI accepts any browser origin",
                "gateway.controlUi.allowedOrigins contains \"*\", which turns the origin check off for the Control UI and WebChat.",
            )
            .fix("Replace \"*\" with the exact origins you use."),
        );
    }
    if host_header_fallback {
        out.push(
            Finding::new(
                "gateway.control_ui.host_header_origin_fallback",
                Severity::warn_or_critical(!loopback),
                "Control UI trusts the Host header as origin (dangerous)",
                "gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true derives the allowed origin from the Host header, weakening DNS-rebinding protection.",
            )
            .fix("Turn the fallback off and list explicit gateway.controlUi.allowedOrigins."),
        );
    }
    if tree::is_true(cfg, "gateway.allowRealIpFallback") {
        let non_loopback_proxy = trusted_proxies.iter().any(|p| !is_strict_loopback_proxy(p));
        let exposed = !loopback || (resolved.mode == "trusted-proxy" && non_loopback_proxy);
        out.push(
            Finding::new(
                "gateway.real_ip_fallback_enabled",
                Severity::warn_or_critical(exposed),
                "X-Real-IP is trusted as a fallback",
                "gateway.allowRealIpFallback=true uses X-Real-IP when a trusted proxy sends no X-Forwarded-For; a proxy that passes client-supplied X-Real-IP lets callers spoof their address.",
            )
            .fix("Leave gateway.allowRealIpFallback off unless your proxy always overwrites X-Real-IP."),
        );
    }
    if tree::str_at(cfg, "discovery.mdns.mode") == Some("full") {
        out.push(
            Finding::new(
                "discovery.mdns_full_mode",
                Severity::warn_or_critical(!loopback),
                "mDNS full mode advertises host details",
                "discovery.mdns.mode=\"full\" publishes the CLI path and SSH port on the local network, revealing user names, paths and management ports.",
            )
            .fix("Use discovery.mdns.mode=\"minimal\" (default) or \"off\"."),
        );
    }
    match tailscale {
        "funnel" => out.push(
            Finding::new(
                "gateway.tailscale_funnel",
                Severity::Critical,
                "Gateway is published to the internet (Tailscale Funnel)",
                "gateway.tailscale.mode=\"funnel\" makes the gateway reachable from the public internet.",
            )
            .fix("Use gateway.tailscale.mode=\"serve\" (tailnet only) or \"off\"."),
        ),
        "serve" => out.push(Finding::new(
            "gateway.tailscale_serve",
            Severity::Info,
            "Gateway is shared on the tailnet (Tailscale Serve)",
            "gateway.tailscale.mode=\"serve\" makes the loopback gateway reachable from your tailnet.",
        )),
        _ => {}
    }
    out.extend(control_ui_toggles(cfg));
    if tree::is_true(cfg, "mcp.apps.enabled") {
        out.push(
            Finding::new(
                "mcp.apps.enabled",
                Severity::Warn,
                "MCP Apps UI bridge is on",
                "mcp.apps.enabled=true lets configured MCP servers render interactive HTML that can call their own app-visible tools while a session runs.",
            )
            .fix("Keep it on only for MCP servers you trust; otherwise set mcp.apps.enabled=false."),
        );
    }
    for flag in flags::enabled(cfg) {
        out.push(
            Finding::new(
                "config.insecure_or_dangerous_flags",
                Severity::Warn,
                "Dangerous config flag is on",
                format!("Detected enabled flag: {flag}."),
            )
            .fix("Turn it off when you are not debugging, or keep the deployment local and trusted."),
        );
    }
    out.extend(secret_strength(facts, &resolved));
    if resolved.mode == "trusted-proxy" {
        out.extend(trusted_proxy(cfg, trusted_proxies.is_empty()));
    }
    if !loopback && resolved.mode != "trusted-proxy" && !tree::at(cfg, "gateway.auth.rateLimit").is_some_and(truthy) {
        out.push(
            Finding::new(
                "gateway.auth_no_rate_limit",
                Severity::Warn,
                "Auth attempts are not rate limited",
                "gateway.bind is not loopback and gateway.auth.rateLimit is not configured, so secrets can be guessed at full speed.",
            )
            .fix("Configure gateway.auth.rateLimit (for example maxAttempts 10, windowMs 60000, lockoutMs 300000)."),
        );
    }
    out
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false)) && v.as_str() != Some("") && v.as_f64() != Some(0.0)
}

/// Only `127.0.0.1`, `::1` or their `/32` and `/128` forms.
fn is_strict_loopback_proxy(entry: &str) -> bool {
    let candidate = entry.trim();
    match candidate.split_once('/') {
        None => candidate == "127.0.0.1" || candidate.eq_ignore_ascii_case("::1"),
        Some((ip, prefix)) => {
            let prefix: Option<u32> = prefix.trim().parse().ok();
            (ip.trim() == "127.0.0.1" && prefix == Some(32))
                || (ip.trim().eq_ignore_ascii_case("::1") && prefix == Some(128))
        }
    }
}

/// The security document's Control UI toggles, which 2026.9.6 no longer reports.
fn control_ui_toggles(cfg: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if tree::is_true(cfg, "gateway.controlUi.allowInsecureAuth") {
        out.push(
            Finding::new(
                "gateway.control_ui.insecure_auth",
                Severity::Warn,
                "Control UI insecure-auth compatibility toggle is on",
                "gateway.controlUi.allowInsecureAuth=true is a compatibility switch; it does not bypass the secure-context or device-identity checks, only dangerouslyDisableDeviceAuth does.",
            )
            .fix("Turn it off and open the Control UI over HTTPS (Tailscale Serve) or on localhost."),
        );
    }
    if tree::is_true(cfg, "gateway.controlUi.dangerouslyDisableDeviceAuth") {
        out.push(
            Finding::new(
                "gateway.control_ui.device_auth_disabled",
                Severity::Critical,
                "Control UI device identity check is off (dangerous)",
                "gateway.controlUi.dangerouslyDisableDeviceAuth=true lets Control UI clients connect without a device identity.",
            )
            .fix("Turn it off unless you are in a short break-glass session."),
        );
    }
    out
}

/// `OPENCLAW_GATEWAY_TOKEN` and `gateway.auth.token` disagree.
fn token_source_conflict(facts: &AuditFacts) -> Option<Finding> {
    let cfg = &facts.config;
    let env_token = facts.env.get(auth::ENV_TOKEN).map(|s| s.trim()).filter(|s| !s.is_empty())?;
    if facts.env.get("OPENCLAW_SERVICE_KIND").map(|s| s.trim()) == Some("gateway")
        || tree::str_at(cfg, "gateway.mode") == Some("remote")
        || matches!(tree::str_at(cfg, "gateway.auth.mode"), Some("password" | "none" | "trusted-proxy"))
    {
        return None;
    }
    let raw = tree::at(cfg, "gateway.auth.token");
    let is_ref = raw.is_some_and(auth::is_secret_ref);
    if is_ref {
        let env_ref = raw.and_then(|r| tree::get(r, "source")).and_then(Value::as_str) == Some("env")
            && raw.and_then(|r| tree::get(r, "id")).and_then(Value::as_str) == Some(auth::ENV_TOKEN);
        if env_ref {
            return None;
        }
    } else {
        let config_token = tree::trimmed(raw)?;
        if config_token == env_token {
            return None;
        }
    }
    Some(
        Finding::new(
            CONFLICT_ID,
            Severity::Warn,
            "OPENCLAW_GATEWAY_TOKEN differs from gateway.auth.token",
            "OPENCLAW_GATEWAY_TOKEN is set to a different value than gateway.auth.token; local clients and the managed service use the config token while env-driven clients use the other one, so a stale value can still authenticate somewhere.",
        )
        .fix("Unset OPENCLAW_GATEWAY_TOKEN (shell, ~/.openclaw/.env) if the config token is meant, or set gateway.auth.token to ${OPENCLAW_GATEWAY_TOKEN}."),
    )
}

/// Placeholder and length checks of the secret the resolved mode uses.
fn secret_strength(facts: &AuditFacts, resolved: &ResolvedAuth) -> Vec<Finding> {
    let mut out = Vec::new();
    for credential in ["token", "password"] {
        if resolved.mode != credential {
            continue;
        }
        let Some(value) = auth::judged_secret(facts, resolved, credential) else { continue };
        if auth::is_placeholder(&value) {
            let fix = if credential == "token" {
                "Run `openclaw doctor --generate-gateway-token` (or rotate the external secret), then restart the gateway."
            } else {
                "Set a real password (e.g. `openssl rand -hex 32`) in OPENCLAW_GATEWAY_PASSWORD or gateway.auth.password, then restart the gateway."
            };
            out.push(
                Finding::new(
                    format!("gateway.{credential}_placeholder_value"),
                    Severity::Critical,
                    format!("Gateway {credential} is blank or a placeholder"),
                    format!("The gateway {credential} in use is empty or the literal \"undefined\"/\"null\"; the gateway refuses to start with it."),
                )
                .fix(fix),
            );
        } else {
            let len = value.trim().chars().count();
            if (1..24).contains(&len) {
                out.push(Finding::new(
                    format!("gateway.{credential}_too_short"),
                    Severity::Warn,
                    format!("Gateway {credential} is short"),
                    format!("The gateway {credential} has {len} characters; use at least 24 random characters."),
                ));
            }
        }
    }
    out
}

fn trusted_proxy(cfg: &Value, no_proxies: bool) -> Vec<Finding> {
    let tp = tree::at(cfg, "gateway.auth.trustedProxy");
    let field = |key: &str| tp.and_then(|t| tree::get(t, key));
    let mut out = vec![
        Finding::new(
            "gateway.trusted_proxy_auth",
            Severity::Critical,
            "Authentication is delegated to a reverse proxy",
            "gateway.auth.mode=\"trusted-proxy\" trusts identity headers from gateway.trustedProxies; the gateway itself checks no secret.",
        )
        .fix("Make sure the proxy terminates TLS and authenticates users, gateway.trustedProxies lists only that proxy, and the gateway port is firewalled from everything else."),
    ];
    if no_proxies {
        out.push(
            Finding::new(
                "gateway.trusted_proxy_no_proxies",
                Severity::Critical,
                "Trusted-proxy auth without trusted proxies",
                "gateway.auth.mode=\"trusted-proxy\" but gateway.trustedProxies is empty, so every request is refused.",
            )
            .fix("Set gateway.trustedProxies to your reverse proxy's address."),
        );
    }
    if tree::trimmed(field("userHeader")).is_none() && !field("userHeader").is_some_and(truthy) {
        out.push(
            Finding::new(
                "gateway.trusted_proxy_no_user_header",
                Severity::Critical,
                "Trusted-proxy auth has no user header",
                "gateway.auth.trustedProxy.userHeader is not set, so the gateway cannot tell who the proxy authenticated.",
            )
            .fix("Set gateway.auth.trustedProxy.userHeader to the header your proxy fills (e.g. x-forwarded-user)."),
        );
    }
    if field("allowLoopback").and_then(Value::as_bool) == Some(true) {
        out.push(
            Finding::new(
                "gateway.trusted_proxy_allow_loopback",
                Severity::Warn,
                "Trusted-proxy auth accepts loopback sources",
                "gateway.auth.trustedProxy.allowLoopback=true lets same-host requests from listed proxies authenticate by header.",
            )
            .fix("Keep it only for a deliberate same-host proxy that strips client identity headers."),
        );
    }
    let auto_approve = field("deviceAutoApprove");
    if auto_approve.and_then(|a| tree::get(a, "enabled")).and_then(Value::as_bool) == Some(true) {
        out.push(
            Finding::new(
                "gateway.trusted_proxy_device_auto_approve",
                Severity::Warn,
                "Proxy-authenticated devices are approved automatically",
                "gateway.auth.trustedProxy.deviceAutoApprove.enabled=true pairs new operator devices on the proxy's word alone.",
            )
            .fix("Use it only when the proxy is the sole ingress, authenticates strongly and restricts allowUsers."),
        );
        let admin = tree::string_entries(auto_approve.and_then(|a| tree::get(a, "scopes")))
            .iter()
            .any(|s| s == "operator.admin");
        if admin {
            out.push(
                Finding::new(
                    "gateway.trusted_proxy_device_auto_approve_admin",
                    Severity::Critical,
                    "Auto-approved proxy devices get full admin",
                    "gateway.auth.trustedProxy.deviceAutoApprove.scopes includes operator.admin, so every proxy-authenticated user can pair an admin device.",
                )
                .fix("Remove operator.admin and grant admin per identity (gateway.auth.identityScopes)."),
            );
        }
    }
    let allow_users = field("allowUsers").and_then(Value::as_array).map_or(0, Vec::len);
    if allow_users == 0 {
        out.push(
            Finding::new(
                "gateway.trusted_proxy_no_allowlist",
                Severity::Warn,
                "Trusted-proxy auth admits every proxy user",
                "gateway.auth.trustedProxy.allowUsers is empty, so anyone your proxy authenticates reaches the gateway.",
            )
            .fix("List the permitted users in gateway.auth.trustedProxy.allowUsers."),
        );
    }
    out
}

/// `gateway.http.no_auth`: the HTTP API answers without a secret.
pub fn http_no_auth(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    if auth::http_auth_resolved(&auth::resolve(facts, true)) {
        return Vec::new();
    }
    let mut endpoints = vec!["/tools/invoke"];
    if tree::is_true(cfg, "gateway.http.endpoints.chatCompletions.enabled") {
        endpoints.push("/v1/chat/completions");
    }
    if tree::is_true(cfg, "gateway.http.endpoints.responses.enabled") {
        endpoints.push("/v1/responses");
    }
    if tree::obj_at(cfg, "plugins.entries")
        .and_then(|e| e.get("admin-http-rpc"))
        .and_then(|e| tree::get(e, "enabled"))
        .and_then(Value::as_bool)
        == Some(true)
    {
        endpoints.push("/api/v1/admin/rpc");
    }
    vec![
        Finding::new(
            "gateway.http.no_auth",
            Severity::warn_or_critical(auth::remotely_exposed(cfg)),
            "Gateway HTTP API needs no secret",
            format!("No gateway token or password is in force, so {} can be called without a secret.", endpoints.join(", ")),
        )
        .fix("Set gateway.auth.mode to token or password; if you keep it open, stay on loopback and disable the optional HTTP endpoints."),
    ]
}

/// `gateway.http.session_key_override_enabled`: OpenAI-compatible endpoints route by header.
pub fn http_session_key_override(cfg: &Value) -> Vec<Finding> {
    let mut endpoints = Vec::new();
    if tree::is_true(cfg, "gateway.http.endpoints.chatCompletions.enabled") {
        endpoints.push("/v1/chat/completions");
    }
    if tree::is_true(cfg, "gateway.http.endpoints.responses.enabled") {
        endpoints.push("/v1/responses");
    }
    if endpoints.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        "gateway.http.session_key_override_enabled",
        Severity::Info,
        "HTTP API callers can pick the session",
        format!(
            "{} honour x-openclaw-session-key, so whoever holds an API credential can route into any session.",
            endpoints.join(", ")
        ),
    )]
}
