//! The Slack Web API under `/api`: `conversations.open {users}` answers `{ok, channel:{id}}`,
//! `chat.postMessage {channel, text}` answers `{ok, channel, ts, message}`. Slack reports
//! errors as HTTP 200 `{ok:false, error}`; rate limits are HTTP 429 with `Retry-After`.

use axum::response::Response;
use serde_json::{Value, json};

use super::{Call, ChannelReply, json_response};

pub(super) fn respond(call: &Call<'_>, next: impl FnOnce() -> ChannelReply) -> Response {
    let Some(method) = call.path.strip_prefix("/api/") else { return error(404, "unknown_method") };
    if !call.authorization.is_some_and(|a| a.starts_with("Bearer ") && a.len() > 7) {
        return error(200, "not_authed");
    }
    match next() {
        ChannelReply::Ok => success(method, call.body),
        ChannelReply::Error { status, description } => error(status, &description),
        ChannelReply::RateLimited { retry_after_secs } => {
            json_response(429, &json!({"ok": false, "error": "ratelimited"}), Some(retry_after_secs))
        }
    }
}

fn success(method: &str, body: &Value) -> Response {
    match method {
        "conversations.open" => {
            let Some(users) = body.get("users").and_then(Value::as_str).filter(|u| !u.is_empty()) else {
                return error(200, "users_list_not_supplied");
            };
            json_response(200, &json!({"ok": true, "channel": {"id": format!("D{users}")}}), None)
        }
        "chat.postMessage" => {
            let Some(channel) = body.get("channel").and_then(Value::as_str) else {
                return error(200, "channel_not_found");
            };
            let Some(text) = body.get("text").and_then(Value::as_str).filter(|t| !t.is_empty()) else {
                return error(200, "no_text");
            };
            let ts = "1700000000.000100";
            let message = json!({"type": "message", "text": text, "ts": ts, "bot_id": "B4242"});
            json_response(200, &json!({"ok": true, "channel": channel, "ts": ts, "message": message}), None)
        }
        _ => error(200, "unknown_method"),
    }
}

fn error(status: u16, code: &str) -> Response {
    json_response(status, &json!({"ok": false, "error": code}), None)
}
