//! What the gateway has configured: `models.list`, `agents.list` and `channels.status`.
//!
//! `channels.status` is schema-light on purpose in the reference (a new channel must not need
//! a protocol change), so per-channel summaries and account snapshots stay
//! `serde_json::Value`; the envelope around them is pinned.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

super::empty_params!(
    /// `models.list` takes no parameters.
    ModelsListParams,
    /// `agents.list` takes no parameters.
    AgentsListParams,
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelsListResult {
    pub models: Vec<ModelChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelChoice {
    pub id: String,
    pub name: String,
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_window: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentsListResult {
    pub default_id: String,
    pub main_key: String,
    pub scope: SessionScope,
    pub agents: Vec<AgentSummary>,
}

/// `session.scope`: one session per sender, or one shared session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionScope {
    PerSender,
    Global,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<AgentIdentity>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentIdentity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
}

/// `probe: true` asks each channel to check its connection now, within `timeoutMs`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelsStatusParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelsStatusResult {
    pub ts: i64,
    pub channel_order: Vec<String>,
    pub channel_labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_detail_labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_system_images: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_meta: Option<Vec<ChannelUiMeta>>,
    pub channels: BTreeMap<String, Value>,
    pub channel_accounts: BTreeMap<String, Vec<Value>>,
    pub channel_default_account_id: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelUiMeta {
    pub id: String,
    pub label: String,
    pub detail_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_image: Option<String>,
}

impl Decode for ChannelsStatusParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["probe", "timeoutMs"])?;
        Ok(Self {
            probe: fields.opt("probe", read::boolean)?,
            timeout_ms: fields.opt("timeoutMs", read::int(0, None))?,
        })
    }
}

deserialize_via_decode!(ChannelsStatusParams, "params");
