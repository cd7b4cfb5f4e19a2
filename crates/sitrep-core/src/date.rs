/*!
Dates with precision.

A [`DateRange`] is what the contract calls `date`: a start and end day, a precision
code, and the text that supports it. A date the text does not fix stays unresolved
(`precision: unknown`, start and end null), keeping the weekday or month-day it
named so that a later stage (or a human) can anchor it.
*/

use crate::Span;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    /// ACLED `time_precision`: 1 day, 2 week, 3 month (or coarser).
    pub fn acled_time_precision(self) -> Option<u8> {
        match self {
            DatePrecision::Day => Some(1),
            DatePrecision::Days | DatePrecision::Week => Some(2),
            DatePrecision::Month | DatePrecision::Year => Some(3),
            DatePrecision::Unknown => None,
        }
    }
}

/// The contract's `date` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DateRange {
    pub start: Option<NaiveDate>,
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
