//! Which config keys hold secrets, so `config get`, `config.get` and audit records never show them.
//!
//! Matches OpenClaw's rule: the last key segment ends in `token`, or contains `password`,
//! `secret` or `api key` (any separator), or ends in `serviceAccount[Ref]`; counters such as
//! `maxTokens` are not secrets.

/// Placeholder shown instead of a secret value (the same string OpenClaw uses, so clients that
/// round-trip a redacted config restore the original).
pub const REDACTED_SENTINEL: &str = "__OPENCLAW_REDACTED__";

const NOT_SECRET_SUFFIXES: &[&str] = &[
    "maxtokens",
    "maxoutputtokens",
    "maxinputtokens",
    "maxcompletiontokens",
    "contexttokens",
    "totaltokens",
    "tokencount",
    "tokenlimit",
    "tokenbudget",
    "passwordfile",
];

/// Whether the value at a dotted config path (e.g. `gateway.auth.token`) is a secret.
pub fn is_secret_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if NOT_SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return false;
    }
    lower.ends_with("token")
        || lower.contains("password")
        || lower.contains("secret")
        || has_api_key(&lower)
        || lower.ends_with("serviceaccount")
        || lower.ends_with("serviceaccountref")
}

/// `api.?key`: "api", any one character or none, then "key".
fn has_api_key(lower: &str) -> bool {
    lower.match_indices("api").any(|(i, _)| {
        let rest = &lower[i + 3..];
        rest.starts_with("key") || rest.get(1..).is_some_and(|r| r.starts_with("key"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_paths() {
        let cases = [
            ("gateway.auth.token", true),
            ("gateway.auth.password", true),
            ("hooks.token", true),
            ("models.providers.openai.apiKey", true),
            ("channels.slack.signingSecret", true),
            ("x.api_key", true),
            ("agents.defaults.maxTokens", false),
            ("gateway.auth.passwordFile", false),
            ("gateway.port", false),
            ("session.dmScope", false),
            ("tools.tokenizer", false),
        ];
        for (path, want) in cases {
            assert_eq!(is_secret_path(path), want, "{path}");
        }
    }
}
