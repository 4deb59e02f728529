//! Discord REST v10 under `/api/v10`: `POST /users/@me/channels {recipient_id}` answers the DM
//! channel object, `POST /channels/<id>/messages {content}` the message object. Errors are
//! `{message, code}`; a 429 is `{message, retry_after, global}` with `Retry-After`. Requests
//! without `Authorization: Bot …` get Discord's 401.

use axum::http::Method;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Call, ChannelReply, json_response};

pub(super) fn respond(call: &Call<'_>, next: impl FnOnce() -> ChannelReply) -> Response {
    if !call.authorization.is_some_and(|a| a.starts_with("Bot ") && a.len() > 4) {
        return error(401, "401: Unauthorized", 0);
    }
    let Some(route) = call.path.strip_prefix("/api/v10") else { return error(404, "404: Not Found", 0) };
    let endpoint = match (call.method, route.split('/').collect::<Vec<_>>().as_slice()) {
        (&Method::POST, ["", "users", "@me", "channels"]) => Endpoint::OpenDm,
        (&Method::POST, ["", "channels", channel_id, "messages"]) => Endpoint::Send((*channel_id).to_owned()),
        _ => return error(404, "404: Not Found", 0),
    };
    match next() {
        ChannelReply::Ok => success(&endpoint, call.body),
        ChannelReply::Error { status, description } => error(status, &description, error_code(status)),
        ChannelReply::RateLimited { retry_after_secs } => json_response(
            429,
            &json!({"message": "You are being rate limited.", "retry_after": retry_after_secs, "global": false}),
            Some(retry_after_secs),
        ),
    }
}

enum Endpoint {
    OpenDm,
    Send(String),
}

fn success(endpoint: &Endpoint, body: &Value) -> Response {
    match endpoint {
        Endpoint::OpenDm => {
            let Some(recipient) = body.get("recipient_id").and_then(Value::as_str) else {
                return error(400, "Invalid Form Body", 50035);
            };
            let channel = json!({
                "id": format!("dm-{recipient}"),
                "type": 1,
                "last_message_id": null,
                "recipients": [{"id": recipient, "username": "requester", "discriminator": "0"}],
            });
            json_response(200, &channel, None)
        }
        Endpoint::Send(channel_id) => {
            let Some(content) = body.get("content").and_then(Value::as_str).filter(|c| !c.is_empty()) else {
                return error(400, "Cannot send an empty message", 50006);
            };
            let message = json!({
                "id": "1000000000000000001",
                "channel_id": channel_id,
                "type": 0,
                "content": content,
                "author": {"id": "4242", "username": "openclaw-fake", "bot": true},
            });
            json_response(200, &message, None)
        }
    }
}

/// Discord's JSON error codes for the statuses tests script.
fn error_code(status: u16) -> u64 {
    match status {
        400 => 50035,
        403 => 50007, // Cannot send messages to this user
        404 => 10013, // Unknown User
        _ => 0,
    }
}

fn error(status: u16, message: &str, code: u64) -> Response {
    json_response(status, &json!({"message": message, "code": code}), None)
}
