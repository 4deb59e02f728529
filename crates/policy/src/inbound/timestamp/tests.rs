//! ISO timestamps round-trip like `Date#toISOString` / `Date.parse`.

use proptest::prelude::*;

use super::*;

#[test]
fn formats_like_to_iso_string() {
    #[rustfmt::skip]
    let cases = [
        ("the epoch", 0, "1970-01-01T00:00:00.000Z"),
        ("milliseconds are kept", 1_767_225_600_123, "2026-01-01T00:00:00.123Z"),
        ("a leap day", 1_709_210_096_789, "2024-02-29T12:34:56.789Z"),
        ("before the epoch", -1, "1969-12-31T23:59:59.999Z"),
        ("years past 9999 are signed", 253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
        ("negative years are signed", -62_198_755_200_000, "-000001-01-01T00:00:00.000Z"),
    ];
    for (rule, ms, expected) in cases {
        assert_eq!(format_iso_millis(ms), expected, "{rule}");
    }
}

#[test]
fn parses_like_date_parse() {
    #[rustfmt::skip]
    let cases = [
        ("a full timestamp", "2026-01-01T00:00:00.123Z", Some(1_767_225_600_123)),
        ("surrounding whitespace", " 2026-01-01T00:00:00Z ", Some(1_767_225_600_000)),
        ("without seconds", "2026-01-01T00:00Z", Some(1_767_225_600_000)),
        ("a positive offset", "2026-01-01T01:00:00+01:00", Some(1_767_225_600_000)),
        ("a compact negative offset", "2025-12-31T23:00:00-0100", Some(1_767_225_600_000)),
        ("more than three fraction digits", "2026-01-01T00:00:00.1239Z", Some(1_767_225_600_123)),
        ("one fraction digit", "2026-01-01T00:00:00.5Z", Some(1_767_225_600_500)),
        ("a date alone is UTC midnight", "2026-01-01", Some(1_767_225_600_000)),
        ("a month alone", "2026-01", Some(1_767_225_600_000)),
        ("a year alone", "1970", Some(0)),
        ("a date-time without offset is read as UTC", "2026-01-01T00:00:00", Some(1_767_225_600_000)),
        ("24:00 is the next midnight", "2025-12-31T24:00:00Z", Some(1_767_225_600_000)),
        ("an expanded year", "+010000-01-01T00:00:00.000Z", Some(253_402_300_800_000)),
        ("garbage", "yesterday", None),
        ("blank", "", None),
        ("month 13", "2026-13-01", None),
        ("February 30", "2026-02-30", None),
        ("February 29 outside a leap year", "2025-02-29", None),
        ("minute 60", "2026-01-01T00:60:00Z", None),
        ("24:01", "2026-01-01T24:01:00Z", None),
        ("a bad offset", "2026-01-01T00:00:00+25:00", None),
        ("trailing junk", "2026-01-01T00:00:00Zx", None),
        ("an empty fraction", "2026-01-01T00:00:00.Z", None),
        ("minus zero year", "-000000-01-01", None),
    ];
    for (rule, raw, expected) in cases {
        assert_eq!(parse_iso_millis(raw), expected, "{rule}");
    }
}

proptest! {
    #[test]
    fn round_trips(ms in -MAX_MS..=MAX_MS) {
        prop_assert_eq!(parse_iso_millis(&format_iso_millis(ms)), Some(ms));
    }
}
