//! The one error type of the agent crate.

use openclaw_providers::ProviderError;

/// Why a turn (or a step of preparing one) failed.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// The model call failed after retries and failover.
    #[error(transparent)]
    Provider(#[from] ProviderError),

    /// Session or transcript storage failed.
    #[error(transparent)]
    Store(#[from] openclaw_store::StoreError),

    /// The configuration names something that does not resolve (a model, a provider, a key).
    #[error("{message}")]
    Config { message: String },

    /// The run was aborted (`/stop`, `chat.abort`, timeout).
    #[error("run aborted: {reason}")]
    Aborted { reason: String },

    /// Every model candidate failed in a way that allowed trying the next; `attempts` lists each
    /// `provider/model (profile): reason`, `last` is the final error.
    #[error("all models failed ({attempts}): {last}")]
    ModelsExhausted {
        attempts: String,
        #[source]
        last: ProviderError,
    },

    /// A workspace file could not be read or written.
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

pub type Result<T, E = AgentError> = std::result::Result<T, E>;
