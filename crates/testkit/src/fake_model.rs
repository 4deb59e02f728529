//! A scripted fake model server that speaks the OpenAI Chat Completions, OpenAI Responses and
//! Anthropic Messages wire formats, so provider clients and the agent loop can be tested against real HTTP, real
//! SSE framing and real failure modes (429 with `Retry-After`, malformed chunks, a connection
//! dropped mid-stream) without a network or an API key. Each request consumes the next
//! [`Scripted`] reply; every request is recorded for assertions. On the Anthropic wire it also
//! enforces the extended-thinking rules the real API does (see [`anthropic`]'s `rejection`), so
//! a client that drops a thinking block or its signature fails here as it would in production. It runs on its own runtime
//! thread so synchronous tests can use it as easily as async ones.

mod anthropic;
mod openai;
mod responses;
mod stream;

pub use anthropic::thinking_signature;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Map, Value, json};

use crate::thread_server::ThreadServer;

/// The text that follows a [`Scripted::MalformedChunk`], so tests can check the client recovered.
pub const MALFORMED_FOLLOW_UP_TEXT: &str = "recovered after a malformed chunk";

/// Request headers worth asserting on: credentials and protocol versions. Others are not
/// recorded so that recorded requests compare as whole values.
const RECORDED_HEADERS: &[&str] =
    &["authorization", "x-api-key", "anthropic-version", "anthropic-beta", "content-type", "accept"];

/// One scripted reply; the server consumes one per request, in order, whatever the endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum Scripted {
    /// A plain assistant message; streamed in a few pieces when the request streams.
    Text(String),
    /// One tool call; when streaming, the arguments arrive in several fragments.
    ToolCall { name: String, arguments_json: String },
    /// An error status. `body: None` sends the provider's own error JSON for that status.
    Status { code: u16, retry_after: Option<u64>, body: Option<Value> },
    /// A `data:` line that is not JSON, then a normal text completion of
    /// [`MALFORMED_FOLLOW_UP_TEXT`]. Without streaming, a 200 whose body is not JSON.
    MalformedChunk,
    /// A couple of stream events, then the connection is dropped without the terminator.
    /// Without streaming, part of the JSON body, then the connection is dropped.
    DisconnectMidStream,
    /// Extended thinking, then `then` (a [`Scripted::Text`] or [`Scripted::ToolCall`]). On the
    /// Anthropic wire a `thinking` block streams first (`thinking_delta`s, then a
    /// `signature_delta` of [`thinking_signature`]); the OpenAI wires render `then` alone.
    Thinking { thinking: String, then: Box<Scripted> },
}

impl Scripted {
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    pub fn tool_call(name: impl Into<String>, arguments_json: impl Into<String>) -> Self {
        Self::ToolCall { name: name.into(), arguments_json: arguments_json.into() }
    }

    /// Thinks `thinking`, then answers `text`.
    pub fn thinking_then_text(thinking: impl Into<String>, text: impl Into<String>) -> Self {
        Self::Thinking { thinking: thinking.into(), then: Box::new(Self::text(text)) }
    }

    /// Thinks `thinking`, then calls a tool.
    pub fn thinking_then_tool_call(
        thinking: impl Into<String>,
        name: impl Into<String>,
        arguments_json: impl Into<String>,
    ) -> Self {
        Self::Thinking { thinking: thinking.into(), then: Box::new(Self::tool_call(name, arguments_json)) }
    }

    /// A 429 with `Retry-After` and the provider's rate-limit error body.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::Status { code: 429, retry_after: Some(retry_after_secs), body: None }
    }

    /// A 500 with the provider's server-error body.
    pub fn server_error() -> Self {
        Self::Status { code: 500, retry_after: None, body: None }
    }
}

/// Which wire format a request arrived in; the script is shared, the shapes are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    OpenAi,
    /// OpenAI Responses: its own stream shapes, OpenAI's error bodies.
    Responses,
    Anthropic,
}

struct Shared {
    script: Mutex<VecDeque<Scripted>>,
    /// Served once the script is used up; `None` answers 500 "script exhausted".
    fallback: Mutex<Option<Scripted>>,
    /// Keep a copy of every request (off for long benchmark runs).
    record: std::sync::atomic::AtomicBool,
    requests: Mutex<Vec<Value>>,
}

/// The running fake; shut down (and its thread joined) on drop.
pub struct FakeModelServer {
    server: ThreadServer,
    shared: Arc<Shared>,
}

impl FakeModelServer {
    /// Binds `127.0.0.1:0` and serves `script` on a dedicated runtime thread.
    ///
    /// Panics if the socket or runtime cannot be created: a fixture that cannot start is a
    /// broken test environment, and failing loudly is the only useful report.
    #[allow(clippy::expect_used)]
    pub fn start(script: Vec<Scripted>) -> Self {
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            fallback: Mutex::new(None),
            record: std::sync::atomic::AtomicBool::new(true),
            requests: Mutex::new(Vec::new()),
        });
        let server = ThreadServer::start("fake-model-server", router(shared.clone()));
        Self { server, shared }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// `http://127.0.0.1:PORT/v1`, the base every provider client appends its path to.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.server.addr())
    }

    /// Every request received so far, oldest first, as
    /// `{"method", "path", "headers": {name: value}, "body"}`; `body` is the parsed JSON, or
    /// the raw text when it was not JSON.
    pub fn requests(&self) -> Vec<Value> {
        self.shared.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Appends replies to the script.
    pub fn push(&self, replies: impl IntoIterator<Item = Scripted>) {
        self.shared.script.lock().unwrap_or_else(PoisonError::into_inner).extend(replies);
    }

    /// Serves `reply` for every request once the script is used up (benchmarks, soak tests).
    pub fn set_fallback(&self, reply: Scripted) {
        *self.shared.fallback.lock().unwrap_or_else(PoisonError::into_inner) = Some(reply);
    }

    /// Sets the pause between streamed events for every fake server in this process (default
    /// 5 ms, so clients see separate chunks). Benchmarks set it to zero to measure the client,
    /// not the pacing; tests must leave it alone, since they share the process.
    pub fn set_event_gap(gap: std::time::Duration) {
        let micros = u64::try_from(gap.as_micros()).unwrap_or(u64::MAX);
        stream::EVENT_GAP_MICROS.store(micros, std::sync::atomic::Ordering::Relaxed);
    }

    /// Stops (or resumes) recording requests, so a long run does not grow memory.
    pub fn set_recording(&self, on: bool) {
        self.shared.record.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many scripted replies have not been consumed yet.
    pub fn remaining(&self) -> usize {
        self.shared.script.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(openai_handler))
        .route("/v1/responses", post(responses_handler))
        // Some configs give the bare host as the Responses base; answer there too.
        .route("/responses", post(responses_handler))
        .route("/v1/messages", post(anthropic_handler))
        .with_state(shared)
}

async fn openai_handler(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    respond(&shared, Wire::OpenAi, uri.path(), &headers, &body)
}

async fn responses_handler(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    respond(&shared, Wire::Responses, uri.path(), &headers, &body)
}

async fn anthropic_handler(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    respond(&shared, Wire::Anthropic, uri.path(), &headers, &body)
}

/// Records the request, takes the next scripted reply and renders it in `wire`'s format.
fn respond(shared: &Shared, wire: Wire, path: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    let text = String::from_utf8_lossy(body);
    let parsed: Value = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.clone().into_owned()));
    let mut recorded = Map::new();
    for name in RECORDED_HEADERS {
        if let Some(value) = headers.get(*name).and_then(|v| v.to_str().ok()) {
            recorded.insert((*name).to_owned(), Value::String(value.to_owned()));
        }
    }
    if shared.record.load(std::sync::atomic::Ordering::Relaxed) {
        shared.requests.lock().unwrap_or_else(PoisonError::into_inner).push(json!({
            "method": "POST",
            "path": path,
            "headers": recorded,
            "body": parsed.clone(),
        }));
    }
    // Requests the real API refuses are refused before they consume a scripted reply.
    if wire == Wire::Anthropic
        && let Some(message) = anthropic::rejection(&parsed)
    {
        return stream::status(wire, 400, None, Some(error_body(wire, 400, &message)));
    }
    let next = shared
        .script
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop_front()
        .or_else(|| shared.fallback.lock().unwrap_or_else(PoisonError::into_inner).clone());
    let request = Request::from_body(&parsed);
    let Some(reply) = next else {
        let body = Some(error_body(
            wire,
            500,
            "fake model server: script exhausted (no scripted reply left for this request)",
        ));
        return stream::status(wire, 500, None, body);
    };
    match wire {
        Wire::OpenAi => openai::respond(&request, reply),
        Wire::Responses => responses::respond(&request, reply),
        Wire::Anthropic => anthropic::respond(&request, reply),
    }
}

/// What the renderers need from a request body.
#[derive(Debug, Clone)]
struct Request {
    model: String,
    stream: bool,
    include_usage: bool,
    /// A deterministic stand-in for a tokenizer: a quarter of the body's length.
    prompt_tokens: u64,
}

impl Request {
    fn from_body(body: &Value) -> Self {
        Self {
            model: body["model"].as_str().unwrap_or("fake-model").to_owned(),
            stream: body["stream"].as_bool().unwrap_or(false),
            include_usage: body["stream_options"]["include_usage"].as_bool().unwrap_or(false),
            prompt_tokens: (body.to_string().len() as u64).div_ceil(4),
        }
    }
}

/// The provider's own error JSON for `code`, as its clients expect to parse it.
fn error_body(wire: Wire, code: u16, message: &str) -> Value {
    match wire {
        Wire::OpenAi | Wire::Responses => {
            let (kind, error_code) = match code {
                400 => ("invalid_request_error", Value::Null),
                401 => ("invalid_request_error", json!("invalid_api_key")),
                403 => ("invalid_request_error", json!("unsupported_country_region_territory")),
                404 => ("invalid_request_error", json!("model_not_found")),
                429 => ("requests", json!("rate_limit_exceeded")),
                _ => ("server_error", Value::Null),
            };
            json!({"error": {"message": message, "type": kind, "param": null, "code": error_code}})
        }
        Wire::Anthropic => {
            let kind = match code {
                400 => "invalid_request_error",
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                413 => "request_too_large",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                _ => "api_error",
            };
            json!({"type": "error", "error": {"type": kind, "message": message}})
        }
    }
}

/// A default message for a scripted status without a body.
fn status_message(code: u16) -> String {
    match code {
        429 => "Rate limit reached for requests (fake model server)".to_owned(),
        500 => "The server had an error while processing your request (fake model server)".to_owned(),
        _ => format!("fake model server scripted status {code}"),
    }
}

/// Splits `text` into about `parts` pieces on character boundaries (never empty pieces).
fn split_pieces(text: &str, parts: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let size = chars.len().div_ceil(parts.max(1));
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

#[cfg(test)]
mod tests;
