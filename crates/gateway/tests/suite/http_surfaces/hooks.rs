//! The hooks ingress: query tokens, methods, the hooks token and its lockout, body limits, the
//! `/wake` and `/agent` payload rules, the hooks policy and mappings.

use serde_json::json;

use super::{HOOK_TOKEN, bearer, hooks_gateway, post, send};
use crate::suite::fakes::gateway_with_agent;
use crate::suite::harness::{TOKEN, TestGateway};

#[test]
fn hooks_are_off_unless_enabled() {
    let gw = TestGateway::with_token("");
    let reply = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", HOOK_TOKEN)], r#"{"text":"hi"}"#);
    assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"));
}

#[test]
fn a_query_token_is_refused_before_anything_else() {
    let gw = hooks_gateway("");
    let auth = bearer(HOOK_TOKEN);
    for (method, path) in
        [("POST", "/hooks/wake?token=x"), ("GET", "/hooks/agent?a=1&token="), ("POST", "/hooks?token=y")]
    {
        let reply = send(&gw, method, path, &[("Authorization", &auth)], Some(b"{\"text\":\"hi\"}"));
        assert_eq!(reply.status, 400, "{method} {path}");
        assert_eq!(
            reply.text(),
            "Hook token must be provided via Authorization: Bearer <token> or X-OpenClaw-Token header (query parameters are not allowed)."
        );
        assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    }
}

#[test]
fn hooks_accept_post_only() {
    let gw = hooks_gateway("");
    for method in ["GET", "PUT", "DELETE"] {
        let reply = send(&gw, method, "/hooks/wake", &[("X-OpenClaw-Token", HOOK_TOKEN)], None);
        assert_eq!((reply.status, reply.text().as_str()), (405, "Method Not Allowed"), "{method}");
        assert_eq!(reply.header("allow"), Some("POST"));
    }
}

#[test]
fn the_hook_token_comes_from_a_bearer_or_x_openclaw_token_header() {
    let gw = hooks_gateway("");
    let body = r#"{"text":"hello"}"#;
    let missing = post(&gw, "/hooks/wake", &[], body);
    assert_eq!((missing.status, missing.text().as_str()), (401, "Unauthorized"));
    let wrong = post(&gw, "/hooks/wake", &[("Authorization", "Bearer nope")], body);
    assert_eq!((wrong.status, wrong.text().as_str()), (401, "Unauthorized"));
    let gateway_token = post(&gw, "/hooks/wake", &[("Authorization", &bearer(TOKEN))], body);
    assert_eq!(gateway_token.status, 401, "the gateway token is not the hooks token");
    let via_bearer = post(&gw, "/hooks/wake", &[("Authorization", &format!("bearer {HOOK_TOKEN}"))], body);
    assert_eq!(via_bearer.status, 200);
    assert_eq!(via_bearer.json(), json!({"ok": true, "mode": "now", "eventOutcome": "queued"}));
    let via_header = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", HOOK_TOKEN)], r#"{"text":"again"}"#);
    assert_eq!(via_header.status, 200);
}

#[test]
fn hook_auth_failures_lock_out_even_loopback_clients() {
    let gw = hooks_gateway("");
    for attempt in 1..=20 {
        let reply = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}");
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    let locked = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}");
    assert_eq!(locked.status, 429);
    assert_eq!(locked.text(), "Too Many Requests");
    assert_eq!(locked.header("retry-after"), Some("60"));
    // The right token still works while locked out, and clears the count.
    let good = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", HOOK_TOKEN)], r#"{"text":"x"}"#);
    assert_eq!(good.status, 200);
    assert_eq!(post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}").status, 401);
}

#[test]
fn the_hook_lockout_ends_after_a_minute() {
    let gw = hooks_gateway("");
    for _ in 0..21 {
        post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}");
    }
    assert_eq!(post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}").status, 429);
    gw.advance(30_000);
    let still = post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}");
    assert_eq!((still.status, still.header("retry-after")), (429, Some("30")));
    gw.advance(30_001);
    assert_eq!(post(&gw, "/hooks/wake", &[("X-OpenClaw-Token", "wrong")], "{}").status, 401);
}

#[test]
fn hook_bodies_over_the_limit_are_413() {
    let gw = hooks_gateway("maxBodyBytes: 1024");
    let auth = [("X-OpenClaw-Token", HOOK_TOKEN)];
    let big = format!("{{\"text\":\"{}\"}}", "a".repeat(2000));
    let declared = post(&gw, "/hooks/wake", &auth, &big);
    assert_eq!(declared.status, 413);
    assert_eq!(declared.json(), json!({"ok": false, "error": "payload too large"}));
    assert_eq!(declared.header("connection"), Some("close"));
    let chunked_body = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let streamed = send(
        &gw,
        "POST",
        "/hooks/wake",
        &[("X-OpenClaw-Token", HOOK_TOKEN), ("Transfer-Encoding", "chunked")],
        Some(chunked_body.as_bytes()),
    );
    assert_eq!(streamed.status, 413);
    let default_gw = hooks_gateway("");
    let huge = format!("{{\"text\":\"{}\"}}", "a".repeat(300 * 1024));
    assert_eq!(post(&default_gw, "/hooks/wake", &auth, &huge).status, 413, "256 KiB by default");
}

#[test]
fn wake_payloads_are_validated_and_queued() {
    let gw = hooks_gateway("");
    let auth = [("X-OpenClaw-Token", HOOK_TOKEN)];
    let cases = [
        ("", json!({"ok": false, "error": "text required"})),
        (r#"[1,2]"#, json!({"ok": false, "error": "text required"})),
        (r#"{"text":"x","agentId":""}"#, json!({"ok": false, "error": "agentId must be a non-empty string"})),
        (r#"{"text":"x","agentId":"nope"}"#, json!({"ok": false, "error": "unknown agentId \"nope\""})),
        (
            r#"{"text":"x","mode":"next-heartbeat","sessionKey":"k"}"#,
            json!({"ok": false, "error": "sessionKey requires mode=now"}),
        ),
        (
            r#"{"text":"x","sessionKey":"hook:k"}"#,
            json!({"ok": false, "error": "sessionKey is disabled for externally supplied hook payload values; set hooks.allowRequestSessionKey=true to enable"}),
        ),
    ];
    for (body, expected) in cases {
        let reply = post(&gw, "/hooks/wake", &auth, body);
        assert_eq!((reply.status, reply.json()), (400, expected), "{body}");
    }
    let bad_json = post(&gw, "/hooks/wake", &auth, "not json");
    assert_eq!(bad_json.status, 400);
    assert_eq!(bad_json.json()["ok"], false);
    let first = post(&gw, "/hooks/wake", &auth, r#"{"text":"build finished","mode":"next-heartbeat"}"#);
    assert_eq!(first.json(), json!({"ok": true, "mode": "next-heartbeat", "eventOutcome": "queued"}));
    let repeat = post(&gw, "/hooks/wake", &auth, r#"{"text":"build finished"}"#);
    assert_eq!(repeat.json(), json!({"ok": true, "mode": "now", "eventOutcome": "coalesced"}));
}

#[test]
fn agent_payloads_are_validated_and_accepted_with_a_run_id() {
    let gw = hooks_gateway("");
    let auth = [("Authorization", format!("Bearer {HOOK_TOKEN}"))];
    let auth: Vec<(&str, &str)> = auth.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let accepted = post(&gw, "/hooks/agent", &auth, r#"{"message":"summarise the alert","name":"Alerts"}"#);
    assert_eq!(accepted.status, 200);
    let body = accepted.json();
    assert_eq!(body["ok"], true);
    assert_eq!(body["runId"].as_str().map(str::len), Some(36), "{body}");
    let cases = [
        (r#"{}"#, "message required"),
        (r#"{"message":"m","sessionMode":"x"}"#, "sessionMode must be isolated or persistent"),
        (r#"{"message":"m","channel":"telegram","to":"1"}"#, "channel must be last"),
        (r#"{"message":"m","model":""}"#, "model required"),
        (r#"{"message":"m","waitForCompletion":"x"}"#, "waitForCompletion must be boolean"),
        (r#"{"message":"m","agentId":"ops"}"#, "unknown agentId \"ops\""),
        (r#"{"message":"m","sessionMode":"persistent"}"#, "sessionKey is required when sessionMode is persistent"),
        (
            r#"{"message":"m","sessionKey":"hook:x"}"#,
            "sessionKey is disabled for externally supplied hook payload values; set hooks.allowRequestSessionKey=true to enable",
        ),
    ];
    for (body, expected) in cases {
        let reply = post(&gw, "/hooks/agent", &auth, body);
        assert_eq!((reply.status, reply.json()), (400, json!({"ok": false, "error": expected})), "{body}");
    }
}

#[test]
fn hook_agents_and_session_keys_follow_the_hooks_policy() {
    let gw = gateway_with_agent(
        &format!(
            "agents: {{ list: [{{ id: 'main' }}, {{ id: 'ops' }}] }}, hooks: {{ enabled: true, token: '{HOOK_TOKEN}', allowedAgentIds: ['ops'], allowRequestSessionKey: true, allowedSessionKeyPrefixes: ['hook:'] }}"
        ),
        Default::default(),
    );
    let auth = [("X-OpenClaw-Token", HOOK_TOKEN)];
    let default_agent = post(&gw, "/hooks/agent", &auth, r#"{"message":"m"}"#);
    assert_eq!(default_agent.json(), json!({"ok": false, "error": "agentId is not allowed by hooks.allowedAgentIds"}));
    assert_eq!(
        post(&gw, "/hooks/agent", &auth, r#"{"message":"m","agentId":"OPS","sessionKey":"hook:ci"}"#).status,
        200
    );
    let prefix = post(&gw, "/hooks/agent", &auth, r#"{"message":"m","agentId":"ops","sessionKey":"agent:ops:main"}"#);
    assert_eq!(prefix.json(), json!({"ok": false, "error": "sessionKey must start with one of: hook:"}));
}

#[test]
fn mappings_route_sub_paths_and_everything_else_is_404() {
    let gw = hooks_gateway(
        "mappings: [ { match: { path: 'gh' }, action: 'wake', textTemplate: 'PR {{payload.pr.title}} by {{headers.x-user}}' }, \
         { match: { path: 'empty' }, action: 'wake', textTemplate: '{{nothing}}' }, \
         { match: { path: 'ci' }, messageTemplate: 'Build {{build.id}} failed' }, \
         { match: { path: 'code' }, action: 'wake', textTemplate: 'x', transform: { module: 't.js' } } ]",
    );
    let auth = [("X-OpenClaw-Token", HOOK_TOKEN), ("X-User", "bob")];
    let mapped = post(&gw, "/hooks/gh", &auth, r#"{"pr":{"title":"Fix"}}"#);
    assert_eq!((mapped.status, mapped.json()), (200, json!({"ok": true, "mode": "now", "eventOutcome": "queued"})));
    let slashes = post(&gw, "/hooks//gh/", &auth, r#"{"pr":{"title":"Other"}}"#);
    assert_eq!(slashes.status, 200);
    let agent = post(&gw, "/hooks/ci", &auth, r#"{"build":{"id":7}}"#);
    assert_eq!((agent.status, agent.json()["ok"].clone()), (200, json!(true)));
    let empty = post(&gw, "/hooks/empty", &auth, "{}");
    assert_eq!((empty.status, empty.json()), (400, json!({"ok": false, "error": "hook mapping requires text"})));
    let transform = post(&gw, "/hooks/code", &auth, "{}");
    assert_eq!((transform.status, transform.json()), (500, json!({"ok": false, "error": "hook mapping failed"})));
    for path in ["/hooks/unmapped", "/hooks", "/hooks/"] {
        let reply = post(&gw, path, &auth, "{}");
        assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"), "{path}");
    }
}

#[test]
fn a_retried_agent_hook_with_an_idempotency_key_is_accepted_once() {
    let gw = hooks_gateway("");
    let first = post(
        &gw,
        "/hooks/agent",
        &[("X-OpenClaw-Token", HOOK_TOKEN), ("Idempotency-Key", "delivery-42")],
        r#"{"message":"m"}"#,
    );
    let retry = post(
        &gw,
        "/hooks/agent",
        &[("X-OpenClaw-Token", HOOK_TOKEN), ("Idempotency-Key", "delivery-42")],
        r#"{"message":"m"}"#,
    );
    assert_eq!(first.status, 200);
    assert_eq!(retry.json(), first.json(), "the retry answers with the first run");
    let in_body = post(
        &gw,
        "/hooks/agent",
        &[("X-OpenClaw-Token", HOOK_TOKEN)],
        r#"{"message":"m","idempotencyKey":"delivery-42"}"#,
    );
    assert_eq!(in_body.json(), first.json(), "the body key is the same key");
    let changed = post(
        &gw,
        "/hooks/agent",
        &[("X-OpenClaw-Token", HOOK_TOKEN), ("Idempotency-Key", "delivery-42")],
        r#"{"message":"other"}"#,
    );
    assert_ne!(changed.json()["runId"], first.json()["runId"], "a different request is a different run");
    gw.advance(5 * 60 * 1000);
    let later = post(
        &gw,
        "/hooks/agent",
        &[("X-OpenClaw-Token", HOOK_TOKEN), ("Idempotency-Key", "delivery-42")],
        r#"{"message":"m"}"#,
    );
    assert_ne!(later.json()["runId"], first.json()["runId"], "keys are remembered for five minutes");
}
