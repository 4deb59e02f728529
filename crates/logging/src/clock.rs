//! The time source for timestamps, dated file names and pruning, injected so tests can move it.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime, civil};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

use crate::error::Result;

/// "Now" plus the local time zone. Cloning shares the same source.
#[derive(Clone)]
pub struct LogClock {
    now: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    tz: TimeZone,
}

impl fmt::Debug for LogClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogClock").field("now", &self.now()).field("tz", &self.tz).finish()
    }
}

impl LogClock {
    /// The real clock in the system time zone (`TZ`, else `/etc/localtime`).
    pub fn system() -> LogClock {
        LogClock::new(TimeZone::system(), Timestamp::now)
    }

    pub fn new(tz: TimeZone, now: impl Fn() -> Timestamp + Send + Sync + 'static) -> LogClock {
        LogClock { now: Arc::new(now), tz }
    }

    pub fn now(&self) -> Timestamp {
        (self.now)()
    }

    /// `now` for file-system comparisons. An instant `SystemTime` cannot hold becomes the epoch,
    /// which makes every file look new: pruning then removes nothing rather than everything.
    pub fn now_system(&self) -> SystemTime {
        SystemTime::try_from(self.now()).unwrap_or(SystemTime::UNIX_EPOCH)
    }

    pub fn zoned_now(&self) -> ZonedDateTime {
        self.now().to_zoned_datetime(self.tz.clone())
    }

    pub fn today(&self) -> civil::Date {
        self.date_at(self.now())
    }

    pub fn date_at(&self, instant: Timestamp) -> civil::Date {
        instant.to_zoned_datetime(self.tz.clone()).date()
    }

    /// The first instant of the local day after `now`'s: when the dated file must roll.
    pub(crate) fn next_day_start(&self, now: Timestamp) -> Result<Timestamp> {
        Ok(self.date_at(now).tomorrow()?.to_zoned_datetime(self.tz.clone())?.timestamp())
    }

    /// RFC 3339 with the local offset and milliseconds: `2026-03-01T09:15:00.123+01:00`.
    pub(crate) fn rfc3339_now(&self) -> String {
        self.zoned_now().strftime("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
    }
}

/// Console timestamps for the pretty style: the full RFC 3339 time, like the file.
#[derive(Debug, Clone)]
pub(crate) struct Rfc3339Time(pub LogClock);

impl FormatTime for Rfc3339Time {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        w.write_str(&self.0.rfc3339_now())
    }
}

/// Console timestamps for the compact style: the time of day only.
#[derive(Debug, Clone)]
pub(crate) struct TimeOfDay(pub LogClock);

impl FormatTime for TimeOfDay {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        write!(w, "{}", self.0.zoned_now().strftime("%H:%M:%S%.3f"))
    }
}
