//! `config.get`, `config.set`, `config.apply`, `config.patch` and `config.schema`.
//!
//! Writes carry the new file text as `raw` (JSON5) and, when a config file exists, the
//! `baseHash` of the snapshot the caller edited: the gateway refuses a stale hash instead of
//! silently overwriting someone else's change. `config.set` takes only `raw` and `baseHash`;
//! `apply`/`patch` may also name the session to notify and a restart delay.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

super::empty_params!(
    /// `config.get` takes no parameters.
    ConfigGetParams,
    /// `config.schema` takes no parameters.
    ConfigSchemaParams,
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigSetParams {
    pub raw: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_hash: Option<String>,
}

/// `config.apply` replaces the file with `raw`; `config.patch` merges `raw` into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigApplyParams {
    pub raw: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_hash: Option<String>,
    /// The session to tell once the restart has happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_delay_ms: Option<i64>,
}

/// Same shape as `config.apply`'s.
pub type ConfigPatchParams = ConfigApplyParams;

/// `config.get`: the config file as read, with secrets replaced by placeholders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigGetResult {
    pub path: String,
    pub exists: bool,
    /// The file text (redacted), or `null` when there is no file.
    pub raw: Option<String>,
    /// The file parsed as JSON5, before `$include` and `${VAR}` resolution.
    pub parsed: Value,
    /// After `$include` and `${VAR}` resolution, before defaults.
    #[serde(default)]
    pub resolved: Value,
    pub valid: bool,
    /// The effective config, defaults applied.
    pub config: Value,
    /// SHA-256 (hex) of the raw file text; what `baseHash` must echo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub issues: Vec<ConfigIssue>,
    pub warnings: Vec<ConfigIssue>,
    pub legacy_issues: Vec<ConfigIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigIssue {
    pub path: String,
    pub message: String,
}

/// `config.schema`: the JSON Schema of the config plus the UI's hints per key path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigSchemaResult {
    pub schema: Value,
    pub ui_hints: BTreeMap<String, ConfigUiHint>,
    pub version: String,
    pub generated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigUiHint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced: Option<bool>,
    /// Values under this key are secrets: redacted in `config.get`, restored on write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_template: Option<Value>,
}

/// `config.set`: `{ok, path, config}`; `apply`/`patch` add `restart` and `sentinel`, whose
/// shapes belong to the restart machinery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigWriteResult {
    pub ok: bool,
    pub path: String,
    pub config: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentinel: Option<Value>,
}

impl Decode for ConfigSetParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["raw", "baseHash"])?;
        Ok(Self { raw: fields.req("raw", read::non_empty)?, base_hash: fields.opt("baseHash", read::non_empty)? })
    }
}

impl Decode for ConfigApplyParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["raw", "baseHash", "sessionKey", "note", "restartDelayMs"])?;
        Ok(Self {
            raw: fields.req("raw", read::non_empty)?,
            base_hash: fields.opt("baseHash", read::non_empty)?,
            session_key: fields.opt("sessionKey", read::string)?,
            note: fields.opt("note", read::string)?,
            restart_delay_ms: fields.opt("restartDelayMs", read::int(0, None))?,
        })
    }
}

deserialize_via_decode!(ConfigSetParams, "params");
deserialize_via_decode!(ConfigApplyParams, "params");
