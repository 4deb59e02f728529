//! `gateway.*`: where the gateway listens, who may connect, and which HTTP surfaces are exposed.
//!
//! Source of truth: `src/config/zod-schema.ts` (gateway block), `src/config/types.gateway.ts`,
//! `src/gateway/auth.ts`, `src/gateway/server-runtime-config.ts`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

use super::secret::Secret;

/// `gateway.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfig {
    /// Must be `local` for this host to run a gateway; `remote` means "connect to another one".
    pub mode: Option<GatewayMode>,
    /// TCP port for WebSocket + HTTP (default 18789).
    pub port: Option<u64>,
    /// Listen address. Anything but loopback exposes the gateway to the network.
    pub bind: Option<BindMode>,
    /// IPv4 address to listen on with `bind: "custom"` (required then).
    pub custom_bind_host: Option<String>,
    /// How clients authenticate.
    pub auth: Option<GatewayAuthConfig>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact IPs or CIDRs). Anything else
    /// forwarding headers is treated as the client itself, never as local.
    pub trusted_proxies: Option<Vec<String>>,
    /// Believe `X-Real-IP` from a trusted proxy when `X-Forwarded-For` has no usable hop.
    /// Off by default: a proxy that passes the header through lets clients spoof their IP.
    pub allow_real_ip_fallback: Option<bool>,
    /// The browser Control UI served on the same port.
    pub control_ui: Option<ControlUiConfig>,
    /// Tailscale Serve/Funnel exposure managed by the gateway.
    pub tailscale: Option<TailscaleConfig>,
    /// Client-side credentials for calling a remote gateway (does not protect this one).
    pub remote: Option<RemoteConfig>,
    /// TLS termination by the gateway itself.
    pub tls: Option<TlsConfig>,
    /// Optional HTTP APIs and response headers.
    pub http: Option<HttpConfig>,
    /// Changes to the HTTP `/tools/invoke` default deny list.
    pub tools: Option<AllowDenyConfig>,
    /// Which commands paired nodes may be asked to run.
    pub nodes: Option<NodesConfig>,
    /// How config edits are applied while running.
    pub reload: Option<ReloadConfig>,
    /// Minutes between channel health checks (0 disables).
    pub channel_health_check_minutes: Option<u64>,
}

/// `gateway.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayMode {
    Local,
    Remote,
}

/// `gateway.bind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BindMode {
    /// Loopback when it can be bound, else all interfaces.
    Auto,
    /// All interfaces (`0.0.0.0`).
    Lan,
    /// `127.0.0.1` only (default): only local clients can connect.
    Loopback,
    /// `gateway.customBindHost`.
    Custom,
    /// This host's Tailscale address.
    Tailnet,
}

impl BindMode {
    /// Whether this mode always listens beyond loopback. `auto` and `custom` depend on the host
    /// and on `customBindHost`, so they are not counted here.
    pub fn always_exposed(self) -> bool {
        matches!(self, Self::Lan | Self::Tailnet)
    }
}

/// `gateway.auth.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayAuthConfig {
    /// Explicit mode; when unset: `password` if a password is set, else `token`.
    pub mode: Option<AuthMode>,
    /// Shared bearer token (env `OPENCLAW_GATEWAY_TOKEN` applies when unset).
    pub token: Option<Secret>,
    /// Shared password (env `OPENCLAW_GATEWAY_PASSWORD` applies when unset).
    pub password: Option<Secret>,
    /// Accept Tailscale Serve identity headers (verified via `tailscale whois`) instead of a
    /// secret. Defaults to on only for `tailscale.mode: "serve"` with token auth.
    pub allow_tailscale: Option<bool>,
    /// Lockout after repeated failed authentications.
    pub rate_limit: Option<RateLimitConfig>,
    /// Identity-aware reverse proxy settings, required for `mode: "trusted-proxy"`.
    pub trusted_proxy: Option<TrustedProxyConfig>,
}

/// `gateway.auth.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthMode {
    /// No authentication: only acceptable on loopback.
    #[serde(rename = "none")]
    None,
    #[serde(rename = "token")]
    Token,
    #[serde(rename = "password")]
    Password,
    /// A reverse proxy authenticates users and passes the identity in a header.
    #[serde(rename = "trusted-proxy")]
    TrustedProxy,
}

/// `gateway.auth.rateLimit.*`. OpenClaw accepts any number here, so these are floats.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitConfig {
    /// Failures allowed per window before lockout (default 10).
    pub max_attempts: Option<f64>,
    /// Window length in ms (default 60000).
    pub window_ms: Option<f64>,
    /// Lockout length in ms (default 300000).
    pub lockout_ms: Option<f64>,
    /// Never lock out loopback clients (default true).
    pub exempt_loopback: Option<bool>,
}

/// `gateway.auth.trustedProxy.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustedProxyConfig {
    /// Header carrying the authenticated user (required, non-empty).
    pub user_header: Option<String>,
    /// Headers that must be present on every proxied request.
    pub required_headers: Option<Vec<String>>,
    /// Users allowed in; empty/absent means any user the proxy authenticated.
    pub allow_users: Option<Vec<String>>,
}

/// `gateway.controlUi.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlUiConfig {
    pub enabled: Option<bool>,
    /// URL prefix the UI is served under (default: root).
    pub base_path: Option<String>,
    /// Directory with the UI assets (default: bundled).
    pub root: Option<String>,
    /// Browser origins allowed to open the WebSocket; required for non-loopback use.
    pub allowed_origins: Option<Vec<String>>,
    /// Accept an `Origin` equal to the `Host` header. Weakens DNS-rebinding protection.
    pub dangerously_allow_host_header_origin_fallback: Option<bool>,
    /// Compatibility toggle for UIs served over plain HTTP. Does not bypass secure-context,
    /// device-identity or pairing checks, but is flagged by the audit.
    pub allow_insecure_auth: Option<bool>,
    /// Skip device identity checks for the Control UI entirely. Break-glass only.
    pub dangerously_disable_device_auth: Option<bool>,
}

/// `gateway.tailscale.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TailscaleConfig {
    /// `serve` exposes the gateway to the tailnet, `funnel` to the public internet.
    pub mode: Option<TailscaleMode>,
    /// Undo the Serve/Funnel configuration when the gateway exits.
    pub reset_on_exit: Option<bool>,
}

/// `gateway.tailscale.mode` (also `hooks.gmail.tailscale.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TailscaleMode {
    Off,
    /// Tailnet-only HTTPS proxy to the loopback listener.
    Serve,
    /// Public internet exposure; OpenClaw requires password auth for it.
    Funnel,
}

/// `gateway.remote.*`: how the CLI on this machine reaches a gateway elsewhere.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteConfig {
    pub url: Option<String>,
    pub transport: Option<RemoteTransport>,
    pub token: Option<Secret>,
    pub password: Option<Secret>,
    /// Expected certificate fingerprint for `wss://` (pinning).
    pub tls_fingerprint: Option<String>,
    pub ssh_target: Option<String>,
    pub ssh_identity: Option<String>,
}

/// `gateway.remote.transport`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemoteTransport {
    Ssh,
    Direct,
}

/// `gateway.tls.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsConfig {
    pub enabled: Option<bool>,
    /// Create a self-signed certificate when none is configured (default true).
    pub auto_generate: Option<bool>,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    /// CA bundle for client certificates.
    pub ca_path: Option<String>,
}

/// `gateway.http.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpConfig {
    pub endpoints: Option<HttpEndpointsConfig>,
    pub security_headers: Option<SecurityHeadersConfig>,
}

/// `gateway.http.endpoints.*`: OpenAI-compatible APIs, off unless enabled.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpEndpointsConfig {
    pub chat_completions: Option<EnabledConfig>,
    pub responses: Option<ResponsesEndpointConfig>,
}

/// An object whose only key is `enabled`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnabledConfig {
    pub enabled: Option<bool>,
}

/// `gateway.http.endpoints.responses.*` (`/v1/responses`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsesEndpointConfig {
    pub enabled: Option<bool>,
    /// Request body cap (default 20 MiB).
    pub max_body_bytes: Option<u64>,
    /// Most URL-sourced inputs per request (default 8); each is an outbound fetch.
    pub max_url_parts: Option<u64>,
    /// `input_file` fetching and limits.
    pub files: Option<ResponsesFilesConfig>,
    /// `input_image` fetching and limits.
    pub images: Option<ResponsesImagesConfig>,
}

/// `gateway.http.endpoints.responses.files.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsesFilesConfig {
    pub allow_url: Option<bool>,
    /// Hosts URLs may point at (exact, or `*.example.com`); SSRF guard applies regardless.
    pub url_allowlist: Option<Vec<String>>,
    pub allowed_mimes: Option<Vec<String>>,
    pub max_bytes: Option<u64>,
    pub max_chars: Option<u64>,
    pub max_redirects: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub pdf: Option<ResponsesPdfConfig>,
}

/// `gateway.http.endpoints.responses.files.pdf.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsesPdfConfig {
    pub max_pages: Option<u64>,
    pub max_pixels: Option<u64>,
    pub min_text_chars: Option<u64>,
}

/// `gateway.http.endpoints.responses.images.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsesImagesConfig {
    pub allow_url: Option<bool>,
    pub url_allowlist: Option<Vec<String>>,
    pub allowed_mimes: Option<Vec<String>>,
    pub max_bytes: Option<u64>,
    pub max_redirects: Option<u64>,
    pub timeout_ms: Option<u64>,
}

/// `gateway.http.securityHeaders.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityHeadersConfig {
    /// `Strict-Transport-Security` value to send, or `false` to send none.
    pub strict_transport_security: Option<HstsSetting>,
}

/// `gateway.http.securityHeaders.strictTransportSecurity`: a header value or `false`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HstsSetting {
    Header(String),
    Disabled,
}

impl Serialize for HstsSetting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Header(value) => serializer.serialize_str(value),
            Self::Disabled => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for HstsSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HstsVisitor;

        impl Visitor<'_> for HstsVisitor {
            type Value = HstsSetting;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Strict-Transport-Security header value or false")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<HstsSetting, E> {
                Ok(HstsSetting::Header(value.to_owned()))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<HstsSetting, E> {
                if value { Err(E::invalid_value(de::Unexpected::Bool(true), &self)) } else { Ok(HstsSetting::Disabled) }
            }
        }

        deserializer.deserialize_any(HstsVisitor)
    }
}

/// A `{allow, deny}` pair of names (`gateway.tools`, `gateway.nodes.commands`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowDenyConfig {
    pub allow: Option<Vec<String>>,
    pub deny: Option<Vec<String>>,
}

/// `gateway.nodes.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodesConfig {
    /// Routing of browser actions to a node's browser.
    pub browser: Option<NodesBrowserConfig>,
    /// Extra node commands allowed beyond the default set (exact names). Entries for
    /// camera/screen/contacts/calendar/SMS are high impact.
    pub allow_commands: Option<Vec<String>>,
    /// Node commands always refused (exact names; patterns do not work).
    pub deny_commands: Option<Vec<String>>,
    /// Newer spelling of `allowCommands`/`denyCommands`; both are honoured and merged.
    pub commands: Option<AllowDenyConfig>,
}

/// `gateway.nodes.browser.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodesBrowserConfig {
    /// `off` stops proxying browser control through nodes.
    pub mode: Option<NodeBrowserMode>,
    /// Node id to use in `manual` mode.
    pub node: Option<String>,
}

/// `gateway.nodes.browser.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeBrowserMode {
    Auto,
    Manual,
    Off,
}

/// `gateway.reload.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReloadConfig {
    pub mode: Option<ReloadMode>,
    /// Wait this long after the last file change before applying (default 300).
    pub debounce_ms: Option<u64>,
}

/// `gateway.reload.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReloadMode {
    Off,
    Restart,
    Hot,
    /// Hot-apply what can be, restart for the rest (default).
    Hybrid,
}
