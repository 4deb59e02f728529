//! `sessions.list` and `sessions.preview` parameters.
//!
//! Both read the session store and, optionally, transcripts; the bounds here (label length,
//! at least one key, `maxChars >= 20`) are the reference schema's. Their results are rows of
//! the session store and stay `serde_json::Value` until the store crate owns their type.

use serde::Serialize;
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

/// Longest session label the schema admits.
pub const SESSION_LABEL_MAX_CHARS: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionsListParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Only sessions updated within this many minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_global: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_unknown: Option<bool>,
    /// Costs a transcript read per session (first 8 KiB); bound it with `limit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_derived_titles: Option<bool>,
    /// Costs a transcript read per session (last 16 KiB); bound it with `limit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_last_message: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionsPreviewParams {
    pub keys: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<i64>,
}

impl Decode for SessionsListParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(
            value,
            path,
            &[
                "limit",
                "activeMinutes",
                "includeGlobal",
                "includeUnknown",
                "includeDerivedTitles",
                "includeLastMessage",
                "label",
                "spawnedBy",
                "agentId",
                "search",
            ],
        )?;
        Ok(Self {
            limit: fields.opt("limit", read::int(1, None))?,
            active_minutes: fields.opt("activeMinutes", read::int(1, None))?,
            include_global: fields.opt("includeGlobal", read::boolean)?,
            include_unknown: fields.opt("includeUnknown", read::boolean)?,
            include_derived_titles: fields.opt("includeDerivedTitles", read::boolean)?,
            include_last_message: fields.opt("includeLastMessage", read::boolean)?,
            label: fields.opt("label", read::bounded(SESSION_LABEL_MAX_CHARS))?,
            spawned_by: fields.opt("spawnedBy", read::non_empty)?,
            agent_id: fields.opt("agentId", read::non_empty)?,
            search: fields.opt("search", read::string)?,
        })
    }
}

impl Decode for SessionsPreviewParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["keys", "limit", "maxChars"])?;
        Ok(Self {
            keys: fields.req("keys", read::names(1))?,
            limit: fields.opt("limit", read::int(1, None))?,
            max_chars: fields.opt("maxChars", read::int(20, None))?,
        })
    }
}

deserialize_via_decode!(SessionsListParams, "params");
deserialize_via_decode!(SessionsPreviewParams, "params");
