//! The start-up gate: where to listen (`gateway.bind` on this host's interfaces) and whether
//! the resolved auth can protect that listener. Both are `openclaw-policy` decisions; this
//! module gathers their inputs and turns a refusal into the error the CLI prints.

use std::net::IpAddr;

use openclaw_config::model::gateway::BindMode as ConfigBindMode;
use openclaw_policy::gateway::auth::{StartupContext, startup_check};
use openclaw_policy::gateway::bind::{BindMode, host_tailnet_addrs, plan_bind};
use openclaw_policy::gateway::client_ip::TrustedProxies;

use crate::error::{GatewayError, Result};
use crate::runtime::Runtime;

/// Where and how the gateway will listen.
#[derive(Debug, Clone)]
pub struct StartPlan {
    pub addrs: Vec<IpAddr>,
    /// Bound when possible (IPv6 loopback next to IPv4).
    pub optional_addrs: Vec<IpAddr>,
    pub own_tailnet_ips: Vec<IpAddr>,
    pub auth_mode: String,
}

fn policy_bind(mode: ConfigBindMode) -> BindMode {
    match mode {
        ConfigBindMode::Auto => BindMode::Auto,
        ConfigBindMode::Lan => BindMode::Lan,
        ConfigBindMode::Loopback => BindMode::Loopback,
        ConfigBindMode::Custom => BindMode::Custom,
        ConfigBindMode::Tailnet => BindMode::Tailnet,
    }
}

/// Plans the listener and runs the fail-closed start check.
pub fn startup_plan(runtime: &Runtime, interfaces: &[(String, IpAddr)], in_container: bool) -> Result<StartPlan> {
    let gateway = &runtime.config.gateway;
    let custom = gateway.custom_bind_host.map(|h| h.to_string());
    let plan = plan_bind(policy_bind(runtime.bind), custom.as_deref(), interfaces, in_container)
        .map_err(|err| GatewayError::Refused(err.to_string()))?;
    if let Some(warning) = &plan.narrowed {
        tracing::warn!("{warning}");
    }
    let trusted = TrustedProxies::parse(&gateway.trusted_proxies);
    for ignored in &trusted.ignored {
        tracing::warn!(entry = %ignored, "gateway.trustedProxies entry is neither an IP address nor a CIDR range; ignored");
    }
    let context = StartupContext {
        bind: &plan,
        port: runtime.port,
        trusted_proxies_empty: trusted.proxies.is_empty(),
        control_ui_enabled: gateway.control_ui.enabled,
        control_ui_allowed_origins: &gateway.control_ui.allowed_origins,
        allow_host_header_origin_fallback: gateway.control_ui.dangerously_allow_host_header_origin_fallback,
    };
    startup_check(&runtime.auth, &context).map_err(|refusal| GatewayError::Refused(refusal.to_string()))?;
    Ok(StartPlan {
        addrs: plan.addrs.clone(),
        optional_addrs: plan.optional_addrs.clone(),
        own_tailnet_ips: host_tailnet_addrs(interfaces),
        auth_mode: runtime.auth.mode.as_str().to_owned(),
    })
}
