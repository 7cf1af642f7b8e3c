//! Faspay time: `YYYY-MM-DD HH:MM:SS` in WIB (UTC+7, no daylight saving; docs/protocol.md).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::error::{Error, Result, quoted};

/// Western Indonesian Time: Faspay's clock.
pub const WIB: UtcOffset = offset!(+7);

/// A wall-clock time in WIB, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaspayDateTime(PrimitiveDateTime);

impl FaspayDateTime {
    /// The current time in WIB.
    pub fn now() -> FaspayDateTime {
        let now = OffsetDateTime::now_utc();
        // Today is always representable in WIB; the fallback only keeps this total.
        FaspayDateTime::from_utc(now).unwrap_or(FaspayDateTime(PrimitiveDateTime::new(
            now.date(),
            now.time(),
        )))
    }

    /// An instant, shown in WIB; instants whose WIB date leaves the calendar (after
    /// 9999-12-31) are `INVALID_ARGUMENT`.
    pub fn from_utc(instant: OffsetDateTime) -> Result<FaspayDateTime> {
        let wib = instant
            .checked_to_offset(WIB)
            .ok_or_else(|| Error::invalid(format!("date {instant} is out of range in WIB")))?;
        Ok(FaspayDateTime(PrimitiveDateTime::new(
            wib.date(),
            wib.time().replace_nanosecond(0).unwrap_or(wib.time()),
        )))
    }

    /// Seconds since the Unix epoch, shown in WIB.
    pub fn from_unix_seconds(seconds: i64) -> Result<FaspayDateTime> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| Error::invalid(format!("timestamp {seconds} out of range")))
            .and_then(FaspayDateTime::from_utc)
    }

    /// Parses Faspay's form `YYYY-MM-DD HH:MM:SS` (taken as WIB), the same with a `T`, or an
    /// RFC 3339 time with an offset (converted to WIB).
    pub fn parse(text: &str) -> Result<FaspayDateTime> {
        let text = text.trim();
        let naive_space = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let naive_t = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        if let Ok(dt) = PrimitiveDateTime::parse(text, naive_space) {
            return Ok(FaspayDateTime(dt));
        }
        if let Ok(dt) = PrimitiveDateTime::parse(text, naive_t) {
            return Ok(FaspayDateTime(dt));
        }
        if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
            return FaspayDateTime::from_utc(dt);
        }
        Err(Error::invalid(format!(
            "not a date {}: expected \"YYYY-MM-DD HH:MM:SS\" (WIB) or RFC 3339 with an offset",
            quoted(text)
        )))
    }

    /// The instant this WIB wall-clock time denotes.
    pub fn to_utc(self) -> OffsetDateTime {
        self.0.assume_offset(WIB)
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.to_utc().unix_timestamp()
    }

    /// This time plus `duration` (whole seconds), saturating at the end of the calendar.
    pub fn plus(self, duration: Duration) -> FaspayDateTime {
        let seconds = i64::try_from(duration.as_secs()).unwrap_or(i64::MAX);
        FaspayDateTime(self.0.saturating_add(time::Duration::seconds(seconds)))
    }

    /// Seconds from `self` to `later` (negative if `later` is earlier).
    pub fn seconds_until(self, later: FaspayDateTime) -> i64 {
        (later.0 - self.0).whole_seconds()
    }
}

/// The text of a [`FaspayDateTime`] (`YYYY-MM-DD HH:MM:SS`), on the stack for the years of
/// the calendar, for writers that copy it into a body.
pub(crate) enum DateTimeText {
    Digits([u8; 19]),
    Formatted(String),
}

impl DateTimeText {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Only ASCII digits and separators are written.
            DateTimeText::Digits(digits) => std::str::from_utf8(digits).unwrap_or_default(),
            DateTimeText::Formatted(text) => text,
        }
    }
}

impl FaspayDateTime {
    /// The `Display` text, without an allocation for years 0 to 9999.
    pub(crate) fn text(self) -> DateTimeText {
        match self.digits() {
            Some(digits) => DateTimeText::Digits(digits),
            None => DateTimeText::Formatted(self.to_string()),
        }
    }

    /// The text written digit by digit (no formatter); `None` for years outside 0..=9999.
    fn digits(self) -> Option<[u8; 19]> {
        let d = self.0;
        let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
        let mut buf = *b"0000-00-00 00:00:00";
        let mut put = |at: usize, value: u32, width: usize| {
            let mut rest = value;
            for i in (at..at + width).rev() {
                buf[i] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
        };
        put(0, year, 4);
        put(5, u8::from(d.month()).into(), 2);
        put(8, d.day().into(), 2);
        put(11, d.hour().into(), 2);
        put(14, d.minute().into(), 2);
        put(17, d.second().into(), 2);
        Some(buf)
    }
}

impl fmt::Display for FaspayDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(digits) = self.digits() {
            return f.write_str(DateTimeText::Digits(digits).as_str());
        }
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

impl Serialize for FaspayDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FaspayDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        FaspayDateTime::parse(&text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_padded_fields() {
        for (y, mo, d, h, mi, se) in [
            (2026, 11, 23, 10, 4, 37),
            (1, 1, 1, 0, 0, 0),
            (9999, 12, 31, 23, 59, 59),
            (987, 2, 28, 7, 8, 9),
        ] {
            let date = time::Date::from_calendar_date(y, time::Month::try_from(mo).unwrap(), d);
            let at = FaspayDateTime(PrimitiveDateTime::new(
                date.unwrap(),
                time::Time::from_hms(h, mi, se).unwrap(),
            ));
            let expected = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{se:02}");
            assert_eq!(at.text().as_str(), expected);
            assert_eq!(at.to_string(), expected);
        }
    }

    #[test]
    fn parses_and_converts_to_wib() {
        let naive = FaspayDateTime::parse("2026-01-02 03:04:05").unwrap();
        assert_eq!(naive.to_string(), "2026-01-02 03:04:05");
        let utc = FaspayDateTime::parse("2026-01-01T20:04:05Z").unwrap();
        assert_eq!(utc, naive);
        let jakarta = FaspayDateTime::parse("2026-01-02T03:04:05+07:00").unwrap();
        assert_eq!(jakarta, naive);
        let err = FaspayDateTime::parse("2017/7/19 11:25:53 AM").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
        assert!(err.message().contains("not a date"), "{}", err.message());
        assert_eq!(
            naive.plus(Duration::from_secs(3600)).to_string(),
            "2026-01-02 04:04:05"
        );
    }

    #[test]
    fn from_utc_shows_the_instant_in_wib_to_the_second() {
        let instant = time::macros::datetime!(2026-01-01 20:04:05.987 UTC);
        let wib = FaspayDateTime::from_utc(instant).unwrap();
        assert_eq!(wib.to_string(), "2026-01-02 03:04:05");
        // The same instant given in another offset is the same WIB time.
        let tokyo = time::macros::datetime!(2026-01-02 05:04:05 +09:00);
        assert_eq!(FaspayDateTime::from_utc(tokyo).unwrap(), wib);
        // The last UTC hour of the calendar is already the year 10000 in WIB.
        let err =
            FaspayDateTime::from_utc(time::macros::datetime!(9999-12-31 23:00:00 UTC)).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
        assert!(err.message().contains("out of range"), "{}", err.message());
    }

    #[test]
    fn to_utc_and_unix_seconds_undo_the_seven_hours() {
        let wib = FaspayDateTime::parse("2026-01-02 03:04:05").unwrap();
        assert_eq!(
            wib.to_utc(),
            time::macros::datetime!(2026-01-01 20:04:05 UTC)
        );
        assert_eq!(wib.to_utc().offset(), WIB);
        // 2026-01-01T20:04:05Z, computed independently (Python's datetime).
        assert_eq!(wib.unix_seconds(), 1_767_297_845);
        assert_eq!(
            FaspayDateTime::from_unix_seconds(1_767_297_845).unwrap(),
            wib
        );
        let epoch = FaspayDateTime::from_unix_seconds(0).unwrap();
        assert_eq!(epoch.to_string(), "1970-01-01 07:00:00");
        assert_eq!(epoch.unix_seconds(), 0);
        let err = FaspayDateTime::from_unix_seconds(i64::MAX).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
    }
}
