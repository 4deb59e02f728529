//! OpenClaw level names and what each sink lets through.

use openclaw_logging::{ConsoleStyle, LogLevel, LogSettings, LoggingError};
use tracing::{debug, error, info, warn};
use tracing_subscriber::filter::LevelFilter;

use super::fixture::{Fixture, plain_settings};

#[test]
fn level_names_map_to_tracing_filters() {
    let cases = [
        ("silent", LogLevel::Silent, LevelFilter::OFF),
        ("fatal", LogLevel::Fatal, LevelFilter::ERROR),
        ("error", LogLevel::Error, LevelFilter::ERROR),
        ("warn", LogLevel::Warn, LevelFilter::WARN),
        (" info ", LogLevel::Info, LevelFilter::INFO),
        ("debug", LogLevel::Debug, LevelFilter::DEBUG),
        ("trace", LogLevel::Trace, LevelFilter::TRACE),
    ];
    for (name, level, filter) in cases {
        let parsed: LogLevel = name.parse().unwrap();
        assert_eq!(parsed, level, "{name}");
        assert_eq!(parsed.level_filter(), filter, "{name}");
    }
    assert!(matches!("verbose".parse::<LogLevel>(), Err(LoggingError::UnknownLevel(s)) if s == "verbose"));
    assert!(matches!("INFO".parse::<LogLevel>(), Err(LoggingError::UnknownLevel(_))));
}

#[test]
fn console_style_names_and_terminal_defaults() {
    assert_eq!("pretty".parse::<ConsoleStyle>().unwrap(), ConsoleStyle::Pretty);
    assert_eq!("compact".parse::<ConsoleStyle>().unwrap(), ConsoleStyle::Compact);
    assert_eq!("json".parse::<ConsoleStyle>().unwrap(), ConsoleStyle::Json);
    assert!("fancy".parse::<ConsoleStyle>().is_err());

    let tty = LogSettings::for_terminal(true);
    assert_eq!((tty.console_style, tty.color), (ConsoleStyle::Pretty, true));
    let piped = LogSettings::for_terminal(false);
    assert_eq!((piped.console_style, piped.color), (ConsoleStyle::Compact, false));
    assert_eq!(LogSettings::default().max_file_bytes, 500 * 1024 * 1024);
    assert_eq!(LogSettings::default().level, LogLevel::Info);
}

#[test]
fn console_level_is_independent_of_the_file_level() {
    let fixture = Fixture::new();
    let settings = LogSettings { level: LogLevel::Warn, console_level: Some(LogLevel::Debug), ..plain_settings() };
    let run = fixture.run(&settings, || {
        debug!("debug-event");
        warn!("warn-event");
    });
    let file = run.file_text();
    assert!(!file.contains("debug-event") && file.contains("warn-event"), "{file}");
    assert!(run.console.contains("debug-event") && run.console.contains("warn-event"));
}

#[test]
fn fatal_keeps_errors_and_silent_writes_no_file() {
    let fixture = Fixture::new();
    let fatal = LogSettings { level: LogLevel::Fatal, ..plain_settings() };
    let run = fixture.run(&fatal, || {
        warn!("warn-event");
        error!("error-event");
    });
    let file = run.file_text();
    assert!(!file.contains("warn-event") && file.contains("error-event"), "{file}");

    let fixture = Fixture::new();
    let silent = LogSettings { level: LogLevel::Silent, ..plain_settings() };
    let run = fixture.run(&silent, || error!("error-event"));
    assert_eq!(run.file, None);
    assert_eq!(run.console, "");
    assert!(!fixture.log_dir().exists());

    let fixture = Fixture::new();
    let console_only_silenced = LogSettings { console_level: Some(LogLevel::Silent), ..plain_settings() };
    let run = fixture.run(&console_only_silenced, || info!("info-event"));
    assert_eq!(run.console, "");
    assert!(run.file_text().contains("info-event"));
}
