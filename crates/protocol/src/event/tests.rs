#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::*;

#[test]
fn handshake_and_keepalive_payloads_have_the_reference_shape() {
    let challenge = ConnectChallengeEvent { nonce: "n-1".into(), ts: 1 };
    assert_eq!(serde_json::to_value(&challenge).unwrap(), json!({"nonce": "n-1", "ts": 1}));
    assert_eq!(
        serde_json::to_value(ShutdownEvent { reason: "restart".into(), restart_expected_ms: Some(2000) }).unwrap(),
        json!({"reason": "restart", "restartExpectedMs": 2000})
    );
    assert_eq!(
        serde_json::to_value(ShutdownEvent { reason: "stop".into(), restart_expected_ms: None }).unwrap(),
        json!({"reason": "stop"})
    );
    assert_eq!(serde_json::to_value(TickEvent { ts: 9 }).unwrap(), json!({"ts": 9}));
}

#[test]
fn pairing_events_round_trip() {
    let requested = json!({
        "requestId": "r1", "deviceId": "d1", "publicKey": "pk", "platform": "linux",
        "clientId": "cli", "clientMode": "cli", "role": "operator", "scopes": ["operator.read"],
        "remoteIp": "10.0.0.2", "silent": false, "ts": 5
    });
    let event: DevicePairRequestedEvent = serde_json::from_value(requested.clone()).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), requested);
    let resolved = json!({"requestId": "r1", "deviceId": "d1", "decision": "approved", "ts": 6});
    let event: DevicePairResolvedEvent = serde_json::from_value(resolved.clone()).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), resolved);
}

#[test]
fn event_names_are_the_reference_strings() {
    assert_eq!(CONNECT_CHALLENGE, "connect.challenge");
    assert_eq!(EXEC_APPROVAL_REQUESTED, "exec.approval.requested");
    assert_eq!(UPDATE_AVAILABLE, "update.available");
}
