//! What the running gateway derives from one config snapshot plus the environment and the
//! command line: the port and bind mode, the resolved credentials (by `openclaw-policy`'s
//! precedence: flags, then config, then `OPENCLAW_GATEWAY_TOKEN`/`_PASSWORD`) and every
//! front-door setting. A new snapshot (hot reload) yields a new `Runtime`.

use std::sync::Arc;

use openclaw_config::model::gateway::{BindMode, GatewayMode};
use openclaw_config::model::resolved::Config;
use openclaw_config::{LoadContext, Snapshot};
use openclaw_policy::gateway::auth::{
    AuthMode, AuthOverride, GatewayAuthInputs, ResolvedGatewayAuth, TailscaleMode, TrustedProxyAuth, resolve_auth,
};
use openclaw_policy::gateway::client_ip::TrustedProxies;
use serde_json::Value;

use crate::error::{GatewayError, Result};
use crate::secrets;

/// Command-line overrides of `gateway run` (they win over the config).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub port: Option<u16>,
    pub bind: Option<BindMode>,
    pub auth: AuthOverride,
    /// Start even when `gateway.mode` is not `local`.
    pub allow_unconfigured: bool,
}

/// Everything the gateway needs from one config snapshot.
#[derive(Debug, Clone)]
pub struct Runtime {
    pub snapshot: Arc<Snapshot>,
    pub config: Arc<Config>,
    pub port: u16,
    pub bind: BindMode,
    pub auth: ResolvedGatewayAuth,
    /// `gateway.trustedProxies`, parsed once per snapshot (every request and handshake needs it).
    pub trusted_proxies: TrustedProxies,
}

impl Runtime {
    /// Loads the config and resolves it; refuses (with a fix in the message) a config that is
    /// invalid or not meant for a local gateway.
    pub fn load(ctx: &LoadContext, overrides: &Overrides) -> Result<Runtime> {
        let snapshot = openclaw_config::load(ctx)?;
        Runtime::from_snapshot(snapshot, overrides)
    }

    pub fn from_snapshot(snapshot: Snapshot, overrides: &Overrides) -> Result<Runtime> {
        if let Some(first) = snapshot.errors().next() {
            let count = snapshot.errors().count();
            let more = if count > 1 { format!(" (and {} more)", count - 1) } else { String::new() };
            return Err(GatewayError::Config {
                path: snapshot.path.clone(),
                detail: format!(
                    "{first}{more}; run `openclaw config validate` for the list or `openclaw doctor --fix`"
                ),
            });
        }
        let Some(config) = snapshot.config.clone() else {
            return Err(GatewayError::Config {
                path: snapshot.path.clone(),
                detail: "the config could not be resolved; run `openclaw config validate`".to_owned(),
            });
        };
        let gateway = &config.gateway;
        if !overrides.allow_unconfigured && gateway.mode != Some(GatewayMode::Local) {
            let message = match (snapshot.exists, gateway.mode) {
                (false, _) => "Missing config. Run `openclaw setup` or set gateway.mode=local (or pass --allow-unconfigured).".to_owned(),
                (true, None) => "Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config. Re-run `openclaw setup`, set gateway.mode=local manually, or pass --allow-unconfigured.".to_owned(),
                (true, Some(_)) => "Gateway start blocked: set gateway.mode=local (current: remote) or pass --allow-unconfigured.".to_owned(),
            };
            return Err(GatewayError::Refused(message));
        }
        let auth = resolve_auth(&auth_inputs(&snapshot, &config, overrides)?);
        let port = overrides.port.unwrap_or(gateway.port);
        let bind = overrides.bind.unwrap_or(gateway.bind);
        let trusted_proxies = TrustedProxies::parse(&config.gateway.trusted_proxies).proxies;
        Ok(Runtime { snapshot: Arc::new(snapshot), config: Arc::new(config), port, bind, auth, trusted_proxies })
    }
}

/// The inputs of the auth resolution: what the config says explicitly (unset stays unset, so
/// an environment password can still imply password mode), the secrets behind it, the
/// environment and the flags.
fn auth_inputs(snapshot: &Snapshot, config: &Config, overrides: &Overrides) -> Result<GatewayAuthInputs> {
    let resolved = snapshot.resolved.as_ref();
    let at = |pointer: &str| resolved.and_then(|v| v.pointer(pointer));
    let text = |pointer: &str| at(pointer).and_then(Value::as_str).map(str::to_owned);
    let env = &snapshot.env;
    let gateway = &config.gateway;
    let trusted_proxy = at("/gateway/auth/trustedProxy").filter(|v| v.is_object()).map(|tp| TrustedProxyAuth {
        user_header: tp.get("userHeader").and_then(Value::as_str).unwrap_or_default().to_owned(),
        required_headers: strings(tp.get("requiredHeaders")),
        allow_users: strings(tp.get("allowUsers")),
        allow_loopback: tp.get("allowLoopback").and_then(Value::as_bool).unwrap_or(false),
    });
    Ok(GatewayAuthInputs {
        mode: text("/gateway/auth/mode").as_deref().and_then(AuthMode::parse),
        token: secrets::resolve(gateway.auth.token.as_ref(), "gateway.auth.token", env)?,
        password: secrets::resolve(gateway.auth.password.as_ref(), "gateway.auth.password", env)?,
        env_token: env.non_empty("OPENCLAW_GATEWAY_TOKEN").map(str::to_owned),
        env_password: env.non_empty("OPENCLAW_GATEWAY_PASSWORD").map(str::to_owned),
        overrides: overrides.auth.clone(),
        allow_tailscale: at("/gateway/auth/allowTailscale").and_then(Value::as_bool),
        tailscale_mode: text("/gateway/tailscale/mode")
            .as_deref()
            .and_then(TailscaleMode::parse)
            .unwrap_or(TailscaleMode::Off),
        trusted_proxy,
    })
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}
