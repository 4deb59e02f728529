//! Errors of process spawning.

/// Why a process could not be run to completion.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot start {program}: {source}")]
    Spawn { program: String, source: std::io::Error },
    #[error("{program} did not finish within {timeout_ms} ms")]
    Timeout { program: String, timeout_ms: u64 },
    #[error("{program} failed: {source}")]
    Wait { program: String, source: std::io::Error },
}

/// Result alias for this crate.
pub type Result<T, E = SandboxError> = std::result::Result<T, E>;
