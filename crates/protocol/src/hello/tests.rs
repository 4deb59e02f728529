#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::*;

#[test]
fn limits_match_the_reference() {
    assert_eq!(PROTOCOL_VERSION, 3);
    assert_eq!(MAX_PAYLOAD_BYTES, 26_214_400);
    assert_eq!(MAX_BUFFERED_BYTES, 52_428_800);
    assert_eq!(TICK_INTERVAL_MS, 30_000);
    assert_eq!(HANDSHAKE_TIMEOUT_MS, 10_000);
    assert_eq!(
        serde_json::to_value(HelloPolicy::default()).unwrap(),
        json!({"maxPayload": 26_214_400, "maxBufferedBytes": 52_428_800, "tickIntervalMs": 30_000})
    );
}

fn reference_hello() -> serde_json::Value {
    json!({
        "type": "hello-ok",
        "protocol": 3,
        "server": {"version": "2026.2.27", "connId": "b1946ac9-2d0f-4f1c-9c1e-2b7f3c6a1d20"},
        "features": {"methods": ["health", "status"], "events": ["connect.challenge", "tick"]},
        "snapshot": {
            "presence": [{
                "host": "gw", "ip": "127.0.0.1", "version": "2026.2.27", "platform": "linux",
                "mode": "gateway", "reason": "self", "ts": 1_767_225_600_000_i64
            }],
            "health": {"ok": true},
            "stateVersion": {"presence": 1, "health": 1},
            "uptimeMs": 1234,
            "configPath": "/home/u/.openclaw/openclaw.json",
            "stateDir": "/home/u/.openclaw",
            "sessionDefaults": {"defaultAgentId": "main", "mainKey": "main", "mainSessionKey": "agent:main:main", "scope": "per-sender"},
            "authMode": "trusted-proxy"
        },
        "auth": {"deviceToken": "dt-secret", "role": "operator", "scopes": ["operator.read"], "issuedAtMs": 1_767_225_600_000_i64},
        "policy": {"maxPayload": 26_214_400, "maxBufferedBytes": 52_428_800, "tickIntervalMs": 30_000}
    })
}

#[test]
fn a_reference_hello_round_trips() {
    let hello: HelloOk = serde_json::from_value(reference_hello()).unwrap();
    assert_eq!(hello.snapshot.auth_mode, Some(AuthMode::TrustedProxy));
    assert_eq!(hello.policy, HelloPolicy::default());
    assert_eq!(serde_json::to_value(&hello).unwrap(), reference_hello());
    assert!(!format!("{hello:?}").contains("dt-secret"));
}

#[test]
fn reading_a_newer_gateways_hello_ignores_what_protocol_3_lacks() {
    let mut newer = reference_hello();
    newer["server"]["buildId"] = json!("abc");
    newer["features"]["capabilities"] = json!(["x"]);
    newer["snapshot"]["appliedConfigHash"] = json!(null);
    let hello: HelloOk = serde_json::from_value(newer).unwrap();
    assert_eq!(hello.server.version, "2026.2.27");
}

#[test]
fn the_type_tag_is_checked() {
    let mut wrong = reference_hello();
    wrong["type"] = json!("hello");
    assert!(serde_json::from_value::<HelloOk>(wrong).is_err());
}
