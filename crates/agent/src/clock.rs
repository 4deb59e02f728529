//! The wall clock, in the milliseconds transcripts and session entries record. One function so
//! every timestamp the runtime writes comes from the same source; tests inject their own clock
//! through `RuntimeDeps::clock` instead.

/// Milliseconds since the Unix epoch (0 if the system clock is before it).
pub fn wall_clock_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
