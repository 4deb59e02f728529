//! `agent`, `agent.wait`, `chat.send` and `chat.abort`: starting agent runs on sessions,
//! waiting for them and stopping them. The run id is the request's idempotency key, as in
//! OpenClaw, so a client that retries after a dropped connection gets the run it already
//! started instead of a second one. Progress reaches clients as `agent`/`chat` events
//! (see `run_driver`); `agent` additionally sends a second, final response for the same
//! request id when the run ends (what `--expect-final` clients wait for).

use std::sync::Arc;
use std::time::Duration;

use openclaw_protocol::methods::{AgentParams, AgentWaitParams, ChatAbortParams, ChatAttachment, ChatSendParams};
use openclaw_protocol::{ErrorCode, ErrorShape, ResponseFrame};
use serde_json::{Value, json};

use super::{MethodResult, Responder, params};
use crate::agent_port::{
    CommandAuth, ImageInput, ImageLimits, ImageRefusal, RunReport, RunRequest, RunStatus, check_image, normalize_mime,
};
use crate::run_driver::{self, StartError};
use crate::runs::Claim;
use crate::sessions_view::resolve_key;
use crate::state::GatewayState;

/// `agent.wait` without `timeoutMs` waits this long, as OpenClaw.
const DEFAULT_WAIT_MS: u64 = 30_000;

pub fn agent(state: &Arc<GatewayState>, raw: Option<Value>, responder: Responder) -> MethodResult {
    let p: AgentParams = params("agent", raw)?;
    let runtime = state.runtime();
    let default_agent = &runtime.config.agents.default_agent_id;
    let agent_hint = p.agent_id.as_deref().map_or_else(|| default_agent.clone(), |a| a.trim().to_lowercase());
    let requested_key = match (&p.session_key, &p.session_id) {
        (Some(key), _) => key.clone(),
        // A session named by its id: the key of the entry holding that id (OpenClaw's
        // `--session-id`), refused when no session has it.
        (None, Some(id)) => key_of_session_id(state, &agent_hint, id)?,
        (None, None) => format!("agent:{agent_hint}:main"),
    };
    let (agent_id, session_key) = resolve_key(&requested_key, default_agent);
    if let Some(agent) = &p.agent_id
        && agent.trim().to_lowercase() != agent_id
    {
        return Err(super::invalid(format!(
            "agentId \"{agent}\" does not match the agent of session \"{session_key}\""
        )));
    }
    let images = attachment_images(&p.attachments)?;
    if let Some(model) = &p.model {
        state.check_model(&agent_id, model).map_err(super::invalid)?;
    }
    let run_id = p.idempotency_key.clone();
    let now = state.now_ms();
    if let Claim::Existing { run_id, in_flight } = state.runs.claim(&p.idempotency_key, run_id.clone(), now) {
        let status = if in_flight { "in_flight" } else { "ok" };
        return Ok(json!({"runId": run_id, "status": status, "sessionKey": session_key, "agentId": agent_id}));
    }
    let request = RunRequest {
        images,
        model: p.model,
        thinking: p.thinking,
        timeout_ms: p.timeout.filter(|t| *t > 0).map(|t| u64::try_from(t).unwrap_or(0).saturating_mul(1000)),
        extra_system_prompt: p.extra_system_prompt,
        commands: Some(CommandAuth::OPERATOR),
        ..RunRequest::new(
            runtime.snapshot.clone(),
            run_id.clone(),
            agent_id.clone(),
            session_key.clone(),
            p.message,
            "agent",
        )
    };
    let report = run_driver::start(state, request).map_err(start_error)?;
    let started = std::time::Instant::now();
    let final_run_id = run_id.clone();
    tokio::spawn(async move {
        let report = report.await.unwrap_or_else(|_| RunReport::failed("the run was dropped"));
        let payload = final_payload(&final_run_id, &report, started.elapsed());
        responder.send(ResponseFrame::ok(responder.id.clone(), payload));
    });
    Ok(
        json!({"runId": run_id, "sessionKey": session_key, "agentId": agent_id, "status": "accepted", "acceptedAt": now}),
    )
}

/// The store key of the session whose entry has `session_id`, in `agent`'s store.
fn key_of_session_id(state: &GatewayState, agent: &str, session_id: &str) -> Result<String, ErrorShape> {
    let agent_id = openclaw_store::AgentId::new(agent).map_err(|e| super::invalid(e.to_string()))?;
    let records = openclaw_store::sessions::list_sessions(&state.state_dir, &agent_id)
        .map_err(|e| ErrorShape::new(ErrorCode::Unavailable, e.to_string()))?;
    records
        .into_iter()
        .find(|r| r.session_id() == Some(session_id))
        .map(|r| r.key)
        .ok_or_else(|| super::invalid(format!("no session with id \"{session_id}\" for agent \"{agent}\"")))
}

/// The second response of `agent`: `{runId, status, summary, result:{payloads, meta}}`.
fn final_payload(run_id: &str, report: &RunReport, elapsed: Duration) -> Value {
    let payloads: Vec<Value> = report.text.iter().map(|text| json!({"text": text})).collect();
    let mut meta =
        json!({"durationMs": u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX), "stopReason": report.stop_reason});
    if let Some(session_id) = &report.session_id {
        meta["agentMeta"] = json!({"sessionId": session_id});
    }
    if let Some(usage) = &report.usage {
        meta["usage"] = usage.clone();
    }
    let (status, summary) = match report.status {
        RunStatus::Ok => ("ok", "completed".to_owned()),
        RunStatus::Aborted => ("aborted", "aborted".to_owned()),
        RunStatus::Error => ("error", report.error.clone().unwrap_or_else(|| "failed".to_owned())),
    };
    json!({"runId": run_id, "status": status, "summary": summary, "result": {"payloads": payloads, "meta": meta}})
}

pub async fn agent_wait(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: AgentWaitParams = params("agent.wait", raw)?;
    let timeout = p.timeout_ms.and_then(|t| u64::try_from(t).ok()).unwrap_or(DEFAULT_WAIT_MS);
    match state.runs.wait(&p.run_id, Duration::from_millis(timeout)).await {
        Some(Ok(end)) => {
            let status = match end.status {
                RunStatus::Ok | RunStatus::Aborted => "ok",
                RunStatus::Error => "error",
            };
            let mut out =
                json!({"runId": p.run_id, "status": status, "startedAt": end.started_at, "endedAt": end.ended_at});
            if end.status == RunStatus::Aborted {
                out["aborted"] = true.into();
            }
            if let Some(error) = end.error.filter(|_| end.status == RunStatus::Error) {
                out["error"] = error.into();
            }
            Ok(out)
        }
        Some(Err(started_at)) => Ok(json!({"runId": p.run_id, "status": "timeout", "startedAt": started_at})),
        None => Err(super::invalid(format!("unknown runId: {}", p.run_id))),
    }
}

pub fn chat_send(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: ChatSendParams = params("chat.send", raw)?;
    let runtime = state.runtime();
    let (agent_id, session_key) = resolve_key(&p.session_key, &runtime.config.agents.default_agent_id);
    let images = attachment_images(&p.attachments)?;
    if p.message.trim().is_empty() && images.is_empty() {
        return Err(super::invalid("message or attachment required"));
    }
    let run_id = p.idempotency_key.clone();
    if let Claim::Existing { run_id, in_flight } = state.runs.claim(&p.idempotency_key, run_id.clone(), state.now_ms())
    {
        return Ok(json!({"runId": run_id, "status": if in_flight { "in_flight" } else { "ok" }}));
    }
    let request = RunRequest {
        images,
        thinking: p.thinking,
        timeout_ms: p.timeout_ms.filter(|t| *t > 0).and_then(|t| u64::try_from(t).ok()),
        commands: (!p.suppress_commands).then_some(CommandAuth::OPERATOR),
        ..RunRequest::new(runtime.snapshot.clone(), run_id.clone(), agent_id, session_key, p.message, "chat")
    };
    run_driver::start(state, request).map_err(start_error)?;
    Ok(json!({"runId": run_id, "status": "started"}))
}

pub fn chat_abort(state: &Arc<GatewayState>, raw: Option<Value>) -> MethodResult {
    let p: ChatAbortParams = params("chat.abort", raw)?;
    let runtime = state.runtime();
    let (_, session_key) = resolve_key(&p.session_key, &runtime.config.agents.default_agent_id);
    let run_ids = state.runs.abort(&session_key, p.run_id.as_deref());
    Ok(json!({"ok": true, "aborted": !run_ids.is_empty(), "runIds": run_ids}))
}

/// OpenClaw's ceiling for one inline chat image (`MAX_IMAGE_BYTES`), which is below its 20 MiB
/// attachment default and so the limit that applies.
pub const CHAT_IMAGE_MAX_BYTES: u64 = 6 * 1024 * 1024;

/// Types that say nothing about the content; the bytes or the file name decide instead.
const GENERIC_MIMES: &[&str] = &["application/octet-stream", "application/zip"];

/// The images of `chat.send` (and `agent`) attachments. Anything else is refused: OpenClaw saves other files
/// for the agent's tools to read, and this gateway has no tools that read files yet.
fn attachment_images(attachments: &[ChatAttachment]) -> Result<Vec<ImageInput>, ErrorShape> {
    let limits = ImageLimits::new(CHAT_IMAGE_MAX_BYTES);
    attachments
        .iter()
        .map(|attachment| {
            attachment_image(attachment, &limits).map_err(|problem| {
                let part = match attachment.file_name.as_deref().filter(|n| !n.is_empty()) {
                    Some(name) => format!("attachments[{}] ({name})", attachment.index),
                    None => format!("attachments[{}]", attachment.index),
                };
                super::invalid(format!("{part}: {problem}"))
            })
        })
        .collect()
}

fn attachment_image(attachment: &ChatAttachment, limits: &ImageLimits) -> Result<ImageInput, String> {
    let content = attachment.content.trim();
    // Clients may send a whole data URL; its type only counts when no `mimeType` was given.
    let data_url = content.split_once(',').and_then(|(head, data)| {
        let mime = head.strip_prefix("data:")?.strip_suffix(";base64")?;
        Some((mime, data))
    });
    let (url_mime, data) = data_url.map_or((None, content), |(mime, data)| (Some(mime), data));
    let declared = attachment
        .mime_type
        .as_deref()
        .and_then(normalize_mime)
        .filter(|m| !GENERIC_MIMES.contains(&m.as_str()))
        .or_else(|| url_mime.and_then(normalize_mime))
        .or_else(|| attachment.file_name.as_deref().and_then(mime_from_file_name));
    let non_image = |mime: &str| format!("non-image attachments ({mime}) are not supported by this gateway yet");
    if let Some(mime) = declared.as_deref().filter(|m| !m.starts_with("image/")) {
        return Err(non_image(mime));
    }
    check_image(declared.as_deref().unwrap_or_default(), data, limits).map_err(|refusal| match refusal {
        ImageRefusal::UnsupportedType(mime) if mime.is_empty() => {
            "cannot tell the attachment's type (give `mimeType`); only images are supported".to_owned()
        }
        other => other.to_string(),
    })
}

/// The image type a file name's extension implies.
fn mime_from_file_name(name: &str) -> Option<String> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    };
    Some(mime.to_owned())
}

fn start_error(error: StartError) -> ErrorShape {
    match error {
        StartError::NoAgent => {
            ErrorShape::new(ErrorCode::Unavailable, "the agent runtime is not available in this gateway")
        }
    }
}
