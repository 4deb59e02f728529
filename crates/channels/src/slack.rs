//! Slack Web API: `conversations.open {users}` for the DM channel, then `chat.postMessage
//! {channel, text}`, both JSON with `Authorization: Bearer <token>`. Slack reports most errors
//! as HTTP 200 `{ok:false, error:"<code>"}`; rate limits are HTTP 429 with `Retry-After`.

use std::fmt;

use serde_json::{Value, json};

use crate::error::Result;
use crate::http::{Answer, Api, BotToken, Verdict};

/// The public Web API root.
pub const DEFAULT_API_BASE: &str = "https://slack.com/api";

#[derive(Clone)]
pub struct SlackClient {
    api: Api,
    /// `Bearer <token>`, built once; marked sensitive when sent.
    authorization: String,
}

impl fmt::Debug for SlackClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlackClient").field("api", &self.api).finish_non_exhaustive()
    }
}

impl SlackClient {
    /// `base_url` replaces [`DEFAULT_API_BASE`] (tests point it at a local fake).
    pub fn new(token: BotToken, base_url: Option<&str>) -> Result<Self> {
        let authorization = format!("Bearer {}", token.expose());
        Ok(Self { api: Api::new("slack", base_url.unwrap_or(DEFAULT_API_BASE), token)?, authorization })
    }

    /// Opens the DM with user `recipient_id` and posts `text` there.
    pub async fn send_approval_notice(&self, recipient_id: &str, text: &str) -> Result<()> {
        let auth = Some(self.authorization.as_str());
        let opened = self.api.post("/conversations.open", auth, &json!({ "users": recipient_id }), judge).await?;
        let Some(channel_id) = opened.pointer("/channel/id").and_then(Value::as_str) else {
            return Err(crate::ChannelError::InvalidResponse {
                channel: self.api.channel(),
                message: "conversations.open returned no channel id".to_owned(),
            });
        };
        let body = json!({ "channel": channel_id, "text": text });
        self.api.post("/chat.postMessage", auth, &body, judge).await.map(drop)
    }
}

fn judge(answer: &Answer) -> Verdict {
    if answer.status == 429 {
        return Verdict::RateLimited(answer.retry_after);
    }
    let body = answer.json.as_ref();
    let ok = body.and_then(|b| b.get("ok")).and_then(Value::as_bool);
    let error = body.and_then(|b| b.get("error")).and_then(Value::as_str).map(str::to_owned);
    match (answer.status, ok) {
        (200..300, Some(true)) => Verdict::Done(body.cloned().unwrap_or(Value::Null)),
        // Slack's own error answers arrive with 200; the status adds nothing to the code.
        (200..300, Some(false)) => {
            Verdict::Failed { description: error.unwrap_or_else(|| "unknown_error".to_owned()), status: None }
        }
        (200..300, None) => Verdict::Unexpected(format!("HTTP {} without an `ok` field", answer.status)),
        (status, _) => {
            Verdict::Failed { description: error.unwrap_or_else(|| answer.quoted_text()), status: Some(status) }
        }
    }
}

#[cfg(test)]
mod tests;
