#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;
use crate::error_code::{ConnectErrorDetail, ErrorCode};

/// Parses `text`, re-serializes it and checks the JSON is unchanged (key order included).
fn round_trip(text: &str) -> Frame {
    let frame = parse_frame(text).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&frame).unwrap(), original);
    assert_eq!(serde_json::to_string(&frame).unwrap(), serde_json::to_string(&original).unwrap());
    frame
}

fn rejection(text: &str) -> String {
    parse_frame(text).unwrap_err().to_string()
}

#[test]
fn request_frames_round_trip() {
    let frame = round_trip(r#"{"type":"req","id":"1","method":"health"}"#);
    assert_eq!(frame, Frame::Request(RequestFrame { id: "1".into(), method: "health".into(), params: None }));
    round_trip(r#"{"type":"req","id":"a-b","method":"chat.history","params":{"sessionKey":"main","limit":20}}"#);
    // `params` admits any JSON, null included, and null is kept distinct from absent.
    let frame = round_trip(r#"{"type":"req","id":"2","method":"status","params":null}"#);
    assert_eq!(
        frame,
        Frame::Request(RequestFrame { id: "2".into(), method: "status".into(), params: Some(Value::Null) })
    );
}

#[test]
fn response_frames_round_trip() {
    round_trip(r#"{"type":"res","id":"1","ok":true,"payload":{"ok":true}}"#);
    round_trip(r#"{"type":"res","id":"1","ok":true}"#);
    let frame = round_trip(
        r#"{"type":"res","id":"c1","ok":false,"error":{"code":"INVALID_REQUEST","message":"device signature expired","details":{"code":"DEVICE_AUTH_SIGNATURE_EXPIRED","reason":"device-signature-stale"}}}"#,
    );
    let Frame::Response(response) = frame else { panic!("not a response") };
    let error = response.error.unwrap();
    assert_eq!(error.error_code(), Some(ErrorCode::InvalidRequest));
    assert_eq!(error.detail_code(), Some(ConnectErrorDetail::DeviceAuthSignatureExpired.as_str()));
    round_trip(
        r#"{"type":"res","id":"9","ok":false,"error":{"code":"UNAVAILABLE","message":"rate limit exceeded for config.apply; retry after 42s","details":{"method":"config.apply","limit":"3 per 60s"},"retryable":true,"retryAfterMs":41234}}"#,
    );
}

#[test]
fn event_frames_round_trip() {
    round_trip(
        r#"{"type":"event","event":"connect.challenge","payload":{"nonce":"0b7d3f4e-8c1a-4e55-9a0f-3f1d2a6b7c8d","ts":1767225600000}}"#,
    );
    round_trip(r#"{"type":"event","event":"tick","payload":{"ts":1767225630000},"seq":7}"#);
    round_trip(
        r#"{"type":"event","event":"presence","payload":{"presence":[]},"seq":8,"stateVersion":{"presence":3,"health":1}}"#,
    );
}

#[test]
fn built_frames_serialize_with_their_type() {
    let response = ResponseFrame::err("7", ErrorShape::new(ErrorCode::Unavailable, "busy").retry_after(1000));
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"type":"res","id":"7","ok":false,"error":{"code":"UNAVAILABLE","message":"busy","retryable":true,"retryAfterMs":1000}})
    );
    let event = EventFrame::targeted("tick", json!({"ts": 5}));
    assert_eq!(serde_json::to_value(&event).unwrap(), json!({"type":"event","event":"tick","payload":{"ts":5}}));
    let ok = ResponseFrame::ok("8", json!([]));
    assert_eq!(serde_json::to_value(&ok).unwrap(), json!({"type":"res","id":"8","ok":true,"payload":[]}));
}

#[test]
fn serde_deserialize_is_as_strict_as_parse_frame() {
    let error = serde_json::from_str::<RequestFrame>(r#"{"type":"req","id":"1","method":"x","extra":1}"#).unwrap_err();
    assert!(error.to_string().contains("frame: unexpected property 'extra'"), "{error}");
    let frame: Frame = serde_json::from_str(r#"{"type":"req","id":"1","method":"x"}"#).unwrap();
    assert!(matches!(frame, Frame::Request(_)));
}

#[test]
fn rejections_name_the_key_and_the_problem() {
    let cases = [
        ("not json", "invalid JSON: expected ident at line 1 column 2"),
        ("[1,2]", "frame: must be an object"),
        (r#"{"id":"1","method":"x"}"#, "frame.type: is required"),
        (r#"{"type":5,"id":"1"}"#, "frame.type: must be a string"),
        (r#"{"type":"ping","id":"1"}"#, r#"frame.type: unknown frame type "ping" (expected req, res or event)"#),
        (r#"{"type":"req","id":"","method":"x"}"#, "frame.id: must be a non-empty string"),
        (r#"{"type":"req","id":7,"method":"x"}"#, "frame.id: must be a non-empty string"),
        (r#"{"type":"req","method":"x"}"#, "frame.id: is required"),
        (r#"{"type":"req","id":"1"}"#, "frame.method: is required"),
        (r#"{"type":"req","id":"1","method":""}"#, "frame.method: must be a non-empty string"),
        (r#"{"type":"req","id":"1","method":"x","extra":true}"#, "frame: unexpected property 'extra'"),
        (r#"{"type":"res","id":"1"}"#, "frame.ok: is required"),
        (r#"{"type":"res","id":"1","ok":"yes"}"#, "frame.ok: must be a boolean"),
        (r#"{"type":"res","id":"1","ok":false,"error":{"code":"X"}}"#, "frame.error.message: is required"),
        (
            r#"{"type":"res","id":"1","ok":false,"error":{"code":"X","message":"m","hint":1}}"#,
            "frame.error: unexpected property 'hint'",
        ),
        (
            r#"{"type":"res","id":"1","ok":false,"error":{"code":"X","message":"m","retryAfterMs":-1}}"#,
            "frame.error.retryAfterMs: must be >= 0",
        ),
        (r#"{"type":"event","event":"tick","seq":-1}"#, "frame.seq: must be >= 0"),
        (r#"{"type":"event","event":"tick","seq":1.5}"#, "frame.seq: must be an integer"),
        (r#"{"type":"event","event":"tick","stateVersion":{"presence":1}}"#, "frame.stateVersion.health: is required"),
        (
            r#"{"type":"event","event":"tick","stateVersion":{"presence":1,"health":2,"x":3}}"#,
            "frame.stateVersion: unexpected property 'x'",
        ),
        (r#"{"type":"event","event":""}"#, "frame.event: must be a non-empty string"),
    ];
    for (text, expected) in cases {
        assert_eq!(rejection(text), expected, "input: {text}");
    }
}

#[test]
fn integral_floats_count_as_integers() {
    let frame = parse_frame(r#"{"type":"event","event":"tick","seq":3.0}"#).unwrap();
    let Frame::Event(event) = frame else { panic!("not an event") };
    assert_eq!(event.seq, Some(3));
}

#[test]
fn client_frames_must_be_requests() {
    assert!(parse_client_frame(r#"{"type":"req","id":"1","method":"health"}"#).is_ok());
    assert_eq!(
        parse_client_frame(r#"{"type":"event","event":"tick"}"#).unwrap_err().to_string(),
        r#"frame.type: clients may only send "req" frames"#
    );
    assert_eq!(
        parse_client_frame(r#"{"type":"res","id":"1","ok":true}"#).unwrap_err().to_string(),
        r#"frame.type: clients may only send "req" frames"#
    );
}

#[test]
fn a_refused_message_keeps_its_id_when_it_had_one() {
    assert_eq!(salvage_request_id(r#"{"type":"req","id":"42","method":""}"#), Some("42".into()));
    assert_eq!(salvage_request_id(r#"{"type":"req","id":42}"#), None);
    assert_eq!(salvage_request_id(r#"{"type":"req","id":""}"#), None);
    assert_eq!(salvage_request_id("garbage"), None);
}

#[test]
fn hostile_inputs_are_refused_without_panicking() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let inputs = [
        "",
        "null",
        "\"req\"",
        "{",
        "{\"type\":\"req\",\"id\":\"\u{0}\",\"method\":\"\u{fffd}\"}",
        "{\"type\":\"event\",\"event\":\"x\",\"seq\":1e400}",
        "{\"type\":\"event\",\"event\":\"x\",\"seq\":18446744073709551615}",
        deep.as_str(),
    ];
    for input in inputs {
        let _ = parse_client_frame(input);
    }
}
