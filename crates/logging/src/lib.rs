//! `openclaw-logging` owns the gateway's `tracing` setup: a console sink on stderr (pretty,
//! compact or JSON, coloured or not) and a JSON-lines file sink (`/tmp/openclaw/openclaw-
//! YYYY-MM-DD.log` or `logging.file`, mode 0600 in a 0700 directory, capped at
//! `logging.maxFileBytes`, rolled daily, dated files pruned after 24 h), with redaction from
//! `openclaw_policy::redact` applied to every event of every sink before it is written.
//!
//! Use [`init`] once in the binary; use [`build`] in tests to get the same subscriber with
//! injected paths, clock and console. Redaction *rules* belong in `openclaw-policy`; this crate
//! only decides where they are applied. It must not depend on config parsing (the CLI fills
//! [`LogSettings`]), on the state store, or on anything async: the sinks write synchronously so
//! the last events before a crash are on disk.

mod clock;
mod error;
mod file_sink;
mod json_format;
mod json_redact;
mod paths;
mod prune;
mod redacting_writer;
mod settings;

use std::path::PathBuf;
use std::sync::Arc;

use openclaw_policy::redact::{PatternSource, PatternWarning, Redactor};
use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::JsonFields;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::{Registry, fmt};

pub use clock::LogClock;
pub use error::{LoggingError, Result};
pub use file_sink::{FileSink, FileSinkWriter, LogFile};
pub use paths::{DEFAULT_LOG_DIR, LOG_DIR_MODE, LOG_FILE_MODE, LogPaths, dated_file_name, is_dated_file_name};
pub use prune::{MAX_LOG_AGE, prune_dated_logs};
pub use redacting_writer::{EventShape, RedactingMakeWriter, RedactingWriter, redact_event};
pub use settings::{ConsoleStyle, DEFAULT_MAX_FILE_BYTES, LogLevel, LogSettings};

use clock::{Rfc3339Time, TimeOfDay};
use json_format::JsonLines;

/// The facts from outside the settings that [`build`] needs.
#[derive(Debug, Clone)]
pub struct LogEnv {
    pub paths: LogPaths,
    pub clock: LogClock,
}

impl LogEnv {
    /// `/tmp/openclaw`, the system temp dir, this process's uid, the real clock and local zone.
    pub fn system() -> LogEnv {
        LogEnv { paths: LogPaths::system(), clock: LogClock::system() }
    }
}

/// Keeps the file sink alive and flushes it when dropped; hold it until the process exits.
#[must_use = "dropping the guard flushes the log file; keep it for the life of the process"]
#[derive(Debug)]
pub struct LogGuard {
    file: Option<FileSink>,
    pattern_warnings: Vec<PatternWarning>,
    pattern_source: PatternSource,
}

impl LogGuard {
    /// The file being written, if any (`level: silent` has none).
    pub fn file_path(&self) -> Option<PathBuf> {
        self.file.as_ref().map(FileSink::path)
    }

    /// `logging.redactPatterns` entries that were dropped, for the caller to report.
    pub fn pattern_warnings(&self) -> &[PatternWarning] {
        &self.pattern_warnings
    }

    pub fn pattern_source(&self) -> PatternSource {
        self.pattern_source
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            file.flush();
        }
    }
}

type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync>;

/// Builds the subscriber without installing it. The console sink writes to `console` (stderr in
/// [`init`], a buffer in tests); the file sink, unless the level is `silent`, to the dated file
/// under `env.paths` or to `settings.file`.
pub fn build<W>(
    settings: &LogSettings,
    env: &LogEnv,
    console: W,
) -> Result<(impl Subscriber + Send + Sync + 'static, LogGuard)>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let (redactor, pattern_warnings) = Redactor::new(settings.redact, &settings.redact_patterns);
    let pattern_source = redactor.pattern_source();
    let redactor = Arc::new(redactor);
    let clock = env.clock.clone();

    let file = match settings.level {
        LogLevel::Silent => None,
        _ => {
            let target = match &settings.file {
                Some(path) => LogFile::Fixed(path.clone()),
                None => LogFile::Dated { dir: env.paths.resolve_dir()? },
            };
            Some(FileSink::open(target, settings.max_file_bytes, clock.clone())?)
        }
    };

    let mut layers: Vec<BoxedLayer> = Vec::with_capacity(2);
    if let Some(sink) = &file {
        let writer = RedactingMakeWriter::new(sink.clone(), redactor.clone(), EventShape::JsonLines);
        layers.push(
            fmt::layer()
                .fmt_fields(JsonFields::new())
                .event_format(JsonLines::new(clock.clone()))
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(settings.level.level_filter())
                .boxed(),
        );
    }
    layers.push(console_layer(settings, clock, redactor, console));

    let guard = LogGuard { file, pattern_warnings, pattern_source };
    Ok((tracing_subscriber::registry().with(layers), guard))
}

fn console_layer<W>(settings: &LogSettings, clock: LogClock, redactor: Arc<Redactor>, console: W) -> BoxedLayer
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = settings.effective_console_level().level_filter();
    let shape = match settings.console_style {
        ConsoleStyle::Json => EventShape::JsonLines,
        ConsoleStyle::Pretty | ConsoleStyle::Compact => EventShape::Text,
    };
    let writer = RedactingMakeWriter::new(console, redactor, shape);
    match settings.console_style {
        ConsoleStyle::Pretty => fmt::layer()
            .with_ansi(settings.color)
            .with_timer(Rfc3339Time(clock))
            .with_writer(writer)
            .with_filter(filter)
            .boxed(),
        ConsoleStyle::Compact => fmt::layer()
            .compact()
            .with_ansi(settings.color)
            .with_timer(TimeOfDay(clock))
            .with_writer(writer)
            .with_filter(filter)
            .boxed(),
        ConsoleStyle::Json => fmt::layer()
            .fmt_fields(JsonFields::new())
            .event_format(JsonLines::new(clock))
            .with_ansi(false)
            .with_writer(writer)
            .with_filter(filter)
            .boxed(),
    }
}

/// Installs the gateway's subscriber globally and reports dropped redaction patterns through it.
/// Reads the environment (temp dir, uid, time zone); everything else comes from `settings`.
pub fn init(settings: &LogSettings) -> Result<LogGuard> {
    let (subscriber, guard) = build(settings, &LogEnv::system(), std::io::stderr)?;
    tracing::subscriber::set_global_default(subscriber).map_err(|_| LoggingError::AlreadyInitialized)?;
    for warning in guard.pattern_warnings() {
        tracing::warn!(target: "openclaw_logging", "{warning}");
    }
    if guard.pattern_source() == PatternSource::DefaultsBecauseCustomUnusable {
        tracing::warn!(
            target: "openclaw_logging",
            "no logging.redactPatterns entry is usable; redacting with the default patterns"
        );
    }
    Ok(guard)
}
