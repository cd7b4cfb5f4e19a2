/*!
Dates with precision.

A [`DateRange`] is what the contract calls `date`: a start and end day, a precision
code, and the text that supports it. A date the text does not fix stays unresolved
(`precision: unknown`, start and end null), keeping the weekday or month-day it
named so that a later stage (or a human) can anchor it.

Where the report names no date for an event but has a publication date, the
extractor gives the range the report supports (the week up to publication for
the report's own act; "on or before publication", `start` null, for a recalled
one) and marks it [`DateBasis::Publication`]; a date read from the text is
[`DateBasis::Text`].
*/

use crate::Span;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize, Serializer};

/// A day written as chrono writes it ("2024-03-05"), from its digits: chrono's
/// own `Serialize` formats it through `collect_str` and `fmt`, about a thousand
/// instructions a day, where an event writes two or three. A year outside
/// 0..=9999 (which chrono writes with a sign) is left to chrono.
struct IsoDay(NaiveDate);

impl Serialize for IsoDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let Ok(year) = u32::try_from(d.year()) else {
            return d.serialize(s);
        };
        if year > 9999 {
            return d.serialize(s);
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (m, day) = (d.month(), d.day());
        let b = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        match std::str::from_utf8(&b) {
            Ok(t) => s.serialize_str(t),
            Err(_) => d.serialize(s),
        }
    }
}

/// `serialize_with` for an optional day: as chrono's, written by [`IsoDay`].
pub(crate) fn serialize_day<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&IsoDay(*d)),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    /// A span of a few days ("between Monday and Wednesday", "over the weekend").
    Days,
    Week,
    Month,
    Year,
    #[default]
    Unknown,
}

impl DatePrecision {
    /// ACLED `time_precision`: 1 day, 2 a few days or a week, 3 month (or coarser).
    pub fn acled_time_precision(self) -> Option<u8> {
        match self {
            DatePrecision::Day => Some(1),
            DatePrecision::Days | DatePrecision::Week => Some(2),
            DatePrecision::Month | DatePrecision::Year => Some(3),
            DatePrecision::Unknown => None,
        }
    }
}

/// What a date range rests on (contract `date.basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// Date words of the report (or no date at all).
    #[default]
    Text,
    /// No date words for the event: the range the publication date supports.
    Publication,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Publication => "publication",
        }
    }
}

/// The contract's `date` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DateRange {
    #[serde(serialize_with = "serialize_day")]
    pub start: Option<NaiveDate>,
    #[serde(serialize_with = "serialize_day")]
    pub end: Option<NaiveDate>,
    pub precision: DatePrecision,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
    /// A weekday named but not anchored ("Thursday").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weekday: Option<String>,
    /// A month-day named without a year that could not be fixed ("08-15").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month_day: Option<String>,
    /// Why the date stayed unknown, when it did.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    /// What the range rests on: the report's date words, or only its publication date.
    #[serde(default)]
    pub basis: DateBasis,
}

impl DateRange {
    /// A resolved range.
    pub fn resolved(start: NaiveDate, end: NaiveDate, precision: DatePrecision) -> DateRange {
        DateRange {
            start: Some(start),
            end: Some(end),
            precision,
            ..DateRange::default()
        }
    }
    /// A single day.
    pub fn day(d: NaiveDate) -> DateRange {
        DateRange::resolved(d, d, DatePrecision::Day)
    }
    /// Unresolved, with the reason.
    pub fn unknown(note: impl Into<String>) -> DateRange {
        DateRange {
            note: Some(note.into()),
            ..DateRange::default()
        }
    }
    pub fn is_resolved(&self) -> bool {
        self.start.is_some() && self.end.is_some()
    }
    /// The range the publication date supports for an event the report gives no
    /// date words for: the week up to publication for the report's own act
    /// (`precision: week`), "on or before publication" for a recalled one
    /// (`start` null, `precision: unknown`).
    pub fn from_publication(published: NaiveDate, recalled: bool) -> DateRange {
        let (start, precision, note) = if recalled {
            (
                None,
                DatePrecision::Unknown,
                "a recalled act the text does not date: on or before publication",
            )
        } else {
            (
                published.checked_sub_days(chrono::Days::new(6)),
                DatePrecision::Week,
                "the text gives no date for this event: the week up to publication",
            )
        };
        DateRange {
            start,
            end: Some(published),
            precision,
            note: Some(note.into()),
            basis: DateBasis::Publication,
            ..DateRange::default()
        }
    }
    /// ACLED `time_precision` of the range: 1 day, 2 a few days or a week, 3 a
    /// month, a year or any other bounded range ("on or before publication");
    /// `None` for a date with no bound at all.
    pub fn acled_time_precision(&self) -> Option<u8> {
        match self.precision.acled_time_precision() {
            Some(p) => Some(p),
            None if self.start.is_some() || self.end.is_some() => Some(3),
            None => None,
        }
    }
    /// The day ACLED's `event_date` gives: the first day, else the last bound.
    pub fn event_date(&self) -> Option<NaiveDate> {
        self.start.or(self.end)
    }
}

/// A date expression found in text, resolved as far as the text allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Span,
    pub range: DateRange,
    /// Relative to the report's date ("yesterday", "last month", a bare weekday):
    /// meaningful only with an anchor.
    pub relative: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_written_as_chrono_writes_it() {
        let mut days: Vec<NaiveDate> = [
            (0, 1, 1),
            (1, 2, 3),
            (99, 12, 31),
            (999, 7, 9),
            (1969, 10, 10),
            (2024, 2, 29),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 5, 5),
            (-44, 3, 15),
        ]
        .iter()
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .collect();
        // Every day of two years.
        let mut day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        for _ in 0..731 {
            days.push(day);
            day = day.succ_opt().unwrap_or_default();
        }
        assert_eq!(days.len(), 741);
        for d in days {
            let ours = serde_json::to_string(&IsoDay(d)).unwrap_or_default();
            assert_eq!(ours, serde_json::to_string(&d).unwrap_or_default(), "{d}");
        }
        let r = DateRange::day(d("2024-03-05"));
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(
            json.starts_with(r#"{"start":"2024-03-05","end":"2024-03-05","#),
            "{json}"
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn own_act_gets_the_week_up_to_publication() {
        let r = DateRange::from_publication(d("2024-03-10"), false);
        assert_eq!(r.start, Some(d("2024-03-04")));
        assert_eq!(r.end, Some(d("2024-03-10")));
        assert_eq!(r.precision, DatePrecision::Week);
        assert_eq!(r.basis, DateBasis::Publication);
        assert_eq!(r.acled_time_precision(), Some(2));
        assert_eq!(r.event_date(), Some(d("2024-03-04")));
    }

    #[test]
    fn recalled_act_is_on_or_before_publication() {
        let r = DateRange::from_publication(d("2024-03-10"), true);
        assert_eq!(r.start, None);
        assert_eq!(r.end, Some(d("2024-03-10")));
        assert_eq!(r.precision, DatePrecision::Unknown);
        assert_eq!(r.acled_time_precision(), Some(3));
        assert_eq!(r.event_date(), Some(d("2024-03-10")));
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["basis"], "publication");
        assert_eq!(json["start"], serde_json::Value::Null);
    }

    #[test]
    fn text_dates_keep_their_precision_and_basis() {
        let r = DateRange::day(d("2024-03-08"));
        assert_eq!(r.basis, DateBasis::Text);
        assert_eq!(r.acled_time_precision(), Some(1));
        assert_eq!(DateRange::unknown("none").acled_time_precision(), None);
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["basis"], "text");
        // Records written before `basis` existed read as text.
        let old: DateRange =
            serde_json::from_str(r#"{"start":null,"end":null,"precision":"unknown"}"#)
                .unwrap_or_else(|_| DateRange::from_publication(d("2000-01-01"), true));
        assert_eq!(old.basis, DateBasis::Text);
    }
}
