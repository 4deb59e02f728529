//! Which gateway auth is in force and whether a connecting client satisfies it: the resolved mode
//! and secrets (config, `--auth/--token/--password[-file]`, `OPENCLAW_GATEWAY_TOKEN/PASSWORD`),
//! the start refusals that keep a misconfigured gateway from running open, shared-secret checks,
//! identity from a trusted reverse proxy or Tailscale Serve, and the hooks token.
//!
//! Precedence and reason codes follow OpenClaw 2026.9.6 (`auth-resolve.ts`, `auth.ts`,
//! `connect-error-details.ts`) so its clients react to our refusals as to its own; where the
//! security document is stricter (`gateway.remote.token` never protects the local gateway), it
//! wins. Everything here is pure: environment values, file contents, headers, the `tailscale
//! whois` answer and this host's addresses are arguments, and rate limiting is left to the caller
//! (see [`AuthFailureReason::counts_as_failure`]).

mod failure;
mod hooks;
mod identity;
mod startup;

#[cfg(test)]
mod tests;

use std::fmt;

pub use failure::{AUTH_REQUIRED_DETAIL_CODE, AuthFailure, AuthFailureReason, ClientKind};
pub use hooks::{HOOK_QUERY_TOKEN_MESSAGE, HookTokenInput, hooks_token};
pub use identity::{
    AuthSurface, ProxyIdentity, TailscaleHeaders, TailscaleIdentity, TrustedProxyRequest, authorize_tailscale,
    authorize_trusted_proxy, tailscale_header_auth_applies, tailscale_whois_target,
};
pub use startup::{StartRefusal, StartupContext, startup_check};

use super::secret::secret_equal;

pub const ENV_GATEWAY_TOKEN: &str = "OPENCLAW_GATEWAY_TOKEN";
pub const ENV_GATEWAY_PASSWORD: &str = "OPENCLAW_GATEWAY_PASSWORD";

/// `gateway.auth.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// No credential; only allowed on loopback.
    None,
    /// A shared bearer token.
    Token,
    /// A shared password.
    Password,
    /// An identity-aware reverse proxy authenticates users and names them in a header.
    TrustedProxy,
}

impl AuthMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "none" => Some(Self::None),
            "token" => Some(Self::Token),
            "password" => Some(Self::Password),
            "trusted-proxy" => Some(Self::TrustedProxy),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Token => "token",
            Self::Password => "password",
            Self::TrustedProxy => "trusted-proxy",
        }
    }
}

/// `gateway.tailscale.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TailscaleMode {
    #[default]
    Off,
    /// Tailscale Serve publishes the gateway on the tailnet and injects identity headers.
    Serve,
    /// Tailscale Funnel publishes it on the internet.
    Funnel,
}

impl TailscaleMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "off" => Some(Self::Off),
            "serve" => Some(Self::Serve),
            "funnel" => Some(Self::Funnel),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Serve => "serve",
            Self::Funnel => "funnel",
        }
    }
}

/// `gateway.auth.trustedProxy`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrustedProxyAuth {
    /// The header carrying the authenticated user (e.g. `x-forwarded-user`).
    pub user_header: String,
    /// Headers that must be present and non-blank, proving the request passed the proxy.
    pub required_headers: Vec<String>,
    /// Users admitted; empty admits every user the proxy authenticated.
    pub allow_users: Vec<String>,
    /// Accept a proxy on loopback. Off by default: any local process could then claim any user.
    pub allow_loopback: bool,
}

/// Command-line overrides of `gateway run`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AuthOverride {
    /// `--auth`.
    pub mode: Option<AuthMode>,
    /// `--token`.
    pub token: Option<String>,
    /// `--password`.
    pub password: Option<String>,
    /// The contents of `--password-file` (the CLI refuses it together with `--password`).
    pub password_file: Option<String>,
}

/// Everything gateway auth is resolved from. Secret values are the strings as configured (after
/// `${VAR}` substitution and SecretRef resolution by the config layer), not yet trimmed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct GatewayAuthInputs {
    /// `gateway.auth.mode`.
    pub mode: Option<AuthMode>,
    /// `gateway.auth.token`.
    pub token: Option<String>,
    /// `gateway.auth.password`.
    pub password: Option<String>,
    /// `OPENCLAW_GATEWAY_TOKEN`.
    pub env_token: Option<String>,
    /// `OPENCLAW_GATEWAY_PASSWORD`.
    pub env_password: Option<String>,
    pub overrides: AuthOverride,
    /// `gateway.auth.allowTailscale`.
    pub allow_tailscale: Option<bool>,
    /// `gateway.tailscale.mode` (after `--tailscale`).
    pub tailscale_mode: TailscaleMode,
    /// `gateway.auth.trustedProxy`.
    pub trusted_proxy: Option<TrustedProxyAuth>,
}

/// The gateway auth in force.
#[derive(Clone, PartialEq, Eq)]
pub struct ResolvedGatewayAuth {
    pub mode: AuthMode,
    /// The token clients must present (trimmed, non-empty).
    pub token: Option<String>,
    /// The password clients must present (trimmed, non-empty).
    pub password: Option<String>,
    /// Whether verified Tailscale Serve identities are accepted on the WebSocket and Control UI.
    pub allow_tailscale: bool,
    pub tailscale_mode: TailscaleMode,
    pub trusted_proxy: Option<TrustedProxyAuth>,
    /// The configured token was present but blank, which the start refuses as a typo rather than
    /// treating it as unset.
    pub blank_token_configured: bool,
    pub blank_password_configured: bool,
}

impl ResolvedGatewayAuth {
    /// A usable token (token mode) or password (password mode) is configured.
    pub fn has_shared_secret(&self) -> bool {
        match self.mode {
            AuthMode::Token => self.token.as_deref().is_some_and(|t| !is_invalid_secret(t)),
            AuthMode::Password => self.password.as_deref().is_some_and(|p| !is_invalid_secret(p)),
            AuthMode::None | AuthMode::TrustedProxy => false,
        }
    }
}

/// The mode when `gateway.auth.mode` is unset: `password` when a password is configured, else
/// `token` (so an unconfigured gateway demands a token it does not have, and refuses to start).
pub fn implied_mode(has_password: bool) -> AuthMode {
    if has_password { AuthMode::Password } else { AuthMode::Token }
}

/// `gateway.auth.allowTailscale` when unset: on for Tailscale Serve, except in password and
/// trusted-proxy modes, where the operator chose a different identity source.
pub fn default_allow_tailscale(tailscale_mode: TailscaleMode, mode: AuthMode) -> bool {
    tailscale_mode == TailscaleMode::Serve && !matches!(mode, AuthMode::Password | AuthMode::TrustedProxy)
}

/// Resolves the gateway auth: mode from `--auth`, else `gateway.auth.mode`, else
/// [`implied_mode`]; each secret from its command-line override, else the config, else the
/// environment (config wins over the environment, as in OpenClaw's gateway). `gateway.remote.*`
/// credentials are deliberately not consulted: they are what this machine presents to other
/// gateways and never protect this one.
pub fn resolve_auth(inputs: &GatewayAuthInputs) -> ResolvedGatewayAuth {
    let over = &inputs.overrides;
    let configured_token = over.token.as_deref().or(inputs.token.as_deref());
    let configured_password = over.password.as_deref().or(over.password_file.as_deref()).or(inputs.password.as_deref());
    let token = non_blank(configured_token).or_else(|| non_blank(inputs.env_token.as_deref()));
    let password = non_blank(configured_password).or_else(|| non_blank(inputs.env_password.as_deref()));
    let mode = over.mode.or(inputs.mode).unwrap_or_else(|| implied_mode(password.is_some()));
    ResolvedGatewayAuth {
        mode,
        allow_tailscale: inputs.allow_tailscale.unwrap_or_else(|| default_allow_tailscale(inputs.tailscale_mode, mode)),
        tailscale_mode: inputs.tailscale_mode,
        trusted_proxy: inputs.trusted_proxy.clone(),
        blank_token_configured: token.is_none() && configured_token.is_some(),
        blank_password_configured: password.is_none() && configured_password.is_some(),
        token,
        password,
    }
}

fn non_blank(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Values that are not credentials: blank, or `undefined`/`null` left by string coercion.
pub fn is_invalid_secret(value: &str) -> bool {
    matches!(value.trim(), "" | "undefined" | "null")
}

/// Display markers that redacted output (`config get`, diagnostics) puts in place of a secret;
/// one pasted back into the config is not a credential.
const REDACTION_SENTINELS: &[&str] = &[
    "__OPENCLAW_REDACTED__",
    "REDACTED",
    "xoxb-REDACTED",
    "xapp-REDACTED",
    "***",
    "[redacted]",
    "[REDACTED]",
    "<redacted>",
    "[REDACTED_PRIVATE_KEY]",
    "[REDACTED CREDENTIAL]",
];

pub fn is_redaction_sentinel(value: &str) -> bool {
    REDACTION_SENTINELS.contains(&value.trim())
}

/// The credentials a client presented (`connect.params.auth`, or a bearer header over HTTP).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct PresentedAuth<'a> {
    pub token: Option<&'a str>,
    pub password: Option<&'a str>,
}

impl PresentedAuth<'_> {
    /// A non-blank token or password was presented; such a client is not offered Tailscale
    /// identity auth in its place.
    pub fn has_explicit_secret(&self) -> bool {
        [self.token, self.password].into_iter().flatten().any(|s| !s.trim().is_empty())
    }
}

/// How a client authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    None,
    Token,
    Password,
    TrustedProxy { user: String },
    Tailscale { login: String },
}

impl AuthMethod {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Token => "token",
            Self::Password => "password",
            Self::TrustedProxy { .. } => "trusted-proxy",
            Self::Tailscale { .. } => "tailscale",
        }
    }
}

/// Checks a client's shared secret against the resolved auth.
///
/// In token and password modes the client may send the secret in either field (OpenClaw's
/// clients do): the field named after the mode is preferred. Mode `none` admits everyone (the
/// start refuses it beyond loopback). In trusted-proxy mode only the local password fallback is
/// decided here — a `local_direct` client presenting the configured password; every other
/// trusted-proxy request must pass [`authorize_trusted_proxy`]. Check the rate limiter first,
/// and record a failure when [`AuthFailureReason::counts_as_failure`] says so.
pub fn authorize_shared(
    auth: &ResolvedGatewayAuth,
    presented: &PresentedAuth<'_>,
    local_direct: bool,
) -> Result<AuthMethod, AuthFailure> {
    use AuthFailureReason as R;
    match auth.mode {
        AuthMode::None => Ok(AuthMethod::None),
        AuthMode::Token => {
            if auth.token.as_deref().is_some_and(is_redaction_sentinel) {
                return Err(R::TokenRedactedConfig.into());
            }
            let expected = auth.token.as_deref().filter(|t| !is_invalid_secret(t)).ok_or(R::TokenMissingConfig)?;
            let given = presented.token.or(presented.password).filter(|t| !t.is_empty()).ok_or(R::TokenMissing)?;
            if !secret_equal(given, expected) {
                return Err(R::TokenMismatch.into());
            }
            Ok(AuthMethod::Token)
        }
        AuthMode::Password => check_password(auth, presented.password.or(presented.token)),
        AuthMode::TrustedProxy => {
            match (local_direct, auth.password.as_deref(), presented.password.filter(|p| !p.is_empty())) {
                (true, Some(_), Some(_)) => check_password(auth, presented.password),
                _ => Err(R::Unauthorized.into()),
            }
        }
    }
}

fn check_password(auth: &ResolvedGatewayAuth, given: Option<&str>) -> Result<AuthMethod, AuthFailure> {
    use AuthFailureReason as R;
    if auth.password.as_deref().is_some_and(is_redaction_sentinel) {
        return Err(R::PasswordRedactedConfig.into());
    }
    let expected = auth.password.as_deref().filter(|p| !is_invalid_secret(p)).ok_or(R::PasswordMissingConfig)?;
    let given = given.filter(|p| !p.is_empty()).ok_or(R::PasswordMissing)?;
    if !secret_equal(given, expected) {
        return Err(R::PasswordMismatch.into());
    }
    Ok(AuthMethod::Password)
}

/// Debug output never shows secrets.
fn secret_state(value: Option<&str>) -> &'static str {
    match value {
        None => "None",
        Some(_) => "Some(<redacted>)",
    }
}

impl fmt::Debug for GatewayAuthInputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayAuthInputs")
            .field("mode", &self.mode)
            .field("token", &secret_state(self.token.as_deref()))
            .field("password", &secret_state(self.password.as_deref()))
            .field("env_token", &secret_state(self.env_token.as_deref()))
            .field("env_password", &secret_state(self.env_password.as_deref()))
            .field("overrides", &self.overrides)
            .field("allow_tailscale", &self.allow_tailscale)
            .field("tailscale_mode", &self.tailscale_mode)
            .field("trusted_proxy", &self.trusted_proxy)
            .finish()
    }
}

impl fmt::Debug for AuthOverride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthOverride")
            .field("mode", &self.mode)
            .field("token", &secret_state(self.token.as_deref()))
            .field("password", &secret_state(self.password.as_deref()))
            .field("password_file", &secret_state(self.password_file.as_deref()))
            .finish()
    }
}

impl fmt::Debug for ResolvedGatewayAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedGatewayAuth")
            .field("mode", &self.mode)
            .field("token", &secret_state(self.token.as_deref()))
            .field("password", &secret_state(self.password.as_deref()))
            .field("allow_tailscale", &self.allow_tailscale)
            .field("tailscale_mode", &self.tailscale_mode)
            .field("trusted_proxy", &self.trusted_proxy)
            .field("blank_token_configured", &self.blank_token_configured)
            .field("blank_password_configured", &self.blank_password_configured)
            .finish()
    }
}

impl fmt::Debug for PresentedAuth<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentedAuth")
            .field("token", &secret_state(self.token))
            .field("password", &secret_state(self.password))
            .finish()
    }
}
