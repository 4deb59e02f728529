//! The file's line format: one JSON object per event.

use jiff::Timestamp;
use jiff::tz::{self, TimeZone};
use openclaw_logging::LogClock;
use serde_json::json;
use tracing::{info, info_span};

use super::fixture::{Fixture, plain_settings};

#[test]
fn an_event_is_one_json_object_with_envelope_fields_spans_and_local_time() {
    let instant: Timestamp = "2026-03-01T09:00:00Z".parse().unwrap();
    let clock = LogClock::new(TimeZone::fixed(tz::offset(1)), move || instant);
    let fixture = Fixture::with_clock(clock);
    let run = fixture.run(&plain_settings(), || {
        let outer = info_span!("outer", session = "agent:main:main");
        let _outer = outer.enter();
        let inner = info_span!("inner", attempt = 2);
        let _inner = inner.enter();
        info!(target: "gateway", count = 3, ok = true, level = "x", "hello {}", "world");
    });
    assert_eq!(
        run.file_records(),
        vec![json!({
            "time": "2026-03-01T10:00:00.000+01:00",
            "level": "info",
            "subsystem": "gateway",
            "message": "hello world",
            "count": 3,
            "ok": true,
            "field.level": "x",
            "spans": [
                {"name": "outer", "session": "agent:main:main"},
                {"name": "inner", "attempt": 2},
            ],
        })]
    );
    let file_name = run.file.unwrap().file_name().unwrap().to_owned();
    assert_eq!(file_name, "openclaw-2026-03-01.log");
}

#[test]
fn the_dated_file_uses_the_local_date() {
    // 23:30 UTC is already the next day at +01:00.
    let instant: Timestamp = "2026-03-01T23:30:00Z".parse().unwrap();
    let clock = LogClock::new(TimeZone::fixed(tz::offset(1)), move || instant);
    let fixture = Fixture::with_clock(clock);
    let run = fixture.run(&plain_settings(), || info!("late"));
    let file_name = run.file.unwrap().file_name().unwrap().to_owned();
    assert_eq!(file_name, "openclaw-2026-03-02.log");
}
