//! `/v1/chat/completions` answers in OpenAI's shapes, as OpenClaw 2026.9 sends them: one
//! `chat.completion` object, or a `text/event-stream` of `chat.completion.chunk`s (the role
//! first, then content deltas, an empty delta with the `finish_reason`, the usage chunk when
//! `stream_options.include_usage` asks for it, and `data: [DONE]`). A failed run is a 500
//! `api_error` with OpenClaw's `internal error` text; mid-stream it becomes an
//! `{"error":{…}}` event before `[DONE]`.

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::Response;
use futures_util::stream;
use serde_json::{Value, json};

use super::live::{LiveRun, Progress, Usage};
use crate::agent_port::{RunReport, RunStatus};
use crate::http::reply;

/// What a run with no reply text answers, as OpenClaw.
pub const NO_RESPONSE: &str = "No response from OpenClaw.";

/// The fixed parts of every chunk of one completion.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    pub model: String,
    /// Unix seconds.
    pub created: i64,
}

/// OpenAI's chat usage from OpenClaw's buckets (`toOpenAiChatCompletionsUsage`).
pub fn usage(usage: Usage) -> Value {
    let prompt = usage.input + usage.cache_read;
    let total = (prompt + usage.output).max(usage.total.unwrap_or(0));
    let mut out = json!({"prompt_tokens": prompt, "completion_tokens": usage.output, "total_tokens": total});
    if usage.cache_read > 0 {
        out["prompt_tokens_details"] = json!({"cached_tokens": usage.cache_read});
    }
    out
}

fn finish_reason(report: &RunReport) -> &'static str {
    if report.stop_reason == "length" { "length" } else { "stop" }
}

fn failed(report: &RunReport) -> bool {
    // An aborted run (someone pressed stop) still answers with what it produced.
    report.status == RunStatus::Error
}

fn internal_error() -> Value {
    json!({"message": "internal error", "type": "api_error"})
}

/// Waits for the run and answers with one `chat.completion`.
pub async fn complete(mut run: LiveRun, identity: Identity) -> Response {
    let report = run.finish().await;
    if failed(&report) {
        tracing::warn!(error = ?report.error, "openai-compat: chat completion failed");
        return reply::json_body(StatusCode::INTERNAL_SERVER_ERROR, &json!({"error": internal_error()}));
    }
    let content = report.text.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| NO_RESPONSE.to_owned());
    reply::json_body(
        StatusCode::OK,
        &json!({
            "id": identity.id,
            "object": "chat.completion",
            "created": identity.created,
            "model": identity.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason(&report)}],
            "usage": usage(Usage::of(&report)),
        }),
    )
}

fn chunk(identity: &Identity, delta: Value, finish: Option<&str>) -> String {
    let value = json!({
        "id": identity.id,
        "object": "chat.completion.chunk",
        "created": identity.created,
        "model": identity.model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    });
    format!("data: {value}\n\n")
}

const DONE: &str = "data: [DONE]\n\n";

struct Streaming {
    run: LiveRun,
    identity: Identity,
    include_usage: bool,
}

/// Answers with the event stream; the body owns the run, so a client that disconnects (and
/// with it the body) aborts it.
pub fn stream(run: LiveRun, identity: Identity, include_usage: bool) -> Response {
    let first = chunk(&identity, json!({"role": "assistant"}), None);
    let state = Some((Some(first), Streaming { run, identity, include_usage }));
    let events = stream::unfold(state, |state| async move {
        let (pending, mut s) = state?;
        if let Some(first) = pending {
            return Some((Ok::<_, std::io::Error>(Bytes::from(first)), Some((None, s))));
        }
        match s.run.next().await {
            Progress::Text(text) => {
                let out = chunk(&s.identity, json!({"content": text}), None);
                Some((Ok(Bytes::from(out)), Some((None, s))))
            }
            Progress::End(report) => Some((Ok(Bytes::from(tail(&s, &report))), None)),
        }
    });
    super::sse_response(Body::from_stream(events))
}

/// Everything after the last streamed delta.
fn tail(s: &Streaming, report: &RunReport) -> String {
    if failed(report) {
        tracing::warn!(error = ?report.error, "openai-compat: streaming chat completion failed");
        return format!("data: {}\n\n{DONE}", json!({"error": internal_error()}));
    }
    let mut out = String::new();
    if s.run.streamed().is_empty() {
        let content = report.text.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| NO_RESPONSE.to_owned());
        out.push_str(&chunk(&s.identity, json!({"content": content}), None));
    }
    out.push_str(&chunk(&s.identity, json!({}), Some(finish_reason(report))));
    if s.include_usage {
        let value = json!({
            "id": s.identity.id,
            "object": "chat.completion.chunk",
            "created": s.identity.created,
            "model": s.identity.model,
            "choices": [],
            "usage": usage(Usage::of(report)),
        });
        out.push_str(&format!("data: {value}\n\n"));
    }
    out.push_str(DONE);
    out
}
