//! The gateway's RPC methods. [`call`] routes an authorized request to its handler; every
//! handler takes the shared state, the calling [`Session`] and the raw `params`, and returns
//! the response payload or an [`ErrorShape`]. Authorization (role and scopes) happened before
//! this point; handlers only re-check what depends on the params.

mod agents;
mod channels;
mod config;
mod devices;
mod health;
mod logs;
mod models;
mod presence;
mod run;
mod sessions;
mod sessions_write;

use std::sync::Arc;

use openclaw_protocol::{ErrorCode, ErrorShape};
use serde_json::Value;

use crate::state::GatewayState;
use crate::ws::session::Session;

/// What a handler returns.
pub type MethodResult = Result<Value, ErrorShape>;

/// Methods this gateway implements (advertised in `hello-ok.features.methods`).
pub const IMPLEMENTED: &[&str] = &[
    "health",
    "status",
    "logs.tail",
    "channels.status",
    "config.get",
    "config.set",
    "config.apply",
    "config.patch",
    "config.schema",
    "models.list",
    "agents.list",
    "sessions.list",
    "sessions.preview",
    "device.pair.list",
    "device.pair.approve",
    "device.pair.reject",
    "device.pair.remove",
    "device.token.rotate",
    "device.token.revoke",
    "system-presence",
    "chat.history",
    "chat.send",
    "chat.abort",
    "agent",
    "agent.wait",
    "sessions.patch",
    "sessions.reset",
];

/// Runs `method`.
/// Sends further responses for a request after its first one (`agent`'s final result).
#[derive(Clone)]
pub struct Responder {
    pub id: String,
    pub out: crate::ws::outbound::Outbound,
}

impl Responder {
    pub fn send(&self, frame: openclaw_protocol::ResponseFrame) {
        self.out.send(crate::ws::connection::response_text(&frame), false);
    }
}

pub async fn call(
    state: &Arc<GatewayState>,
    session: &Session,
    method: &str,
    params: Option<Value>,
    responder: Responder,
) -> MethodResult {
    match method {
        "agent" => run::agent(state, params, responder),
        "agent.wait" => run::agent_wait(state, params).await,
        "chat.send" => run::chat_send(state, params),
        "chat.abort" => run::chat_abort(state, params),
        "sessions.patch" => sessions_write::patch(state, params),
        "sessions.reset" => sessions_write::reset(state, params),
        "health" => health::health(state),
        "status" => health::status(state, session),
        "logs.tail" => logs::tail(state, params),
        "channels.status" => channels::status(state),
        "config.get" => config::get(state),
        "config.schema" => config::schema(params),
        "config.set" | "config.apply" => config::apply(state, session, method, params),
        "config.patch" => config::patch(state, session, params),
        "models.list" => models::list(state),
        "agents.list" => agents::list(state),
        "sessions.list" => sessions::list(state, params),
        "sessions.preview" => sessions::preview(state, params),
        "chat.history" => sessions::chat_history(state, params),
        "device.pair.list" => devices::list(state),
        "device.pair.approve" => devices::approve(state, session, params),
        "device.pair.reject" => devices::reject(state, params),
        "device.pair.remove" => devices::remove(state, params),
        "device.token.rotate" => devices::rotate(state, session, params),
        "device.token.revoke" => devices::revoke(state, params),
        "system-presence" => presence::list(state),
        other => Err(invalid(format!("unknown method: {other}"))),
    }
}

/// The `health` payload (also sent in `hello-ok` and as an event after it).
pub fn health_snapshot(state: &Arc<GatewayState>) -> Value {
    health::snapshot(state)
}

/// Presence entries: the gateway itself plus every connected client.
pub fn presence_entries(state: &Arc<GatewayState>) -> Vec<Value> {
    presence::entries(state)
}

pub fn invalid(message: impl Into<String>) -> ErrorShape {
    ErrorShape::new(ErrorCode::InvalidRequest, message)
}

pub fn unavailable(message: impl Into<String>) -> ErrorShape {
    ErrorShape::new(ErrorCode::Unavailable, message)
}

/// `params` decoded strictly into `T`, with the protocol crate's one-line error.
pub fn params<T: openclaw_protocol::Decode>(method: &str, params: Option<Value>) -> Result<T, ErrorShape> {
    openclaw_protocol::parse_params(params).map_err(|err| invalid(format!("invalid {method} params: {err}")))
}
