#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::*;

// A reference vector produced by OpenClaw 2026.9.6's own `buildDeviceAuthPayload(V3)`,
// `deriveDeviceIdFromPublicKey` and `signDevicePayload` (Node's Ed25519) for the secret seed
// 0x01..=0x20. Ed25519 is deterministic, so our signatures must equal these byte for byte.
const SEED: [u8; 32] = {
    let mut seed = [0u8; 32];
    let mut index = 0;
    while index < 32 {
        seed[index] = index as u8 + 1;
        index += 1;
    }
    seed
};
const REF_PUBLIC_KEY: &str = "ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ";
const REF_PUBLIC_KEY_PEM: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=\n-----END PUBLIC KEY-----\n";
const REF_DEVICE_ID: &str = "65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8";
const REF_NONCE: &str = "0b7d3f4e-8c1a-4e55-9a0f-3f1d2a6b7c8d";
const REF_SIGNED_AT: i64 = 1_767_225_600_000;
const REF_PAYLOAD_V3: &str = "v3|65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8|cli|cli|operator|operator.admin,operator.read|1767225600000|tok|0b7d3f4e-8c1a-4e55-9a0f-3f1d2a6b7c8d|linux|desktop";
const REF_PAYLOAD_V2: &str = "v2|65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8|cli|cli|operator|operator.admin,operator.read|1767225600000|tok|0b7d3f4e-8c1a-4e55-9a0f-3f1d2a6b7c8d";
const REF_SIGNATURE_V3: &str = "BxE-REgOUne22utMsAuQB8n414STqgSOr3E1VkYQ_Dpa1vWQzYpWFH75Gt8Yj4mfvNE0i7FYzGffNXyQyl9_CQ";
const REF_SIGNATURE_V2: &str = "KsDftOzttt8N9P3N5aa34LWFU92wgrjLPWhvuVgCfrsN1psq9VSVd4-TcPEHdlNtxVV4JPcXsk0Hgg0yOBk6DQ";

fn reference_claim() -> SignatureFields {
    SignatureFields {
        device_id: REF_DEVICE_ID.into(),
        client_id: "cli".into(),
        client_mode: "cli".into(),
        role: "operator".into(),
        scopes: vec!["operator.admin".into(), "operator.read".into()],
        signed_at_ms: REF_SIGNED_AT,
        token: Some("tok".into()),
        nonce: REF_NONCE.into(),
        platform: Some(" Linux ".into()),
        device_family: Some("Desktop".into()),
    }
}

fn verify(claim: &SignatureFields, signature: &str) -> Result<VerifiedDevice, DeviceAuthError> {
    verify_device_proof(claim, REF_PUBLIC_KEY, signature, Some(REF_NONCE), REF_SIGNED_AT)
}

fn signed_v3(claim: &SignatureFields) -> String {
    sign_payload(&SEED, &signature_payload_v3(claim))
}

#[test]
fn payloads_match_the_reference_layout() {
    assert_eq!(signature_payload_v3(&reference_claim()), REF_PAYLOAD_V3);
    assert_eq!(signature_payload_v2(&reference_claim()), REF_PAYLOAD_V2);
}

#[test]
fn absent_token_platform_and_family_are_empty_fields() {
    let claim =
        SignatureFields { token: None, platform: None, device_family: None, scopes: vec![], ..reference_claim() };
    assert_eq!(
        signature_payload_v3(&claim),
        format!("v3|{REF_DEVICE_ID}|cli|cli|operator||{REF_SIGNED_AT}||{REF_NONCE}||")
    );
    assert_eq!(
        signature_payload_v2(&claim),
        format!("v2|{REF_DEVICE_ID}|cli|cli|operator||{REF_SIGNED_AT}||{REF_NONCE}")
    );
}

#[test]
fn v3_metadata_is_trimmed_and_lowercased_in_ascii_only() {
    let claim = SignatureFields {
        platform: Some("\tMacOS 15 ".into()),
        device_family: Some("ÄPPLE iPad".into()),
        ..reference_claim()
    };
    assert!(signature_payload_v3(&claim).ends_with("|macos 15|Äpple ipad"));
}

#[test]
fn device_ids_and_keys_match_the_reference() {
    let raw = public_key_from_seed(&SEED);
    assert_eq!(encode_public_key(&raw), REF_PUBLIC_KEY);
    assert_eq!(device_id_from_public_key(&raw), REF_DEVICE_ID);
}

#[test]
fn signatures_match_the_reference_byte_for_byte() {
    assert_eq!(sign_payload(&SEED, REF_PAYLOAD_V3), REF_SIGNATURE_V3);
    assert_eq!(sign_payload(&SEED, REF_PAYLOAD_V2), REF_SIGNATURE_V2);
}

#[test]
fn a_reference_v3_proof_verifies() {
    let verified = verify(&reference_claim(), REF_SIGNATURE_V3).unwrap();
    assert_eq!(
        verified,
        VerifiedDevice {
            device_id: REF_DEVICE_ID.into(),
            public_key: REF_PUBLIC_KEY.into(),
            payload_version: PayloadVersion::V3,
        }
    );
}

#[test]
fn a_legacy_v2_proof_still_verifies() {
    let verified = verify(&reference_claim(), REF_SIGNATURE_V2).unwrap();
    assert_eq!(verified.payload_version, PayloadVersion::V2);
}

#[test]
fn public_keys_are_read_in_every_accepted_encoding() {
    let raw = public_key_from_seed(&SEED);
    let encodings = [
        REF_PUBLIC_KEY.to_owned(),
        format!("{REF_PUBLIC_KEY}="),
        STANDARD.encode(raw),
        STANDARD.encode(raw).trim_end_matches('=').to_owned(),
        REF_PUBLIC_KEY_PEM.to_owned(),
        REF_PUBLIC_KEY_PEM.replace('\n', "\r\n"),
        format!("  {REF_PUBLIC_KEY}\n"),
    ];
    for encoded in encodings {
        assert_eq!(parse_public_key(&encoded), Ok(raw), "{encoded:?}");
        // Whatever the encoding, the stored form is the canonical base64url.
        let verified =
            verify_device_proof(&reference_claim(), &encoded, REF_SIGNATURE_V3, Some(REF_NONCE), REF_SIGNED_AT)
                .unwrap();
        assert_eq!(verified.public_key, REF_PUBLIC_KEY);
    }
}

#[test]
fn signatures_are_read_in_either_alphabet() {
    let bytes = URL_SAFE_NO_PAD.decode(REF_SIGNATURE_V3).unwrap();
    assert!(verify(&reference_claim(), &STANDARD.encode(&bytes)).is_ok());
    assert!(verify(&reference_claim(), &format!("{REF_SIGNATURE_V3}==")).is_ok());
}

#[test]
fn malformed_public_keys_are_refused() {
    let spki_der = STANDARD.decode(REF_PUBLIC_KEY_PEM.lines().nth(1).unwrap()).unwrap();
    let wrong_type_pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=\n-----END PUBLIC KEY-----\n";
    let cases = [
        "".to_owned(),
        "!!!!".to_owned(),
        URL_SAFE_NO_PAD.encode([7u8; 31]),
        URL_SAFE_NO_PAD.encode([7u8; 33]),
        // The SPKI DER itself, base64url'd, is not a raw key.
        URL_SAFE_NO_PAD.encode(&spki_der),
        // An X25519 key in PEM is not an Ed25519 key.
        wrong_type_pem.to_owned(),
        "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n".to_owned(),
        "A".repeat(5000),
    ];
    for key in cases {
        assert_eq!(parse_public_key(&key), Err(DeviceAuthError::PublicKeyInvalid), "{key:?}");
        assert_eq!(
            verify_device_proof(&reference_claim(), &key, REF_SIGNATURE_V3, Some(REF_NONCE), REF_SIGNED_AT),
            Err(DeviceAuthError::PublicKeyInvalid)
        );
    }
}

#[test]
fn a_key_that_is_not_a_curve_point_is_refused() {
    // y = 2 has no x on the curve, so these bytes decode to 32 bytes but not to a point.
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert_eq!(parse_public_key(&encode_public_key(&not_a_point)), Err(DeviceAuthError::PublicKeyInvalid));
}

#[test]
fn the_device_id_must_be_the_keys_hash() {
    let other_id = device_id_from_public_key(&public_key_from_seed(&[9u8; 32]));
    let claim = SignatureFields { device_id: other_id, ..reference_claim() };
    assert_eq!(verify(&claim, &signed_v3(&claim)), Err(DeviceAuthError::DeviceIdMismatch));
    let upper = SignatureFields { device_id: REF_DEVICE_ID.to_uppercase(), ..reference_claim() };
    assert_eq!(verify(&upper, &signed_v3(&upper)), Err(DeviceAuthError::DeviceIdMismatch));
}

#[test]
fn signatures_are_fresh_for_two_minutes_either_way() {
    let claim = reference_claim();
    let at = |now_ms: i64| verify_device_proof(&claim, REF_PUBLIC_KEY, REF_SIGNATURE_V3, Some(REF_NONCE), now_ms);
    assert!(at(REF_SIGNED_AT + 120_000).is_ok());
    assert!(at(REF_SIGNED_AT - 120_000).is_ok());
    assert_eq!(at(REF_SIGNED_AT + 120_001), Err(DeviceAuthError::SignatureExpired));
    assert_eq!(at(REF_SIGNED_AT - 120_001), Err(DeviceAuthError::SignatureExpired));
    assert_eq!(at(i64::MAX), Err(DeviceAuthError::SignatureExpired));
    assert_eq!(at(i64::MIN), Err(DeviceAuthError::SignatureExpired));
}

#[test]
fn the_nonce_must_be_present_and_be_the_challenge() {
    let blank = SignatureFields { nonce: "   ".into(), ..reference_claim() };
    assert_eq!(verify(&blank, &signed_v3(&blank)), Err(DeviceAuthError::NonceRequired));

    let other = SignatureFields { nonce: "another-nonce".into(), ..reference_claim() };
    assert_eq!(verify(&other, &signed_v3(&other)), Err(DeviceAuthError::NonceMismatch));

    // No challenge on record: nothing can match, so the proof is refused, not accepted unbound.
    assert_eq!(
        verify_device_proof(&reference_claim(), REF_PUBLIC_KEY, REF_SIGNATURE_V3, None, REF_SIGNED_AT),
        Err(DeviceAuthError::NonceMismatch)
    );
}

#[test]
fn the_nonce_is_trimmed_before_comparing_and_signing() {
    let padded = SignatureFields { nonce: format!(" {REF_NONCE}\n"), ..reference_claim() };
    // The reference signs and checks the trimmed nonce, so the reference signature still fits.
    assert_eq!(verify(&padded, REF_SIGNATURE_V3).unwrap().payload_version, PayloadVersion::V3);
}

#[test]
fn any_changed_claim_breaks_the_signature() {
    let base = reference_claim();
    let altered = [
        SignatureFields { role: "node".into(), ..base.clone() },
        SignatureFields { scopes: vec!["operator.admin".into()], ..base.clone() },
        SignatureFields { scopes: vec!["operator.read".into(), "operator.admin".into()], ..base.clone() },
        SignatureFields { client_id: "openclaw-control-ui".into(), ..base.clone() },
        SignatureFields { client_mode: "ui".into(), ..base.clone() },
        SignatureFields { token: Some("other".into()), ..base.clone() },
        SignatureFields { token: None, ..base.clone() },
        SignatureFields { signed_at_ms: REF_SIGNED_AT + 1, ..base.clone() },
        SignatureFields { platform: Some("darwin".into()), ..base.clone() },
    ];
    for claim in altered {
        assert_eq!(verify(&claim, REF_SIGNATURE_V3), Err(DeviceAuthError::SignatureInvalid), "{claim:?}");
    }
    // v2 does not cover platform, so a v2 proof survives a platform change (the gateway pins
    // platform against the paired record separately).
    let moved = SignatureFields { platform: Some("darwin".into()), ..base };
    assert_eq!(verify(&moved, REF_SIGNATURE_V2).unwrap().payload_version, PayloadVersion::V2);
}

#[test]
fn malformed_signatures_are_invalid_not_errors_of_another_kind() {
    let bytes = URL_SAFE_NO_PAD.decode(REF_SIGNATURE_V3).unwrap();
    for signature in ["", "***", "AAAA", &URL_SAFE_NO_PAD.encode(&bytes[..63]), &"A".repeat(5000)] {
        assert_eq!(verify(&reference_claim(), signature), Err(DeviceAuthError::SignatureInvalid), "{signature:?}");
    }
}

#[test]
fn a_signature_from_another_key_is_invalid() {
    let claim = reference_claim();
    let forged = sign_payload(&[9u8; 32], &signature_payload_v3(&claim));
    assert_eq!(verify(&claim, &forged), Err(DeviceAuthError::SignatureInvalid));
}

#[test]
fn errors_carry_the_reference_code_reason_and_message() {
    let cases = [
        (
            DeviceAuthError::DeviceIdMismatch,
            "DEVICE_AUTH_DEVICE_ID_MISMATCH",
            "device-id-mismatch",
            "device identity mismatch",
        ),
        (
            DeviceAuthError::SignatureExpired,
            "DEVICE_AUTH_SIGNATURE_EXPIRED",
            "device-signature-stale",
            "device signature expired",
        ),
        (DeviceAuthError::NonceRequired, "DEVICE_AUTH_NONCE_REQUIRED", "device-nonce-missing", "device nonce required"),
        (
            DeviceAuthError::NonceMismatch,
            "DEVICE_AUTH_NONCE_MISMATCH",
            "device-nonce-mismatch",
            "device nonce mismatch",
        ),
        (
            DeviceAuthError::SignatureInvalid,
            "DEVICE_AUTH_SIGNATURE_INVALID",
            "device-signature",
            "device signature invalid",
        ),
        (
            DeviceAuthError::PublicKeyInvalid,
            "DEVICE_AUTH_PUBLIC_KEY_INVALID",
            "device-public-key",
            "device public key invalid",
        ),
    ];
    for (error, code, reason, message) in cases {
        assert_eq!(error.detail_code().as_str(), code);
        assert_eq!(error.reason(), reason);
        assert_eq!(error.to_string(), message);
        assert_eq!(error.details(), serde_json::json!({"code": code, "reason": reason}));
        // The protocol crate's reason table agrees with ours.
        assert_eq!(ConnectErrorDetail::for_device_auth_reason(reason), error.detail_code());
    }
}

#[test]
fn a_client_built_proof_round_trips() {
    let seed = [42u8; 32];
    let raw = public_key_from_seed(&seed);
    let claim = SignatureFields {
        device_id: device_id_from_public_key(&raw),
        client_id: "node-host".into(),
        client_mode: "node".into(),
        role: "node".into(),
        scopes: vec![],
        signed_at_ms: 1_000_000,
        token: None,
        nonce: "n".into(),
        platform: Some("linux".into()),
        device_family: None,
    };
    for (payload, version) in
        [(signature_payload_v3(&claim), PayloadVersion::V3), (signature_payload_v2(&claim), PayloadVersion::V2)]
    {
        let signature = sign_payload(&seed, &payload);
        let verified =
            verify_device_proof(&claim, &encode_public_key(&raw), &signature, Some("n"), 1_000_000 + 60_000).unwrap();
        assert_eq!(verified.payload_version, version);
        assert_eq!(verified.device_id, claim.device_id);
    }
}

#[test]
fn a_connect_request_yields_the_claim_its_client_signed() {
    let params = openclaw_protocol::ConnectParams::parse(Some(serde_json::json!({
        "minProtocol": 3,
        "maxProtocol": 3,
        "client": {"id": "cli", "version": "2026.2.27", "platform": " Linux ", "deviceFamily": "Desktop", "mode": "cli"},
        "role": "operator",
        "scopes": ["operator.admin", "operator.read"],
        "device": {
            "id": REF_DEVICE_ID, "publicKey": REF_PUBLIC_KEY, "signature": REF_SIGNATURE_V3,
            "signedAt": REF_SIGNED_AT, "nonce": REF_NONCE
        },
        "auth": {"token": "tok", "deviceToken": "ignored-for-signing"}
    })))
    .unwrap();
    let claim = SignatureFields::from_connect(&params).unwrap();
    assert_eq!(claim, reference_claim());
    let device = params.device.as_ref().unwrap();
    assert!(verify_device_proof(&claim, &device.public_key, &device.signature, Some(REF_NONCE), REF_SIGNED_AT).is_ok());

    let without_device = openclaw_protocol::ConnectParams { device: None, ..params };
    assert_eq!(SignatureFields::from_connect(&without_device), None);
}
