//! `env`: variables the config adds to the process environment (never overriding existing ones)
//! before `${VAR}` substitution, plus login-shell import settings.
//!
//! OpenClaw's schema is `{shellEnv?, vars?}` plus any other key as an inline string variable
//! (`src/config/zod-schema.ts`, `.catchall(z.string())`), which is modelled by hand here.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

/// `env`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvConfig {
    /// `env.shellEnv`: import variables from the login shell.
    pub shell_env: Option<ShellEnvConfig>,
    /// `env.vars`.
    pub vars: BTreeMap<String, String>,
    /// Any other `env.<NAME>: "value"` key.
    pub inline: BTreeMap<String, String>,
}

impl EnvConfig {
    /// All variables: `vars` first, inline keys override on a clash.
    pub fn variables(&self) -> BTreeMap<&str, &str> {
        self.vars.iter().chain(&self.inline).map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
}

/// `env.shellEnv.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShellEnvConfig {
    pub enabled: Option<bool>,
    /// Give up on the login shell after this long (default 15000).
    pub timeout_ms: Option<u64>,
}

impl Serialize for EnvConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(shell_env) = &self.shell_env {
            map.serialize_entry("shellEnv", shell_env)?;
        }
        if !self.vars.is_empty() {
            map.serialize_entry("vars", &self.vars)?;
        }
        for (name, value) in &self.inline {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for EnvConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvVisitor;

        impl<'de> Visitor<'de> for EnvVisitor {
            type Value = EnvConfig;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of environment variables")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EnvConfig, A::Error> {
                let mut env = EnvConfig::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "shellEnv" => env.shell_env = Some(map.next_value()?),
                        "vars" => env.vars = map.next_value()?,
                        _ => {
                            let value = map.next_value::<String>()?;
                            env.inline.insert(key, value);
                        }
                    }
                }
                Ok(env)
            }
        }

        deserializer.deserialize_map(EnvVisitor)
    }
}
