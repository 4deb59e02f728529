//! Resolved `gateway.*`: the listener and authentication settings with OpenClaw's runtime
//! defaults (`src/gateway/server-runtime-config.ts`, `src/gateway/auth.ts`,
//! `src/gateway/auth-rate-limit.ts`, `src/gateway/openresponses-http.ts`).

use std::net::Ipv4Addr;

use crate::model::gateway::{
    AuthMode, BindMode, GatewayAuthConfig, GatewayConfig, GatewayMode, HstsSetting, NodeBrowserMode, ReloadMode,
    RemoteTransport, ResponsesFilesConfig, ResponsesImagesConfig, TailscaleMode,
};
use crate::model::secret::Secret;

use super::{non_blank, trimmed_list};

pub const DEFAULT_PORT: u16 = 18789;
pub const DEFAULT_RATE_LIMIT_MAX_ATTEMPTS: u32 = 10;
pub const DEFAULT_RATE_LIMIT_WINDOW_MS: u64 = 60_000;
pub const DEFAULT_RATE_LIMIT_LOCKOUT_MS: u64 = 300_000;
pub const DEFAULT_RELOAD_DEBOUNCE_MS: u64 = 300;
pub const DEFAULT_CHANNEL_HEALTH_CHECK_MINUTES: u64 = 5;
pub const DEFAULT_RESPONSES_MAX_BODY_BYTES: u64 = 20 * 1024 * 1024;
pub const DEFAULT_RESPONSES_MAX_URL_PARTS: u64 = 8;

/// `gateway.*` with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Gateway {
    /// `None` when unset: OpenClaw then refuses to run without `--allow-unconfigured`.
    pub mode: Option<GatewayMode>,
    pub port: u16,
    pub bind: BindMode,
    /// The address for `bind: "custom"` (guaranteed present and valid then).
    pub custom_bind_host: Option<Ipv4Addr>,
    pub auth: GatewayAuth,
    /// Trimmed, blanks dropped.
    pub trusted_proxies: Vec<String>,
    pub allow_real_ip_fallback: bool,
    pub control_ui: ControlUi,
    pub tailscale: Tailscale,
    pub remote: Remote,
    pub tls: Tls,
    pub http: Http,
    /// Changes to the `/tools/invoke` default deny list.
    pub tools: AllowDeny,
    pub nodes: Nodes,
    pub reload: Reload,
    /// 0 disables the check.
    pub channel_health_check_minutes: u64,
}

/// `gateway.auth.*` resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayAuth {
    /// Explicit mode, else `password` when a password is configured, else `token` (the order
    /// of OpenClaw's `resolveGatewayAuth`).
    pub mode: AuthMode,
    pub token: Option<Secret>,
    pub password: Option<Secret>,
    /// Explicit value, else true only for Tailscale Serve with a mode other than
    /// password/trusted-proxy.
    pub allow_tailscale: bool,
    pub rate_limit: RateLimit,
    /// Present whenever `mode` is `trusted-proxy` (the rules guarantee the header).
    pub trusted_proxy: Option<TrustedProxy>,
}

/// Failed-auth lockout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub max_attempts: u32,
    pub window_ms: u64,
    pub lockout_ms: u64,
    pub exempt_loopback: bool,
}

/// Identity-aware proxy settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxy {
    pub user_header: String,
    pub required_headers: Vec<String>,
    /// Empty means any user the proxy authenticated.
    pub allow_users: Vec<String>,
}

/// `gateway.controlUi.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlUi {
    pub enabled: bool,
    /// `""` for the root, else `/prefix` without a trailing slash.
    pub base_path: String,
    pub root: Option<String>,
    pub allowed_origins: Vec<String>,
    pub allow_insecure_auth: bool,
    pub dangerously_allow_host_header_origin_fallback: bool,
    pub dangerously_disable_device_auth: bool,
}

/// `gateway.tailscale.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tailscale {
    pub mode: TailscaleMode,
    pub reset_on_exit: bool,
}

/// `gateway.remote.*` resolved (client side).
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    pub url: Option<String>,
    pub transport: RemoteTransport,
    pub token: Option<Secret>,
    pub password: Option<Secret>,
    pub tls_fingerprint: Option<String>,
    pub ssh_target: Option<String>,
    pub ssh_identity: Option<String>,
}

/// `gateway.tls.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub enabled: bool,
    pub auto_generate: bool,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    pub ca_path: Option<String>,
}

/// `gateway.http.*` resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Http {
    /// `/v1/chat/completions`.
    pub chat_completions_enabled: bool,
    pub responses: Responses,
    /// `Strict-Transport-Security` header to send, if any.
    pub strict_transport_security: Option<String>,
}

/// `/v1/responses`.
#[derive(Debug, Clone, PartialEq)]
pub struct Responses {
    pub enabled: bool,
    pub max_body_bytes: u64,
    pub max_url_parts: u64,
    /// URL-input limits as written; the fetcher applies its own defaults.
    pub files: Option<ResponsesFilesConfig>,
    pub images: Option<ResponsesImagesConfig>,
}

/// Trimmed `{allow, deny}` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowDeny {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

/// `gateway.nodes.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nodes {
    /// `allowCommands` followed by `commands.allow`, de-duplicated.
    pub allow_commands: Vec<String>,
    /// `denyCommands` followed by `commands.deny`, de-duplicated.
    pub deny_commands: Vec<String>,
    pub browser_mode: NodeBrowserMode,
    pub browser_node: Option<String>,
}

/// `gateway.reload.*` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reload {
    pub mode: ReloadMode,
    pub debounce_ms: u64,
}

impl Gateway {
    pub(super) fn resolve(raw: Option<&GatewayConfig>) -> Self {
        let empty = GatewayConfig::default();
        let raw = raw.unwrap_or(&empty);
        let tailscale = raw.tailscale.as_ref();
        let tailscale = Tailscale {
            mode: tailscale.and_then(|t| t.mode).unwrap_or(TailscaleMode::Off),
            reset_on_exit: tailscale.and_then(|t| t.reset_on_exit).unwrap_or(false),
        };
        let control_ui = raw.control_ui.as_ref();
        let http = raw.http.as_ref();
        let endpoints = http.and_then(|h| h.endpoints.as_ref());
        let responses = endpoints.and_then(|e| e.responses.as_ref());
        let remote = raw.remote.as_ref();
        let tls = raw.tls.as_ref();
        let nodes = raw.nodes.as_ref();
        let node_commands = nodes.and_then(|n| n.commands.as_ref());
        let reload = raw.reload.as_ref();
        Self {
            mode: raw.mode,
            port: raw.port.and_then(|p| u16::try_from(p).ok()).filter(|p| *p > 0).unwrap_or(DEFAULT_PORT),
            bind: raw.bind.unwrap_or(BindMode::Loopback),
            custom_bind_host: raw.custom_bind_host.as_deref().and_then(|h| h.trim().parse().ok()),
            auth: GatewayAuth::resolve(raw.auth.as_ref(), tailscale.mode),
            trusted_proxies: trimmed_list(raw.trusted_proxies.as_deref()),
            allow_real_ip_fallback: raw.allow_real_ip_fallback.unwrap_or(false),
            control_ui: ControlUi {
                enabled: control_ui.and_then(|c| c.enabled).unwrap_or(true),
                base_path: normalize_base_path(control_ui.and_then(|c| c.base_path.as_deref())),
                root: non_blank(control_ui.and_then(|c| c.root.as_deref())),
                allowed_origins: trimmed_list(control_ui.and_then(|c| c.allowed_origins.as_deref())),
                allow_insecure_auth: control_ui.and_then(|c| c.allow_insecure_auth).unwrap_or(false),
                dangerously_allow_host_header_origin_fallback: control_ui
                    .and_then(|c| c.dangerously_allow_host_header_origin_fallback)
                    .unwrap_or(false),
                dangerously_disable_device_auth: control_ui
                    .and_then(|c| c.dangerously_disable_device_auth)
                    .unwrap_or(false),
            },
            tailscale,
            remote: Remote {
                url: non_blank(remote.and_then(|r| r.url.as_deref())),
                transport: remote.and_then(|r| r.transport).unwrap_or(RemoteTransport::Ssh),
                token: remote.and_then(|r| r.token.clone()),
                password: remote.and_then(|r| r.password.clone()),
                tls_fingerprint: non_blank(remote.and_then(|r| r.tls_fingerprint.as_deref())),
                ssh_target: non_blank(remote.and_then(|r| r.ssh_target.as_deref())),
                ssh_identity: non_blank(remote.and_then(|r| r.ssh_identity.as_deref())),
            },
            tls: Tls {
                enabled: tls.and_then(|t| t.enabled).unwrap_or(false),
                auto_generate: tls.and_then(|t| t.auto_generate).unwrap_or(true),
                cert_path: non_blank(tls.and_then(|t| t.cert_path.as_deref())),
                key_path: non_blank(tls.and_then(|t| t.key_path.as_deref())),
                ca_path: non_blank(tls.and_then(|t| t.ca_path.as_deref())),
            },
            http: Http {
                chat_completions_enabled: endpoints
                    .and_then(|e| e.chat_completions.as_ref())
                    .and_then(|c| c.enabled)
                    .unwrap_or(false),
                responses: Responses {
                    enabled: responses.and_then(|r| r.enabled).unwrap_or(false),
                    max_body_bytes: responses
                        .and_then(|r| r.max_body_bytes)
                        .unwrap_or(DEFAULT_RESPONSES_MAX_BODY_BYTES),
                    max_url_parts: responses.and_then(|r| r.max_url_parts).unwrap_or(DEFAULT_RESPONSES_MAX_URL_PARTS),
                    files: responses.and_then(|r| r.files.clone()),
                    images: responses.and_then(|r| r.images.clone()),
                },
                strict_transport_security: match http
                    .and_then(|h| h.security_headers.as_ref())
                    .and_then(|s| s.strict_transport_security.as_ref())
                {
                    Some(HstsSetting::Header(value)) => non_blank(Some(value)),
                    Some(HstsSetting::Disabled) | None => None,
                },
            },
            tools: AllowDeny {
                allow: trimmed_list(raw.tools.as_ref().and_then(|t| t.allow.as_deref())),
                deny: trimmed_list(raw.tools.as_ref().and_then(|t| t.deny.as_deref())),
            },
            nodes: Nodes {
                allow_commands: merged(
                    nodes.and_then(|n| n.allow_commands.as_deref()),
                    node_commands.and_then(|c| c.allow.as_deref()),
                ),
                deny_commands: merged(
                    nodes.and_then(|n| n.deny_commands.as_deref()),
                    node_commands.and_then(|c| c.deny.as_deref()),
                ),
                browser_mode: nodes
                    .and_then(|n| n.browser.as_ref())
                    .and_then(|b| b.mode)
                    .unwrap_or(NodeBrowserMode::Auto),
                browser_node: non_blank(nodes.and_then(|n| n.browser.as_ref()).and_then(|b| b.node.as_deref())),
            },
            reload: Reload {
                mode: reload.and_then(|r| r.mode).unwrap_or(ReloadMode::Hybrid),
                debounce_ms: reload.and_then(|r| r.debounce_ms).unwrap_or(DEFAULT_RELOAD_DEBOUNCE_MS),
            },
            channel_health_check_minutes: raw
                .channel_health_check_minutes
                .unwrap_or(DEFAULT_CHANNEL_HEALTH_CHECK_MINUTES),
        }
    }
}

impl GatewayAuth {
    fn resolve(raw: Option<&GatewayAuthConfig>, tailscale_mode: TailscaleMode) -> Self {
        let empty = GatewayAuthConfig::default();
        let raw = raw.unwrap_or(&empty);
        let token = raw.token.clone().filter(Secret::is_set);
        let password = raw.password.clone().filter(Secret::is_set);
        let mode = raw.mode.unwrap_or(if password.is_some() { AuthMode::Password } else { AuthMode::Token });
        let allow_tailscale = raw.allow_tailscale.unwrap_or(
            tailscale_mode == TailscaleMode::Serve && !matches!(mode, AuthMode::Password | AuthMode::TrustedProxy),
        );
        let rate_limit = raw.rate_limit.as_ref();
        let trusted_proxy = raw.trusted_proxy.as_ref().and_then(|t| {
            Some(TrustedProxy {
                user_header: non_blank(t.user_header.as_deref())?,
                required_headers: trimmed_list(t.required_headers.as_deref()),
                allow_users: trimmed_list(t.allow_users.as_deref()),
            })
        });
        Self {
            mode,
            token,
            password,
            allow_tailscale,
            rate_limit: RateLimit {
                max_attempts: rate_limit
                    .and_then(|r| r.max_attempts)
                    .map_or(DEFAULT_RATE_LIMIT_MAX_ATTEMPTS, |n| n as u32),
                window_ms: rate_limit.and_then(|r| r.window_ms).map_or(DEFAULT_RATE_LIMIT_WINDOW_MS, |n| n as u64),
                lockout_ms: rate_limit.and_then(|r| r.lockout_ms).map_or(DEFAULT_RATE_LIMIT_LOCKOUT_MS, |n| n as u64),
                exempt_loopback: rate_limit.and_then(|r| r.exempt_loopback).unwrap_or(true),
            },
            trusted_proxy,
        }
    }
}

/// OpenClaw's `normalizeControlUiBasePath`.
fn normalize_base_path(raw: Option<&str>) -> String {
    let trimmed = raw.map(str::trim).unwrap_or_default();
    if trimmed.is_empty() {
        return String::new();
    }
    let with_slash = if trimmed.starts_with('/') { trimmed.to_owned() } else { format!("/{trimmed}") };
    if with_slash == "/" {
        return String::new();
    }
    match with_slash.strip_suffix('/') {
        Some(stripped) => stripped.to_owned(),
        None => with_slash,
    }
}

/// Both spellings of a node command list, trimmed, first occurrence kept.
fn merged(old: Option<&[String]>, new: Option<&[String]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in trimmed_list(old).into_iter().chain(trimmed_list(new)) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
