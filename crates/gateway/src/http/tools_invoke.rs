//! `POST /tools/invoke`: run one tool over HTTP with the gateway token. Always on, so its guards
//! matter: gateway bearer auth (401/429), a 2 MiB JSON body (413), a strictly typed request
//! `{tool|name, action?, args?, sessionKey?, agentId?, idempotencyKey?, dryRun?}` (400
//! `{ok:false,error:{type:"invalid_request",message}}`), then `openclaw-policy`'s HTTP tool deny
//! list: session orchestration, code execution, file writes, scheduling, gateway control and
//! channel logins are refused unless `gateway.tools.allow` re-enables them, and
//! `gateway.tools.deny` refuses more.
//!
//! A refused tool and a tool that does not exist get the same answer, 404 `not_found` "Tool not
//! available: <name>", so the policy cannot be probed. No tools are registered in this gateway
//! yet, so every permitted tool is also "not available" — the truthful answer until tools exist.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openclaw_config::model::agents::normalize_agent_id;
use openclaw_config::model::resolved::Config;
use openclaw_policy::gateway::http_tools::{HttpToolCaller, http_tool_allowed_for, normalize_tool_name};
use serde_json::{Map, Value, json};

use super::auth::{self, HttpAuthorized};
use super::hooks::body::{BodyError, payload_too_large, read_json_body};
use super::{Claim, reply};
use crate::peer::Peer;
use crate::state::GatewayState;

pub const PATH: &str = "/tools/invoke";

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: u64 = 2 * 1024 * 1024;

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    if req.uri().path() != PATH {
        return Err(req);
    }
    if req.method() != Method::POST {
        return Ok(reply::method_not_allowed_post());
    }
    let authorized = match auth::authorize(state, peer, req.headers()).await {
        Ok(authorized) => authorized,
        Err(refusal) => return Ok(refusal),
    };
    let (parts, body) = req.into_parts();
    let value = match read_json_body(&parts.headers, body, MAX_BODY_BYTES).await {
        Ok(value) => value,
        Err(err) => return Ok(body_error(&err)),
    };
    let runtime = state.runtime();
    Ok(invoke(&runtime.config, &parts.headers, &authorized, &value))
}

/// The JSON-body failures shared with the OpenAI-compatible endpoints.
pub fn body_error(err: &BodyError) -> Response {
    match err {
        BodyError::TooLarge => {
            payload_too_large(json!({"error": {"message": "Payload too large", "type": "invalid_request_error"}}))
        }
        BodyError::Invalid(message) => reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", message),
        BodyError::Closed => reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", "connection closed"),
    }
}

/// A validated invocation.
#[derive(Debug, Clone, PartialEq)]
struct Invocation {
    /// Canonical tool name (`cron` is `automations`).
    tool: String,
}

fn invoke(config: &Config, headers: &HeaderMap, authorized: &HttpAuthorized, body: &Value) -> Response {
    let empty = Map::new();
    let input = body.as_object().unwrap_or(&empty);
    let invocation = match validate(config, input) {
        Ok(invocation) => invocation,
        Err(message) => return failure(StatusCode::BAD_REQUEST, "invalid_request", &message),
    };
    let caller = caller(headers, authorized);
    let tools = &config.gateway.tools;
    let message = format!("Tool not available: {}", invocation.tool);
    match http_tool_allowed_for(&invocation.tool, &tools.allow, &tools.deny, caller) {
        Err(denied) => {
            tracing::debug!(tool = %invocation.tool, reason = denied.reason.as_str(), "tools.invoke refused")
        }
        Ok(_) => tracing::debug!(tool = %invocation.tool, "tools.invoke: no such tool is registered"),
    }
    failure(StatusCode::NOT_FOUND, "not_found", &message)
}

fn caller(headers: &HeaderMap, authorized: &HttpAuthorized) -> HttpToolCaller {
    if authorized.is_owner(headers) { HttpToolCaller::Owner } else { HttpToolCaller::NonOwner }
}

fn validate(config: &Config, input: &Map<String, Value>) -> Result<Invocation, String> {
    // `name` wins over `tool` unless it is absent or null, as in OpenClaw.
    let raw_name = match input.get("name") {
        None | Some(Value::Null) => input.get("tool"),
        named => named,
    };
    let name = raw_name.and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty());
    let Some(name) = name else {
        return Err("tools.invoke requires name".to_owned());
    };
    for (field, expected) in [
        ("action", Kind::String),
        ("args", Kind::Object),
        ("sessionKey", Kind::String),
        ("agentId", Kind::String),
        ("idempotencyKey", Kind::String),
        ("dryRun", Kind::Bool),
    ] {
        match input.get(field) {
            None | Some(Value::Null) => {}
            Some(value) if expected.accepts(value) => {}
            Some(_) => return Err(format!("{field} must be {}", expected.describe())),
        }
    }
    if let Some(agent) = input.get("agentId").and_then(Value::as_str).map(str::trim).filter(|a| !a.is_empty()) {
        let id = normalize_agent_id(agent);
        if id != config.agents.default_agent_id && config.agents.get(&id).is_none() {
            return Err(format!("Unknown agent id \"{agent}\""));
        }
    }
    let canonical = normalize_tool_name(name);
    // Only the scheduler's legacy alias is renamed in messages; other names are kept as sent.
    let tool = if canonical == "automations" { canonical } else { name.to_owned() };
    Ok(Invocation { tool })
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    String,
    Object,
    Bool,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Self::String => value.is_string(),
            Self::Object => value.is_object(),
            Self::Bool => value.is_boolean(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::String => "a string",
            Self::Object => "an object",
            Self::Bool => "a boolean",
        }
    }
}

/// `{ok:false,error:{type,message}}`.
fn failure(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = json!({"ok": false, "error": {"type": kind, "message": message}});
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}
