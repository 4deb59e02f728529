//! The Telegram Bot API: `POST /bot<token>/<method>`; every answer is `{ok:true, result}` or
//! `{ok:false, error_code, description[, parameters]}` with the HTTP status equal to
//! `error_code`. Only `sendMessage` is implemented; other methods get Telegram's 404.

use axum::response::Response;
use serde_json::{Value, json};

use super::{Call, ChannelReply, json_response, whole_seconds};

pub(super) fn respond(call: &Call<'_>, next: impl FnOnce() -> ChannelReply) -> Response {
    let Some((token, method)) = call.path.strip_prefix("/bot").and_then(|rest| rest.split_once('/')) else {
        return error(404, "Not Found", None);
    };
    if token.is_empty() {
        return error(401, "Unauthorized", None);
    }
    if method != "sendMessage" || call.method != axum::http::Method::POST {
        return error(404, "Not Found: method not found", None);
    }
    match next() {
        ChannelReply::Ok => sent(call.body),
        ChannelReply::Error { status, description } => error(status, &description, None),
        ChannelReply::RateLimited { retry_after_secs } => {
            let secs = whole_seconds(retry_after_secs);
            error(429, &format!("Too Many Requests: retry after {secs}"), Some(secs))
        }
    }
}

/// The sent `Message`: the chat is the private chat of the user id that was given.
fn sent(body: &Value) -> Response {
    let Some(chat_id) = body.get("chat_id").filter(|id| id.is_string() || id.is_i64()) else {
        return error(400, "Bad Request: chat_id is empty", None);
    };
    let Some(text) = body.get("text").and_then(Value::as_str).filter(|t| !t.is_empty()) else {
        return error(400, "Bad Request: message text is empty", None);
    };
    let result = json!({
        "message_id": 1,
        "from": {"id": 4242, "is_bot": true, "first_name": "OpenClaw", "username": "openclaw_fake_bot"},
        "chat": {"id": chat_id, "type": "private"},
        "date": 1_700_000_000,
        "text": text,
    });
    json_response(200, &json!({"ok": true, "result": result}), None)
}

fn error(status: u16, description: &str, retry_after: Option<u64>) -> Response {
    let mut body = json!({"ok": false, "error_code": status, "description": description});
    if let Some(secs) = retry_after {
        body["parameters"] = json!({"retry_after": secs});
    }
    json_response(status, &body, None)
}
