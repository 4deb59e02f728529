//! Response shapes shared by the HTTP surfaces, with OpenClaw's exact bodies: the
//! `{"error":{"message","type"}}` envelope, 401/429 auth failures (429 with `Retry-After`),
//! and the plain-text 404.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Not Found").into_response()
}

/// `{"error":{"message":…,"type":…}}` with `status`.
pub fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    json_body(status, &json!({"error": {"message": message, "type": kind}}))
}

/// A JSON response with the charset spelled out, as OpenClaw sends it.
pub fn json_body(status: StatusCode, body: &serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}

pub fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized")
}

/// 429 with `Retry-After` in whole seconds (at least 1).
pub fn rate_limited(retry_after_ms: u64) -> Response {
    let mut resp = error(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many failed authentication attempts. Please try again later.",
    );
    let secs = retry_after_ms.div_ceil(1000).max(1);
    if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, value);
    }
    resp
}

/// 403 for a caller without `scope`, in OpenClaw's shape (with machine-readable details).
pub fn missing_scope(scope: &str) -> Response {
    json_body(
        StatusCode::FORBIDDEN,
        &json!({"ok": false, "error": {
            "type": "forbidden",
            "message": format!("missing scope: {scope}"),
            "details": {"code": "MISSING_SCOPE", "missingScope": scope, "requiredScopes": [scope]},
        }}),
    )
}

/// 405 with `Allow: POST`.
pub fn method_not_allowed_post() -> Response {
    let mut resp =
        (StatusCode::METHOD_NOT_ALLOWED, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Method Not Allowed")
            .into_response();
    resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    resp
}
