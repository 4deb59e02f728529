//! Turns the config's `logging.*` into the logging crate's settings and installs the subscriber.
//!
//! One-shot commands keep their stdout for results, so their console sink shows warnings and
//! errors only unless `logging.consoleLevel` asks for more; the file sink always follows
//! `logging.level`. An invalid config still gets logging with the defaults (redaction on).

use openclaw_config::model::logging::{ConsoleStyle as CfgStyle, LogLevel as CfgLevel};
use openclaw_logging::{ConsoleStyle, LogGuard, LogLevel, LogSettings};

use crate::context::RunContext;

/// `serving` is `Some(verbose)` for the long-running gateway, whose console shows info by
/// default (debug with `--verbose`) unless `logging.consoleLevel` says otherwise.
pub fn init(ctx: &RunContext, serving: Option<bool>) -> Option<LogGuard> {
    let mut settings = settings(ctx);
    let configured =
        ctx.snapshot().ok().and_then(|s| s.config.as_ref()).and_then(|c| c.logging.console_level).is_some();
    match serving {
        Some(true) => settings.console_level = Some(LogLevel::Debug),
        Some(false) if !configured => settings.console_level = Some(LogLevel::Info),
        _ => {}
    }
    match openclaw_logging::init(&settings) {
        Ok(guard) => Some(guard),
        Err(err) => {
            // Logging is not worth failing a command for; say so once and go on.
            eprintln!("warning: file logging is off: {err}");
            None
        }
    }
}

fn settings(ctx: &RunContext) -> LogSettings {
    let mut settings = LogSettings { color: ctx.color, console_level: Some(LogLevel::Warn), ..LogSettings::default() };
    let Some(config) = ctx.snapshot().ok().and_then(|s| s.config.as_ref()) else { return settings };
    let logging = &config.logging;
    settings.level = level(logging.level);
    if let Some(console) = logging.console_level {
        settings.console_level = Some(level(console));
    }
    if let Some(style) = logging.console_style {
        settings.console_style = match style {
            CfgStyle::Pretty => ConsoleStyle::Pretty,
            CfgStyle::Compact => ConsoleStyle::Compact,
            CfgStyle::Json => ConsoleStyle::Json,
        };
    }
    settings.file =
        logging.file.as_deref().map(|f| openclaw_config::location::expand_user(f, &ctx.locations.home, &ctx.load.cwd));
    settings.max_file_bytes = logging.max_file_bytes;
    settings.redact = logging.redact_sensitive;
    settings.redact_patterns = logging.redact_patterns.clone().unwrap_or_default();
    settings
}

fn level(level: CfgLevel) -> LogLevel {
    match level {
        CfgLevel::Silent => LogLevel::Silent,
        CfgLevel::Fatal => LogLevel::Fatal,
        CfgLevel::Error => LogLevel::Error,
        CfgLevel::Warn => LogLevel::Warn,
        CfgLevel::Info => LogLevel::Info,
        CfgLevel::Debug => LogLevel::Debug,
        CfgLevel::Trace => LogLevel::Trace,
    }
}
