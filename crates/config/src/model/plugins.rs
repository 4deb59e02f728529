//! `plugins.*`: in-process extensions. Plugins are trusted code running inside the gateway, so
//! the allow/deny lists are a security boundary (deny wins).
//!
//! Source: `src/config/zod-schema.ts` (plugins block), `src/plugins/config-state.ts`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::secret::Secret;

/// `plugins.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginsConfig {
    /// Master switch (default true).
    pub enabled: Option<bool>,
    /// When present, only these plugin ids load.
    pub allow: Option<Vec<String>>,
    /// Plugin ids never loaded (wins over `allow`).
    pub deny: Option<Vec<String>>,
    pub load: Option<PluginsLoadConfig>,
    pub slots: Option<PluginSlotsConfig>,
    /// Plugin id → per-plugin settings.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entries: BTreeMap<String, PluginEntryConfig>,
}

/// `plugins.load.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginsLoadConfig {
    /// Extra directories/files to load plugins from.
    pub paths: Option<Vec<String>>,
}

/// `plugins.slots.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginSlotsConfig {
    /// Plugin providing memory.
    pub memory: Option<String>,
}

/// `plugins.entries.<id>.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginEntryConfig {
    pub enabled: Option<bool>,
    /// Plugin-defined settings, validated against the plugin's own schema.
    pub config: Option<serde_json::Map<String, serde_json::Value>>,
    pub api_key: Option<Secret>,
    /// Environment for the plugin.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
}
