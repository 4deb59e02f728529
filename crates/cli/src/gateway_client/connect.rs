//! The `connect` request a client sends after the gateway's `connect.challenge`: who it is, which
//! role and scopes it asks for, which secret proves it may, and (when it brings a device identity)
//! an Ed25519 signature over the v3 payload binding all of that to the challenge nonce.
//!
//! Pure: the nonce, the clock reading and the signer are arguments, so tests can pin every byte.

use openclaw_policy::gateway::device_auth::{SignatureFields, signature_payload_v3};
use serde_json::{Map, Value, json};

/// This host's device key, as far as the handshake needs it.
pub trait DeviceSigner {
    /// Hex SHA-256 of the raw public key.
    fn device_id(&self) -> &str;
    /// Raw 32-byte public key, base64url without padding.
    fn public_key(&self) -> String;
    /// Base64url Ed25519 signature of `payload`.
    fn sign(&self, payload: &str) -> String;
}

/// The `client` block and protocol range of `connect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    /// `cli` for the command line (an enum on the server side).
    pub id: &'static str,
    /// `cli` for commands, `probe` for reachability probes.
    pub mode: &'static str,
    pub version: String,
    pub platform: String,
    pub device_family: Option<String>,
    pub instance_id: String,
    pub min_protocol: u32,
    pub max_protocol: u32,
}

impl ClientInfo {
    /// The command line's identity. Protocol 3 is what this project's gateway speaks and 4 what
    /// OpenClaw 2026.9 requires of CLI clients; the frames this client uses are the same in both,
    /// so it offers the range and lets the server pick.
    pub fn cli(mode: &'static str, instance_id: String) -> Self {
        let (platform, family) = platform_identity();
        Self {
            id: "cli",
            mode,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            platform: platform.to_owned(),
            device_family: family.map(str::to_owned),
            instance_id,
            min_protocol: 3,
            max_protocol: 4,
        }
    }
}

/// Node's names for the platform (what OpenClaw clients report), and the device family shown in
/// pairing lists.
fn platform_identity() -> (&'static str, Option<&'static str>) {
    match std::env::consts::OS {
        "macos" => ("macos", Some("Mac")),
        "windows" => ("windows", Some("Windows")),
        "linux" => ("linux", Some("Linux")),
        other => (other, None),
    }
}

/// Secrets for `connect.auth`. A stored device token is only presented when no shared secret is,
/// so an explicit `--token` never gets silently replaced by a cached one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    pub token: Option<String>,
    pub password: Option<String>,
    /// The device token this host cached from an earlier `hello-ok`.
    pub stored_device_token: Option<String>,
}

impl Credentials {
    fn trimmed(value: &Option<String>) -> Option<&str> {
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    pub fn token(&self) -> Option<&str> {
        Self::trimmed(&self.token)
    }

    pub fn password(&self) -> Option<&str> {
        Self::trimmed(&self.password)
    }

    /// The device token sent as `auth.deviceToken`.
    pub fn device_token(&self) -> Option<&str> {
        if self.token().is_some() || self.password().is_some() {
            return None;
        }
        Self::trimmed(&self.stored_device_token)
    }

    /// The token the device signature covers: the shared token, else the device token.
    pub fn signature_token(&self) -> Option<&str> {
        self.token().or_else(|| self.device_token())
    }

    fn to_json(&self) -> Option<Value> {
        let mut auth = Map::new();
        let entries = [("token", self.token()), ("deviceToken", self.device_token()), ("password", self.password())];
        for (key, value) in entries {
            if let Some(value) = value {
                auth.insert(key.to_owned(), json!(value));
            }
        }
        (!auth.is_empty()).then_some(Value::Object(auth))
    }
}

/// Everything `connect` asks for.
pub struct ConnectRequest<'a> {
    pub client: &'a ClientInfo,
    pub role: &'a str,
    pub scopes: &'a [String],
    pub credentials: &'a Credentials,
    pub device: Option<&'a dyn DeviceSigner>,
}

/// `connect` params for the challenge `nonce`, signed at `signed_at_ms`.
pub fn connect_params(request: &ConnectRequest<'_>, nonce: &str, signed_at_ms: i64) -> Value {
    let client = request.client;
    let mut client_json = json!({"id": client.id, "version": client.version, "platform": client.platform});
    if let Some(family) = &client.device_family {
        client_json["deviceFamily"] = json!(family);
    }
    client_json["mode"] = json!(client.mode);
    client_json["instanceId"] = json!(client.instance_id);
    let mut params = json!({
        "minProtocol": client.min_protocol,
        "maxProtocol": client.max_protocol,
        "client": client_json,
        "caps": [],
    });
    if let Some(auth) = request.credentials.to_json() {
        params["auth"] = auth;
    }
    params["role"] = json!(request.role);
    params["scopes"] = json!(request.scopes);
    if let Some(signer) = request.device {
        params["device"] = device_proof(request, signer, nonce, signed_at_ms);
    }
    params
}

fn device_proof(request: &ConnectRequest<'_>, signer: &dyn DeviceSigner, nonce: &str, signed_at_ms: i64) -> Value {
    let fields = SignatureFields {
        device_id: signer.device_id().to_owned(),
        client_id: request.client.id.to_owned(),
        client_mode: request.client.mode.to_owned(),
        role: request.role.to_owned(),
        scopes: request.scopes.to_vec(),
        signed_at_ms,
        token: request.credentials.signature_token().map(str::to_owned),
        nonce: nonce.to_owned(),
        platform: Some(request.client.platform.clone()),
        device_family: request.client.device_family.clone(),
    };
    let payload = signature_payload_v3(&fields);
    json!({
        "id": signer.device_id(),
        "publicKey": signer.public_key(),
        "signature": signer.sign(&payload),
        "signedAt": signed_at_ms,
        "nonce": nonce,
    })
}
