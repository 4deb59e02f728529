//! Turns secret-bearing config values into the strings the gateway compares against: literals
//! as written, `{source:"env"}` references from the environment the config was loaded with.
//! Other reference sources are refused at start with a message naming the key, so a gateway
//! never starts with a credential it cannot check.

use openclaw_config::EnvMap;
use openclaw_config::model::secret::{Secret, SecretSource};

use crate::error::{GatewayError, Result};

/// The value behind `secret` (configured at `key`), if any.
pub fn resolve(secret: Option<&Secret>, key: &str, env: &EnvMap) -> Result<Option<String>> {
    let Some(secret) = secret else { return Ok(None) };
    if let Some(value) = secret.literal() {
        return Ok(Some(value.to_owned()).filter(|v| !v.trim().is_empty()));
    }
    let Secret::Ref(reference) = secret else { return Ok(None) };
    match reference.source {
        SecretSource::Env => match env.non_empty(&reference.id) {
            Some(value) => Ok(Some(value.to_owned())),
            None => Err(GatewayError::Refused(format!(
                "{key} refers to environment variable {} which is not set: export it or put the value in the config",
                reference.id
            ))),
        },
        source => Err(GatewayError::Refused(format!(
            "{key} is a SecretRef with source \"{}\", which this gateway cannot resolve at start: use an env reference or a literal",
            source.as_str()
        ))),
    }
}
