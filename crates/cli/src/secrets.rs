//! Secrets the CLI creates or hides.

use openclaw_config::KeyPath;
use openclaw_policy::secret_path::{REDACTED_SENTINEL, is_secret_path};
use serde_json::Value;

/// A new random 256-bit token, hex encoded (64 characters).
pub fn generate_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("cannot read random bytes from the OS: {e}"))?;
    Ok(hex::encode(bytes))
}

/// Replaces every string under a secret-looking key with OpenClaw's redaction sentinel.
pub fn redact_config(value: &mut Value, path: &KeyPath) {
    match value {
        Value::String(s) if is_secret_path(&dotted(path)) => *s = REDACTED_SENTINEL.to_owned(),
        Value::Array(items) => {
            for item in items.iter_mut() {
                // Array items inherit their key's sensitivity (`apiKeys: [...]`).
                redact_config(item, path);
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                redact_config(v, &path.key(k));
            }
        }
        _ => {}
    }
}

fn dotted(path: &KeyPath) -> String {
    path.segments()
        .iter()
        .filter_map(|s| match s {
            openclaw_config::PathSeg::Key(k) => Some(k.as_str()),
            openclaw_config::PathSeg::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_and_the_rest_kept() {
        let mut v =
            json!({"gateway": {"port": 1, "auth": {"token": "abc", "mode": "token"}}, "x": {"apiKeys": ["k1"]}});
        redact_config(&mut v, &KeyPath::root());
        assert_eq!(
            v,
            json!({"gateway": {"port": 1, "auth": {"token": REDACTED_SENTINEL, "mode": "token"}}, "x": {"apiKeys": [REDACTED_SENTINEL]}})
        );
    }

    #[test]
    fn tokens_are_256_bit_hex() {
        let a = generate_token().unwrap_or_default();
        let b = generate_token().unwrap_or_default();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
