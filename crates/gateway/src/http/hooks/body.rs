//! Reading a JSON request body under a byte limit, shared by the hooks, `/tools/invoke` and the
//! OpenAI-compatible endpoints (OpenClaw's `readJsonBody` lives in `hooks.ts` for the same reason).
//!
//! The limit is enforced before parsing and without buffering more than the limit: a declared
//! `Content-Length` above it is refused without reading, and a streamed body is cut off as soon as
//! it crosses it. An empty (or blank) body reads as `{}`, as in OpenClaw.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::{Map, Value};

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// Not JSON; the parser's message.
    Invalid(String),
    /// The client went away mid-body.
    Closed,
}

impl BodyError {
    /// OpenClaw's error text for the hooks surface.
    pub fn hook_message(&self) -> String {
        match self {
            Self::TooLarge => "payload too large".to_owned(),
            Self::Invalid(message) => message.clone(),
            Self::Closed => "connection closed".to_owned(),
        }
    }
}

/// Reads and parses the body; a blank body is `{}`.
pub async fn read_json_body(headers: &HeaderMap, body: Body, limit: u64) -> Result<Value, BodyError> {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(BodyError::TooLarge);
    }
    let mut buffer: Vec<u8> = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| BodyError::Closed)?;
        if u64::try_from(buffer.len().saturating_add(chunk.len())).unwrap_or(u64::MAX) > limit {
            return Err(BodyError::TooLarge);
        }
        buffer.extend_from_slice(&chunk);
    }
    if buffer.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(&buffer).map_err(|err| BodyError::Invalid(err.to_string()))
}

/// A 413 with `body`: the connection is closed afterwards, because the rest of an oversized body
/// is never read and must not be taken for the next request.
pub fn payload_too_large(body: Value) -> Response {
    let mut resp =
        (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string())
            .into_response();
    resp.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_length(len: usize) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&len.to_string()) {
            headers.insert(header::CONTENT_LENGTH, value);
        }
        headers
    }

    #[tokio::test]
    async fn blank_bodies_read_as_an_empty_object() {
        let value = read_json_body(&HeaderMap::new(), Body::from("  \n"), 10).await;
        assert_eq!(value, Ok(Value::Object(Map::new())));
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_refused_declared_or_streamed() {
        let body = "{\"text\":\"0123456789\"}";
        assert_eq!(read_json_body(&with_length(body.len()), Body::from(body), 8).await, Err(BodyError::TooLarge));
        assert_eq!(read_json_body(&HeaderMap::new(), Body::from(body), 8).await, Err(BodyError::TooLarge));
        assert!(read_json_body(&HeaderMap::new(), Body::from(body), 64).await.is_ok());
    }

    #[tokio::test]
    async fn malformed_json_reports_the_parser_message() {
        let result = read_json_body(&HeaderMap::new(), Body::from("not json"), 64).await;
        assert!(matches!(result, Err(BodyError::Invalid(message)) if message.contains("expected")));
    }
}
