//! The `connect` handshake: each auth mode, the refusals and their codes, protocol
//! negotiation, strict frames and params, and the handshake deadline.

use serde_json::json;

use super::client::{Client, cli_params};
use super::harness::{Start, TOKEN, TestGateway};

#[test]
fn token_mode_accepts_the_token_and_says_hello() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    let res = c.connect(cli_params(Some(TOKEN)));
    assert_eq!(res["ok"], true, "{res}");
    let hello = &res["payload"];
    assert_eq!(hello["type"], "hello-ok");
    assert_eq!(hello["protocol"], 4);
    assert_eq!(hello["auth"]["method"], "token");
    assert_eq!(
        hello["policy"],
        json!({"maxPayload": 26_214_400, "maxBufferedBytes": 52_428_800, "tickIntervalMs": 30_000})
    );
    let methods: Vec<&str> =
        hello["features"]["methods"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    for m in ["health", "status", "config.get", "config.patch", "device.pair.list", "sessions.list", "chat.history"] {
        assert!(methods.contains(&m), "{m} missing from {methods:?}");
    }
    assert_eq!(hello["snapshot"]["authMode"], "token");
    assert!(hello["snapshot"]["configPath"].is_string(), "admins see paths");
    let health = c.call("health", json!({}));
    assert_eq!(health["payload"]["ok"], true, "{health}");
}

#[test]
fn wrong_and_missing_tokens_are_refused_with_their_detail_codes() {
    let gw = TestGateway::with_token("");
    for (auth, code, message) in [
        (
            Some("wrong"),
            "AUTH_TOKEN_MISMATCH",
            "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)",
        ),
        (
            None,
            "AUTH_TOKEN_MISSING",
            "unauthorized: gateway token missing (use this gateway's gateway.auth.token or pair the device)",
        ),
    ] {
        let mut c = Client::open(&gw.ws_url());
        let res = c.connect(cli_params(auth));
        assert_eq!(res["ok"], false);
        assert_eq!(res["error"]["code"], "INVALID_REQUEST");
        assert_eq!(res["error"]["details"]["code"], code);
        assert_eq!(res["error"]["message"], message);
        assert_eq!(c.closed(), (1008, message.to_owned()));
    }
}

#[test]
fn password_mode_checks_the_password() {
    let gw = TestGateway::start(
        "{ gateway: { mode: 'local', auth: { mode: 'password', password: 'correct horse battery staple' } } }",
    );
    let mut ok = Client::open(&gw.ws_url());
    let mut params = cli_params(None);
    params["auth"] = json!({"password": "correct horse battery staple"});
    assert_eq!(ok.connect(params.clone())["payload"]["auth"]["method"], "password");
    let mut bad = Client::open(&gw.ws_url());
    params["auth"] = json!({"password": "wrong"});
    let res = bad.connect(params);
    assert_eq!(res["error"]["details"]["code"], "AUTH_PASSWORD_MISMATCH", "{res}");
}

#[test]
fn auth_none_on_loopback_lets_operators_in() {
    let gw = TestGateway::start("{ gateway: { mode: 'local', auth: { mode: 'none' } } }");
    let mut c = Client::open(&gw.ws_url());
    let res = c.connect(cli_params(None));
    assert_eq!(res["payload"]["auth"]["method"], "none", "{res}");
}

#[test]
fn env_token_is_used_when_the_config_has_none() {
    let start = Start {
        env: vec![("OPENCLAW_GATEWAY_TOKEN".into(), "from-env-token-abcdef0123456789".into())],
        ..Start::default()
    };
    let gw = TestGateway::try_start("{ gateway: { mode: 'local' } }", start).unwrap();
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some("from-env-token-abcdef0123456789")))["ok"], true);
}

#[test]
fn protocol_3_clients_get_protocol_3_and_others_are_refused_with_1002() {
    let gw = TestGateway::with_token("");
    let mut v3 = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["maxProtocol"] = json!(3);
    let res = v3.connect(params.clone());
    assert_eq!(res["payload"]["protocol"], 3, "{res}");
    assert!(res["payload"].get("auth").is_none(), "v3 hello has auth only with a device token");

    let mut future = Client::open(&gw.ws_url());
    params["minProtocol"] = json!(5);
    params["maxProtocol"] = json!(6);
    let res = future.connect(params);
    assert_eq!(res["error"]["message"], "protocol mismatch");
    assert_eq!(res["error"]["details"]["code"], "PROTOCOL_MISMATCH");
    assert_eq!(res["error"]["details"]["expectedProtocol"], 4);
    assert_eq!(future.closed(), (1002, "protocol mismatch".to_owned()));
}

#[test]
fn the_first_request_must_be_a_valid_connect() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    c.send(&json!({"type": "req", "id": "x", "method": "health"}));
    let res = c.response("x");
    assert_eq!(res["error"]["message"], "invalid handshake: first request must be connect");
    assert_eq!(c.closed().0, 1008);

    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["bogus"] = json!(1);
    let res = c.connect(params);
    let message = res["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("invalid connect params:") && message.contains("bogus"), "{message}");
    assert_eq!(c.closed().0, 1008);

    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["client"]["id"] = json!("not-a-client");
    let res = c.connect(params);
    assert!(res["error"]["message"].as_str().unwrap().contains("not-a-client"), "{res}");

    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["role"] = json!("superuser");
    assert_eq!(c.connect(params)["error"]["message"], "invalid role");
}

#[test]
fn garbage_before_connect_closes_silently() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    c.send_text("this is not json");
    assert_eq!(c.closed().0, 1000);
}

#[test]
fn after_hello_garbage_is_ignored_and_bad_requests_are_answered() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    c.connect(cli_params(Some(TOKEN)));
    c.send_text("not json at all");
    c.send(&json!({"type": "req", "id": "q", "method": "health", "extra": 1}));
    let res = c.response("q");
    assert_eq!(res["error"]["code"], "INVALID_REQUEST");
    assert!(res["error"]["message"].as_str().unwrap().starts_with("invalid request frame"), "{res}");
    assert_eq!(c.call("health", json!({}))["ok"], true, "the connection survives");
    let unknown = c.call("no.such.method", json!({}));
    assert_eq!(unknown["error"]["message"], "unknown method: no.such.method");
}

#[test]
fn scopes_gate_methods() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["scopes"] = json!(["operator.read"]);
    c.connect(params);
    assert_eq!(c.call("status", json!({}))["ok"], true);
    let denied = c.call("config.patch", json!({"raw": "{}"}));
    assert_eq!(denied["error"]["message"], "missing scope: operator.admin");
    let denied = c.call("device.pair.list", json!({}));
    assert_eq!(denied["error"]["message"], "missing scope: operator.pairing");
}

#[test]
fn nodes_may_call_only_node_methods_and_are_cut_off_after_ten_refusals() {
    let gw = TestGateway::with_token("");
    let id = super::client::identity(7);
    let mut c = Client::open(&gw.ws_url());
    let mut params = json!({
        "minProtocol": 3, "maxProtocol": 4,
        "client": {"id": "node-host", "version": "test", "platform": "linux", "mode": "node"},
        "role": "node", "scopes": [], "auth": {"token": TOKEN},
    });
    super::client::sign(&mut params, &id, &c.nonce.clone(), gw.now_ms());
    let res = c.connect(params);
    assert_eq!(res["ok"], true, "a local node pairs silently: {res}");
    for n in 0..10 {
        let res = c.call("status", json!({}));
        assert_eq!(res["error"]["message"], "unauthorized role: node", "call {n}");
    }
    assert_eq!(c.closed(), (1008, "repeated unauthorized calls".to_owned()));
}

#[test]
fn an_idle_socket_is_closed_at_the_handshake_deadline() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    let started = std::time::Instant::now();
    let (code, reason) = c.closed();
    assert_eq!((code, reason.as_str()), (1000, "handshake timeout"));
    assert!(started.elapsed() >= std::time::Duration::from_secs(9), "{:?}", started.elapsed());
}
