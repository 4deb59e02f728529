//! Turning rendered replies into HTTP responses: JSON bodies, error statuses, and SSE bodies
//! that are paced like a real provider's and can end by dropping the connection.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use super::{Wire, error_body, status_message};

/// A pause between SSE events, so each reaches the client as its own write (clients must
/// handle events split across reads) and so buffered events are flushed before a drop.
const EVENT_GAP: Duration = Duration::from_millis(5);

/// The gap actually used, in microseconds; [`EVENT_GAP`] unless a benchmark changed it for the
/// whole process (see `FakeModelServer::set_event_gap`).
pub(super) static EVENT_GAP_MICROS: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(EVENT_GAP.as_micros() as u64);

/// One piece of a streamed body.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Frame {
    /// Raw bytes written as-is (already SSE-framed by the caller).
    Data(String),
    /// Abort the connection here: no terminator, no further bytes.
    Disconnect,
}

/// `data: {json}\n\n`, the OpenAI framing.
pub(super) fn data(value: &Value) -> Frame {
    Frame::Data(format!("data: {value}\n\n"))
}

/// `event: name\ndata: {json}\n\n`, the Anthropic and OpenAI Responses framing.
pub(super) fn event(name: &str, value: &Value) -> Frame {
    Frame::Data(format!("event: {name}\ndata: {value}\n\n"))
}

/// A 200 JSON response.
pub(super) fn json(wire: Wire, value: &Value) -> Response {
    with_common_headers(wire, Response::new(Body::from(value.to_string())), "application/json")
}

/// A 200 whose body claims to be JSON but is not.
pub(super) fn not_json(wire: Wire) -> Response {
    with_common_headers(wire, Response::new(Body::from("{\"id\": this is not json")), "application/json")
}

/// A 200 whose declared `Content-Length` is never reached: part of `value`, then a drop.
pub(super) fn truncated_json(wire: Wire, value: &Value) -> Response {
    let full = value.to_string();
    let half = full.len() / 2;
    let frames = vec![Frame::Data(full[..half].to_owned()), Frame::Disconnect];
    let mut response = with_common_headers(wire, Response::new(paced(frames)), "application/json");
    // Declaring the full length is what makes the early end detectable as truncation.
    response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    response
}

/// A `text/event-stream` response of `frames`.
pub(super) fn sse(wire: Wire, frames: Vec<Frame>) -> Response {
    let mut response = with_common_headers(wire, Response::new(paced(frames)), "text/event-stream");
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// An error status with `Retry-After` when given; `body: None` means the provider's default.
pub(super) fn status(wire: Wire, code: u16, retry_after: Option<u64>, body: Option<Value>) -> Response {
    let body = body.unwrap_or_else(|| error_body(wire, code, &status_message(code)));
    let mut response = with_common_headers(wire, Response::new(Body::from(body.to_string())), "application/json");
    *response.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

fn with_common_headers(wire: Wire, mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Each provider names its request-id header differently; clients log it on errors.
    let id_header = match wire {
        Wire::OpenAi | Wire::Responses => "x-request-id",
        Wire::Anthropic => "request-id",
    };
    headers.insert(id_header, HeaderValue::from_static("req_fake_model_server"));
    response
}

/// A body that yields `frames` one at a time with [`EVENT_GAP`] between them. A
/// [`Frame::Disconnect`] becomes a body error, on which hyper aborts the connection.
fn paced(frames: Vec<Frame>) -> Body {
    let queue: VecDeque<Frame> = frames.into();
    let stream = futures_util::stream::unfold((queue, true), |(mut queue, first)| async move {
        let frame = queue.pop_front()?;
        let gap = EVENT_GAP_MICROS.load(std::sync::atomic::Ordering::Relaxed);
        if !first && gap > 0 {
            tokio::time::sleep(Duration::from_micros(gap)).await;
        }
        match frame {
            Frame::Data(text) => Some((Ok(Bytes::from(text)), (queue, false))),
            Frame::Disconnect => {
                // Clearing the queue ends the stream after the error is delivered.
                queue.clear();
                Some((Err(std::io::Error::other("scripted disconnect")), (queue, false)))
            }
        }
    });
    Body::from_stream(stream)
}
