//! `/healthz` (the process is up and serving) and `/readyz` (the gateway finished starting and
//! is not shutting down), plus OpenClaw's aliases `/health`, `/ready`, `/startup`, `/startupz`;
//! unauthenticated and content-free so load balancers and service managers can poll them
//! without credentials.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use super::Claim;
use crate::peer::Peer;
use crate::state::{GatewayState, Stop};

pub async fn handle(state: &Arc<GatewayState>, _peer: &Peer, req: Request<Body>) -> Claim {
    let path = req.uri().path();
    let live = matches!(path, "/healthz" | "/health");
    if !live && !matches!(path, "/readyz" | "/ready" | "/startup" | "/startupz") {
        return Err(req);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(req);
    }
    let (status, body) = if live {
        (StatusCode::OK, json!({"ok": true, "status": "live"}))
    } else {
        let stopping = *state.stop.borrow() != Stop::Running;
        let failing: Vec<&str> = if stopping { vec!["shutdown"] } else { Vec::new() };
        let status = if stopping { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK };
        (status, json!({"ready": !stopping, "failing": failing, "uptimeMs": state.uptime_ms()}))
    };
    // Probes must never be served from a cache: a stale "ready" hides an outage.
    let mut resp = super::reply::json_body(status, &body);
    resp.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}
