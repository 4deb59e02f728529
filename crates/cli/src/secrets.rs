//! Secrets the CLI creates.

/// A new random 256-bit token, hex encoded (64 characters).
pub fn generate_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("cannot read random bytes from the OS: {e}"))?;
    Ok(hex::encode(bytes))
}
