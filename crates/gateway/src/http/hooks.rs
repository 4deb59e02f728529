//! The webhook ingress at `hooks.path` (default `/hooks`), served only when `hooks.enabled`:
//! `POST <path>/wake` queues a system event for an agent, `POST <path>/agent` accepts an agent run,
//! `POST <path>/<sub>` goes through `hooks.mappings`. Order of checks, statuses and bodies follow
//! OpenClaw 2026.9 (`hooks-request-handler.ts`):
//!
//! 1. `?token=` anywhere in the query → 400 (tokens in URLs leak into logs), before anything else;
//! 2. any method but POST → 405 with `Allow: POST`;
//! 3. the hooks token from `Authorization: Bearer` or `X-OpenClaw-Token`; a wrong or missing one is
//!    counted per client IP (20 per minute, loopback not exempt: hooks are called by programs on
//!    the same host too) → 401 `Unauthorized`, or 429 `Too Many Requests` + `Retry-After` once
//!    locked out; a correct token always passes and clears the count;
//! 4. an empty sub-path → 404; a body over `hooks.maxBodyBytes` → 413; bad JSON → 400;
//! 5. the payload rules → 400 `{ok:false,error}`; accepted → 200 `{ok:true,…}`.
//!
//! Nothing is executed here: wakes become events in [`crate::events::SystemEvents`] and agent runs
//! wait there until `hook_runs` starts them; without an agent runtime an agent run is refused
//! with 503 rather than accepted for nobody.

mod admission;
pub mod body;
mod mapping;
mod payload;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openclaw_policy::gateway::auth::{HOOK_QUERY_TOKEN_MESSAGE, hooks_token};
use openclaw_policy::gateway::http_path::decode_form_component;
use openclaw_policy::gateway::rate_limit::{AuthScope, RateSubject};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use self::admission::{AgentSource, HookAdmission, KeySource};
use self::body::{BodyError, payload_too_large, read_json_body};
use self::mapping::{MappedAction, MappingContext, MappingError};
use self::payload::{AgentPayload, WakePayload};
use super::{Claim, reply};
use crate::events::{
    EnqueueOutcome, HookAgentRun, HookDelivery, SessionMode, WakeMode, WakeRequest, event_session_key,
};
use crate::peer::Peer;
use crate::runtime::Runtime;
use crate::state::GatewayState;

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    let runtime = state.runtime();
    let hooks = &runtime.config.hooks;
    let path = req.uri().path();
    let under_hooks =
        path == hooks.path || path.strip_prefix(hooks.path.as_str()).is_some_and(|rest| rest.starts_with('/'));
    if !hooks.enabled || !under_hooks {
        return Err(req);
    }
    let query = parse_query(req.uri().query());
    if query.iter().any(|(name, _)| name == "token") {
        return Ok(super::text(StatusCode::BAD_REQUEST, HOOK_QUERY_TOKEN_MESSAGE));
    }
    if req.method() != Method::POST {
        return Ok(reply::method_not_allowed_post());
    }
    let configured = configured_token(&runtime);
    let headers = req.headers();
    let presented = hooks_token(header_text(headers, "authorization"), header_text(headers, "x-openclaw-token"), false);
    let subject = RateSubject::from_ip(peer.limiter_ip());
    let now_ms = u64::try_from(state.now_ms()).unwrap_or(0);
    if !configured.as_deref().is_some_and(|token| presented.matches(token)) {
        return Ok(refuse_token(state, &subject, now_ms));
    }
    lock(&state.hook_limiter).reset(AuthScope::HookAuth, &subject);

    let sub_path = path.get(hooks.path.len()..).unwrap_or_default().trim_start_matches('/').to_owned();
    if sub_path.is_empty() {
        return Ok(reply::not_found());
    }
    let (parts, body) = req.into_parts();
    let value = match read_json_body(&parts.headers, body, hooks.max_body_bytes).await {
        Ok(value) => value,
        Err(BodyError::TooLarge) => return Ok(payload_too_large(json!({"ok": false, "error": "payload too large"}))),
        Err(err) => return Ok(hook_error(err.hook_message()).into_response()),
    };
    let payload = match value {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let request = HookRequest {
        state,
        runtime: &runtime,
        admission: admission::facts(&runtime.config),
        payload: &payload,
        headers: normalized_headers(&parts.headers),
        query: query.into_iter().collect(),
        sub_path,
    };
    Ok(request.answer())
}

/// Counts a failed token and answers 401, or 429 when the client is locked out.
fn refuse_token(state: &GatewayState, subject: &RateSubject, now_ms: u64) -> Response {
    let mut limiter = lock(&state.hook_limiter);
    let decision = limiter.check(AuthScope::HookAuth, subject, now_ms);
    if !decision.allowed {
        let secs = decision.retry_after_ms.div_ceil(1000).max(1);
        tracing::warn!(client = %subject.key(), retry_after_s = secs, "hook auth throttled");
        let mut resp = super::text(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
        if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return resp;
    }
    limiter.record_failure(AuthScope::HookAuth, subject, now_ms);
    super::text(StatusCode::UNAUTHORIZED, "Unauthorized")
}

/// The configured hooks token; `None` (every request refused) if its SecretRef cannot be resolved.
fn configured_token(runtime: &Runtime) -> Option<String> {
    match crate::secrets::resolve(runtime.config.hooks.token.as_ref(), "hooks.token", &runtime.snapshot.env) {
        Ok(token) => token,
        Err(err) => {
            tracing::warn!(error = %err, "hooks.token cannot be resolved; refusing every hook request");
            None
        }
    }
}

/// One authenticated hook request with a parsed body.
struct HookRequest<'a> {
    state: &'a Arc<GatewayState>,
    runtime: &'a Runtime,
    /// What the hooks settings allow this request, from the same config snapshot.
    admission: HookAdmission<'a>,
    payload: &'a Map<String, Value>,
    headers: BTreeMap<String, String>,
    query: BTreeMap<String, String>,
    sub_path: String,
}

impl HookRequest<'_> {
    fn answer(&self) -> Response {
        let result = match self.sub_path.as_str() {
            "wake" => self.wake(),
            "agent" => self.agent(),
            _ => self.mapped(),
        };
        result.unwrap_or_else(IntoResponse::into_response)
    }

    fn wake(&self) -> Result<Response, HookFailure> {
        let wake = payload::normalize_wake(self.payload).map_err(hook_error)?;
        let target = self.admission.target_agent(wake.agent_id.as_deref(), AgentSource::Request).map_err(hook_error)?;
        let outcome = self.dispatch_wake(&wake, &target.effective, KeySource::Request)?;
        Ok(ok(json!({"ok": true, "mode": wake.mode.as_str(), "eventOutcome": outcome.as_str()})))
    }

    fn agent(&self) -> Result<Response, HookFailure> {
        match self.payload.get("waitForCompletion") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => {
                // OpenClaw holds the response until the run finishes; this gateway does not wait
                // for hook runs yet, so say so instead of answering before the run is done.
                return Err(hook_status(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "agent runtime unavailable: waitForCompletion cannot be honoured",
                ));
            }
            Some(_) => return Err(hook_error("waitForCompletion must be boolean")),
        }
        let agent = payload::normalize_agent(self.payload).map_err(hook_error)?;
        let config = &self.runtime.config;
        let target =
            self.admission.target_agent(agent.agent_id.as_deref(), AgentSource::Request).map_err(hook_error)?;
        if agent.session_mode == SessionMode::Persistent && agent.session_key.is_none() {
            return Err(hook_error("sessionKey is required when sessionMode is persistent"));
        }
        let key = self
            .admission
            .session_key(agent.session_key.as_deref(), KeySource::Request, &new_id())
            .map_err(hook_error)?;
        if agent.session_mode == SessionMode::Persistent && config.hooks.allowed_session_key_prefixes.is_none() {
            return Err(hook_error(
                "hooks.allowedSessionKeyPrefixes is required when direct hook sessionMode is persistent",
            ));
        }
        let key = self.admission.dispatch_session_key(&key, &target.effective).map_err(hook_error)?;
        let idempotency_key = self.header_idempotency_key().or_else(|| agent.idempotency_key.clone());
        let requested_key = agent.session_key.clone();
        let run = self.agent_run(agent, target.effective, key, None, idempotency_key);
        self.submit(run, requested_key.as_deref())
    }

    fn mapped(&self) -> Result<Response, HookFailure> {
        let now_iso = iso_millis(self.state.now_ms());
        let ctx = MappingContext {
            payload: self.payload,
            headers: &self.headers,
            query: &self.query,
            path: &self.sub_path,
            now_iso: &now_iso,
        };
        let action = match mapping::apply_mappings(&self.runtime.config.hooks.mappings, &ctx) {
            None => return Ok(reply::not_found()),
            Some(Ok(action)) => action,
            Some(Err(MappingError::Invalid(message))) => return Err(hook_error(message)),
            Some(Err(MappingError::Unsupported(reason))) => {
                tracing::warn!(%reason, "hook mapping failed");
                return Err(hook_status(StatusCode::INTERNAL_SERVER_ERROR, "hook mapping failed"));
            }
        };
        let config = &self.runtime.config;
        match action {
            MappedAction::Wake { text, mode, agent_id, session_key, key_source, .. } => {
                let target =
                    self.admission.target_agent(agent_id.as_deref(), AgentSource::Mapping).map_err(hook_error)?;
                let wake = WakePayload { text, mode, agent_id, session_key };
                let source = key_source.unwrap_or(KeySource::MappingStatic);
                let outcome = self.dispatch_wake(&wake, &target.effective, source)?;
                Ok(ok(json!({"ok": true, "mode": mode.as_str(), "eventOutcome": outcome.as_str()})))
            }
            MappedAction::Agent {
                mapping_id,
                message,
                name,
                agent_id,
                wake_mode,
                session_key,
                key_source,
                deliver,
                allow_unsafe_external_content,
                channel,
                to,
                model,
                thinking,
                timeout_seconds,
            } => {
                let channel_value = channel.map(Value::String);
                let channel = payload::resolve_channel(channel_value.as_ref())
                    .ok_or_else(|| hook_error(payload::channel_error()))?;
                let delivery = if deliver == Some(false) {
                    HookDelivery::None
                } else {
                    HookDelivery::Announce { channel, to, account_id: None }
                };
                let target =
                    self.admission.target_agent(agent_id.as_deref(), AgentSource::Mapping).map_err(hook_error)?;
                let source = key_source.unwrap_or(KeySource::MappingStatic);
                let key = self.admission.session_key(session_key.as_deref(), source, &new_id()).map_err(hook_error)?;
                let key = self.admission.dispatch_session_key(&key, &target.effective).map_err(hook_error)?;
                let session_key = session_key.or_else(|| config.hooks.default_session_key.clone());
                let agent = AgentPayload {
                    message,
                    name: name.unwrap_or_else(|| "Hook".to_owned()),
                    agent_id: target.selected.clone(),
                    idempotency_key: None,
                    wake_mode,
                    session_key: None,
                    session_mode: SessionMode::Isolated,
                    delivery,
                    model,
                    thinking,
                    timeout_seconds,
                };
                let idempotency_key = self
                    .header_idempotency_key()
                    .or_else(|| payload::idempotency_key(self.payload.get("idempotencyKey")));
                let mut run = self.agent_run(agent, target.effective, key, Some(mapping_id), idempotency_key);
                run.allow_unsafe_external_content = allow_unsafe_external_content.unwrap_or(false);
                self.submit(run, session_key.as_deref())
            }
        }
    }

    /// Queues the wake text for the agent (under `wake.session_key`, checked, when given) and
    /// asks for a turn now when `mode` is `now`.
    fn dispatch_wake(
        &self,
        wake: &WakePayload,
        agent_id: &str,
        source: KeySource,
    ) -> Result<EnqueueOutcome, HookFailure> {
        let config = &self.runtime.config;
        let dispatch_key = match wake.session_key.as_deref() {
            None => None,
            Some(requested) => {
                let key = self.admission.session_key(Some(requested), source, &new_id()).map_err(hook_error)?;
                Some(self.admission.dispatch_session_key(&key, agent_id).map_err(hook_error)?)
            }
        };
        let event_key = event_session_key(agent_id, dispatch_key.as_deref(), &config.session.main_key);
        let events = &self.state.system_events;
        let outcome = events.enqueue(&event_key, &wake.text, self.state.now_ms());
        if wake.mode == WakeMode::Now {
            events.request_wake(WakeRequest {
                agent_id: agent_id.to_owned(),
                session_key: event_key,
                reason: "hook:wake".to_owned(),
            });
        }
        Ok(outcome)
    }

    fn agent_run(
        &self,
        agent: AgentPayload,
        agent_id: String,
        session_key: String,
        mapping_id: Option<String>,
        idempotency_key: Option<String>,
    ) -> HookAgentRun {
        let hooks_path = &self.runtime.config.hooks.path;
        let external_content_source = if self.sub_path == "gmail" { "gmail" } else { "webhook" };
        HookAgentRun {
            run_id: new_id(),
            agent_id,
            session_key,
            message: agent.message,
            name: agent.name,
            wake_mode: agent.wake_mode,
            session_mode: agent.session_mode,
            delivery: agent.delivery,
            model: agent.model,
            thinking: agent.thinking,
            timeout_seconds: agent.timeout_seconds,
            allow_unsafe_external_content: false,
            external_content_source: external_content_source.to_owned(),
            source_path: format!("{hooks_path}/{}", self.sub_path),
            mapping_id,
            idempotency_key,
            accepted_at_ms: self.state.now_ms(),
        }
    }

    /// Queues the run. With an idempotency key, a repeat of the same request (same key, path,
    /// agent, requested session key and run settings) within five minutes gets the first run's id.
    /// Without an agent runtime nothing would ever run it, so the caller hears 503 instead of an
    /// `ok` that promises a run.
    fn submit(&self, run: HookAgentRun, requested_session_key: Option<&str>) -> Result<Response, HookFailure> {
        if self.state.agent.0.is_none() {
            return Err(hook_status(StatusCode::SERVICE_UNAVAILABLE, "agent runtime unavailable"));
        }
        let run_id = run.run_id.clone();
        let booked_session = openclaw_policy::session_key::to_store_session_key(&run.agent_id, Some(&run.session_key));
        let events = &self.state.system_events;
        let submitted = match run.idempotency_key.as_deref() {
            Some(idempotency_key) => {
                let scope = json!({
                    "path": self.sub_path,
                    "idempotencyKey": idempotency_key,
                    "agentId": run.agent_id,
                    "sessionKey": requested_session_key.or(self.runtime.config.hooks.default_session_key.as_deref()),
                    "message": run.message,
                    "name": run.name,
                    "wakeMode": run.wake_mode.as_str(),
                    "sessionMode": run.session_mode.as_str(),
                    "delivery": format!("{:?}", run.delivery),
                    "model": run.model,
                    "thinking": run.thinking,
                    "timeoutSeconds": run.timeout_seconds,
                });
                let replay_key = hex::encode(Sha256::digest(scope.to_string().as_bytes()));
                events.submit_agent_run_once(&replay_key, run)
            }
            None => events.submit_agent_run(run).map(|()| run_id.clone()),
        };
        match submitted {
            Ok(accepted) => {
                // Booked now, before the answer names the run, so an `agent.wait` sent right
                // after it finds the run (a replayed key names an earlier run, booked then).
                if accepted == run_id {
                    self.state.runs.start(&run_id, &booked_session, self.state.now_ms());
                }
                Ok(ok(json!({"ok": true, "runId": accepted})))
            }
            Err(full) => {
                tracing::warn!(error = %full, "hook agent run refused");
                Err(HookFailure {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    body: json!({"ok": false, "error": "hook agent run did not start before admission timeout", "runId": run_id}),
                })
            }
        }
    }

    fn header_idempotency_key(&self) -> Option<String> {
        ["idempotency-key", "x-openclaw-idempotency-key"].iter().find_map(|name| {
            payload::idempotency_key(self.headers.get(*name).map(|v| Value::String(v.clone())).as_ref())
        })
    }
}

fn ok(body: Value) -> Response {
    json_reply(StatusCode::OK, &body)
}

/// A refused hook request: `status` with `{ok:false,error,…}`.
#[derive(Debug)]
struct HookFailure {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for HookFailure {
    fn into_response(self) -> Response {
        json_reply(self.status, &self.body)
    }
}

/// JSON with OpenClaw's `application/json; charset=utf-8`.
fn json_reply(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}

/// 400 `{ok:false,error}`.
fn hook_error(message: impl std::fmt::Display) -> HookFailure {
    hook_status(StatusCode::BAD_REQUEST, message.to_string())
}

fn hook_status(status: StatusCode, message: impl Into<String>) -> HookFailure {
    HookFailure { status, body: json!({"ok": false, "error": message.into()}) }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `Date.prototype.toISOString()` of `ms`.
fn iso_millis(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Header names lowercased, repeated headers joined with `, ` (for mapping templates).
fn normalized_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let Ok(value) = value.to_str() else { continue };
        out.entry(name.as_str().to_ascii_lowercase())
            .and_modify(|existing| {
                existing.push_str(", ");
                existing.push_str(value);
            })
            .or_insert_with(|| value.to_owned());
    }
    out
}

/// `application/x-www-form-urlencoded` query pairs, decoded leniently like `URLSearchParams`.
fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_form_component(name), decode_form_component(value))
        })
        .collect()
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}
