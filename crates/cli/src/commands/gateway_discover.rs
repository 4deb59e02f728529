//! `openclaw gateway discover`: browses the local network for `_openclaw-gw._tcp` beacons and
//! prints what each says (text, or `--json` in OpenClaw's shape: `timeoutMs`, `domains`, `count`,
//! `beacons[]` with `wsUrl`).
//!
//! OpenClaw shells out to `dns-sd` or `avahi-browse`; we browse with mdns-sd directly, so the
//! command works without an mDNS daemon on the host. Only the `local.` domain is browsed: unicast
//! DNS-SD for `discovery.wideArea.domain` is not implemented. A beacon is shown as published; it
//! proves nothing about who runs it, so connecting still needs the gateway's token and pairing.

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use mdns_sd::{ResolvedService, ServiceDaemon, ServiceEvent};
use openclaw_policy::gateway::mdns::{GATEWAY_SERVICE_TYPE, parse_tcp_port};
use serde::Serialize;
use serde_json::json;

use crate::context::RunContext;
use crate::render::{self, paint};

/// `--timeout` when not given, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 2000;

/// The only domain browsed.
const LOCAL_DOMAIN: &str = "local.";

/// One gateway beacon as the browser saw it. Field order is the JSON order of OpenClaw's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredGateway {
    pub instance_name: String,
    pub display_name: String,
    /// The SRV target, e.g. `vm.local`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The SRV port: where the gateway listens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The TXT record as received, in record order.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "txt_as_object")]
    pub txt: Option<Vec<(String, String)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lan_host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tailnet_dns: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cli_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_tls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_tls_fingerprint_sha256: Option<String>,
    pub domain: String,
}

impl DiscoveredGateway {
    /// Reads a beacon the way OpenClaw does: `key=value` entries with keys and values trimmed, a
    /// later duplicate replacing an earlier one, entries without `=` ignored.
    pub fn from_record(fullname: &str, host: &str, port: u16, txt: &[(String, Option<String>)]) -> Self {
        let instance_name = instance_from_fullname(fullname);
        let mut entries: Vec<(String, String)> = Vec::new();
        for (key, value) in txt {
            let (key, Some(value)) = (key.trim(), value) else { continue };
            if key.is_empty() {
                continue;
            }
            let value = value.trim().to_owned();
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
        let host = host.trim().trim_end_matches('.');
        Self {
            display_name: get("displayName").unwrap_or_else(|| instance_name.clone()),
            instance_name,
            host: (!host.is_empty()).then(|| host.to_owned()),
            port: Some(port),
            lan_host: get("lanHost"),
            tailnet_dns: get("tailnetDns"),
            cli_path: get("cliPath"),
            role: get("role"),
            transport: get("transport"),
            gateway_port: get("gatewayPort").as_deref().and_then(parse_tcp_port),
            ssh_port: get("sshPort").as_deref().and_then(parse_tcp_port),
            gateway_tls: get("gatewayTls").map(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes")),
            gateway_tls_fingerprint_sha256: get("gatewayTlsSha256"),
            txt: (!entries.is_empty()).then_some(entries),
            domain: LOCAL_DOMAIN.to_owned(),
        }
    }

    fn from_resolved(svc: &ResolvedService) -> Self {
        let txt: Vec<(String, Option<String>)> = svc
            .get_properties()
            .iter()
            .map(|p| (p.key().to_owned(), p.val().map(|v| String::from_utf8_lossy(v).into_owned())))
            .collect();
        Self::from_record(svc.get_fullname(), svc.get_hostname(), svc.get_port(), &txt)
    }

    /// `ws://host:port`, or `wss://` when the beacon says TLS; `None` without a usable host.
    pub fn ws_url(&self) -> Option<String> {
        let host = self.host.as_deref().filter(|h| !h.is_empty())?;
        let port = self.port.filter(|p| *p > 0)?;
        let scheme = if self.gateway_tls == Some(true) { "wss" } else { "ws" };
        Some(format!("{scheme}://{host}:{port}"))
    }

    fn title(&self) -> &str {
        [self.display_name.trim(), self.instance_name.trim()].into_iter().find(|t| !t.is_empty()).unwrap_or("Gateway")
    }
}

/// Parses `--timeout <ms>`: a positive whole number of milliseconds.
pub fn parse_timeout_ms(raw: &str) -> Result<u64, String> {
    let trimmed = raw.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let parsed = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<u64>().ok())
        .flatten()
        .filter(|ms| *ms > 0);
    parsed.ok_or_else(|| {
        let received = if trimmed.is_empty() { String::new() } else { format!(" Received: \"{trimmed}\".") };
        format!("Invalid --timeout. Use a positive millisecond value, e.g. --timeout 30000.{received}")
    })
}

/// Browses `local.` for `timeout` and returns each gateway once, sorted by name. A gateway that
/// says goodbye during the browse is left out.
pub fn discover(timeout: Duration) -> anyhow::Result<Vec<DiscoveredGateway>> {
    let daemon = ServiceDaemon::new().context("cannot start the mDNS browser")?;
    let events = daemon.browse(GATEWAY_SERVICE_TYPE).context("cannot browse for gateways over mDNS")?;
    // Capped so an absurd --timeout cannot overflow the clock arithmetic.
    let deadline = Instant::now() + timeout.min(Duration::from_secs(24 * 60 * 60));
    // Keyed by DNS-SD full name: a later resolution (e.g. changed TXT) replaces the earlier one.
    let mut seen: Vec<(String, DiscoveredGateway)> = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(svc)) => {
                let beacon = DiscoveredGateway::from_resolved(&svc);
                let name = svc.get_fullname().to_owned();
                match seen.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = beacon,
                    None => seen.push((name, beacon)),
                }
            }
            Ok(ServiceEvent::ServiceRemoved(_, name)) => seen.retain(|(n, _)| *n != name),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = daemon.stop_browse(GATEWAY_SERVICE_TYPE);
    if let Ok(done) = daemon.shutdown() {
        let _ = done.recv_timeout(Duration::from_millis(500));
    }
    Ok(dedupe_and_sort(seen.into_iter().map(|(_, beacon)| beacon).collect()))
}

/// Drops beacons that look the same (same domain, names, host and ports) and sorts by the name
/// shown.
pub fn dedupe_and_sort(beacons: Vec<DiscoveredGateway>) -> Vec<DiscoveredGateway> {
    let mut out: Vec<DiscoveredGateway> = Vec::new();
    for beacon in beacons {
        let key = |b: &DiscoveredGateway| {
            (b.domain.clone(), b.instance_name.clone(), b.display_name.clone(), b.host.clone(), b.port, b.gateway_port)
        };
        if !out.iter().any(|o| key(o) == key(&beacon)) {
            out.push(beacon);
        }
    }
    // Approximates OpenClaw's `localeCompare`: case-insensitive first, then lowercase before
    // uppercase (the reverse of byte order).
    out.sort_by(|a, b| {
        let (a, b) = (a.title(), b.title());
        a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| b.cmp(a))
    });
    out
}

/// The `--json` document.
pub fn render_json(timeout_ms: u64, beacons: &[DiscoveredGateway]) -> serde_json::Value {
    let enriched: Vec<serde_json::Value> = beacons
        .iter()
        .map(|beacon| {
            let mut value = serde_json::to_value(beacon).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("wsUrl".to_owned(), beacon.ws_url().map_or(serde_json::Value::Null, Into::into));
            }
            value
        })
        .collect();
    json!({
        "timeoutMs": timeout_ms,
        "domains": [LOCAL_DOMAIN],
        "count": enriched.len(),
        "beacons": enriched,
    })
}

/// The human report, one line per element.
pub fn render_text(beacons: &[DiscoveredGateway], color: bool) -> Vec<String> {
    let mut lines = vec![
        paint(color, "1", "Gateway Discovery"),
        paint(color, "2", &format!("Found {} gateway(s) · domains: {LOCAL_DOMAIN}", beacons.len())),
    ];
    for beacon in beacons {
        lines.extend(beacon_lines(beacon, color));
    }
    lines
}

fn beacon_lines(beacon: &DiscoveredGateway, color: bool) -> Vec<String> {
    let label = |text: &str| paint(color, "2", text);
    let info = |text: &str| paint(color, "36", text);
    let mut lines = vec![format!("- {} {}", paint(color, "1;36", beacon.title()), label(&beacon.domain))];
    for (name, value) in [("tailnet", &beacon.tailnet_dns), ("lan", &beacon.lan_host), ("host", &beacon.host)] {
        if let Some(value) = value {
            lines.push(format!("  {}: {value}", info(name)));
        }
    }
    let ws_url = beacon.ws_url();
    if let Some(url) = &ws_url {
        lines.push(format!("  {}: {}", label("ws"), paint(color, "32", url)));
    }
    for (name, value) in [("role", &beacon.role), ("transport", &beacon.transport)] {
        if let Some(value) = value {
            lines.push(format!("  {}: {value}", label(name)));
        }
    }
    if beacon.gateway_tls == Some(true) {
        let tls = match &beacon.gateway_tls_fingerprint_sha256 {
            Some(fingerprint) => format!("sha256 {fingerprint}"),
            None => "enabled".to_owned(),
        };
        lines.push(format!("  {}: {tls}", label("tls")));
    }
    // Only a beacon published in full mode carries sshPort; then a tunnel is the usual way in.
    if let (Some(host), Some(port), Some(ssh_port), Some(_)) = (&beacon.host, beacon.port, beacon.ssh_port, &ws_url) {
        let ssh = format!("ssh -N -L 18789:127.0.0.1:{port} <user>@{host} -p {ssh_port}");
        lines.push(format!("  {}: {}", label("ssh"), paint(color, "32", &ssh)));
    }
    lines
}

/// Runs the command: browse, then print text or JSON. `timeout` is the raw `--timeout` value,
/// parsed here so a bad one fails like any other command error (exit 1), as in OpenClaw.
pub fn run(ctx: &RunContext, timeout: Option<&str>, json: bool) -> anyhow::Result<()> {
    let timeout_ms =
        timeout.map(parse_timeout_ms).transpose().map_err(anyhow::Error::msg)?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let beacons = discover(Duration::from_millis(timeout_ms))?;
    if json {
        render::json(&render_json(timeout_ms, &beacons));
    } else {
        for line in render_text(&beacons, ctx.color) {
            render::out(&line);
        }
    }
    Ok(())
}

/// The instance label of a DNS-SD full name, with mdns-sd's `\.` and `\\` escapes undone.
fn instance_from_fullname(fullname: &str) -> String {
    let suffix = format!(".{GATEWAY_SERVICE_TYPE}");
    let escaped = match fullname.len().checked_sub(suffix.len()) {
        Some(at) if fullname.is_char_boundary(at) && fullname[at..].eq_ignore_ascii_case(&suffix) => &fullname[..at],
        _ => fullname.trim_end_matches('.'),
    };
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('.' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

fn txt_as_object<S: serde::Serializer>(txt: &Option<Vec<(String, String)>>, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let entries = txt.as_deref().unwrap_or_default();
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}
