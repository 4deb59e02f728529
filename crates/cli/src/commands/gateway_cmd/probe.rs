//! `openclaw gateway probe`: connects to every gateway this machine could mean (the `--url`, the
//! configured remote, the local loopback port) as a read-only `probe` client, then reads health,
//! status, presence and config from each that answers. The report says which are reachable, what
//! the presented credentials are allowed to do, and why a read was limited.
//!
//! Bonjour discovery and SSH tunnels are not part of this build: the discovery section always
//! reports what it found on this machine, which is nothing.

mod report;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::args::GatewayProbeArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::{
    self, ClientError, ClientInfo, ConnectRequest, Credentials, READ_SCOPE, Session, World, random_uuid,
};
use crate::render;

/// One gateway the probe tries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeTarget {
    pub id: &'static str,
    pub kind: &'static str,
    pub url: String,
    /// Whether this is the gateway the CLI would use right now (the others are informational).
    pub active: bool,
}

/// What probing one target found.
#[derive(Debug, Clone, Default)]
pub struct ProbeResult {
    pub ok: bool,
    pub gateway_reached: bool,
    pub connect_latency_ms: Option<u64>,
    pub error: Option<String>,
    pub missing_scope: Option<String>,
    pub pairing_required: bool,
    pub close: Option<Value>,
    pub role: Option<String>,
    pub scopes: Vec<String>,
    pub auth_metadata: bool,
    pub verified_read: bool,
    pub server: Option<Value>,
    pub health: Option<Value>,
    pub status: Option<Value>,
    pub presence: Option<Value>,
    pub config: Option<Value>,
}

impl ProbeResult {
    pub fn reachable(&self) -> bool {
        self.ok || self.gateway_reached
    }

    /// Connected, but the read was refused for lack of `operator.read`.
    pub fn scope_limited(&self) -> bool {
        if self.ok || !self.gateway_reached {
            return false;
        }
        match &self.missing_scope {
            Some(scope) => scope == READ_SCOPE,
            None => self.error.as_deref().is_some_and(|e| e.contains("missing scope:")),
        }
    }

    pub fn capability(&self) -> &'static str {
        if self.pairing_required {
            "pairing_pending"
        } else if self.scopes.iter().any(|s| s == "operator.admin") {
            "admin_capable"
        } else if self.scopes.iter().any(|s| s == "operator.write") {
            "write_capable"
        } else if self.scopes.iter().any(|s| s == READ_SCOPE) || self.verified_read {
            "read_only"
        } else if self.connect_latency_ms.is_some() && self.auth_metadata {
            "connected_no_operator_scope"
        } else {
            "unknown"
        }
    }
}

pub fn run(ctx: &RunContext, args: &GatewayProbeArgs) -> anyhow::Result<()> {
    let explicit = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let (token, password) = (explicit(&args.token), explicit(&args.password));
    let url = explicit(&args.url);
    if url.is_some() && token.is_none() && password.is_none() {
        let message = "gateway url override requires explicit credentials\n\
                       Fix: pass --token or --password with --url.\n\
                       For the default local or SSH-tunneled Gateway, remove --url to use the configured target.";
        if args.json {
            render::json(&json!({"ok": false, "error": {"type": "gateway_credentials_required", "message": message}}));
        } else {
            eprintln!("{message}");
        }
        return Err(Failure::Silent(1).into());
    }
    let started = Instant::now();
    let config = gateway_client::world_config(ctx);
    let world = gateway_client::world(ctx, &config);
    let overall_ms = args.timeout.max(1);
    let targets = resolve_targets(&world, url.as_deref(), args.port);
    let probed: Vec<(ProbeTarget, ProbeResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = targets
            .iter()
            .map(|target| {
                let credentials = match (&token, &password) {
                    (None, None) => {
                        let (t, p) = gateway_client::probe_credentials(&world, target.kind == "configRemote");
                        Credentials { token: t, password: p, stored_device_token: None }
                    }
                    _ => Credentials { token: token.clone(), password: password.clone(), stored_device_token: None },
                };
                let budget = Duration::from_millis(budget_ms(overall_ms, target));
                scope.spawn(move || probe(&target.url, &credentials, budget))
            })
            .collect();
        targets.iter().cloned().zip(handles.into_iter().map(|h| h.join().unwrap_or_default())).collect()
    });
    let input = report::Report {
        started,
        overall_ms,
        local_loopback_url: local_url(&world, args.port),
        discovery_timeout_ms: overall_ms.min(1200),
        probed,
    };
    if args.json {
        render::json(&input.to_json());
    } else {
        for line in input.text_lines(ctx.color) {
            render::out(&line);
        }
    }
    if input.any_reachable() { Ok(()) } else { Err(Failure::Silent(1).into()) }
}

fn local_url(world: &World<'_>, port: Option<u16>) -> String {
    let port = port.unwrap_or_else(|| gateway_client::local_port(world));
    let tls = world.config.pointer("/gateway/tls/enabled").and_then(Value::as_bool) == Some(true);
    format!("{}://127.0.0.1:{port}", if tls { "wss" } else { "ws" })
}

fn ws_url(raw: Option<&str>) -> Option<String> {
    let trimmed = raw?.trim();
    (trimmed.starts_with("ws://") || trimmed.starts_with("wss://")).then(|| trimmed.to_owned())
}

/// The explicit URL, the configured remote, then local loopback; duplicates by URL dropped. With
/// `--port` alone only that local port is probed.
pub fn resolve_targets(world: &World<'_>, explicit: Option<&str>, port: Option<u16>) -> Vec<ProbeTarget> {
    let mut targets: Vec<ProbeTarget> = Vec::new();
    let mut add = |target: ProbeTarget| {
        if !targets.iter().any(|t| t.url == target.url) {
            targets.push(target);
        }
    };
    let explicit = ws_url(explicit);
    if let Some(url) = &explicit {
        add(ProbeTarget { id: "explicit", kind: "explicit", url: url.clone(), active: true });
    }
    let remote_mode = world.config.pointer("/gateway/mode").and_then(Value::as_str) == Some("remote");
    let local = ProbeTarget {
        id: "localLoopback",
        kind: "localLoopback",
        url: local_url(world, port),
        active: port.is_some() || !remote_mode,
    };
    if port.is_some() && explicit.is_none() {
        add(local);
        return targets;
    }
    if let Some(url) = ws_url(world.config.pointer("/gateway/remote/url").and_then(Value::as_str)) {
        add(ProbeTarget { id: "configRemote", kind: "configRemote", url, active: remote_mode });
    }
    add(local);
    targets
}

/// Inactive targets get a short budget so a dead fallback cannot eat the whole probe.
fn budget_ms(overall_ms: u64, target: &ProbeTarget) -> u64 {
    let budget = if target.active {
        overall_ms
    } else if target.kind == "localLoopback" {
        overall_ms.min(800)
    } else if !gateway_client::is_loopback_url(&target.url) {
        overall_ms.min(1500)
    } else {
        overall_ms
    };
    budget.max(250)
}

/// Probes one URL as a read-only `probe` client: connect, then `health`, `status`,
/// `system-presence` and `config.get`.
pub fn probe(url: &str, credentials: &Credentials, budget: Duration) -> ProbeResult {
    let started = Instant::now();
    let client = ClientInfo::cli("probe", random_uuid());
    let scopes = vec![READ_SCOPE.to_owned()];
    let connect = ConnectRequest { client: &client, role: "operator", scopes: &scopes, credentials, device: None };
    let mut out = ProbeResult::default();
    let mut session = match Session::open(url, &connect, started + budget, &gateway_client::now_ms) {
        Ok(session) => session,
        Err(err) => {
            connect_failed(&mut out, err, started);
            return out;
        }
    };
    out.gateway_reached = true;
    out.connect_latency_ms = Some(elapsed_ms(started));
    let hello = session.hello().clone();
    out.auth_metadata = hello.get("auth").is_some_and(Value::is_object);
    out.role = hello.pointer("/auth/role").and_then(Value::as_str).map(str::to_owned);
    out.scopes = hello
        .pointer("/auth/scopes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut server = json!({
        "version": hello.pointer("/server/version").and_then(Value::as_str),
    });
    if let Some(build) = hello.pointer("/server/buildId").and_then(Value::as_str) {
        server["buildId"] = json!(build);
    }
    server["connId"] = json!(hello.pointer("/server/connId").and_then(Value::as_str));
    out.server = Some(server);
    session.set_deadline(Instant::now() + budget);
    let reads = [("health", None), ("status", None), ("system-presence", None), ("config.get", Some(json!({})))];
    let answers = match session.request_all(&reads) {
        Ok(answers) => answers,
        Err(err) => {
            out.error = Some(match &err {
                ClientError::Timeout { .. } => "timeout".to_owned(),
                other => other.to_string(),
            });
            if let ClientError::Request(error) = &err {
                out.missing_scope = error
                    .details
                    .as_ref()
                    .and_then(|d| d.get("missingScope"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
            }
            session.close();
            return out;
        }
    };
    session.close();
    let mut answers = answers.into_iter();
    out.ok = true;
    out.verified_read = true;
    out.health = answers.next();
    out.status = answers.next();
    out.presence = answers.next().filter(Value::is_array);
    out.config = answers.next();
    out
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn connect_failed(out: &mut ProbeResult, err: ClientError, started: Instant) {
    match err {
        ClientError::Rejected { error, close } => {
            out.gateway_reached = true;
            out.connect_latency_ms = Some(elapsed_ms(started));
            let code = error.detail_code().unwrap_or("");
            out.pairing_required = code == "PAIRING_REQUIRED"
                || error.code == "NOT_PAIRED"
                || error.message.to_lowercase().contains("pairing required");
            out.error = Some(error.message);
            out.close = close.map(|c| json!({"code": c.code, "reason": c.reason}));
        }
        ClientError::Unreachable { reason, .. } => {
            out.error = Some(reason);
            out.close = Some(json!({"code": 1006, "reason": ""}));
        }
        ClientError::Closed { close, .. } => {
            out.error = Some(format!("gateway closed ({}): {}", close.code, close.reason));
            out.pairing_required = close.reason.to_lowercase().contains("pairing required");
            out.close = Some(json!({"code": close.code, "reason": close.reason}));
        }
        ClientError::Timeout { .. } => out.error = Some("timeout".to_owned()),
        ClientError::Request(error) => out.error = Some(error.message),
        ClientError::Protocol(message) => out.error = Some(message),
    }
}
