//! Secret values and references to them. [`SecretString`] is how a key leaves this crate: its
//! `Debug` never shows the value and it has no `Display`, so a credential that ends up in a log line
//! or an error message shows as `<redacted>`.

use std::fmt;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Result, StoreError};

/// A key, token or password. Read it with [`SecretString::expose`], only where it is sent.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Blank values count as unset, as OpenClaw trims every secret input.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

/// Where the value of a [`SecretRef`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretSource {
    /// An environment variable named by `id`.
    Env,
    /// A file at the path `id`.
    File,
    /// A configured command; resolving it is the secrets runtime's job, not this crate's.
    Exec,
}

/// OpenClaw's `SecretRef` (`{source, provider?, id}`): where a secret lives, not the secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SecretRef {
    pub source: SecretSource,
    /// The secrets provider alias; omitted in the legacy spelling. Not needed for `env`/`file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    pub id: String,
}

impl SecretRef {
    /// The value behind the reference: `env` asks `env` for the variable `id`; `file` reads the
    /// file at `id` without its trailing newline (files written by `echo` or editors end in one,
    /// and a key with `\n` appended is rejected by every provider). A variable that is unset or
    /// blank, or a blank file, is `None`; an unreadable file is an error naming it. `exec` needs a
    /// process runner, which this crate must not have, so it resolves to `None` here and callers
    /// that support it check [`SecretRef::source`] first.
    pub fn resolve(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<SecretString>> {
        let value = match self.source {
            SecretSource::Env => env(self.id.trim()),
            SecretSource::File => {
                let path = Path::new(&self.id);
                let text = fs::read_to_string(path).map_err(|err| StoreError::io("read", path, err))?;
                Some(text.trim_end_matches(['\n', '\r']).to_owned())
            }
            SecretSource::Exec => None,
        };
        Ok(value.map(SecretString).filter(|secret| !secret.is_blank()))
    }
}
