//! The canvas host: `/__openclaw__/canvas/…` serves the agent-written pages under
//! `<stateDir>/canvas` (OpenClaw's default canvas root), `/__openclaw__/a2ui/…` the bundled A2UI
//! renderer, and `/__openclaw__/ws` is the canvas live-reload socket.
//!
//! Canvas pages are written by the agent, so they are untrusted content: a request must come
//! straight from this host or carry the gateway bearer token (node capability URLs come with the
//! node protocol), and these responses deliberately carry no CSP or frame headers because nodes
//! embed them. Files are served only from inside the root — no `..`, no symlinked file, no path
//! whose real location leaves the root — and nothing is written on a GET (OpenClaw seeds a default
//! `index.html`; here a missing one is reported instead). The A2UI assets and live reload are not
//! bundled with this gateway: A2UI answers 503 and the live-reload path 404 after authorization.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::control_ui::{LinkPolicy, content_type, is_dir_within, read_within};
use super::{Claim, auth, channels_api};
use crate::peer::Peer;
use crate::state::GatewayState;

/// The canvas live-reload WebSocket (not the control plane).
pub const LIVE_RELOAD_PATH: &str = "/__openclaw__/ws";
pub const CANVAS_PATH: &str = "/__openclaw__/canvas";
pub const A2UI_PATH: &str = "/__openclaw__/a2ui";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Surface {
    Canvas,
    A2ui,
    LiveReload,
}

fn surface(path: &str) -> Option<Surface> {
    let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
    if path == LIVE_RELOAD_PATH {
        Some(Surface::LiveReload)
    } else if under(A2UI_PATH) {
        Some(Surface::A2ui)
    } else if under(CANVAS_PATH) {
        Some(Surface::Canvas)
    } else {
        None
    }
}

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    let path = req.uri().path().to_owned();
    let Some(surface) = surface(&path) else { return Err(req) };
    // A request from this host needs nothing more; anyone else must present the gateway token
    // (even when gateway auth is off, an unauthenticated remote browser gets no canvas).
    if !peer.is_local_direct() {
        if auth::bearer_token(req.headers()).is_none() {
            return Ok(super::reply::unauthorized());
        }
        if let Err(refusal) = auth::authorize(state, peer, req.headers()).await {
            return Ok(refusal);
        }
    }
    let head = req.method() == Method::HEAD;
    Ok(match surface {
        Surface::LiveReload => plain(StatusCode::NOT_FOUND, "not found"),
        _ if req.method() != Method::GET && !head => plain(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed"),
        Surface::A2ui => plain(StatusCode::SERVICE_UNAVAILABLE, "A2UI assets not found"),
        Surface::Canvas => {
            let rel = path.get(CANVAS_PATH.len()..).unwrap_or_default();
            serve(state, rel, head).await
        }
    })
}

async fn serve(state: &GatewayState, url_path: &str, head: bool) -> Response {
    let root = state.state_dir.root().join("canvas");
    let Some(decoded) = channels_api::decode_uri_component(if url_path.is_empty() { "/" } else { url_path }) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|segment| segment == "..") {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    let wants_index =
        rel.is_empty() || rel.ends_with('/') || is_dir_within(root.clone(), rel.trim_end_matches('/').to_owned()).await;
    let file_rel = if wants_index { format!("{}/index.html", rel.trim_end_matches('/')) } else { rel.to_owned() };
    let file_rel = file_rel.trim_start_matches('/').to_owned();
    let links = LinkPolicy { reject_symlinked_file: true };
    match read_within(root.clone(), file_rel.clone(), links).await {
        Ok(Some(file)) => {
            let mut resp = if head { StatusCode::OK.into_response() } else { Body::from(file.bytes).into_response() };
            let headers = resp.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file_rel)));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Ok(None) if url_path.is_empty() || url_path == "/" || url_path.ends_with('/') => {
            let page = format!(
                "<!doctype html><meta charset=\"utf-8\" /><title>OpenClaw Canvas</title><pre>Missing file.\nCreate {}/index.html</pre>",
                root.display()
            );
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
        }
        Ok(None) => plain(StatusCode::NOT_FOUND, "not found"),
        Err(err) => {
            tracing::warn!(error = %err, "canvas file read failed");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "error")
        }
    }
}

fn plain(status: StatusCode, body: &'static str) -> Response {
    super::text(status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces() {
        assert_eq!(surface("/__openclaw__/ws"), Some(Surface::LiveReload));
        assert_eq!(surface("/__openclaw__/canvas"), Some(Surface::Canvas));
        assert_eq!(surface("/__openclaw__/canvas/a/b.html"), Some(Surface::Canvas));
        assert_eq!(surface("/__openclaw__/a2ui/x.js"), Some(Surface::A2ui));
        assert_eq!(surface("/__openclaw__/canvasx"), None);
        assert_eq!(surface("/__openclaw__/ws/x"), None);
    }
}
