//! Secret-bearing config values: a literal string or a reference to a secret held elsewhere.
//!
//! OpenClaw's `SecretInput` is `string | {source, provider, id}` (`src/config/zod-schema.core.ts`,
//! `src/config/types.secrets.ts`). A reference without `provider` is the legacy spelling and means
//! the provider configured in `secrets.defaults.<source>`, else `"default"`. The value behind a
//! reference is fetched at use time by whoever needs it; this module never reads it.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

/// Provider alias used when a reference names none and `secrets.defaults` has none either.
pub const DEFAULT_SECRET_PROVIDER: &str = "default";

/// Where the value of a [`SecretRef`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretSource {
    /// An environment variable (`id` is its name).
    Env,
    /// A file (`id` is a JSON pointer into it, or `"value"` for a single-value file).
    File,
    /// The output of a configured command (`id` is passed to it).
    Exec,
}

impl SecretSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Env => "env",
            Self::File => "file",
            Self::Exec => "exec",
        }
    }
}

/// A pointer to a secret: which provider to ask and under what id. Not itself sensitive.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SecretRef {
    pub source: SecretSource,
    /// Alias of an entry in `secrets.providers`; omitted in the legacy spelling.
    pub provider: Option<String>,
    pub id: String,
}

impl SecretRef {
    /// The provider alias to ask, applying `secrets.defaults.<source>` then `"default"`.
    pub fn provider_alias<'a>(&'a self, secrets: Option<&'a SecretsConfig>) -> &'a str {
        if let Some(provider) = self.provider.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            return provider;
        }
        let defaults = secrets.and_then(|s| s.defaults.as_ref());
        let configured = defaults.and_then(|d| match self.source {
            SecretSource::Env => d.env.as_deref(),
            SecretSource::File => d.file.as_deref(),
            SecretSource::Exec => d.exec.as_deref(),
        });
        configured.map(str::trim).filter(|p| !p.is_empty()).unwrap_or(DEFAULT_SECRET_PROVIDER)
    }
}

/// A secret as written in the config. `Debug` never shows a literal value, so configs can be
/// logged and printed in errors without leaking tokens.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Secret {
    /// The secret itself, written inline (possibly after `${VAR}` substitution).
    Literal(String),
    /// Where to fetch the secret at use time.
    Ref(SecretRef),
}

impl Secret {
    /// The inline value, if this is a literal.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Self::Literal(value) => Some(value),
            Self::Ref(_) => None,
        }
    }

    pub fn is_ref(&self) -> bool {
        matches!(self, Self::Ref(_))
    }

    pub fn reference(&self) -> Option<&SecretRef> {
        match self {
            Self::Literal(_) => None,
            Self::Ref(reference) => Some(reference),
        }
    }

    /// Whether anything usable is configured. OpenClaw trims literals, so a blank string counts
    /// as unset (e.g. `hooks.enabled` with `hooks.token: " "` is refused).
    pub fn is_set(&self) -> bool {
        match self {
            Self::Literal(value) => !value.trim().is_empty(),
            Self::Ref(_) => true,
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Literal(_) => f.write_str("Secret::Literal(<redacted>)"),
            Self::Ref(reference) => f.debug_tuple("Secret::Ref").field(reference).finish(),
        }
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Literal(value) => serializer.serialize_str(value),
            Self::Ref(reference) => reference.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SecretVisitor)
    }
}

struct SecretVisitor;

impl<'de> Visitor<'de> for SecretVisitor {
    type Value = Secret;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a secret reference {source, provider, id}")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Secret, E> {
        Ok(Secret::Literal(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Secret, E> {
        Ok(Secret::Literal(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Secret, A::Error> {
        // Read the keys by hand (rather than via an untagged enum) so an unexpected key reaches
        // `serde_ignored` and is reported with its path instead of vanishing in a buffer.
        let mut source = None;
        let mut provider = None;
        let mut id = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "source" => source = Some(map.next_value::<SecretSource>()?),
                "provider" => provider = Some(map.next_value::<String>()?),
                "id" => id = Some(map.next_value::<String>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let source = source.ok_or_else(|| de::Error::missing_field("source"))?;
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        Ok(Secret::Ref(SecretRef { source, provider, id }))
    }
}

/// `secrets`: the providers SecretRefs are resolved against.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretsConfig {
    /// Provider alias → how to fetch. An `exec` provider runs a command, so its `command` must be
    /// an absolute path (checked by the rules).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub providers: BTreeMap<String, SecretProviderConfig>,
    /// Provider alias per source for references that name none.
    pub defaults: Option<SecretDefaultsConfig>,
}

/// `secrets.defaults`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretDefaultsConfig {
    pub env: Option<String>,
    pub file: Option<String>,
    pub exec: Option<String>,
}

/// One `secrets.providers.<alias>` entry. OpenClaw discriminates on `source`; the fields are kept
/// flat (all optional) so every key stays visible to the loader's unused-key report.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretProviderConfig {
    pub source: Option<SecretSource>,
    /// `env`: the only variable names this provider may read (exact names).
    pub allowlist: Option<Vec<String>>,
    /// `file`: the file holding the secrets.
    pub path: Option<String>,
    /// `file`: `singleValue` (whole file is the secret) or `json` (ids are JSON pointers).
    pub mode: Option<String>,
    /// `file`/`exec`: give up after this long.
    pub timeout_ms: Option<u64>,
    /// `file`: refuse larger files.
    pub max_bytes: Option<u64>,
    /// `exec`: absolute path of the command that prints secrets.
    pub command: Option<String>,
    pub args: Option<Vec<String>>,
    pub no_output_timeout_ms: Option<u64>,
    pub max_output_bytes: Option<u64>,
    pub json_only: Option<bool>,
    /// `exec`: extra environment for the command.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// `exec`: variables passed through from the gateway's environment.
    pub pass_env: Option<Vec<String>>,
    /// `exec`: directories the command must live in.
    pub trusted_dirs: Option<Vec<String>>,
    /// `exec`: accept a command in a group/world-writable location (dangerous).
    pub allow_insecure_path: Option<bool>,
    /// `exec`: accept a symlinked command (dangerous).
    pub allow_symlink_command: Option<bool>,
}

#[cfg(test)]
mod tests;
