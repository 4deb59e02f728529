//! One WebSocket connection from challenge to close: send `connect.challenge`, wait (with the
//! handshake deadline) for the `connect` request, register the authenticated session, then
//! answer requests until the client leaves or the gateway closes it.
//!
//! After the handshake, a frame that is not valid JSON is ignored (as OpenClaw does); a JSON
//! frame that is not a valid request gets an `INVALID_REQUEST` answer naming the problem; ten
//! unauthorized calls on one connection close it (1008 "repeated unauthorized calls").

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use futures_util::StreamExt;
use openclaw_policy::gateway::methods::{Role, authorize};
use openclaw_protocol::{
    ErrorCode, ErrorShape, Frame, HANDSHAKE_TIMEOUT_MS, MAX_BUFFERED_BYTES, RequestFrame, ResponseFrame, parse_frame,
    salvage_request_id,
};
use serde_json::{Value, json};

use super::handshake::{self, ForwardedHeaders};
use super::outbound::Outbound;
use super::registry::Registered;
use super::session::Session;
use crate::methods;
use crate::peer::Peer;
use crate::state::GatewayState;

/// Unauthorized method calls tolerated on one connection before it is closed.
const MAX_UNAUTHORIZED_CALLS: u32 = 10;

pub async fn run(state: Arc<GatewayState>, peer: Peer, forwarded: ForwardedHeaders, socket: WebSocket) {
    let (sink, mut stream) = socket.split();
    let max_buffered = MAX_BUFFERED_BYTES;
    let (out, writer) = Outbound::start(sink, max_buffered);
    let conn_id = uuid::Uuid::new_v4().to_string();
    let nonce = uuid::Uuid::new_v4().to_string();
    out.send(event_text("connect.challenge", json!({"nonce": nonce, "ts": state.now_ms()})), false);

    let deadline = Duration::from_millis(HANDSHAKE_TIMEOUT_MS);
    let first = match tokio::time::timeout(deadline, next_text(&mut stream)).await {
        Ok(Some(text)) => text,
        Ok(None) => {
            out.close(1000, "");
            let _ = writer.await;
            return;
        }
        Err(_) => {
            out.close(1000, "handshake timeout");
            let _ = writer.await;
            return;
        }
    };
    let ctx =
        handshake::Context { state: &state, peer: &peer, forwarded: &forwarded, conn_id: &conn_id, nonce: &nonce };
    let Some((session, hello)) = handshake::run(&ctx, &first, &out).await else {
        let _ = writer.await;
        return;
    };
    out.send(response_text(&ResponseFrame::ok(hello.0, hello.1)), false);
    // A fresh health snapshot right after hello, as OpenClaw clients expect.
    out.send(event_text("health", state.cached_health()), true);

    let tracked = !is_ephemeral(&session);
    state.registry.insert(Registered {
        conn_id: conn_id.clone(),
        role: session.role.clone(),
        scopes: session.scopes.clone(),
        outbound: out.clone(),
        tool_events: session.tool_events,
        presence: tracked.then(|| presence_entry(&session)),
    });
    if tracked {
        state.presence_changed();
    }

    serve(&state, &session, &out, &mut stream).await;

    state.registry.remove(&conn_id);
    if tracked {
        state.presence_changed();
    }
    if !out.is_closing() {
        out.close(1000, "");
    }
    let _ = writer.await;
}

async fn serve(
    state: &Arc<GatewayState>,
    session: &Session,
    out: &Outbound,
    stream: &mut futures_util::stream::SplitStream<WebSocket>,
) {
    let role = Role::parse(&session.role).unwrap_or(Role::Operator);
    let mut unauthorized = 0u32;
    while let Some(text) = next_text(stream).await {
        if out.is_closing() {
            break;
        }
        let request = match parse_frame(&text) {
            Ok(Frame::Request(request)) => request,
            Ok(_) => continue,
            Err(err) => {
                // Not JSON at all: ignored. JSON but not a request: answered when it has an id.
                if let Some(id) = salvage_request_id(&text) {
                    let error = ErrorShape::new(ErrorCode::InvalidRequest, format!("invalid request frame: {err}"));
                    out.send(response_text(&ResponseFrame::err(id, error)), false);
                }
                continue;
            }
        };
        if let Err(denied) = authorize(role, &session.scopes, &request.method) {
            let error = ErrorShape::new(ErrorCode::InvalidRequest, denied.to_string());
            out.send(response_text(&ResponseFrame::err(request.id.clone(), error)), false);
            // Only role refusals count, as in OpenClaw: a scope miss is an honest mistake.
            if denied.is_role_refusal() {
                unauthorized += 1;
            }
            if unauthorized >= MAX_UNAUTHORIZED_CALLS {
                out.close_after_flush(1008, "repeated unauthorized calls");
                break;
            }
            continue;
        }
        respond(state, session, out, request).await;
    }
}

async fn respond(state: &Arc<GatewayState>, session: &Session, out: &Outbound, request: RequestFrame) {
    // Waiting for a run may take minutes; it must not hold up the connection's other requests.
    if request.method == "agent.wait" {
        let (state, session, out) = (state.clone(), session.clone(), out.clone());
        tokio::spawn(async move { answer(&state, &session, &out, request).await });
        return;
    }
    answer(state, session, out, request).await;
}

async fn answer(state: &Arc<GatewayState>, session: &Session, out: &Outbound, request: RequestFrame) {
    let responder = methods::Responder { id: request.id.clone(), out: out.clone() };
    let result = methods::call(state, session, &request.method, request.params, responder).await;
    let frame = match result {
        Ok(payload) => ResponseFrame::ok(request.id, payload),
        Err(error) => ResponseFrame::err(request.id, error),
    };
    out.send(response_text(&frame), false);
}

/// The next text frame; `None` when the client closed or the socket failed. Binary frames are
/// not part of the protocol and are skipped.
async fn next_text(stream: &mut futures_util::stream::SplitStream<WebSocket>) -> Option<String> {
    while let Some(message) = stream.next().await {
        match message {
            Ok(Message::Text(text)) => return Some(text.to_string()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
    None
}

pub fn response_text(frame: &ResponseFrame) -> String {
    serde_json::to_string(&Frame::Response(frame.clone())).unwrap_or_default()
}

pub fn event_text(event: &str, payload: Value) -> String {
    json!({"type": "event", "event": event, "payload": payload}).to_string()
}

/// CLI, backend and probe connections come and go per command; OpenClaw does not list them
/// as instances.
fn is_ephemeral(session: &Session) -> bool {
    matches!(session.client.mode.as_str(), "cli" | "backend" | "probe")
}

fn presence_entry(session: &Session) -> Value {
    let client = &session.client;
    json!({
        "host": client.display_name.clone().unwrap_or_else(|| client.id.as_str().to_owned()),
        "ip": session.peer.client_ip.map(|ip| ip.to_string()),
        "version": client.version,
        "platform": client.platform,
        "deviceFamily": client.device_family,
        "mode": client.mode.as_str(),
        "reason": "connect",
        "instanceId": client.instance_id.clone().unwrap_or_else(|| session.conn_id.clone()),
        "deviceId": session.device_id,
        "roles": [session.role],
        "scopes": session.scopes,
        "ts": session.connected_at_ms,
    })
}
