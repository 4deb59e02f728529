//! Where the gateway listens: `gateway.bind` (`loopback`, `lan`, `tailnet`, `auto`, `custom` with
//! `gateway.customBindHost`) turned into the addresses to bind, given this host's interface
//! addresses and whether it runs in a container (both passed in).
//!
//! Exposure is decided here and refused in [`super::auth::startup_check`]: a plan says whether it
//! stays on loopback, and any other plan needs a shared secret or trusted-proxy auth. Like
//! OpenClaw, a mode that cannot be honoured as written either narrows to loopback (`tailnet`
//! without a Tailscale address) or refuses to start (`custom` with a bad or foreign address); it
//! never widens to the wildcard address on its own.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[cfg(test)]
mod tests;

/// `gateway.bind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BindMode {
    /// 127.0.0.1 (and ::1 when available): only this host can connect.
    #[default]
    Loopback,
    /// 0.0.0.0: every IPv4 interface.
    Lan,
    /// This host's Tailscale IPv4 address (plus loopback), else loopback alone.
    Tailnet,
    /// 0.0.0.0 inside a container (so published ports work), else loopback.
    Auto,
    /// `gateway.customBindHost` (plus loopback).
    Custom,
}

impl BindMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "loopback" => Some(Self::Loopback),
            "lan" => Some(Self::Lan),
            "tailnet" => Some(Self::Tailnet),
            "auto" => Some(Self::Auto),
            "custom" => Some(Self::Custom),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Lan => "lan",
            Self::Tailnet => "tailnet",
            Self::Auto => "auto",
            Self::Custom => "custom",
        }
    }

    /// The mode when `gateway.bind` is unset: `auto` inside a container, else `loopback`; always
    /// `loopback` while Tailscale serve/funnel is on, because Serve proxies to loopback and a
    /// wider bind would bypass it.
    pub fn default_for(tailscale_exposed: bool, in_container: bool) -> Self {
        if in_container && !tailscale_exposed { Self::Auto } else { Self::Loopback }
    }
}

/// The addresses to listen on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindPlan {
    pub mode: BindMode,
    /// Every one must bind for the start to succeed; the first is the primary address that
    /// messages and status output show.
    pub addrs: Vec<IpAddr>,
    /// Bound when possible and skipped quietly otherwise (IPv6 loopback next to 127.0.0.1, since
    /// some hosts disable IPv6).
    pub optional_addrs: Vec<IpAddr>,
    /// No address reaches beyond this host.
    pub loopback_only: bool,
    /// Why the plan is narrower than the mode asked for, to log at startup.
    pub narrowed: Option<String>,
}

impl BindPlan {
    /// The primary listen address.
    pub fn primary(&self) -> IpAddr {
        self.addrs.first().copied().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
    }

    fn loopback(mode: BindMode, narrowed: Option<String>) -> Self {
        Self {
            mode,
            addrs: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
            optional_addrs: vec![IpAddr::V6(Ipv6Addr::LOCALHOST)],
            loopback_only: true,
            narrowed,
        }
    }

    fn wildcard(mode: BindMode) -> Self {
        Self {
            mode,
            addrs: vec![IpAddr::V4(Ipv4Addr::UNSPECIFIED)],
            optional_addrs: Vec::new(),
            loopback_only: false,
            narrowed: None,
        }
    }

    /// A specific IPv4 address; loopback is bound next to it so local clients (CLI, apps) keep
    /// working whatever the address is.
    fn specific(mode: BindMode, host: Ipv4Addr) -> Self {
        let mut addrs = vec![IpAddr::V4(host)];
        if !host.is_unspecified() && host != Ipv4Addr::LOCALHOST {
            addrs.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        let loopback_only = addrs.iter().all(IpAddr::is_loopback);
        Self { mode, addrs, optional_addrs: Vec::new(), loopback_only, narrowed: None }
    }
}

/// Why the gateway cannot listen as configured. Each message names the key to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("gateway.bind=custom requires gateway.customBindHost")]
    CustomHostMissing,
    #[error("gateway.bind=custom requires a valid IPv4 customBindHost (got {0})")]
    CustomHostInvalid(String),
    #[error(
        "gateway bind=custom requested {0} but no interface of this host has that address; refusing fallback (set gateway.customBindHost to one of this host's addresses)"
    )]
    CustomHostUnavailable(Ipv4Addr),
}

/// Plans the listen addresses for `mode`.
///
/// `interfaces` lists this host's interface addresses as `(name, address)`; `in_container` says
/// whether the process runs in a container (Docker, Podman, Kubernetes).
pub fn plan_bind<S: AsRef<str>>(
    mode: BindMode,
    custom_host: Option<&str>,
    interfaces: &[(S, IpAddr)],
    in_container: bool,
) -> Result<BindPlan, BindError> {
    match mode {
        BindMode::Loopback => Ok(BindPlan::loopback(mode, None)),
        BindMode::Lan => Ok(BindPlan::wildcard(mode)),
        BindMode::Auto if in_container => Ok(BindPlan::wildcard(mode)),
        BindMode::Auto => Ok(BindPlan::loopback(mode, None)),
        BindMode::Tailnet => Ok(match primary_tailnet_ipv4(interfaces) {
            Some(addr) => BindPlan::specific(mode, addr),
            None => BindPlan::loopback(
                mode,
                Some("gateway.bind=tailnet but this host has no Tailscale address (100.64.0.0/10); listening on loopback only".to_owned()),
            ),
        }),
        BindMode::Custom => {
            let host = custom_host.map(str::trim).filter(|h| !h.is_empty()).ok_or(BindError::CustomHostMissing)?;
            let addr = host.parse::<Ipv4Addr>().map_err(|_| BindError::CustomHostInvalid(host.to_owned()))?;
            // The address must be bindable: the wildcard, loopback, or one this host owns.
            let owned = addr.is_unspecified()
                || addr.is_loopback()
                || interfaces.iter().any(|(_, candidate)| candidate.to_canonical() == IpAddr::V4(addr));
            if !owned {
                return Err(BindError::CustomHostUnavailable(addr));
            }
            Ok(BindPlan::specific(mode, addr))
        }
    }
}

/// Whether `ip` is in Tailscale's address space: 100.64.0.0/10 or fd7a:115c:a1e0::/48.
pub fn is_tailnet_addr(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [first, second, ..] = v4.octets();
            first == 100 && (second & 0xc0) == 64
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            segments[0] == 0xfd7a && segments[1] == 0x115c && segments[2] == 0xa1e0
        }
    }
}

/// This host's own tailnet addresses (the first IPv4 and the first IPv6 one), which count as
/// local for device pairing; see [`super::client_ip::is_local_client`].
pub fn host_tailnet_addrs<S: AsRef<str>>(interfaces: &[(S, IpAddr)]) -> Vec<IpAddr> {
    let first = |want_v4: bool| {
        interfaces
            .iter()
            .map(|(_, addr)| addr.to_canonical())
            .find(|addr| addr.is_ipv4() == want_v4 && !addr.is_loopback() && is_tailnet_addr(*addr))
    };
    first(true).into_iter().chain(first(false)).collect()
}

fn primary_tailnet_ipv4<S: AsRef<str>>(interfaces: &[(S, IpAddr)]) -> Option<Ipv4Addr> {
    interfaces.iter().find_map(|(_, addr)| match addr.to_canonical() {
        IpAddr::V4(v4) if is_tailnet_addr(IpAddr::V4(v4)) => Some(v4),
        _ => None,
    })
}
