//! `logging.*`: levels, the log file, and redaction of secrets in log output.
//!
//! Source: `src/config/zod-schema.ts` (logging block), `src/logging/logger.ts`,
//! `src/logging/redact.ts`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

/// `logging.redactSensitive`. Only `off` disables redaction; OpenClaw reads every other value as
/// `tools`, so an unexpected value fails safe (redacting) rather than open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedactMode {
    Off,
    Tools,
}

impl RedactMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Tools => "tools",
        }
    }
}

impl Serialize for RedactMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RedactMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RedactVisitor;

        impl Visitor<'_> for RedactVisitor {
            type Value = RedactMode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"off\" or \"tools\"")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RedactMode, E> {
                Ok(if value == "off" { RedactMode::Off } else { RedactMode::Tools })
            }
        }

        deserializer.deserialize_str(RedactVisitor)
    }
}
