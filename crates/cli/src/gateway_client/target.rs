//! Which gateway a command talks to and with which shared secret, resolved from flags, the
//! environment and the config exactly as OpenClaw's CLI does:
//!
//! - URL: `--url`, else `OPENCLAW_GATEWAY_URL` (unless `--port`), else `gateway.remote.url` in
//!   remote mode, else `ws[s]://127.0.0.1:<port>`, port from `--port`, `OPENCLAW_GATEWAY_PORT`,
//!   the profile, `gateway.port`, 18789.
//! - Secret: `--token`/`--password`; with a URL override nothing implicit (an env override may use
//!   the env secrets); locally `gateway.auth.*` before `OPENCLAW_GATEWAY_TOKEN/PASSWORD`; remotely
//!   `gateway.remote.token` before the env token, the env password before `gateway.remote.password`.
//!
//! Pure: the config tree, environment and paths are inputs.

use std::path::Path;

use openclaw_config::EnvMap;
use serde_json::Value;

use super::url;

pub const DEFAULT_PORT: u16 = 18789;

/// Connection flags shared by the gateway RPC commands.
#[derive(Debug, Clone, Default)]
pub struct TargetFlags {
    pub url: Option<String>,
    pub port: Option<u16>,
    pub token: Option<String>,
    pub password: Option<String>,
}

/// What the resolution reads besides the flags.
pub struct World<'a> {
    pub config: &'a Value,
    pub env: &'a EnvMap,
    pub config_path: &'a Path,
    pub profile: Option<&'a str>,
    /// The port `--dev` implies.
    pub profile_port: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlOverride {
    Cli,
    Env,
}

/// Where the call goes, and the lines that explain why (printed under transport errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionDetails {
    pub url: String,
    pub url_source: &'static str,
    pub bind_detail: Option<String>,
    pub remote_fallback_note: Option<String>,
    pub config_path: String,
}

impl ConnectionDetails {
    pub fn message(&self) -> String {
        let mut lines = vec![
            format!("Gateway target: {}", self.url),
            format!("Source: {}", self.url_source),
            format!("Config: {}", self.config_path),
        ];
        lines.extend(self.bind_detail.clone());
        lines.extend(self.remote_fallback_note.clone());
        lines.join("\n")
    }
}

/// A resolved call target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub details: ConnectionDetails,
    pub url_override: Option<UrlOverride>,
    pub token: Option<String>,
    pub password: Option<String>,
    /// The local gateway's auth mode (`gateway.auth.mode`, else password when one is set, else token).
    pub auth_mode: String,
    /// Tailscale identity may stand in for a secret (`gateway.auth.allowTailscale`).
    pub allow_tailscale: bool,
}

impl Target {
    /// Whether a shared secret matching the auth mode will be presented.
    pub fn has_shared_secret(&self) -> bool {
        (self.auth_mode == "token" && self.token.is_some()) || (self.auth_mode == "password" && self.password.is_some())
    }
}

/// Why no connection was attempted. Each message is OpenClaw's, so scripts and people see the same fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// The flags contradict each other or a value is malformed.
    Usage(String),
    /// `ws://` to a non-private host.
    Insecure(String),
    /// `gateway.mode=remote` without `gateway.remote.url`.
    RemoteMisconfigured(String),
    /// A URL override without `--token`/`--password`.
    ExplicitAuthRequired(String),
    /// A SecretRef this process cannot read stands where the secret would come from.
    SecretRefUnavailable(String),
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetError::Usage(m)
            | TargetError::Insecure(m)
            | TargetError::RemoteMisconfigured(m)
            | TargetError::ExplicitAuthRequired(m)
            | TargetError::SecretRefUnavailable(m) => f.write_str(m),
        }
    }
}

fn trimmed(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn at<'v>(config: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(config, |node, key| node.get(key))
}

fn str_at<'v>(config: &'v Value, path: &str) -> Option<&'v str> {
    at(config, path).and_then(Value::as_str)
}

/// A configured secret: a literal, or a SecretRef that may or may not be readable here.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Secret {
    Absent,
    Value(String),
    /// Configured, but not readable by this command (file/exec provider, unset env var).
    Unreadable,
}

impl Secret {
    fn read(config: &Value, path: &str, env: &EnvMap) -> Self {
        match at(config, path) {
            // An unresolved `${VAR}` placeholder is not a credential.
            Some(Value::String(s)) if s.contains("${") => Secret::Unreadable,
            Some(Value::String(s)) => trimmed(Some(s)).map_or(Secret::Absent, Secret::Value),
            Some(Value::Object(obj)) if obj.contains_key("source") && obj.contains_key("id") => {
                let source = obj.get("source").and_then(Value::as_str);
                let id = obj.get("id").and_then(Value::as_str).unwrap_or("");
                match (source, env.non_empty(id)) {
                    (Some("env"), Some(value)) => Secret::Value(value.trim().to_owned()),
                    _ => Secret::Unreadable,
                }
            }
            _ => Secret::Absent,
        }
    }

    fn value(&self) -> Option<String> {
        match self {
            Secret::Value(v) => Some(v.clone()),
            _ => None,
        }
    }

    fn configured(&self) -> bool {
        !matches!(self, Secret::Absent)
    }
}

fn secret_ref_error(path: &str) -> TargetError {
    TargetError::SecretRefUnavailable(format!(
        "{path} is configured as a secret reference but is unavailable in this command path.\n\
         Fix: set OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD, pass explicit --token/--password,\n\
         or run a gateway command path that resolves secret references before credential selection."
    ))
}

/// `OPENCLAW_GATEWAY_PORT`, the `--dev` port, `gateway.port`, a named profile's derived port, 18789.
pub fn local_port(world: &World<'_>) -> u16 {
    if let Some(port) = world.env.non_empty("OPENCLAW_GATEWAY_PORT").and_then(parse_port_env) {
        return port;
    }
    if let Some(port) = world.profile_port {
        return port;
    }
    if let Some(port) = at(world.config, "gateway.port").and_then(Value::as_u64).and_then(|p| u16::try_from(p).ok())
        && port > 0
    {
        return port;
    }
    let profile = world.profile.map(str::to_owned).or_else(|| trimmed(world.env.get("OPENCLAW_PROFILE")));
    match profile {
        Some(name) if !name.eq_ignore_ascii_case("default") => profile_port(&name),
        _ => DEFAULT_PORT,
    }
}

/// `1234`, `host:1234` or `[::1]:1234`.
fn parse_port_env(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let digits = match raw.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') || host.ends_with(']') => port,
        Some(_) => return None,
        None => raw,
    };
    digits.parse().ok().filter(|p| *p > 0)
}

/// Each named profile gets its own port in 20000..60000 (FNV-1a of the name), so two profiles'
/// gateways never collide by default.
fn profile_port(name: &str) -> u16 {
    let mut hash: u32 = 2_166_136_261;
    for byte in name.as_bytes() {
        hash = (hash ^ u32::from(*byte)).wrapping_mul(16_777_619);
    }
    u16::try_from(20_000 + hash % 40_000).unwrap_or(DEFAULT_PORT)
}

/// Resolves the target of one call.
pub fn resolve(flags: &TargetFlags, world: &World<'_>) -> Result<Target, TargetError> {
    let cli_url = trimmed(flags.url.as_deref());
    if cli_url.is_some() && flags.port.is_some() {
        return Err(TargetError::Usage("Use either --url or --port, not both.".to_owned()));
    }
    let (override_url, url_override) = match (&cli_url, flags.port) {
        (Some(url), _) => (Some(url.clone()), Some(UrlOverride::Cli)),
        (None, None) => match trimmed(world.env.get("OPENCLAW_GATEWAY_URL")) {
            Some(url) => (Some(url), Some(UrlOverride::Env)),
            None => (None, None),
        },
        (None, Some(_)) => (None, None),
    };
    let config = world.config;
    let remote_mode = flags.port.is_none() && str_at(config, "gateway.mode") == Some("remote");
    let details = connection_details(flags, world, override_url.as_deref(), url_override, remote_mode)?;

    let explicit_token = trimmed(flags.token.as_deref());
    let explicit_password = trimmed(flags.password.as_deref());
    let (token, password) = if explicit_token.is_some() || explicit_password.is_some() {
        (explicit_token, explicit_password)
    } else {
        match url_override {
            Some(UrlOverride::Cli) => (None, None),
            Some(UrlOverride::Env) => {
                (env_secret(world, "OPENCLAW_GATEWAY_TOKEN"), env_secret(world, "OPENCLAW_GATEWAY_PASSWORD"))
            }
            None if remote_mode => remote_credentials(world)?,
            None => local_credentials(world)?,
        }
    };

    if let Some(source) = url_override
        && flags.token.as_deref().map(str::trim).unwrap_or("").is_empty()
        && flags.password.as_deref().map(str::trim).unwrap_or("").is_empty()
        && !(source == UrlOverride::Env && (token.is_some() || password.is_some()))
    {
        let hint = match source {
            UrlOverride::Env => {
                "Set OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD alongside OPENCLAW_GATEWAY_URL; config credentials are intentionally not reused."
            }
            UrlOverride::Cli => {
                "For the default local or SSH-tunneled Gateway, remove --url to use the configured target."
            }
        };
        return Err(TargetError::ExplicitAuthRequired(format!(
            "gateway url override requires explicit credentials\n\
             Fix: pass --token or --password with --url (or gatewayToken in tools).\n{hint}\nConfig: {}",
            details.config_path
        )));
    }
    if remote_mode && url_override.is_none() && trimmed(str_at(config, "gateway.remote.url")).is_none() {
        return Err(TargetError::RemoteMisconfigured(format!(
            "gateway remote mode misconfigured: gateway.remote.url missing\nConfig: {}\n\
             Fix: set gateway.remote.url, or set gateway.mode=local.",
            details.config_path
        )));
    }
    let (auth_mode, allow_tailscale) = local_auth_mode(world);
    Ok(Target { details, url_override, token, password, auth_mode, allow_tailscale })
}

fn env_secret(world: &World<'_>, name: &str) -> Option<String> {
    trimmed(world.env.get(name))
}

fn connection_details(
    flags: &TargetFlags,
    world: &World<'_>,
    override_url: Option<&str>,
    url_override: Option<UrlOverride>,
    remote_mode: bool,
) -> Result<ConnectionDetails, TargetError> {
    let config = world.config;
    let tls = at(config, "gateway.tls.enabled").and_then(Value::as_bool) == Some(true);
    let port = flags.port.unwrap_or_else(|| local_port(world));
    let local_url = format!("{}://127.0.0.1:{port}", if tls { "wss" } else { "ws" });
    let remote_url = if remote_mode { trimmed(str_at(config, "gateway.remote.url")) } else { None };
    let remote_misconfigured = remote_mode && override_url.is_none() && remote_url.is_none();
    let url = override_url.map(str::to_owned).or_else(|| remote_url.clone()).unwrap_or(local_url);
    let url_source = match (url_override, &remote_url) {
        (Some(UrlOverride::Env), _) => "env OPENCLAW_GATEWAY_URL",
        (Some(UrlOverride::Cli), _) => "cli --url",
        (None, Some(_)) => "config gateway.remote.url",
        (None, None) if remote_misconfigured => "missing gateway.remote.url (fallback local)",
        (None, None) => "local loopback",
    };
    let bind_detail = (override_url.is_none() && remote_url.is_none())
        .then(|| format!("Bind: {}", str_at(config, "gateway.bind").unwrap_or("loopback")));
    let remote_fallback_note = remote_misconfigured.then(|| {
        "Warn: gateway.mode=remote but gateway.remote.url is missing; set gateway.remote.url or switch gateway.mode=local."
            .to_owned()
    });
    let config_path = world.config_path.display().to_string();
    let allow_private_ws = world.env.get("OPENCLAW_ALLOW_INSECURE_PRIVATE_WS") == Some("1");
    if !url::is_secure(&url, allow_private_ws) {
        let mut lines = vec![
            format!("SECURITY ERROR: Gateway URL \"{url}\" uses plaintext ws:// to a non-loopback address."),
            "Both credentials and chat data would be exposed to network interception.".to_owned(),
            format!("Source: {url_source}"),
            format!("Config: {config_path}"),
            "Fix: Use wss:// for remote gateway URLs.".to_owned(),
            "Safe remote access defaults:".to_owned(),
            "- keep gateway.bind=loopback and use an SSH tunnel (ssh -N -L 18789:127.0.0.1:18789 user@gateway-host)"
                .to_owned(),
            "- or use Tailscale Serve/Funnel for HTTPS remote access".to_owned(),
        ];
        if !allow_private_ws {
            lines.push(
                "Break-glass (trusted private networks only): set OPENCLAW_ALLOW_INSECURE_PRIVATE_WS=1".to_owned(),
            );
        }
        lines.push("Doctor: openclaw doctor --fix".to_owned());
        lines.push("Docs: https://docs.openclaw.ai/gateway/remote".to_owned());
        return Err(TargetError::Insecure(lines.join("\n")));
    }
    Ok(ConnectionDetails { url, url_source, bind_detail, remote_fallback_note, config_path })
}

/// Local surface: config before env, and the remote secrets only as a last resort when the local
/// one is not configured at all.
fn local_credentials(world: &World<'_>) -> Result<(Option<String>, Option<String>), TargetError> {
    let config = world.config;
    let env = world.env;
    let mode = str_at(config, "gateway.auth.mode");
    let local_token = Secret::read(config, "gateway.auth.token", env);
    let local_password = Secret::read(config, "gateway.auth.password", env);
    let remote_token = Secret::read(config, "gateway.remote.token", env);
    let remote_password = Secret::read(config, "gateway.remote.password", env);
    let env_token = env_secret(world, "OPENCLAW_GATEWAY_TOKEN");
    let env_password = env_secret(world, "OPENCLAW_GATEWAY_PASSWORD");

    let token = local_token
        .value()
        .or_else(|| env_token.clone())
        .or_else(|| if local_token.configured() { None } else { remote_token.value() });
    let password_fallback = if mode == Some("trusted-proxy") { None } else { remote_password.value() };
    let password = local_password
        .value()
        .or_else(|| env_password.clone())
        .or_else(|| if local_password.configured() { None } else { password_fallback });

    let password_can_win = matches!(mode, Some("password" | "trusted-proxy"))
        || (!matches!(mode, Some("token" | "none")) && token.is_none());
    let token_can_win =
        mode == Some("token") || (!matches!(mode, Some("password" | "none" | "trusted-proxy")) && password.is_none());
    if local_token == Secret::Unreadable && token_can_win {
        return Err(secret_ref_error("gateway.auth.token"));
    }
    if local_password == Secret::Unreadable && password_can_win {
        return Err(secret_ref_error("gateway.auth.password"));
    }
    Ok((token, password))
}

/// Remote surface: `gateway.remote.token` first (it names that gateway's secret), the env
/// password first (passwords are typed per session), the local secrets as a fallback.
fn remote_credentials(world: &World<'_>) -> Result<(Option<String>, Option<String>), TargetError> {
    let config = world.config;
    let env = world.env;
    let local_token = Secret::read(config, "gateway.auth.token", env).value();
    let local_password = Secret::read(config, "gateway.auth.password", env).value();
    let remote_token = Secret::read(config, "gateway.remote.token", env);
    let remote_password = Secret::read(config, "gateway.remote.password", env);
    let env_token = env_secret(world, "OPENCLAW_GATEWAY_TOKEN");
    let env_password = env_secret(world, "OPENCLAW_GATEWAY_PASSWORD");
    let token = remote_token.value().or_else(|| env_token.clone()).or_else(|| local_token.clone());
    let password = env_password.clone().or_else(|| remote_password.value()).or_else(|| local_password.clone());
    if remote_token == Secret::Unreadable && token.is_none() && password.is_none() {
        return Err(secret_ref_error("gateway.remote.token"));
    }
    if remote_password == Secret::Unreadable && password.is_none() && token.is_none() {
        return Err(secret_ref_error("gateway.remote.password"));
    }
    Ok((token, password))
}

/// The local gateway's auth mode and Tailscale allowance, as its own resolution would find them.
fn local_auth_mode(world: &World<'_>) -> (String, bool) {
    let config = world.config;
    let password = Secret::read(config, "gateway.auth.password", world.env)
        .value()
        .or_else(|| env_secret(world, "OPENCLAW_GATEWAY_PASSWORD"));
    let mode = match str_at(config, "gateway.auth.mode") {
        Some(mode) => mode.to_owned(),
        None if password.is_some() => "password".to_owned(),
        None => "token".to_owned(),
    };
    let allow_tailscale = at(config, "gateway.auth.allowTailscale").and_then(Value::as_bool).unwrap_or_else(|| {
        str_at(config, "gateway.tailscale.mode") == Some("serve") && mode != "password" && mode != "trusted-proxy"
    });
    (mode, allow_tailscale)
}

/// The secret a reachability probe presents to one target: the target's own configured secret,
/// the env secret only when nothing is configured, and nothing when the configured one is a
/// SecretRef this process cannot read (a probe must never guess).
pub fn probe_credentials(world: &World<'_>, remote: bool) -> (Option<String>, Option<String>) {
    let config = world.config;
    let env = world.env;
    let env_token = env_secret(world, "OPENCLAW_GATEWAY_TOKEN");
    let env_password = env_secret(world, "OPENCLAW_GATEWAY_PASSWORD");
    if remote {
        let token = Secret::read(config, "gateway.remote.token", env);
        let password =
            if token.value().is_some() { Secret::Absent } else { Secret::read(config, "gateway.remote.password", env) };
        let configured = token.value().is_some() || password.value().is_some();
        let unreadable = token == Secret::Unreadable || password == Secret::Unreadable;
        let allow_env = !configured && !unreadable;
        return (
            token.value().or(if allow_env { env_token } else { None }),
            password.value().or(if allow_env { env_password } else { None }),
        );
    }
    match str_at(config, "gateway.auth.mode") {
        Some("none" | "trusted-proxy") => (None, None),
        Some(mode @ ("token" | "password")) => {
            let secret = Secret::read(config, &format!("gateway.auth.{mode}"), env);
            let value = secret.value().or(if secret == Secret::Unreadable {
                None
            } else if mode == "token" {
                env_token
            } else {
                env_password
            });
            if mode == "token" { (value, None) } else { (None, value) }
        }
        _ => {
            let token = Secret::read(config, "gateway.auth.token", env);
            if let Some(value) = token.value() {
                return (Some(value), None);
            }
            if token == Secret::Unreadable {
                return (None, None);
            }
            let password = Secret::read(config, "gateway.auth.password", env);
            if password.configured() {
                return (None, password.value());
            }
            match (env_token, env_password) {
                (Some(token), _) => (Some(token), None),
                (None, password) => (None, password),
            }
        }
    }
}
