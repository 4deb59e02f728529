//! Device identity proofs: the Ed25519 signature a client sends in `connect.device` to show it
//! holds the key its device id is derived from, over this connection's challenge nonce.
//!
//! A device id is the lowercase hex SHA-256 of the raw 32-byte public key, so the id cannot be
//! claimed without the key. The signed string is one of two pipe-joined layouts (v3, which
//! also pins platform and device family, then legacy v2), over the client's claimed role,
//! scopes, token and the challenge nonce; a proof is accepted within two minutes of
//! `signedAt` either way, so clocks may disagree a little but a captured proof goes stale.
//! Failures carry the reference's `details.code`, `details.reason` and message, which
//! clients branch on. The clock is an argument: this module never reads it.
//!
//! Where we differ: a public key that does not decode to a valid Ed25519 point is refused as
//! `DEVICE_AUTH_PUBLIC_KEY_INVALID` before anything else. The reference hashes whatever bytes
//! its lenient decoder produced, so the same key fails there as an id mismatch or a bad
//! signature; the key is refused either way.

#[cfg(test)]
mod tests;

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::pkcs8::DecodePublicKey;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use openclaw_protocol::{ConnectErrorDetail, ConnectParams};
use sha2::{Digest, Sha256};

/// How far `signedAt` may be from the gateway's clock, either way.
pub const SIGNATURE_SKEW_MS: i64 = 120_000;

/// Longest key or signature text decoded; anything longer is not a key and not worth decoding.
const MAX_ENCODED_LEN: usize = 4096;

/// Everything a device signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureFields {
    pub device_id: String,
    pub client_id: String,
    pub client_mode: String,
    /// The role the client asked for (`operator` when it sent none).
    pub role: String,
    /// The scopes the client asked for, in the order sent.
    pub scopes: Vec<String>,
    pub signed_at_ms: i64,
    /// `auth.token`, else `auth.deviceToken`, else `auth.bootstrapToken`; empty when none.
    pub token: Option<String>,
    /// The challenge nonce as the client sent it (verification trims it).
    pub nonce: String,
    pub platform: Option<String>,
    pub device_family: Option<String>,
}

impl SignatureFields {
    /// The claim a `connect` makes, or `None` when it carries no `device`. Role and scopes are
    /// the requested ones with their defaults (`operator`, none), as the client signed them.
    pub fn from_connect(params: &ConnectParams) -> Option<Self> {
        let device = params.device.as_ref()?;
        Some(Self {
            device_id: device.id.clone(),
            client_id: params.client.id.as_str().to_owned(),
            client_mode: params.client.mode.as_str().to_owned(),
            role: params.role_or_default().to_owned(),
            scopes: params.scopes_or_default().to_vec(),
            signed_at_ms: device.signed_at,
            token: params.signature_token().map(str::to_owned),
            nonce: device.nonce.clone(),
            platform: Some(params.client.platform.clone()),
            device_family: params.client.device_family.clone(),
        })
    }
}

/// Which signed layout the proof used; the gateway logs it and pins metadata for v3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadVersion {
    V2,
    V3,
}

/// A device whose proof checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedDevice {
    pub device_id: String,
    /// The raw key as unpadded base64url, whatever encoding the client sent; this is the form
    /// the paired-device store keeps and compares.
    pub public_key: String,
    pub payload_version: PayloadVersion,
}

/// Why a device proof was refused. `Display` is the reference's message (also the close
/// reason); [`Self::reason`] and [`Self::detail_code`] fill `error.details`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeviceAuthError {
    #[error("device identity mismatch")]
    DeviceIdMismatch,
    #[error("device signature expired")]
    SignatureExpired,
    #[error("device nonce required")]
    NonceRequired,
    #[error("device nonce mismatch")]
    NonceMismatch,
    #[error("device signature invalid")]
    SignatureInvalid,
    #[error("device public key invalid")]
    PublicKeyInvalid,
}

impl DeviceAuthError {
    /// `error.details.reason`.
    pub const fn reason(self) -> &'static str {
        match self {
            Self::DeviceIdMismatch => "device-id-mismatch",
            Self::SignatureExpired => "device-signature-stale",
            Self::NonceRequired => "device-nonce-missing",
            Self::NonceMismatch => "device-nonce-mismatch",
            Self::SignatureInvalid => "device-signature",
            Self::PublicKeyInvalid => "device-public-key",
        }
    }

    /// `error.details.code`.
    pub const fn detail_code(self) -> ConnectErrorDetail {
        match self {
            Self::DeviceIdMismatch => ConnectErrorDetail::DeviceAuthDeviceIdMismatch,
            Self::SignatureExpired => ConnectErrorDetail::DeviceAuthSignatureExpired,
            Self::NonceRequired => ConnectErrorDetail::DeviceAuthNonceRequired,
            Self::NonceMismatch => ConnectErrorDetail::DeviceAuthNonceMismatch,
            Self::SignatureInvalid => ConnectErrorDetail::DeviceAuthSignatureInvalid,
            Self::PublicKeyInvalid => ConnectErrorDetail::DeviceAuthPublicKeyInvalid,
        }
    }

    /// The whole `error.details` object: `{code, reason}`.
    pub fn details(self) -> serde_json::Value {
        serde_json::json!({ "code": self.detail_code().as_str(), "reason": self.reason() })
    }
}

/// The device id of a raw Ed25519 public key: lowercase hex SHA-256.
pub fn device_id_from_public_key(raw: &[u8; 32]) -> String {
    Sha256::digest(raw).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Reads a public key sent as raw base64url (the clients' form), raw standard base64 (padded
/// or not) or an SPKI PEM block, and checks it is a valid Ed25519 point.
pub fn parse_public_key(text: &str) -> Result<[u8; 32], DeviceAuthError> {
    let text = text.trim();
    if text.len() > MAX_ENCODED_LEN {
        return Err(DeviceAuthError::PublicKeyInvalid);
    }
    let key = if text.contains("BEGIN") {
        VerifyingKey::from_public_key_pem(text).map_err(|_| DeviceAuthError::PublicKeyInvalid)?
    } else {
        let raw: [u8; 32] =
            decode_base64(text).and_then(|bytes| bytes.try_into().ok()).ok_or(DeviceAuthError::PublicKeyInvalid)?;
        VerifyingKey::from_bytes(&raw).map_err(|_| DeviceAuthError::PublicKeyInvalid)?
    };
    Ok(key.to_bytes())
}

/// A raw public key as the clients send it: unpadded base64url.
pub fn encode_public_key(raw: &[u8; 32]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// The public key belonging to a 32-byte Ed25519 secret seed.
pub fn public_key_from_seed(secret_seed: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret_seed).verifying_key().to_bytes()
}

/// The legacy layout: `v2|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce`.
pub fn signature_payload_v2(fields: &SignatureFields) -> String {
    common_parts("v2", fields).join("|")
}

/// The current layout: v2's fields then `platform|deviceFamily`, each trimmed and
/// ASCII-lowercased (only ASCII, so every client runtime normalises identically).
pub fn signature_payload_v3(fields: &SignatureFields) -> String {
    let mut parts = common_parts("v3", fields);
    parts.push(normalize_metadata(fields.platform.as_deref()));
    parts.push(normalize_metadata(fields.device_family.as_deref()));
    parts.join("|")
}

fn common_parts(version: &str, fields: &SignatureFields) -> Vec<String> {
    vec![
        version.to_owned(),
        fields.device_id.clone(),
        fields.client_id.clone(),
        fields.client_mode.clone(),
        fields.role.clone(),
        fields.scopes.join(","),
        fields.signed_at_ms.to_string(),
        fields.token.clone().unwrap_or_default(),
        fields.nonce.clone(),
    ]
}

fn normalize_metadata(value: Option<&str>) -> String {
    value.map(|text| text.trim().to_ascii_lowercase()).unwrap_or_default()
}

/// Signs `payload` with a 32-byte Ed25519 secret seed; the signature as unpadded base64url,
/// the form clients send.
pub fn sign_payload(secret_seed: &[u8; 32], payload: &str) -> String {
    let signature = SigningKey::from_bytes(secret_seed).sign(payload.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature.to_bytes())
}

/// Checks a `connect.device` proof.
///
/// `claim` holds what the client sent: `device_id`, `signed_at_ms` and `nonce` from
/// `device`, the rest from `client`, `role`, `scopes` and `auth`. `expected_nonce` is the
/// nonce this connection's challenge carried; without one no nonce can match, so the proof is
/// refused rather than accepted unbound. The checks run in the reference's order (key, id,
/// freshness, nonce, signature), which decides which error a doubly-wrong proof gets.
pub fn verify_device_proof(
    claim: &SignatureFields,
    public_key: &str,
    signature: &str,
    expected_nonce: Option<&str>,
    now_ms: i64,
) -> Result<VerifiedDevice, DeviceAuthError> {
    let raw_key = parse_public_key(public_key)?;
    let device_id = device_id_from_public_key(&raw_key);
    if device_id != claim.device_id {
        return Err(DeviceAuthError::DeviceIdMismatch);
    }
    if now_ms.abs_diff(claim.signed_at_ms) > SIGNATURE_SKEW_MS.unsigned_abs() {
        return Err(DeviceAuthError::SignatureExpired);
    }
    let nonce = claim.nonce.trim();
    if nonce.is_empty() {
        return Err(DeviceAuthError::NonceRequired);
    }
    if expected_nonce != Some(nonce) {
        return Err(DeviceAuthError::NonceMismatch);
    }
    let payload_version = verify_signature(claim, nonce, &raw_key, signature)?;
    Ok(VerifiedDevice { device_id, public_key: encode_public_key(&raw_key), payload_version })
}

fn verify_signature(
    claim: &SignatureFields,
    nonce: &str,
    raw_key: &[u8; 32],
    signature: &str,
) -> Result<PayloadVersion, DeviceAuthError> {
    let key = VerifyingKey::from_bytes(raw_key).map_err(|_| DeviceAuthError::PublicKeyInvalid)?;
    let signature = (signature.len() <= MAX_ENCODED_LEN)
        .then(|| decode_base64(signature.trim()))
        .flatten()
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or(DeviceAuthError::SignatureInvalid)?;
    // The payload is rebuilt around the trimmed nonce, as the reference signs and checks it.
    let claim = SignatureFields { nonce: nonce.to_owned(), ..claim.clone() };
    // `verify_strict` also refuses small-order keys and non-canonical encodings, which no
    // honest client produces and which would otherwise let one signature fit many messages.
    let verifies = |payload: String| key.verify_strict(payload.as_bytes(), &signature).is_ok();
    if verifies(signature_payload_v3(&claim)) {
        Ok(PayloadVersion::V3)
    } else if verifies(signature_payload_v2(&claim)) {
        Ok(PayloadVersion::V2)
    } else {
        Err(DeviceAuthError::SignatureInvalid)
    }
}

/// Decodes base64 in either alphabet, padded or not, as the reference's decoder accepts both.
/// Non-zero trailing bits are tolerated for the same reason; callers re-encode canonically.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    if text.is_empty() {
        return None;
    }
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    LENIENT.decode(standard).ok()
}
