//! Timestamps as each format wants them, from unix seconds. Out-of-range inputs are clamped to
//! years 1970–9999 so formatting never fails.

use time::OffsetDateTime;

const MAX_UNIX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
/// Vietnam's offset from UTC (no daylight saving time).
const VIETNAM_OFFSET_SECONDS: i64 = 7 * 3600;

fn civil(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix.clamp(0, MAX_UNIX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn ymd_hms(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// STIX 2.1 timestamp: RFC 3339 in UTC with milliseconds, `2024-12-05T03:00:00.000Z`.
pub fn stix(unix: i64) -> String {
    format!("{}.000Z", ymd_hms(civil(unix)))
}

/// Vietnam local time with its offset, `2024-12-05T10:00:00+07:00` (CAP `sent`, Atom dates).
pub fn vietnam(unix: i64) -> String {
    let local = unix
        .clamp(0, MAX_UNIX - VIETNAM_OFFSET_SECONDS)
        .saturating_add(VIETNAM_OFFSET_SECONDS);
    format!("{}+07:00", ymd_hms(civil(local)))
}

/// The calendar date in Vietnam, `2024-12-05` (MISP event date).
pub(crate) fn vietnam_date(unix: i64) -> String {
    let mut text = vietnam(unix);
    text.truncate(10);
    text
}

/// MISP attribute `first_seen`/`last_seen`: ISO 8601 in UTC with microseconds.
pub(crate) fn misp_datetime(unix: i64) -> String {
    format!("{}.000000+00:00", ymd_hms(civil(unix)))
}

/// Unix seconds clamped to the range the formats above accept, as a decimal string.
pub(crate) fn unix_string(unix: i64) -> String {
    unix.clamp(0, MAX_UNIX).to_string()
}

/// Reads an RFC 3339 timestamp (STIX `valid_until`, …) as Unix seconds.
pub(crate) fn parse(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(stix(1_733_367_600), "2024-12-05T03:00:00.000Z");
        assert_eq!(vietnam(1_733_367_600), "2024-12-05T10:00:00+07:00");
        assert_eq!(vietnam_date(1_733_340_000), "2024-12-05");
        assert_eq!(stix(i64::MIN), "1970-01-01T00:00:00.000Z");
        assert_eq!(vietnam(i64::MAX), "9999-12-31T23:59:59+07:00");
    }
}
