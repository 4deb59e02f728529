//! `commands.*`: chat slash commands and who may run them.
//!
//! Source: `src/config/zod-schema.session.ts` (`CommandsSchema`), `src/auto-reply/command-auth.ts`,
//! `src/channels/command-gating.ts`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

use super::id_list::IdList;

/// `commands.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandsConfig {
    /// Register native (platform) slash commands (default `auto`).
    pub native: Option<NativeCommands>,
    /// Register skills as native commands (default `auto`).
    pub native_skills: Option<NativeCommands>,
    /// Parse `/command` text messages (default true).
    pub text: Option<bool>,
    /// `/bash` host shell command (default false).
    pub bash: Option<bool>,
    /// How long `/bash` waits before backgrounding (default 2000).
    pub bash_foreground_ms: Option<u64>,
    /// `/config` edits from chat (default false).
    pub config: Option<bool>,
    /// `/debug` (default false).
    pub debug: Option<bool>,
    /// Restart actions (default true). Does not disable the `gateway` tool's config/update.
    pub restart: Option<bool>,
    /// Authorize commands through the channel allowlists (default true). Off lets anyone who
    /// can message the bot run commands.
    pub use_access_groups: Option<bool>,
    /// Owners (may be prefixed `<channel>:`); owner-only tools need a match.
    pub owner_allow_from: Option<IdList>,
    /// Channel (or `*`) → senders allowed to run commands; when present it alone decides.
    pub allow_from: Option<BTreeMap<String, IdList>>,
}

/// `commands.native` / `nativeSkills`: `true`, `false` or `"auto"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NativeCommands {
    Auto,
    On,
    Off,
}

impl Serialize for NativeCommands {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Auto => serializer.serialize_str("auto"),
            Self::On => serializer.serialize_bool(true),
            Self::Off => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for NativeCommands {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NativeVisitor;

        impl Visitor<'_> for NativeVisitor {
            type Value = NativeCommands;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or \"auto\"")
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<NativeCommands, E> {
                Ok(if value { NativeCommands::On } else { NativeCommands::Off })
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<NativeCommands, E> {
                if value == "auto" {
                    Ok(NativeCommands::Auto)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(value), &self))
                }
            }
        }

        deserializer.deserialize_any(NativeVisitor)
    }
}
