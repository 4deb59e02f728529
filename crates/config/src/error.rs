//! The one error type of this crate.

use std::path::PathBuf;

use crate::issue::Issue;

pub type Result<T> = std::result::Result<T, ConfigError>;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The config (or the config an edit would produce) has errors; all of them are listed.
    #[error("config {} is invalid ({} problem{})", path.display(), issues.len(), if issues.len() == 1 { "" } else { "s" })]
    Invalid { path: PathBuf, issues: Vec<Issue> },
    /// A `config get/set/unset` path or value that cannot be used.
    #[error("{0}")]
    Edit(String),
    /// `config get/unset` of a path that is not in the config.
    #[error("config path not found: {0}")]
    NotFound(String),
    /// `config.apply/patch` with a `baseHash` that is not the file's current hash: someone else
    /// wrote the config in between.
    #[error("config changed since last load; re-run config.get and retry")]
    Conflict { current_hash: String },
    /// A write that needs `baseHash` (the file exists) came without one.
    #[error("config base hash required; re-run config.get and retry")]
    BaseHashRequired,
    #[error(transparent)]
    Durable(#[from] openclaw_durable::DurableError),
}
