//! Secrets the CLI creates, and the config secrets it reads itself.

/// A new random 256-bit token, hex encoded (64 characters).
pub fn generate_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("cannot read random bytes from the OS: {e}"))?;
    Ok(hex::encode(bytes))
}

/// The value of a secret-bearing config key (`key` names it in messages) for a command that
/// runs outside the gateway: literals as written (blank means unset, as in OpenClaw),
/// `{source:"env"}` references from the config's environment. File and exec providers are
/// only run by the gateway, so such a reference is reported instead of silently skipped.
pub fn resolve_config_secret(
    secret: &openclaw_config::model::Secret,
    key: &str,
    env: &openclaw_config::EnvMap,
) -> anyhow::Result<Option<String>> {
    use openclaw_config::model::{Secret, SecretSource};
    match secret {
        Secret::Literal(value) => Ok(Some(value.trim().to_owned()).filter(|v| !v.is_empty())),
        Secret::Ref(reference) if reference.source == SecretSource::Env => match env.non_empty(&reference.id) {
            Some(value) => Ok(Some(value.trim().to_owned())),
            None => anyhow::bail!("{key} refers to environment variable {} which is not set", reference.id),
        },
        Secret::Ref(reference) => anyhow::bail!(
            "{key} is a SecretRef with source \"{}\", which this command cannot resolve: use an env reference or a literal",
            reference.source.as_str()
        ),
    }
}
