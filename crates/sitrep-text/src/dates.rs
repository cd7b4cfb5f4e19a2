/*!
Date expressions: finding them, resolving them against a report's date, and
inferring that date when the report does not carry one.

* [`find_dates`] — every date expression, with its kind: a full date
  (`2024-04-02`, `April 2, 2024`, `2 April 2024`; numeric `02/04/2024` is
  ambiguous and ignored), a month-day (`April 2`, `Aug. 15`, `Tuesday, April 2`),
  a day range (`April 17-23`), a weekday (`on Thursday`, `Thursday night`,
  `late on Friday`), a relative phrase (`yesterday`, `last week`, `earlier this
  year`, `over the weekend`), an `N units ago`, a month (`in January`, `last
  January`, `January 2023`) and a year (`in 2019`).
* [`resolve`] — a [`DateRange`] relative to an anchor (normally the publication
  date). Conventions: a bare weekday is the most recent such day **on or before**
  the anchor (a report dated Thursday that says "on Thursday" means that day);
  a month-day or month without a year is the most recent one not after the
  anchor; "last week" is the Monday–Sunday week before the anchor's week;
  "this week/month/year" runs from its start to the anchor; "last month/year" is
  the whole previous one. Without an anchor a relative expression stays
  `unknown`, keeping its weekday or month-day and a note saying why.
* [`infer_reference_date`] — the publication date when known, else the latest
  full date in the text, else the year in which a printed weekday + month-day
  ("Tuesday, April 2") fall together, narrowed by era evidence from
  `data/lexicons/date-evidence.tsv`, only when one year is left: with several
  candidate years and nothing to choose between them no year is guessed.

Names of months and weekdays, relative phrases and prefixes live in
`data/lexicons/dates.tsv`.
*/

use crate::lexicon::{
    Holiday, Lexicons, RelUnit, DATE_AGO, DATE_HOLIDAY, DATE_MONTH, DATE_MONTH_PREFIX,
    DATE_RELATIVE, DATE_WEEKDAY, DATE_YEAR_PREFIX,
};
use crate::tok::{with_doc_tokens, with_tokens, Kind, Tokens};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use sitrep_core::{DatePrecision, DateRange, Span};

/// What a date expression says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DateKind {
    /// A day with its year ("2024-04-02", "April 2, 2024").
    Full { date: NaiveDate },
    /// A month and day without year; the weekday when printed ("Tuesday, April 2").
    MonthDay {
        month: u32,
        day: u32,
        weekday: Option<Weekday>,
    },
    /// Days of one month ("April 17-23", "between April 17 and 23").
    DayRange {
        month: u32,
        first: u32,
        last: u32,
        year: Option<i32>,
    },
    /// A weekday alone ("on Thursday", "Thursday night").
    Weekday { weekday: Weekday },
    /// A day of the month alone ("on the 14th", "on the 14th of the month"):
    /// the most recent such day on or before the report's date.
    DayOfMonth { day: u32 },
    /// A phrase relative to the report's date: unit and offset ("last week" = week, -1).
    Relative { unit: RelUnit, offset: i32 },
    /// "three weeks ago".
    Ago { unit: RelUnit, count: u32 },
    /// A month, with its year when printed; `last` for "last January".
    Month {
        month: u32,
        year: Option<i32>,
        last: bool,
    },
    /// A year ("in 2019").
    Year { year: i32 },
    /// A day counted from Easter Sunday ("Palm Sunday" = -7): the most recent
    /// one on or before the report's date.
    Easter { offset: i32 },
}

/// A date expression found in text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateExpr {
    /// Byte span in the text searched (prefixes such as "on" included).
    pub span: Span,
    /// The text under the span.
    pub text: String,
    pub kind: DateKind,
}

impl DateExpr {
    /// True when the expression needs an anchor to be resolved.
    pub fn is_relative(&self) -> bool {
        match self.kind {
            DateKind::Full { .. } | DateKind::Year { .. } => false,
            DateKind::Month { year, .. } => year.is_none(),
            DateKind::DayRange { year, .. } => year.is_none(),
            _ => true,
        }
    }
}

/// A reference date inferred from the text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inferred {
    pub date: NaiveDate,
    pub why: String,
}

/// Every date expression in `text` (embedded lexicons).
pub fn find_dates(text: &str) -> Result<Vec<DateExpr>, crate::LexiconError> {
    Ok(Lexicons::embedded()?.find_dates(text))
}

/// The reference date of a report (embedded lexicons); see the module docs.
pub fn infer_reference_date(
    text: &str,
    exprs: &[DateExpr],
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<Inferred>, crate::LexiconError> {
    Ok(Lexicons::embedded()?.infer_reference_date(text, exprs, published, today))
}

/// A report's publication date as feeds give it: `YYYY-MM-DD`, or an RFC 3339 /
/// ISO date-time whose first ten characters are one (`2024-03-05T10:00:00Z`).
/// Surrounding whitespace is ignored; anything else is `None`.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    match iso_day(head) {
        Some(day) => day,
        None => NaiveDate::parse_from_str(head, "%Y-%m-%d").ok(),
    }
}

/// The usual shape of a publication date, `YYYY-MM-DD` in ASCII digits, read
/// digit by digit: what chrono's `%Y-%m-%d` gives it (the day, or `None` for
/// one no calendar has) at a fraction of the cost. `None` for any other
/// shape, which chrono reads.
fn iso_day(s: &str) -> Option<Option<NaiveDate>> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let year = i32::try_from(number(&[y0, y1, y2, y3])?).ok()?;
    Some(NaiveDate::from_ymd_opt(
        year,
        number(&[m0, m1])?,
        number(&[d0, d1])?,
    ))
}

/// English name of a weekday ("Thursday").
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    ymd(y, m, 1)?
        .checked_add_months(Months::new(1))?
        .checked_sub_days(Days::new(1))
}

fn whole_month(y: i32, m: u32) -> Option<DateRange> {
    Some(DateRange::resolved(
        ymd(y, m, 1)?,
        month_end(y, m)?,
        DatePrecision::Month,
    ))
}

fn whole_year(y: i32) -> Option<DateRange> {
    Some(DateRange::resolved(
        ymd(y, 1, 1)?,
        ymd(y, 12, 31)?,
        DatePrecision::Year,
    ))
}

fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
}

/// The most recent `m`-`d` not after `anchor`.
fn month_day_before(anchor: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    // Feb 29 may need to go back up to 8 years (1900/2100 are not leap years).
    for back in 0..9 {
        if let Some(x) = ymd(anchor.year() - back, m, d) {
            if x <= anchor {
                return Some(x);
            }
        }
    }
    None
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

/// Resolve `expr` against `anchor` (see the module docs for the conventions).
pub fn resolve(expr: &DateExpr, anchor: Option<NaiveDate>) -> DateRange {
    let mut r =
        resolve_kind(&expr.kind, anchor).unwrap_or_else(|| DateRange::unknown("date out of range"));
    r.text = Some(expr.text.clone());
    r.span = Some(expr.span);
    r
}

fn unanchored(kind: &DateKind) -> DateRange {
    match *kind {
        DateKind::Weekday { weekday } => DateRange {
            weekday: Some(weekday_name(weekday).to_string()),
            ..DateRange::unknown("weekday with no publication date to anchor it")
        },
        DateKind::MonthDay {
            month,
            day,
            weekday,
        } => DateRange {
            weekday: weekday.map(|w| weekday_name(w).to_string()),
            month_day: Some(format!("{month:02}-{day:02}")),
            ..DateRange::unknown("month and day with no year and no publication date to anchor it")
        },
        DateKind::DayRange { month, first, .. } => DateRange {
            month_day: Some(format!("{month:02}-{first:02}")),
            ..DateRange::unknown(
                "days of a month with no year and no publication date to anchor it",
            )
        },
        DateKind::Month { .. } => {
            DateRange::unknown("month with no year and no publication date to anchor it")
        }
        DateKind::Easter { .. } => {
            DateRange::unknown("feast day with no year and no publication date to anchor it")
        }
        DateKind::DayOfMonth { .. } => {
            DateRange::unknown("day of the month with no publication date to anchor it")
        }
        _ => DateRange::unknown("relative date with no publication date to anchor it"),
    }
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn resolve_kind(kind: &DateKind, anchor: Option<NaiveDate>) -> Option<DateRange> {
    match *kind {
        DateKind::Full { date } => return Some(DateRange::day(date)),
        DateKind::Year { year } => return whole_year(year),
        DateKind::Month {
            month,
            year: Some(y),
            ..
        } => return whole_month(y, month),
        DateKind::DayRange {
            month,
            first,
            last,
            year: Some(y),
        } => {
            return Some(DateRange::resolved(
                ymd(y, month, first)?,
                ymd(y, month, last)?,
                DatePrecision::Days,
            ))
        }
        _ => {}
    }
    let Some(a) = anchor else {
        return Some(unanchored(kind));
    };
    Some(match *kind {
        DateKind::MonthDay { month, day, .. } => DateRange::day(month_day_before(a, month, day)?),
        DateKind::DayRange {
            month, first, last, ..
        } => {
            let s = month_day_before(a, month, first)?;
            DateRange::resolved(s, ymd(s.year(), month, last)?, DatePrecision::Days)
        }
        DateKind::DayOfMonth { day } => {
            let this = ymd(a.year(), a.month(), day).filter(|d| *d <= a);
            let d = match this {
                Some(d) => d,
                None => {
                    let prev = add_months(ymd(a.year(), a.month(), 1)?, -1)?;
                    ymd(prev.year(), prev.month(), day)?
                }
            };
            DateRange::day(d)
        }
        DateKind::Weekday { weekday } => {
            let back =
                (7 + a.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            DateRange::day(a.checked_sub_days(Days::new(u64::from(back)))?)
        }
        DateKind::Relative { unit, offset } => match unit {
            RelUnit::Day => DateRange::day(add_days(a, i64::from(offset))?),
            RelUnit::Span => DateRange::resolved(
                add_days(a, -i64::from(offset.unsigned_abs()))?,
                a,
                DatePrecision::Days,
            ),
            RelUnit::Week => {
                let mon = monday_of(a)?;
                if offset == 0 {
                    DateRange::resolved(mon, a, DatePrecision::Week)
                } else {
                    let s = add_days(mon, 7 * i64::from(offset))?;
                    DateRange::resolved(s, add_days(s, 6)?, DatePrecision::Week)
                }
            }
            RelUnit::Weekend => {
                // the Saturday-Sunday on or before the anchor
                let back = (7 + a.weekday().num_days_from_monday() - 5) % 7;
                let sat = add_days(a, -i64::from(back))?;
                let sun = add_days(sat, 1)?.min(a);
                DateRange::resolved(sat, sun, DatePrecision::Days)
            }
            RelUnit::Month => {
                let first = ymd(a.year(), a.month(), 1)?;
                if offset == 0 {
                    DateRange::resolved(first, a, DatePrecision::Month)
                } else {
                    let s = add_months(first, offset)?;
                    whole_month(s.year(), s.month())?
                }
            }
            RelUnit::Year => {
                if offset == 0 {
                    DateRange::resolved(ymd(a.year(), 1, 1)?, a, DatePrecision::Year)
                } else {
                    whole_year(a.year().checked_add(offset)?)?
                }
            }
        },
        DateKind::Ago { unit, count } => {
            let n = i32::try_from(count).ok()?;
            match unit {
                RelUnit::Day | RelUnit::Span => DateRange::day(add_days(a, -i64::from(n))?),
                RelUnit::Week | RelUnit::Weekend => {
                    let d = add_days(a, -7 * i64::from(n))?;
                    let mon = monday_of(d)?;
                    DateRange::resolved(mon, add_days(mon, 6)?, DatePrecision::Week)
                }
                RelUnit::Month => {
                    let d = add_months(ymd(a.year(), a.month(), 1)?, -n)?;
                    whole_month(d.year(), d.month())?
                }
                RelUnit::Year => whole_year(a.year().checked_sub(n)?)?,
            }
        }
        DateKind::Month { month, last, .. } => {
            let y = if month < a.month() || (!last && month == a.month()) {
                a.year()
            } else {
                a.year() - 1
            };
            whole_month(y, month)?
        }
        DateKind::Easter { offset } => {
            let this = add_days(easter_sunday(a.year())?, i64::from(offset))?;
            DateRange::day(if this <= a {
                this
            } else {
                add_days(easter_sunday(a.year() - 1)?, i64::from(offset))?
            })
        }
        DateKind::Full { .. } | DateKind::Year { .. } => return None,
    })
}

impl Lexicons {
    /// Every date expression in `text`, in text order, none overlapping.
    pub fn find_dates(&self, text: &str) -> Vec<DateExpr> {
        with_tokens(text, self.starts(), |tk| self.find_dates_in(tk, text))
    }

    /// [`Lexicons::find_dates`] of a [`crate::Doc`]'s text, tokenizing the
    /// Doc's fold rather than folding the text again.
    pub fn find_dates_doc(&self, doc: &crate::Doc) -> Vec<DateExpr> {
        with_doc_tokens(doc.text, &doc.sparse, self.starts(), |tk| {
            self.find_dates_in(tk, doc.text)
        })
    }

    /// [`Lexicons::find_dates`] over the tokens of `text`.
    fn find_dates_in(&self, tk: &Tokens, text: &str) -> Vec<DateExpr> {
        let mut out: Vec<DateExpr> = Vec::new();
        let mut i = 0;
        let mut floor = 0; // first token a prefix may reach back to
        let mut c = 0;
        while i < tk.toks.len() {
            // Most tokens cannot start a date: the scan steps from one
            // candidate (a token that may start a date or a count) to the next.
            let Some(cand) = tk.candidate_from(i, &mut c) else {
                break;
            };
            i = cand.i as usize;
            let flags = cand.date;
            if flags == 0 && !matches!(tk.kind(i), Some(Kind::Num | Kind::Glued)) {
                i += 1;
                continue;
            }
            let found = self
                .date_at(tk, i, floor, flags)
                .map(|(start, end, kind)| (tk.span(start, end), end, kind))
                .filter(|(span, _, _)| !span.text(text).contains('\n'));
            if let Some((span, end, kind)) = found {
                out.push(DateExpr {
                    span,
                    text: span.text(text).to_string(),
                    kind,
                });
                i = end.max(i + 1);
                floor = i;
            } else {
                i += 1;
            }
        }
        out
    }

    fn month_at(&self, tk: &Tokens, i: usize) -> Option<(u32, bool)> {
        let &(m, abbr) = self.dates.months.get(tk.text(i))?;
        if tk.is_cap(i) {
            Some((m, abbr))
        } else {
            None
        }
    }

    fn weekday_at(&self, tk: &Tokens, i: usize) -> Option<Weekday> {
        let &w = self.dates.weekdays.get(tk.text(i))?;
        if tk.is_cap(i) {
            Some(w)
        } else {
            None
        }
    }

    /// A day number at `i` ("2", "02", "27th"): value and next token.
    fn day_at(&self, tk: &Tokens, i: usize) -> Option<(u32, usize)> {
        let t = tk.text(i);
        let digits = match tk.kind(i)? {
            Kind::Num => t,
            Kind::Glued => {
                let k = t.find(|c: char| !c.is_ascii_digit())?;
                let (d, suf) = t.split_at(k);
                if !self.dates.ordinals.contains(suf) {
                    return None;
                }
                d
            }
            _ => return None,
        };
        if digits.len() > 2 {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        if (1..=31).contains(&d) {
            Some((d, i + 1))
        } else {
            None
        }
    }

    /// A year at `i` (four digits, 1900-2100), with an optional comma before it.
    fn year_at(&self, tk: &Tokens, i: usize) -> Option<(i32, usize)> {
        let j = if tk.is(i, ",") { i + 1 } else { i };
        if tk.kind(j)? != Kind::Num {
            return None;
        }
        let t = tk.text(j);
        if t.len() != 4 {
            return None;
        }
        let y: i32 = t.parse().ok()?;
        if (1900..=2100).contains(&y) {
            Some((y, j + 1))
        } else {
            None
        }
    }

    /// Month name (with optional '.') then a day, then an optional year or
    /// "-D2" range: "April 2", "Aug. 15, 2024", "April 17-23".
    fn month_first(&self, tk: &Tokens, i: usize) -> Option<(usize, DateKind)> {
        let (m, _) = self.month_at(tk, i)?;
        let mut j = i + 1;
        if tk.is(j, ".") {
            j += 1;
        }
        let (d, k) = self.day_at(tk, j)?;
        // "April 17-23"
        if tk.is(k, "-") {
            if let Some((d2, k2)) = self.day_at(tk, k + 1) {
                if d2 > d {
                    let (year, k3) = match self.year_at(tk, k2) {
                        Some((y, k3)) => (Some(y), k3),
                        None => (None, k2),
                    };
                    ymd(year.unwrap_or(2000), m, d2)?;
                    return Some((
                        k3,
                        DateKind::DayRange {
                            month: m,
                            first: d,
                            last: d2,
                            year,
                        },
                    ));
                }
            }
        }
        if let Some((y, k2)) = self.year_at(tk, k) {
            // "10:28" after a year is a time, not part of the date
            return Some((
                k2,
                DateKind::Full {
                    date: ymd(y, m, d)?,
                },
            ));
        }
        // a day must fit the month (Feb 30 is not a date); 2000 is a leap year
        ymd(2000, m, d)?;
        Some((
            k,
            DateKind::MonthDay {
                month: m,
                day: d,
                weekday: None,
            },
        ))
    }

    /// Day then month name: "2 April", "27th July 2025", "17-23 April".
    fn day_first(&self, tk: &Tokens, i: usize) -> Option<(usize, DateKind)> {
        let (d, mut j) = self.day_at(tk, i)?;
        let mut d2 = None;
        if tk.is(j, "-") {
            if let Some((x, k)) = self.day_at(tk, j + 1) {
                if x > d && self.month_at(tk, k).is_some() {
                    d2 = Some(x);
                    j = k;
                }
            }
        }
        if self.dates.day_links.contains(tk.text(j)) {
            j += 1;
        }
        let (m, _) = self.month_at(tk, j)?;
        let mut k = j + 1;
        if tk.is(k, ".") {
            k += 1;
        }
        let year = self.year_at(tk, k);
        if let Some((_, k2)) = year {
            k = k2;
        }
        let year = year.map(|(y, _)| y);
        if let Some(last) = d2 {
            ymd(year.unwrap_or(2000), m, last)?;
            return Some((
                k,
                DateKind::DayRange {
                    month: m,
                    first: d,
                    last,
                    year,
                },
            ));
        }
        match year {
            Some(y) => Some((
                k,
                DateKind::Full {
                    date: ymd(y, m, d)?,
                },
            )),
            None => {
                ymd(2000, m, d)?;
                Some((
                    k,
                    DateKind::MonthDay {
                        month: m,
                        day: d,
                        weekday: None,
                    },
                ))
            }
        }
    }

    /// A day of the month alone at `i`: an ordinal ("14th") right after
    /// "the" and a `day_opener` ("on the 14th", "night of the 12th"), then
    /// "of the month" or "of this month", the clause's end, or a
    /// `day_follow` word ("on the 3rd in Gao"); not "on the 5th floor", "on
    /// the 3rd Brigade".
    fn day_of_month(&self, tk: &Tokens, i: usize) -> Option<(usize, DateKind)> {
        if tk.kind(i)? != Kind::Glued || i < 2 {
            return None;
        }
        let dl = &self.dates;
        if !tk.is(i - 1, "the") || !dl.day_openers.contains(tk.text(i - 2)) {
            return None;
        }
        let (day, j) = self.day_at(tk, i)?;
        let month = tk.is(j, "of")
            && (tk.is(j + 1, "the") || tk.is(j + 1, "this"))
            && tk.is(j + 2, "month");
        let end = if month { j + 3 } else { j };
        let open = month
            || j >= tk.toks.len()
            || matches!(tk.kind(j), Some(Kind::Punct))
            || dl.day_follows.contains(tk.text(j));
        open.then_some((end, DateKind::DayOfMonth { day }))
    }

    /// A count for "N units ago": numeral, number words, or "a"/"an".
    fn ago_count(&self, tk: &Tokens, i: usize) -> Option<(u32, usize)> {
        if self.numbers.articles.contains(tk.text(i)) {
            return Some((1, i + 1));
        }
        if tk.kind(i) == Some(Kind::Num) {
            let n: u32 = tk.text(i).parse().ok()?;
            return Some((n, i + 1));
        }
        let &n = self.numbers.words.get(tk.text(i))?;
        Some((u32::try_from(n).ok()?, i + 1))
    }

    /// The core expression at token `i`: its end and kind, and whether it
    /// wants a prefix ("in" for a bare month or year). `flags` are token `i`'s
    /// date flags of [`Lexicons::starts`]: lookups they rule out are not made.
    fn core_at(&self, tk: &Tokens, i: usize, flags: u8) -> Option<(usize, DateKind)> {
        let dl = &self.dates;
        let text = &tk.folded.text;
        // ISO 2024-04-02
        if tk.kind(i) == Some(Kind::Num)
            && tk.text(i).len() == 4
            && tk.is(i + 1, "-")
            && tk.is(i + 3, "-")
            && (0..4).all(|k| tk.touch(i + k))
        {
            let (y, m, d) = (
                tk.text(i).parse::<i32>().ok(),
                tk.text(i + 2).parse::<u32>().ok(),
                tk.text(i + 4).parse::<u32>().ok(),
            );
            if let (Some(y), Some(m), Some(d)) = (y, m, d) {
                if let Some(date) = ymd(y, m, d) {
                    return Some((i + 5, DateKind::Full { date }));
                }
            }
            return None;
        }
        // weekday, optionally followed by a month-day or a part of day
        if let Some(w) = (flags & DATE_WEEKDAY != 0)
            .then(|| self.weekday_at(tk, i))
            .flatten()
        {
            let mut j = i + 1;
            // "Monday's"
            let poss = tk.is(j, "'") && tk.is(j + 1, "s");
            if poss {
                j += 2;
            }
            let k = if tk.is(j, ",") || tk.is(j, "(") {
                j + 1
            } else {
                j
            };
            if let Some((end, kind)) = self.month_first(tk, k).or_else(|| self.day_first(tk, k)) {
                let kind = match kind {
                    DateKind::MonthDay { month, day, .. } => DateKind::MonthDay {
                        month,
                        day,
                        weekday: Some(w),
                    },
                    other => other,
                };
                let end = if tk.is(j, "(") && tk.is(end, ")") {
                    end + 1
                } else {
                    end
                };
                return Some((end, kind));
            }
            let mut end = i + 1;
            if !poss {
                if let Some((_, n)) = dl.parts.match_at(text, tk.toks, end) {
                    end += n;
                }
            }
            return Some((end, DateKind::Weekday { weekday: w }));
        }
        let month_first = (flags & DATE_MONTH != 0)
            .then(|| self.month_first(tk, i))
            .flatten();
        // (A day-first date starts with a day number: not tried on a word.)
        let numeral = matches!(tk.kind(i), Some(Kind::Num | Kind::Glued));
        if let Some(r) = month_first.or_else(|| numeral.then(|| self.day_first(tk, i)).flatten()) {
            return Some(r);
        }
        if let Some(r) = self.day_of_month(tk, i) {
            return Some(r);
        }
        // relative phrases
        if flags & DATE_RELATIVE != 0 {
            if let Some((&(unit, offset), n)) = dl.relative.match_at(text, tk.toks, i) {
                return Some((i + n, DateKind::Relative { unit, offset }));
            }
        }
        // named days: "on Christmas Day", "Palm Sunday"
        if flags & DATE_HOLIDAY != 0 {
            if let Some((&h, n)) = dl.holidays.match_at(text, tk.toks, i) {
                // (A year right before the named day gives its year: "the 2019
                // Easter Sunday bombings", "the 2016 Christmas Day attack".)
                let year = i
                    .checked_sub(1)
                    .map(|p| tk.text(p))
                    .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|w| w.parse::<i32>().ok());
                let dated = year.and_then(|y| match h {
                    Holiday::Fixed { month, day } => ymd(y, month, day),
                    Holiday::Easter { offset } => add_days(easter_sunday(y)?, i64::from(offset)),
                });
                let kind = match (dated, h) {
                    (Some(date), _) => DateKind::Full { date },
                    (None, Holiday::Fixed { month, day }) => DateKind::MonthDay {
                        month,
                        day,
                        weekday: None,
                    },
                    (None, Holiday::Easter { offset }) => DateKind::Easter { offset },
                };
                return Some((i + n, kind));
            }
        }
        // N units ago
        let ago = flags & DATE_AGO != 0 || tk.kind(i) == Some(Kind::Num);
        if let Some((count, j)) = ago.then(|| self.ago_count(tk, i)).flatten() {
            if let Some(&unit) = dl.ago_units.get(tk.text(j)) {
                if dl.ago.contains(tk.text(j + 1)) {
                    return Some((j + 2, DateKind::Ago { unit, count }));
                }
            }
        }
        None
    }

    /// A date expression starting at (or with a prefix just before) token `i`,
    /// whose date flags of [`Lexicons::starts`] are `flags`.
    fn date_at(
        &self,
        tk: &Tokens,
        i: usize,
        floor: usize,
        flags: u8,
    ) -> Option<(usize, usize, DateKind)> {
        let dl = &self.dates;
        let text = &tk.folded.text;
        // prefix-introduced month and year: "in January", "last January", "in 2019"
        let month_prefix = (flags & DATE_MONTH_PREFIX != 0)
            .then(|| dl.month_prefixes.match_at(text, tk.toks, i))
            .flatten();
        if let Some((&last, n)) = month_prefix {
            if let Some((m, abbr)) = self.month_at(tk, i + n) {
                let mut j = i + n + 1;
                if abbr && tk.is(j, ".") {
                    j += 1;
                }
                // not "in April 2" (a month-day, found from the month itself)
                if self.day_at(tk, j).is_none() {
                    let year = self.year_at(tk, j).filter(|_| !tk.is(j, ","));
                    if let Some((y, k)) = year {
                        return Some((
                            i,
                            k,
                            DateKind::Month {
                                month: m,
                                year: Some(y),
                                last: false,
                            },
                        ));
                    }
                    if !abbr {
                        return Some((
                            i,
                            j,
                            DateKind::Month {
                                month: m,
                                year: None,
                                last,
                            },
                        ));
                    }
                }
            }
        }
        let year_prefix = (flags & DATE_YEAR_PREFIX != 0)
            .then(|| dl.year_prefixes.match_at(text, tk.toks, i))
            .flatten();
        if let Some((_, n)) = year_prefix {
            if let Some((y, k)) = self.year_at(tk, i + n) {
                if !tk.is(i + n, ",") && self.numbers.units.match_at(text, tk.toks, k).is_none() {
                    return Some((i, k, DateKind::Year { year: y }));
                }
            }
        }
        // "January 2023" without a prefix
        if let Some((m, _)) = (flags & DATE_MONTH != 0)
            .then(|| self.month_at(tk, i))
            .flatten()
        {
            let j = if tk.is(i + 1, ".") { i + 2 } else { i + 1 };
            if let Some((y, k)) = self.year_at(tk, j).filter(|_| !tk.is(j, ",")) {
                return Some((
                    i,
                    k,
                    DateKind::Month {
                        month: m,
                        year: Some(y),
                        last: false,
                    },
                ));
            }
        }
        let (end, kind) = self.core_at(tk, i, flags)?;
        // a prefix kept in the span: "on", "late on", "early"
        let mut start = i;
        if matches!(
            kind,
            DateKind::Weekday { .. }
                | DateKind::MonthDay { .. }
                | DateKind::Full { .. }
                | DateKind::DayRange { .. }
        ) {
            if let Some((_, n)) = dl.prefixes.match_before(text, tk.toks, i) {
                if i - n >= floor {
                    start = i - n;
                }
            }
        }
        Some((start, end, kind))
    }

    /// The reference date of a report; see the module docs.
    pub fn infer_reference_date(
        &self,
        text: &str,
        exprs: &[DateExpr],
        published: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<Inferred> {
        if let Some(p) = published {
            return Some(Inferred {
                date: p,
                why: "publication date".to_string(),
            });
        }
        // (a) the latest full date printed in the text
        let full = exprs
            .iter()
            .filter_map(|e| match e.kind {
                DateKind::Full { date } if date <= today => Some((date, e)),
                _ => None,
            })
            .max_by_key(|(d, _)| *d);
        if let Some((date, e)) = full {
            return Some(Inferred {
                date,
                why: format!("latest full date in the text (\"{}\")", e.text),
            });
        }
        // (b) and (c) both need a month-day: without one, nothing is inferred
        // and the text need not be searched for evidence.
        if !exprs
            .iter()
            .any(|e| matches!(e.kind, DateKind::MonthDay { .. }))
        {
            return None;
        }
        let evidence = self.evidence_in(text);
        let fits = |d: NaiveDate| {
            evidence.iter().all(|(_, nb, na)| {
                !matches!(nb, Some(b) if d < *b) && !matches!(na, Some(a) if d > *a)
            })
        };
        let ev_desc = || {
            evidence
                .iter()
                .map(|(p, nb, na)| match (nb, na) {
                    (Some(b), Some(a)) => format!("\"{p}\" ({b} to {a})"),
                    (Some(b), None) => format!("\"{p}\" (on or after {b})"),
                    (None, Some(a)) => format!("\"{p}\" (on or before {a})"),
                    (None, None) => format!("\"{p}\""),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        // (b) a weekday printed with a month-day: the years where they coincide
        for e in exprs {
            let DateKind::MonthDay {
                month,
                day,
                weekday: Some(w),
            } = e.kind
            else {
                continue;
            };
            let cands: Vec<NaiveDate> = (1990..=today.year())
                .filter_map(|y| ymd(y, month, day))
                .filter(|d| d.weekday() == w && *d <= today)
                .collect();
            if cands.is_empty() {
                continue;
            }
            let years = cands
                .iter()
                .map(|d| d.year().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let narrowed: Vec<NaiveDate> = cands.iter().copied().filter(|d| fits(*d)).collect();
            let mut why = format!(
                "\"{}\": {} {} falls on a {} in {}",
                e.text,
                month_name(month),
                day,
                weekday_name(w),
                years
            );
            let pool = if evidence.is_empty() {
                cands
            } else if narrowed.is_empty() {
                why.push_str(&format!(
                    "; era evidence {} fits none of them and was ignored",
                    ev_desc()
                ));
                cands
            } else {
                why.push_str(&format!("; era evidence {} leaves {}", ev_desc(), {
                    narrowed
                        .iter()
                        .map(|d| d.year().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }));
                narrowed
            };
            // Several years fit and nothing in the text narrows them: no year is
            // guessed (the weekday and month-day stay on the date, unanchored).
            let [date] = pool[..] else {
                continue;
            };
            return Some(Inferred { date, why });
        }
        // (c) a month-day and evidence that fixes the year
        let year = evidence.iter().find_map(|(_, nb, na)| match (nb, na) {
            (Some(b), Some(a)) if b.year() == a.year() => Some(b.year()),
            _ => None,
        });
        if let Some(y) = year {
            for e in exprs {
                if let DateKind::MonthDay { month, day, .. } = e.kind {
                    if let Some(d) = ymd(y, month, day).filter(|d| *d <= today && fits(*d)) {
                        return Some(Inferred {
                            date: d,
                            why: format!("\"{}\" with era evidence {}", e.text, ev_desc()),
                        });
                    }
                }
            }
        }
        None
    }

    /// Evidence phrases present in `text`: (phrase, not_before, not_after).
    fn evidence_in(&self, text: &str) -> Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> {
        let f = crate::fold::fold_str(text);
        let b = f.as_bytes();
        let mut found = vec![false; self.evidence.len()];
        if let Some(ac) = &self.evidence_ac {
            for m in ac.find_overlapping_iter(&f) {
                let (s, e) = (m.start(), m.end());
                let before = s == 0 || !b.get(s - 1).is_some_and(|c| crate::is_word_byte(*c));
                let after = !b.get(e).is_some_and(|c| crate::is_word_byte(*c));
                if before && after && s < e {
                    if let Some(slot) = found.get_mut(m.pattern().as_usize()) {
                        *slot = true;
                    }
                }
            }
        }
        self.evidence
            .iter()
            .zip(found)
            .filter(|(_, f)| *f)
            .map(|(e, _)| (e.phrase.clone(), e.not_before, e.not_after))
            .collect()
    }
}

fn month_name(m: u32) -> &'static str {
    const N: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    N.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?")
}

#[cfg(test)]
mod tests {
    #[test]
    fn publication_dates_from_feeds() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        assert_eq!(parse_published("2024-03-05"), d);
        assert_eq!(parse_published(" 2024-03-05T10:00:00Z "), d);
        assert_eq!(parse_published("2024-03-05 10:00:00"), d);
        assert_eq!(parse_published("05/03/2024"), None);
    }

    #[test]
    fn an_iso_day_is_read_as_chrono_reads_it() {
        let chrono = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        for y in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let s = format!("{y}-{m:02}-{d:02}");
                    assert_eq!(iso_day(&s), Some(chrono(&s)), "{s}");
                }
            }
        }
        // Other shapes are chrono's to read.
        for s in [
            "2024-3-05",
            "2024/03/05",
            "+2024-03-0",
            "2024-03-5 ",
            "２024-03-05",
        ] {
            assert_eq!(iso_day(s), None, "{s}");
        }
        assert_eq!(parse_published("2024-02-30"), None);
        assert_eq!(parse_published(""), None);
        assert_eq!(parse_published("2024-03-0é"), None);
    }

    use super::*;

    fn find_dates(text: &str) -> Vec<DateExpr> {
        super::find_dates(text).unwrap()
    }

    fn infer_reference_date(
        text: &str,
        exprs: &[DateExpr],
        published: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<Inferred> {
        super::infer_reference_date(text, exprs, published, today).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn found(t: &str) -> Vec<String> {
        find_dates(t).into_iter().map(|e| e.text).collect()
    }

    #[test]
    fn finds_common_forms() {
        assert_eq!(
            found("It happened on Wednesday, April 3, near the border."),
            vec!["on Wednesday, April 3"]
        );
        assert_eq!(
            found("Gunmen struck late on Friday."),
            vec!["late on Friday"]
        );
        assert_eq!(
            found("Clashes broke out Thursday night."),
            vec!["Thursday night"]
        );
        assert_eq!(
            found("They met in January and again last month."),
            vec!["in January", "last month"]
        );
        assert_eq!(found("Founded in 2019, the group"), vec!["in 2019"]);
        assert_eq!(
            found("On 2024-04-02 and Aug. 15"),
            vec!["On 2024-04-02", "Aug. 15"]
        );
        assert_eq!(found("She may march in May 2023."), vec!["in May 2023"]);
        assert_eq!(found("two days ago"), vec!["two days ago"]);
        assert!(
            found("It was in\n\n2014 that").is_empty(),
            "never across a line break"
        );
    }

    #[test]
    fn easter_sundays() {
        for (y, day) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(y), Some(d(day)), "{y}");
        }
    }

    #[test]
    fn resolves_with_anchor() {
        let a = Some(d("2024-04-05")); // a Friday
        let e = &find_dates("on Thursday")[0];
        assert_eq!(resolve(e, a).start, Some(d("2024-04-04")));
        let e = &find_dates("on Friday")[0];
        assert_eq!(
            resolve(e, a).start,
            Some(d("2024-04-05")),
            "same day counts"
        );
        let e = &find_dates("last month")[0];
        let r = resolve(e, a);
        assert_eq!(
            (r.start, r.end),
            (Some(d("2024-03-01")), Some(d("2024-03-31")))
        );
        assert_eq!(r.precision, DatePrecision::Month);
        let e = &find_dates("in May")[0];
        assert_eq!(resolve(e, a).start, Some(d("2023-05-01")));
        let e = &find_dates("last week")[0];
        let r = resolve(e, a);
        assert_eq!(
            (r.start, r.end),
            (Some(d("2024-03-25")), Some(d("2024-03-31")))
        );
    }

    #[test]
    fn unanchored_keeps_what_it_can() {
        let e = &find_dates("on Thursday")[0];
        let r = resolve(e, None);
        assert_eq!(r.precision, DatePrecision::Unknown);
        assert_eq!(r.weekday.as_deref(), Some("Thursday"));
        assert!(r.note.is_some());
        let e = &find_dates("on Aug. 15")[0];
        assert_eq!(resolve(e, None).month_day.as_deref(), Some("08-15"));
    }

    #[test]
    fn infers_year_from_weekday_and_evidence() {
        let t = "Taliban authorities said a grenade hit a shop on Wednesday, March 6.";
        let ex = find_dates(t);
        let inf = infer_reference_date(t, &ex, None, d("2025-06-01")).unwrap();
        assert_eq!(inf.date, d("2024-03-06"));
        assert!(inf.why.contains("2019"), "{}", inf.why);
        // without evidence several years fit (2019, 2024): no year is guessed
        let t = "A blast hit a house on Tuesday, April 2.";
        let ex = find_dates(t);
        assert!(infer_reference_date(t, &ex, None, d("2025-06-01")).is_none());
        // ... nor when today cuts the window but still leaves several (1991..2019)
        assert!(infer_reference_date(t, &ex, None, d("2024-03-01")).is_none());
        // a window of one candidate year: that year stands
        let inf = infer_reference_date(t, &ex, None, d("1996-01-01")).unwrap();
        assert_eq!(inf.date, d("1991-04-02"));
        // publication date wins; nothing to go on gives None
        let p = infer_reference_date(t, &ex, Some(d("2020-01-01")), d("2025-01-01")).unwrap();
        assert_eq!(p.date, d("2020-01-01"));
        assert!(
            infer_reference_date("on Monday", &find_dates("on Monday"), None, d("2025-01-01"))
                .is_none()
        );
    }
}
