//! Dates as the spec writes and checks them: both wire forms (`yyyy-mm-dd`, `yyyymmdd`) and
//! the rules of date spans (`max_days`, `days`, `period`), shared by the generator's example
//! checks, the mock server and the tools.

use time::{Date, Duration, Month, Weekday};

use crate::ir::{DateSpan, Period};

/// Parses `yyyy-mm-dd` into a date, for spec values such as `min_date`.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    calendar(y, m, d)
}

/// Parses `yyyymmdd` (`20170313`), the form of the Mini Program analytics' dates.
pub fn parse_compact_date(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    calendar(&text[0..4], &text[4..6], &text[6..8])
}

/// Parses a date in either wire form.
pub fn parse_any_date(text: &str) -> Option<Date> {
    parse_date(text).or_else(|| parse_compact_date(text))
}

fn calendar(y: &str, m: &str, d: &str) -> Option<Date> {
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// The last day of `date`'s month.
pub fn last_of_month(date: Date) -> Date {
    let days = date.month().length(date.year());
    date.replace_day(days).unwrap_or(date)
}

/// What is wrong with the range `start` to `end` under `span`'s rules, if anything: the end
/// before the start, more than `max_days`, a length `days` does not list, or not exactly the
/// `period`.
pub fn span_problem(span: &DateSpan, start: Date, end: Date) -> Option<String> {
    let days = (end - start).whole_days();
    let shown = format!("{start} to {end} ({days} days)");
    if days < 0 {
        return Some(format!("{shown}: the end is before the start"));
    }
    if let Some(max) = span.max_days.filter(|&max| days > i64::from(max)) {
        return Some(format!("{shown}: the docs allow at most {max} days"));
    }
    if !span.days.is_empty() && !span.days.iter().any(|&d| i64::from(d) == days) {
        let allowed: Vec<String> = span.days.iter().map(u32::to_string).collect();
        return Some(format!(
            "{shown}: the docs allow spans of {} days only",
            allowed.join(", ")
        ));
    }
    let whole = match span.period? {
        Period::Day => start == end,
        Period::Week => start.weekday() == Weekday::Monday && end == start + Duration::days(6),
        Period::Month => start.day() == 1 && end == last_of_month(start),
    };
    (!whole).then(|| {
        let rule = match span.period {
            Some(Period::Day) => "one day: the start and the end are the same day",
            Some(Period::Week) => "a week from a Monday to the Sunday after",
            _ => "a calendar month from its 1st to its last day",
        };
        format!("{shown}: the range must be {rule}")
    })
}
