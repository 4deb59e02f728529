//! Local fakes of the channel APIs `openclaw-channels` calls: the Telegram Bot API, Discord REST
//! (v10) and the Slack Web API, each answering in the shapes their public docs give (success
//! bodies, error bodies, 429s with their retry hints). One [`FakeChannelServer`] speaks one API;
//! every request is recorded, and each consumes the next [`ChannelReply`] of the script (a
//! success once the script is used up). Like the fake model server it runs on its own runtime
//! thread, so synchronous tests (the CLI's, which run the binary) can use it too.

mod discord;
mod slack;
mod telegram;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::Value;

use crate::thread_server::ThreadServer;

/// Which API a fake speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelApi {
    /// `POST /bot<token>/<method>`; base URL `http://127.0.0.1:PORT`.
    Telegram,
    /// `POST /api/v10/…` with `Authorization: Bot <token>`; base URL `…/api/v10`.
    Discord,
    /// `POST /api/<method>` with `Authorization: Bearer <token>`; base URL `…/api`.
    Slack,
}

/// One scripted answer; each request takes the next, whatever its endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum ChannelReply {
    /// The API's success body for the endpoint that was called.
    Ok,
    /// An error in the API's shape. `description` is Telegram's `description`, Discord's
    /// `message` or Slack's `error` code; Slack sends its errors with `status` 200.
    Error { status: u16, description: String },
    /// A 429 with the API's retry hints for a wait of `retry_after_secs`.
    RateLimited { retry_after_secs: f64 },
}

impl ChannelReply {
    pub fn error(status: u16, description: impl Into<String>) -> Self {
        Self::Error { status, description: description.into() }
    }

    pub fn rate_limited(retry_after_secs: f64) -> Self {
        Self::RateLimited { retry_after_secs }
    }
}

/// One request as the fake received it. Only headers the APIs define are kept, so recorded
/// requests compare as whole values.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// Parsed JSON, or the raw text when the body was not JSON.
    pub body: Value,
}

struct Shared {
    api: ChannelApi,
    script: Mutex<VecDeque<ChannelReply>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// The running fake; shut down (and its thread joined) on drop.
pub struct FakeChannelServer {
    server: ThreadServer,
    shared: Arc<Shared>,
}

impl FakeChannelServer {
    /// Binds `127.0.0.1:0` and serves `api` with `script` on a dedicated runtime thread.
    ///
    /// Panics if the socket or runtime cannot be created: a fixture that cannot start is a
    /// broken test environment, and failing loudly is the only useful report.
    #[allow(clippy::expect_used)]
    pub fn start(api: ChannelApi, script: Vec<ChannelReply>) -> Self {
        let shared = Arc::new(Shared { api, script: Mutex::new(script.into()), requests: Mutex::new(Vec::new()) });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let server = ThreadServer::start("fake-channel-server", app);
        Self { server, shared }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The API root a client is configured with (the public root's equivalent).
    pub fn base_url(&self) -> String {
        match self.shared.api {
            ChannelApi::Telegram => format!("http://{}", self.addr()),
            ChannelApi::Discord => format!("http://{}/api/v10", self.addr()),
            ChannelApi::Slack => format!("http://{}/api", self.addr()),
        }
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Appends answers to the script.
    pub fn push(&self, replies: impl IntoIterator<Item = ChannelReply>) {
        self.shared.script.lock().unwrap_or_else(PoisonError::into_inner).extend(replies);
    }
}

/// What an API module needs to answer one request.
struct Call<'a> {
    method: &'a Method,
    path: &'a str,
    authorization: Option<&'a str>,
    body: &'a Value,
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body);
    let parsed: Value = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.clone().into_owned()));
    let header_text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    let recorded = RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        authorization: header_text(header::AUTHORIZATION),
        content_type: header_text(header::CONTENT_TYPE),
        body: parsed,
    };
    shared.requests.lock().unwrap_or_else(PoisonError::into_inner).push(recorded.clone());
    // Taken only once a request is routed and authenticated, so a refused request leaves the
    // script for the requests it was written for.
    let next = || shared.script.lock().unwrap_or_else(PoisonError::into_inner).pop_front().unwrap_or(ChannelReply::Ok);
    let call = Call {
        method: &method,
        path: &recorded.path,
        authorization: recorded.authorization.as_deref(),
        body: &recorded.body,
    };
    match shared.api {
        ChannelApi::Telegram => telegram::respond(&call, next),
        ChannelApi::Discord => discord::respond(&call, next),
        ChannelApi::Slack => slack::respond(&call, next),
    }
}

/// A JSON response with `status` and, when given, a `Retry-After` of whole seconds.
fn json_response(status: u16, body: &Value, retry_after_secs: Option<f64>) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(secs) = retry_after_secs {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(whole_seconds(secs)));
    }
    response
}

/// Retry hints sent as integers are rounded up, as the APIs do, so a client never retries early.
fn whole_seconds(secs: f64) -> u64 {
    let rounded = secs.max(0.0).ceil();
    if rounded >= u64::MAX as f64 { u64::MAX } else { rounded as u64 }
}

#[cfg(test)]
mod tests;
