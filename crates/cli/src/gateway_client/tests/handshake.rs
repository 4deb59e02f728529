//! The handshake against a scripted in-process gateway: the proof it receives verifies with the
//! same check the gateway runs, refusals come back with the server's reason and close code, and a
//! peer that never sends the challenge is not mistaken for a gateway.

use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use openclaw_policy::gateway::device_auth::{SignatureFields, verify_device_proof};
use openclaw_store::DeviceIdentity;
use serde_json::{Value, json};
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::{Message, WebSocket};

use super::client;
use crate::gateway_client::connect::{ConnectRequest, Credentials, DeviceSigner};
use crate::gateway_client::device::HostDevice;
use crate::gateway_client::error::{ClientError, Close};
use crate::gateway_client::session::Session;

/// Serves one connection with `script`, returning what the script returns.
fn serve<T: Send + 'static>(
    script: impl FnOnce(&mut WebSocket<TcpStream>) -> T + Send + 'static,
) -> (String, JoinHandle<T>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ws = tungstenite::accept(stream).unwrap();
        script(&mut ws)
    });
    (url, handle)
}

/// The next JSON frame; `Null` once the client has gone.
fn read_json(ws: &mut WebSocket<TcpStream>) -> Value {
    loop {
        match ws.read() {
            Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).unwrap(),
            Ok(Message::Close(_)) | Err(_) => return Value::Null,
            Ok(_) => {}
        }
    }
}

fn send(ws: &mut WebSocket<TcpStream>, frame: Value) {
    ws.send(Message::text(frame.to_string())).unwrap();
}

fn challenge(ws: &mut WebSocket<TcpStream>, nonce: &str) {
    send(ws, json!({"type": "event", "event": "connect.challenge", "payload": {"nonce": nonce, "ts": 1}}));
}

fn deadline() -> Instant {
    Instant::now() + Duration::from_secs(5)
}

const NOW: i64 = 1_700_000_000_000;

#[test]
fn the_device_proof_verifies_and_requests_get_their_own_answer() {
    let state = tempfile::tempdir().unwrap();
    let device = HostDevice::from_identity(DeviceIdentity::from_seed(&[7; 32], Some(NOW)), state.path());
    let (url, server) = serve(|ws| {
        challenge(ws, "nonce-1");
        let connect = read_json(ws);
        let params = &connect["params"];
        let proof = &params["device"];
        let claim = SignatureFields {
            device_id: proof["id"].as_str().unwrap().to_owned(),
            client_id: params["client"]["id"].as_str().unwrap().to_owned(),
            client_mode: params["client"]["mode"].as_str().unwrap().to_owned(),
            role: params["role"].as_str().unwrap().to_owned(),
            scopes: params["scopes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect(),
            signed_at_ms: proof["signedAt"].as_i64().unwrap(),
            token: params["auth"]["token"].as_str().map(str::to_owned),
            nonce: proof["nonce"].as_str().unwrap().to_owned(),
            platform: params["client"]["platform"].as_str().map(str::to_owned),
            device_family: params["client"]["deviceFamily"].as_str().map(str::to_owned),
        };
        let verified = verify_device_proof(
            &claim,
            proof["publicKey"].as_str().unwrap(),
            proof["signature"].as_str().unwrap(),
            Some("nonce-1"),
            NOW,
        );
        let hello = json!({"type": "hello-ok", "protocol": 3, "auth": {"deviceToken": "issued", "role": "operator", "scopes": ["operator.read"]}});
        send(ws, json!({"type": "res", "id": connect["id"], "ok": true, "payload": hello}));
        let call = read_json(ws);
        // Unrelated traffic first: an event and someone else's response.
        send(ws, json!({"type": "event", "event": "tick", "payload": {"ts": 2}}));
        send(ws, json!({"type": "res", "id": "other", "ok": true, "payload": "wrong"}));
        send(
            ws,
            json!({"type": "res", "id": call["id"], "ok": true, "payload": {"method": call["method"], "params": call["params"]}}),
        );
        (verified.is_ok(), connect["method"].clone(), connect["params"]["auth"].clone())
    });
    let client = client();
    let scopes = vec!["operator.read".to_owned()];
    let credentials = Credentials { token: Some("tok".to_owned()), ..Credentials::default() };
    let request = ConnectRequest {
        client: &client,
        role: "operator",
        scopes: &scopes,
        credentials: &credentials,
        device: Some(&device),
    };
    let mut session = Session::open(&url, &request, deadline(), &|| NOW).unwrap();
    assert_eq!(session.hello()["auth"]["deviceToken"], "issued");
    let answer = session.request("status", Some(&json!({"x": 1})), false).unwrap();
    assert_eq!(answer, json!({"method": "status", "params": {"x": 1}}));
    let (verified, method, auth) = server.join().unwrap();
    assert!(verified, "the gateway-side check accepts the proof");
    assert_eq!((method, auth), (json!("connect"), json!({"token": "tok"})));
    assert_eq!(device.device_id().len(), 64);
}

#[test]
fn a_refused_connect_reports_the_error_and_the_close_reason() {
    let (url, server) = serve(|ws| {
        challenge(ws, "n");
        let connect = read_json(ws);
        let error = json!({"code": "INVALID_REQUEST", "message": "unauthorized: gateway token mismatch", "details": {"code": "AUTH_TOKEN_MISMATCH"}});
        send(ws, json!({"type": "res", "id": connect["id"], "ok": false, "error": error}));
        let _ = ws
            .close(Some(CloseFrame { code: CloseCode::Policy, reason: "unauthorized: gateway token mismatch".into() }));
        let _ = ws.flush();
        let _ = read_json(ws);
    });
    let client = client();
    let credentials = Credentials { token: Some("wrong".to_owned()), ..Credentials::default() };
    let request =
        ConnectRequest { client: &client, role: "operator", scopes: &[], credentials: &credentials, device: None };
    let Err(ClientError::Rejected { error, close }) = Session::open(&url, &request, deadline(), &|| NOW) else {
        panic!("expected a refusal")
    };
    server.join().unwrap();
    assert_eq!((error.code.as_str(), error.detail_code()), ("INVALID_REQUEST", Some("AUTH_TOKEN_MISMATCH")));
    assert_eq!(close, Some(Close { code: 1008, reason: "unauthorized: gateway token mismatch".to_owned() }));
    assert_eq!(error.to_json()["error"]["type"], "gateway_request_error");
}

#[test]
fn a_peer_without_a_challenge_or_that_hangs_up_is_not_a_gateway() {
    let (url, server) = serve(|ws| {
        send(ws, json!({"hello": "I am not a gateway"}));
        std::thread::sleep(Duration::from_millis(2500));
    });
    let client = client();
    let credentials = Credentials::default();
    let request =
        ConnectRequest { client: &client, role: "operator", scopes: &[], credentials: &credentials, device: None };
    let err = Session::open(&url, &request, deadline(), &|| NOW).err().unwrap();
    assert_eq!(err, ClientError::Protocol("gateway connect challenge timeout".to_owned()));
    server.join().unwrap();

    let (url, server) = serve(|ws| {
        challenge(ws, "n");
        let _ = read_json(ws);
        let _ = ws.close(Some(CloseFrame { code: CloseCode::Again, reason: "service restart".into() }));
        let _ = ws.flush();
    });
    let err = Session::open(&url, &request, deadline(), &|| NOW).err().unwrap();
    server.join().unwrap();
    assert_eq!(
        err,
        ClientError::Closed { close: Close { code: 1013, reason: "service restart".to_owned() }, dispatched: false }
    );
}

#[test]
fn a_closed_port_is_unreachable_with_the_errno_name() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = client();
    let credentials = Credentials::default();
    let request =
        ConnectRequest { client: &client, role: "operator", scopes: &[], credentials: &credentials, device: None };
    let err = Session::open(&format!("ws://127.0.0.1:{port}"), &request, deadline(), &|| NOW).err().unwrap();
    assert_eq!(
        err,
        ClientError::Unreachable {
            code: Some("ECONNREFUSED"),
            reason: format!("connect ECONNREFUSED 127.0.0.1:{port}")
        }
    );
}
