//! Calendar dates on the wire (`yyyy-mm-dd`) and the checks of documented date limits.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::Date;

/// Like [`field`](super::field), for a calendar date sent as `yyyy-mm-dd`.
pub fn field_date<'de, A>(
    map: &mut A,
    slot: &mut Option<Date>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
{
    field_in::<A, false>(map, slot, name)
}

/// Like [`field_date`], for a date sent as `yyyymmdd`.
pub fn field_compact_date<'de, A>(
    map: &mut A,
    slot: &mut Option<Date>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
{
    field_in::<A, true>(map, slot, name)
}

fn field_in<'de, A: MapAccess<'de>, const COMPACT: bool>(
    map: &mut A,
    slot: &mut Option<Date>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = map.next_value::<Option<WireDate<COMPACT>>>()?.map(|d| d.0);
    Ok(())
}

/// A date read from `yyyy-mm-dd` (or `yyyymmdd` when `COMPACT`). Parsing happens in the
/// visitor, so that serde_json reports an invalid date at the date's own position (and
/// [`super::error_path`] names its JSON path).
struct WireDate<const COMPACT: bool>(Date);

impl<'de, const COMPACT: bool> Deserialize<'de> for WireDate<COMPACT> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateVisitor::<COMPACT>)
    }
}

struct DateVisitor<const COMPACT: bool>;

impl<const COMPACT: bool> Visitor<'_> for DateVisitor<COMPACT> {
    type Value = WireDate<COMPACT>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if COMPACT {
            "a yyyymmdd date"
        } else {
            "a yyyy-mm-dd date"
        })
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let date = if COMPACT {
            parse_compact_date(text)
        } else {
            parse_date(text)
        };
        date.map(WireDate).map_err(E::custom)
    }
}

/// Parses `yyyy-mm-dd`, the date form of most of WeChat's APIs.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    // The dashes are ASCII, so the slices around them are on character boundaries.
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| calendar(&text[0..4], &text[5..7], &text[8..10]))
        .flatten()
        .ok_or_else(|| invalid(text, "yyyy-mm-dd"))
}

/// Parses `yyyymmdd` (`20170313`), the date form of the Mini Program analytics.
pub fn parse_compact_date(text: &str) -> Result<Date, String> {
    (text.len() == 8 && text.is_ascii())
        .then(|| calendar(&text[0..4], &text[4..6], &text[6..8]))
        .flatten()
        .ok_or_else(|| invalid(text, "yyyymmdd"))
}

/// The real date that a four-digit year, two-digit month and two-digit day name, if any.
/// Parsed from the slices of the text, without building a string: dates fill whole lists.
fn calendar(year: &str, month: &str, day: &str) -> Option<Date> {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year) && digits(month) && digits(day)) {
        return None;
    }
    let month: u8 = month.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    Date::from_calendar_date(year.parse().ok()?, time::Month::try_from(month).ok()?, day).ok()
}

fn invalid(text: &str, form: &str) -> String {
    format!("invalid date {text:?}: expected a real date as {form}")
}

/// Formats a date as `yyyy-mm-dd`.
pub fn format_date(date: &Date) -> String {
    format_with(date, "-")
}

/// Formats a date as `yyyymmdd`.
pub fn format_compact_date(date: &Date) -> String {
    format_with(date, "")
}

fn format_with(date: &Date, separator: &str) -> String {
    format!(
        "{:04}{separator}{:02}{separator}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The check of a documented earliest date: `date` must not be before `limit` (yyyy-mm-dd).
pub fn check_min_date(field: &str, date: &Date, limit: &str) -> Result<(), crate::ValidationError> {
    match parse_date(limit) {
        Ok(min) if *date < min => Err(crate::ValidationError::new(
            field,
            format!("on or after {limit}"),
            format_date(date),
        )),
        _ => Ok(()),
    }
}

/// Today in China (UTC+8), the calendar WeChat's data is kept by.
pub fn today_in_china() -> Date {
    let china = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc().to_offset(china).date()
}

/// The check of a date whose data exists only once the day is over: before today in China.
pub fn check_before_today(field: &str, date: &Date) -> Result<(), crate::ValidationError> {
    if *date >= today_in_china() {
        return Err(crate::ValidationError::new(
            field,
            "before today (China time)",
            format_date(date),
        ));
    }
    Ok(())
}

/// The check of a documented date range: `end` on or after `start`, and at most `max_days`
/// days after it. Unset dates are not checked.
pub fn check_span(
    (start_name, start): (&str, Option<&Date>),
    (end_name, end): (&str, Option<&Date>),
    max_days: i64,
) -> Result<(), crate::ValidationError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(());
    };
    let days = (*end - *start).whole_days();
    let value = format!(
        "{} to {} ({days} days)",
        format_date(start),
        format_date(end)
    );
    if days < 0 {
        return Err(crate::ValidationError::new(
            end_name,
            format!("on or after `{start_name}`"),
            value,
        ));
    }
    if days > max_days {
        return Err(crate::ValidationError::new(
            end_name,
            format!("at most {max_days} days after `{start_name}`"),
            value,
        ));
    }
    Ok(())
}

/// Serializes a date as `yyyy-mm-dd`.
pub struct AsDate<'a>(pub &'a Date);

impl Serialize for AsDate<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_date(self.0))
    }
}

/// Serializes a date as `yyyymmdd`.
pub struct AsCompactDate<'a>(pub &'a Date);

impl Serialize for AsCompactDate<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_compact_date(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_yyyy_mm_dd_and_real() {
        let date = parse_date("2020-02-29").unwrap();
        assert_eq!(format_date(&date), "2020-02-29");
        for bad in [
            "2019-02-29",
            "2020-13-01",
            "2020-4-13",
            "20200413",
            "2020/04/13",
            "２０２０-04-13",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} is rejected");
        }
        assert_eq!(
            serde_json::to_string(&AsDate(&date)).unwrap(),
            "\"2020-02-29\""
        );
    }

    #[test]
    fn spans_and_earliest_dates() {
        let d = |t| parse_date(t).unwrap();
        assert!(check_span(
            ("a", Some(&d("2020-01-01"))),
            ("b", Some(&d("2020-03-31"))),
            90
        )
        .is_ok());
        let err = check_span(
            ("a", Some(&d("2020-01-01"))),
            ("b", Some(&d("2020-04-01"))),
            90,
        )
        .unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.constraint.as_str()),
            ("b", "at most 90 days after `a`")
        );
        assert_eq!(err.value, "2020-01-01 to 2020-04-01 (91 days)");
        let err = check_span(
            ("a", Some(&d("2020-01-02"))),
            ("b", Some(&d("2020-01-01"))),
            90,
        )
        .unwrap_err();
        assert_eq!(err.constraint, "on or after `a`");
        assert!(check_span(("a", None), ("b", Some(&d("2020-01-01"))), 1).is_ok());
        let err = check_min_date("start_date", &d("2015-12-31"), "2016-01-01").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `start_date` must be on or after 2016-01-01, got 2015-12-31"
        );
        assert!(check_min_date("start_date", &d("2016-01-01"), "2016-01-01").is_ok());
    }

    #[test]
    fn data_of_today_is_refused() {
        let today = today_in_china();
        let err = check_before_today("end_date", &today).unwrap_err();
        assert_eq!(err.constraint, "before today (China time)");
        let yesterday = today.previous_day().unwrap();
        assert!(check_before_today("end_date", &yesterday).is_ok());
    }
}
