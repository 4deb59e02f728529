//! A temp log directory, a captured console and a clock, wired into `build`.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use openclaw_logging::{LogClock, LogEnv, LogPaths, LogSettings, build};
use serde_json::Value;
use tempfile::TempDir;
use tracing_subscriber::fmt::MakeWriter;

/// Console output captured in memory.
#[derive(Clone, Default)]
pub struct Console(Arc<Mutex<Vec<u8>>>);

impl Console {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

pub struct ConsoleWriter(Arc<Mutex<Vec<u8>>>);

impl Write for ConsoleWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Console {
    type Writer = ConsoleWriter;

    fn make_writer(&'a self) -> Self::Writer {
        ConsoleWriter(self.0.clone())
    }
}

pub struct Fixture {
    pub dir: TempDir,
    pub env: LogEnv,
    pub console: Console,
}

/// What one run left behind.
pub struct Run {
    pub file: Option<PathBuf>,
    pub console: String,
}

impl Run {
    pub fn file_text(&self) -> String {
        fs::read_to_string(self.file.as_ref().expect("a log file")).unwrap()
    }

    /// Every line of the file, parsed; fails the test on a line that is not JSON.
    pub fn file_records(&self) -> Vec<Value> {
        self.file_text()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with_clock(LogClock::new(TimeZone::UTC, Timestamp::now))
    }

    pub fn with_clock(clock: LogClock) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let system_tmp = dir.path().join("systmp");
        fs::create_dir(&system_tmp).unwrap();
        let paths =
            LogPaths { preferred_dir: dir.path().join("tmp").join("openclaw"), system_tmp, uid: own_uid(dir.path()) };
        Fixture { dir, env: LogEnv { paths, clock }, console: Console::default() }
    }

    pub fn log_dir(&self) -> &Path {
        &self.env.paths.preferred_dir
    }

    /// Builds the subscriber, runs `body` under it, drops the guard, and collects the output.
    pub fn run(&self, settings: &LogSettings, body: impl FnOnce()) -> Run {
        let (subscriber, guard) = build(settings, &self.env, self.console.clone()).unwrap();
        tracing::subscriber::with_default(subscriber, body);
        let file = guard.file_path();
        drop(guard);
        Run { file, console: self.console.text() }
    }
}

pub fn own_uid(path: &Path) -> u32 {
    fs::metadata(path).unwrap().uid()
}

pub fn plain_settings() -> LogSettings {
    LogSettings { color: false, ..LogSettings::default() }
}
