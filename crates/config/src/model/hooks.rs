//! `hooks.*`: the authenticated webhook ingress (`/hooks/wake`, `/hooks/agent`, mappings) and
//! the Gmail push integration.
//!
//! Hook payloads are external, untrusted content; they are wrapped as such unless a mapping (or
//! Gmail) sets `allowUnsafeExternalContent`. Source: `src/config/zod-schema.hooks.ts`,
//! `src/gateway/hooks.ts`, `src/gateway/hooks-mapping.ts`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::gateway::TailscaleMode;
use super::secret::Secret;

/// Default hook URL prefix.
pub const DEFAULT_HOOKS_PATH: &str = "/hooks";

/// `hooks.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HooksConfig {
    /// Serve the hook endpoints (default false); requires `token`.
    pub enabled: Option<bool>,
    /// URL prefix (default `/hooks`); `/` is refused, it would shadow everything.
    pub path: Option<String>,
    /// Bearer token (or `X-OpenClaw-Token`) every hook request must carry.
    pub token: Option<Secret>,
    /// Session key for hook runs that name none (else `hook:<uuid>`).
    pub default_session_key: Option<String>,
    /// Let callers choose the session key (default false): a caller could then write into any
    /// session, so bound it with `allowedSessionKeyPrefixes`.
    pub allow_request_session_key: Option<bool>,
    /// Prefixes (lowercase) every hook session key must start with.
    pub allowed_session_key_prefixes: Option<Vec<String>>,
    /// Agents hooks may target (absent or `*` = all, `[]` = none).
    pub allowed_agent_ids: Option<Vec<String>>,
    /// Request body cap (default 262144).
    pub max_body_bytes: Option<u64>,
    /// Built-in mapping presets to enable (e.g. `gmail`).
    pub presets: Option<Vec<String>>,
    /// Directory transform modules are loaded from; modules must stay inside it.
    pub transforms_dir: Option<String>,
    /// Path/source-based routing of hook payloads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<HookMappingConfig>,
    pub gmail: Option<GmailHookConfig>,
}

/// One `hooks.mappings[]` entry.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HookMappingConfig {
    pub id: Option<String>,
    #[serde(rename = "match")]
    pub matcher: Option<HookMatchConfig>,
    pub action: Option<HookAction>,
    pub wake_mode: Option<WakeMode>,
    pub name: Option<String>,
    pub agent_id: Option<String>,
    /// Session key template (`{{path.to.field}}`).
    pub session_key: Option<String>,
    pub message_template: Option<String>,
    pub text_template: Option<String>,
    pub deliver: Option<bool>,
    /// Skip the untrusted-content wrapping for this mapping. Dangerous.
    pub allow_unsafe_external_content: Option<bool>,
    /// Delivery channel (`last` or a channel id).
    pub channel: Option<String>,
    pub to: Option<String>,
    pub model: Option<String>,
    pub thinking: Option<String>,
    pub timeout_seconds: Option<u64>,
    /// Code run on the payload; the module path must be relative and stay in `transformsDir`.
    pub transform: Option<HookTransformConfig>,
}

/// `hooks.mappings[].match`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookMatchConfig {
    pub path: Option<String>,
    pub source: Option<String>,
}

/// `hooks.mappings[].action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HookAction {
    Wake,
    Agent,
}

/// `wakeMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WakeMode {
    #[serde(rename = "now")]
    Now,
    #[serde(rename = "next-heartbeat")]
    NextHeartbeat,
}

/// `hooks.mappings[].transform`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookTransformConfig {
    pub module: Option<String>,
    pub export: Option<String>,
}

/// `hooks.gmail.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GmailHookConfig {
    pub account: Option<String>,
    pub label: Option<String>,
    pub topic: Option<String>,
    pub subscription: Option<String>,
    /// Token Google Pub/Sub push requests must carry.
    pub push_token: Option<Secret>,
    pub hook_url: Option<String>,
    pub include_body: Option<bool>,
    pub max_bytes: Option<u64>,
    pub renew_every_minutes: Option<u64>,
    /// Skip the untrusted-content wrapping for mail. Dangerous.
    pub allow_unsafe_external_content: Option<bool>,
    pub serve: Option<GmailServeConfig>,
    pub tailscale: Option<GmailTailscaleConfig>,
    pub model: Option<String>,
    pub thinking: Option<String>,
}

/// `hooks.gmail.serve.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GmailServeConfig {
    pub bind: Option<String>,
    pub port: Option<u64>,
    pub path: Option<String>,
}

/// `hooks.gmail.tailscale.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GmailTailscaleConfig {
    pub mode: Option<TailscaleMode>,
    pub path: Option<String>,
    pub target: Option<String>,
}

/// OpenClaw's hook path normalisation: trimmed, default `/hooks`, leading `/` added, trailing
/// slashes removed.
pub fn normalize_hooks_path(written: &str) -> String {
    let trimmed = written.trim();
    let raw = if trimmed.is_empty() { DEFAULT_HOOKS_PATH } else { trimmed };
    let with_slash = if raw.starts_with('/') { raw.to_owned() } else { format!("/{raw}") };
    if with_slash.len() > 1 {
        let stripped = with_slash.trim_end_matches('/');
        if stripped.is_empty() { "/".to_owned() } else { stripped.to_owned() }
    } else {
        with_slash
    }
}

/// Prefixes trimmed and lowercased, blanks dropped; `None` when nothing usable is left (no
/// restriction), like OpenClaw's `resolveAllowedSessionKeyPrefixes`.
pub fn normalized_prefixes(prefixes: Option<&[String]>) -> Option<Vec<String>> {
    let mut normalized: Vec<String> = Vec::new();
    for prefix in prefixes? {
        let prefix = prefix.trim().to_lowercase();
        if !prefix.is_empty() && !normalized.contains(&prefix) {
            normalized.push(prefix);
        }
    }
    (!normalized.is_empty()).then_some(normalized)
}
