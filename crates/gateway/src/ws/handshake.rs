//! The `connect` handshake, in OpenClaw's order: frame and params validation, protocol
//! negotiation, role, browser origin, rate limit, shared auth (token, password, Tailscale
//! Serve identity, trusted proxy), device proof, device pairing, then `hello-ok`. Every
//! refusal answers the `connect` request with the reference's error code, message and
//! `details.code`, then closes the socket (1002 for a protocol mismatch, 1008 otherwise).
//!
//! Each decision is `openclaw-policy`'s; this module gathers the inputs (headers, stores,
//! the clock, `tailscale whois`) and carries the outcome out.

mod hello;
mod pairing;

use std::net::IpAddr;
use std::sync::Arc;

use axum::http::HeaderMap;
use openclaw_policy::gateway::auth::{
    AuthFailure, AuthFailureReason, AuthMethod as PolicyAuthMethod, AuthMode, AuthSurface, ClientKind, PresentedAuth,
    TailscaleHeaders, TrustedProxyRequest, authorize_shared, authorize_tailscale, authorize_trusted_proxy,
    tailscale_header_auth_applies, tailscale_whois_target,
};
use openclaw_policy::gateway::device_auth::{SignatureFields, verify_device_proof};
use openclaw_policy::gateway::methods::Role;
use openclaw_policy::gateway::origin::{check_origin, origin_check_required};
use openclaw_policy::gateway::rate_limit::{AuthScope, RateSubject};
use openclaw_protocol::{ClientId, ConnectParams, ErrorCode, ErrorShape, Frame, ResponseFrame, parse_frame};
use serde_json::{Value, json};

use super::connection::response_text;
use super::outbound::Outbound;
use super::session::{AuthMethod, Session};
use crate::peer::Peer;
use crate::state::GatewayState;

/// The protocol this gateway speaks; 3 is still accepted (the documented protocol and the
/// one older clients, node hosts and probes speak).
pub const CURRENT_PROTOCOL: i64 = 4;
pub const LEGACY_PROTOCOL: i64 = 3;

/// Request headers the auth checks read, kept as owned pairs (lowercase names) because the
/// connection outlives the upgrade request.
#[derive(Debug, Clone, Default)]
pub struct ForwardedHeaders {
    pairs: Vec<(String, String)>,
}

impl ForwardedHeaders {
    pub fn from_headers(headers: &HeaderMap) -> ForwardedHeaders {
        let pairs = headers
            .iter()
            .filter_map(|(name, value)| value.to_str().ok().map(|v| (name.as_str().to_ascii_lowercase(), v.to_owned())))
            .collect();
        ForwardedHeaders { pairs }
    }

    fn as_pairs(&self) -> Vec<(&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
}

/// What the handshake needs from the connection.
pub struct Context<'a> {
    pub state: &'a Arc<GatewayState>,
    pub peer: &'a Peer,
    pub forwarded: &'a ForwardedHeaders,
    pub conn_id: &'a str,
    pub nonce: &'a str,
}

/// A refusal: the error answered to `connect` and the close frame that follows.
struct Refusal {
    error: ErrorShape,
    close_code: u16,
    close_reason: String,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Refusal {
        let message = message.into();
        Refusal { error: ErrorShape::new(code, message.clone()), close_code: 1008, close_reason: message }
    }

    fn details(mut self, details: Value) -> Refusal {
        self.error = self.error.with_details(details);
        self
    }
}

/// Runs the handshake on the first frame. On success returns the session and the
/// `(request id, hello-ok payload)` to answer with; on refusal the error has been sent and the
/// socket is closing.
pub async fn run(ctx: &Context<'_>, first: &str, out: &Outbound) -> Option<(Session, (String, Value))> {
    let request = match parse_frame(first) {
        Ok(Frame::Request(request)) => request,
        Ok(_) => {
            out.close(1008, "invalid handshake: first frame must be a connect request");
            return None;
        }
        Err(err) => {
            // Garbage before the handshake gets no answer, as in OpenClaw; a JSON object with
            // an id learns what was wrong with it.
            match openclaw_protocol::salvage_request_id(first) {
                Some(id) => {
                    refuse(out, &id, Refusal::new(ErrorCode::InvalidRequest, format!("invalid request frame: {err}")))
                }
                None => out.close(1000, ""),
            }
            return None;
        }
    };
    let id = request.id.clone();
    if request.method != "connect" {
        refuse(out, &id, Refusal::new(ErrorCode::InvalidRequest, "invalid handshake: first request must be connect"));
        return None;
    }
    match admit(ctx, request.params).await {
        Ok((session, hello)) => Some((session, (id, hello))),
        Err(refusal) => {
            tracing::info!(conn = ctx.conn_id, ip = ?ctx.peer.client_ip, reason = %refusal.close_reason, "connect refused");
            refuse(out, &id, refusal);
            None
        }
    }
}

fn refuse(out: &Outbound, id: &str, refusal: Refusal) {
    out.send(response_text(&ResponseFrame::err(id, refusal.error)), false);
    out.close_after_flush(refusal.close_code, &refusal.close_reason);
}

/// The checks that need nothing but the request: params shape, protocol, role.
pub struct Preflight {
    pub params: ConnectParams,
    pub protocol: i64,
    pub role: Role,
}

/// Validates `connect` params, negotiates the protocol and parses the role.
pub fn preflight(params: Option<Value>) -> Result<Preflight, (ErrorShape, u16)> {
    preflight_inner(params).map_err(|r| (r.error, r.close_code))
}

fn preflight_inner(params: Option<Value>) -> Result<Preflight, Refusal> {
    let params = ConnectParams::parse(params)
        .map_err(|err| Refusal::new(ErrorCode::InvalidRequest, format!("invalid connect params: {err}")))?;
    let protocol = negotiate(&params)?;
    let role =
        Role::parse(params.role_or_default()).ok_or_else(|| Refusal::new(ErrorCode::InvalidRequest, "invalid role"))?;
    Ok(Preflight { params, protocol, role })
}

async fn admit(ctx: &Context<'_>, params: Option<Value>) -> Result<(Session, Value), Refusal> {
    let Preflight { params, protocol, role } = preflight_inner(params)?;
    let role_name = role.as_str().to_owned();
    let mut scopes = params.scopes_or_default().to_vec();
    let state = ctx.state;
    let runtime = state.runtime();
    let gateway = &runtime.config.gateway;
    let browser_ui = is_browser_ui(params.client.id);

    // Browser clients must come from an allowed origin (DNS-rebinding defence).
    let origin_checked = origin_check_required(ctx.peer.origin.as_deref(), browser_ui) && !ctx.peer.via_proxy;
    if origin_checked {
        check_origin(
            ctx.peer.origin.as_deref(),
            ctx.peer.host.as_deref(),
            &gateway.control_ui.allowed_origins,
            gateway.control_ui.dangerously_allow_host_header_origin_fallback,
            ctx.peer.is_local,
        )
        .map_err(|denied| {
            Refusal::new(ErrorCode::InvalidRequest, openclaw_policy::gateway::origin::ORIGIN_NOT_ALLOWED_MESSAGE)
                .details(json!({"code": openclaw_policy::gateway::origin::ORIGIN_NOT_ALLOWED_DETAIL_CODE, "reason": denied.reason()}))
        })?;
    }

    let subject =
        RateSubject::for_websocket(ctx.peer.client_ip, if origin_checked { ctx.peer.origin.as_deref() } else { None });
    let client_kind = client_kind(&params, ctx.peer.is_local);
    let auth = authenticate(ctx, &params, &subject, client_kind).await;
    let device_token_requested =
        params.auth.as_ref().and_then(|a| a.device_token.as_deref()).is_some_and(|t| !t.is_empty());
    let method = match auth {
        Ok(method) => method,
        // A paired device may present its device token instead of the shared secret.
        Err(failure)
            if params.device.is_some()
                && (device_token_requested || failure.reason == AuthFailureReason::TokenMismatch) =>
        {
            match pairing::verify_device_token(ctx, &params, &role_name, &scopes) {
                Ok(()) => AuthMethod::DeviceToken,
                Err(()) => {
                    record_failure(state, AuthScope::DeviceToken, &subject);
                    let failure = if device_token_requested {
                        AuthFailure::from(AuthFailureReason::DeviceTokenMismatch)
                    } else {
                        failure
                    };
                    return Err(auth_refusal(&failure, client_kind));
                }
            }
        }
        Err(failure) => return Err(auth_refusal(&failure, client_kind)),
    };

    // Device identity: verify the proof, or decide whether this client may go without one.
    let device = match &params.device {
        Some(proof) => {
            let claim = SignatureFields::from_connect(&params)
                .ok_or_else(|| Refusal::new(ErrorCode::InvalidRequest, "device identity invalid"))?;
            let verified =
                verify_device_proof(&claim, &proof.public_key, &proof.signature, Some(ctx.nonce), state.now_ms())
                    .map_err(|err| Refusal::new(ErrorCode::InvalidRequest, err.to_string()).details(err.details()))?;
            Some(verified)
        }
        None => {
            may_skip_device(role, method, params.client.id, gateway.control_ui.dangerously_disable_device_auth)?;
            None
        }
    };

    let mut issued = None;
    if let Some(device) = &device {
        issued = pairing::ensure_paired(ctx, &params, device, &role_name, &mut scopes, method).await?;
    }

    let session = Session {
        conn_id: ctx.conn_id.to_owned(),
        protocol,
        role: role_name,
        scopes,
        client: params.client.clone(),
        device_id: device.as_ref().map(|d| d.device_id.clone()),
        auth_method: method,
        peer: ctx.peer.clone(),
        connected_at_ms: state.now_ms(),
        tool_events: params.has_cap("tool-events"),
    };
    let hello = hello::hello_ok(state, &session, issued.as_ref());
    tracing::info!(conn = ctx.conn_id, client = session.client.id.as_str(), role = %session.role, auth = method.as_str(), device = ?session.device_id, "client connected");
    Ok((session, hello))
}

/// Protocol 4 when the client can speak it, else 3; anything else is refused with the
/// details older node hosts use to fall back.
fn negotiate(params: &ConnectParams) -> Result<i64, Refusal> {
    if params.supports_protocol(CURRENT_PROTOCOL) {
        return Ok(CURRENT_PROTOCOL);
    }
    if params.supports_protocol(LEGACY_PROTOCOL) {
        return Ok(LEGACY_PROTOCOL);
    }
    let mut refusal = Refusal::new(ErrorCode::InvalidRequest, "protocol mismatch").details(json!({
        "code": "PROTOCOL_MISMATCH",
        "clientMinProtocol": params.min_protocol,
        "clientMaxProtocol": params.max_protocol,
        "expectedProtocol": CURRENT_PROTOCOL,
        "minimumProbeProtocol": LEGACY_PROTOCOL,
    }));
    refusal.close_code = 1002;
    Err(refusal)
}

fn is_browser_ui(id: ClientId) -> bool {
    matches!(id.as_str(), "openclaw-control-ui" | "webchat-ui" | "webchat")
}

fn client_kind(params: &ConnectParams, local: bool) -> ClientKind {
    match params.client.id.as_str() {
        "cli" => ClientKind::Cli { local },
        id if is_browser_ui(params.client.id) || id == "openclaw-control-ui" => ClientKind::BrowserUi,
        _ if params.role_or_default() == "node" => ClientKind::Node,
        _ => ClientKind::Other,
    }
}

/// Shared auth (or Tailscale / trusted-proxy identity), with the failed-auth limiter around it.
async fn authenticate(
    ctx: &Context<'_>,
    params: &ConnectParams,
    subject: &RateSubject,
    _kind: ClientKind,
) -> Result<AuthMethod, AuthFailure> {
    let state = ctx.state;
    let runtime = state.runtime();
    let auth = &runtime.auth;
    let now = u64::try_from(state.now_ms()).unwrap_or(0);
    let decision = match state.auth_limiter.lock() {
        Ok(mut limiter) => limiter.check(AuthScope::SharedSecret, subject, now),
        Err(_) => return Err(AuthFailureReason::Unauthorized.into()),
    };
    if !decision.allowed {
        return Err(AuthFailure::rate_limited(decision.retry_after_ms));
    }
    let connect_auth = params.auth.as_ref();
    let presented = PresentedAuth {
        token: connect_auth.and_then(|a| a.token.as_deref()),
        password: connect_auth.and_then(|a| a.password.as_deref()),
    };
    let local_direct = ctx.peer.is_local_direct();
    let pairs = ctx.forwarded.as_pairs();
    let result = if auth.mode == AuthMode::TrustedProxy && !local_direct {
        let host_addrs: Vec<IpAddr> = state.own_tailnet_ips.clone();
        let request = TrustedProxyRequest {
            remote: ctx.peer.remote.ip(),
            headers: &pairs,
            trusted_proxies: &runtime.trusted_proxies,
            allow_real_ip_fallback: runtime.config.gateway.allow_real_ip_fallback,
            host_addrs: &host_addrs,
        };
        authorize_trusted_proxy(auth, &request).map(|_| AuthMethod::TrustedProxy)
    } else if tailscale_header_auth_applies(auth, AuthSurface::WebSocket, local_direct, &presented) {
        tailscale(ctx, &pairs).await
    } else {
        authorize_shared(auth, &presented, local_direct).map(|m| match m {
            PolicyAuthMethod::None => AuthMethod::None,
            PolicyAuthMethod::Token => AuthMethod::Token,
            PolicyAuthMethod::Password => AuthMethod::Password,
            PolicyAuthMethod::TrustedProxy { .. } => AuthMethod::TrustedProxy,
            PolicyAuthMethod::Tailscale { .. } => AuthMethod::Tailscale,
        })
    };
    match &result {
        Ok(_) => {
            if let Ok(mut limiter) = state.auth_limiter.lock() {
                limiter.reset(AuthScope::SharedSecret, subject);
            }
        }
        Err(failure) if failure.reason.counts_as_failure() => record_failure(state, AuthScope::SharedSecret, subject),
        Err(_) => {}
    }
    result
}

async fn tailscale(ctx: &Context<'_>, pairs: &[(&str, &str)]) -> Result<AuthMethod, AuthFailure> {
    let headers = TailscaleHeaders::from_headers(pairs);
    let target = tailscale_whois_target(ctx.peer.remote.ip(), &headers)?;
    let identity = ctx.state.whois.whois(target).await;
    authorize_tailscale(
        headers.user_login,
        identity.as_ref().map(|i| i.login.as_str()),
        identity.as_ref().and_then(|i| i.name.as_deref()),
    )?;
    Ok(AuthMethod::Tailscale)
}

fn record_failure(state: &Arc<GatewayState>, scope: AuthScope, subject: &RateSubject) {
    let now = u64::try_from(state.now_ms()).unwrap_or(0);
    if let Ok(mut limiter) = state.auth_limiter.lock() {
        limiter.record_failure(scope, subject, now);
    }
}

fn auth_refusal(failure: &AuthFailure, kind: ClientKind) -> Refusal {
    let message = failure.message(kind);
    let mut details = json!({
        "code": failure.detail_code(),
        "authReason": failure.reason.as_str(),
        "canRetryWithDeviceToken": false,
        "recommendedNextStep": if failure.reason == AuthFailureReason::RateLimited { "retry_later" } else { "update_auth_credentials" },
    });
    let mut refusal = Refusal::new(ErrorCode::InvalidRequest, message);
    if let Some(retry) = failure.retry_after_ms {
        details["retryAfterMs"] = json!(retry);
        refusal.error = refusal.error.retry_after(i64::try_from(retry).unwrap_or(i64::MAX));
    }
    refusal.details(details)
}

/// Only an operator that passed shared auth may connect without a device identity; the
/// Control UI additionally needs `gateway.controlUi.dangerouslyDisableDeviceAuth`.
fn may_skip_device(
    role: Role,
    method: AuthMethod,
    client: ClientId,
    control_ui_device_auth_disabled: bool,
) -> Result<(), Refusal> {
    if is_browser_ui(client) && !control_ui_device_auth_disabled {
        return Err(Refusal::new(
            ErrorCode::InvalidRequest,
            "control ui requires device identity (use HTTPS or localhost secure context)",
        )
        .details(json!({"code": "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"})));
    }
    if role == Role::Operator && method.is_shared() {
        return Ok(());
    }
    Err(Refusal::new(ErrorCode::NotPaired, "device identity required")
        .details(json!({"code": "DEVICE_IDENTITY_REQUIRED"})))
}
