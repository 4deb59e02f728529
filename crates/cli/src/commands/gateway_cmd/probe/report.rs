//! The probe's verdict in OpenClaw's shapes: the `--json` document (`ok`, `degraded`,
//! `capability`, `warnings`, `targets[]`…) and the "Gateway Status" text report.

use std::time::Instant;

use serde_json::{Value, json};

use super::{ProbeResult, ProbeTarget};
use crate::gateway_client::now_ms;
use crate::render::paint;

pub struct Report {
    pub started: Instant,
    pub overall_ms: u64,
    pub local_loopback_url: String,
    pub discovery_timeout_ms: u64,
    pub probed: Vec<(ProbeTarget, ProbeResult)>,
}

/// Strongest first: the report's capability is the best any reachable target offers.
const CAPABILITY_ORDER: [&str; 6] =
    ["admin_capable", "write_capable", "read_only", "connected_no_operator_scope", "pairing_pending", "unknown"];

const SCOPE_LIMITED: &str = "Read-probe diagnostics are limited by gateway scopes (missing operator.read). Connection succeeded, but read-only status calls are incomplete. Hint: pair device identity or use credentials with operator.read.";

const NONE_REACHABLE: &str = "No gateway answered any probe and Bonjour discovery returned no local gateways. Run `openclaw gateway status --deep --require-rpc` to inspect service state, config paths, listener owners, and logs; include `ss -ltnp` or `lsof -nP -iTCP:<port> -sTCP:LISTEN` for the configured port when filing a report.";

impl Report {
    pub fn any_reachable(&self) -> bool {
        self.probed.iter().any(|(_, r)| r.reachable())
    }

    fn capability(&self) -> &'static str {
        let found: Vec<&str> = self.probed.iter().filter(|(_, r)| r.reachable()).map(|(_, r)| r.capability()).collect();
        CAPABILITY_ORDER.into_iter().find(|c| found.contains(c)).unwrap_or("unknown")
    }

    fn primary(&self) -> Option<&'static str> {
        ["explicit", "sshTunnel", "configRemote", "localLoopback"]
            .into_iter()
            .find(|kind| self.probed.iter().any(|(t, r)| t.kind == *kind && r.reachable()))
            .and_then(|kind| self.probed.iter().find(|(t, _)| t.kind == kind).map(|(t, _)| t.id))
    }

    fn warnings(&self) -> Vec<Value> {
        let mut warnings = Vec::new();
        let reachable: Vec<&(ProbeTarget, ProbeResult)> = self.probed.iter().filter(|(_, r)| r.reachable()).collect();
        if reachable.is_empty() {
            let ids: Vec<&str> = self.probed.iter().map(|(t, _)| t.id).collect();
            warnings.push(json!({"code": "no_gateway_reachable", "message": NONE_REACHABLE, "targetIds": ids}));
        }
        if multiple_identities(&reachable) {
            let ids: Vec<&str> = reachable.iter().map(|(t, _)| t.id).collect();
            warnings.push(json!({
                "code": "multiple_gateways",
                "message": "Unconventional setup: multiple reachable gateway identities detected. Usually one gateway per network is recommended unless you intentionally run isolated profiles, like a rescue bot (see docs: /gateway#multiple-gateways-same-host).",
                "targetIds": ids,
            }));
        }
        for (target, result) in &self.probed {
            if result.scope_limited() {
                warnings
                    .push(json!({"code": "probe_scope_limited", "message": SCOPE_LIMITED, "targetIds": [target.id]}));
            }
        }
        for (target, result) in &self.probed {
            if !result.ok && result.gateway_reached && !result.scope_limited() {
                let detail = result.error.as_ref().map_or(".".to_owned(), |e| format!(": {e}"));
                warnings.push(json!({
                    "code": "probe_detail_failed",
                    "message": format!("Gateway accepted the WebSocket connection, but follow-up read diagnostics failed{detail}"),
                    "targetIds": [target.id],
                }));
            }
        }
        warnings
    }

    pub fn to_json(&self) -> Value {
        let targets: Vec<Value> = self
            .probed
            .iter()
            .map(|(target, result)| {
                json!({
                    "id": target.id,
                    "kind": target.kind,
                    "url": target.url,
                    "active": target.active,
                    "tunnel": null,
                    "connect": {
                        "ok": result.reachable(),
                        "rpcOk": result.ok,
                        "scopeLimited": result.scope_limited(),
                        "latencyMs": result.connect_latency_ms,
                        "error": result.error,
                        "close": result.close,
                    },
                    "auth": {"role": result.role, "scopes": result.scopes, "capability": result.capability()},
                    "server": result.server.clone().unwrap_or_else(|| json!({"version": null, "connId": null})),
                    "self": self_presence(result.presence.as_ref()),
                    "config": result.config.as_ref().map(config_summary),
                    "health": result.health,
                    "summary": result.status,
                    "presence": result.presence,
                })
            })
            .collect();
        json!({
            "ok": self.any_reachable(),
            "degraded": self.probed.iter().any(|(_, r)| !r.ok && r.gateway_reached),
            "capability": self.capability(),
            "ts": now_ms(),
            "durationMs": u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "timeoutMs": self.overall_ms,
            "primaryTargetId": self.primary(),
            "warnings": self.warnings(),
            "network": {"localLoopbackUrl": self.local_loopback_url, "localTailnetUrl": null, "tailnetIPv4": null},
            "discovery": {"timeoutMs": self.discovery_timeout_ms, "count": 0, "beacons": []},
            "targets": targets,
        })
    }

    pub fn text_lines(&self, color: bool) -> Vec<String> {
        let ok = self.any_reachable();
        let mut lines = vec![paint(color, "1", "Gateway Status")];
        lines.push(if ok {
            format!("{}: yes", paint(color, "32", "Reachable"))
        } else {
            format!("{}: no", paint(color, "31", "Reachable"))
        });
        lines.push(format!("{}: {}", paint(color, "36", "Capability"), self.capability().replace('_', "-")));
        lines.push(paint(color, "2", &format!("Probe budget: {}ms", self.overall_ms)));
        let warnings = self.warnings();
        if !warnings.is_empty() {
            lines.push(String::new());
            lines.push(paint(color, "33", "Warning:"));
            for warning in &warnings {
                lines.push(format!("- {}", warning["message"].as_str().unwrap_or("")));
            }
        }
        lines.push(String::new());
        lines.push(paint(color, "1", "Discovery (this machine)"));
        lines.push("Found 0 gateways via Bonjour (local.)".to_owned());
        lines.push(paint(
            color,
            "2",
            "Tip: if the gateway is remote, mDNS won’t cross networks; use Wide-Area Bonjour (split DNS) or SSH tunnels.",
        ));
        lines.push(String::new());
        lines.push(paint(color, "1", "Targets"));
        for (target, result) in &self.probed {
            let kind = match target.kind {
                "localLoopback" => "Local loopback",
                "configRemote" if target.active => "Remote (configured)",
                "configRemote" => "Remote (configured, inactive)",
                _ => "URL (explicit)",
            };
            lines.push(format!("{} {}", paint(color, "1", kind), paint(color, "2", &target.url)));
            lines.push(format!("  {}", summary_line(result, color)));
            if result.ok
                && let Some(me) = self_presence(result.presence.as_ref())
            {
                let field = |key: &str| me.get(key).and_then(Value::as_str);
                let ip = field("ip").map(|ip| format!(" ({ip})")).unwrap_or_default();
                let platform = field("platform").map(|p| format!(" · {p}")).unwrap_or_default();
                let version = field("version").map(|v| format!(" · app {v}")).unwrap_or_default();
                let host = field("host").unwrap_or("unknown");
                lines.push(format!("  {}: {host}{ip}{platform}{version}", paint(color, "36", "Gateway")));
            }
            if let Some(config) = &result.config {
                let wide_area = match config_summary(config).pointer("/discovery/wideAreaEnabled") {
                    Some(Value::Bool(true)) => "enabled",
                    Some(Value::Bool(false)) => "disabled",
                    _ => "unknown",
                };
                lines.push(format!("  {}: {wide_area}", paint(color, "36", "Wide-area discovery")));
            }
            lines.push(String::new());
        }
        lines
    }
}

fn capability_label(capability: &str) -> &'static str {
    match capability {
        "admin_capable" => "Capability: admin-capable",
        "write_capable" => "Capability: write-capable",
        "read_only" => "Capability: read-only",
        "connected_no_operator_scope" => "Capability: connect-only",
        "pairing_pending" => "Capability: pairing pending",
        _ => "Capability: unknown",
    }
}

fn summary_line(result: &ProbeResult, color: bool) -> String {
    let capability = capability_label(result.capability());
    let detail = result.error.as_ref().map(|e| format!(" - {e}")).unwrap_or_default();
    let latency = result.connect_latency_ms.map_or("unknown".to_owned(), |ms| format!("{ms}ms"));
    if result.ok {
        return format!(
            "{} ({latency}) · {capability} · {}",
            paint(color, "32", "Connect: ok"),
            paint(color, "32", "Read probe: ok")
        );
    }
    if result.gateway_reached && result.connect_latency_ms.is_some() {
        let read = if result.scope_limited() {
            paint(color, "33", "Read probe: limited")
        } else {
            paint(color, "31", "Read probe: failed")
        };
        return format!("{} ({latency}) · {capability} · {read}{detail}", paint(color, "32", "Connect: ok"));
    }
    if result.pairing_required {
        return format!("{}{detail} · {capability}", paint(color, "33", "Connect: blocked"));
    }
    format!("{}{detail} · {capability}", paint(color, "31", "Connect: failed"))
}

/// The gateway's own presence entry (mode `gateway`, reason `self`), reduced to host facts.
fn self_presence(presence: Option<&Value>) -> Option<Value> {
    let entries = presence?.as_array()?;
    let me = entries
        .iter()
        .find(|e| {
            e.get("mode").and_then(Value::as_str) == Some("gateway")
                && e.get("reason").and_then(Value::as_str) == Some("self")
        })
        .or_else(|| {
            entries.iter().find(|e| e.get("text").and_then(Value::as_str).is_some_and(|t| t.starts_with("Gateway:")))
        })?;
    let field = |key: &str| me.get(key).and_then(Value::as_str);
    let mut out =
        json!({"host": field("host"), "ip": field("ip"), "version": field("version"), "platform": field("platform")});
    for key in ["deviceId", "instanceId"] {
        if let Some(value) = field(key) {
            out[key] = json!(value);
        }
    }
    Some(out)
}

/// Two reachable targets are one gateway only if both name the same host and instance.
fn multiple_identities(reachable: &[&(ProbeTarget, ProbeResult)]) -> bool {
    if reachable.len() <= 1 {
        return false;
    }
    let keys: Vec<Option<String>> = reachable
        .iter()
        .map(|(_, r)| {
            let me = self_presence(r.presence.as_ref())?;
            let field =
                |k: &str| me.get(k).and_then(Value::as_str).map(|s| s.trim().to_lowercase()).unwrap_or_default();
            let discriminator = match (field("instanceId"), field("deviceId")) {
                (i, _) if !i.is_empty() => format!("instance:{i}"),
                (_, d) if !d.is_empty() => format!("device:{d}"),
                _ => return None,
            };
            let (host, ip) = (field("host"), field("ip"));
            (!(host.is_empty() && ip.is_empty())).then(|| format!("{host}\0{ip}\0{discriminator}"))
        })
        .collect();
    if keys.iter().any(Option::is_none) {
        return true;
    }
    keys.iter().collect::<std::collections::HashSet<_>>().len() > 1
}

fn secret_configured(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Object(o)) => o.contains_key("source") && o.contains_key("id"),
        _ => false,
    }
}

/// The parts of a `config.get` snapshot the report shows.
fn config_summary(snapshot: &Value) -> Value {
    let config = snapshot.get("config").cloned().unwrap_or(Value::Null);
    let at = |path: &str| config.pointer(path);
    let text = |path: &str| at(path).and_then(Value::as_str);
    let issues = |key: &str| -> Vec<Value> {
        snapshot
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|i| i.get("path").is_some_and(Value::is_string) && i.get("message").is_some_and(Value::is_string))
            .map(|i| json!({"path": i["path"], "message": i["message"]}))
            .collect()
    };
    let remote_url =
        text("/gateway/remote/url").map(str::trim).filter(|u| u.starts_with("ws://") || u.starts_with("wss://"));
    let port = match at("/gateway/port") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    json!({
        "path": snapshot.get("path").and_then(Value::as_str),
        "exists": snapshot.get("exists").and_then(Value::as_bool).unwrap_or(false),
        "valid": snapshot.get("valid").and_then(Value::as_bool).unwrap_or(false),
        "issues": issues("issues"),
        "legacyIssues": issues("legacyIssues"),
        "gateway": {
            "mode": text("/gateway/mode"),
            "bind": text("/gateway/bind"),
            "port": port,
            "controlUiEnabled": at("/gateway/controlUi/enabled").and_then(Value::as_bool),
            "controlUiBasePath": text("/gateway/controlUi/basePath"),
            "authMode": text("/gateway/auth/mode"),
            "authTokenConfigured": secret_configured(at("/gateway/auth/token")),
            "authPasswordConfigured": secret_configured(at("/gateway/auth/password")),
            "remoteUrl": remote_url,
            "remoteTokenConfigured": secret_configured(at("/gateway/remote/token")),
            "remotePasswordConfigured": secret_configured(at("/gateway/remote/password")),
            "tailscaleMode": text("/gateway/tailscale/mode"),
        },
        "discovery": {
            "wideAreaEnabled": text("/discovery/wideArea/domain").map(|d| !d.trim().is_empty()),
        },
    })
}
