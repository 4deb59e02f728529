//! Why a client failed gateway auth, in the three forms OpenClaw's clients rely on: the internal
//! reason (logged), the connect error `details.code` (drives the client's retry and recovery UI)
//! and a message with a fix-it hint tailored to the kind of client.

use std::borrow::Cow;

/// A failed auth attempt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .reason.as_str())]
pub struct AuthFailure {
    pub reason: AuthFailureReason,
    /// For [`AuthFailureReason::RateLimited`]: when the client may try again.
    pub retry_after_ms: Option<u64>,
}

impl AuthFailure {
    pub fn rate_limited(retry_after_ms: u64) -> Self {
        Self { reason: AuthFailureReason::RateLimited, retry_after_ms: Some(retry_after_ms) }
    }

    /// The connect error `details.code`.
    pub fn detail_code(&self) -> &'static str {
        self.reason.detail_code()
    }

    /// The message shown to `client`.
    pub fn message(&self, client: ClientKind) -> String {
        self.reason.message(client)
    }
}

impl From<AuthFailureReason> for AuthFailure {
    fn from(reason: AuthFailureReason) -> Self {
        Self { reason, retry_after_ms: None }
    }
}

/// The `details.code` of a connect refused without a specific reason.
pub const AUTH_REQUIRED_DETAIL_CODE: &str = "AUTH_REQUIRED";

/// Why auth failed. [`AuthFailureReason::as_str`] gives OpenClaw's reason text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailureReason {
    TokenMissing,
    TokenMismatch,
    /// Token mode, but the gateway has no usable token.
    TokenMissingConfig,
    /// The configured token is a redaction marker pasted back into the config.
    TokenRedactedConfig,
    PasswordMissing,
    PasswordMismatch,
    PasswordMissingConfig,
    PasswordRedactedConfig,
    TailscaleUserMissing,
    TailscaleProxyMissing,
    TailscaleWhoisFailed,
    TailscaleUserMismatch,
    RateLimited,
    DeviceTokenMismatch,
    /// Proxy-shaped traffic whose real client could not be established.
    ProxyAttributionRequired,
    TrustedProxyConfigMissing,
    TrustedProxyNoProxiesConfigured,
    TrustedProxyUntrustedSource,
    TrustedProxyLoopbackSource,
    TrustedProxyLocalInterfaceSource,
    /// A header listed in `gateway.auth.trustedProxy.requiredHeaders` is missing or blank.
    TrustedProxyMissingHeader(String),
    TrustedProxyUserMissing,
    TrustedProxyUserNotAllowed,
    Unauthorized,
}

/// Who is connecting, for the hint in failure messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// The `openclaw` CLI; `local` when it runs on the gateway host.
    Cli {
        local: bool,
    },
    /// The Control UI or webchat in a browser.
    BrowserUi,
    /// A node (a device that offers commands to the gateway).
    Node,
    Other,
}

impl AuthFailureReason {
    pub fn as_str(&self) -> Cow<'static, str> {
        let text = match self {
            Self::TokenMissing => "token_missing",
            Self::TokenMismatch => "token_mismatch",
            Self::TokenMissingConfig => "token_missing_config",
            Self::TokenRedactedConfig => "token_redacted_config",
            Self::PasswordMissing => "password_missing",
            Self::PasswordMismatch => "password_mismatch",
            Self::PasswordMissingConfig => "password_missing_config",
            Self::PasswordRedactedConfig => "password_redacted_config",
            Self::TailscaleUserMissing => "tailscale_user_missing",
            Self::TailscaleProxyMissing => "tailscale_proxy_missing",
            Self::TailscaleWhoisFailed => "tailscale_whois_failed",
            Self::TailscaleUserMismatch => "tailscale_user_mismatch",
            Self::RateLimited => "rate_limited",
            Self::DeviceTokenMismatch => "device_token_mismatch",
            Self::ProxyAttributionRequired => "proxy_attribution_required",
            Self::TrustedProxyConfigMissing => "trusted_proxy_config_missing",
            Self::TrustedProxyNoProxiesConfigured => "trusted_proxy_no_proxies_configured",
            Self::TrustedProxyUntrustedSource => "trusted_proxy_untrusted_source",
            Self::TrustedProxyLoopbackSource => "trusted_proxy_loopback_source",
            Self::TrustedProxyLocalInterfaceSource => "trusted_proxy_local_interface_source",
            Self::TrustedProxyMissingHeader(header) => {
                return Cow::Owned(format!("trusted_proxy_missing_header_{header}"));
            }
            Self::TrustedProxyUserMissing => "trusted_proxy_user_missing",
            Self::TrustedProxyUserNotAllowed => "trusted_proxy_user_not_allowed",
            Self::Unauthorized => "unauthorized",
        };
        Cow::Borrowed(text)
    }

    /// The connect error `details.code`; reasons without a code of their own are
    /// `AUTH_UNAUTHORIZED`.
    pub fn detail_code(&self) -> &'static str {
        match self {
            Self::TokenMissing => "AUTH_TOKEN_MISSING",
            Self::TokenMismatch => "AUTH_TOKEN_MISMATCH",
            Self::TokenMissingConfig => "AUTH_TOKEN_NOT_CONFIGURED",
            Self::PasswordMissing => "AUTH_PASSWORD_MISSING",
            Self::PasswordMismatch => "AUTH_PASSWORD_MISMATCH",
            Self::PasswordMissingConfig => "AUTH_PASSWORD_NOT_CONFIGURED",
            Self::TailscaleUserMissing => "AUTH_TAILSCALE_IDENTITY_MISSING",
            Self::TailscaleProxyMissing => "AUTH_TAILSCALE_PROXY_MISSING",
            Self::TailscaleWhoisFailed => "AUTH_TAILSCALE_WHOIS_FAILED",
            Self::TailscaleUserMismatch => "AUTH_TAILSCALE_IDENTITY_MISMATCH",
            Self::RateLimited => "AUTH_RATE_LIMITED",
            Self::DeviceTokenMismatch => "AUTH_DEVICE_TOKEN_MISMATCH",
            Self::TrustedProxyMissingHeader(_) => "AUTH_IDENTITY_HEADER_REQUIRED",
            Self::TokenRedactedConfig
            | Self::PasswordRedactedConfig
            | Self::ProxyAttributionRequired
            | Self::TrustedProxyConfigMissing
            | Self::TrustedProxyNoProxiesConfigured
            | Self::TrustedProxyUntrustedSource
            | Self::TrustedProxyLoopbackSource
            | Self::TrustedProxyLocalInterfaceSource
            | Self::TrustedProxyUserMissing
            | Self::TrustedProxyUserNotAllowed
            | Self::Unauthorized => "AUTH_UNAUTHORIZED",
        }
    }

    /// Whether the attempt counts against the client's rate limit: a wrong secret does, a
    /// missing one or a server-side misconfiguration does not (nothing was guessed).
    pub fn counts_as_failure(&self) -> bool {
        matches!(self, Self::TokenMismatch | Self::PasswordMismatch | Self::DeviceTokenMismatch)
    }

    /// The message for `client`, with a hint on how to fix it that never includes a secret.
    pub fn message(&self, client: ClientKind) -> String {
        let token_hint = match client {
            ClientKind::Cli { local: true } => "use this gateway's gateway.auth.token or pair the device",
            ClientKind::Cli { local: false } => "set gateway.remote.token to match gateway.auth.token",
            ClientKind::BrowserUi => "open the dashboard URL and paste the token in Control UI settings",
            ClientKind::Node | ClientKind::Other => "provide gateway auth token",
        };
        let password_hint = match client {
            ClientKind::Cli { local: true } => "use this gateway's gateway.auth.password",
            ClientKind::Cli { local: false } => "set gateway.remote.password to match gateway.auth.password",
            ClientKind::BrowserUi => "enter the password in Control UI settings",
            ClientKind::Node | ClientKind::Other => "provide gateway auth password",
        };
        let text = match self {
            Self::TrustedProxyMissingHeader(_) if client == ClientKind::Node => {
                "gateway rejected this node: trusted-proxy identity-header authentication is required and no usable machine credential was accepted; run `openclaw doctor` on the Gateway"
            }
            Self::TokenMissing if client == ClientKind::BrowserUi => {
                "unauthorized: gateway token missing (paste in Control UI settings or openclaw doctor --generate-gateway-token; restart)"
            }
            Self::TokenMissing => return format!("unauthorized: gateway token missing ({token_hint})"),
            Self::TokenMismatch => return format!("unauthorized: gateway token mismatch ({token_hint})"),
            Self::TokenMissingConfig => {
                "unauthorized: gateway token not configured on gateway (set gateway.auth.token)"
            }
            Self::TokenRedactedConfig | Self::PasswordRedactedConfig => {
                "gateway credential is a redaction sentinel (run openclaw doctor --fix on the Gateway, then restart and re-pair)"
            }
            Self::PasswordMissing => return format!("unauthorized: gateway password missing ({password_hint})"),
            Self::PasswordMismatch => return format!("unauthorized: gateway password mismatch ({password_hint})"),
            Self::PasswordMissingConfig => {
                "unauthorized: gateway password not configured on gateway (set gateway.auth.password)"
            }
            Self::TailscaleUserMissing => {
                "unauthorized: tailscale identity missing (use Tailscale Serve auth or gateway token/password)"
            }
            Self::TailscaleProxyMissing => {
                "unauthorized: tailscale proxy headers missing (use Tailscale Serve or gateway token/password)"
            }
            Self::TailscaleWhoisFailed => {
                "unauthorized: tailscale identity check failed (use Tailscale Serve auth or gateway token/password)"
            }
            Self::TailscaleUserMismatch => {
                "unauthorized: tailscale identity mismatch (use Tailscale Serve auth or gateway token/password)"
            }
            Self::RateLimited => "unauthorized: too many failed authentication attempts (retry later)",
            Self::ProxyAttributionRequired => {
                "unauthorized: proxy client attribution is required (configure gateway.trustedProxies narrowly and make the proxy overwrite or safely rebuild forwarded client headers)"
            }
            Self::DeviceTokenMismatch => "unauthorized: device token mismatch (rotate/reissue device token)",
            Self::TrustedProxyConfigMissing
            | Self::TrustedProxyNoProxiesConfigured
            | Self::TrustedProxyUntrustedSource
            | Self::TrustedProxyLoopbackSource
            | Self::TrustedProxyLocalInterfaceSource
            | Self::TrustedProxyMissingHeader(_)
            | Self::TrustedProxyUserMissing
            | Self::TrustedProxyUserNotAllowed
            | Self::Unauthorized => "unauthorized",
        };
        text.to_owned()
    }
}
