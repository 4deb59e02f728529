use std::io;
use std::path::PathBuf;

/// Everything that can stop logging from being set up. Once running, sinks never fail the
/// caller: a write that fails is dropped, like OpenClaw's "never block on logging failures".
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "no usable log directory: {} ({preferred_reason}); fallback {} ({fallback_reason})",
        preferred.display(),
        fallback.display()
    )]
    NoLogDirectory { preferred: PathBuf, preferred_reason: String, fallback: PathBuf, fallback_reason: String },

    #[error("unknown log level {0:?} (expected silent, fatal, error, warn, info, debug or trace)")]
    UnknownLevel(String),

    #[error("unknown console style {0:?} (expected pretty, compact or json)")]
    UnknownConsoleStyle(String),

    #[error("cannot work out the local date: {0}")]
    Date(#[from] jiff::Error),

    #[error("a global tracing subscriber is already installed")]
    AlreadyInitialized,
}

impl LoggingError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        LoggingError::Io { action, path: path.into(), source }
    }
}

pub type Result<T, E = LoggingError> = std::result::Result<T, E>;
