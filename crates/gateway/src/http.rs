//! The HTTP side of the one port: `fn router(state) -> Router`. Every response carries
//! `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and, when configured,
//! `Strict-Transport-Security`. Requests are offered to each surface in OpenClaw's order
//! (hooks → `/tools/invoke` → `/v1/responses` → `/v1/chat/completions` → `/api/channels/*` →
//! canvas → Control UI), after the WebSocket upgrade check and the `/healthz` `/readyz` probes;
//! the first surface that claims a request answers it, anything left is a plain 404.

pub mod auth;
pub mod canvas;
pub mod channels_api;
pub mod control_ui;
pub mod hooks;
pub mod openai;
pub mod probes;
pub mod reply;
pub mod tools_invoke;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::peer::Peer;
use crate::state::GatewayState;

/// What a surface does with a request: answer it, or hand it back for the next surface.
pub type Claim = Result<Response, Request<Body>>;

/// The whole HTTP + WebSocket surface of the gateway.
pub fn router(state: Arc<GatewayState>) -> Router {
    Router::new()
        .fallback(entry)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), security_headers))
        .with_state(state)
}

async fn entry(
    State(state): State<Arc<GatewayState>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    req: Request<Body>,
) -> Response {
    let runtime = state.runtime();
    let peer = Peer::from_request(remote, req.headers(), &runtime, &state.own_tailnet_ips);
    let upgrade = req.headers().get(header::UPGRADE).map(|v| v.to_str().unwrap_or(""));
    let is_upgrade = upgrade.is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    // Any other protocol upgrade (h2c, …) is not something this port speaks.
    if upgrade.is_some() && !is_upgrade {
        return text(StatusCode::BAD_REQUEST, "Bad Request");
    }
    // `/__openclaw__/ws` is the canvas live-reload socket, not the control plane.
    if is_upgrade && req.uri().path() != canvas::LIVE_RELOAD_PATH {
        let (mut parts, _body) = req.into_parts();
        return match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
            Ok(upgrade) => crate::ws::upgrade(state, peer, &parts.headers, upgrade).await,
            Err(rejection) => rejection.into_response(),
        };
    }
    let req = match probes::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match hooks::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match tools_invoke::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match openai::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match channels_api::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match canvas::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    let req = match control_ui::handle(&state, &peer, req).await {
        Ok(resp) => return resp,
        Err(req) => req,
    };
    drop(req);
    reply::not_found()
}

async fn security_headers(State(state): State<Arc<GatewayState>>, req: Request<Body>, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // The Control UI sets its own (it needs the microphone for talk mode); everything else
    // gets OpenClaw's default.
    if !headers.contains_key("permissions-policy") {
        headers.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(self), geolocation=()"));
    }
    if let Some(hsts) = state.runtime().config.gateway.http.strict_transport_security.as_deref()
        && let Ok(value) = HeaderValue::from_str(hsts)
    {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
    }
    resp
}

/// Plain-text status responses shared by the surfaces.
pub fn text(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
