//! Where a hooks request's token comes from: `Authorization: Bearer <token>` or
//! `X-OpenClaw-Token`, never the query string, because URLs end up in proxy logs, browser history
//! and `Referer` headers. A `?token=` is refused with 400 before anything else, even a correct
//! header token, so a leaky integration is noticed rather than silently working.

use crate::gateway::secret::secret_equal;

/// The body of the 400 answer to a hooks request carrying `?token=`.
pub const HOOK_QUERY_TOKEN_MESSAGE: &str = "Hook token must be provided via Authorization: Bearer <token> or X-OpenClaw-Token header (query parameters are not allowed).";

/// The token a hooks request presented.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HookTokenInput<'a> {
    /// A token from a header (trimmed, non-empty).
    Token(&'a str),
    /// No token: answer 401 (and count a failure).
    Missing,
    /// A `token` query parameter: answer 400 with [`HOOK_QUERY_TOKEN_MESSAGE`].
    QueryTokenRejected,
}

impl HookTokenInput<'_> {
    /// Whether the presented token is `configured` (compared in constant time).
    pub fn matches(&self, configured: &str) -> bool {
        match self {
            Self::Token(token) => !configured.trim().is_empty() && secret_equal(token, configured),
            Self::Missing | Self::QueryTokenRejected => false,
        }
    }
}

impl std::fmt::Debug for HookTokenInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(<redacted>)"),
            Self::Missing => f.write_str("Missing"),
            Self::QueryTokenRejected => f.write_str("QueryTokenRejected"),
        }
    }
}

/// Picks the hooks token: a non-empty `Bearer` credential first, else `X-OpenClaw-Token`.
pub fn hooks_token<'a>(
    authorization: Option<&'a str>,
    x_openclaw_token: Option<&'a str>,
    query_has_token: bool,
) -> HookTokenInput<'a> {
    if query_has_token {
        return HookTokenInput::QueryTokenRejected;
    }
    let bearer = authorization.map(str::trim).and_then(|value| {
        let (scheme, token) = (value.get(..7)?, value.get(7..)?.trim());
        (scheme.eq_ignore_ascii_case("bearer ") && !token.is_empty()).then_some(token)
    });
    let header = x_openclaw_token.map(str::trim).filter(|token| !token.is_empty());
    bearer.or(header).map_or(HookTokenInput::Missing, HookTokenInput::Token)
}
