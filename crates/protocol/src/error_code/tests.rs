#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::*;

#[test]
fn error_codes_are_the_reference_strings() {
    let expected = [
        "NOT_LINKED",
        "NOT_PAIRED",
        "AGENT_TIMEOUT",
        "INVALID_REQUEST",
        "UNAVAILABLE",
        "FORBIDDEN",
        "APPROVAL_NOT_FOUND",
    ];
    for (code, text) in ErrorCode::ALL.into_iter().zip(expected) {
        assert_eq!(code.as_str(), text);
        assert_eq!(serde_json::to_value(code).unwrap(), json!(text));
        assert_eq!(serde_json::from_value::<ErrorCode>(json!(text)).unwrap(), code);
        assert_eq!(ErrorCode::parse(text), Some(code));
    }
    assert_eq!(ErrorCode::parse("invalid_request"), None);
}

#[test]
fn connect_detail_codes_serialize_as_their_names() {
    for detail in ConnectErrorDetail::ALL {
        assert_eq!(serde_json::to_value(detail).unwrap(), json!(detail.as_str()));
        assert_eq!(ConnectErrorDetail::parse(detail.as_str()), Some(detail));
    }
    let a2 = [
        "AUTH_REQUIRED",
        "AUTH_UNAUTHORIZED",
        "AUTH_TOKEN_MISSING",
        "AUTH_TOKEN_MISMATCH",
        "AUTH_TOKEN_NOT_CONFIGURED",
        "AUTH_PASSWORD_MISSING",
        "AUTH_PASSWORD_MISMATCH",
        "AUTH_PASSWORD_NOT_CONFIGURED",
        "AUTH_DEVICE_TOKEN_MISMATCH",
        "AUTH_RATE_LIMITED",
        "AUTH_TAILSCALE_IDENTITY_MISSING",
        "AUTH_TAILSCALE_PROXY_MISSING",
        "AUTH_TAILSCALE_WHOIS_FAILED",
        "AUTH_TAILSCALE_IDENTITY_MISMATCH",
        "CONTROL_UI_DEVICE_IDENTITY_REQUIRED",
        "DEVICE_IDENTITY_REQUIRED",
        "DEVICE_AUTH_INVALID",
        "DEVICE_AUTH_DEVICE_ID_MISMATCH",
        "DEVICE_AUTH_SIGNATURE_EXPIRED",
        "DEVICE_AUTH_NONCE_REQUIRED",
        "DEVICE_AUTH_NONCE_MISMATCH",
        "DEVICE_AUTH_SIGNATURE_INVALID",
        "DEVICE_AUTH_PUBLIC_KEY_INVALID",
        "PAIRING_REQUIRED",
    ];
    for code in a2 {
        assert!(ConnectErrorDetail::parse(code).is_some(), "{code} missing");
    }
}

#[test]
fn auth_reasons_map_to_detail_codes() {
    let cases = [
        (None, ConnectErrorDetail::AuthRequired),
        (Some("token_missing"), ConnectErrorDetail::AuthTokenMissing),
        (Some("token_mismatch"), ConnectErrorDetail::AuthTokenMismatch),
        (Some("token_missing_config"), ConnectErrorDetail::AuthTokenNotConfigured),
        (Some("password_missing"), ConnectErrorDetail::AuthPasswordMissing),
        (Some("password_mismatch"), ConnectErrorDetail::AuthPasswordMismatch),
        (Some("password_missing_config"), ConnectErrorDetail::AuthPasswordNotConfigured),
        (Some("tailscale_user_missing"), ConnectErrorDetail::AuthTailscaleIdentityMissing),
        (Some("tailscale_proxy_missing"), ConnectErrorDetail::AuthTailscaleProxyMissing),
        (Some("tailscale_whois_failed"), ConnectErrorDetail::AuthTailscaleWhoisFailed),
        (Some("tailscale_user_mismatch"), ConnectErrorDetail::AuthTailscaleIdentityMismatch),
        (Some("rate_limited"), ConnectErrorDetail::AuthRateLimited),
        (Some("device_token_mismatch"), ConnectErrorDetail::AuthDeviceTokenMismatch),
        (Some("something_else"), ConnectErrorDetail::AuthUnauthorized),
    ];
    for (reason, expected) in cases {
        assert_eq!(ConnectErrorDetail::for_auth_reason(reason), expected, "{reason:?}");
    }
}

#[test]
fn device_auth_reasons_map_to_detail_codes() {
    let cases = [
        ("device-id-mismatch", ConnectErrorDetail::DeviceAuthDeviceIdMismatch),
        ("device-signature-stale", ConnectErrorDetail::DeviceAuthSignatureExpired),
        ("device-nonce-missing", ConnectErrorDetail::DeviceAuthNonceRequired),
        ("device-nonce-mismatch", ConnectErrorDetail::DeviceAuthNonceMismatch),
        ("device-signature", ConnectErrorDetail::DeviceAuthSignatureInvalid),
        ("device-public-key", ConnectErrorDetail::DeviceAuthPublicKeyInvalid),
        ("anything", ConnectErrorDetail::DeviceAuthInvalid),
    ];
    for (reason, expected) in cases {
        assert_eq!(ConnectErrorDetail::for_device_auth_reason(reason), expected, "{reason}");
    }
}
