//! `/v1/chat/completions` answers in OpenAI's shapes, as OpenClaw 2026.9 sends them: one
//! `chat.completion` object, or a `text/event-stream` of `chat.completion.chunk`s (the role
//! first, then content deltas, an empty delta with the `finish_reason`, the usage chunk when
//! `stream_options.include_usage` asks for it, and `data: [DONE]`). A failed run is a 500
//! `api_error` with OpenClaw's `internal error` text; mid-stream it becomes an
//! `{"error":{…}}` event before `[DONE]`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::live::{DONE, LiveRun, Usage, event_stream, reply_text, run_failed};
use crate::agent_port::RunReport;
use crate::http::reply;

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

fn internal_error() -> Value {
    json!({"message": "internal error", "type": "api_error"})
}

/// Waits for the run and answers with one `chat.completion`.
pub async fn complete(mut run: LiveRun, identity: Identity) -> Response {
    let report = run.finish().await;
    if run_failed(&report) {
        tracing::warn!(error = ?report.error, "openai-compat: chat completion failed");
        return reply::json_body(StatusCode::INTERNAL_SERVER_ERROR, &json!({"error": internal_error()}));
    }
    let content = reply_text(&report);
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

/// Answers with the event stream (the role chunk first).
pub fn stream(run: LiveRun, identity: Identity, include_usage: bool) -> Response {
    let opening = chunk(&identity, json!({"role": "assistant"}), None);
    let for_deltas = identity.clone();
    event_stream(
        run,
        opening,
        move |text| chunk(&for_deltas, json!({"content": text}), None),
        move |streamed, report| tail(&identity, include_usage, streamed, report),
    )
}

/// Everything after the last streamed delta.
fn tail(identity: &Identity, include_usage: bool, streamed: &str, report: &RunReport) -> String {
    if run_failed(report) {
        tracing::warn!(error = ?report.error, "openai-compat: streaming chat completion failed");
        return format!("data: {}\n\n{DONE}", json!({"error": internal_error()}));
    }
    let mut out = String::new();
    if streamed.is_empty() {
        out.push_str(&chunk(identity, json!({"content": reply_text(report)}), None));
    }
    out.push_str(&chunk(identity, json!({}), Some(finish_reason(report))));
    if include_usage {
        let value = json!({
            "id": identity.id,
            "object": "chat.completion.chunk",
            "created": identity.created,
            "model": identity.model,
            "choices": [],
            "usage": usage(Usage::of(report)),
        });
        out.push_str(&format!("data: {value}\n\n"));
    }
    out.push_str(DONE);
    out
}
