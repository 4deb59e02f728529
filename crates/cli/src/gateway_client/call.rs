//! One RPC the way OpenClaw's `callGateway` makes it: resolve the target, decide whether this host's
//! device identity takes part, refuse early when there is no way to authenticate, connect, call,
//! cache any device token the gateway issued, and report failures with OpenClaw's wording.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::connect::{ClientInfo, ConnectRequest, Credentials, DeviceSigner};
use super::connection::Connection;
use super::device::HostDevice;
use super::error::{ClientError, RequestError};
use super::session::{Session, random_uuid};
use super::target::{self, ConnectionDetails, TargetError, TargetFlags, World};
use super::{scopes, url};
use crate::context::RunContext;

const ROLE: &str = "operator";

/// Flags every gateway RPC command shares.
#[derive(Debug, Clone)]
pub struct RpcOptions {
    pub target: TargetFlags,
    pub timeout_ms: u64,
    pub expect_final: bool,
}

/// One method call; `scopes: None` asks for the least the method needs.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub method: &'a str,
    pub params: Option<Value>,
    pub scopes: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// No connection was attempted (bad flags, unsafe URL, missing explicit credentials…).
    Target(TargetError),
    /// Auth is configured but nothing to authenticate with was found.
    CredentialsRequired(String),
    /// The connection failed, dropped or timed out.
    Transport { error: ClientError, details: Box<ConnectionDetails>, timeout_ms: u64 },
    /// The gateway refused (the connect or the call) with this error.
    Request(Box<RequestError>),
    /// Anything else (the peer is not a gateway, local state unreadable).
    Failed(String),
}

impl CallError {
    /// OpenClaw prints these as they are; other failures get the command's "… failed:" label.
    pub fn is_expected(&self) -> bool {
        matches!(
            self,
            CallError::CredentialsRequired(_)
                | CallError::Transport { .. }
                | CallError::Target(TargetError::ExplicitAuthRequired(_))
        )
    }

    /// The human message; the first line names the reason, later lines the target.
    pub fn text(&self) -> String {
        match self {
            CallError::Target(err) => err.to_string(),
            CallError::CredentialsRequired(message) | CallError::Failed(message) => message.clone(),
            CallError::Request(error) => error.message.clone(),
            CallError::Transport { error, details, timeout_ms } => transport_text(error, details, *timeout_ms),
        }
    }

    /// The `--json` failure body.
    pub fn to_json(&self) -> Value {
        match self {
            CallError::CredentialsRequired(message)
            | CallError::Target(
                TargetError::ExplicitAuthRequired(message) | TargetError::SecretRefUnavailable(message),
            ) => json!({"ok": false, "error": {"type": "gateway_credentials_required", "message": message}}),
            CallError::Request(error) => error.to_json(),
            CallError::Transport { error, details, timeout_ms } => transport_json(error, details, *timeout_ms),
            other => json!({"ok": false, "error": {"type": "cli_error", "message": other.text()}}),
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for CallError {}

const DISPATCHED: &str = "The request was already sent to the gateway, so the operation may have been applied even though no response arrived; its outcome is unknown. Verify the current state before retrying, especially for write actions.";

fn transport_headline(error: &ClientError, details: &ConnectionDetails, timeout_ms: u64) -> (String, bool) {
    match error {
        ClientError::Unreachable { code, .. } => {
            let code = code.map(|c| format!(" ({c})")).unwrap_or_default();
            (format!("Gateway not reachable at {}{code}.", details.url), false)
        }
        ClientError::Closed { close, dispatched } => {
            let hint = match close.code {
                1006 => " abnormal closure (no close frame)",
                1000 => " normal closure",
                _ => "",
            };
            let reason = if close.reason.trim().is_empty() { "no close reason" } else { close.reason.trim() };
            (format!("gateway closed ({}{hint}): {reason}", close.code), *dispatched)
        }
        ClientError::Timeout { dispatched } => (format!("gateway timeout after {timeout_ms}ms"), *dispatched),
        other => (other.to_string(), false),
    }
}

fn transport_text(error: &ClientError, details: &ConnectionDetails, timeout_ms: u64) -> String {
    let (headline, dispatched) = transport_headline(error, details, timeout_ms);
    let mut lines = vec![headline];
    if matches!(error, ClientError::Unreachable { .. }) {
        lines.push("Start it with `openclaw gateway run` or check `openclaw gateway status`.".to_owned());
    }
    lines.push(details.message());
    if dispatched {
        lines.push(String::new());
        lines.push(DISPATCHED.to_owned());
    }
    lines.join("\n")
}

fn transport_json(error: &ClientError, details: &ConnectionDetails, timeout_ms: u64) -> Value {
    let (headline, _) = transport_headline(error, details, timeout_ms);
    let mut body = json!({"type": "gateway_transport_error", "kind": "closed", "message": headline});
    match error {
        ClientError::Unreachable { reason, .. } => body["reason"] = json!(reason),
        ClientError::Closed { close, .. } => {
            body["code"] = json!(close.code);
            let reason = if close.reason.trim().is_empty() { "no close reason" } else { close.reason.trim() };
            body["reason"] = json!(reason);
        }
        ClientError::Timeout { .. } => {
            body["kind"] = json!("timeout");
            body["timeoutMs"] = json!(timeout_ms);
        }
        _ => {}
    }
    let mut gateway = json!({"url": details.url, "urlSource": details.url_source});
    if let Some(bind) = &details.bind_detail {
        gateway["bindDetail"] = json!(bind);
    }
    if let Some(note) = &details.remote_fallback_note {
        gateway["remoteFallbackNote"] = json!(note);
    }
    json!({"ok": false, "error": body, "gateway": gateway})
}

/// Milliseconds since the Unix epoch: the clock, read at the edge.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The config tree gateway commands read (after `$include` and `${VAR}`), best effort: a config
/// that cannot be read reads as empty (the probe and fully flag-addressed calls must still work
/// when it is broken).
pub fn world_config(ctx: &RunContext) -> Value {
    read_config(ctx).unwrap_or_else(|_| Value::Object(Default::default()))
}

/// The config tree, or why it cannot be read (a file that does not parse).
fn read_config(ctx: &RunContext) -> Result<Value, String> {
    let snap = ctx.snapshot().map_err(|err| err.to_string())?;
    match &snap.resolved {
        Some(tree) => Ok(tree.clone()),
        None => {
            let reason = snap.errors().next().map_or_else(|| "it does not parse".to_owned(), ToString::to_string);
            Err(format!("cannot read config {}: {reason}", snap.path.display()))
        }
    }
}

/// `--url` plus `--token`/`--password` address the gateway completely; nothing else is needed.
fn explicit_connection(flags: &TargetFlags) -> bool {
    let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    set(&flags.url) && (set(&flags.token) || set(&flags.password))
}

/// What target resolution reads from this run: `config` plus the environment and locations.
pub fn world<'a>(ctx: &'a RunContext, config: &'a Value) -> World<'a> {
    World {
        config,
        env: &ctx.load.process_env,
        config_path: &ctx.locations.config_path,
        profile: ctx.locations.profile.as_deref(),
        profile_port: ctx.locations.profile_port,
    }
}

/// Makes one call and returns its payload.
pub fn call(ctx: &RunContext, options: &RpcOptions, request: &Call<'_>) -> Result<Value, CallError> {
    let scopes = request.scopes.clone().unwrap_or_else(|| scopes::for_method(request.method, request.params.as_ref()));
    let mut connection = connect(ctx, options, request.method, &scopes)?;
    let result = connection.request(request.method, request.params.as_ref(), options.expect_final);
    connection.close();
    result
}

/// Opens an authenticated connection asking for `scopes`; `method` only names the first call in
/// the "requires credentials" message. Commands that make several calls or read events keep it.
pub fn connect(
    ctx: &RunContext,
    options: &RpcOptions,
    method: &str,
    scopes: &[String],
) -> Result<Connection, CallError> {
    // Without the config a call could silently go to the default port with no secret; only a
    // fully flag-addressed call may go ahead when the config is broken.
    let config = match read_config(ctx) {
        Ok(config) => config,
        Err(_) if explicit_connection(&options.target) => Value::Object(Default::default()),
        Err(reason) => return Err(CallError::Failed(reason)),
    };
    let target = target::resolve(&options.target, &world(ctx, &config)).map_err(CallError::Target)?;
    // OpenClaw's CLI leaves its device identity out when a shared secret already proves it on
    // loopback: there is nothing to pair, and a device would only add pairing state on the gateway.
    let omit_device = target.has_shared_secret() && url::is_loopback_url(&target.details.url);
    let device = if omit_device {
        None
    } else {
        HostDevice::load(ctx.state_dir()).unwrap_or_else(|err| {
            tracing::warn!(%err, "continuing without device identity");
            None
        })
    };
    let stored = device.as_ref().and_then(|d| d.stored_token(ROLE));
    if matches!(target.auth_mode.as_str(), "token" | "password")
        && target.token.is_none()
        && target.password.is_none()
        && !target.allow_tailscale
        && stored.is_none()
    {
        return Err(CallError::CredentialsRequired(format!(
            "gateway {method} requires credentials before opening a websocket\n\
             Fix: configure gateway.auth token/password, pair this device, or pass --token/--password.\nConfig: {}",
            target.details.config_path
        )));
    }
    let credentials = Credentials {
        token: target.token.clone(),
        password: target.password.clone(),
        stored_device_token: stored.map(|s| s.token),
    };
    let client = ClientInfo::cli("cli", random_uuid());
    let connect = ConnectRequest {
        client: &client,
        role: ROLE,
        scopes,
        credentials: &credentials,
        device: device.as_ref().map(|d| d as &dyn DeviceSigner),
    };
    // A deadline past what `Instant` can hold is no deadline: a year stands in for it.
    let wait = Duration::from_millis(options.timeout_ms.max(1));
    let deadline =
        Instant::now().checked_add(wait).unwrap_or_else(|| Instant::now() + Duration::from_secs(365 * 24 * 3600));
    let details = Box::new(target.details.clone());
    let session = match Session::open(&target.details.url, &connect, deadline, &now_ms) {
        Ok(session) => session,
        Err(ClientError::Rejected { error, close }) => {
            // A device token the gateway no longer knows would fail every later call the same way.
            let mismatch = error.detail_code() == Some("AUTH_DEVICE_TOKEN_MISMATCH")
                || close.as_ref().is_some_and(|c| c.reason.to_lowercase().contains("device token mismatch"));
            if let Some(device) = &device
                && mismatch
                && credentials.token().is_none()
                && credentials.password().is_none()
            {
                device.forget_token(ROLE);
            }
            return Err(CallError::Request(error));
        }
        Err(err) => return Err(classify(err, details, options.timeout_ms)),
    };
    if let Some(device) = &device {
        remember_issued_token(device, session.hello());
    }
    Ok(Connection::new(session, details, options.timeout_ms))
}

/// Sorts a client failure by cause; transport failures carry the target for the message.
pub(super) fn classify(error: ClientError, details: Box<ConnectionDetails>, timeout_ms: u64) -> CallError {
    match error {
        ClientError::Request(error) | ClientError::Rejected { error, .. } => CallError::Request(error),
        ClientError::Protocol(message) => CallError::Failed(message),
        other => CallError::Transport { error: other, details, timeout_ms },
    }
}

/// Caches `hello-ok.auth.deviceToken`, which the gateway sends when it (re)issued one.
fn remember_issued_token(device: &HostDevice, hello: &Value) {
    let Some(auth) = hello.get("auth") else { return };
    let Some(token) = auth.get("deviceToken").and_then(Value::as_str).filter(|t| !t.is_empty()) else { return };
    let role = auth.get("role").and_then(Value::as_str).unwrap_or(ROLE);
    let scopes: Vec<String> = auth
        .get("scopes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    device.remember_token(role, token, &scopes, now_ms());
}
