//! Comparing a presented secret with a configured one (gateway token or password, hook token)
//! without leaking, through timing, how much of it matched or how long it is.
//!
//! Both sides are hashed with SHA-256 first, so the constant-time comparison always runs over 32
//! bytes whatever the lengths; OpenClaw pads both to the longer length instead, which leaks the
//! longer length. Equal strings still compare equal, including two empty strings: callers decide
//! beforehand whether an empty secret is acceptable (it never is for a configured one).

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Whether `presented` equals `expected`, in time independent of their contents and lengths.
pub fn secret_equal(presented: &str, expected: &str) -> bool {
    let presented = Sha256::digest(presented.as_bytes());
    let expected = Sha256::digest(expected.as_bytes());
    presented.as_slice().ct_eq(expected.as_slice()).into()
}

/// [`secret_equal`] for an optional presented value: nothing presented never matches.
pub fn presented_secret_matches(presented: Option<&str>, expected: &str) -> bool {
    presented.is_some_and(|presented| secret_equal(presented, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_secrets_match() {
        assert!(secret_equal("s3cret-token", "s3cret-token"));
        assert!(secret_equal("", ""));
        assert!(secret_equal("pässwörd", "pässwörd"));
    }

    #[test]
    fn different_secrets_do_not_match() {
        assert!(!secret_equal("s3cret-token", "s3cret-tokem"));
        assert!(!secret_equal("s3cret", "s3cret-token"));
        assert!(!secret_equal("", "x"));
        // Case matters: secrets are compared byte for byte.
        assert!(!secret_equal("Token", "token"));
    }

    #[test]
    fn nothing_presented_never_matches() {
        assert!(!presented_secret_matches(None, "token"));
        assert!(!presented_secret_matches(None, ""));
        assert!(presented_secret_matches(Some("token"), "token"));
    }
}
