#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;

/// A `connect` as the reference CLI sends it on a protocol-3 handshake.
fn cli_connect() -> Value {
    json!({
        "minProtocol": 3,
        "maxProtocol": 3,
        "client": {
            "id": "cli",
            "displayName": "openclaw cli",
            "version": "2026.2.27",
            "platform": "linux",
            "mode": "cli",
            "instanceId": "c0ffee"
        },
        "caps": [],
        "role": "operator",
        "scopes": ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing"],
        "device": {
            "id": "5f2b6c0d3f0e4a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b",
            "publicKey": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
            "signature": "c2lnbmF0dXJl",
            "signedAt": 1767225600000_i64,
            "nonce": "0b7d3f4e-8c1a-4e55-9a0f-3f1d2a6b7c8d"
        },
        "auth": {"token": "secret-token"},
        "locale": "en-US",
        "userAgent": "openclaw-cli/2026.2.27"
    })
}

fn rejection(params: Value) -> String {
    ConnectParams::parse(Some(params)).unwrap_err().to_string()
}

fn with(mut params: Value, pointer: &str, value: Value) -> Value {
    *params.pointer_mut(pointer).unwrap() = value;
    params
}

fn without(mut params: Value, parent: &str, key: &str) -> Value {
    params.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
    params
}

fn with_key(mut params: Value, parent: &str, key: &str, value: Value) -> Value {
    params.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.into(), value);
    params
}

#[test]
fn a_reference_cli_connect_round_trips() {
    let params = ConnectParams::parse(Some(cli_connect())).unwrap();
    assert_eq!(params.client.id, ClientId::Cli);
    assert_eq!(params.client.mode, ClientMode::Cli);
    assert_eq!(params.device.as_ref().unwrap().signed_at, 1_767_225_600_000);
    assert_eq!(serde_json::to_value(&params).unwrap(), cli_connect());
}

#[test]
fn a_minimal_connect_defaults_role_to_operator_and_scopes_to_none() {
    let params = ConnectParams::parse(Some(json!({
        "minProtocol": 1, "maxProtocol": 3,
        "client": {"id": "test", "version": "1", "platform": "p", "mode": "test"}
    })))
    .unwrap();
    assert_eq!(params.role_or_default(), "operator");
    assert!(params.scopes_or_default().is_empty());
    assert!(params.supports_protocol(3));
    assert!(!params.supports_protocol(4));
    assert_eq!(params.signature_token(), None);
    assert!(!params.has_cap(CAP_TOOL_EVENTS));
}

#[test]
fn fields_added_by_2026_9_clients_are_accepted() {
    let params = with_key(cli_connect(), "/client", "buildId", json!("abc123"));
    let params = with_key(params, "/client", "timeZone", json!("Europe/Paris"));
    let params = with_key(params, "/auth", "bootstrapToken", json!("boot"));
    let parsed = ConnectParams::parse(Some(params.clone())).unwrap();
    assert_eq!(parsed.client.time_zone.as_deref(), Some("Europe/Paris"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), params);
}

#[test]
fn every_client_id_and_mode_round_trips() {
    for id in ClientId::ALL {
        assert_eq!(ClientId::parse(id.as_str()), Some(*id));
        assert_eq!(serde_json::to_value(id).unwrap(), json!(id.as_str()));
        assert_eq!(serde_json::from_value::<ClientId>(json!(id.as_str())).unwrap(), *id);
    }
    for mode in ClientMode::ALL {
        assert_eq!(ClientMode::parse(mode.as_str()), Some(*mode));
    }
    // The schema's literal union is exact: no case folding, no trimming.
    assert_eq!(ClientId::parse("CLI"), None);
    assert_eq!(ClientId::parse(" cli"), None);
    // The docs' examples use values the schema refuses.
    assert_eq!(ClientId::parse("ios-node"), None);
    assert_eq!(ClientMode::parse("operator"), None);
}

#[test]
fn the_signature_token_prefers_token_then_device_token_then_bootstrap_token() {
    let auth = |value: Value| ConnectParams::parse(Some(with(cli_connect(), "/auth", value))).unwrap();
    assert_eq!(auth(json!({"token": "t", "deviceToken": "d"})).signature_token(), Some("t"));
    assert_eq!(auth(json!({"deviceToken": "d", "bootstrapToken": "b"})).signature_token(), Some("d"));
    assert_eq!(auth(json!({"bootstrapToken": "b"})).signature_token(), Some("b"));
    // `??` keeps an empty string: it is not nullish.
    assert_eq!(auth(json!({"token": "", "deviceToken": "d"})).signature_token(), Some(""));
    assert_eq!(auth(json!({"password": "p"})).signature_token(), None);
}

#[test]
fn debug_output_hides_credentials() {
    let params = ConnectParams::parse(Some(cli_connect())).unwrap();
    let shown = format!("{params:?}");
    assert!(!shown.contains("secret-token"), "{shown}");
    assert!(shown.contains("<redacted>"));
}

#[test]
fn rejections_name_the_key_path() {
    let base = cli_connect;
    let cases: Vec<(Value, &str)> = vec![
        (json!([]), "params: must be an object"),
        (with(base(), "/client/id", json!("x")), r#"params.client.id: unknown client id "x""#),
        (with(base(), "/client/mode", json!("operator")), r#"params.client.mode: unknown client mode "operator""#),
        (with(base(), "/client/id", json!(7)), "params.client.id: must be a string"),
        (with(base(), "/minProtocol", json!(0)), "params.minProtocol: must be >= 1"),
        (with(base(), "/maxProtocol", json!("3")), "params.maxProtocol: must be an integer"),
        (without(base(), "", "client"), "params.client: is required"),
        (without(base(), "/client", "version"), "params.client.version: is required"),
        (with(base(), "/client/platform", json!("")), "params.client.platform: must be a non-empty string"),
        (with_key(base(), "", "extra", json!(1)), "params: unexpected property 'extra'"),
        // Nested objects are closed too, as in the reference schema.
        (with_key(base(), "/client", "os", json!("linux")), "params.client: unexpected property 'os'"),
        (with_key(base(), "/device", "alg", json!("ed25519")), "params.device: unexpected property 'alg'"),
        (with_key(base(), "/auth", "apiKey", json!("k")), "params.auth: unexpected property 'apiKey'"),
        (with(base(), "/device/signedAt", json!(-1)), "params.device.signedAt: must be >= 0"),
        (with(base(), "/device/nonce", json!("")), "params.device.nonce: must be a non-empty string"),
        (without(base(), "/device", "signature"), "params.device.signature: is required"),
        (with(base(), "/auth/token", json!(null)), "params.auth.token: must be a string"),
        (with(base(), "/scopes", json!(["operator.read", ""])), "params.scopes[1]: must be a non-empty string"),
        (with(base(), "/scopes", json!("operator.read")), "params.scopes: must be an array"),
        (with(base(), "/role", json!("")), "params.role: must be a non-empty string"),
        (with_key(base(), "", "permissions", json!({"camera": "yes"})), "params.permissions.camera: must be a boolean"),
        (
            with_key(base(), "/client", "buildId", json!("x".repeat(97))),
            "params.client.buildId: must be at most 96 characters",
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(rejection(params.clone()), expected, "params: {params}");
    }
    assert_eq!(ConnectParams::parse(None).unwrap_err().to_string(), "params: must be an object");
}
