//! Resolved `logging.*` (`src/logging/logger.ts`, `src/logging/redact.ts`).

use crate::model::logging::{ConsoleStyle, LogLevel, LoggingConfig, RedactMode};

use super::non_blank;

pub const DEFAULT_MAX_LOG_FILE_BYTES: u64 = 500 * 1024 * 1024;

/// `logging.*` with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logging {
    pub level: LogLevel,
    /// `None` = dated file in the OpenClaw temp dir (`openclaw-YYYY-MM-DD.log`).
    pub file: Option<String>,
    /// `None` = chosen by the terminal.
    pub console_level: Option<LogLevel>,
    pub console_style: Option<ConsoleStyle>,
    pub max_file_bytes: u64,
    pub redact_sensitive: RedactMode,
    /// `None` = the built-in secret patterns.
    pub redact_patterns: Option<Vec<String>>,
}

impl Logging {
    pub(super) fn resolve(raw: Option<&LoggingConfig>) -> Self {
        Self {
            level: raw.and_then(|l| l.level).unwrap_or(LogLevel::Info),
            file: non_blank(raw.and_then(|l| l.file.as_deref())),
            console_level: raw.and_then(|l| l.console_level),
            console_style: raw.and_then(|l| l.console_style),
            max_file_bytes: raw.and_then(|l| l.max_file_bytes).unwrap_or(DEFAULT_MAX_LOG_FILE_BYTES),
            redact_sensitive: raw.and_then(|l| l.redact_sensitive).unwrap_or(RedactMode::Tools),
            redact_patterns: raw.and_then(|l| l.redact_patterns.clone()),
        }
    }
}
