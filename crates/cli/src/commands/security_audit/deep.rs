//! `--deep`: a live probe of the configured gateway over its WebSocket protocol (OpenClaw
//! protocol 3: `connect.challenge` event, `connect` request, `hello-ok`, then one `health`
//! read), plus the static plugin and skill scans.
//!
//! The probe answers three questions: is the gateway reachable, does it require auth, and are
//! the configured (or `--token/--password`) credentials accepted. It uses the CLI's gateway
//! client with a 5 s budget per connection; nothing here writes anything.

use std::time::{Duration, Instant};

use openclaw_policy::audit::facts::{AuditFacts, DeepFacts, GatewayProbe, ProbeClose};
use openclaw_policy::audit::gateway_auth::{self, SecretInput};
use openclaw_policy::audit::tree;
use serde_json::Value;

use super::scan;
use crate::context::RunContext;
use crate::gateway_client::{
    ClientError, ClientInfo, Close, ConnectRequest, Credentials, READ_SCOPE, RequestError, Session, local_port, now_ms,
    random_uuid, world,
};

pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

pub fn run(ctx: &RunContext, facts: &AuditFacts, token: Option<&str>, password: Option<&str>) -> DeepFacts {
    let url = gateway_url(ctx, &facts.config);
    let (credentials, auth_warning) = probe_credentials(facts, token, password);
    let gateway = probe(&url, &credentials, PROBE_TIMEOUT);
    DeepFacts { gateway, auth_warning, code_scans: scan::scans(ctx, facts) }
}

/// `ws://127.0.0.1:<port>` with the port resolved as every gateway command resolves it (or
/// `gateway.remote.url` in remote mode; `wss` when the gateway serves TLS).
pub fn gateway_url(ctx: &RunContext, cfg: &Value) -> String {
    if tree::str_at(cfg, "gateway.mode") == Some("remote")
        && let Some(remote) = tree::trimmed(tree::at(cfg, "gateway.remote.url"))
    {
        return remote.to_owned();
    }
    let port = local_port(&world(ctx, cfg));
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

fn abnormal_close() -> Option<ProbeClose> {
    Some(ProbeClose { code: 1006, reason: String::new() })
}

fn probe_close(close: Close) -> ProbeClose {
    ProbeClose { code: close.code, reason: close.reason }
}

/// One connect (as a read-only `probe` client, no device identity) plus a `health` read, over
/// the CLI's shared gateway client.
fn connect_once(url: &str, credentials: &ProbeCredentials, timeout: Duration) -> Attempt {
    let deadline = Instant::now() + timeout;
    let client = ClientInfo::cli("probe", random_uuid());
    let scopes = vec![READ_SCOPE.to_owned()];
    let credentials = Credentials {
        token: credentials.token.clone(),
        password: credentials.password.clone(),
        stored_device_token: None,
    };
    let request =
        ConnectRequest { client: &client, role: "operator", scopes: &scopes, credentials: &credentials, device: None };
    let mut session = match Session::open(url, &request, deadline, &now_ms) {
        Ok(session) => session,
        Err(err) => return attempt_from(err),
    };
    let health = session.request("health", None, false);
    session.close();
    match health {
        Ok(_) => Attempt::Accepted,
        Err(err) => attempt_from(err),
    }
}

fn attempt_from(err: ClientError) -> Attempt {
    match err {
        ClientError::Unreachable { reason, .. } => Attempt::Failed { error: reason, close: abnormal_close() },
        ClientError::Rejected { error, close } => {
            Attempt::Refused { error: error_text(&error), auth: is_auth_refusal(&error), close: close.map(probe_close) }
        }
        ClientError::Request(error) => {
            Attempt::Refused { error: error_text(&error), auth: is_auth_refusal(&error), close: None }
        }
        ClientError::Closed { close, .. } => {
            let error = if close.reason.is_empty() {
                format!("gateway closed ({})", close.code)
            } else {
                format!("gateway closed ({}): {}", close.code, close.reason)
            };
            if close.code == 1006 {
                Attempt::Failed { error, close: Some(probe_close(close)) }
            } else {
                let auth = close.reason.to_lowercase().contains("auth");
                Attempt::Refused { error, auth, close: Some(probe_close(close)) }
            }
        }
        ClientError::Timeout { .. } => Attempt::Failed { error: "timeout".to_owned(), close: None },
        ClientError::Protocol(error) => Attempt::Failed { error, close: None },
    }
}

/// Whether a refused connect means "not without credentials": a shared-secret failure
/// (`AUTH_*`), or a demand for a paired device identity, which is what the gateway answers a
/// client that brings no shared secret at all.
fn is_auth_refusal(error: &RequestError) -> bool {
    let code = error.detail_code().unwrap_or("");
    let message = error.message.to_lowercase();
    code.starts_with("AUTH_")
        || code.starts_with("DEVICE_")
        || matches!(code, "PAIRING_REQUIRED" | "NOT_PAIRED")
        || message.contains("unauthorized")
        || message.contains("device identity required")
}

fn error_text(error: &RequestError) -> String {
    match error.detail_code() {
        Some(code) => format!("{} ({code})", error.message),
        None => error.message.clone(),
    }
}
