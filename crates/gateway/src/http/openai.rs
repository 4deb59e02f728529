//! The OpenAI-compatible endpoints, `POST /v1/chat/completions` and `POST /v1/responses`, each
//! served only when enabled (`gateway.http.endpoints.chatCompletions.enabled`,
//! `…responses.enabled`; both off by default). When off the path is not claimed at all and ends
//! in the plain 404, exactly like OpenClaw.
//!
//! When on: POST only (405 + `Allow: POST`), gateway bearer auth (401/429), a body limit (20 MiB
//! for chat completions, `…responses.maxBodyBytes` for responses; 413), the request shape and the
//! agent selection (`model: "openclaw" | "openclaw/<agentId>" | "agent:<agentId>"` or
//! `x-openclaw-agent-id`) checked with OpenClaw's 400 texts, then the current turn's inline
//! images checked and the parts a run cannot carry refused (`inputs`). A valid request becomes one agent run through the
//! [`AgentPort`](crate::agent_port::AgentPort) (`live`), answered whole or as an event stream
//! (`chat_reply`, `responses_reply`); without a port it is answered 503 `unavailable`.

mod chat;
mod chat_reply;
mod inputs;
mod live;
mod media;
mod prompt;
mod response_sessions;
mod responses;
mod responses_reply;
mod schema;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;
use openclaw_config::model::agents::normalize_agent_id;
use openclaw_config::model::resolved::Config;
use openclaw_config::model::resolved::Responses;
use serde_json::Value;

pub(crate) use self::response_sessions::ResponseSessions;

use self::live::LiveRun;
use self::media::Media;
use self::response_sessions::ResponseScope;
use super::hooks::body::read_json_body;
use super::tools_invoke::body_error;
use super::{Claim, auth, reply};
use crate::agent_port::RunRequest;
use crate::peer::Peer;
use crate::run_driver::StartError;
use crate::sessions_view::resolve_key;
use crate::state::GatewayState;
use openclaw_policy::gateway::auth::AuthMethod;
use openclaw_providers::Sampling;

pub const CHAT_COMPLETIONS_PATH: &str = "/v1/chat/completions";
pub const RESPONSES_PATH: &str = "/v1/responses";

/// Body limit of `/v1/chat/completions`.
pub const CHAT_COMPLETIONS_MAX_BODY_BYTES: u64 = 20 * 1024 * 1024;

/// What a valid request gets when this gateway has no agent runtime.
pub const RUNTIME_UNAVAILABLE: &str = "agent runtime unavailable: no model provider is configured";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    ChatCompletions,
    Responses,
}

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    let runtime = state.runtime();
    let http = &runtime.config.gateway.http;
    let (endpoint, limit) = match req.uri().path() {
        RESPONSES_PATH if http.responses.enabled => (Endpoint::Responses, responses_body_limit(&http.responses)),
        CHAT_COMPLETIONS_PATH if http.chat_completions_enabled => {
            (Endpoint::ChatCompletions, CHAT_COMPLETIONS_MAX_BODY_BYTES)
        }
        _ => return Err(req),
    };
    if req.method() != Method::POST {
        return Ok(reply::method_not_allowed_post());
    }
    let authorized = match auth::authorize(state, peer, req.headers()).await {
        Ok(authorized) => authorized,
        Err(refusal) => return Ok(refusal),
    };
    // Choosing the model is the owner's call (OpenClaw: `operator.admin`), checked before the body.
    if header_value(req.headers(), "x-openclaw-model").is_some() && !authorized.is_owner(req.headers()) {
        return Ok(reply::missing_scope(auth::ADMIN_SCOPE));
    }
    let (parts, body) = req.into_parts();
    let value = match read_json_body(&parts.headers, body, limit).await {
        Ok(value) => value,
        Err(err) => return Ok(body_error(&err)),
    };
    let checked = match endpoint {
        Endpoint::ChatCompletions => check_chat(&runtime.config, &parts.headers, &value),
        Endpoint::Responses => check_responses(&runtime.config, &parts.headers, &value),
    };
    let Checked { agent_id, media, model: model_override, max_tokens, sampling } = match checked {
        Ok(checked) => checked,
        Err(message) => return Ok(reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", &message)),
    };
    if let Some(model) = &model_override
        && let Err(message) = state.check_model(&agent_id, model)
    {
        return Ok(reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", &message));
    }
    // URL images and files are fetched and read only for a request that is otherwise valid.
    let media::Materialised { images, file_blocks } =
        match media::materialise(&http.responses, &state.url_fetch, media).await {
            Ok(done) => done,
            Err(message) => return Ok(reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", &message)),
        };
    let payload = value.as_object().cloned().unwrap_or_default();
    let turn = |run_id: String, (agent_id, session_key): (String, String), prompt: prompt::Prompt, images| {
        // Files join the extra system prompt after everything else, as in OpenClaw.
        let extra_system_prompt = match (prompt.extra_system_prompt, file_blocks.is_empty()) {
            (extra, true) => extra,
            (None, false) => Some(file_blocks.join("\n\n")),
            (Some(extra), false) => Some(format!("{extra}\n\n{}", file_blocks.join("\n\n"))),
        };
        // OpenClaw runs HTTP turns through `agentCommand`, which never parses slash commands:
        // `commands` stays off.
        RunRequest {
            images,
            extra_system_prompt,
            model: model_override.clone(),
            max_tokens,
            sampling: sampling.clone(),
            ..RunRequest::new(runtime.snapshot.clone(), run_id, agent_id, session_key, prompt.message, "http")
        }
    };
    let created = state.now_ms().div_euclid(1000);
    let user = payload.get("user").and_then(Value::as_str);
    let model = payload.get("model").and_then(Value::as_str);
    Ok(match endpoint {
        Endpoint::ChatCompletions => {
            let prompt = prompt::from_chat(payload.get("messages"));
            if prompt.message.is_empty() {
                return Ok(reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", MISSING_CHAT_MESSAGE));
            }
            let run_id = format!("chatcmpl_{}", uuid::Uuid::new_v4());
            let session = session_key(&parts.headers, &agent_id, user, "openai");
            let run = match LiveRun::start(state, turn(run_id.clone(), session, prompt, images)) {
                Ok(run) => run,
                Err(StartError::NoAgent) => return Ok(unavailable()),
            };
            let identity = chat_reply::Identity { id: run_id, model: model.unwrap_or("openclaw").to_owned(), created };
            if payload.get("stream") == Some(&Value::Bool(true)) {
                let include_usage =
                    payload.get("stream_options").and_then(|o| o.get("include_usage")) == Some(&Value::Bool(true));
                chat_reply::stream(run, identity, include_usage)
            } else {
                chat_reply::complete(run, identity).await
            }
        }
        Endpoint::Responses => {
            let instructions = payload.get("instructions").and_then(Value::as_str);
            let prompt = prompt::from_responses(instructions, payload.get("input"));
            if prompt.message.is_empty() {
                return Ok(reply::error(StatusCode::BAD_REQUEST, "invalid_request_error", MISSING_INPUT_MESSAGE));
            }
            let run_id = format!("resp_{}", uuid::Uuid::new_v4());
            let scope = ResponseScope::new(
                match &authorized.method {
                    AuthMethod::TrustedProxy { user } => Some(user.as_str()),
                    _ => None,
                },
                auth::bearer_token(&parts.headers),
                runtime.auth.mode.as_str(),
                &agent_id,
                header_value(&parts.headers, "x-openclaw-session-key"),
            );
            let now = state.now_ms();
            let previous = payload.get("previous_response_id").and_then(Value::as_str);
            let session = match previous.and_then(|id| state.response_sessions.lookup(id, &scope, now)) {
                Some(key) => resolve_key(&key, &agent_id),
                None => session_key(&parts.headers, &agent_id, user, "openresponses"),
            };
            // Remembered as the run starts: a streaming client has the id from the first event.
            state.response_sessions.remember(&run_id, &session.1, scope, now);
            let run = match LiveRun::start(state, turn(run_id.clone(), session, prompt, images)) {
                Ok(run) => run,
                Err(StartError::NoAgent) => return Ok(unavailable()),
            };
            let identity = responses_reply::Identity {
                id: run_id,
                item_id: format!("msg_{}", uuid::Uuid::new_v4()),
                model: model.unwrap_or_default().to_owned(),
                created_at: created,
            };
            if payload.get("stream") == Some(&Value::Bool(true)) {
                responses_reply::stream(run, identity)
            } else {
                responses_reply::complete(run, identity).await
            }
        }
    })
}

const MISSING_CHAT_MESSAGE: &str = "Missing user message in `messages`.";
const MISSING_INPUT_MESSAGE: &str = "Missing user message in `input`.";

fn unavailable() -> Response {
    tracing::debug!("OpenAI-compatible request refused: no agent runtime");
    reply::error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", RUNTIME_UNAVAILABLE)
}

/// The session a request runs in, as OpenClaw's `resolveSessionKey`: the
/// `x-openclaw-session-key` header (already checked against reserved namespaces), else a stable
/// per-user session (`agent:<id>:<prefix>-user:<user>`), else a fresh one per request. Returns
/// `(agent id, store key)`; the key decides the agent, as for every other run.
fn session_key(headers: &HeaderMap, agent_id: &str, user: Option<&str>, prefix: &str) -> (String, String) {
    let explicit =
        headers.get("x-openclaw-session-key").and_then(|v| v.to_str().ok()).map(str::trim).filter(|k| !k.is_empty());
    let key = match (explicit, user.map(str::trim).filter(|u| !u.is_empty())) {
        (Some(key), _) => key.to_owned(),
        (None, Some(user)) => format!("agent:{agent_id}:{prefix}-user:{user}"),
        (None, None) => format!("agent:{agent_id}:{prefix}:{}", uuid::Uuid::new_v4()),
    };
    resolve_key(&key, agent_id)
}

/// `200 text/event-stream` around `body`, with OpenClaw's headers.
fn sse_response(body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    response
}

/// Default per-file and per-image limits of `/v1/responses` inputs.
const DEFAULT_RESPONSES_FILE_BYTES: u64 = 5 * 1024 * 1024;
const DEFAULT_RESPONSES_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

/// What a valid request hands on to its run.
struct Checked {
    /// The agent it addresses.
    agent_id: String,
    /// The current turn's images and files, in input order (fetched and extracted once the
    /// request is known to be valid).
    media: Vec<Media>,
    /// `x-openclaw-model`, for this run only.
    model: Option<String>,
    max_tokens: Option<u32>,
    sampling: Sampling,
}

/// The `/v1/responses` body limit: room for the largest allowed file or image twice over
/// (base64 inflates it), and never below the 20 MiB default.
fn responses_body_limit(responses: &Responses) -> u64 {
    let file = responses.files.as_ref().and_then(|f| f.max_bytes).unwrap_or(DEFAULT_RESPONSES_FILE_BYTES);
    let image = responses.images.as_ref().and_then(|i| i.max_bytes).unwrap_or(DEFAULT_RESPONSES_IMAGE_BYTES);
    responses.max_body_bytes.max(file.saturating_mul(2)).max(image.saturating_mul(2))
}

/// Validates a chat completion request.
fn check_chat(config: &Config, headers: &HeaderMap, body: &Value) -> Result<Checked, String> {
    chat::validate(body)?;
    let payload = body.as_object().ok_or("Invalid request body")?;
    let model = payload.get("model").and_then(Value::as_str);
    let agent_id = request_agent(config, headers, model)?;
    session_key_override(headers)?;
    let model = model_override(headers)?;
    chat::validate_conversation(payload)?;
    let media = inputs::check_chat(payload)?.into_iter().map(Media::Image).collect();
    let (max_tokens, sampling) = chat::model_settings(payload);
    Ok(Checked { agent_id, media, model, max_tokens, sampling })
}

/// Validates a responses request.
fn check_responses(config: &Config, headers: &HeaderMap, body: &Value) -> Result<Checked, String> {
    let request = responses::validate(body)?;
    let payload = body.as_object().ok_or("Invalid request body")?;
    let agent_id = request_agent(config, headers, Some(&request.model))?;
    let model = model_override(headers)?;
    responses::validate_prompt(payload)?;
    let media = inputs::check_responses(&config.gateway.http.responses, payload)?;
    let (max_tokens, sampling) = responses::model_settings(payload);
    Ok(Checked { agent_id, media, model, max_tokens, sampling })
}

/// A request header's trimmed value; `None` when absent, blank or not text.
fn header_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// `x-openclaw-model`: `provider/model`, or a bare model (or alias) of the agent's default
/// provider, for this run only. The run resolves it like `/model` does.
fn model_override(headers: &HeaderMap) -> Result<Option<String>, String> {
    let Some(raw) = header_value(headers, "x-openclaw-model") else { return Ok(None) };
    let valid = match raw.split_once('/') {
        Some((provider, model)) => !provider.trim().is_empty() && !model.trim().is_empty(),
        None => true,
    };
    if !valid || raw.chars().any(char::is_control) {
        return Err("Invalid `x-openclaw-model`.".to_owned());
    }
    Ok(Some(raw.to_owned()))
}

const INVALID_MODEL: &str = "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.";

fn is_agent_id(raw: &str) -> bool {
    let mut chars = raw.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && raw.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The agent named by an OpenClaw routing model id: `openclaw` and `openclaw/default` are the
/// default agent; `openclaw:<id>`, `openclaw/<id>` and `agent:<id>` name one. `Err` for anything
/// else (provider model ids are not accepted here).
fn model_agent(config: &Config, model: &str) -> Result<String, String> {
    let lowered = model.trim().to_ascii_lowercase();
    if lowered == "openclaw" || lowered == "openclaw/default" {
        return Ok(config.agents.default_agent_id.clone());
    }
    let id = ["openclaw:", "openclaw/", "agent:"].iter().find_map(|prefix| lowered.strip_prefix(prefix));
    match id {
        Some(id) if is_agent_id(id) => Ok(normalize_agent_id(id)),
        _ => Err(INVALID_MODEL.to_owned()),
    }
}

fn known_agent(config: &Config, id: &str) -> bool {
    id == config.agents.default_agent_id || config.agents.get(id).is_some()
}

/// The agent a request addresses: `x-openclaw-agent-id` (or `x-openclaw-agent`), else the model,
/// else the default agent; an unknown agent is refused.
fn request_agent(config: &Config, headers: &HeaderMap, model: Option<&str>) -> Result<String, String> {
    let model = model.map(str::trim).filter(|m| !m.is_empty());
    let from_model = model.map(|m| model_agent(config, m)).transpose()?;
    let header = ["x-openclaw-agent-id", "x-openclaw-agent"]
        .iter()
        .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty()));
    let chosen = match header {
        Some(raw) if !is_agent_id(raw) => return Err(format!("Unknown agent '{raw}'.")),
        Some(raw) => normalize_agent_id(raw),
        None => from_model.unwrap_or_else(|| config.agents.default_agent_id.clone()),
    };
    if !known_agent(config, &chosen) {
        return Err(format!("Unknown agent '{chosen}'."));
    }
    Ok(chosen)
}

/// `x-openclaw-session-key` may not reach into internal session namespaces.
fn session_key_override(headers: &HeaderMap) -> Result<(), String> {
    let Some(key) = headers.get("x-openclaw-session-key").and_then(|v| v.to_str().ok()).map(str::trim) else {
        return Ok(());
    };
    let lowered = key.to_lowercase();
    let rest =
        lowered.strip_prefix("agent:").and_then(|r| r.split_once(':')).map_or(lowered.as_str(), |(_, rest)| rest);
    let reserved = ["subagent:", "cron:", "acp:"].iter().any(|ns| lowered.starts_with(ns) || rest.starts_with(ns));
    if reserved {
        return Err("`x-openclaw-session-key` cannot use reserved internal session namespaces.".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        let raw = match serde_json::from_str(json) {
            Ok(raw) => raw,
            Err(err) => panic!("bad test config: {err}"),
        };
        match Config::resolve(raw) {
            Ok(config) => config,
            Err(issues) => panic!("invalid test config: {issues:?}"),
        }
    }

    #[test]
    fn models_select_agents() {
        let cfg = config(r#"{"agents":{"list":[{"id":"main"},{"id":"ops"}]}}"#);
        let none = HeaderMap::new();
        assert_eq!(request_agent(&cfg, &none, None), Ok("main".into()));
        assert_eq!(request_agent(&cfg, &none, Some("openclaw")), Ok("main".into()));
        assert_eq!(request_agent(&cfg, &none, Some("OpenClaw/ops")), Ok("ops".into()));
        assert_eq!(request_agent(&cfg, &none, Some("agent:ops")), Ok("ops".into()));
        assert_eq!(request_agent(&cfg, &none, Some("gpt-4")), Err(INVALID_MODEL.into()));
        assert_eq!(request_agent(&cfg, &none, Some("openclaw/nope")), Err("Unknown agent 'nope'.".into()));
        let mut headers = HeaderMap::new();
        headers.insert("x-openclaw-agent-id", axum::http::HeaderValue::from_static("bad id"));
        assert_eq!(request_agent(&cfg, &headers, None), Err("Unknown agent 'bad id'.".into()));
    }

    #[test]
    fn internal_session_namespaces_are_reserved() {
        for key in ["cron:x", "agent:main:subagent:1", "ACP:x"] {
            let mut headers = HeaderMap::new();
            headers.insert("x-openclaw-session-key", axum::http::HeaderValue::from_static(key));
            assert!(session_key_override(&headers).is_err(), "{key}");
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-openclaw-session-key", axum::http::HeaderValue::from_static("agent:main:openai-user:bob"));
        assert_eq!(session_key_override(&headers), Ok(()));
    }
}
