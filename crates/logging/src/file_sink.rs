//! The JSON-lines file: append-only, 0600, capped at `logging.maxFileBytes`, and (for the dated
//! default) rolled to a new file when the local date changes.

use std::fmt;
use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use jiff::Timestamp;
use tracing_subscriber::fmt::MakeWriter;

use crate::clock::LogClock;
use crate::error::{LoggingError, Result};
use crate::paths::{LOG_FILE_MODE, dated_file_name, ensure_parent_dir};
use crate::prune::prune_dated_logs;

/// How long to wait before retrying a roll whose new file could not be opened.
const ROLL_RETRY_SECONDS: i64 = 60;

/// Which file the sink writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFile {
    /// `dir/openclaw-YYYY-MM-DD.log` for the local date; rolled daily, old ones pruned.
    Dated { dir: PathBuf },
    /// `logging.file`: written as is, never rolled or pruned.
    Fixed(PathBuf),
}

/// A [`MakeWriter`] for the log file. Each `write` call must carry one whole event; the
/// redacting writer in front of it guarantees that. Clones share the same file.
#[derive(Clone)]
pub struct FileSink {
    shared: Arc<Shared>,
}

struct Shared {
    target: LogFile,
    max_bytes: u64,
    clock: LogClock,
    state: Mutex<State>,
}

struct State {
    path: PathBuf,
    file: File,
    written: u64,
    /// Set once the cap is hit; cleared only by rolling to a new file.
    capped: bool,
    roll_at: Option<Timestamp>,
}

impl fmt::Debug for FileSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSink")
            .field("target", &self.shared.target)
            .field("max_bytes", &self.shared.max_bytes)
            .field("path", &self.path())
            .finish()
    }
}

impl FileSink {
    /// Opens (creating 0600) today's file or the fixed one. For the dated default, also prunes
    /// dated files older than a day in the same directory.
    pub fn open(target: LogFile, max_bytes: u64, clock: LogClock) -> Result<FileSink> {
        let now = clock.now();
        let (path, roll_at) = match &target {
            LogFile::Dated { dir } => (dir.join(dated_file_name(clock.date_at(now))), Some(clock.next_day_start(now)?)),
            LogFile::Fixed(path) => {
                ensure_parent_dir(path)?;
                (path.clone(), None)
            }
        };
        let private = matches!(target, LogFile::Dated { .. });
        let (file, written) = open_log_file(&path, private)?;
        if let LogFile::Dated { dir } = &target {
            prune_dated_logs(dir, clock.now_system(), Some(&path));
        }
        let state = State { path, file, written, capped: false, roll_at };
        Ok(FileSink { shared: Arc::new(Shared { target, max_bytes, clock, state: Mutex::new(state) }) })
    }

    /// The file currently written.
    pub fn path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    pub fn flush(&self) {
        // Best effort, like every write here: logging must never fail the caller.
        let _ = self.lock().file.flush();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the state consistent enough to keep logging.
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn write_event(&self, event: &[u8]) {
        let mut state = self.lock();
        if let Some(roll_at) = state.roll_at {
            let now = self.shared.clock.now();
            if now >= roll_at {
                self.roll(&mut state, now);
            }
        }
        if state.capped {
            return;
        }
        let len = u64::try_from(event.len()).unwrap_or(u64::MAX);
        if state.written.saturating_add(len) > self.shared.max_bytes {
            state.capped = true;
            let warning = self.cap_warning();
            if state.file.write_all(warning.as_bytes()).is_ok() {
                state.written = state.written.saturating_add(warning.len() as u64);
            }
            return;
        }
        if state.file.write_all(event).is_ok() {
            state.written = state.written.saturating_add(len);
        }
    }

    fn roll(&self, state: &mut State, now: Timestamp) {
        let LogFile::Dated { dir } = &self.shared.target else {
            state.roll_at = None;
            return;
        };
        let clock = &self.shared.clock;
        let path = dir.join(dated_file_name(clock.date_at(now)));
        match open_log_file(&path, true) {
            Ok((file, written)) => {
                *state = State { path, file, written, capped: false, roll_at: clock.next_day_start(now).ok() };
                prune_dated_logs(dir, clock.now_system(), Some(&state.path));
            }
            // Keep writing yesterday's file rather than losing events; try again shortly.
            Err(_) => {
                state.roll_at = Timestamp::from_second(now.as_second() + ROLL_RETRY_SECONDS).ok();
            }
        }
    }

    /// The one line written when the cap is reached, shaped like every other line so readers
    /// of the file see why it ends.
    fn cap_warning(&self) -> String {
        let until = match self.shared.target {
            LogFile::Dated { .. } => "until the next dated file",
            LogFile::Fixed(_) => "until the gateway restarts",
        };
        let record = serde_json::json!({
            "time": self.shared.clock.rfc3339_now(),
            "level": "warn",
            "subsystem": "openclaw_logging",
            "message": format!(
                "log file reached logging.maxFileBytes ({} bytes); further events are dropped {until}",
                self.shared.max_bytes
            ),
        });
        format!("{record}\n")
    }
}

/// Opens `path` for appending, creating it 0600, and returns it with its current size. A dated
/// file is ours, so a looser mode left on it is tightened; a configured file keeps its mode.
fn open_log_file(path: &Path, private: bool) -> Result<(File, u64)> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(LOG_FILE_MODE)
        .open(path)
        .map_err(|err| LoggingError::io("open log file", path, err))?;
    let meta = file.metadata().map_err(|err| LoggingError::io("inspect log file", path, err))?;
    if private && meta.permissions().mode() & 0o777 != LOG_FILE_MODE {
        file.set_permissions(Permissions::from_mode(LOG_FILE_MODE))
            .map_err(|err| LoggingError::io("chmod log file", path, err))?;
    }
    Ok((file, meta.len()))
}

/// The writer [`FileSink`] hands out per event.
#[derive(Debug)]
pub struct FileSinkWriter<'a> {
    sink: &'a FileSink,
}

impl Write for FileSinkWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sink.write_event(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush();
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for FileSink {
    type Writer = FileSinkWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        FileSinkWriter { sink: self }
    }
}
