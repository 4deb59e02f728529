//! Discord REST (API v10): a DM is a channel, so a notice is two calls, `POST
//! /users/@me/channels {recipient_id}` for the DM channel and `POST /channels/<id>/messages
//! {content}`, both with `Authorization: Bot <token>`. Errors are `{message, code}`; a 429 is
//! `{message, retry_after, global}` (seconds, fractional) plus a `Retry-After` header.

use std::fmt;

use serde_json::{Value, json};

use crate::error::Result;
use crate::http::{Answer, Api, BotToken, Verdict, seconds};

/// The public REST root, version included.
pub const DEFAULT_API_BASE: &str = "https://discord.com/api/v10";

#[derive(Clone)]
pub struct DiscordClient {
    api: Api,
    /// `Bot <token>`, built once; marked sensitive when sent.
    authorization: String,
}

impl fmt::Debug for DiscordClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiscordClient").field("api", &self.api).finish_non_exhaustive()
    }
}

impl DiscordClient {
    /// `base_url` replaces [`DEFAULT_API_BASE`] (tests point it at a local fake). A token pasted
    /// with its `Bot ` prefix is accepted, as OpenClaw's `normalizeDiscordToken` does.
    pub fn new(token: BotToken, base_url: Option<&str>) -> Result<Self> {
        let bare = strip_bot_prefix(token.expose());
        let token = BotToken::new(bare).unwrap_or(token);
        let authorization = format!("Bot {}", token.expose());
        Ok(Self { api: Api::new("discord", base_url.unwrap_or(DEFAULT_API_BASE), token)?, authorization })
    }

    /// Opens (or reuses) the DM channel with user `recipient_id` and posts `text` there.
    pub async fn send_approval_notice(&self, recipient_id: &str, text: &str) -> Result<()> {
        let auth = Some(self.authorization.as_str());
        let dm = self.api.post("/users/@me/channels", auth, &json!({ "recipient_id": recipient_id }), judge).await?;
        let Some(channel_id) = dm.get("id").and_then(Value::as_str) else {
            return Err(crate::ChannelError::InvalidResponse {
                channel: self.api.channel(),
                message: "the DM channel has no id".to_owned(),
            });
        };
        let path = format!("/channels/{channel_id}/messages");
        self.api.post(&path, auth, &json!({ "content": text }), judge).await.map(drop)
    }
}

fn strip_bot_prefix(token: &str) -> &str {
    match (token.get(..4), token.get(4..)) {
        (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case("bot ") => rest.trim_start(),
        _ => token,
    }
}

fn judge(answer: &Answer) -> Verdict {
    let body = answer.json.as_ref();
    if (200..300).contains(&answer.status) {
        return match body {
            Some(value) => Verdict::Done(value.clone()),
            None => Verdict::Unexpected(format!("HTTP {} with a body that is not JSON", answer.status)),
        };
    }
    if answer.status == 429 {
        let hint = body.and_then(|b| b.get("retry_after")).and_then(Value::as_f64).and_then(seconds);
        return Verdict::RateLimited(hint.or(answer.retry_after));
    }
    let description = body
        .and_then(|b| b.get("message"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| answer.quoted_text());
    Verdict::Failed { description, status: Some(answer.status) }
}

#[cfg(test)]
mod tests;
