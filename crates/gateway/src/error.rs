//! The gateway's one error enum. Start-up failures carry a message that says how to fix them;
//! they become the CLI's one-line error and exit code in `openclaw-cli`.

use std::path::PathBuf;

/// Errors of the gateway process.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The config (or the environment) does not allow a safe start; the message says why and how to fix it.
    #[error("{0}")]
    Refused(String),
    #[error("invalid config {path}: {detail}")]
    Config { path: PathBuf, detail: String },
    #[error("another gateway is already running for {config} (lock {lock}); stop it first or use --force")]
    AlreadyRunning { config: PathBuf, lock: PathBuf },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] openclaw_store::StoreError),
    #[error(transparent)]
    ConfigLoad(#[from] openclaw_config::ConfigError),
    #[error(transparent)]
    Durable(#[from] openclaw_durable::DurableError),
}

/// Result alias for this crate.
pub type Result<T, E = GatewayError> = std::result::Result<T, E>;
