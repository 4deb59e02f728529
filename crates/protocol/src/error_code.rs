//! Error codes: the coarse `error.code` of a failed response and the finer
//! `error.details.code` a refused `connect` carries.
//!
//! Clients branch on these strings (reconnect with a device token, show the pairing prompt,
//! back off), so their spelling is the contract; each enum round-trips through exactly the
//! reference's string and nothing else.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// `ErrorShape.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    NotLinked,
    NotPaired,
    AgentTimeout,
    InvalidRequest,
    Unavailable,
    /// Sent by 2026.9 gateways for a missing operator scope; protocol 3 says
    /// `INVALID_REQUEST` there, so this crate only parses it.
    Forbidden,
    /// Sent by 2026.9 gateways when an approval id is unknown or expired; parsed only.
    ApprovalNotFound,
}

impl ErrorCode {
    pub const ALL: [Self; 7] = [
        Self::NotLinked,
        Self::NotPaired,
        Self::AgentTimeout,
        Self::InvalidRequest,
        Self::Unavailable,
        Self::Forbidden,
        Self::ApprovalNotFound,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NotLinked => "NOT_LINKED",
            Self::NotPaired => "NOT_PAIRED",
            Self::AgentTimeout => "AGENT_TIMEOUT",
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::Unavailable => "UNAVAILABLE",
            Self::Forbidden => "FORBIDDEN",
            Self::ApprovalNotFound => "APPROVAL_NOT_FOUND",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.as_str() == code)
    }
}

/// `error.details.code` of a refused `connect` (and, for `PAIRING_REQUIRED` /
/// `DEVICE_IDENTITY_REQUIRED`, with `error.code = NOT_PAIRED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectErrorDetail {
    AuthRequired,
    AuthUnauthorized,
    AuthTokenMissing,
    AuthTokenMismatch,
    AuthTokenNotConfigured,
    AuthPasswordMissing,
    AuthPasswordMismatch,
    AuthPasswordNotConfigured,
    AuthDeviceTokenMismatch,
    AuthRateLimited,
    AuthTailscaleIdentityMissing,
    AuthTailscaleProxyMissing,
    AuthTailscaleWhoisFailed,
    AuthTailscaleIdentityMismatch,
    ControlUiDeviceIdentityRequired,
    DeviceIdentityRequired,
    DeviceAuthInvalid,
    DeviceAuthDeviceIdMismatch,
    DeviceAuthSignatureExpired,
    DeviceAuthNonceRequired,
    DeviceAuthNonceMismatch,
    DeviceAuthSignatureInvalid,
    DeviceAuthPublicKeyInvalid,
    PairingRequired,
    // Codes added by 2026.9 gateways. Listed so a client of ours can read a newer gateway's
    // refusal; our own gateway sends the ones it has a reason for (`PROTOCOL_MISMATCH`, …).
    AuthBootstrapTokenInvalid,
    AuthScopeMismatch,
    AuthIdentityHeaderRequired,
    AuthVerifiedUserRequired,
    AuthenticatedProfileUnavailable,
    ControlUiBuildMismatch,
    ControlUiOriginNotAllowed,
    ProtocolMismatch,
    ClientVersionMismatch,
}

impl ConnectErrorDetail {
    pub const ALL: [Self; 33] = [
        Self::AuthRequired,
        Self::AuthUnauthorized,
        Self::AuthTokenMissing,
        Self::AuthTokenMismatch,
        Self::AuthTokenNotConfigured,
        Self::AuthPasswordMissing,
        Self::AuthPasswordMismatch,
        Self::AuthPasswordNotConfigured,
        Self::AuthDeviceTokenMismatch,
        Self::AuthRateLimited,
        Self::AuthTailscaleIdentityMissing,
        Self::AuthTailscaleProxyMissing,
        Self::AuthTailscaleWhoisFailed,
        Self::AuthTailscaleIdentityMismatch,
        Self::ControlUiDeviceIdentityRequired,
        Self::DeviceIdentityRequired,
        Self::DeviceAuthInvalid,
        Self::DeviceAuthDeviceIdMismatch,
        Self::DeviceAuthSignatureExpired,
        Self::DeviceAuthNonceRequired,
        Self::DeviceAuthNonceMismatch,
        Self::DeviceAuthSignatureInvalid,
        Self::DeviceAuthPublicKeyInvalid,
        Self::PairingRequired,
        Self::AuthBootstrapTokenInvalid,
        Self::AuthScopeMismatch,
        Self::AuthIdentityHeaderRequired,
        Self::AuthVerifiedUserRequired,
        Self::AuthenticatedProfileUnavailable,
        Self::ControlUiBuildMismatch,
        Self::ControlUiOriginNotAllowed,
        Self::ProtocolMismatch,
        Self::ClientVersionMismatch,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AuthRequired => "AUTH_REQUIRED",
            Self::AuthUnauthorized => "AUTH_UNAUTHORIZED",
            Self::AuthTokenMissing => "AUTH_TOKEN_MISSING",
            Self::AuthTokenMismatch => "AUTH_TOKEN_MISMATCH",
            Self::AuthTokenNotConfigured => "AUTH_TOKEN_NOT_CONFIGURED",
            Self::AuthPasswordMissing => "AUTH_PASSWORD_MISSING",
            Self::AuthPasswordMismatch => "AUTH_PASSWORD_MISMATCH",
            Self::AuthPasswordNotConfigured => "AUTH_PASSWORD_NOT_CONFIGURED",
            Self::AuthDeviceTokenMismatch => "AUTH_DEVICE_TOKEN_MISMATCH",
            Self::AuthRateLimited => "AUTH_RATE_LIMITED",
            Self::AuthTailscaleIdentityMissing => "AUTH_TAILSCALE_IDENTITY_MISSING",
            Self::AuthTailscaleProxyMissing => "AUTH_TAILSCALE_PROXY_MISSING",
            Self::AuthTailscaleWhoisFailed => "AUTH_TAILSCALE_WHOIS_FAILED",
            Self::AuthTailscaleIdentityMismatch => "AUTH_TAILSCALE_IDENTITY_MISMATCH",
            Self::ControlUiDeviceIdentityRequired => "CONTROL_UI_DEVICE_IDENTITY_REQUIRED",
            Self::DeviceIdentityRequired => "DEVICE_IDENTITY_REQUIRED",
            Self::DeviceAuthInvalid => "DEVICE_AUTH_INVALID",
            Self::DeviceAuthDeviceIdMismatch => "DEVICE_AUTH_DEVICE_ID_MISMATCH",
            Self::DeviceAuthSignatureExpired => "DEVICE_AUTH_SIGNATURE_EXPIRED",
            Self::DeviceAuthNonceRequired => "DEVICE_AUTH_NONCE_REQUIRED",
            Self::DeviceAuthNonceMismatch => "DEVICE_AUTH_NONCE_MISMATCH",
            Self::DeviceAuthSignatureInvalid => "DEVICE_AUTH_SIGNATURE_INVALID",
            Self::DeviceAuthPublicKeyInvalid => "DEVICE_AUTH_PUBLIC_KEY_INVALID",
            Self::PairingRequired => "PAIRING_REQUIRED",
            Self::AuthBootstrapTokenInvalid => "AUTH_BOOTSTRAP_TOKEN_INVALID",
            Self::AuthScopeMismatch => "AUTH_SCOPE_MISMATCH",
            Self::AuthIdentityHeaderRequired => "AUTH_IDENTITY_HEADER_REQUIRED",
            Self::AuthVerifiedUserRequired => "AUTH_VERIFIED_USER_REQUIRED",
            Self::AuthenticatedProfileUnavailable => "AUTHENTICATED_PROFILE_UNAVAILABLE",
            Self::ControlUiBuildMismatch => "CONTROL_UI_BUILD_MISMATCH",
            Self::ControlUiOriginNotAllowed => "CONTROL_UI_ORIGIN_NOT_ALLOWED",
            Self::ProtocolMismatch => "PROTOCOL_MISMATCH",
            Self::ClientVersionMismatch => "CLIENT_VERSION_MISMATCH",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.as_str() == code)
    }

    /// The detail code for an auth failure reason as the reference's auth resolver words it
    /// (`token_mismatch`, `rate_limited`, …); no reason at all means auth was required.
    pub fn for_auth_reason(reason: Option<&str>) -> Self {
        match reason {
            None => Self::AuthRequired,
            Some("token_missing") => Self::AuthTokenMissing,
            Some("token_mismatch") => Self::AuthTokenMismatch,
            Some("token_missing_config") => Self::AuthTokenNotConfigured,
            Some("password_missing") => Self::AuthPasswordMissing,
            Some("password_mismatch") => Self::AuthPasswordMismatch,
            Some("password_missing_config") => Self::AuthPasswordNotConfigured,
            Some("tailscale_user_missing") => Self::AuthTailscaleIdentityMissing,
            Some("tailscale_proxy_missing") => Self::AuthTailscaleProxyMissing,
            Some("tailscale_whois_failed") => Self::AuthTailscaleWhoisFailed,
            Some("tailscale_user_mismatch") => Self::AuthTailscaleIdentityMismatch,
            Some("rate_limited") => Self::AuthRateLimited,
            Some("device_token_mismatch") => Self::AuthDeviceTokenMismatch,
            Some(_) => Self::AuthUnauthorized,
        }
    }

    /// The detail code for a device-proof failure reason (`details.reason`), e.g.
    /// `device-signature-stale`; an unrecognised reason is the generic `DEVICE_AUTH_INVALID`.
    pub fn for_device_auth_reason(reason: &str) -> Self {
        match reason {
            "device-id-mismatch" => Self::DeviceAuthDeviceIdMismatch,
            "device-signature-stale" => Self::DeviceAuthSignatureExpired,
            "device-nonce-missing" => Self::DeviceAuthNonceRequired,
            "device-nonce-mismatch" => Self::DeviceAuthNonceMismatch,
            "device-signature" => Self::DeviceAuthSignatureInvalid,
            "device-public-key" => Self::DeviceAuthPublicKeyInvalid,
            _ => Self::DeviceAuthInvalid,
        }
    }
}
