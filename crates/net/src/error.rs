//! One error enum for the crate. Messages name the host (never the whole URL: a query string
//! may carry a token) and say what limit or rule refused it.

use openclaw_policy::net::SsrfBlock;

pub type Result<T, E = NetError> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    #[error("unsupported URL scheme `{0}` (only http and https)")]
    UnsupportedScheme(String),
    #[error("{0}")]
    Blocked(SsrfBlock),
    #[error("could not resolve {host}: {message}")]
    Lookup { host: String, message: String },
    #[error("too many redirects (limit: {limit})")]
    TooManyRedirects { limit: u32 },
    #[error("redirect from {host} without a usable Location header")]
    BadRedirect { host: String },
    #[error("content too large: {bytes} bytes (limit: {limit} bytes)")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("fetch timed out after {ms} ms")]
    Timeout { ms: u64 },
    #[error("fetch from {host} failed: {message}")]
    Transport { host: String, message: String },
}
