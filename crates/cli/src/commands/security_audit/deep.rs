//! `--deep`: a live probe of the configured gateway over its WebSocket protocol (OpenClaw
//! protocol 3: `connect.challenge` event, `connect` request, `hello-ok`, then one `health`
//! read), plus the static plugin and skill scans.
//!
//! The probe answers three questions: is the gateway reachable, does it require auth, and are
//! the configured (or `--token/--password`) credentials accepted. It is a small blocking client
//! with a 5 s budget per connection; nothing here writes anything.

use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use openclaw_policy::audit::facts::{AuditFacts, DeepFacts, GatewayProbe, ProbeClose};
use openclaw_policy::audit::gateway_auth::{self, SecretInput};
use openclaw_policy::audit::tree;
use serde_json::{Value, json};
use tungstenite::protocol::CloseFrame;
use tungstenite::{Message, WebSocket};

use super::scan;
use crate::context::RunContext;

pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_PORT: u16 = 18789;

pub fn run(ctx: &RunContext, facts: &AuditFacts, token: Option<&str>, password: Option<&str>) -> DeepFacts {
    let url = gateway_url(ctx, &facts.config);
    let (credentials, auth_warning) = probe_credentials(facts, token, password);
    let gateway = probe(&url, &credentials, PROBE_TIMEOUT);
    DeepFacts { gateway, auth_warning, code_scans: scan::scans(ctx, facts) }
}

/// `ws://127.0.0.1:<gateway.port|OPENCLAW_GATEWAY_PORT|18789>` (or `gateway.remote.url` in
/// remote mode; `wss` when the gateway serves TLS).
pub fn gateway_url(ctx: &RunContext, cfg: &Value) -> String {
    if tree::str_at(cfg, "gateway.mode") == Some("remote")
        && let Some(remote) = tree::trimmed(tree::at(cfg, "gateway.remote.url"))
    {
        return remote.to_owned();
    }
    let port = tree::at(cfg, "gateway.port")
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok())
        .or_else(|| ctx.load.process_env.non_empty("OPENCLAW_GATEWAY_PORT").and_then(|p| p.trim().parse().ok()))
        .or(ctx.locations.profile_port)
        .unwrap_or(DEFAULT_PORT);
    let scheme = if tree::is_true(cfg, "gateway.tls.enabled") { "wss" } else { "ws" };
    format!("{scheme}://127.0.0.1:{port}")
}

/// Credentials the probe sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeCredentials {
    pub token: Option<String>,
    pub password: Option<String>,
}

impl ProbeCredentials {
    fn is_empty(&self) -> bool {
        self.token.is_none() && self.password.is_none()
    }
}

/// Explicit `--token/--password`, else the configured gateway auth; a SecretRef this process
/// cannot read yields a warning instead.
fn probe_credentials(
    facts: &AuditFacts,
    token: Option<&str>,
    password: Option<&str>,
) -> (ProbeCredentials, Option<String>) {
    let explicit = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    if token.is_some() || password.is_some() {
        return (ProbeCredentials { token: explicit(token), password: explicit(password) }, None);
    }
    let resolved = gateway_auth::resolve(facts, false);
    let mut warning = None;
    let mut creds = ProbeCredentials::default();
    match resolved.mode.as_str() {
        "token" => {
            creds.token = resolved.token.clone();
            if creds.token.is_none() && gateway_auth::secret_input(facts, "gateway.auth.token") == SecretInput::Opaque {
                warning = Some(
                    "gateway.auth.token is a SecretRef this audit cannot resolve; the probe ran without it.".to_owned(),
                );
            }
        }
        "password" => {
            creds.password = resolved.password.clone();
            if creds.password.is_none()
                && gateway_auth::secret_input(facts, "gateway.auth.password") == SecretInput::Opaque
            {
                warning = Some(
                    "gateway.auth.password is a SecretRef this audit cannot resolve; the probe ran without it."
                        .to_owned(),
                );
            }
        }
        _ => {}
    }
    (creds, warning)
}

/// How one connect attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Attempt {
    /// `hello-ok` and a successful `health` read.
    Accepted,
    /// The gateway answered but refused the connect (auth, pairing, protocol): error and close.
    Refused { error: String, auth: bool, close: Option<ProbeClose> },
    /// The gateway was not reached or the exchange broke.
    Failed { error: String, close: Option<ProbeClose> },
}

/// Probes `url`: with credentials first, then (when they were accepted) without, to learn
/// whether the gateway requires auth at all.
pub fn probe(url: &str, credentials: &ProbeCredentials, timeout: Duration) -> GatewayProbe {
    let mut out = GatewayProbe { attempted: true, url: url.to_owned(), ..GatewayProbe::default() };
    match connect_once(url, credentials, timeout) {
        Attempt::Accepted => {
            out.ok = true;
            if credentials.is_empty() {
                out.auth_required = Some(false);
            } else {
                out.auth_accepted = Some(true);
                out.auth_required = match connect_once(url, &ProbeCredentials::default(), timeout) {
                    Attempt::Accepted => Some(false),
                    Attempt::Refused { auth: true, .. } => Some(true),
                    _ => None,
                };
            }
        }
        Attempt::Refused { error, auth, close } => {
            out.error = Some(error);
            out.close = close;
            if auth {
                if credentials.is_empty() {
                    out.auth_required = Some(true);
                } else {
                    out.auth_accepted = Some(false);
                    out.auth_required = Some(true);
                }
            }
        }
        Attempt::Failed { error, close } => {
            out.error = Some(error);
            out.close = close;
        }
    }
    out
}

/// `host:port` of a ws URL.
fn authority(url: &str) -> Option<(String, u16, bool)> {
    let (scheme, rest) = url.split_once("://")?;
    let tls = match scheme.to_ascii_lowercase().as_str() {
        "ws" => false,
        "wss" => true,
        _ => return None,
    };
    let host_port = rest.split(['/', '?', '#']).next()?;
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
            (h.trim_matches(['[', ']']).to_owned(), p.parse().ok()?)
        }
        _ => (host_port.trim_matches(['[', ']']).to_owned(), if tls { 443 } else { 80 }),
    };
    Some((host, port, tls))
}

fn abnormal_close() -> Option<ProbeClose> {
    Some(ProbeClose { code: 1006, reason: String::new() })
}

fn connect_once(url: &str, credentials: &ProbeCredentials, timeout: Duration) -> Attempt {
    let deadline = Instant::now() + timeout;
    let Some((host, port, tls)) = authority(url) else {
        return Attempt::Failed { error: format!("invalid gateway URL {url}"), close: None };
    };
    if tls {
        return Attempt::Failed {
            error: "wss:// gateways cannot be probed yet (TLS is not built in)".to_owned(),
            close: None,
        };
    }
    let addrs: Vec<_> = match (host.as_str(), port).to_socket_addrs() {
        Ok(addrs) => addrs.collect(),
        Err(err) => return Attempt::Failed { error: format!("getaddrinfo {host}: {err}"), close: abnormal_close() },
    };
    let mut last_error = format!("connect failed: {host}:{port}");
    let mut stream = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(err) if err.kind() == ErrorKind::ConnectionRefused => {
                last_error = format!("connect ECONNREFUSED {addr}")
            }
            Err(err) if err.kind() == ErrorKind::TimedOut => last_error = "timeout".to_owned(),
            Err(err) => last_error = format!("connect failed: {err}"),
        }
    }
    let Some(stream) = stream else { return Attempt::Failed { error: last_error, close: abnormal_close() } };
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let _ = stream.set_nodelay(true);
    let mut socket = match tungstenite::client(url, stream) {
        Ok((socket, _)) => socket,
        Err(err) => {
            return Attempt::Failed { error: format!("websocket handshake failed: {err}"), close: abnormal_close() };
        }
    };
    let result = exchange(&mut socket, credentials, deadline);
    let _ = socket.close(None);
    let _ = socket.flush();
    result
}

fn closed(frame: Option<&CloseFrame>) -> Option<ProbeClose> {
    frame.map(|f| ProbeClose { code: u16::from(f.code), reason: f.reason.to_string() })
}

enum Next {
    Frame(Value),
    Closed(Option<ProbeClose>),
    Error(String),
}

fn next_frame(socket: &mut WebSocket<TcpStream>, deadline: Instant) -> Next {
    loop {
        if Instant::now() >= deadline {
            return Next::Error("timeout".to_owned());
        }
        match socket.read() {
            Ok(Message::Text(text)) => match serde_json::from_str::<Value>(text.as_str()) {
                Ok(value) => return Next::Frame(value),
                Err(_) => continue,
            },
            Ok(Message::Close(frame)) => return Next::Closed(closed(frame.as_ref())),
            Ok(_) => continue,
            Err(tungstenite::Error::Io(err)) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Next::Error("timeout".to_owned());
            }
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                return Next::Closed(abnormal_close());
            }
            Err(err) => return Next::Error(err.to_string()),
        }
    }
}

fn connect_params(credentials: &ProbeCredentials) -> Value {
    let mut params = json!({
        "minProtocol": 3,
        "maxProtocol": 3,
        "client": {
            "id": "cli",
            "version": env!("CARGO_PKG_VERSION"),
            "platform": std::env::consts::OS,
            "mode": "probe",
        },
        "role": "operator",
        "scopes": ["operator.read"],
    });
    let mut auth = serde_json::Map::new();
    if let Some(token) = &credentials.token {
        auth.insert("token".to_owned(), json!(token));
    }
    if let Some(password) = &credentials.password {
        auth.insert("password".to_owned(), json!(password));
    }
    if !auth.is_empty() {
        params["auth"] = Value::Object(auth);
    }
    params
}

/// Whether a refused connect means "not without credentials": a shared-secret failure
/// (`AUTH_*`), or a demand for a paired device identity, which is what the gateway answers a
/// client that brings no shared secret at all.
fn is_auth_refusal(error: &Value) -> bool {
    let code = error.pointer("/details/code").and_then(Value::as_str).unwrap_or("");
    let message = error.get("message").and_then(Value::as_str).unwrap_or("").to_lowercase();
    code.starts_with("AUTH_")
        || code.starts_with("DEVICE_")
        || matches!(code, "PAIRING_REQUIRED" | "NOT_PAIRED")
        || message.contains("unauthorized")
        || message.contains("device identity required")
}

fn error_text(error: &Value) -> String {
    let message = error.get("message").and_then(Value::as_str).unwrap_or("request failed");
    match error.pointer("/details/code").and_then(Value::as_str) {
        Some(code) => format!("{message} ({code})"),
        None => message.to_owned(),
    }
}

fn send(socket: &mut WebSocket<TcpStream>, frame: &Value) -> Result<(), String> {
    socket.send(Message::text(frame.to_string())).map_err(|e| e.to_string())
}

/// Waits for the response to request `id`, skipping events.
fn response(socket: &mut WebSocket<TcpStream>, id: &str, deadline: Instant) -> Result<Value, Attempt> {
    loop {
        match next_frame(socket, deadline) {
            Next::Frame(frame)
                if frame.get("type").and_then(Value::as_str) == Some("res")
                    && frame.get("id").and_then(Value::as_str) == Some(id) =>
            {
                return Ok(frame);
            }
            Next::Frame(_) => continue,
            Next::Closed(close) => {
                let reason = close.as_ref().map(|c| c.reason.clone()).filter(|r| !r.is_empty());
                let code = close.as_ref().map_or(1006, |c| c.code);
                let error = match reason {
                    Some(reason) => format!("gateway closed ({code}): {reason}"),
                    None => format!("gateway closed ({code})"),
                };
                let auth = close.as_ref().is_some_and(|c| c.reason.to_lowercase().contains("auth"));
                return Err(if code == 1006 {
                    Attempt::Failed { error, close }
                } else {
                    Attempt::Refused { error, auth, close }
                });
            }
            Next::Error(error) => return Err(Attempt::Failed { error, close: None }),
        }
    }
}

fn exchange(socket: &mut WebSocket<TcpStream>, credentials: &ProbeCredentials, deadline: Instant) -> Attempt {
    // The server speaks first; a gateway that does not send the challenge is not OpenClaw's.
    match next_frame(socket, deadline) {
        Next::Frame(frame) if frame.get("event").and_then(Value::as_str) == Some("connect.challenge") => {}
        Next::Frame(_) => {
            return Attempt::Failed { error: "unexpected first frame (no connect.challenge)".to_owned(), close: None };
        }
        Next::Closed(close) => {
            return Attempt::Failed { error: "gateway closed before the challenge".to_owned(), close };
        }
        Next::Error(error) => return Attempt::Failed { error, close: None },
    }
    let connect =
        json!({"type": "req", "id": "probe-connect", "method": "connect", "params": connect_params(credentials)});
    if let Err(error) = send(socket, &connect) {
        return Attempt::Failed { error, close: abnormal_close() };
    }
    let hello = match response(socket, "probe-connect", deadline) {
        Ok(frame) => frame,
        Err(attempt) => return attempt,
    };
    if hello.get("ok").and_then(Value::as_bool) != Some(true) {
        let error = hello.get("error").cloned().unwrap_or(Value::Null);
        let close = match next_frame(socket, deadline) {
            Next::Closed(close) => close,
            _ => None,
        };
        return Attempt::Refused { error: error_text(&error), auth: is_auth_refusal(&error), close };
    }
    let health = json!({"type": "req", "id": "probe-health", "method": "health"});
    if let Err(error) = send(socket, &health) {
        return Attempt::Failed { error, close: abnormal_close() };
    }
    match response(socket, "probe-health", deadline) {
        Ok(frame) if frame.get("ok").and_then(Value::as_bool) == Some(true) => Attempt::Accepted,
        Ok(frame) => {
            let error = frame.get("error").cloned().unwrap_or(Value::Null);
            Attempt::Refused { error: error_text(&error), auth: is_auth_refusal(&error), close: None }
        }
        Err(attempt) => attempt,
    }
}
