//! What the gateway tells the local network about itself over mDNS (`_openclaw-gw._tcp`).
//!
//! Anyone on the LAN can read a Bonjour TXT record, so what goes into it is a disclosure decision:
//! `discovery.mdns.mode` is `minimal` by default (enough for apps to find and dial the gateway),
//! `full` adds `cliPath`, `sshPort` and `tailnetDns` (install layout, SSH reachability, tailnet
//! name), and `off` — or `OPENCLAW_DISABLE_BONJOUR` — publishes nothing. Names and TXT keys follow
//! OpenClaw 2026.9 so its macOS/iOS/Android apps find our gateway. The host name, environment and
//! container facts are passed in; the gateway crate publishes the returned [`Advert`].

#[cfg(test)]
mod tests;

/// The DNS-SD service type of the gateway beacon, fully qualified for the `local.` domain.
pub const GATEWAY_SERVICE_TYPE: &str = "_openclaw-gw._tcp.local.";

/// A DNS label is at most 63 bytes (RFC 1035); longer instance or host names are cut.
const MAX_DNS_LABEL_BYTES: usize = 63;

/// `discovery.mdns.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MdnsMode {
    /// Publish nothing.
    Off,
    /// Publish only what discovery needs; the default.
    #[default]
    Minimal,
    /// Also publish `cliPath`, `sshPort` and `tailnetDns`.
    Full,
}

impl MdnsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Minimal => "minimal",
            Self::Full => "full",
        }
    }
}

/// Parses a `discovery.mdns.mode` value; the config schema accepts exactly these three words.
pub fn parse_mdns_mode(raw: &str) -> Option<MdnsMode> {
    match raw {
        "off" => Some(MdnsMode::Off),
        "minimal" => Some(MdnsMode::Minimal),
        "full" => Some(MdnsMode::Full),
        _ => None,
    }
}

/// Whether the environment turns mDNS off, given `OPENCLAW_DISABLE_BONJOUR` and whether the process
/// runs in a container (`/.dockerenv`, a container cgroup, Fly.io).
///
/// A truthy value (`1`, `true`, `yes`, `on`) disables; a falsy one (`0`, `false`, `no`, `off`)
/// forces mDNS on even in a container. Anything else defers to the container check, because a
/// container's bridge network is rarely the LAN the user wants to be found on, and multicast there
/// only produces errors.
pub fn bonjour_disabled_by_env(disable_bonjour: Option<&str>, in_container: bool) -> bool {
    let normalized = disable_bonjour.map(|raw| raw.trim().to_ascii_lowercase()).unwrap_or_default();
    match normalized.as_str() {
        "1" | "true" | "yes" | "on" => true,
        "0" | "false" | "no" | "off" => false,
        _ => in_container,
    }
}

/// The host label the beacon's SRV record points at (`<label>.local.`), from
/// `OPENCLAW_MDNS_HOSTNAME` or else the system host name.
///
/// Only the first label is kept: a dotted name such as `Mac.localdomain` confuses some resolvers.
/// A system host name that is not a valid DNS label falls back to `openclaw`; an explicit
/// override is trusted as given.
pub fn mdns_host_label(override_name: Option<&str>, system_hostname: Option<&str>) -> String {
    let chosen = override_name
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| system_hostname.and_then(system_host_label))
        .unwrap_or_else(|| "openclaw".to_owned());
    let without_local = strip_local_suffix(&chosen);
    let first = without_local.split('.').next().unwrap_or_default().trim();
    truncate_to_dns_label(if first.is_empty() { "openclaw" } else { first }, "openclaw")
}

/// The user-facing machine name on hosts without a configured "computer name": the host name
/// without a `.local` suffix, or `openclaw`.
pub fn machine_display_name(system_hostname: Option<&str>) -> String {
    let trimmed = system_hostname.map(str::trim).unwrap_or_default();
    let name = strip_local_suffix(trimmed);
    if name.is_empty() { "openclaw".to_owned() } else { name.to_owned() }
}

/// Everything the beacon may say about this gateway; `mdns_advert` decides what it does say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvertFacts {
    /// See [`machine_display_name`].
    pub machine_display_name: String,
    /// See [`mdns_host_label`].
    pub host_label: String,
    pub gateway_port: u16,
    pub gateway_tls_enabled: bool,
    pub gateway_tls_fingerprint_sha256: Option<String>,
    /// True when the gateway binds beyond loopback, so LAN clients may dial it directly.
    pub gateway_direct_reachable: bool,
    /// `OPENCLAW_SSH_PORT`; full mode advertises 22 when unset.
    pub ssh_port: Option<u16>,
    pub tailnet_dns: Option<String>,
    pub cli_path: Option<String>,
}

/// One DNS-SD service to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advert {
    /// Always [`GATEWAY_SERVICE_TYPE`].
    pub service_type: String,
    /// The instance label, e.g. `vm (OpenClaw)`.
    pub instance: String,
    /// The SRV target, e.g. `vm.local.`.
    pub host: String,
    pub port: u16,
    /// TXT entries in publication order.
    pub txt: Vec<(String, String)>,
}

impl Advert {
    pub fn txt_value(&self, key: &str) -> Option<&str> {
        self.txt.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The beacon to publish, or `None` when mDNS is off by config or environment.
///
/// Minimal mode leaves out `cliPath` (reveals the user name and install layout), `sshPort`
/// (advertises a management port) and `tailnetDns` (names the host on the tailnet); clients that
/// need them ask over the authenticated WebSocket instead.
pub fn mdns_advert(mode: MdnsMode, disabled_by_env: bool, facts: &AdvertFacts) -> Option<Advert> {
    let full = match mode {
        MdnsMode::Off => return None,
        _ if disabled_by_env => return None,
        MdnsMode::Minimal => false,
        MdnsMode::Full => true,
    };
    let instance_name = bonjour_instance_name(&facts.machine_display_name);
    let mut txt = vec![
        entry("role", "gateway"),
        entry("gatewayPort", &facts.gateway_port.to_string()),
        entry("lanHost", &format!("{}.local", facts.host_label)),
        entry("displayName", &prettify_instance_name(&instance_name)),
    ];
    if facts.gateway_tls_enabled {
        txt.push(entry("gatewayTls", "1"));
        if let Some(fingerprint) = facts.gateway_tls_fingerprint_sha256.as_deref().filter(|f| !f.is_empty()) {
            txt.push(entry("gatewayTlsSha256", fingerprint));
        }
    }
    if facts.gateway_direct_reachable {
        txt.push(entry("gatewayDirectReachable", "1"));
    }
    if full {
        if let Some(dns) = non_blank(facts.tailnet_dns.as_deref()) {
            txt.push(entry("tailnetDns", dns));
        }
        if let Some(path) = non_blank(facts.cli_path.as_deref()) {
            txt.push(entry("cliPath", path));
        }
    }
    txt.push(entry("transport", "gateway"));
    if full {
        txt.push(entry("sshPort", &facts.ssh_port.unwrap_or(22).to_string()));
    }
    Some(Advert {
        service_type: GATEWAY_SERVICE_TYPE.to_owned(),
        instance: service_instance_label(&instance_name),
        host: format!("{}.local.", facts.host_label),
        port: facts.gateway_port,
        txt,
    })
}

/// `vm` becomes `vm (OpenClaw)`; a name that already says OpenClaw is kept, so users can pick the
/// label apps show.
fn bonjour_instance_name(machine_name: &str) -> String {
    let trimmed = machine_name.trim();
    if trimmed.is_empty() {
        "OpenClaw".to_owned()
    } else if trimmed.to_lowercase().contains("openclaw") {
        trimmed.to_owned()
    } else {
        format!("{trimmed} (OpenClaw)")
    }
}

/// The TXT `displayName`: the instance name with whitespace collapsed and the ` (OpenClaw)` tag
/// removed, since apps already group beacons under OpenClaw.
fn prettify_instance_name(instance_name: &str) -> String {
    let normalized = instance_name.split_whitespace().collect::<Vec<_>>().join(" ");
    let stripped = strip_suffix_ignore_ascii_case(&normalized, " (OpenClaw)").trim();
    if stripped.is_empty() { normalized } else { stripped.to_owned() }
}

fn service_instance_label(instance_name: &str) -> String {
    let trimmed = instance_name.trim();
    if trimmed.is_empty() { "OpenClaw".to_owned() } else { truncate_to_dns_label(trimmed, "OpenClaw") }
}

/// The first label of a system host name, if it is a valid DNS label (letters, digits, inner
/// hyphens, at most 63 bytes).
fn system_host_label(hostname: &str) -> Option<String> {
    let trimmed = hostname.trim();
    let label = strip_local_suffix(trimmed).split('.').next().unwrap_or_default().trim();
    let bytes = label.as_bytes();
    let valid = !bytes.is_empty()
        && bytes.len() <= MAX_DNS_LABEL_BYTES
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
    valid.then(|| label.to_owned())
}

/// Cuts a name to 63 bytes on a character boundary, dropping hyphens the cut leaves dangling.
fn truncate_to_dns_label(name: &str, fallback: &str) -> String {
    if name.len() <= MAX_DNS_LABEL_BYTES {
        return name.to_owned();
    }
    let mut end = MAX_DNS_LABEL_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let cut = name[..end].trim_end_matches('-').trim();
    if cut.is_empty() { fallback.to_owned() } else { cut.to_owned() }
}

fn strip_local_suffix(name: &str) -> &str {
    strip_suffix_ignore_ascii_case(name, ".local")
}

fn strip_suffix_ignore_ascii_case<'a>(name: &'a str, suffix: &str) -> &'a str {
    match name.len().checked_sub(suffix.len()) {
        Some(at) if name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(suffix) => &name[..at],
        _ => name,
    }
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn entry(key: &str, value: &str) -> (String, String) {
    (key.to_owned(), value.to_owned())
}

/// A TCP port as TXT records and `OPENCLAW_SSH_PORT` spell it: an optional `+`, digits,
/// 1–65535.
pub fn parse_tcp_port(raw: &str) -> Option<u16> {
    let trimmed = raw.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u16>().ok().filter(|port| *port > 0)
}
