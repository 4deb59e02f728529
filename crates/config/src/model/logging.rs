//! `logging.*`: levels, the log file, and redaction of secrets in log output.
//!
//! Source: `src/config/zod-schema.ts` (logging block), `src/logging/logger.ts`,
//! `src/logging/redact.ts`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// `logging.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggingConfig {
    /// File log level (default `info`).
    pub level: Option<LogLevel>,
    /// Log file path (default: a dated file in the OpenClaw temp dir).
    pub file: Option<String>,
    /// Stop writing the file past this size (default 500 MiB).
    pub max_file_bytes: Option<u64>,
    pub console_level: Option<LogLevel>,
    pub console_style: Option<ConsoleStyle>,
    /// Mask secrets in tool summaries and status output (default `tools`).
    pub redact_sensitive: Option<RedactMode>,
    /// Regexes replacing the built-in secret patterns (`/re/flags` or plain).
    pub redact_patterns: Option<Vec<String>>,
}

/// Log levels, quietest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Silent,
    Fatal,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

/// `logging.consoleStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleStyle {
    Pretty,
    Compact,
    Json,
}

/// `logging.redactSensitive`: the decision type lives with the redaction rules in `policy`.
/// Only `off` disables redaction; every other value reads as `tools` (fails safe).
pub use openclaw_policy::redact::RedactMode;
