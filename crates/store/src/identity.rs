//! This host's device identity: the Ed25519 key pair in `<stateDir>/identity/device.json` that the
//! CLI and nodes use to sign the gateway handshake.
//!
//! The file is OpenClaw's, byte for byte: `{version: 1, deviceId, publicKeyPem (SPKI), privateKeyPem
//! (PKCS#8 v1), createdAtMs}`, two-space JSON with a trailing newline, mode 0600. `deviceId` is the
//! lowercase hex SHA-256 of the raw 32-byte public key; a stored id that disagrees with the key is
//! rewritten to the derived one (other fields kept), as OpenClaw does. A file that exists but cannot
//! be used is an error, never silently replaced, because a new key orphans every pairing made with
//! the old one (OpenClaw 2026.9 refuses too; older releases regenerated).
//!
//! Also accepted on load, never written: the raw-key form `{deviceId, publicKey, privateKey}`
//! (base64 or base64url, no `version`) that OpenClaw's native apps wrote.

mod pem;

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use openclaw_durable::lock_exclusive;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use crate::entropy::random_bytes;
use crate::json_file::{TrailingNewline, read_json, write_json};
use crate::{Result, StateDir, StoreError};

/// The only `version` of `device.json` OpenClaw has written.
const FILE_VERSION: u64 = 1;

/// This host's Ed25519 identity. The private key is held as a [`SigningKey`], which wipes itself on
/// drop; `Debug` never prints it.
pub struct DeviceIdentity {
    device_id: String,
    signing_key: SigningKey,
    public_key_pem: String,
    created_at_ms: Option<i64>,
}

/// The 32-byte Ed25519 seed, wiped from memory when dropped.
pub struct SigningSeed(SigningKey);

impl SigningSeed {
    pub fn expose(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for SigningSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSeed(<redacted>)")
    }
}

impl fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceIdentity")
            .field("device_id", &self.device_id)
            .field("created_at_ms", &self.created_at_ms)
            .finish_non_exhaustive()
    }
}

/// Lowercase hex SHA-256 of a raw Ed25519 public key: OpenClaw's device id.
pub fn device_id_for_public_key(raw: &[u8; 32]) -> String {
    hex::encode(Sha256::digest(raw))
}

impl DeviceIdentity {
    /// Loads `identity/device.json`, creating it (fresh key, 0600, under `device.json.lock`) if it
    /// does not exist. Concurrent first runs agree on one identity: creation re-checks under the lock.
    pub fn load_or_create(state: &StateDir, now_ms: i64) -> Result<Self> {
        let path = state.device_identity_file();
        if let Some(loaded) = parse(&path)?
            && loaded.repaired.is_none()
        {
            return Ok(loaded.identity);
        }
        let _lock = lock_exclusive(&path)?;
        match parse(&path)? {
            Some(Loaded { identity, repaired: Some(file) }) => {
                write_json(&path, &Value::Object(file), TrailingNewline::Yes)?;
                Ok(identity)
            }
            Some(Loaded { identity, repaired: None }) => Ok(identity),
            None => {
                let identity = Self::generate(now_ms)?;
                write_json(&path, &identity.to_file(), TrailingNewline::Yes)?;
                Ok(identity)
            }
        }
    }

    /// Loads the identity if the file exists, without creating or repairing anything.
    pub fn load(state: &StateDir) -> Result<Option<Self>> {
        Ok(parse(&state.device_identity_file())?.map(|loaded| loaded.identity))
    }

    /// An identity from a known seed, for tests and for callers that manage keys themselves.
    pub fn from_seed(seed: &[u8; 32], created_at_ms: Option<i64>) -> Self {
        Self::from_signing_key(SigningKey::from_bytes(seed), created_at_ms)
    }

    fn generate(now_ms: i64) -> Result<Self> {
        Ok(Self::from_signing_key(SigningKey::from_bytes(&random_bytes::<32>()?), Some(now_ms)))
    }

    fn from_signing_key(signing_key: SigningKey, created_at_ms: Option<i64>) -> Self {
        let verifying_key = signing_key.verifying_key();
        Self {
            device_id: device_id_for_public_key(verifying_key.as_bytes()),
            public_key_pem: pem::public_key_pem(&verifying_key),
            signing_key,
            created_at_ms,
        }
    }

    /// The file content OpenClaw writes, keys in its order.
    fn to_file(&self) -> Value {
        json!({
            "version": FILE_VERSION,
            "deviceId": self.device_id,
            "publicKeyPem": self.public_key_pem,
            "privateKeyPem": pem::private_key_pem(&self.signing_key),
            "createdAtMs": self.created_at_ms,
        })
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn public_key_raw(&self) -> [u8; 32] {
        self.signing_key.verifying_key().to_bytes()
    }

    /// The raw public key as unpadded base64url: the `device.publicKey` the handshake sends.
    pub fn public_key_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.public_key_raw())
    }

    /// SPKI PEM, as stored (Node framing).
    pub fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    /// When the identity was created; absent in files that never recorded it.
    pub fn created_at_ms(&self) -> Option<i64> {
        self.created_at_ms
    }

    pub fn signing_seed(&self) -> SigningSeed {
        SigningSeed(self.signing_key.clone())
    }

    /// An Ed25519 signature over `payload` (deterministic, so equal to Node's `crypto.sign`).
    pub fn sign(&self, payload: &[u8]) -> [u8; 64] {
        self.signing_key.sign(payload).to_bytes()
    }

    /// The signature as unpadded base64url, the form the handshake's `device.signature` carries.
    pub fn sign_base64url(&self, payload: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.sign(payload.as_bytes()))
    }
}

/// An identity read from disk, plus the file to write back if its stored `deviceId` was stale.
struct Loaded {
    identity: DeviceIdentity,
    repaired: Option<Map<String, Value>>,
}

fn parse(path: &Path) -> Result<Option<Loaded>> {
    let invalid = |reason: String| StoreError::InvalidIdentity { path: path.to_path_buf(), reason };
    let value = match read_json(path) {
        Ok(Some(value)) => value,
        Ok(None) => return Ok(None),
        Err(StoreError::Json { source, .. }) => return Err(invalid(format!("not JSON ({source})"))),
        Err(err) => return Err(err),
    };
    let Value::Object(mut file) = value else {
        return Err(invalid("not a JSON object".to_owned()));
    };
    let created_at_ms = file.get("createdAtMs").and_then(Value::as_i64);
    let Some(version) = file.get("version") else {
        return parse_raw_keys(&file, created_at_ms).map(Some).map_err(invalid);
    };
    if version.as_u64() != Some(FILE_VERSION) {
        return Err(invalid(format!("unsupported version {version}")));
    }
    let text = |key: &str| file.get(key).and_then(Value::as_str).ok_or_else(|| invalid(format!("{key} is missing")));
    let stored_id = text("deviceId")?.to_owned();
    let public_key_pem = text("publicKeyPem")?.to_owned();
    let verifying_key = pem::parse_public_key_pem(&public_key_pem)
        .ok_or_else(|| invalid("publicKeyPem is not an Ed25519 key".into()))?;
    let signing_key = pem::parse_private_key_pem(text("privateKeyPem")?)
        .ok_or_else(|| invalid("privateKeyPem is not an Ed25519 key".into()))?;
    if signing_key.verifying_key() != verifying_key {
        return Err(invalid("privateKeyPem does not belong to publicKeyPem".into()));
    }
    let device_id = device_id_for_public_key(verifying_key.as_bytes());
    let repaired = if device_id == stored_id {
        None
    } else {
        // Assigning an existing key keeps its position, like OpenClaw's `{...parsed, deviceId}`.
        file.insert("deviceId".to_owned(), Value::String(device_id.clone()));
        Some(file)
    };
    // The PEM text is kept as stored rather than re-encoded, so nothing we hand out differs from
    // what another reader of the same file would compute.
    let identity = DeviceIdentity { device_id, signing_key, public_key_pem, created_at_ms };
    Ok(Some(Loaded { identity, repaired }))
}

/// The versionless raw-key form: `publicKey`/`privateKey` are 32-byte keys in base64 or base64url.
fn parse_raw_keys(file: &Map<String, Value>, created_at_ms: Option<i64>) -> std::result::Result<Loaded, String> {
    let key = |name: &str| -> std::result::Result<[u8; 32], String> {
        let text = file.get(name).and_then(Value::as_str).ok_or_else(|| format!("no version and no {name}"))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .or_else(|_| STANDARD.decode(text))
            .map_err(|_| format!("{name} is not base64"))?;
        bytes.try_into().map_err(|_| format!("{name} is not a 32-byte Ed25519 key"))
    };
    let public =
        VerifyingKey::from_bytes(&key("publicKey")?).map_err(|_| "publicKey is not an Ed25519 key".to_owned())?;
    let identity = DeviceIdentity::from_signing_key(SigningKey::from_bytes(&key("privateKey")?), created_at_ms);
    if identity.signing_key.verifying_key() != public {
        return Err("privateKey does not belong to publicKey".to_owned());
    }
    Ok(Loaded { identity, repaired: None })
}

#[cfg(test)]
mod tests;
