//! The gateway's mDNS beacon: gathers the local facts (host name, `OPENCLAW_*` overrides, whether
//! we run in a container), asks `openclaw_policy::gateway::mdns` what may be published, and
//! publishes that one `_openclaw-gw._tcp` service with an mdns-sd responder until stopped.
//!
//! What goes into the TXT record is decided in policy only; this module never adds a key.
//! Advertising never blocks gateway start-up: the responder probes and announces on its own
//! thread, and name conflicts it resolves are logged.

#[cfg(test)]
mod tests;

use std::path::Path;
use std::time::Duration;

use mdns_sd::{DaemonEvent, ServiceDaemon, ServiceInfo};
use openclaw_config::EnvMap;
use openclaw_policy::gateway::mdns::{
    Advert, AdvertFacts, MdnsMode, bonjour_disabled_by_env, machine_display_name, mdns_advert, mdns_host_label,
    parse_tcp_port,
};

/// How long `stop` waits for the responder to send its goodbye and exit; a stuck responder must
/// not hold up gateway shutdown.
const STOP_WAIT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("could not start the mDNS responder: {0}")]
    Responder(#[source] mdns_sd::Error),
    #[error("the mDNS record for {instance:?} is invalid: {source}")]
    Record {
        instance: String,
        #[source]
        source: mdns_sd::Error,
    },
    #[error("could not publish the mDNS service {instance:?}: {source}")]
    Publish {
        instance: String,
        #[source]
        source: mdns_sd::Error,
    },
}

/// What the running gateway knows about its own listener.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListenerFacts {
    pub port: u16,
    pub tls_enabled: bool,
    pub tls_fingerprint_sha256: Option<String>,
    /// The bind address is not loopback.
    pub direct_reachable: bool,
}

/// A published beacon. Dropping it withdraws the service too; `stop` is the explicit form.
pub struct Advertiser {
    daemon: Option<ServiceDaemon>,
    fullname: String,
}

impl std::fmt::Debug for Advertiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Advertiser").field("fullname", &self.fullname).finish_non_exhaustive()
    }
}

impl Advertiser {
    /// The DNS-SD name as published, e.g. `vm (OpenClaw)._openclaw-gw._tcp.local.`.
    pub fn fullname(&self) -> &str {
        &self.fullname
    }

    /// Sends the goodbye packets (so browsers drop us at once rather than after the TTL) and
    /// shuts the responder down. Blocks for at most about two seconds.
    pub fn stop(mut self) {
        self.withdraw();
    }

    fn withdraw(&mut self) {
        let Some(daemon) = self.daemon.take() else { return };
        // Shutdown is queued behind the unregister, so waiting on both keeps the goodbye on the wire.
        match daemon.unregister(&self.fullname) {
            Ok(status) => {
                let _ = status.recv_timeout(STOP_WAIT);
            }
            Err(err) => tracing::debug!("bonjour: unregister failed: {err}"),
        }
        match daemon.shutdown() {
            Ok(status) => {
                let _ = status.recv_timeout(STOP_WAIT);
            }
            Err(err) => tracing::debug!("bonjour: responder shutdown failed: {err}"),
        }
    }
}

impl Drop for Advertiser {
    fn drop(&mut self) {
        self.withdraw();
    }
}

/// Publishes `advert` on every interface, with addresses kept current as interfaces change.
pub fn start_advertiser(advert: Advert) -> Result<Advertiser, DiscoveryError> {
    let record = |source| DiscoveryError::Record { instance: advert.instance.clone(), source };
    let info =
        ServiceInfo::new(&advert.service_type, &advert.instance, &advert.host, (), advert.port, advert.txt.as_slice())
            .map_err(record)?
            .enable_addr_auto();
    let fullname = info.get_fullname().to_owned();
    let daemon = ServiceDaemon::new().map_err(DiscoveryError::Responder)?;
    match daemon.monitor() {
        Ok(events) => spawn_event_logger(events),
        Err(err) => tracing::debug!("bonjour: no responder events: {err}"),
    }
    if let Err(source) = daemon.register(info) {
        let _ = daemon.shutdown();
        return Err(DiscoveryError::Publish { instance: advert.instance, source });
    }
    tracing::debug!(
        "bonjour: starting (host={}, instance={:?}, gatewayPort={})",
        advert.host,
        advert.instance,
        advert.port
    );
    Ok(Advertiser { daemon: Some(daemon), fullname })
}

/// Decides from config, environment and host facts whether and what to publish, and publishes
/// it. `Ok(None)` means mDNS is off (by `discovery.mdns.mode`, `OPENCLAW_DISABLE_BONJOUR` or
/// because we run in a container).
pub fn start_gateway_beacon(
    mode: MdnsMode,
    env: &EnvMap,
    listener: &ListenerFacts,
) -> Result<Option<Advertiser>, DiscoveryError> {
    let disabled = bonjour_disabled_by_env(env.get("OPENCLAW_DISABLE_BONJOUR"), running_in_container(env));
    let facts = local_advert_facts(env, system_hostname().as_deref(), listener);
    match mdns_advert(mode, disabled, &facts) {
        Some(advert) => start_advertiser(advert).map(Some),
        None => Ok(None),
    }
}

/// The facts the beacon may draw on, from the environment and the host name.
///
/// `cliPath` is `OPENCLAW_CLI_PATH` or this executable (the binary is the CLI); `tailnetDns` is only
/// `OPENCLAW_TAILNET_DNS`, because asking the `tailscale` CLI would mean spawning a process here.
pub fn local_advert_facts(env: &EnvMap, system_hostname: Option<&str>, listener: &ListenerFacts) -> AdvertFacts {
    let cli_path = env
        .non_empty("OPENCLAW_CLI_PATH")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .or_else(|| std::env::current_exe().ok().map(|p| p.display().to_string()));
    AdvertFacts {
        machine_display_name: machine_display_name(system_hostname),
        host_label: mdns_host_label(env.get("OPENCLAW_MDNS_HOSTNAME"), system_hostname),
        gateway_port: listener.port,
        gateway_tls_enabled: listener.tls_enabled,
        gateway_tls_fingerprint_sha256: listener.tls_fingerprint_sha256.clone(),
        gateway_direct_reachable: listener.direct_reachable,
        ssh_port: env.get("OPENCLAW_SSH_PORT").and_then(parse_tcp_port),
        tailnet_dns: env
            .get("OPENCLAW_TAILNET_DNS")
            .map(|dns| dns.trim().trim_end_matches('.').to_owned())
            .filter(|dns| !dns.is_empty()),
        cli_path,
    }
}

/// The kernel's host name; `None` where it cannot be read.
pub fn system_hostname() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
}

/// Docker, Podman, Kubernetes, LXC or Fly.io: places where multicast rarely reaches the user's LAN.
pub fn running_in_container(env: &EnvMap) -> bool {
    if env.non_empty("FLY_MACHINE_ID").is_some() && env.non_empty("FLY_APP_NAME").is_some() {
        return true;
    }
    if ["/.dockerenv", "/run/.containerenv", "/var/run/.containerenv"].iter().any(|p| Path::new(p).exists()) {
        return true;
    }
    std::fs::read_to_string("/proc/1/cgroup").is_ok_and(|text| cgroup_names_container(&text))
}

/// Whether PID 1's cgroup paths are those of a container runtime.
fn cgroup_names_container(text: &str) -> bool {
    let followed_by = |marker: &str, ok: &dyn Fn(&str) -> bool| {
        text.match_indices(marker).any(|(at, _)| ok(&text[at + marker.len()..]))
    };
    let hex = |s: &str, n: usize| s.len() >= n && s.as_bytes()[..n].iter().all(u8::is_ascii_hexdigit);
    let word_lxc = text.match_indices("lxc").any(|(at, _)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        let after = text[at + 3..].chars().next().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        before && after
    });
    text.contains("/docker/")
        || followed_by("cri-containerd-", &|rest| hex(rest, 1))
        || followed_by("containerd/", &|rest| hex(rest, 64))
        || followed_by("/kubepods", &|rest| rest.starts_with(['/', '.']))
        || word_lxc
}

/// Logs what the responder does on its own: renames after a conflict, and errors. Ends when the
/// responder shuts down and drops its side of the channel.
fn spawn_event_logger(events: mdns_sd::Receiver<DaemonEvent>) {
    let spawned = std::thread::Builder::new().name("mdns-events".to_owned()).spawn(move || {
        while let Ok(event) = events.recv() {
            match event {
                DaemonEvent::NameChange(change) => {
                    tracing::warn!(
                        "bonjour: name conflict resolved; {:?} is now {:?}",
                        change.original,
                        change.new_name
                    )
                }
                DaemonEvent::Error(err) => tracing::warn!("bonjour: responder error: {err}"),
                _ => {}
            }
        }
    });
    if let Err(err) = spawned {
        tracing::debug!("bonjour: no event logger: {err}");
    }
}
