//! The dated file follows the local date while the process runs.

use std::fs;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use openclaw_logging::{FileSink, LogClock, LogFile};
use tracing_subscriber::fmt::MakeWriter;

fn manual_clock(start: &str) -> (LogClock, Arc<AtomicI64>) {
    let seconds = Arc::new(AtomicI64::new(start.parse::<Timestamp>().unwrap().as_second()));
    let source = seconds.clone();
    let clock = LogClock::new(TimeZone::UTC, move || Timestamp::from_second(source.load(Ordering::SeqCst)).unwrap());
    (clock, seconds)
}

#[test]
fn events_after_midnight_go_to_the_new_dated_file() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, seconds) = manual_clock("2026-03-01T23:59:58Z");
    let sink = FileSink::open(LogFile::Dated { dir: dir.path().to_owned() }, 1024 * 1024, clock).unwrap();

    sink.make_writer().write_all(b"{\"n\":1}\n").unwrap();
    seconds.fetch_add(3, Ordering::SeqCst);
    sink.make_writer().write_all(b"{\"n\":2}\n").unwrap();
    sink.make_writer().write_all(b"{\"n\":3}\n").unwrap();

    let first = dir.path().join("openclaw-2026-03-01.log");
    let second = dir.path().join("openclaw-2026-03-02.log");
    assert_eq!(fs::read_to_string(first).unwrap(), "{\"n\":1}\n");
    assert_eq!(fs::read_to_string(&second).unwrap(), "{\"n\":2}\n{\"n\":3}\n");
    assert_eq!(sink.path(), second);
}

#[test]
fn a_fixed_file_never_rolls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.log");
    let (clock, seconds) = manual_clock("2026-03-01T23:59:58Z");
    let sink = FileSink::open(LogFile::Fixed(path.clone()), 1024, clock).unwrap();
    sink.make_writer().write_all(b"a\n").unwrap();
    seconds.fetch_add(86_400, Ordering::SeqCst);
    sink.make_writer().write_all(b"b\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "a\nb\n");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}
