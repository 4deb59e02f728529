//! `logging.*` as the CLI hands it over: a plain value, already merged from config and flags.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use openclaw_policy::redact::RedactMode;
use tracing_subscriber::filter::LevelFilter;

use crate::error::LoggingError;

/// `logging.maxFileBytes` default: 500 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 500 * 1024 * 1024;

/// OpenClaw's level names. Ordered from quietest to noisiest, so `a < b` means `a` logs less.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Silent,
    Fatal,
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub const ALL: [LogLevel; 7] = [
        LogLevel::Silent,
        LogLevel::Fatal,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Silent => "silent",
            LogLevel::Fatal => "fatal",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }

    /// `tracing` has no fatal level: fatal events are logged as errors, so `fatal` keeps errors.
    pub fn level_filter(self) -> LevelFilter {
        match self {
            LogLevel::Silent => LevelFilter::OFF,
            LogLevel::Fatal | LogLevel::Error => LevelFilter::ERROR,
            LogLevel::Warn => LevelFilter::WARN,
            LogLevel::Info => LevelFilter::INFO,
            LogLevel::Debug => LevelFilter::DEBUG,
            LogLevel::Trace => LevelFilter::TRACE,
        }
    }
}

impl FromStr for LogLevel {
    type Err = LoggingError;

    /// Exact names, surrounding whitespace ignored, as OpenClaw's `tryParseLogLevel`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let trimmed = value.trim();
        LogLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == trimmed)
            .ok_or_else(|| LoggingError::UnknownLevel(value.to_owned()))
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `logging.consoleStyle`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ConsoleStyle {
    /// One line per event with time, level, subsystem and fields; for people.
    #[default]
    Pretty,
    /// Shorter lines without the date; for narrow terminals and piped output.
    Compact,
    /// The same JSON lines as the file; for machines.
    Json,
}

impl ConsoleStyle {
    /// OpenClaw's default: pretty on a terminal, compact when piped.
    pub fn for_terminal(is_tty: bool) -> ConsoleStyle {
        if is_tty { ConsoleStyle::Pretty } else { ConsoleStyle::Compact }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ConsoleStyle::Pretty => "pretty",
            ConsoleStyle::Compact => "compact",
            ConsoleStyle::Json => "json",
        }
    }
}

impl FromStr for ConsoleStyle {
    type Err = LoggingError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "pretty" => Ok(ConsoleStyle::Pretty),
            "compact" => Ok(ConsoleStyle::Compact),
            "json" => Ok(ConsoleStyle::Json),
            _ => Err(LoggingError::UnknownConsoleStyle(value.to_owned())),
        }
    }
}

/// Everything [`crate::init`] needs to know, filled by the CLI from `logging.*`, `--verbose`,
/// `--no-color`, `NO_COLOR` and whether stderr is a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// `logging.level`: what reaches the file (and the console unless `console_level` is set).
    /// `Silent` also disables the file entirely.
    pub level: LogLevel,
    /// `logging.consoleLevel`.
    pub console_level: Option<LogLevel>,
    /// `logging.consoleStyle`.
    pub console_style: ConsoleStyle,
    /// `logging.file`: a fixed file instead of the dated default; never rolled nor pruned.
    pub file: Option<PathBuf>,
    /// `logging.maxFileBytes`: the file sink stops writing at this size.
    pub max_file_bytes: u64,
    /// `logging.redactSensitive`.
    pub redact: RedactMode,
    /// `logging.redactPatterns`: added after the default patterns.
    pub redact_patterns: Vec<String>,
    /// ANSI colours on the console.
    pub color: bool,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            level: LogLevel::Info,
            console_level: None,
            console_style: ConsoleStyle::Pretty,
            file: None,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            redact: RedactMode::Tools,
            redact_patterns: Vec::new(),
            color: true,
        }
    }
}

impl LogSettings {
    /// Defaults for a process whose stderr is (or is not) a terminal: style and colour follow.
    pub fn for_terminal(is_tty: bool) -> LogSettings {
        LogSettings { console_style: ConsoleStyle::for_terminal(is_tty), color: is_tty, ..LogSettings::default() }
    }

    pub fn effective_console_level(&self) -> LogLevel {
        self.console_level.unwrap_or(self.level)
    }
}
