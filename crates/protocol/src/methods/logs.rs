//! `logs.tail`: pages through the gateway's log file by byte cursor.
//!
//! A client passes back the `cursor` it was given; `reset` says the file was rotated or
//! truncated underneath it and reading restarted from the top.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

pub const LOGS_TAIL_MAX_LIMIT: i64 = 5000;
pub const LOGS_TAIL_MAX_BYTES: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogsTailParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogsTailResult {
    pub file: String,
    pub cursor: i64,
    pub size: i64,
    pub lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<bool>,
}

impl Decode for LogsTailParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["cursor", "limit", "maxBytes"])?;
        Ok(Self {
            cursor: fields.opt("cursor", read::int(0, None))?,
            limit: fields.opt("limit", read::int(1, Some(LOGS_TAIL_MAX_LIMIT)))?,
            max_bytes: fields.opt("maxBytes", read::int(1, Some(LOGS_TAIL_MAX_BYTES)))?,
        })
    }
}

deserialize_via_decode!(LogsTailParams, "params");
