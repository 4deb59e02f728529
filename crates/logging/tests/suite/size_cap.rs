//! `logging.maxFileBytes`: the file stops growing, with one last line saying why.

use std::fs;
use std::io::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use openclaw_logging::{FileSink, LogClock, LogFile, LogSettings};
use tracing::info;
use tracing_subscriber::fmt::MakeWriter;

use super::fixture::{Fixture, plain_settings};

const CAP: u64 = 2_000;

#[test]
fn writing_stops_at_the_cap_after_one_warning_line() {
    let fixture = Fixture::new();
    let settings = LogSettings { max_file_bytes: CAP, ..plain_settings() };
    let run = fixture.run(&settings, || {
        for n in 0..200 {
            info!(n, "event number {n}");
        }
    });
    let text = run.file_text();
    let records = run.file_records();
    let (warning, events) = records.split_last().unwrap();

    assert_eq!(warning["level"], "warn");
    let message = warning["message"].as_str().unwrap();
    assert!(message.contains("logging.maxFileBytes (2000 bytes)"), "{message}");
    let warning_len = text.lines().last().unwrap().len() as u64 + 1;
    assert!(text.len() as u64 - warning_len <= CAP);
    assert!(text.len() as u64 > CAP - 200, "filled up to the cap");

    // Events were written in order up to the cap and none after it.
    let numbers: Vec<u64> = events.iter().map(|r| r["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (0..numbers.len() as u64).collect::<Vec<_>>());
    assert!(numbers.len() < 200);
    // The console is not capped.
    assert_eq!(run.console.lines().count(), 200);
}

#[test]
fn a_full_file_gets_one_warning_per_process_and_then_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.log");
    fs::write(&path, "x".repeat(100)).unwrap();
    let clock = LogClock::new(TimeZone::UTC, Timestamp::now);
    let sink = FileSink::open(LogFile::Fixed(path.clone()), 100, clock).unwrap();
    for _ in 0..3 {
        sink.make_writer().write_all(b"{\"late\":true}\n").unwrap();
    }
    let text = fs::read_to_string(&path).unwrap();
    let appended: Vec<&str> = text[100..].lines().collect();
    assert_eq!(appended.len(), 1, "{text}");
    assert!(appended[0].contains("until the gateway restarts"), "{text}");
}
