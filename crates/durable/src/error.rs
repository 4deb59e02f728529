use std::io;
use std::path::{Path, PathBuf};

pub type Result<T> = std::result::Result<T, DurableError>;

/// Every failure names the path it happened on, because the caller usually only knows "the config"
/// or "the transcript", and the operator needs the file.
#[derive(Debug, thiserror::Error)]
pub enum DurableError {
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{} is locked by another process", path.display())]
    Locked { path: PathBuf },
    #[error("invalid JSON in {} line {line}: {source}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    /// A raw newline would split one record into two lines and corrupt the file for every reader.
    #[error("cannot append to {}: the line contains a newline", path.display())]
    EmbeddedNewline { path: PathBuf },
}

impl DurableError {
    pub(crate) fn io(op: &'static str, path: &Path, source: io::Error) -> Self {
        Self::Io { op, path: path.to_path_buf(), source }
    }

    /// True when the file (or a directory on its path) does not exist, which callers often treat as
    /// "empty" rather than as a failure.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}
