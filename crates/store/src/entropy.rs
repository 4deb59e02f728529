//! Fresh secrets and ids from the operating system's random source: device tokens, pairing request
//! ids and identity seeds. Formats follow OpenClaw (`randomBytes(32).toString("base64url")` for
//! tokens, `randomUUID()` for request ids) so values are indistinguishable from the reference's.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::{Result, StoreError};

/// Bytes of entropy in a device token, as in OpenClaw's `PAIRING_TOKEN_BYTES`.
pub(crate) const TOKEN_BYTES: usize = 32;

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| StoreError::Random(err.to_string()))?;
    Ok(bytes)
}

/// A bearer token: 32 random bytes, unpadded base64url (43 characters).
pub(crate) fn new_token() -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<TOKEN_BYTES>()?))
}

/// A random (version 4) UUID in the lowercase hyphenated form `crypto.randomUUID()` returns.
pub(crate) fn new_uuid() -> Result<String> {
    let mut bytes = random_bytes::<16>()?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    Ok(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn uuids_have_the_v4_shape() {
        let id = new_uuid().unwrap();
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.iter().map(|part| part.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn tokens_are_43_base64url_characters() {
        let token = new_token().unwrap();
        assert_eq!(token.len(), 43);
        assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
