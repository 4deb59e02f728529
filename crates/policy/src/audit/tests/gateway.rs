//! Gateway exposure and auth checks, and the deep-probe findings.

use serde_json::json;

use super::*;
use crate::audit::facts::{DeepFacts, GatewayProbe};

fn token(t: &str) -> serde_json::Value {
    json!({"gateway": {"auth": {"mode": "token", "token": t}}})
}

#[test]
fn bind_and_loopback_auth() {
    check_rows(vec![
        row("lan bind without any secret", json!({"gateway": {"bind": "lan"}}), "gateway.bind_no_auth", C),
        row(
            "lan bind with a token",
            json!({"gateway": {"bind": "lan", "auth": {"token": GOOD_TOKEN}}}),
            "gateway.bind_no_auth",
            NO,
        ),
        row(
            "trusted-proxy counts as auth for the bind check",
            json!({"gateway": {"bind": "lan", "auth": {"mode": "trusted-proxy"}}}),
            "gateway.bind_no_auth",
            NO,
        ),
        row(
            "explicit none on lan",
            json!({"gateway": {"bind": "lan", "auth": {"mode": "none"}}}),
            "gateway.bind_no_auth",
            C,
        ),
        row_with(
            "env token is auth",
            with_env(facts(json!({"gateway": {"bind": "lan"}})), &[("OPENCLAW_GATEWAY_TOKEN", GOOD_TOKEN)]),
            "gateway.bind_no_auth",
            NO,
        ),
        row(
            "mode token but only a password",
            json!({"gateway": {"bind": "lan", "auth": {"mode": "token", "password": "p"}}}),
            "gateway.bind_no_auth",
            C,
        ),
        row(
            "remote token counts",
            json!({"gateway": {"bind": "lan", "remote": {"token": GOOD_TOKEN}}}),
            "gateway.bind_no_auth",
            NO,
        ),
        row(
            "opaque SecretRef counts as configured",
            json!({"gateway": {"bind": "lan", "auth": {"token": {"source": "file", "provider": "default", "id": "/x"}}}}),
            "gateway.bind_no_auth",
            NO,
        ),
        row("empty config on loopback", json!({}), "gateway.loopback_no_auth", C),
        row("control UI off", json!({"gateway": {"controlUi": {"enabled": false}}}), "gateway.loopback_no_auth", NO),
        row(
            "tailscale serve allows tailscale auth by default",
            json!({"gateway": {"tailscale": {"mode": "serve"}}}),
            "gateway.loopback_no_auth",
            NO,
        ),
        row(
            "tailscale serve with allowTailscale false",
            json!({"gateway": {"tailscale": {"mode": "serve"}, "auth": {"allowTailscale": false}}}),
            "gateway.loopback_no_auth",
            C,
        ),
        row("token on loopback", token(GOOD_TOKEN), "gateway.loopback_no_auth", NO),
    ]);
}

#[test]
fn unresolved_env_reference_is_not_a_secret() {
    let mut f = facts(json!({"gateway": {"auth": {"mode": "password", "password": "${MISSING}"}}}));
    f.unresolved_paths.insert("gateway.auth.password".to_owned());
    let report = run_audit(&f);
    assert_eq!(severity(&report, "gateway.loopback_no_auth"), C);
    assert_eq!(severity(&report, "config.secrets.gateway_password_in_config"), NO);
    assert_eq!(severity(&report, "gateway.password_placeholder_value"), NO);
}

#[test]
fn reverse_proxy_origin_and_discovery() {
    check_rows(vec![
        row("loopback, UI on, no proxies", json!({}), "gateway.trusted_proxies_missing", W),
        row(
            "proxies listed",
            json!({"gateway": {"trustedProxies": ["10.0.0.1"]}}),
            "gateway.trusted_proxies_missing",
            NO,
        ),
        row(
            "not loopback",
            json!({"gateway": {"bind": "lan", "auth": {"token": GOOD_TOKEN}}}),
            "gateway.trusted_proxies_missing",
            NO,
        ),
        row(
            "lan without origins",
            json!({"gateway": {"bind": "lan", "auth": {"token": GOOD_TOKEN}}}),
            "gateway.control_ui.allowed_origins_required",
            C,
        ),
        row(
            "lan with origins",
            json!({"gateway": {"bind": "lan", "controlUi": {"allowedOrigins": ["https://a.example"]}}}),
            "gateway.control_ui.allowed_origins_required",
            NO,
        ),
        row(
            "host header fallback replaces origins",
            json!({"gateway": {"bind": "lan", "controlUi": {"dangerouslyAllowHostHeaderOriginFallback": true}}}),
            "gateway.control_ui.allowed_origins_required",
            NO,
        ),
        row(
            "wildcard origin on loopback",
            json!({"gateway": {"controlUi": {"allowedOrigins": ["*"]}}}),
            "gateway.control_ui.allowed_origins_wildcard",
            W,
        ),
        row(
            "wildcard origin on lan escalates",
            json!({"gateway": {"bind": "lan", "controlUi": {"allowedOrigins": ["*"]}}}),
            "gateway.control_ui.allowed_origins_wildcard",
            C,
        ),
        row(
            "host header fallback on loopback",
            json!({"gateway": {"controlUi": {"dangerouslyAllowHostHeaderOriginFallback": true}}}),
            "gateway.control_ui.host_header_origin_fallback",
            W,
        ),
        row(
            "host header fallback on lan",
            json!({"gateway": {"bind": "lan", "controlUi": {"dangerouslyAllowHostHeaderOriginFallback": true}}}),
            "gateway.control_ui.host_header_origin_fallback",
            C,
        ),
        row(
            "real-ip fallback on loopback",
            json!({"gateway": {"allowRealIpFallback": true}}),
            "gateway.real_ip_fallback_enabled",
            W,
        ),
        row(
            "real-ip fallback off",
            json!({"gateway": {"allowRealIpFallback": false}}),
            "gateway.real_ip_fallback_enabled",
            NO,
        ),
        row(
            "real-ip fallback on lan",
            json!({"gateway": {"bind": "lan", "allowRealIpFallback": true}}),
            "gateway.real_ip_fallback_enabled",
            C,
        ),
        row(
            "trusted-proxy with remote proxy escalates",
            json!({"gateway": {"allowRealIpFallback": true, "trustedProxies": ["10.0.0.2"], "auth": {"mode": "trusted-proxy"}}}),
            "gateway.real_ip_fallback_enabled",
            C,
        ),
        row(
            "trusted-proxy with loopback /32 only",
            json!({"gateway": {"allowRealIpFallback": true, "trustedProxies": ["127.0.0.1/32", "::1"], "auth": {"mode": "trusted-proxy"}}}),
            "gateway.real_ip_fallback_enabled",
            W,
        ),
        row("mdns full on loopback", json!({"discovery": {"mdns": {"mode": "full"}}}), "discovery.mdns_full_mode", W),
        row(
            "mdns full on lan",
            json!({"gateway": {"bind": "lan"}, "discovery": {"mdns": {"mode": "full"}}}),
            "discovery.mdns_full_mode",
            C,
        ),
        row("mdns minimal", json!({"discovery": {"mdns": {"mode": "minimal"}}}), "discovery.mdns_full_mode", NO),
        row("funnel", json!({"gateway": {"tailscale": {"mode": "funnel"}}}), "gateway.tailscale_funnel", C),
        row("serve", json!({"gateway": {"tailscale": {"mode": "serve"}}}), "gateway.tailscale_serve", I),
        row("tailscale off", json!({"gateway": {"tailscale": {"mode": "off"}}}), "gateway.tailscale_serve", NO),
        row("mcp apps on", json!({"mcp": {"apps": {"enabled": true}}}), "mcp.apps.enabled", W),
        row("mcp apps off", json!({"mcp": {"apps": {"enabled": false}}}), "mcp.apps.enabled", NO),
        row(
            "rate limit missing on lan",
            json!({"gateway": {"bind": "lan", "auth": {"token": GOOD_TOKEN}}}),
            "gateway.auth_no_rate_limit",
            W,
        ),
        row(
            "rate limit set",
            json!({"gateway": {"bind": "lan", "auth": {"token": GOOD_TOKEN, "rateLimit": {"maxAttempts": 5}}}}),
            "gateway.auth_no_rate_limit",
            NO,
        ),
        row(
            "trusted-proxy needs no rate limit",
            json!({"gateway": {"bind": "lan", "auth": {"mode": "trusted-proxy"}}}),
            "gateway.auth_no_rate_limit",
            NO,
        ),
    ]);
}

#[test]
fn control_ui_toggles_of_the_security_document() {
    check_rows(vec![
        row(
            "allowInsecureAuth on",
            json!({"gateway": {"controlUi": {"allowInsecureAuth": true}}}),
            "gateway.control_ui.insecure_auth",
            W,
        ),
        row(
            "allowInsecureAuth off",
            json!({"gateway": {"controlUi": {"allowInsecureAuth": false}}}),
            "gateway.control_ui.insecure_auth",
            NO,
        ),
        row(
            "device auth disabled",
            json!({"gateway": {"controlUi": {"dangerouslyDisableDeviceAuth": true}}}),
            "gateway.control_ui.device_auth_disabled",
            C,
        ),
        row("device auth kept", json!({}), "gateway.control_ui.device_auth_disabled", NO),
    ]);
    let report = run_audit(&facts(
        json!({"gateway": {"controlUi": {"allowInsecureAuth": true, "dangerouslyDisableDeviceAuth": true}}}),
    ));
    let flags: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.check_id == "config.insecure_or_dangerous_flags")
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(
        flags,
        [
            "Detected enabled flag: gateway.controlUi.allowInsecureAuth=true.",
            "Detected enabled flag: gateway.controlUi.dangerouslyDisableDeviceAuth=true."
        ]
    );
}

#[test]
fn tools_invoke_over_http() {
    check_rows(vec![
        row(
            "exec re-enabled on loopback",
            json!({"gateway": {"tools": {"allow": ["exec"]}}}),
            "gateway.tools_invoke_http.dangerous_allow",
            W,
        ),
        row(
            "case-insensitive, funnel escalates",
            json!({"gateway": {"tailscale": {"mode": "funnel"}, "tools": {"allow": ["GATEWAY"]}}}),
            "gateway.tools_invoke_http.dangerous_allow",
            C,
        ),
        row(
            "lan escalates",
            json!({"gateway": {"bind": "lan", "tools": {"allow": ["sessions_spawn"]}}}),
            "gateway.tools_invoke_http.dangerous_allow",
            C,
        ),
        row(
            "serve does not escalate",
            json!({"gateway": {"tailscale": {"mode": "serve"}, "tools": {"allow": ["nodes"]}}}),
            "gateway.tools_invoke_http.dangerous_allow",
            W,
        ),
        row(
            "benign tool",
            json!({"gateway": {"tools": {"allow": ["web_search"]}}}),
            "gateway.tools_invoke_http.dangerous_allow",
            NO,
        ),
    ]);
}

#[test]
fn secret_strength_and_placeholders() {
    check_rows(vec![
        row("23 characters", token(&"a1b2c3d4e5f6g7h8i9j0k1l"[..23]), "gateway.token_too_short", W),
        row("24 characters pass", token("a1b2c3d4e5f6g7h8i9j0k1l2"), "gateway.token_too_short", NO),
        row(
            "blank token is a placeholder",
            json!({"gateway": {"auth": {"token": ""}}}),
            "gateway.token_placeholder_value",
            C,
        ),
        row("literal undefined", token("undefined"), "gateway.token_placeholder_value", C),
        row("literal null", token(" null "), "gateway.token_placeholder_value", C),
        row_with(
            "env token judged when config has none",
            with_env(facts(json!({})), &[("OPENCLAW_GATEWAY_TOKEN", "short")]),
            "gateway.token_too_short",
            W,
        ),
        row(
            "password mode short",
            json!({"gateway": {"auth": {"mode": "password", "password": "pw"}}}),
            "gateway.password_too_short",
            W,
        ),
        row(
            "password placeholder",
            json!({"gateway": {"auth": {"mode": "password", "password": "undefined"}}}),
            "gateway.password_placeholder_value",
            C,
        ),
        row(
            "opaque SecretRef is not judged",
            json!({"gateway": {"auth": {"mode": "token", "token": {"source": "exec", "provider": "p", "id": "x"}}}}),
            "gateway.token_too_short",
            NO,
        ),
        row_with(
            "env SecretRef is judged by its value",
            with_env(
                facts(
                    json!({"gateway": {"auth": {"mode": "token", "token": {"source": "env", "provider": "default", "id": "MYTOK"}}}}),
                ),
                &[("MYTOK", "short")],
            ),
            "gateway.token_too_short",
            W,
        ),
        row_with(
            "--token override is judged",
            with_override(facts(json!({})), "token", Some("abc"), None),
            "gateway.token_too_short",
            W,
        ),
    ]);
}

#[test]
fn token_source_conflict() {
    check_rows(vec![
        row_with(
            "config and env differ",
            with_env(facts(token(GOOD_TOKEN)), &[("OPENCLAW_GATEWAY_TOKEN", "other-token-value-0123456789")]),
            "gateway.env_token_overrides_config",
            W,
        ),
        row_with(
            "same value",
            with_env(facts(token(GOOD_TOKEN)), &[("OPENCLAW_GATEWAY_TOKEN", GOOD_TOKEN)]),
            "gateway.env_token_overrides_config",
            NO,
        ),
        row_with(
            "password mode ignores it",
            with_env(
                facts(json!({"gateway": {"auth": {"mode": "password", "token": GOOD_TOKEN}}})),
                &[("OPENCLAW_GATEWAY_TOKEN", "x")],
            ),
            "gateway.env_token_overrides_config",
            NO,
        ),
        row_with(
            "managed service",
            with_env(
                facts(token(GOOD_TOKEN)),
                &[("OPENCLAW_GATEWAY_TOKEN", "x"), ("OPENCLAW_SERVICE_KIND", "gateway")],
            ),
            "gateway.env_token_overrides_config",
            NO,
        ),
        row_with(
            "env ref to the same variable",
            with_env(
                facts(
                    json!({"gateway": {"auth": {"token": {"source": "env", "provider": "default", "id": "OPENCLAW_GATEWAY_TOKEN"}}}}),
                ),
                &[("OPENCLAW_GATEWAY_TOKEN", "x")],
            ),
            "gateway.env_token_overrides_config",
            NO,
        ),
    ]);
}

#[test]
fn trusted_proxy_mode() {
    let base = |extra: serde_json::Value| {
        let mut cfg = json!({"gateway": {"trustedProxies": ["10.0.0.1"], "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-user", "allowUsers": ["a@b"]}}}});
        if let (Some(tp), Some(extra)) =
            (cfg.pointer_mut("/gateway/auth/trustedProxy").and_then(|v| v.as_object_mut()), extra.as_object())
        {
            for (k, v) in extra {
                tp.insert(k.clone(), v.clone());
            }
        }
        cfg
    };
    check_rows(vec![
        row("always reminded", base(json!({})), "gateway.trusted_proxy_auth", C),
        row("complete setup has no other finding", base(json!({})), "gateway.trusted_proxy_no_user_header", NO),
        row(
            "no proxies",
            json!({"gateway": {"auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x"}}}}),
            "gateway.trusted_proxy_no_proxies",
            C,
        ),
        row("no user header", base(json!({"userHeader": ""})), "gateway.trusted_proxy_no_user_header", C),
        row("no allowlist", base(json!({"allowUsers": []})), "gateway.trusted_proxy_no_allowlist", W),
        row("allowlist set", base(json!({})), "gateway.trusted_proxy_no_allowlist", NO),
        row("loopback allowed", base(json!({"allowLoopback": true})), "gateway.trusted_proxy_allow_loopback", W),
        row(
            "auto approve",
            base(json!({"deviceAutoApprove": {"enabled": true}})),
            "gateway.trusted_proxy_device_auto_approve",
            W,
        ),
        row(
            "auto approve with admin",
            base(json!({"deviceAutoApprove": {"enabled": true, "scopes": ["operator.admin"]}})),
            "gateway.trusted_proxy_device_auto_approve_admin",
            C,
        ),
        row(
            "admin scope without auto approve",
            base(json!({"deviceAutoApprove": {"enabled": false, "scopes": ["operator.admin"]}})),
            "gateway.trusted_proxy_device_auto_approve_admin",
            NO,
        ),
        row("--auth trusted-proxy override", json!({}), "gateway.trusted_proxy_auth", NO),
        row_with(
            "override enables it",
            with_override(facts(json!({})), "trusted-proxy", None, None),
            "gateway.trusted_proxy_auth",
            C,
        ),
    ]);
}

#[test]
fn http_endpoints() {
    check_rows(vec![
        row("no secret on loopback", json!({}), "gateway.http.no_auth", W),
        row("no secret on lan", json!({"gateway": {"bind": "lan"}}), "gateway.http.no_auth", C),
        row("serve counts as remote", json!({"gateway": {"tailscale": {"mode": "serve"}}}), "gateway.http.no_auth", C),
        row("token present", token(GOOD_TOKEN), "gateway.http.no_auth", NO),
        row("token mode without token", json!({"gateway": {"auth": {"mode": "token"}}}), "gateway.http.no_auth", W),
        row("trusted-proxy", json!({"gateway": {"auth": {"mode": "trusted-proxy"}}}), "gateway.http.no_auth", NO),
        row_with(
            "--auth none override",
            with_override(facts(token(GOOD_TOKEN)), "none", None, None),
            "gateway.http.no_auth",
            W,
        ),
        row(
            "session key override",
            json!({"gateway": {"http": {"endpoints": {"responses": {"enabled": true}}}}}),
            "gateway.http.session_key_override_enabled",
            I,
        ),
        row(
            "endpoints off",
            json!({"gateway": {"http": {"endpoints": {"responses": {"enabled": false}}}}}),
            "gateway.http.session_key_override_enabled",
            NO,
        ),
    ]);
    let report = run_audit(&facts(json!({"plugins": {"entries": {"admin-http-rpc": {"enabled": true}}}})));
    let detail = report
        .findings
        .iter()
        .find(|f| f.check_id == "gateway.http.no_auth")
        .map(|f| f.detail.clone())
        .unwrap_or_default();
    assert!(detail.contains("/api/v1/admin/rpc"), "{detail}");
}

#[test]
fn deep_probe_findings() {
    let mut f = facts(token(GOOD_TOKEN));
    f.deep = Some(DeepFacts {
        gateway: GatewayProbe {
            attempted: true,
            url: "ws://127.0.0.1:1".to_owned(),
            ok: false,
            error: Some("connect ECONNREFUSED 127.0.0.1:1".to_owned()),
            ..GatewayProbe::default()
        },
        auth_warning: Some("gateway.auth.token SecretRef unavailable".to_owned()),
        code_scans: Vec::new(),
    });
    let report = run_audit(&f);
    assert_eq!(severity(&report, "gateway.probe_failed"), W);
    assert_eq!(severity(&report, "gateway.probe_auth_secretref_unavailable"), W);
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["deep"]["gateway"]["error"], "connect ECONNREFUSED 127.0.0.1:1");
    assert_eq!(v["deep"]["gateway"]["close"], serde_json::Value::Null);

    let mut ok = facts(token(GOOD_TOKEN));
    ok.deep = Some(DeepFacts {
        gateway: GatewayProbe { attempted: true, ok: true, ..GatewayProbe::default() },
        ..DeepFacts::default()
    });
    assert_eq!(severity(&run_audit(&ok), "gateway.probe_failed"), NO);
}

#[test]
fn browser_checks_run_only_with_deep() {
    let mut f = facts(json!({"browser": {"profiles": {"remote": {"cdpUrl": "http://192.168.1.5:9222"}}}}));
    assert_eq!(severity(&run_audit(&f), "browser.control_no_auth"), NO);
    f.deep = Some(DeepFacts::default());
    let report = run_audit(&f);
    assert_eq!(severity(&report, "browser.control_no_auth"), C);
    assert_eq!(severity(&report, "browser.extension_relay_legacy_auth"), W);
    assert_eq!(severity(&report, "browser.remote_cdp_http"), W);
    assert_eq!(severity(&report, "browser.remote_cdp_private_host"), W);
    let mut off = facts(json!({"browser": {"enabled": false}}));
    off.deep = Some(DeepFacts::default());
    assert_eq!(severity(&run_audit(&off), "browser.extension_relay_legacy_auth"), NO);
    let mut bad = facts(json!({"browser": {"cdpUrl": "not a url"}}));
    bad.deep = Some(DeepFacts::default());
    assert_eq!(severity(&run_audit(&bad), "browser.control_invalid_config"), W);
    let mut tokened = facts(
        json!({"gateway": {"auth": {"token": GOOD_TOKEN}}, "browser": {"extensionRelay": {"allowLegacyAuth": false}}}),
    );
    tokened.deep = Some(DeepFacts::default());
    let quiet = run_audit(&tokened);
    assert_eq!(severity(&quiet, "browser.control_no_auth"), NO);
    assert_eq!(severity(&quiet, "browser.extension_relay_legacy_auth"), NO);
}
