//! The client's pure parts as specifications (connect params, target resolution, scopes, URLs),
//! and the handshake against a tiny in-process gateway that checks the device proof the way a
//! real gateway does.

mod handshake;

use std::path::Path;

use openclaw_config::EnvMap;
use serde_json::{Value, json};

use super::connect::{ClientInfo, ConnectRequest, Credentials, DeviceSigner, connect_params};
use super::target::{self, TargetError, TargetFlags, UrlOverride, World};
use super::{scopes, url};

struct FixedSigner;

impl DeviceSigner for FixedSigner {
    fn device_id(&self) -> &str {
        "dev-1"
    }
    fn public_key(&self) -> String {
        "PUB".to_owned()
    }
    fn sign(&self, payload: &str) -> String {
        format!("sig({payload})")
    }
}

fn client() -> ClientInfo {
    ClientInfo {
        id: "cli",
        mode: "cli",
        version: "1.2.3".to_owned(),
        platform: "linux".to_owned(),
        device_family: Some("Linux".to_owned()),
        instance_id: "inst".to_owned(),
        min_protocol: 3,
        max_protocol: 4,
    }
}

#[test]
fn connect_params_carry_client_auth_scopes_and_a_v3_device_proof() {
    let client = client();
    let scopes = vec!["operator.read".to_owned()];
    let credentials = Credentials { token: Some(" tok ".to_owned()), ..Credentials::default() };
    let request = ConnectRequest {
        client: &client,
        role: "operator",
        scopes: &scopes,
        credentials: &credentials,
        device: Some(&FixedSigner),
    };
    assert_eq!(
        connect_params(&request, "n-1", 1000),
        json!({
            "minProtocol": 3,
            "maxProtocol": 4,
            "client": {"id": "cli", "version": "1.2.3", "platform": "linux", "deviceFamily": "Linux", "mode": "cli", "instanceId": "inst"},
            "caps": [],
            "auth": {"token": "tok"},
            "role": "operator",
            "scopes": ["operator.read"],
            "device": {
                "id": "dev-1",
                "publicKey": "PUB",
                "signature": "sig(v3|dev-1|cli|cli|operator|operator.read|1000|tok|n-1|linux|linux)",
                "signedAt": 1000,
                "nonce": "n-1",
            },
        })
    );
}

#[test]
fn a_stored_device_token_is_sent_only_without_a_shared_secret() {
    let stored = Some("dt".to_owned());
    let with_token = Credentials { token: Some("t".to_owned()), password: None, stored_device_token: stored.clone() };
    assert_eq!((with_token.device_token(), with_token.signature_token()), (None, Some("t")));
    let with_password =
        Credentials { token: None, password: Some("p".to_owned()), stored_device_token: stored.clone() };
    assert_eq!((with_password.device_token(), with_password.signature_token()), (None, None));
    let alone = Credentials { token: None, password: None, stored_device_token: stored };
    assert_eq!((alone.device_token(), alone.signature_token()), (Some("dt"), Some("dt")));
    let client = client();
    let request = ConnectRequest { client: &client, role: "operator", scopes: &[], credentials: &alone, device: None };
    let params = connect_params(&request, "n", 1);
    assert_eq!(params["auth"], json!({"deviceToken": "dt"}));
    assert!(params.get("device").is_none());
}

fn env(pairs: &[(&str, &str)]) -> EnvMap {
    EnvMap::from_pairs(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
}

fn resolve(config: Value, pairs: &[(&str, &str)], flags: TargetFlags) -> Result<target::Target, TargetError> {
    let env = env(pairs);
    let world = World {
        config: &config,
        env: &env,
        config_path: Path::new("/h/.openclaw/openclaw.json"),
        profile: None,
        profile_port: None,
    };
    target::resolve(&flags, &world)
}

fn flags(url: Option<&str>, token: Option<&str>) -> TargetFlags {
    TargetFlags { url: url.map(str::to_owned), token: token.map(str::to_owned), ..TargetFlags::default() }
}

#[test]
fn local_target_uses_config_secret_before_env_and_the_env_port_first() {
    let config = json!({"gateway": {"port": 1234, "auth": {"token": "cfg"}}});
    let t = resolve(config.clone(), &[("OPENCLAW_GATEWAY_TOKEN", "env")], flags(None, None)).unwrap();
    assert_eq!(
        (t.details.url.as_str(), t.details.url_source, t.token.as_deref()),
        ("ws://127.0.0.1:1234", "local loopback", Some("cfg"))
    );
    assert_eq!(t.details.bind_detail.as_deref(), Some("Bind: loopback"));
    assert!(t.has_shared_secret());
    let t = resolve(config, &[("OPENCLAW_GATEWAY_PORT", "4321")], flags(None, None)).unwrap();
    assert_eq!(t.details.url, "ws://127.0.0.1:4321");
    let t = resolve(json!({}), &[("OPENCLAW_GATEWAY_TOKEN", "env")], flags(None, None)).unwrap();
    assert_eq!((t.details.url.as_str(), t.token.as_deref()), ("ws://127.0.0.1:18789", Some("env")));
}

#[test]
fn remote_mode_prefers_the_remote_token_and_requires_a_remote_url() {
    let config = json!({"gateway": {"mode": "remote", "remote": {"url": "wss://gw.example", "token": "remote"}, "auth": {"token": "local"}}});
    let t = resolve(config, &[("OPENCLAW_GATEWAY_TOKEN", "env")], flags(None, None)).unwrap();
    assert_eq!(
        (t.details.url.as_str(), t.details.url_source, t.token.as_deref()),
        ("wss://gw.example", "config gateway.remote.url", Some("remote"))
    );
    assert_eq!(t.details.bind_detail, None);
    let err = resolve(json!({"gateway": {"mode": "remote"}}), &[], flags(None, Some("x"))).unwrap_err();
    assert!(
        matches!(err, TargetError::RemoteMisconfigured(ref m) if m.starts_with("gateway remote mode misconfigured")),
        "{err:?}"
    );
}

#[test]
fn a_url_override_never_reuses_configured_secrets() {
    let config = json!({"gateway": {"auth": {"token": "cfg"}}});
    let err = resolve(config.clone(), &[], flags(Some("ws://127.0.0.1:9"), None)).unwrap_err();
    let TargetError::ExplicitAuthRequired(message) = err else { panic!("{err:?}") };
    assert!(
        message.starts_with(
            "gateway url override requires explicit credentials\nFix: pass --token or --password with --url"
        )
    );
    let t = resolve(config.clone(), &[], flags(Some("ws://127.0.0.1:9"), Some("flag"))).unwrap();
    assert_eq!(
        (t.url_override, t.token.as_deref(), t.details.url_source),
        (Some(UrlOverride::Cli), Some("flag"), "cli --url")
    );
    // The environment may carry its own URL together with its own secret.
    let t = resolve(
        config,
        &[("OPENCLAW_GATEWAY_URL", "ws://127.0.0.1:7"), ("OPENCLAW_GATEWAY_TOKEN", "envtok")],
        flags(None, None),
    )
    .unwrap();
    assert_eq!((t.details.url_source, t.token.as_deref()), ("env OPENCLAW_GATEWAY_URL", Some("envtok")));
}

#[test]
fn unsafe_or_contradictory_targets_are_refused_before_connecting() {
    let err = resolve(json!({}), &[], flags(Some("ws://203.0.113.9:1"), Some("t"))).unwrap_err();
    assert!(
        matches!(err, TargetError::Insecure(ref m) if m.starts_with("SECURITY ERROR: Gateway URL \"ws://203.0.113.9:1\"")),
        "{err:?}"
    );
    let both = TargetFlags { port: Some(5), ..flags(Some("ws://127.0.0.1:1"), Some("t")) };
    assert_eq!(
        resolve(json!({}), &[], both).unwrap_err(),
        TargetError::Usage("Use either --url or --port, not both.".to_owned())
    );
    let config = json!({"gateway": {"auth": {"token": {"source": "file", "provider": "vault", "id": "/gw"}}}});
    let err = resolve(config, &[], flags(None, None)).unwrap_err();
    assert!(
        matches!(err, TargetError::SecretRefUnavailable(ref m) if m.starts_with("gateway.auth.token is configured as a secret reference")),
        "{err:?}"
    );
    let config = json!({"gateway": {"auth": {"token": {"source": "env", "id": "GW_TOKEN"}}}});
    assert_eq!(
        resolve(config, &[("GW_TOKEN", "from-env")], flags(None, None)).unwrap().token.as_deref(),
        Some("from-env")
    );
}

#[test]
fn auth_mode_follows_the_gateway_resolution() {
    let mode = |config: Value, pairs: &[(&str, &str)]| resolve(config, pairs, flags(None, None)).unwrap().auth_mode;
    assert_eq!(mode(json!({}), &[]), "token");
    assert_eq!(mode(json!({"gateway": {"auth": {"password": "p"}}}), &[]), "password");
    assert_eq!(mode(json!({}), &[("OPENCLAW_GATEWAY_PASSWORD", "p")]), "password");
    assert_eq!(mode(json!({"gateway": {"auth": {"mode": "none"}}}), &[]), "none");
}

#[test]
fn named_profiles_get_a_stable_derived_port() {
    let env = env(&[]);
    let config = json!({});
    let world =
        World { config: &config, env: &env, config_path: Path::new("/x"), profile: Some("work"), profile_port: None };
    let port = target::local_port(&world);
    assert!((20_000..60_000).contains(&port), "{port}");
    assert_eq!(port, target::local_port(&world));
}

#[test]
fn least_privilege_scopes_per_method() {
    let cases: [(&str, Option<Value>, Vec<&str>); 8] = [
        ("status", None, vec!["operator.read"]),
        ("health", None, vec!["operator.read"]),
        ("device.pair.list", None, vec!["operator.pairing"]),
        ("config.whatever", None, vec!["operator.admin"]),
        ("agent", Some(json!({"message": "/reset now"})), vec!["operator.admin"]),
        ("agent", Some(json!({"message": "hello"})), vec!["operator.write"]),
        ("node.event", None, vec![]),
        ("not.a.method", None, scopes::CLI_DEFAULT.to_vec()),
    ];
    for (method, params, want) in cases {
        assert_eq!(scopes::for_method(method, params.as_ref()), want, "{method}");
    }
}

#[test]
fn plaintext_is_allowed_only_on_trusted_networks() {
    for (u, secure) in [
        ("ws://127.0.0.1:1", true),
        ("ws://localhost:1/path", true),
        ("ws://[::1]:1", true),
        ("ws://192.168.1.5:1", true),
        ("ws://100.101.1.1:1", true),
        ("ws://box.local:1", true),
        ("ws://gw.tail1234.ts.net", true),
        ("wss://example.com", true),
        ("ws://example.com", false),
        ("ws://8.8.8.8:1", false),
        ("http://127.0.0.1:1", false),
    ] {
        assert_eq!(url::is_secure(u, false), secure, "{u}");
    }
    assert!(url::is_secure("ws://gateway-box:1", true));
    let parsed = url::parse("ws://[::1]:18789/x").unwrap();
    assert_eq!((parsed.host.as_str(), parsed.port, parsed.tls), ("::1", 18789, false));
    assert_eq!(url::parse("wss://h").map(|u| u.port), Some(443));
}
