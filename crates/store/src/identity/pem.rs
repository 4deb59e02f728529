//! Ed25519 keys in the PEM forms Node's `crypto` exports (`spki` / `pkcs8`), which is what OpenClaw
//! stores in `identity/device.json`.
//!
//! Encoding is done here rather than with `ed25519-dalek`'s PKCS#8 encoder because that one writes a
//! PKCS#8 v2 document (with the public key embedded, 83 bytes); Node writes the 48-byte v1 form, and
//! a file we create must be the file Node would have created. Decoding uses `ed25519-dalek`, which
//! accepts both forms.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};

/// DER header of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
/// DER header of an Ed25519 PKCS#8 v1 PrivateKeyInfo; the 32-byte seed follows.
const PKCS8_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

pub(crate) fn public_key_pem(key: &VerifyingKey) -> String {
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(key.as_bytes());
    encode("PUBLIC KEY", &der)
}

pub(crate) fn private_key_pem(key: &SigningKey) -> String {
    let mut der = PKCS8_PREFIX.to_vec();
    der.extend_from_slice(key.as_bytes());
    let pem = encode("PRIVATE KEY", &der);
    // The DER copy holds the seed; do not leave it in freed memory longer than needed.
    der.fill(0);
    pem
}

pub(crate) fn parse_public_key_pem(pem: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_public_key_pem(pem.trim()).ok()
}

pub(crate) fn parse_private_key_pem(pem: &str) -> Option<SigningKey> {
    SigningKey::from_pkcs8_pem(pem.trim()).ok()
}

/// `-----BEGIN <label>-----\n`, base64 in 64-character lines, `-----END <label>-----\n`: Node's framing.
fn encode(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}
