//! Telegram Bot API: `POST <base>/bot<token>/sendMessage {chat_id, text}`. The token is part of
//! the URL, so every error text is redacted before it leaves [`Api`]. Answers are
//! `{ok:true, result}` or `{ok:false, error_code, description, parameters:{retry_after}}`;
//! a 429 carries the wait in `parameters.retry_after`.

use std::fmt;

use serde_json::{Value, json};

use crate::error::Result;
use crate::http::{Answer, Api, BotToken, Verdict, seconds};

/// The public Bot API root.
pub const DEFAULT_API_BASE: &str = "https://api.telegram.org";

#[derive(Clone)]
pub struct TelegramClient {
    api: Api,
}

impl fmt::Debug for TelegramClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TelegramClient").field("api", &self.api).finish()
    }
}

impl TelegramClient {
    /// `base_url` replaces [`DEFAULT_API_BASE`] (tests point it at a local fake).
    pub fn new(token: BotToken, base_url: Option<&str>) -> Result<Self> {
        Ok(Self { api: Api::new("telegram", base_url.unwrap_or(DEFAULT_API_BASE), token)? })
    }

    /// Sends `text` to the private chat of user `recipient_id` (a user's id is their DM chat id).
    pub async fn send_approval_notice(&self, recipient_id: &str, text: &str) -> Result<()> {
        let path = format!("/bot{}/sendMessage", self.api.token().expose());
        let body = json!({ "chat_id": recipient_id, "text": text });
        self.api.post(&path, None, &body, judge).await.map(drop)
    }
}

fn judge(answer: &Answer) -> Verdict {
    let body = answer.json.as_ref();
    let ok = body.and_then(|b| b.get("ok")).and_then(Value::as_bool);
    if (200..300).contains(&answer.status) && ok == Some(true) {
        return Verdict::Done(body.and_then(|b| b.get("result")).cloned().unwrap_or(Value::Null));
    }
    if answer.status == 429 {
        let hint = body
            .and_then(|b| b.pointer("/parameters/retry_after"))
            .and_then(Value::as_f64)
            .and_then(seconds)
            .or(answer.retry_after);
        return Verdict::RateLimited(hint);
    }
    if (200..300).contains(&answer.status) && ok.is_none() {
        return Verdict::Unexpected(format!("HTTP {} without an `ok` field", answer.status));
    }
    let description = body
        .and_then(|b| b.get("description"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| answer.quoted_text());
    Verdict::Failed { description, status: Some(answer.status) }
}

#[cfg(test)]
mod tests;
