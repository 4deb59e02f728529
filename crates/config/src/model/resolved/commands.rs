//! Resolved `commands.*` (`CommandsSchema` defaults in `src/config/zod-schema.session.ts`,
//! `src/auto-reply/command-auth.ts`).

use std::collections::BTreeMap;

use crate::model::commands::{CommandsConfig, NativeCommands};

pub const DEFAULT_BASH_FOREGROUND_MS: u64 = 2000;

/// `commands.*` with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commands {
    pub native: NativeCommands,
    pub native_skills: NativeCommands,
    pub text: bool,
    pub bash: bool,
    pub bash_foreground_ms: u64,
    pub config: bool,
    pub debug: bool,
    pub restart: bool,
    pub use_access_groups: bool,
    /// Trimmed, blanks dropped.
    pub owner_allow_from: Vec<String>,
    /// `None` = not configured (channel allowlists decide); when present it alone decides.
    pub allow_from: Option<BTreeMap<String, Vec<String>>>,
}

impl Commands {
    pub(super) fn resolve(raw: Option<&CommandsConfig>) -> Self {
        Self {
            native: raw.and_then(|c| c.native).unwrap_or(NativeCommands::Auto),
            native_skills: raw.and_then(|c| c.native_skills).unwrap_or(NativeCommands::Auto),
            text: raw.and_then(|c| c.text).unwrap_or(true),
            bash: raw.and_then(|c| c.bash).unwrap_or(false),
            bash_foreground_ms: raw.and_then(|c| c.bash_foreground_ms).unwrap_or(DEFAULT_BASH_FOREGROUND_MS),
            config: raw.and_then(|c| c.config).unwrap_or(false),
            debug: raw.and_then(|c| c.debug).unwrap_or(false),
            restart: raw.and_then(|c| c.restart).unwrap_or(true),
            use_access_groups: raw.and_then(|c| c.use_access_groups).unwrap_or(true),
            owner_allow_from: raw.and_then(|c| c.owner_allow_from.as_ref()).map(|l| l.normalized()).unwrap_or_default(),
            allow_from: raw
                .and_then(|c| c.allow_from.as_ref())
                .map(|map| map.iter().map(|(channel, ids)| (channel.clone(), ids.normalized())).collect()),
        }
    }
}
