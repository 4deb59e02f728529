//! A small blocking WebSocket client speaking the gateway protocol, for tests: it reads the
//! challenge, sends `connect` (optionally signed by a device identity) and exchanges requests,
//! and reports close frames so refusals can be checked code and reason.

use std::net::TcpStream;
use std::time::Duration;

use openclaw_policy::gateway::device_auth::{SignatureFields, sign_payload, signature_payload_v3};
use openclaw_store::DeviceIdentity;
use serde_json::{Value, json};
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::CloseFrame;
use tungstenite::{Message, WebSocket};

pub enum Incoming {
    Frame(Value),
    Closed(u16, String),
}

pub struct Client {
    ws: WebSocket<TcpStream>,
    pub nonce: String,
    next_id: u64,
}

impl Client {
    pub fn open(url: &str) -> Client {
        Client::open_with(url, &[])
    }

    pub fn open_with(url: &str, headers: &[(&str, &str)]) -> Client {
        let mut request = url.into_client_request().unwrap();
        for (name, value) in headers {
            request
                .headers_mut()
                .insert(tungstenite::http::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        let host = request.uri().authority().unwrap().as_str().to_owned();
        let stream = TcpStream::connect(host).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let (ws, _) = tungstenite::client(request, stream).unwrap();
        let mut client = Client { ws, nonce: String::new(), next_id: 0 };
        match client.recv() {
            Incoming::Frame(frame) => {
                assert_eq!(frame["event"], "connect.challenge", "{frame}");
                client.nonce = frame["payload"]["nonce"].as_str().unwrap().to_owned();
            }
            Incoming::Closed(code, reason) => panic!("closed before challenge: {code} {reason}"),
        }
        client
    }

    pub fn send_text(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).unwrap();
    }

    /// Sends without asserting: the server may close mid-write (oversized frames).
    pub fn try_send_text(&mut self, text: &str) -> bool {
        self.ws.send(Message::Text(text.into())).is_ok()
    }

    pub fn send(&mut self, frame: &Value) {
        self.send_text(&frame.to_string());
    }

    pub fn recv(&mut self) -> Incoming {
        loop {
            match self.ws.read() {
                Ok(Message::Text(text)) => return Incoming::Frame(serde_json::from_str(&text).unwrap()),
                Ok(Message::Close(frame)) => return closed(frame.as_ref()),
                Ok(_) => continue,
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    return Incoming::Closed(1006, String::new());
                }
                Err(tungstenite::Error::Io(err)) if err.kind() == std::io::ErrorKind::ConnectionReset => {
                    return Incoming::Closed(1006, String::new());
                }
                Err(err) => panic!("websocket read failed: {err}"),
            }
        }
    }

    /// The response to request `id`, skipping events.
    pub fn response(&mut self, id: &str) -> Value {
        loop {
            match self.recv() {
                Incoming::Frame(frame) if frame["type"] == "res" && frame["id"] == id => return frame,
                Incoming::Frame(_) => continue,
                Incoming::Closed(code, reason) => panic!("closed before response {id}: {code} {reason}"),
            }
        }
    }

    /// The close frame, skipping anything before it.
    pub fn closed(&mut self) -> (u16, String) {
        loop {
            if let Incoming::Closed(code, reason) = self.recv() {
                return (code, reason);
            }
        }
    }

    /// The next event named `name`.
    pub fn event(&mut self, name: &str) -> Value {
        loop {
            match self.recv() {
                Incoming::Frame(frame) if frame["type"] == "event" && frame["event"] == name => return frame,
                Incoming::Frame(_) => continue,
                Incoming::Closed(code, reason) => panic!("closed before event {name}: {code} {reason}"),
            }
        }
    }

    /// Sends `connect` and returns its response.
    pub fn connect(&mut self, params: Value) -> Value {
        self.send(&json!({"type": "req", "id": "c1", "method": "connect", "params": params}));
        self.response("c1")
    }

    /// Sends a request and returns its response.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = format!("r{}", self.next_id);
        self.send(&json!({"type": "req", "id": id, "method": method, "params": params}));
        self.response(&id)
    }
}

fn closed(frame: Option<&CloseFrame>) -> Incoming {
    match frame {
        Some(f) => Incoming::Closed(u16::from(f.code), f.reason.to_string()),
        None => Incoming::Closed(1005, String::new()),
    }
}

/// `connect` params of a CLI client asking for every operator scope.
pub fn cli_params(token: Option<&str>) -> Value {
    let mut params = json!({
        "minProtocol": 3,
        "maxProtocol": 4,
        "client": {"id": "cli", "version": "test", "platform": "linux", "mode": "cli"},
        "role": "operator",
        "scopes": ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing"],
    });
    if let Some(token) = token {
        params["auth"] = json!({"token": token});
    }
    params
}

/// Adds a signed `device` proof to `params` for the challenge `nonce`.
pub fn sign(params: &mut Value, identity: &DeviceIdentity, nonce: &str, now_ms: i64) {
    let scopes: Vec<String> = params["scopes"]
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    let token = params["auth"]["token"].as_str().or(params["auth"]["deviceToken"].as_str()).map(str::to_owned);
    let fields = SignatureFields {
        device_id: identity.device_id().to_owned(),
        client_id: params["client"]["id"].as_str().unwrap().to_owned(),
        client_mode: params["client"]["mode"].as_str().unwrap().to_owned(),
        role: params["role"].as_str().unwrap_or("operator").to_owned(),
        scopes,
        signed_at_ms: now_ms,
        token,
        nonce: nonce.to_owned(),
        platform: params["client"]["platform"].as_str().map(str::to_owned),
        device_family: params["client"]["deviceFamily"].as_str().map(str::to_owned),
    };
    let signature = sign_payload(identity.signing_seed().expose(), &signature_payload_v3(&fields));
    params["device"] = json!({
        "id": identity.device_id(),
        "publicKey": identity.public_key_base64url(),
        "signature": signature,
        "signedAt": now_ms,
        "nonce": nonce,
    });
}

pub fn identity(seed: u8) -> DeviceIdentity {
    DeviceIdentity::from_seed(&[seed; 32], Some(0))
}
