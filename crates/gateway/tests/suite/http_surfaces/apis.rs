//! The authenticated HTTP APIs: `/tools/invoke` (auth, lockout, validation, the tool deny
//! list), the OpenAI-compatible endpoints and the `/api/channels/*` prefix.

use std::collections::HashMap;

use openclaw_gateway::tailscale::WhoisIdentity;
use serde_json::{Value, json};

use super::{UNAUTHORIZED, bearer, get, post, send};
use crate::suite::harness::{Start, TOKEN, TestGateway};

#[test]
fn tools_invoke_is_post_only_and_authenticated() {
    let gw = TestGateway::with_token("");
    let get = get(&gw, "/tools/invoke", &[("Authorization", &bearer(TOKEN))]);
    assert_eq!((get.status, get.header("allow"), get.text().as_str()), (405, Some("POST"), "Method Not Allowed"));
    for headers in [vec![], vec![("Authorization", "Bearer wrong")], vec![("Authorization", "Basic abc")]] {
        let reply = post(&gw, "/tools/invoke", &headers, r#"{"tool":"exec"}"#);
        assert_eq!((reply.status, reply.text().as_str()), (401, UNAUTHORIZED));
    }
}

#[test]
fn tools_invoke_requests_are_strictly_validated() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    let headers = [("Authorization", auth.as_str())];
    let invalid = |message: &str| json!({"ok": false, "error": {"type": "invalid_request", "message": message}});
    let cases = [
        ("", invalid("tools.invoke requires name")),
        (r#"[]"#, invalid("tools.invoke requires name")),
        (r#"{"tool":5}"#, invalid("tools.invoke requires name")),
        (r#"{"tool":"  "}"#, invalid("tools.invoke requires name")),
        (r#"{"tool":"x","args":"a=b"}"#, invalid("args must be an object")),
        (r#"{"tool":"x","action":1}"#, invalid("action must be a string")),
        (r#"{"tool":"x","sessionKey":5}"#, invalid("sessionKey must be a string")),
        (r#"{"tool":"x","dryRun":"yes"}"#, invalid("dryRun must be a boolean")),
        (r#"{"tool":"x","agentId":"nope"}"#, invalid("Unknown agent id \"nope\"")),
    ];
    for (body, expected) in cases {
        let reply = post(&gw, "/tools/invoke", &headers, body);
        assert_eq!((reply.status, reply.json()), (400, expected), "{body}");
    }
    let not_json = post(&gw, "/tools/invoke", &headers, "nope");
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.json()["error"]["type"], "invalid_request_error");
}

fn tool_not_available(name: &str) -> Value {
    json!({"ok": false, "error": {"type": "not_found", "message": format!("Tool not available: {name}")}})
}

#[test]
fn denied_and_unknown_tools_get_the_same_404() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    let headers = [("Authorization", auth.as_str())];
    for (body, name) in [
        (r#"{"tool":"exec"}"#, "exec"),
        (r#"{"tool":"sessions_spawn","args":{}}"#, "sessions_spawn"),
        (r#"{"name":"gateway","action":"restart"}"#, "gateway"),
        (r#"{"tool":"whatsapp_login"}"#, "whatsapp_login"),
        (r#"{"tool":"cron"}"#, "automations"),
        (r#"{"tool":"read","sessionKey":"main","dryRun":true}"#, "read"),
        (r#"{"tool":"no_such_tool"}"#, "no_such_tool"),
    ] {
        let reply = post(&gw, "/tools/invoke", &headers, body);
        assert_eq!((reply.status, reply.json()), (404, tool_not_available(name)), "{body}");
    }
}

#[test]
fn gateway_tools_allow_and_deny_change_the_list_without_revealing_it() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, tools: {{ allow: ['exec'], deny: ['read', 'web_*'] }} }} }}"
    ));
    let auth = bearer(TOKEN);
    for name in ["exec", "read", "web_fetch", "sessions_send"] {
        let reply = post(&gw, "/tools/invoke", &[("Authorization", auth.as_str())], &json!({"tool": name}).to_string());
        assert_eq!((reply.status, reply.json()), (404, tool_not_available(name)), "{name}");
    }
}

#[test]
fn tools_invoke_bodies_over_two_mib_are_413() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    let length = (2 * 1024 * 1024 + 1).to_string();
    let reply =
        send(&gw, "POST", "/tools/invoke", &[("Authorization", &auth), ("Content-Length", &length)], Some(b"{"));
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json(), json!({"error": {"message": "Payload too large", "type": "invalid_request_error"}}));
    assert_eq!(reply.header("connection"), Some("close"));
}

#[test]
fn http_auth_failures_lock_out_remote_clients() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, trustedProxies: ['127.0.0.1'] }} }}"
    ));
    let remote = [("X-Forwarded-For", "203.0.113.9"), ("Authorization", "Bearer wrong")];
    for attempt in 1..=10 {
        assert_eq!(post(&gw, "/tools/invoke", &remote, "{}").status, 401, "attempt {attempt}");
    }
    let locked = post(&gw, "/tools/invoke", &remote, "{}");
    assert_eq!(locked.status, 429);
    assert_eq!(
        locked.json(),
        json!({"error": {"message": "Too many failed authentication attempts. Please try again later.", "type": "rate_limited"}})
    );
    assert_eq!(locked.header("retry-after"), Some("300"));
    // Locked out even with the right token, until the lockout ends.
    let right = [("X-Forwarded-For", "203.0.113.9"), ("Authorization", &bearer(TOKEN) as &str)];
    assert_eq!(post(&gw, "/tools/invoke", &right, r#"{"tool":"x"}"#).status, 429);
    // Another client is not affected; a missing token is not a guess and is not counted.
    let other = [("X-Forwarded-For", "203.0.113.10")];
    for _ in 0..12 {
        assert_eq!(post(&gw, "/tools/invoke", &other, "{}").status, 401);
    }
    gw.advance(300_001);
    assert_eq!(post(&gw, "/tools/invoke", &right, r#"{"tool":"x"}"#).status, 404);
}

#[test]
fn loopback_clients_are_not_locked_out_of_the_http_api_by_default() {
    // A low limit keeps the test fast: exempt loopback failures are slowed down, not refused.
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}', rateLimit: {{ maxAttempts: 2 }} }} }} }}"
    ));
    for _ in 0..3 {
        assert_eq!(post(&gw, "/tools/invoke", &[("Authorization", "Bearer wrong")], "{}").status, 401);
    }
    assert_eq!(post(&gw, "/tools/invoke", &[("Authorization", &bearer(TOKEN))], r#"{"tool":"x"}"#).status, 404);
    let strict = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}', rateLimit: {{ maxAttempts: 2, exemptLoopback: false }} }} }} }}"
    ));
    for _ in 0..2 {
        assert_eq!(post(&strict, "/tools/invoke", &[("Authorization", "Bearer wrong")], "{}").status, 401);
    }
    let locked = post(&strict, "/tools/invoke", &[("Authorization", "Bearer wrong")], "{}");
    assert_eq!((locked.status, locked.header("retry-after")), (429, Some("300")));
}

#[test]
fn password_mode_takes_the_password_as_bearer() {
    let gw = TestGateway::start(
        "{ gateway: { mode: 'local', auth: { mode: 'password', password: 'correct horse battery staple' } } }",
    );
    let ok = post(&gw, "/tools/invoke", &[("Authorization", "Bearer correct horse battery staple")], r#"{"tool":"x"}"#);
    assert_eq!(ok.status, 404);
    assert_eq!(post(&gw, "/tools/invoke", &[("Authorization", "Bearer wrong")], r#"{"tool":"x"}"#).status, 401);
}

#[test]
fn tailscale_identity_headers_never_authenticate_the_http_api() {
    let mut whois = HashMap::new();
    whois.insert("100.64.0.7".parse().unwrap(), WhoisIdentity { login: "alice@example.com".into(), name: None });
    let gw = TestGateway::try_start(
        &format!(
            "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}', allowTailscale: true }}, tailscale: {{ mode: 'serve' }} }} }}"
        ),
        Start { whois, ..Start::default() },
    )
    .unwrap();
    let headers = [
        ("Tailscale-User-Login", "alice@example.com"),
        ("Tailscale-User-Name", "Alice"),
        ("X-Forwarded-For", "100.64.0.7"),
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "gw.tailnet.ts.net"),
    ];
    let reply = post(&gw, "/tools/invoke", &headers, r#"{"tool":"x"}"#);
    assert_eq!((reply.status, reply.text().as_str()), (401, UNAUTHORIZED));
}

#[test]
fn auth_mode_none_admits_local_callers_but_not_foreign_pages() {
    let gw = TestGateway::start("{ gateway: { mode: 'local', auth: { mode: 'none' } } }");
    let local = post(&gw, "/tools/invoke", &[], "{}");
    assert_eq!(
        local.json(),
        json!({"ok": false, "error": {"type": "invalid_request", "message": "tools.invoke requires name"}})
    );
    let foreign = post(&gw, "/tools/invoke", &[("Origin", "https://evil.example.com")], "{}");
    assert_eq!((foreign.status, foreign.text().as_str()), (401, UNAUTHORIZED));
}

#[test]
fn the_openai_endpoints_are_off_by_default() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    for (method, path) in [("POST", "/v1/chat/completions"), ("GET", "/v1/chat/completions"), ("POST", "/v1/responses")]
    {
        let reply = send(&gw, method, path, &[("Authorization", &auth)], Some(b"{}"));
        assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"), "{method} {path}");
        assert_eq!(reply.header("x-frame-options"), None, "{path} must not fall into the Control UI");
    }
}

fn openai_gateway(extra: &str) -> TestGateway {
    TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, http: {{ endpoints: {{ chatCompletions: {{ enabled: true }}, responses: {{ enabled: true {extra} }} }} }} }} }}"
    ))
}

#[test]
fn chat_completions_when_enabled() {
    let gw = openai_gateway("");
    let auth = bearer(TOKEN);
    let headers = [("Authorization", auth.as_str())];
    let get = get(&gw, "/v1/chat/completions", &headers);
    assert_eq!((get.status, get.header("allow")), (405, Some("POST")));
    assert_eq!(post(&gw, "/v1/chat/completions", &[], "{}").text(), UNAUTHORIZED);
    let invalid = |message: &str| json!({"error": {"message": message, "type": "invalid_request_error"}});
    let cases = [
        (r#"{"model":5}"#, "model: Invalid input: expected string, received number"),
        (r#"{"max_tokens":-1}"#, "max_tokens: Too small: expected number to be >0"),
        (
            r#"{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}"#,
            "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.",
        ),
        (r#"{"model":"openclaw/nope","messages":[{"role":"user","content":"hi"}]}"#, "Unknown agent 'nope'."),
        (r#"{"messages":[{"role":"system","content":"x"}]}"#, "Missing user message in `messages`."),
    ];
    for (body, message) in cases {
        let reply = post(&gw, "/v1/chat/completions", &headers, body);
        assert_eq!((reply.status, reply.json()), (400, invalid(message)), "{body}");
    }
    let valid = post(
        &gw,
        "/v1/chat/completions",
        &headers,
        r#"{"model":"openclaw","messages":[{"role":"user","content":"hi"}]}"#,
    );
    assert_eq!(valid.status, 503);
    assert_eq!(
        valid.json(),
        json!({"error": {"message": "agent runtime unavailable: no model provider is configured", "type": "unavailable"}})
    );
}

#[test]
fn responses_when_enabled() {
    let gw = openai_gateway("");
    let auth = bearer(TOKEN);
    let headers = [("Authorization", auth.as_str())];
    let unknown_key = post(&gw, "/v1/responses", &headers, r#"{"model":"openclaw","input":"hi","foo":1}"#);
    assert_eq!(unknown_key.json()["error"]["message"], ": Unrecognized key: \"foo\"");
    let empty = post(&gw, "/v1/responses", &headers, r#"{"model":"openclaw","input":""}"#);
    assert_eq!(empty.json()["error"]["message"], "Missing user message in `input`.");
    let over = (20 * 1024 * 1024 + 1).to_string();
    let big = send(
        &gw,
        "POST",
        "/v1/responses",
        &[("Authorization", auth.as_str()), ("Content-Length", over.as_str())],
        Some(b"{"),
    );
    assert_eq!(big.status, 413, "20 MiB by default");
    let valid = post(
        &gw,
        "/v1/responses",
        &headers,
        r#"{"model":"openclaw","input":[{"type":"message","role":"user","content":"hi"}]}"#,
    );
    assert_eq!((valid.status, valid.json()["error"]["type"].clone()), (503, json!("unavailable")));
}

#[test]
fn channel_routes_require_gateway_auth_on_the_canonical_path() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    for path in [
        "/api/channels/nostr/profile",
        "/API/Channels/x",
        "/api/%63hannels/x",
        "/api/channels%2fx",
        "/x/../api/channels/y",
        "/x%ZZ",
    ] {
        let reply = get(&gw, path, &[]);
        assert_eq!((reply.status, reply.text().as_str()), (401, UNAUTHORIZED), "{path}");
    }
    for path in ["/api/channels/nostr/profile", "/api/%63hannels/x", "/x%ZZ"] {
        let reply = get(&gw, path, &[("Authorization", &auth)]);
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (404, "Not Found"),
            "{path}: no channel plugin is registered"
        );
    }
}
