//! The calendar rules of date ranges (`days`, `period`), for
//! generated code (re-exported by [`crate::wire`]).

use time::{Date, Duration, Weekday};

use crate::error::ValidationError;
use crate::wire::format_date;

/// A calendar period a date range must cover exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One day: the start is the end.
    Day,
    /// A week from a Monday to the Sunday after.
    Week,
    /// A calendar month from its 1st to its last day.
    Month,
}

/// The check of a range's calendar rules: its length in days is one of `days` (when given),
/// and it is exactly one `period` (when given). Unset dates are not checked.
pub fn check_span_rules(
    (start_name, start): (&str, Option<&Date>),
    (end_name, end): (&str, Option<&Date>),
    days: &[i64],
    period: Option<Period>,
) -> Result<(), ValidationError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(());
    };
    let length = (*end - *start).whole_days();
    let value = format!(
        "{} to {} ({length} days)",
        format_date(start),
        format_date(end)
    );
    if !days.is_empty() && !days.contains(&length) {
        let listed: Vec<String> = days.iter().map(i64::to_string).collect();
        let rule = format!("{} days after `{start_name}`", listed.join(" or "));
        return Err(ValidationError::new(end_name, rule, value));
    }
    let (whole, rule) = match period {
        None => return Ok(()),
        Some(Period::Day) => (start == end, format!("the same day as `{start_name}`")),
        Some(Period::Week) => (
            start.weekday() == Weekday::Monday && *end == *start + Duration::days(6),
            format!("the Sunday after `{start_name}`, a Monday (a whole week)"),
        ),
        Some(Period::Month) => {
            let last = start.month().length(start.year());
            (
                start.day() == 1
                    && end.year() == start.year()
                    && end.month() == start.month()
                    && end.day() == last,
                format!("the last day of the month whose 1st is `{start_name}` (a whole month)"),
            )
        }
    };
    if whole {
        Ok(())
    } else {
        Err(ValidationError::new(end_name, rule, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{format_compact_date, parse_compact_date};
    use time::Month;

    fn day(m: Month, d: u8) -> Date {
        Date::from_calendar_date(2024, m, d).expect("a date")
    }

    #[test]
    fn compact_dates_round_trip() {
        let date = day(Month::February, 29);
        assert_eq!(format_compact_date(&date), "20240229");
        assert_eq!(parse_compact_date("20240229"), Ok(date));
        assert!(parse_compact_date("2024-02-29").is_err());
        assert!(parse_compact_date("20230229").is_err());
    }

    #[test]
    fn periods_and_day_counts() {
        let check = |s, e, days: &[i64], p| {
            check_span_rules(("begin_date", Some(&s)), ("end_date", Some(&e)), days, p)
        };
        let (mon, sun) = (day(Month::January, 1), day(Month::January, 7));
        assert!(check(mon, sun, &[], Some(Period::Week)).is_ok());
        assert!(check(sun, sun, &[], Some(Period::Week)).is_err());
        assert!(check(mon, mon, &[], Some(Period::Day)).is_ok());
        assert!(check(mon, sun, &[], Some(Period::Day)).is_err());
        let feb = (day(Month::February, 1), day(Month::February, 29));
        assert!(check(feb.0, feb.1, &[], Some(Period::Month)).is_ok());
        assert!(check(feb.0, day(Month::February, 28), &[], Some(Period::Month)).is_err());
        assert!(check(mon, sun, &[0, 6, 29], None).is_ok());
        let err = check(mon, day(Month::January, 3), &[0, 6, 29], None).expect_err("2 days");
        assert_eq!(err.field, "end_date");
        assert!(err.constraint.contains("0 or 6 or 29"), "{err}");
    }
}
