//! `chat.history`: a session's transcript as chat messages.
//!
//! The gateway caps the returned messages at 6 MiB (oldest dropped first), so `limit` is a
//! request, not a promise. Messages keep the transcript's own JSON shape.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

/// Most messages one `chat.history` call may ask for.
pub const CHAT_HISTORY_MAX_LIMIT: i64 = 1000;
/// Byte budget of the messages in one `chat.history` answer.
pub const CHAT_HISTORY_MAX_BYTES: usize = 6 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatHistoryParams {
    pub session_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatHistoryResult {
    pub session_key: String,
    /// Absent when the session has no transcript yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    pub messages: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbose_level: Option<String>,
}

impl Decode for ChatHistoryParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["sessionKey", "limit"])?;
        Ok(Self {
            session_key: fields.req("sessionKey", read::non_empty)?,
            limit: fields.opt("limit", read::int(1, Some(CHAT_HISTORY_MAX_LIMIT)))?,
        })
    }
}

deserialize_via_decode!(ChatHistoryParams, "params");
