//! `/v1/responses` answers in the OpenResponses shapes OpenClaw 2026.9 sends: one `response`
//! object, or a stream of named events (`response.created`, `response.in_progress`,
//! `response.output_item.added`, `response.content_part.added`, `response.output_text.delta`…,
//! `response.output_text.done`, `response.content_part.done`, `response.output_item.done`, then
//! `response.completed` or `response.incomplete`; `response.failed` when the run fails) ending
//! in `data: [DONE]`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::live::{DONE, LiveRun, Usage, event_stream, reply_text, run_failed};
use crate::agent_port::RunReport;
use crate::http::reply;

/// The fixed parts of one response.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    /// The id of the single output message.
    pub item_id: String,
    pub model: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// OpenResponses usage from OpenClaw's buckets (`toOpenAiResponsesUsage`): cache reads and
/// writes count as input.
fn usage(usage: Usage) -> Value {
    let input = usage.input + usage.cache_read + usage.cache_write;
    json!({
        "input_tokens": input,
        "input_tokens_details": {"cached_tokens": usage.cache_read, "cache_write_tokens": usage.cache_write},
        "output_tokens": usage.output,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": (input + usage.output).max(usage.total.unwrap_or(0)),
    })
}

fn resource(identity: &Identity, status: &str, output: Vec<Value>, usage_value: Value, error: Option<Value>) -> Value {
    let mut out = json!({
        "id": identity.id,
        "object": "response",
        "created_at": identity.created_at,
        "status": status,
        "model": identity.model,
        "output": output,
        "usage": usage_value,
    });
    if let Some(error) = error {
        out["error"] = error;
    }
    if status == "incomplete" {
        out["incomplete_details"] = json!({"reason": "max_output_tokens"});
    }
    out
}

fn failed_resource(identity: &Identity, report: &RunReport) -> Value {
    let error = json!({"code": "api_error", "message": "internal error"});
    resource(identity, "failed", Vec::new(), usage(Usage::of(report)), Some(error))
}

fn message_item(identity: &Identity, text: &str, status: &str) -> Value {
    json!({
        "type": "message",
        "id": identity.item_id,
        "role": "assistant",
        "content": [{"type": "output_text", "text": text}],
        "phase": "final_answer",
        "status": status,
    })
}

fn status_of(report: &RunReport) -> &'static str {
    if report.stop_reason == "length" { "incomplete" } else { "completed" }
}

/// Waits for the run and answers with one `response` object.
pub async fn complete(mut run: LiveRun, identity: Identity) -> Response {
    let report = run.finish().await;
    if run_failed(&report) {
        tracing::warn!(error = ?report.error, "openresponses: non-stream response failed");
        return reply::json_body(StatusCode::INTERNAL_SERVER_ERROR, &failed_resource(&identity, &report));
    }
    let status = status_of(&report);
    let output = vec![message_item(&identity, &reply_text(&report), status)];
    reply::json_body(StatusCode::OK, &resource(&identity, status, output, usage(Usage::of(&report)), None))
}

fn event(value: &Value) -> String {
    let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
    format!("event: {kind}\ndata: {value}\n\n")
}

/// The events before the first delta.
fn opening(identity: &Identity) -> String {
    let initial = resource(identity, "in_progress", Vec::new(), usage(Usage::default()), None);
    let item =
        json!({"type": "message", "id": identity.item_id, "role": "assistant", "content": [], "status": "in_progress"});
    [
        json!({"type": "response.created", "response": initial}),
        json!({"type": "response.in_progress", "response": initial}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": item}),
        json!({"type": "response.content_part.added", "item_id": identity.item_id, "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": ""}}),
    ]
    .iter()
    .map(event)
    .collect()
}

fn delta(identity: &Identity, text: &str) -> String {
    event(&json!({
        "type": "response.output_text.delta",
        "item_id": identity.item_id,
        "output_index": 0,
        "content_index": 0,
        "delta": text,
    }))
}

/// Answers with the event stream (the opening events first).
pub fn stream(run: LiveRun, identity: Identity) -> Response {
    let opening = opening(&identity);
    let for_deltas = identity.clone();
    event_stream(
        run,
        opening,
        move |text| delta(&for_deltas, text),
        move |streamed, report| closing(&identity, streamed, report),
    )
}

/// Everything after the last streamed delta.
fn closing(identity: &Identity, streamed: &str, report: &RunReport) -> String {
    if run_failed(report) {
        tracing::warn!(error = ?report.error, "openresponses: streaming response failed");
        let failed = json!({"type": "response.failed", "response": failed_resource(identity, report)});
        return format!("{}{DONE}", event(&failed));
    }
    let mut out = String::new();
    let text = if streamed.is_empty() {
        let text = reply_text(report);
        out.push_str(&delta(identity, &text));
        text
    } else {
        streamed.to_owned()
    };
    let status = status_of(report);
    let item = message_item(identity, &text, status);
    let part = json!({"type": "output_text", "text": text});
    let common = |kind: &str| json!({"type": kind, "item_id": identity.item_id, "output_index": 0, "content_index": 0});
    let mut done = common("response.output_text.done");
    done["text"] = json!(text);
    let mut part_done = common("response.content_part.done");
    part_done["part"] = part;
    let response = resource(identity, status, vec![item.clone()], usage(Usage::of(report)), None);
    for value in [
        done,
        part_done,
        json!({"type": "response.output_item.done", "output_index": 0, "item": item}),
        json!({"type": format!("response.{status}"), "response": response}),
    ] {
        out.push_str(&event(&value));
    }
    out.push_str(DONE);
    out
}
