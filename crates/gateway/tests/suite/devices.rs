//! Device identity and pairing over the wire: signed proofs (and every way to get one wrong),
//! silent pairing for local clients, pending requests for remote ones, approval, device
//! tokens as credentials, rotation and revocation.

use serde_json::json;

use super::client::{Client, cli_params, identity, sign};
use super::harness::{TOKEN, TestGateway};

/// A gateway that trusts 127.0.0.1 as a reverse proxy, so a test can appear remote by sending
/// `X-Forwarded-For`.
pub fn behind_proxy() -> TestGateway {
    TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', trustedProxies: ['127.0.0.1'], auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}"
    ))
}

pub const REMOTE: &[(&str, &str)] = &[("x-forwarded-for", "203.0.113.9")];

#[test]
fn a_local_device_pairs_silently_and_gets_a_device_token() {
    let gw = TestGateway::with_token("");
    let id = identity(1);
    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    sign(&mut params, &id, &c.nonce.clone(), gw.now_ms());
    let res = c.connect(params);
    assert_eq!(res["ok"], true, "{res}");
    let token = res["payload"]["auth"]["deviceToken"].as_str().expect("device token issued").to_owned();

    // The device token alone is a credential for this device.
    let mut again = Client::open(&gw.ws_url());
    let mut params = cli_params(None);
    params["auth"] = json!({"deviceToken": token});
    sign(&mut params, &id, &again.nonce.clone(), gw.now_ms());
    let res = again.connect(params);
    assert_eq!(res["payload"]["auth"]["method"], "device-token", "{res}");

    let list = again.call("device.pair.list", json!({}));
    let paired = list["payload"]["paired"].as_array().unwrap();
    assert_eq!(paired.len(), 1);
    assert_eq!(paired[0]["deviceId"], id.device_id());
    assert!(!list.to_string().contains(&token), "listing never shows token values");
}

#[test]
fn a_remote_device_waits_for_approval() {
    let gw = behind_proxy();
    let id = identity(2);
    let mut remote = Client::open_with(&gw.ws_url(), REMOTE);
    let mut params = cli_params(Some(TOKEN));
    sign(&mut params, &id, &remote.nonce.clone(), gw.now_ms());
    let res = remote.connect(params.clone());
    assert_eq!(res["error"]["code"], "NOT_PAIRED", "{res}");
    assert_eq!(res["error"]["details"]["code"], "PAIRING_REQUIRED");
    assert_eq!(res["error"]["message"], "pairing required: device is not approved yet");
    let request_id = res["error"]["details"]["requestId"].as_str().unwrap().to_owned();
    assert_eq!(remote.closed().0, 1008);

    // An operator on the host (shared token, no device) approves it.
    let mut admin = Client::open(&gw.ws_url());
    admin.connect(cli_params(Some(TOKEN)));
    let pending = admin.call("device.pair.list", json!({}));
    assert_eq!(pending["payload"]["pending"][0]["requestId"], request_id.as_str(), "{pending}");
    let approved = admin.call("device.pair.approve", json!({"requestId": request_id}));
    assert_eq!(approved["ok"], true, "{approved}");
    assert_eq!(approved["payload"]["device"]["deviceId"], id.device_id());

    let mut retry = Client::open_with(&gw.ws_url(), REMOTE);
    let mut params = cli_params(Some(TOKEN));
    sign(&mut params, &id, &retry.nonce.clone(), gw.now_ms());
    let res = retry.connect(params);
    assert_eq!(res["ok"], true, "{res}");
    assert!(res["payload"]["auth"]["deviceToken"].is_string());
}

#[test]
fn pending_requests_expire_after_five_minutes() {
    let gw = behind_proxy();
    let mut remote = Client::open_with(&gw.ws_url(), REMOTE);
    let mut params = cli_params(Some(TOKEN));
    sign(&mut params, &identity(3), &remote.nonce.clone(), gw.now_ms());
    remote.connect(params);
    let mut admin = Client::open(&gw.ws_url());
    admin.connect(cli_params(Some(TOKEN)));
    assert_eq!(admin.call("device.pair.list", json!({}))["payload"]["pending"].as_array().unwrap().len(), 1);
    gw.advance(5 * 60_000 + 1);
    assert_eq!(admin.call("device.pair.list", json!({}))["payload"]["pending"], json!([]));
    let res = admin.call("device.pair.approve", json!({"requestId": "nope"}));
    assert_eq!(res["error"]["message"], "unknown requestId");
}

#[test]
fn bad_device_proofs_are_refused_with_their_codes() {
    let gw = TestGateway::with_token("");
    type Tamper = Box<dyn Fn(&mut serde_json::Value, &str, i64)>;
    let cases: Vec<(&str, Tamper)> = vec![
        ("DEVICE_AUTH_NONCE_MISMATCH", Box::new(|p, _n, now| sign(p, &identity(4), "other-nonce", now))),
        ("DEVICE_AUTH_SIGNATURE_EXPIRED", Box::new(|p, n, now| sign(p, &identity(4), n, now - 121_000))),
        (
            "DEVICE_AUTH_DEVICE_ID_MISMATCH",
            Box::new(|p, n, now| {
                sign(p, &identity(4), n, now);
                p["device"]["id"] = json!("0".repeat(64));
            }),
        ),
        (
            "DEVICE_AUTH_SIGNATURE_INVALID",
            Box::new(|p, n, now| {
                sign(p, &identity(4), n, now);
                p["scopes"] = json!(["operator.admin"]);
            }),
        ),
    ];
    for (code, tamper) in cases {
        let mut c = Client::open(&gw.ws_url());
        let mut params = cli_params(Some(TOKEN));
        tamper(&mut params, &c.nonce.clone(), gw.now_ms());
        let res = c.connect(params);
        assert_eq!(res["error"]["details"]["code"], code, "{res}");
        assert_eq!(c.closed().0, 1008);
    }
}

#[test]
fn nodes_and_device_token_callers_need_a_device_identity() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    params["role"] = json!("node");
    params["client"] = json!({"id": "node-host", "version": "t", "platform": "linux", "mode": "node"});
    let res = c.connect(params);
    assert_eq!(res["error"]["code"], "NOT_PAIRED");
    assert_eq!(res["error"]["details"]["code"], "DEVICE_IDENTITY_REQUIRED");
}

#[test]
fn rotated_tokens_replace_old_ones_and_revoked_tokens_stop_working() {
    let gw = TestGateway::with_token("");
    let id = identity(5);
    let mut c = Client::open(&gw.ws_url());
    let mut params = cli_params(Some(TOKEN));
    sign(&mut params, &id, &c.nonce.clone(), gw.now_ms());
    let first = c.connect(params)["payload"]["auth"]["deviceToken"].as_str().unwrap().to_owned();

    let rotated = c.call("device.token.rotate", json!({"deviceId": id.device_id(), "role": "operator"}));
    let second = rotated["payload"]["token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);

    let login = |token: &str| {
        let mut c = Client::open(&gw.ws_url());
        let mut params = cli_params(None);
        params["auth"] = json!({"deviceToken": token});
        sign(&mut params, &id, &c.nonce.clone(), gw.now_ms());
        c.connect(params)
    };
    assert_eq!(login(&first)["error"]["details"]["code"], "AUTH_DEVICE_TOKEN_MISMATCH");
    assert_eq!(login(&second)["ok"], true);
    let revoked = c.call("device.token.revoke", json!({"deviceId": id.device_id(), "role": "operator"}));
    assert_eq!(revoked["ok"], true, "{revoked}");
    assert_eq!(login(&second)["ok"], false);
}
