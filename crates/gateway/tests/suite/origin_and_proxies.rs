//! Browser origins, client addresses behind trusted proxies, Tailscale Serve identity, and
//! the failed-auth lockout.

use std::collections::HashMap;

use openclaw_gateway::tailscale::WhoisIdentity;
use serde_json::json;

use super::client::{Client, cli_params};
use super::devices::{REMOTE, behind_proxy};
use super::harness::{Start, TOKEN, TestGateway};

fn control_ui_params() -> serde_json::Value {
    let mut params = cli_params(Some(TOKEN));
    params["client"] = json!({"id": "openclaw-control-ui", "version": "t", "platform": "web", "mode": "ui"});
    params
}

#[test]
fn browser_origins_must_be_allowed() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ allowedOrigins: ['https://ui.example.com'], dangerouslyDisableDeviceAuth: true }} }} }}"
    ));
    let mut evil = Client::open_with(&gw.ws_url(), &[("origin", "https://evil.example.com")]);
    let res = evil.connect(control_ui_params());
    assert_eq!(
        res["error"]["message"],
        "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)"
    );
    assert_eq!(evil.closed().0, 1008);
    let mut null = Client::open_with(&gw.ws_url(), &[("origin", "null")]);
    assert_eq!(null.connect(control_ui_params())["ok"], false);
    let mut good = Client::open_with(&gw.ws_url(), &[("origin", "https://ui.example.com")]);
    assert_eq!(good.connect(control_ui_params())["ok"], true);
    let mut local = Client::open_with(&gw.ws_url(), &[("origin", "http://127.0.0.1:5173")]);
    assert_eq!(local.connect(control_ui_params())["ok"], true, "loopback page on a loopback gateway");
}

#[test]
fn the_control_ui_needs_a_device_identity_unless_explicitly_disabled() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open_with(&gw.ws_url(), &[("origin", "http://127.0.0.1:18789")]);
    let res = c.connect(control_ui_params());
    assert_eq!(res["error"]["details"]["code"], "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", "{res}");
    // The Control UI is a browser page: no Origin header at all is refused first.
    let mut bare = Client::open(&gw.ws_url());
    assert_eq!(bare.connect(control_ui_params())["error"]["details"]["code"], "CONTROL_UI_ORIGIN_NOT_ALLOWED");
}

#[test]
fn ten_failures_lock_a_remote_address_out_and_the_lockout_ends() {
    let gw = behind_proxy();
    for n in 0..10 {
        let mut c = Client::open_with(&gw.ws_url(), REMOTE);
        let res = c.connect(cli_params(Some("wrong")));
        assert_eq!(res["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH", "attempt {n}");
    }
    let mut locked = Client::open_with(&gw.ws_url(), REMOTE);
    let res = locked.connect(cli_params(Some(TOKEN)));
    assert_eq!(res["error"]["details"]["code"], "AUTH_RATE_LIMITED", "even the right token waits: {res}");
    assert!(res["error"]["retryAfterMs"].as_i64().unwrap() > 0);

    // Another address is not affected.
    let mut other = Client::open_with(&gw.ws_url(), &[("x-forwarded-for", "198.51.100.7")]);
    assert_eq!(other.connect(cli_params(Some(TOKEN)))["ok"], true);

    gw.advance(5 * 60_000 + 1);
    let mut later = Client::open_with(&gw.ws_url(), REMOTE);
    assert_eq!(later.connect(cli_params(Some(TOKEN)))["ok"], true, "the lockout ends");
}

#[test]
fn loopback_is_exempt_from_the_lockout_but_browser_origins_are_not() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ dangerouslyDisableDeviceAuth: true }} }} }}"
    ));
    for _ in 0..12 {
        let mut c = Client::open(&gw.ws_url());
        assert_eq!(c.connect(cli_params(Some("wrong")))["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH");
    }
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true, "loopback CLI never locked out");

    let mut params = control_ui_params();
    params["auth"] = json!({"token": "wrong"});
    for _ in 0..10 {
        let mut c = Client::open_with(&gw.ws_url(), &[("origin", "http://127.0.0.1:18789")]);
        c.connect(params.clone());
    }
    let mut c = Client::open_with(&gw.ws_url(), &[("origin", "http://127.0.0.1:18789")]);
    let res = c.connect(control_ui_params());
    assert_eq!(res["error"]["details"]["code"], "AUTH_RATE_LIMITED", "{res}");
}

#[test]
fn proxy_headers_from_an_untrusted_peer_make_a_client_non_local() {
    // No trusted proxies: a forwarded header from 127.0.0.1 is suspicious, so the device is
    // not auto-approved.
    let gw = TestGateway::with_token("");
    let id = super::client::identity(9);
    let mut c = Client::open_with(&gw.ws_url(), &[("x-forwarded-for", "127.0.0.1")]);
    let mut params = cli_params(Some(TOKEN));
    super::client::sign(&mut params, &id, &c.nonce.clone(), gw.now_ms());
    let res = c.connect(params);
    assert_eq!(res["error"]["details"]["code"], "PAIRING_REQUIRED", "{res}");
}

#[test]
fn tailscale_serve_identity_is_verified_with_whois() {
    let config = "{ gateway: { mode: 'local', tailscale: { mode: 'serve' }, auth: { mode: 'token', token: 'unused-token-0123456789abcdef' } } }";
    let mut whois = HashMap::new();
    whois.insert(
        "100.64.0.7".parse().unwrap(),
        WhoisIdentity { login: "ada@example.com".into(), name: Some("Ada".into()) },
    );
    let gw = TestGateway::try_start(config, Start { whois, ..Start::default() }).unwrap();
    let serve = |login: &str, ip: &str| {
        let headers = [
            ("tailscale-user-login", login),
            ("x-forwarded-for", ip),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "gw.tailnet.ts.net"),
        ];
        let mut c = Client::open_with(&gw.ws_url(), &headers);
        c.connect(cli_params(None))
    };
    assert_eq!(serve("ada@example.com", "100.64.0.7")["payload"]["auth"]["method"], "tailscale");
    let mismatch = serve("eve@example.com", "100.64.0.7");
    assert_eq!(mismatch["error"]["details"]["code"], "AUTH_TAILSCALE_IDENTITY_MISMATCH", "{mismatch}");
    let unknown = serve("ada@example.com", "100.64.0.8");
    assert_eq!(unknown["error"]["details"]["code"], "AUTH_TAILSCALE_WHOIS_FAILED", "{unknown}");
}

#[test]
fn trusted_proxy_mode_takes_the_user_the_proxy_names() {
    let gw = TestGateway::start(
        "{ gateway: { mode: 'local', trustedProxies: ['127.0.0.1'], auth: { mode: 'trusted-proxy', \
         trustedProxy: { userHeader: 'x-forwarded-user', allowUsers: ['ada@example.com'], allowLoopback: true } } } }",
    );
    let via_proxy = |user: Option<&str>| {
        let mut headers = vec![("x-forwarded-for", "198.51.100.20")];
        if let Some(user) = user {
            headers.push(("x-forwarded-user", user));
        }
        let mut c = Client::open_with(&gw.ws_url(), &headers);
        c.connect(cli_params(None))
    };
    assert_eq!(via_proxy(Some("ada@example.com"))["payload"]["auth"]["method"], "trusted-proxy");
    let stranger = via_proxy(Some("eve@example.com"));
    assert_eq!(stranger["ok"], false, "{stranger}");
    let anonymous = via_proxy(None);
    assert_eq!(anonymous["ok"], false, "{anonymous}");
}
