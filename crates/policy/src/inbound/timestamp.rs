//! ISO-8601 timestamps as OpenClaw's state files hold them (`Date#toISOString`, read back with
//! `Date.parse`), converted to and from milliseconds since the Unix epoch without a clock.
//!
//! Parsing accepts the ECMAScript date-time format: `YYYY[-MM[-DD]]`, optionally followed by
//! `THH:mm[:ss[.fff…]]` and `Z` or `±HH:mm`. A date-time without an offset would be local time in
//! JavaScript; there is no local time zone here, so it is read as UTC. Anything else is `None`,
//! which callers treat like JavaScript's `NaN` (a pairing request with an unreadable date is
//! expired).

#[cfg(test)]
mod tests;

const MS_PER_DAY: i64 = 86_400_000;
/// JavaScript's `Date` range: ±100 000 000 days around the epoch.
const MAX_MS: i64 = 8_640_000_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `Date#toISOString`: `YYYY-MM-DDTHH:mm:ss.sssZ`, with a signed six-digit year outside
/// 0000–9999. Values beyond JavaScript's date range are clamped to it.
pub fn format_iso_millis(ms: i64) -> String {
    let ms = ms.clamp(-MAX_MS, MAX_MS);
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("+{year:06}")
    };
    let (hours, minutes) = (in_day / 3_600_000, in_day / 60_000 % 60);
    let (seconds, millis) = (in_day / 1000 % 60, in_day % 1000);
    format!("{year}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}Z")
}

/// A tiny cursor over ASCII input.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn digits(&mut self, count: usize) -> Option<i64> {
        let taken = self.rest.get(..count)?;
        if !taken.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = &self.rest[count..];
        Some(taken.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.rest.first() == Some(&byte);
        if hit {
            self.rest = &self.rest[1..];
        }
        hit
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }
}

fn parse_year(cur: &mut Cursor<'_>) -> Option<i64> {
    match cur.peek()? {
        b'+' => {
            cur.eat(b'+');
            cur.digits(6)
        }
        b'-' => {
            cur.eat(b'-');
            // `-000000` is not a valid year in ECMAScript.
            cur.digits(6).filter(|y| *y != 0).map(|y| -y)
        }
        _ => cur.digits(4),
    }
}

/// `HH:mm[:ss[.fff…]]` as milliseconds into the day.
fn parse_time(cur: &mut Cursor<'_>) -> Option<i64> {
    let hours = cur.digits(2)?;
    if !cur.eat(b':') {
        return None;
    }
    let minutes = cur.digits(2)?;
    let mut seconds = 0;
    let mut millis = 0;
    if cur.eat(b':') {
        seconds = cur.digits(2)?;
        if cur.eat(b'.') || cur.eat(b',') {
            let mut scale = 100;
            let mut any = false;
            while let Some(d) = cur.peek().filter(u8::is_ascii_digit) {
                cur.rest = &cur.rest[1..];
                millis += i64::from(d - b'0') * scale;
                scale /= 10;
                any = true;
            }
            if !any {
                return None;
            }
        }
    }
    let valid =
        minutes < 60 && seconds < 60 && (hours < 24 || (hours == 24 && minutes == 0 && seconds == 0 && millis == 0));
    valid.then_some(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
}

/// `Z` or `±HH:mm` (`±HHmm` too) as the offset to subtract, in milliseconds.
fn parse_offset(cur: &mut Cursor<'_>) -> Option<i64> {
    if cur.eat(b'Z') || cur.eat(b'z') {
        return Some(0);
    }
    let sign = if cur.eat(b'+') {
        1
    } else if cur.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = cur.digits(2)?;
    cur.eat(b':');
    let minutes = cur.digits(2)?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 60 + minutes) * 60_000)
}

/// `Date.parse` for ISO-8601 strings; `None` where JavaScript would give `NaN`.
pub fn parse_iso_millis(raw: &str) -> Option<i64> {
    let mut cur = Cursor { rest: raw.trim().as_bytes() };
    let year = parse_year(&mut cur)?;
    let (mut month, mut day) = (1, 1);
    if cur.eat(b'-') {
        month = cur.digits(2)?;
        if cur.eat(b'-') {
            day = cur.digits(2)?;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut in_day = 0;
    let mut offset = 0;
    if cur.eat(b'T') || cur.eat(b't') || cur.eat(b' ') {
        in_day = parse_time(&mut cur)?;
        if !cur.rest.is_empty() {
            offset = parse_offset(&mut cur)?;
        }
    }
    if !cur.rest.is_empty() {
        return None;
    }
    let ms = days_from_civil(year, month, day) * MS_PER_DAY + in_day - offset;
    (-MAX_MS..=MAX_MS).contains(&ms).then_some(ms)
}
