//! Resolved `hooks.*` (`resolveHooksConfig` in `src/gateway/hooks.ts`).

use crate::model::hooks::{GmailHookConfig, HookMappingConfig, HooksConfig, normalize_hooks_path, normalized_prefixes};
use crate::model::secret::Secret;

use super::{non_blank, trimmed_list};

pub const DEFAULT_HOOKS_MAX_BODY_BYTES: u64 = 256 * 1024;

/// `hooks.*` with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hooks {
    /// When true, `token` is guaranteed set.
    pub enabled: bool,
    pub token: Option<Secret>,
    /// Normalised: leading `/`, no trailing `/`, never `/` alone when enabled.
    pub path: String,
    pub max_body_bytes: u64,
    pub default_session_key: Option<String>,
    pub allow_request_session_key: bool,
    /// Lowercased prefixes; `None` = no restriction.
    pub allowed_session_key_prefixes: Option<Vec<String>>,
    /// `None` = every agent (absent or `*`); `Some([])` = none.
    pub allowed_agent_ids: Option<Vec<String>>,
    pub presets: Vec<String>,
    pub transforms_dir: Option<String>,
    pub mappings: Vec<HookMappingConfig>,
    pub gmail: Option<GmailHookConfig>,
}

impl Hooks {
    pub(super) fn resolve(raw: Option<&HooksConfig>) -> Self {
        let empty = HooksConfig::default();
        let raw = raw.unwrap_or(&empty);
        Self {
            enabled: raw.enabled.unwrap_or(false),
            token: raw.token.clone().filter(Secret::is_set),
            path: normalize_hooks_path(raw.path.as_deref().unwrap_or_default()),
            max_body_bytes: raw.max_body_bytes.filter(|n| *n > 0).unwrap_or(DEFAULT_HOOKS_MAX_BODY_BYTES),
            default_session_key: non_blank(raw.default_session_key.as_deref()),
            allow_request_session_key: raw.allow_request_session_key.unwrap_or(false),
            allowed_session_key_prefixes: normalized_prefixes(raw.allowed_session_key_prefixes.as_deref()),
            allowed_agent_ids: raw.allowed_agent_ids.as_deref().and_then(|ids| {
                let ids = trimmed_list(Some(ids));
                if ids.iter().any(|id| id == "*") { None } else { Some(ids) }
            }),
            presets: trimmed_list(raw.presets.as_deref()),
            transforms_dir: non_blank(raw.transforms_dir.as_deref()),
            mappings: raw.mappings.clone(),
            gmail: raw.gmail.clone(),
        }
    }
}
