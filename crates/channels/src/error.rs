//! The one error type of this crate. Every message is one line that names the channel, because
//! the CLI prints it after "Failed to notify requester: ". Text that came from the network or
//! from reqwest passes through the client's redaction first, so a bot token a server echoes (or
//! that sits in a Telegram URL) never reaches a terminal or a log through this type.

/// Why a message could not be sent on a channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// This build has no sender for the channel.
    #[error("approval notices for {channel} are not available in this build")]
    Unsupported { channel: String },

    /// No token for the account: nothing configured and no environment fallback.
    #[error("{channel} token not configured{}", account_suffix(account))]
    NotConfigured { channel: &'static str, account: String },

    /// The API answered with an error; `description` is its own wording (Telegram
    /// `description`, Discord `message`, Slack `error`). `status` is left out for Slack's
    /// HTTP 200 `{ok:false}` answers, where it would only confuse.
    #[error("{channel}: {description}{}", status_suffix(*.status))]
    Api { channel: &'static str, description: String, status: Option<u16> },

    /// The API asked us to wait longer than we are willing to, or again after one wait.
    #[error("{channel}: rate limited{}", retry_suffix(*.retry_after_secs))]
    RateLimited { channel: &'static str, retry_after_secs: Option<u64> },

    /// No usable HTTP exchange: connection refused, TLS failure, reset.
    #[error("{channel}: cannot reach the API: {message}")]
    Transport { channel: &'static str, message: String },

    /// The API did not answer within the client's time limit.
    #[error("{channel}: no answer within {secs} s")]
    Timeout { channel: &'static str, secs: u64 },

    /// A success status whose body is not what the API documents.
    #[error("{channel}: unexpected answer: {message}")]
    InvalidResponse { channel: &'static str, message: String },

    /// The client could not be built (a base URL that is not a URL, a token that cannot be a
    /// header value).
    #[error("{channel}: {message}")]
    Config { channel: &'static str, message: String },
}

pub type Result<T, E = ChannelError> = std::result::Result<T, E>;

fn account_suffix(account: &str) -> String {
    if account.is_empty() || account == "default" { String::new() } else { format!(" for account {account}") }
}

fn status_suffix(status: Option<u16>) -> String {
    status.map(|code| format!(" (HTTP {code})")).unwrap_or_default()
}

fn retry_suffix(secs: Option<u64>) -> String {
    secs.map(|s| format!(", retry after {s} s")).unwrap_or_default()
}
